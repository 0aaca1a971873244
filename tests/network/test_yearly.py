"""Drift on hand-built yearly series, carried-forward values left out (network/yearly.py)."""

from __future__ import annotations

from missionlens.network.yearly import observed_series, scan_network, scan_one
from tests.network.builders import institution_rows, institutions

YEARS = list(range(2005, 2017))
NOISE = [0.01, -0.012, 0.008, -0.006, 0.011, -0.009, 0.007, -0.01, 0.012, -0.008, 0.006, -0.011]


def test_a_clear_fall_of_the_women_share_is_found_with_its_start() -> None:
    women = [(0.7 if y < 2011 else 0.5) + e for y, e in zip(YEARS, NOISE, strict=True)]
    [institution] = institutions(institution_rows("A", YEARS, women=women))
    result, left_out = scan_one(institution, "women_share")
    assert result.status == "tested" and left_out == 0
    assert result.change is not None and result.p_value is not None and result.p_value < 0.01
    assert (result.change.direction, result.change.start) == ("down", "2011")


def test_five_observed_years_are_too_short_to_say() -> None:
    [institution] = institutions(institution_rows("A", YEARS[:5], women=[0.7, 0.68, 0.5, 0.49, 0.5]))
    result, _ = scan_one(institution, "women_share")
    assert result.status == "too_short"


def test_carried_values_are_left_out_and_can_make_a_series_too_short() -> None:
    # Twelve years, but only five distinct observations: the copies are not observations.
    women = [0.7, 0.7, 0.7, 0.65, 0.65, 0.65, 0.6, 0.6, 0.55, 0.55, 0.55, 0.5]
    [institution] = institutions(institution_rows("A", YEARS, women=women))
    series, left_out = observed_series(institution, "women_share")
    assert (len(series.values), left_out) == (5, 7)
    assert scan_one(institution, "women_share")[0].status == "too_short"


def test_runs_of_copies_are_not_read_as_a_steady_level() -> None:
    # A level held by copies then a real change: without the copies the detector has too little to say.
    women = [0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7, 0.5, 0.51, 0.49, 0.5]
    [institution] = institutions(institution_rows("A", YEARS, women=women))
    assert scan_one(institution, "women_share")[0].status == "too_short"


def test_the_network_keeps_only_changes_surviving_false_discovery_control() -> None:
    rising = [200 * (1.0 if y < 2010 else 2.5) * (1 + e) for y, e in zip(YEARS, NOISE, strict=True)]
    steady = [300 * (1 + e) for e in NOISE]
    panel = institutions(institution_rows("DRIFT", YEARS, balance=rising) + institution_rows("CALM", YEARS, balance=steady))
    outcome = scan_network(panel)
    found = [(c.institution_id, c.indicator, c.direction, c.against_mission) for c in outcome.changes]
    assert ("DRIFT", "depth", "up", True) in found
    assert not [c for c in outcome.changes if c.institution_id == "CALM"]
    assert all(c.q_value <= 0.05 for c in outcome.changes)
