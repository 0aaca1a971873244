"""Carried-forward values: a yearly value equal to the year before (network/carried.py)."""

from __future__ import annotations

from missionlens.network.carried import carried_flags
from tests.network.builders import institution_rows, institutions


def test_a_value_equal_to_the_year_before_is_flagged() -> None:
    assert carried_flags([(2010, 0.6), (2011, 0.6), (2012, 0.55), (2013, 0.55)]) == [False, True, False, True]


def test_a_value_after_a_gap_or_a_blank_is_not_flagged() -> None:
    assert carried_flags([(2010, 0.6), (2012, 0.6), (2013, None), (2014, 0.6)]) == [False, False, False, False]


def test_depth_inherits_the_flag_of_a_carried_loan_balance_even_when_income_moves() -> None:
    rows = institution_rows("A", [2010, 2011, 2012], balance=[300, 300, 320])
    rows[1]["income_per_capita"] = 1100.0
    [institution] = institutions(rows)
    assert [p.carried for p in institution.values("depth")] == [False, True, False]
    assert [round(p.value, 4) for p in institution.values("depth")] == [0.3, round(300 / 1100, 4), 0.32]
