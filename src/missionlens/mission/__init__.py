"""The mission: dimensions, indicator cards, tensions, targets and the built-in templates (pure data)."""

from __future__ import annotations

from missionlens.mission.cards import Card, Status, template_cards
from missionlens.mission.catalogue import CORE_KEYS, IndicatorEntry, Unit, catalogue, render_markdown
from missionlens.mission.dimensions import STANDARDS, Dimension
from missionlens.mission.missions import Mission, load_mission, template_mission
from missionlens.mission.own_indicators import CustomIndicator, Measure
from missionlens.mission.problems import MissionError, Problem
from missionlens.mission.targets import Period, Pressure, Target, Use
from missionlens.mission.tensions import Tension
from missionlens.mission.texts import Bilingual, Lang

__all__ = [
    "CORE_KEYS",
    "STANDARDS",
    "Bilingual",
    "Card",
    "CustomIndicator",
    "Dimension",
    "IndicatorEntry",
    "Lang",
    "Measure",
    "Mission",
    "MissionError",
    "Period",
    "Pressure",
    "Problem",
    "Status",
    "Target",
    "Tension",
    "Unit",
    "Use",
    "catalogue",
    "load_mission",
    "render_markdown",
    "template_cards",
    "template_mission",
]
