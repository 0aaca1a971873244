"""Changes that several indicators share are dated at their common start (signals/dating.py), on
hand-built series: a sharp step and a slow drift that its own data date late."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from missionlens.signals.dating import Dated, shared_starts
from missionlens.signals.drift import Change, scan_series
from tests.signals.builders import months, share_series, step

T = 60
AT = 30


def _approach(seed: int) -> Change:
    """A share that drifts down from month AT, approaching its new level slowly (as a share of
    borrowers served does when newcomers change and returning borrowers keep their profile)."""
    t = np.arange(T)
    drift = np.where(t >= AT, 1 - np.exp(-(t - AT + 1) / 10.0), 0.0)
    result = scan_series(share_series("share_women", 0.45 - 0.08 * drift, [150] * T, seed=seed))
    assert result.change is not None
    return result.change


def _step(seed: int) -> Change:
    result = scan_series(share_series("share_unbanked", 0.70 + step(T, AT, -0.10), [300] * T, seed=seed))
    assert result.change is not None
    return result.change


def test_a_change_carries_the_starts_its_data_do_not_reject() -> None:
    slow, sharp = _approach(1), _step(101)
    # The slow drift alone is dated months late, but its onset is among the starts it allows.
    assert slow.start_index - _index(AT) >= 3
    assert _index(AT) in slow.starts
    assert len(slow.starts) > 6
    # A clear step allows its own start and hardly any other.
    assert sharp.start_index == _index(AT)
    assert len(sharp.starts) <= 3
    for alternative in slow.alternatives:
        assert alternative.direction == slow.direction
        assert alternative.start_gap > 0
        assert alternative.p_value == slow.p_value


def test_a_slow_change_is_dated_at_the_start_it_shares_with_a_sharper_one() -> None:
    slow, sharp = _approach(1), _step(101)
    dated = shared_starts([Dated("share_women", 0, slow), Dated("share_unbanked", 0, sharp)], lambda key: "outreach")
    assert dated[("share_unbanked", 0)].change == sharp
    assert dated[("share_unbanked", 0)].shared_with == ("share_women",)
    moved = dated[("share_women", 0)].change
    assert dated[("share_women", 0)].shared_with == ("share_unbanked",)
    assert moved.start_index == sharp.start_index
    assert moved.start == sharp.start
    # Described afresh at that start: a level before it, a lower one after.
    assert moved.level_after < moved.level_before
    assert moved.direction == "down"


def test_changes_of_different_families_keep_their_own_starts() -> None:
    slow, sharp = _approach(1), _step(101)
    dated = shared_starts([Dated("share_women", 0, slow), Dated("share_unbanked", 0, sharp)], lambda key: key)
    assert dated[("share_women", 0)].change == slow
    assert dated[("share_unbanked", 0)].change == sharp


def test_a_change_whose_data_reject_the_common_start_keeps_its_own() -> None:
    slow, sharp = _approach(1), _step(101)
    elsewhere = replace(sharp, start_index=slow.starts[-1] + 12, start=months(T + 24)[AT + 30], alternatives=())
    dated = shared_starts([Dated("share_women", 0, slow), Dated("share_unbanked", 0, elsewhere)], lambda key: "x")
    assert dated[("share_women", 0)].change == slow
    assert dated[("share_unbanked", 0)].change == elsewhere


def test_two_changes_of_one_indicator_are_not_a_shared_start() -> None:
    slow = _approach(1)
    again = replace(slow, order=1)
    dated = shared_starts([Dated("share_women", 0, slow), Dated("share_women", 1, again)], lambda key: "x")
    assert dated[("share_women", 0)].change == slow
    assert dated[("share_women", 1)].change == again


def test_the_start_most_indicators_share_wins() -> None:
    slow, sharp = _approach(1), _step(101)
    other_slow = _approach(5)
    items = [Dated("share_women", 0, slow), Dated("share_unbanked", 0, sharp), Dated("share_priority_area", 0, other_slow)]
    dated = shared_starts(items, lambda key: "outreach")
    assert {d.change.start_index for d in dated.values()} == {sharp.start_index}


def _index(position: int) -> int:
    year, month = months(T)[position].split("-")
    return int(year) * 12 + int(month) - 1
