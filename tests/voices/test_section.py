from __future__ import annotations

import datetime as dt

import jsonschema

from missionlens.voices import (
    VOICES_SCHEMA,
    Lemmatiser,
    SelectionRound,
    Story,
    find_themes,
    summarise,
    voices_section,
)
from tests.voices.builders import answer, french_notes


def test_the_voices_section_validates_against_its_schema(lemmatiser: Lemmatiser) -> None:
    texts = french_notes()
    story = Story("s1", "outcomes", "borrower", dt.date(2025, 1, 5), "Ma boutique", "J'ai ouvert.", "Autonomie.", True)
    rounds = [SelectionRound(f"r{i}", level, "panel", dt.date(2025, 2, i + 1), "outcomes", ("s1",), ("s1",),
                             "Le changement le plus durable.")  # type: ignore[arg-type]
              for i, level in enumerate(("branch", "management", "board"))]
    section = voices_section(texts=texts, themes=find_themes(texts, k=3, lemmatiser=lemmatiser),
                             feedback=summarise([answer(9, "better", gender="F")]), stories=[story], rounds=rounds)
    jsonschema.validate(section, VOICES_SCHEMA)
    assert section["stories"][0]["selections"][-1]["level"] == "board"
    assert {t["key"] for t in section["themes"]} == {"pressure", "over_indebtedness", "family_health"}


def test_a_review_without_feedback_has_a_null_feedback_part(lemmatiser: Lemmatiser) -> None:
    section = voices_section(texts=[], themes=None)
    jsonschema.validate(section, VOICES_SCHEMA)
    assert section["feedback"] is None and section["themes"] == []
