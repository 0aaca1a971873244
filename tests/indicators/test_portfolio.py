from __future__ import annotations

from pathlib import Path

from tests.indicators.builders import D, make_borrower, make_installment, make_loan, open_dataset, series, values


def _one_loan(tmp_path: Path, *installments: tuple[object, ...], **loan: object) -> dict[str, float | None]:
    row = make_loan("L", disbursed=D(2024, 1, 10), **loan)  # type: ignore[arg-type]
    rows = [make_installment("L", *i) for i in installments]  # type: ignore[arg-type]
    return values(open_dataset(tmp_path, loans=[row], installments=rows), "portfolio_outstanding")


def test_portfolio_counts_installments_unpaid_at_the_month_end(tmp_path: Path) -> None:
    got = _one_loan(tmp_path, (D(2024, 2, 10), 100.0, D(2024, 2, 10)), (D(2024, 3, 10), 100.0, D(2024, 4, 2)))
    assert got == {"2024-01": 200.0, "2024-02": 100.0, "2024-03": 100.0, "2024-04": 0.0}


def test_an_installment_paid_after_the_month_end_is_still_outstanding_at_it(tmp_path: Path) -> None:
    got = _one_loan(tmp_path, (D(2024, 1, 20), 100.0, D(2024, 2, 1)))
    assert got == {"2024-01": 100.0, "2024-02": 0.0}


def test_a_loan_closed_mid_month_is_out_of_that_month_end_portfolio(tmp_path: Path) -> None:
    got = _one_loan(tmp_path, (D(2024, 2, 10), 100.0, D(2024, 2, 12)), (D(2024, 3, 10), 100.0),
                    status="written_off", closed_date=D(2024, 2, 15))
    assert got == {"2024-01": 200.0, "2024-02": 0.0}


def _par(tmp_path: Path, due: object, key: str = "par30") -> float | None:
    loans = [make_loan("late", disbursed=D(2024, 1, 1)), make_loan("fine", disbursed=D(2024, 1, 1))]
    rows = [make_installment("late", due, 100.0), make_installment("late", D(2024, 9, 1), 100.0),
            make_installment("fine", D(2024, 9, 1), 200.0), make_installment("gone", D(2024, 4, 1), 0.0, D(2024, 4, 1))]
    loans.append(make_loan("gone", disbursed=D(2024, 1, 1), status="repaid", closed_date=D(2024, 4, 1)))
    return values(open_dataset(tmp_path, loans=loans, installments=rows), key)["2024-03"]


def test_par30_ignores_an_installment_due_exactly_30_days_before_the_month_end(tmp_path: Path) -> None:
    assert _par(tmp_path, D(2024, 3, 1)) == 0.0  # d = 2024-03-31, d - 30 = 2024-03-01


def test_par30_counts_the_whole_outstanding_of_a_loan_31_days_late(tmp_path: Path) -> None:
    assert _par(tmp_path, D(2024, 2, 29)) == 0.5  # d - 31: 200 of the 400 outstanding


def test_par90_needs_more_than_90_days_late(tmp_path: Path) -> None:
    assert _par(tmp_path, D(2024, 1, 1), "par90") == 0.0  # d - 90 = 2024-01-01: not before it


def test_par30_is_null_without_outstanding_portfolio(tmp_path: Path) -> None:
    loans = [make_loan("L", disbursed=D(2024, 1, 1), status="repaid", closed_date=D(2024, 1, 20))]
    rows = [make_installment("L", D(2024, 1, 15), 100.0, D(2024, 1, 15))]
    tables = open_dataset(tmp_path, loans=loans, installments=rows)
    assert values(tables, "par30") == {"2024-01": None}


def test_quarter_portfolio_is_read_at_the_quarter_end(tmp_path: Path) -> None:
    got = series(open_dataset(tmp_path, loans=[make_loan("L", disbursed=D(2024, 1, 10))], installments=[
        make_installment("L", D(2024, 2, 10), 100.0, D(2024, 2, 10)), make_installment("L", D(2024, 5, 10), 50.0)]),
        "portfolio_outstanding", grain="quarter")[0].points
    assert [(p.period, p.value) for p in got] == [("2024-Q1", 50.0)]


def test_active_borrowers_counts_a_borrower_with_two_loans_once(tmp_path: Path) -> None:
    loans = [make_loan(borrower_id="a", disbursed=D(2024, 1, 1)), make_loan(borrower_id="a", disbursed=D(2024, 1, 2),
                                                                             closed_date=D(2024, 2, 5), status="repaid"),
             make_loan(borrower_id="b", disbursed=D(2024, 2, 1), closed_date=D(2024, 2, 20), status="repaid")]
    assert values(open_dataset(tmp_path, loans=loans), "active_borrowers") == {"2024-01": 1, "2024-02": 1}


