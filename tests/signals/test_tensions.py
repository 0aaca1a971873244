from __future__ import annotations

import numpy as np

from missionlens.mission import load_mission
from missionlens.signals import detect
from missionlens.signals.series import SeriesInput
from tests.signals.builders import count_series, mean_series, months, seasonal, share_series, step

T = 60


def _offset(period: str, expected: int) -> int:
    return abs(months(T).index(period) - expected)


def _loans(push_at: int | None, seed: int) -> SeriesInput:
    growth = 100 * np.exp(0.005 * np.arange(T)) * (1 + seasonal(T, 0.2))
    if push_at is not None:
        growth = growth * (1 + step(T, push_at, 0.5))
    return count_series("loans_disbursed", growth, seed=seed, dimensions=("access", "sustainability"))


def _minutes(drop_at: int | None, seed: int) -> SeriesInput:
    level = np.full(T, 160.0) + (step(T, drop_at, -55) if drop_at is not None else 0)
    return mean_series("minutes_per_new_loan", level, n=100, sd=60, seed=seed)


def test_a_volume_push_with_falling_minutes_is_a_tension_reported_on_both_sides() -> None:
    series = {"loans_disbursed": _loans(36, seed=1), "minutes_per_new_loan": _minutes(36, seed=2)}
    result = detect(series, mission=load_mission(None), as_of="2025-12")
    [tension] = [t for t in result.tensions if t.quality == "minutes_per_new_loan"]
    assert tension.volume == "loans_disbursed"
    assert _offset(tension.start, 36) <= 3
    assert tension.volume_change > 0 and tension.quality_change < 0
    assert "loans disbursed rose" in tension.evidence.en.lower()
    assert "accompaniment before a loan fell" in tension.evidence.en.lower()


def test_the_quality_alert_of_a_tension_is_of_kind_tension() -> None:
    series = {"loans_disbursed": _loans(36, seed=3), "minutes_per_new_loan": _minutes(36, seed=4)}
    result = detect(series, mission=load_mission(None), as_of="2025-12")
    [alert] = [a for a in result.alerts if a.indicator == "minutes_per_new_loan"]
    assert alert.kind == "tension" and alert.direction == "down"


def test_falling_minutes_with_flat_volumes_are_a_drift_not_a_tension() -> None:
    flat = count_series("loans_disbursed", np.full(T, 100.0), seed=5, dimensions=("access",))
    series = {"loans_disbursed": flat, "minutes_per_new_loan": _minutes(36, seed=6)}
    result = detect(series, mission=load_mission(None), as_of="2025-12")
    assert result.tensions == ()
    assert [a.kind for a in result.alerts if a.indicator == "minutes_per_new_loan"] == ["drift"]


def test_a_growing_volume_with_steady_quality_raises_nothing() -> None:
    series = {"loans_disbursed": _loans(None, seed=7), "minutes_per_new_loan": _minutes(None, seed=8)}
    result = detect(series, mission=load_mission(None), as_of="2025-12")
    assert result.tensions == () and result.alerts == ()


def test_rising_arrears_after_a_push_in_amounts_are_a_tension_despite_the_lag() -> None:
    amount = count_series("amount_disbursed", 400.0 * (1 + step(T, 30, 0.6)), seed=9)
    amount = SeriesInput("amount_disbursed", amount.periods, amount.values, amount.n, "amount", ("sustainability",))
    par = share_series("par30", 0.06 + step(T, 38, 0.03), [3000] * T, seed=10, dimensions=("protection",))
    result = detect({"amount_disbursed": amount, "par30": par}, mission=load_mission(None), as_of="2025-12")
    [tension] = [t for t in result.tensions if t.quality == "par30"]
    assert tension.volume == "amount_disbursed" and tension.lag_months == 6
    assert _offset(tension.quality_start, 38) <= 3
