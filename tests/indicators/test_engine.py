from __future__ import annotations

from pathlib import Path

import pytest

from missionlens.indicators import MIN_N, compute, compute_monthly
from tests.indicators.builders import D, make_borrower, make_loan, open_dataset, series


def test_an_indicator_whose_table_is_absent_is_no_data_never_zero(tmp_path: Path) -> None:
    got = series(open_dataset(tmp_path, loans=[make_loan()]), "accompaniment_minutes")[0]
    assert (got.status, [p.value for p in got.points], [p.n for p in got.points]) == ("no_data", [None], [None])


def test_every_month_of_the_range_is_present(tmp_path: Path) -> None:
    loans = [make_loan(disbursed=D(2024, 1, 5)), make_loan(disbursed=D(2024, 4, 5))]
    got = series(open_dataset(tmp_path, loans=loans), "share_women")[0]
    assert [p.period for p in got.points] == ["2024-01", "2024-02", "2024-03", "2024-04"]


def test_a_share_below_min_n_is_flagged_too_few_but_kept(tmp_path: Path) -> None:
    few = open_dataset(tmp_path / "few", loans=[make_loan(borrower_id=f"b{i}") for i in range(MIN_N - 1)])
    enough = open_dataset(tmp_path / "enough", loans=[make_loan(borrower_id=f"b{i}") for i in range(MIN_N)])
    assert series(few, "share_women")[0].points[0].too_few
    assert series(few, "share_women")[0].points[0].value == 1.0
    assert not series(enough, "share_women")[0].points[0].too_few


def test_counts_are_never_flagged_too_few(tmp_path: Path) -> None:
    assert not series(open_dataset(tmp_path, loans=[make_loan()]), "loans_disbursed")[0].points[0].too_few


def test_a_dimension_that_makes_no_sense_is_reported_not_disaggregable(tmp_path: Path) -> None:
    got = series(open_dataset(tmp_path, loans=[make_loan()]), "share_women", by="gender")
    assert [(s.status, s.group, s.points) for s in got] == [("not_disaggregable", "gender", ())]


def test_disaggregation_gives_one_series_per_group(tmp_path: Path) -> None:
    loans = [make_loan(product="business"), make_loan(product="honour"), make_loan(product="honour")]
    got = series(open_dataset(tmp_path, loans=loans), "loans_disbursed", by="product")
    assert {s.group: s.points[0].value for s in got} == {"business": 1, "honour": 2}


def test_a_missing_attribute_is_the_unknown_group(tmp_path: Path) -> None:
    borrowers = [make_borrower("a", minimum_benefits=None), make_borrower("b", minimum_benefits=True)]
    loans = [make_loan(borrower_id="a"), make_loan(borrower_id="b")]
    got = series(open_dataset(tmp_path, loans=loans, borrowers=borrowers), "loans_disbursed", by="minimum_benefits")
    assert {s.group: s.points[0].value for s in got} == {"unknown": 1, "true": 1}


def test_zone_without_the_branches_table_is_not_disaggregable(tmp_path: Path) -> None:
    got = series(open_dataset(tmp_path, loans=[make_loan()]), "loans_disbursed", by="zone")
    assert got[0].status == "not_disaggregable"


def test_compute_monthly_gives_one_series_per_registered_indicator(tmp_path: Path) -> None:
    got = compute_monthly(open_dataset(tmp_path, loans=[make_loan()]))
    assert len(got) == 38
    assert got["loans_disbursed"].points[0].value == 1


def test_an_unknown_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyError, match="unknown indicator"):
        compute(open_dataset(tmp_path, loans=[make_loan()]), ["loans_lent"])


def test_a_year_is_computed_on_the_year_not_from_months(tmp_path: Path) -> None:
    loans = [make_loan(borrower_id="a", disbursed=D(2024, 1, 5)), make_loan(borrower_id="a", disbursed=D(2024, 6, 5))]
    got = series(open_dataset(tmp_path, loans=loans), "share_women", grain="year")[0].points
    assert [(p.period, p.value, p.n) for p in got] == [("2024", 1.0, 1)]
