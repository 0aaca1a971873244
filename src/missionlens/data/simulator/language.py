"""The phrase banks of one language, parsed once into vectorised `Bank`s and slot pools."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from missionlens.data.simulator import notes_en, notes_fr, vocabulary_en, vocabulary_fr
from missionlens.data.simulator.phrasebook import Bank, text_array


@dataclass(frozen=True)
class Phrases:
    lang: str
    pools: dict[str, np.ndarray]
    notes: dict[str, dict[str, Bank]]
    session_notes: dict[str, Bank]
    feedback: dict[str, Bank]
    topics: dict[str, tuple[str, ...]]
    purpose: dict[str, Bank]
    education: tuple[str, ...]


def phrases(lang: str) -> Phrases:
    vocabulary = vocabulary_fr if lang == "fr" else vocabulary_en
    notes = notes_fr if lang == "fr" else notes_en
    return Phrases(
        lang=lang,
        pools={k: text_array(v) for k, v in vocabulary.SLOTS.items()},
        notes={theme: {part: Bank(t) for part, t in parts.items()} for theme, parts in notes.NOTES.items()},
        session_notes={k: Bank(v) for k, v in notes.SESSION_NOTES.items()},
        feedback={k: Bank(v) for k, v in notes.FEEDBACK.items()},
        topics=dict(vocabulary.TOPICS),
        purpose={k: Bank(v) for k, v in vocabulary.PURPOSE.items()},
        education=vocabulary.EDUCATION,
    )