def test_write_off_rate_divides_lost_principal_by_last_month_portfolio(tmp_path: Path) -> None:
    loans = [make_loan("w", disbursed=D(2024, 1, 1), status="written_off", closed_date=D(2024, 2, 10)),
             make_loan("k", disbursed=D(2024, 1, 1))]
    rows = [make_installment("w", D(2024, 1, 20), 100.0, D(2024, 1, 20)), make_installment("w", D(2024, 2, 1), 100.0),
            make_installment("w", D(2024, 3, 1), 100.0, D(2024, 3, 5)), make_installment("k", D(2024, 6, 1), 200.0)]
    # At 2024-01-31: 200 (w) + 200 (k). Lost on 2024-02-10: the February installment and the March one,
    # paid after the write-off.
    got = values(open_dataset(tmp_path, loans=loans, installments=rows), "write_off_rate")
    assert got["2024-02"] == 0.5


def test_restructured_share_reads_the_current_status_of_the_cohort(tmp_path: Path) -> None:
    loans = [make_loan(status="restructured"), make_loan(), make_loan(), make_loan(status="written_off")]
    assert values(open_dataset(tmp_path, loans=loans), "restructured_share") == {"2024-01": 0.25}


def test_portfolio_by_gender_splits_the_stock(tmp_path: Path) -> None:
    loans = [make_loan("f", borrower_id="a"), make_loan("m", borrower_id="b")]
    rows = [make_installment("f", D(2024, 5, 1), 100.0), make_installment("m", D(2024, 5, 1), 30.0)]
    borrowers = [make_borrower("a", gender="F"), make_borrower("b", gender="M")]
    got = series(open_dataset(tmp_path, loans=loans, installments=rows, borrowers=borrowers), "portfolio_outstanding",
                 by="gender")
    assert {s.group: s.points[0].value for s in got} == {"F": 100.0, "M": 30.0}


def _inflow(tmp_path: Path, *late: tuple[object, ...], grain: str = "month") -> dict[str, float | None]:
    """Three loans that keep up, and loan "x" with the given installments (due, principal, paid)."""
    loans = [make_loan(k, disbursed=D(2024, 1, 1)) for k in ("a", "b", "c", "x")]
    rows = [make_installment(k, D(2024, 12, 1), 100.0) for k in ("a", "b", "c")]
    rows += [make_installment("x", *i) for i in late]  # type: ignore[arg-type]
    rows.append(make_installment("x", D(2024, 12, 1), 100.0))
    # The data end at the latest payment (spec): one on time in September.
    rows.append(make_installment("a", D(2024, 9, 30), 10.0, D(2024, 9, 30)))
    return values(open_dataset(tmp_path, loans=loans, installments=rows), "arrears_inflow30", grain=grain)


def test_arrears_inflow30_counts_a_loan_in_the_month_it_becomes_31_days_late(tmp_path: Path) -> None:
    got = _inflow(tmp_path, (D(2024, 2, 10), 100.0))
    # Late at 2024-03-31 (due before 03-01), not at 02-29; the first month has no previous reading date.
    assert [got["2024-01"], got["2024-02"], got["2024-03"], got["2024-04"]] == [None, 0.0, 0.25, 0.0]


def test_arrears_inflow30_counts_a_loan_again_when_it_falls_behind_after_catching_up(tmp_path: Path) -> None:
    got = _inflow(tmp_path, (D(2024, 2, 10), 100.0, D(2024, 4, 15)), (D(2024, 5, 10), 100.0))
    # Late at March's end, caught up by April's, late again at June's end (due before 05-31):
    # June divides by the four loans performing at May's end.
    assert [got["2024-03"], got["2024-04"], got["2024-05"], got["2024-06"]] == [0.25, 0.0, 0.0, 0.25]


def test_arrears_inflow30_counts_one_entry_for_lateness_that_passes_from_one_installment_to_the_next(
    tmp_path: Path,
) -> None:
    got = _inflow(tmp_path, (D(2024, 2, 10), 100.0, D(2024, 4, 20)), (D(2024, 3, 10), 100.0))
    # Late at March's end for the first installment, at April's end for the second: one stretch.
    assert [got["2024-03"], got["2024-04"], got["2024-05"]] == [0.25, 0.0, 0.0]


def test_arrears_inflow30_per_quarter_divides_by_the_loans_performing_at_the_previous_quarter_end(
    tmp_path: Path,
) -> None:
    got = _inflow(tmp_path, (D(2024, 5, 10), 100.0), grain="quarter")
    assert [got["2024-Q1"], got["2024-Q2"], got["2024-Q3"]] == [None, 0.25, 0.0]
