"""What the app holds of the field's evidence, as a value: importable without a configured Django."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from missionlens.mission import Card
from missionlens.signals import EvidenceItem
from missionlens.voices import SelectionRound, Story


@dataclass(frozen=True)
class AppEvidence:
    """The stories told, their selection rounds and every evidence item (captured evidence and the
    board's stories) for the silence map; the latest version of every card the cards workflow
    changed, for the review to carry in place of the mission file's."""

    stories: tuple[Story, ...]
    rounds: tuple[SelectionRound, ...]
    items: tuple[EvidenceItem, ...]
    cards: Mapping[str, Card] = field(default_factory=dict)
