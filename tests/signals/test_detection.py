from __future__ import annotations

from missionlens.signals import detect
from tests.signals.builders import share_series, step

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
