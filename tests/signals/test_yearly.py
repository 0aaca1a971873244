from __future__ import annotations

from missionlens.signals import observed_years, scan_yearly

YEARS = list(range(2005, 2019))
STEP: list[float | None] = [0.30, 0.31, 0.29, 0.30, 0.31, 0.30, 0.52, 0.55, 0.53, 0.54, 0.52, 0.55, 0.54, 0.53]


def test_a_yearly_step_is_dated_to_its_year() -> None:
    result = scan_yearly("depth", YEARS, STEP, unit="ratio")
    assert result.status == "tested" and result.change is not None
    assert result.change.start == "2011" and result.change.direction == "up"
    assert result.p_value is not None and result.p_value < 0.01


def test_five_observed_years_are_too_short_to_say() -> None:
    result = scan_yearly("women_share", [2014, 2015, 2016, 2017, 2018], [0.6, 0.58, 0.5, 0.45, 0.44], unit="share")
    assert result.status == "too_short" and result.change is None


def test_carried_forward_years_do_not_count_as_observations() -> None:
    # Eight years on paper, five observed: the repeats are the panel's, not the institution's.
    values: list[float | None] = [0.6, 0.6, 0.58, 0.58, 0.5, 0.45, 0.45, 0.44]
    years = list(range(2011, 2019))
    assert observed_years(years, values) == [True, False, True, False, True, True, False, True]
    assert scan_yearly("women_share", years, values, unit="share").status == "too_short"


def test_years_listed_as_carried_are_left_out() -> None:
    values = list(STEP)
    result = scan_yearly("depth", YEARS, values, unit="ratio", carried={2011, "2012"})
    assert result.points == len(YEARS) - 2


def test_a_flat_yearly_series_with_noise_is_not_flagged() -> None:
    values: list[float | None] = [0.41, 0.43, 0.40, 0.42, 0.44, 0.41, 0.43, 0.40, 0.42, 0.41, 0.44, 0.42]
    result = scan_yearly("par30", list(range(2007, 2019)), values, unit="share")
    assert result.status == "tested" and result.p_value is not None and result.p_value > 0.05
