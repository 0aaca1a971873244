from __future__ import annotations

import numpy as np

from missionlens.signals import SeriesInput, detect
from tests.signals.builders import ramp, share_series, step

T = 60


def test_a_cohort_share_on_current_status_raises_no_alert_for_its_censored_end() -> None:
    # The latest cohorts have not had the time to be restructured: the share falls to 0 at the end.
    level = 0.03 + step(T, T - 12, -0.03)
    series = share_series("restructured_share", level, [1500] * T, seed=31, dimensions=("protection",))
    result = detect({"restructured_share": series}, mission=None, as_of="2025-12")
    assert result.alerts == () and result.tested == 0


def test_a_share_with_the_same_fall_is_an_alert() -> None:
    level = 0.03 + step(T, T - 12, -0.03)
    series = share_series("approval_rate", level, [1500] * T, seed=31, dimensions=("access",))
    result = detect({"approval_rate": series}, mission=None, as_of="2025-12")
    assert [a.indicator for a in result.alerts] == ["approval_rate"]


def _drifts(key: str, seed: int, n: int = 150) -> SeriesInput:
    """A share that drifts down from month 30, approaching its new level slowly."""
    t = np.arange(T)
    approach = np.where(t >= 30, 1 - np.exp(-(t - 30 + 1) / 10.0), 0.0)
    return share_series(key, 0.45 - 0.08 * approach, [n] * T, seed=seed)


def test_outreach_shares_that_move_together_are_dated_at_their_common_start() -> None:
    series = {
        "share_women": _drifts("share_women", 1),
        "share_unbanked": share_series("share_unbanked", 0.70 + step(T, 30, -0.10), [300] * T, seed=101),
    }
    alone = detect({"share_women": series["share_women"]}, mission=None, as_of="2025-12").alerts[0]
    together = {a.indicator: a for a in detect(series, mission=None, as_of="2025-12").alerts}
    assert alone.start >= "2023-10" and alone.dated_with == ()
    assert together["share_unbanked"].start == "2023-07"
    assert together["share_women"].start == "2023-07"
    assert together["share_women"].dated_with == ("share_unbanked",)
    assert "Dated at the start it shares with share unbanked" in together["share_women"].evidence.en
    assert "partage avec share unbanked" in together["share_women"].evidence.fr
    # The window is still the share's own: its figures alone allow a start from ... to ...
    assert together["share_women"].start_window == alone.start_window
    first, last = alone.start_window or ("", "")
    assert first <= "2023-07" <= last and first < alone.start <= last
    assert together["share_women"].to_json()["dated_with"] == ["share_unbanked"]


def test_a_lagged_indicator_is_not_dated_with_the_change_it_follows() -> None:
    # Write-offs rise slowly from six months after a step in recruitment. Their own figures would
    # allow the step's month, but arrears and write-offs are each their own family (they follow
    # lending by months): the alert keeps the start its own data chose.
    series = {
        "share_unbanked": share_series("share_unbanked", 0.70 + step(T, 30, -0.10), [300] * T, seed=101),
        "write_off_rate": share_series("write_off_rate", 0.02 + ramp(T, 36, 24, 0.01), [800] * T, seed=7,
                                       dimensions=("sustainability",)),
    }
    alerts = {a.indicator: a for a in detect(series, mission=None, as_of="2025-12").alerts}
    first, last = alerts["write_off_rate"].start_window or ("", "")
    assert first <= "2023-07" <= last
    assert alerts["write_off_rate"].dated_with == ()
    assert alerts["write_off_rate"].start > "2023-07"
