"""What the app holds of the field's evidence, as a value: importable without a configured Django."""

from __future__ import annotations

from dataclasses import dataclass

from missionlens.signals import EvidenceItem
from missionlens.voices import SelectionRound, Story


@dataclass(frozen=True)
class AppEvidence:
    """The stories told, their selection rounds and every evidence item (captured evidence and the
    board's stories) for the silence map."""

    stories: tuple[Story, ...]
    rounds: tuple[SelectionRound, ...]
    items: tuple[EvidenceItem, ...]
