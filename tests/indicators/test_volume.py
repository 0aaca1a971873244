from __future__ import annotations

from pathlib import Path

from tests.indicators.builders import D, make_loan, open_dataset, series, values


def test_loans_disbursed_counts_loans_by_disbursement_month(tmp_path: Path) -> None:
    tables = open_dataset(tmp_path, loans=[make_loan(disbursed=D(2024, 1, 5)), make_loan(disbursed=D(2024, 1, 31)),
                                           make_loan(disbursed=D(2024, 3, 1))])
    assert values(tables, "loans_disbursed") == {"2024-01": 2, "2024-02": 0, "2024-03": 1}


def test_a_month_without_loans_has_zero_loans_and_no_average(tmp_path: Path) -> None:
    tables = open_dataset(tmp_path, loans=[make_loan(disbursed=D(2024, 1, 5)), make_loan(disbursed=D(2024, 3, 1))])
    assert values(tables, "loans_disbursed")["2024-02"] == 0
    assert values(tables, "amount_disbursed")["2024-02"] == 0
    assert values(tables, "avg_loan_amount")["2024-02"] is None


def test_avg_loan_amount_is_amount_over_loans_with_loans_as_n(tmp_path: Path) -> None:
    tables = open_dataset(tmp_path, loans=[make_loan(amount=1000.0), make_loan(amount=500.0)])
    point = series(tables, "avg_loan_amount")[0].points[0]
    assert (point.value, point.n, point.too_few) == (750.0, 2, True)


def test_approval_rate_ignores_pending_and_withdrawn_decisions(tmp_path: Path) -> None:
    day = D(2024, 1, 10)
    loans = [
        make_loan(disbursed=D(2024, 1, 20), decision_date=day),
        make_loan(disbursed=None, decision="declined", decision_date=day, status="declined"),
        make_loan(disbursed=None, decision="pending", decision_date=None, status="pending"),
        make_loan(disbursed=None, decision="withdrawn", decision_date=day, status="withdrawn"),
    ]
    point = series(open_dataset(tmp_path, loans=loans), "approval_rate")[0].points[0]
    assert (point.value, point.n) == (0.5, 2)


def test_approval_rate_is_dated_by_the_decision_not_the_disbursement(tmp_path: Path) -> None:
    loans = [make_loan(disbursed=D(2024, 2, 3), decision_date=D(2024, 1, 30))]
    assert values(open_dataset(tmp_path, loans=loans), "approval_rate") == {"2024-01": 1.0, "2024-02": None}
