from __future__ import annotations

from pathlib import Path

from tests.indicators.builders import D, make_borrower, make_loan, make_session, open_dataset, series, values


def test_share_women_excludes_unknown_gender_from_the_denominator(tmp_path: Path) -> None:
    borrowers = [make_borrower("a", gender="F"), make_borrower("b", gender="M"), make_borrower("c", gender="unknown")]
    loans = [make_loan(borrower_id=b) for b in "abc"]
    point = series(open_dataset(tmp_path, loans=loans, borrowers=borrowers), "share_women")[0].points[0]
    assert (point.value, point.n) == (0.5, 2)


def test_share_women_counts_a_borrower_served_twice_in_a_month_once(tmp_path: Path) -> None:
    borrowers = [make_borrower("a", gender="F"), make_borrower("b", gender="M")]
    loans = [make_loan(borrower_id="a"), make_loan(borrower_id="a", disbursed=D(2024, 1, 20)), make_loan(borrower_id="b")]
    point = series(open_dataset(tmp_path, loans=loans, borrowers=borrowers), "share_women")[0].points[0]
    assert (point.value, point.n) == (0.5, 2)


def test_served_in_a_quarter_counts_each_borrower_once(tmp_path: Path) -> None:
    borrowers = [make_borrower("a", gender="F"), make_borrower("b", gender="M")]
    loans = [make_loan(borrower_id="a", disbursed=D(2024, 1, 5)), make_loan(borrower_id="a", disbursed=D(2024, 3, 5)),
             make_loan(borrower_id="b", disbursed=D(2024, 2, 5))]
    point = series(open_dataset(tmp_path, loans=loans, borrowers=borrowers), "share_women", grain="quarter")[0].points[0]
    assert (point.period, point.value, point.n) == ("2024-Q1", 0.5, 2)


def test_share_unbanked_counts_banked_false_among_banked_known(tmp_path: Path) -> None:
    borrowers = [make_borrower("a", banked=False), make_borrower("b", banked=True), make_borrower("c", banked=None)]
    loans = [make_loan(borrower_id=b) for b in "abc"]
    point = series(open_dataset(tmp_path, loans=loans, borrowers=borrowers), "share_unbanked")[0].points[0]
    assert (point.value, point.n) == (0.5, 2)


def test_share_minimum_benefits_carries_a_wilson_interval(tmp_path: Path) -> None:
    borrowers = [make_borrower("a", minimum_benefits=True), make_borrower("b", minimum_benefits=False)]
    loans = [make_loan(borrower_id=b) for b in "ab"]
    point = series(open_dataset(tmp_path, loans=loans, borrowers=borrowers), "share_minimum_benefits")[0].points[0]
    assert point.low is not None and point.high is not None
    assert point.low < 0.5 < point.high


def test_new_borrowers_counts_a_repeat_borrower_only_at_the_first_loan(tmp_path: Path) -> None:
    loans = [make_loan(borrower_id="a", disbursed=D(2024, 1, 5)), make_loan(borrower_id="a", disbursed=D(2024, 2, 5))]
    assert values(open_dataset(tmp_path, loans=loans), "new_borrowers") == {"2024-01": 1, "2024-02": 0}


def test_repeat_borrower_share_needs_a_strictly_earlier_disbursement(tmp_path: Path) -> None:
    loans = [make_loan(borrower_id="a", disbursed=D(2024, 1, 5)), make_loan(borrower_id="a", disbursed=D(2024, 1, 5)),
             make_loan(borrower_id="a", disbursed=D(2024, 1, 9)), make_loan(borrower_id="b", disbursed=D(2024, 1, 9))]
    assert values(open_dataset(tmp_path, loans=loans), "repeat_borrower_share") == {"2024-01": 0.25}


def test_loan_to_income_skips_borrowers_without_income(tmp_path: Path) -> None:
    borrowers = [make_borrower("a", monthly_household_income=1000.0), make_borrower("b", monthly_household_income=0.0)]
    loans = [make_loan(borrower_id="a", amount=6000.0), make_loan(borrower_id="b", amount=100.0)]
    point = series(open_dataset(tmp_path, loans=loans, borrowers=borrowers), "loan_to_income")[0].points[0]
    assert (point.value, point.n) == (0.5, 1)


def test_declined_minimum_benefits_share_is_dated_by_the_decision(tmp_path: Path) -> None:
    borrowers = [make_borrower("a", minimum_benefits=True), make_borrower("b", minimum_benefits=None)]
    loans = [make_loan(borrower_id=b, disbursed=None, decision="declined", decision_date=D(2024, 1, 3), status="declined")
             for b in "ab"] + [make_loan(borrower_id="a", disbursed=D(2024, 2, 1))]
    tables = open_dataset(tmp_path, loans=loans, borrowers=borrowers)
    assert values(tables, "declined_minimum_benefits_share") == {"2024-01": 1.0, "2024-02": None}


def test_people_met_per_loan_counts_people_with_a_diagnosis_once(tmp_path: Path) -> None:
    loans = [make_loan(borrower_id="a"), make_loan(borrower_id="b")]
    sessions = [make_session("a", D(2024, 1, 2)), make_session("a", D(2024, 1, 3)), make_session("c", D(2024, 1, 4)),
                make_session("b", D(2024, 1, 4), kind="training")]
    borrowers = [make_borrower(b) for b in "abc"]
    tables = open_dataset(tmp_path, loans=loans, sessions=sessions, borrowers=borrowers)
    assert values(tables, "people_met_per_loan") == {"2024-01": 1.0}
