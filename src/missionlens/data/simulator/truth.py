"""truth.json: the scenario's injected changes, as months on the calendar."""

from __future__ import annotations

from typing import Any

from missionlens.data.simulator.perturbation import Perturbation
from missionlens.data.simulator.scenarios import Plan


def truth(plan: Plan, seed: int, scale: float, lang: str, perturbation: Perturbation) -> dict[str, Any]:
    """The document; a change starting after the last month is left out (it never shows)."""
    timeline = plan.timeline
    last = timeline.months - 1
    s = plan.scenario
    changes = []
    effects_on = perturbation.effect_size > 0
    for c in s.changes:
        month = plan.anchors[c.anchor] + c.offset
        if month <= last and effects_on:
            changes.append({"indicator": c.indicator, "direction": c.direction, "start": timeline.label(month),
                            "kind": c.kind, "dimension": c.dimension, "description": c.description})
    voices = []
    for v in s.voices:
        month = plan.anchors[v.anchor] + v.offset
        if month <= last and effects_on:
            voices.append({"theme": v.theme, "direction": v.direction, "start": timeline.label(month),
                           "roles": list(v.roles), "description": v.description})
    return {
        "scenario": s.name, "seed": seed, "scale": scale,
        "start": timeline.label(timeline.first_observed), "end": timeline.label(last), "lang": lang,
        "perturbation": perturbation.as_dict(), "changes": changes,
        "history_start": timeline.label(0), "voice_changes": voices,
    }
