"""The evaluation's oracle (signals/oracle.py) on hand-built series: told where and which way to
look, it sees a change the data show, and only there."""

from __future__ import annotations

import numpy as np

from missionlens.signals.drift import scan_series
from missionlens.signals.oracle import visible
from missionlens.signals.series import period_index
from tests.signals.builders import months, share_series, step

T = 60
TOLERANCE = {"step": 3, "gradual": 6, "lagged": 6}
LAST = period_index(months(T)[-1], "month")


def _change(start: str, direction: str = "down", kind: str = "step", key: str = "share_women") -> dict[str, str]:
    return {"indicator": key, "direction": direction, "start": start, "kind": kind}


def test_windows_restrict_where_each_change_may_start() -> None:
    series = share_series("share_women", 0.45 + step(T, 30, -0.08), [300] * T, seed=1)
    at = period_index(months(T)[30], "month")
    inside = scan_series(series, windows=[(at - 3, at + 3)])
    assert len(inside.changes) == 1
    assert abs(inside.changes[0].start_index - at) <= 3
    away = scan_series(series, windows=[(at - 20, at - 14)])
    assert at - 20 <= away.changes[0].start_index <= at - 14


def test_the_oracle_sees_a_clear_step_in_its_direction_only() -> None:
    series = {"share_women": share_series("share_women", 0.45 + step(T, 30, -0.08), [300] * T, seed=2)}
    start = months(T)[30]
    seen = [visible(series, [change], TOLERANCE, last_index=LAST, first_index=None)[0]
            for change in (_change(start), _change(start, "up"))]
    assert seen == [True, False]


def test_a_steady_series_shows_nothing_where_the_oracle_looks() -> None:
    series = {"share_women": share_series("share_women", np.full(T, 0.45), [300] * T, seed=8)}
    seen = [visible(series, [_change(months(T)[at], way)], TOLERANCE, last_index=LAST, first_index=None)[0]
            for at in (12, 30, 48) for way in ("up", "down")]
    assert seen == [False] * 6


def test_a_change_within_the_noise_is_not_seen() -> None:
    # Half a point on shares of 60 people: about a tenth of the monthly noise.
    series = {"share_women": share_series("share_women", 0.45 + step(T, 30, -0.005), [60] * T, seed=3)}
    assert visible(series, [_change(months(T)[30])], TOLERANCE, last_index=LAST, first_index=None) == [False]


def test_a_correction_is_seen_once_the_push_before_it_is_in_the_null_model() -> None:
    level = 0.45 + step(T, 20, -0.10) + step(T, 42, 0.10)
    series = {"share_women": share_series("share_women", level, [250] * T, seed=4)}
    changes = [_change(months(T)[20]), _change(months(T)[42], "up")]
    assert visible(series, changes, TOLERANCE, last_index=LAST, first_index=None) == [True, True]


def test_an_indicator_without_series_is_not_judged() -> None:
    assert visible({}, [_change("2023-01")], TOLERANCE, last_index=LAST, first_index=None) == [None]


def test_a_stock_is_seen_through_its_inflow() -> None:
    rng = np.random.default_rng(5)
    periods = months(T)
    entry = 0.015 + step(T, 30, 0.006)
    healthy = np.full(T, 1900)
    # A stock that hardly moves in its own right: only the inflow carries the change.
    stock = 0.05 + rng.normal(0, 0.004, T)
    series = {
        "par30": share_series("par30", stock, [2000] * T, seed=6, dimensions=("protection",)),
        "arrears_inflow30": share_series("arrears_inflow30", entry, healthy, seed=7, dimensions=("protection",)),
    }
    seen = visible(series, [_change(periods[30], "up", "lagged", "par30")], TOLERANCE, last_index=LAST,
                   first_index=None)
    assert seen == [True]
