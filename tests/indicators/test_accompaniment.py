from __future__ import annotations

from pathlib import Path

from tests.indicators.builders import D, make_installment, make_loan, make_session, open_dataset, series, values


def test_accompaniment_minutes_sums_minutes_by_session_month(tmp_path: Path) -> None:
    sessions = [make_session(date=D(2024, 1, 2), minutes=30), make_session(date=D(2024, 1, 30), minutes=15),
                make_session(date=D(2024, 3, 1), minutes=10)]
    tables = open_dataset(tmp_path, loans=[make_loan()], sessions=sessions)
    assert values(tables, "accompaniment_minutes") == {"2024-01": 45, "2024-02": 0, "2024-03": 10}


def test_minutes_per_new_loan_window_is_minus_90_to_0_days_inclusive(tmp_path: Path) -> None:
    day = D(2024, 4, 30)
    sessions = [
        make_session("a", D(2024, 1, 31), 1, "diagnosis"),  # 90 days before: in
        make_session("a", D(2024, 1, 30), 100, "diagnosis"),  # 91 days before: out
        make_session("a", day, 10, "pre_loan"),  # the day itself: in
        make_session("a", D(2024, 5, 1), 1000, "pre_loan"),  # after: out
        make_session("a", D(2024, 4, 1), 10000, "follow_up"),  # another kind: out
    ]
    tables = open_dataset(tmp_path, loans=[make_loan(borrower_id="a", disbursed=day)], sessions=sessions)
    assert values(tables, "minutes_per_new_loan")["2024-04"] == 11


def test_minutes_per_new_loan_counts_zero_for_a_loan_without_sessions(tmp_path: Path) -> None:
    loans = [make_loan(borrower_id="a", disbursed=D(2024, 1, 20)), make_loan(borrower_id="b", disbursed=D(2024, 1, 20))]
    tables = open_dataset(tmp_path, loans=loans, sessions=[make_session("a", D(2024, 1, 10), 60)])
    point = series(tables, "minutes_per_new_loan")[0].points[-1]
    assert (point.value, point.n) == (30.0, 2)


def test_followup_60d_counts_sessions_1_to_60_days_after_disbursement(tmp_path: Path) -> None:
    loans = [make_loan(borrower_id=b, disbursed=D(2024, 1, 1)) for b in "abc"]
    sessions = [make_session("a", D(2024, 1, 1), kind="follow_up"),  # same day: out
                make_session("b", D(2024, 3, 1), kind="follow_up"),  # 60 days: in
                make_session("c", D(2024, 3, 2), kind="follow_up"),  # 61 days: out
                make_session("c", D(2024, 12, 31), kind="training")]
    tables = open_dataset(tmp_path, loans=loans, sessions=sessions)
    assert values(tables, "followup_60d_rate")["2024-01"] == 1 / 3


def test_followup_60d_is_no_data_when_the_data_ends_within_60_days(tmp_path: Path) -> None:
    loans = [make_loan(disbursed=D(2024, 1, 10)), make_loan(disbursed=D(2024, 3, 10))]
    tables = open_dataset(tmp_path, loans=loans, installments=[make_installment(loans[0]["loan_id"], D(2024, 2, 1),
                                                                                10.0, paid=D(2024, 4, 29))],
                          sessions=[make_session(date=D(2024, 1, 2))])
    # data end 2024-04-29: January ends + 60 = 2024-03-31 (kept); February + 60 = 2024-04-29 (kept);
    # March + 60 = 2024-05-30 (no data).
    got = series(tables, "followup_60d_rate")[0].points
    assert [(p.period, p.value, p.n) for p in got] == [
        ("2024-01", 0.0, 1), ("2024-02", None, 0), ("2024-03", None, None), ("2024-04", None, None)]


def test_minutes_per_session_is_the_mean_session_length(tmp_path: Path) -> None:
    sessions = [make_session(minutes=30), make_session(minutes=60)]
    tables = open_dataset(tmp_path, loans=[make_loan()], sessions=sessions)
    assert values(tables, "minutes_per_session")["2024-01"] == 45


def test_crisis_sessions_counts_only_crisis_sessions(tmp_path: Path) -> None:
    sessions = [make_session(kind="crisis"), make_session(kind="crisis"), make_session(kind="phone")]
    tables = open_dataset(tmp_path, loans=[make_loan()], sessions=sessions)
    assert values(tables, "crisis_sessions")["2024-01"] == 2


def test_followup_minutes_per_borrower_divides_by_active_borrowers(tmp_path: Path) -> None:
    loans = [make_loan(borrower_id="a"), make_loan(borrower_id="b")]
    sessions = [make_session("a", minutes=40, kind="follow_up"), make_session("a", minutes=99, kind="training")]
    tables = open_dataset(tmp_path, loans=loans, sessions=sessions)
    assert values(tables, "followup_minutes_per_borrower")["2024-01"] == 20
