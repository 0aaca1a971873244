from __future__ import annotations

import numpy as np

from missionlens.mission import load_mission
from missionlens.signals import SeriesInput, detect
from missionlens.signals.outreach import declined_vs_served
from tests.signals.builders import months, ramp, share_series

T = 60


def test_a_slow_drift_away_from_people_on_minimum_benefits_is_an_outreach_alert() -> None:
    # 200 people served a month: the drift is clear (p = 0.001 on seeds 1 to 8), not on the edge of 5 %.
    served = share_series("share_minimum_benefits", 0.35 + ramp(T, 30, 12, -0.12), [200] * T, seed=1)
    result = detect({"share_minimum_benefits": served}, mission=load_mission(None), as_of="2025-12")
    [alert] = result.alerts
    assert alert.kind == "outreach" and alert.direction == "down"
    assert abs(months(T).index(alert.start) - 30) <= 6
    assert alert.dimensions == ("access",)


def test_people_declined_more_often_than_served_make_a_visible_gap() -> None:
    served = share_series("share_minimum_benefits", np.full(T, 0.33), [100] * T, seed=2)
    declined = share_series("declined_minimum_benefits_share", np.full(T, 0.5), [30] * T, seed=3)
    gap = declined_vs_served(declined, served)
    assert gap is not None
    assert gap.gap > 0.1 and gap.p_value < 0.001
    assert gap.n_declined == 360 and gap.n_served == 1200
    assert "of declined applications" in gap.evidence.en


def test_declined_and_served_alike_show_no_significant_gap() -> None:
    served = share_series("share_minimum_benefits", np.full(T, 0.33), [100] * T, seed=4)
    declined = share_series("declined_minimum_benefits_share", np.full(T, 0.33), [30] * T, seed=5)
    gap = declined_vs_served(declined, served)
    assert gap is not None and gap.p_value > 0.01


def test_the_gap_is_read_over_the_last_year_both_series_cover() -> None:
    served = share_series("share_minimum_benefits", np.full(T, 0.33), [100] * T, seed=6)
    short = SeriesInput("declined_minimum_benefits_share", months(T), [*([0.4] * 48), *([None] * 12)],
                        [*([20] * 48), *([None] * 12)], "share")
    gap = declined_vs_served(short, served)
    assert gap is not None and (gap.period_from, gap.period_to) == ("2024-01", "2024-12")
