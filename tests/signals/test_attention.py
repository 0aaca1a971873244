from __future__ import annotations

from dataclasses import replace

from missionlens.mission import Mission, Target, load_mission
from missionlens.signals import attention_balance


def _with_targets(*targets: Target) -> Mission:
    return replace(load_mission(None), targets=targets)


def test_a_mission_whose_targets_all_sit_on_volumes_is_flagged() -> None:
    mission = _with_targets(Target("loans_disbursed", 1800, "year", "funding", "board, 2025"),
                            Target("amount_disbursed", 7e6, "year", "pay", "director, 2025"))
    balance = attention_balance(mission)
    assert balance.volume_only and balance.volume_targets == 2
    assert "All 2 targets sit on volumes" in balance.evidence.en


def test_a_target_on_quality_lifts_the_volume_only_flag() -> None:
    mission = _with_targets(Target("loans_disbursed", 1800, "year", "funding", "board, 2025"),
                            Target("followup_60d_rate", 0.9, "year", "internal", "team, 2025"))
    assert not attention_balance(mission).volume_only


def test_each_dimension_shows_its_targets_and_their_pressure() -> None:
    mission = _with_targets(Target("loans_disbursed", 1800, "year", "funding", "board, 2025"),
                            Target("followup_60d_rate", 0.9, "year", "internal", "team, 2025", use="learning"))
    rows = {d.dimension: d for d in attention_balance(mission).dimensions}
    assert rows["access"].targeted == ("loans_disbursed",) and rows["access"].pressures == {"funding": 1}
    assert rows["accompaniment"].pressures == {"internal": 1}
    assert rows["accompaniment"].uses.get("learning", 0) >= 1
    assert "dignity" in attention_balance(mission).untargeted_dimensions


def test_a_mission_without_targets_is_not_flagged() -> None:
    balance = attention_balance(_with_targets())
    assert not balance.volume_only and balance.targets == 0
