from __future__ import annotations

from pathlib import Path

from tests.indicators.builders import D, make_borrower, make_loan, make_outcome, open_dataset, series, values


def _with_outcomes(tmp_path: Path, *outcomes: dict[str, object], banked: bool | None = True) -> object:
    loans = [make_loan(borrower_id="a", disbursed=D(2024, 1, 1)), make_loan(borrower_id="a", disbursed=D(2026, 6, 1))]
    return open_dataset(tmp_path, loans=loans, borrowers=[make_borrower("a", banked=banked)], outcomes=list(outcomes))


def test_business_active_12m_keeps_observations_274_to_456_days_after_the_first_loan(tmp_path: Path) -> None:
    tables = _with_outcomes(
        tmp_path,
        make_outcome("a", D(2024, 9, 30), business_active=False),  # 273 days: out
        make_outcome("a", D(2024, 10, 1), business_active=True),  # 274 days: in
        make_outcome("a", D(2025, 3, 31), business_active=True),  # 455 days: in
        make_outcome("a", D(2025, 4, 2), business_active=False),  # 457 days: out
    )
    got = values(tables, "business_active_12m", grain="year")  # type: ignore[arg-type]
    assert (got["2024"], got["2025"]) == (1.0, 1.0)


def test_business_active_24m_uses_the_first_disbursement_not_the_latest(tmp_path: Path) -> None:
    tables = _with_outcomes(tmp_path, make_outcome("a", D(2025, 10, 1), business_active=False))  # 639 days
    assert values(tables, "business_active_24m", grain="year")["2025"] == 0.0  # type: ignore[arg-type]


def test_employed_share_ignores_unknown_employment(tmp_path: Path) -> None:
    tables = _with_outcomes(tmp_path, make_outcome("a", D(2024, 6, 1), employed=True),
                            make_outcome("a", D(2024, 6, 2), employed=None))
    point = series(tables, "employed_share", grain="year")[0].points[0]  # type: ignore[arg-type]
    assert (point.value, point.n) == (1.0, 1)


def test_bank_inclusion_counts_only_borrowers_unbanked_at_entry(tmp_path: Path) -> None:
    banked = _with_outcomes(tmp_path / "a", make_outcome("a", D(2024, 6, 1), banked=True), banked=True)
    unbanked = _with_outcomes(tmp_path / "b", make_outcome("a", D(2024, 6, 1), banked=True), banked=False)
    assert values(banked, "bank_inclusion", grain="year")["2024"] is None  # type: ignore[arg-type]
    assert values(unbanked, "bank_inclusion", grain="year")["2024"] == 1.0  # type: ignore[arg-type]


def test_wellbeing_mean_averages_known_scores(tmp_path: Path) -> None:
    tables = _with_outcomes(tmp_path, make_outcome("a", D(2024, 6, 1), wellbeing=2),
                            make_outcome("a", D(2024, 6, 2), wellbeing=5), make_outcome("a", D(2024, 6, 3)))
    assert values(tables, "wellbeing_mean", grain="year")["2024"] == 3.5  # type: ignore[arg-type]


def test_outcome_indicators_are_no_data_without_the_outcomes_table(tmp_path: Path) -> None:
    tables = open_dataset(tmp_path, loans=[make_loan()])
    got = series(tables, "employed_share")[0]
    assert got.status == "no_data"
    assert [p.value for p in got.points] == [None]
