from __future__ import annotations

import numpy as np

from missionlens.signals import SeriesInput, detect, scan_series
from missionlens.signals.drift import MIN_POINTS, prepare
from missionlens.signals.series import period_index
from tests.signals.builders import count_series, mean_series, months, ramp, seasonal, share_series, step

T = 60


def _start_offset(result_start: str, expected: int) -> int:
    year, month = int(result_start[:4]), int(result_start[5:7])
    return (year - 2021) * 12 + month - 1 - expected


def test_a_step_is_found_with_its_direction_and_start() -> None:
    series = mean_series("minutes_per_new_loan", 160 + step(T, 36, -50), n=40, sd=60, seed=1)
    result = scan_series(series)
    assert result.p_value is not None and result.p_value < 0.01
    assert result.change is not None
    assert result.change.direction == "down"
    assert abs(_start_offset(result.change.start, 36)) <= 1


def test_a_step_reports_levels_and_magnitude_before_and_after() -> None:
    series = mean_series("minutes_per_new_loan", 160 + step(T, 30, -60), n=100, sd=40, seed=2)
    change = scan_series(series).change
    assert change is not None
    assert abs(change.level_before - 160) < 5 and abs(change.level_after - 100) < 5
    assert abs(change.magnitude - (100 / 160 - 1)) < 0.05
    assert change.n_before > 0 and change.n_after > 0


def test_a_ramp_is_found_with_its_start_within_three_months() -> None:
    series = mean_series("followup_60d_rate", 0.8 + ramp(T, 28, 12, -0.25), n=200, sd=0.4, seed=3, unit="share")
    result = scan_series(series)
    assert result.p_value is not None and result.p_value < 0.01
    assert result.change is not None and result.change.direction == "down"
    assert abs(_start_offset(result.change.start, 28)) <= 3


def test_a_seasonal_series_without_change_is_not_flagged() -> None:
    p = 0.35 + seasonal(T, 0.08)
    result = scan_series(share_series("share_women", p, [150] * T, seed=4))
    assert result.p_value is not None and result.p_value > 0.05


def test_a_share_from_few_people_is_not_flagged_for_its_noise() -> None:
    rng = np.random.default_rng(5)
    n = rng.integers(15, 40, T)
    result = scan_series(share_series("share_unbanked", np.full(T, 0.5), n, seed=6))
    assert result.p_value is not None and result.p_value > 0.05


def test_a_short_noisy_series_is_too_short_to_say() -> None:
    count = MIN_POINTS["month"] - 1
    series = mean_series("minutes_per_session", np.full(count, 60.0) + step(count, 12, 30), n=5, sd=40, seed=7)
    result = scan_series(series)
    assert result.status == "too_short" and result.p_value is None


def test_the_seasoning_rise_of_par30_is_not_a_drift() -> None:
    # Arrears start at zero and reach their level as the first loans mature.
    level = 0.065 * (1 - np.exp(-np.arange(T) / 6.0))
    result = scan_series(share_series("par30", level, [2000] * T, seed=8, dimensions=("protection",)))
    assert result.p_value is not None and result.p_value > 0.05


def test_a_yearly_series_of_five_points_is_too_short_to_say() -> None:
    series = SeriesInput("depth", ["2015", "2016", "2017", "2018", "2019"], [0.3, 0.31, 0.5, 0.52, 0.55],
                         [None] * 5, "ratio")
    assert scan_series(series, grain="year").status == "too_short"


def test_a_yearly_series_with_a_clear_step_is_flagged() -> None:
    years = [str(y) for y in range(2005, 2019)]
    values: list[float | None] = [0.30, 0.31, 0.29, 0.30, 0.31, 0.30, 0.52, 0.55, 0.53, 0.54, 0.52, 0.55, 0.54, 0.53]
    result = scan_series(SeriesInput("depth", years, values, [None] * len(years), "ratio"), grain="year")
    assert result.p_value is not None and result.p_value < 0.01
    assert result.change is not None and result.change.start == "2011" and result.change.direction == "up"


def test_missing_months_are_skipped_not_read_as_zero() -> None:
    series = mean_series("minutes_per_session", np.full(T, 60.0), n=50, sd=20, seed=9)
    values = list(series.values)
    for i in (10, 11, 40):
        values[i] = None
    holed = SeriesInput(series.key, series.periods, values, series.n, series.unit)
    result = scan_series(holed)
    assert result.points == T - 3
    assert result.p_value is not None and result.p_value > 0.05


def test_later_periods_than_the_review_date_are_ignored() -> None:
    series = mean_series("minutes_per_new_loan", 160 + step(T, 50, -80), n=100, sd=40, seed=10)
    cut = scan_series(series, last_index=2021 * 12 + 47)
    assert cut.points == 48
    assert cut.p_value is not None and cut.p_value > 0.05


def test_a_growing_volume_is_not_a_mission_alert() -> None:
    growing = count_series("loans_disbursed", 80 * np.exp(0.03 * np.arange(T)) * (1 + seasonal(T, 0.3)), seed=11)
    result = detect({"loans_disbursed": growing}, mission=None, as_of="2025-12")
    assert result.alerts == () and result.tested == 0


def test_a_push_and_its_correction_are_two_changes() -> None:
    level = 190 + step(T, 20, -75) - step(T, 42, -75)
    result = scan_series(mean_series("minutes_per_new_loan", level, n=80, sd=70, seed=12))
    found = sorted((c.start, c.direction) for c in result.changes if c.p_value < 0.01)
    assert [d for _, d in found] == ["down", "up"]
    assert found[0][0] == months(T)[20] and found[1][0] == months(T)[42]


def test_detect_lists_a_short_yearly_series_as_too_short_to_say() -> None:
    series = SeriesInput("women_share", ["2015", "2016", "2017", "2018"], [0.6, 0.58, 0.5, 0.45], [None] * 4, "share")
    result = detect({"women_share": series}, mission=None, as_of="2018", grain="year")
    assert result.alerts == () and result.too_short == ("women_share",)


def test_a_ramp_over_eighteen_months_is_dated_at_its_onset() -> None:
    level = 0.45 + ramp(T, 24, 18, -0.15)
    result = scan_series(share_series("share_minimum_benefits", level, [300] * T, seed=21))
    assert result.change is not None and result.change.direction == "down" and result.change.p_value < 0.01
    assert result.change.shape == "ramp" and abs(_start_offset(result.change.start, 24)) <= 3


def test_an_age_dependent_indicator_is_seasoned_from_its_first_value_not_twice() -> None:
    series = share_series("par30", np.full(T, 0.06), [2000] * T, seed=22, dimensions=("protection",))
    # The portfolio's seasoning ends 24 months in; par30's own 18 months end earlier and add nothing.
    assert prepare(series, "month", first_index=period_index(months(T)[24], "month")).index[0] == \
        period_index(months(T)[24], "month")
    assert len(prepare(series, "month").index) == T - 18
