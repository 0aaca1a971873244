from __future__ import annotations

import math

from missionlens.indicators.intervals import wilson


def test_wilson_matches_the_textbook_value_for_5_of_10() -> None:
    low, high = wilson([5], [10])
    assert (round(float(low[0]), 4), round(float(high[0]), 4)) == (0.2366, 0.7634)


def test_wilson_stays_inside_zero_and_one_at_the_edges() -> None:
    low, high = wilson([0, 20], [20, 20])
    assert low[0] == 0.0 and high[1] == 1.0
    assert 0 < high[0] < 0.2 and 0.8 < low[1] < 1


def test_wilson_is_undefined_without_units() -> None:
    low, high = wilson([0, float("nan")], [0, 5])
    assert all(math.isnan(x) for x in (*low, *high))
