"""One use case for the review (and the web app): read a data set's notes and feedback, return
its themes, its voice alerts, the borrowers' figures and the segments never heard.

The review calls `analyse` with the stored tables (pandas DataFrames in the import contract; any
of them may be missing) instead of signals.workload.pressure_series, puts `alerts` among its
alerts (kind "voice") and `section(...)` under `voices` (section.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pandas as pd

from missionlens.signals.findings import Lang
from missionlens.signals.series import Grain
from missionlens.voices.alerts import BORROWER_ANSWERS, VoiceAlert, voice_alerts
from missionlens.voices.feedback import FeedbackSummary, summarise
from missionlens.voices.lemmas import Lemmatiser
from missionlens.voices.section import voices_section
from missionlens.voices.segments import UnheardSegment, feedback_answers, never_heard, served_people
from missionlens.voices.stories import SelectionRound, Story
from missionlens.voices.texts import VoiceText, from_feedback, from_notes
from missionlens.voices.themes import ThemeModel, find_themes

WINDOW_MONTHS = 24  # segments never heard: the people served and the answers of the last two years


@dataclass(frozen=True)
class VoicesAnalysis:
    texts: tuple[VoiceText, ...]
    themes: ThemeModel | None
    alerts: tuple[VoiceAlert, ...]
    feedback: FeedbackSummary | None
    feedback_texts: tuple[VoiceText, ...]
    feedback_themes: ThemeModel | None
    unheard: tuple[UnheardSegment, ...]

    def section(
        self, *, stories: Sequence[Story] = (), rounds: Sequence[SelectionRound] = (), lang: Lang = "en",
        grain: Grain = "month",
    ) -> dict[str, object]:
        return voices_section(
            texts=self.texts, themes=self.themes, feedback=self.feedback, feedback_texts=self.feedback_texts,
            feedback_themes=self.feedback_themes, unheard=self.unheard, stories=stories, rounds=rounds,
            lang=lang, grain=grain,
        )


def _window_start(as_of: dt.date) -> dt.date:
    month = as_of.year * 12 + as_of.month - 1 - (WINDOW_MONTHS - 1)
    return dt.date(month // 12, month % 12 + 1, 1)


def _until(frame: pd.DataFrame | None, as_of: dt.date) -> pd.DataFrame | None:
    if frame is None or "date" not in frame:
        return frame
    days = pd.to_datetime(frame["date"], errors="coerce")
    return frame[days <= pd.Timestamp(as_of)]


def analyse(
    *, as_of: dt.date, notes: pd.DataFrame | None = None, feedback: pd.DataFrame | None = None,
    borrowers: pd.DataFrame | None = None, loans: pd.DataFrame | None = None,
    branches: pd.DataFrame | None = None, identifiers: Iterable[str] = (), lemmatiser: Lemmatiser | None = None,
) -> VoicesAnalysis:
    """Themes, voice alerts and the borrowers' voice of one data set, up to `as_of`."""
    nlp = lemmatiser or Lemmatiser()
    ids = list(identifiers)
    if borrowers is not None:
        ids.extend(str(b) for b in borrowers["borrower_id"])
    note_rows = _until(notes, as_of)
    texts = tuple(from_notes(note_rows)) if note_rows is not None else ()
    model = find_themes(texts, lemmatiser=nlp, identifiers=ids) if texts else None
    alerts = voice_alerts(texts, model, as_of=as_of, identifiers=ids) if model is not None else ()
    answers_rows = _until(feedback, as_of)
    summary = None
    feedback_texts: tuple[VoiceText, ...] = ()
    feedback_model = None
    unheard: tuple[UnheardSegment, ...] = ()
    if answers_rows is not None:
        answers = feedback_answers(answers_rows, borrowers, loans, branches)
        summary = summarise(answers)
        feedback_texts = tuple(from_feedback(answers_rows))
        feedback_model = find_themes(feedback_texts, lemmatiser=nlp, identifiers=ids) if feedback_texts else None
        if feedback_model is not None:
            alerts = (*alerts, *voice_alerts(feedback_texts, feedback_model, as_of=as_of, roles={"borrower"},
                                             identifiers=ids, who=BORROWER_ANSWERS))
        if borrowers is not None and loans is not None:
            start = _window_start(as_of)
            served = served_people(borrowers, loans, branches, since=start, until=as_of)
            recent = [a for a in answers if start <= a.date <= as_of]
            unheard = never_heard(served, recent)
    return VoicesAnalysis(texts, model, alerts, summary, feedback_texts, feedback_model, unheard)
