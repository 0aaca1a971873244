"""Voices: the field's words and the borrowers' own voice (text analysis, feedback, Most Significant Change).

Pure domain (no Django): texts in, typed values out. See docs/voices.md.
"""

from __future__ import annotations

from missionlens.voices.alerts import VoiceAlert, voice_alerts
from missionlens.voices.analysis import VoicesAnalysis, analyse
from missionlens.voices.feedback import (
    Estimate,
    FeedbackAnswer,
    FeedbackSummary,
    by_segment,
    life_better,
    life_change_distribution,
    recommend_score,
    summarise,
)
from missionlens.voices.language import detect_language, languages
from missionlens.voices.lemmas import Lemmatiser
from missionlens.voices.qda import Code, Codebook, CodedText, Coding, codebook_qdc, project_qdpx
from missionlens.voices.quotes import Quote, pseudonymise
from missionlens.voices.section import VOICES_SCHEMA, voices_section
from missionlens.voices.segments import Served, UnheardSegment, feedback_answers, never_heard, served_people
from missionlens.voices.stories import (
    Domain,
    RoundRefused,
    SelectionRound,
    Story,
    domains_for,
    feedback_to_tellers,
    record_round,
    round_problems,
    selected,
    verify,
)
from missionlens.voices.texts import VoiceText, from_feedback, from_notes
from missionlens.voices.themes import Theme, ThemeModel, find_themes
from missionlens.voices.trends import theme_series, theme_trends

__all__ = [
    "VOICES_SCHEMA", "Code", "Codebook", "CodedText", "Coding", "Domain", "Estimate", "FeedbackAnswer",
    "FeedbackSummary", "Lemmatiser", "Quote", "RoundRefused", "SelectionRound", "Served", "Story", "Theme",
    "ThemeModel", "UnheardSegment", "VoiceAlert", "VoiceText", "VoicesAnalysis", "analyse", "by_segment",
    "codebook_qdc", "detect_language", "domains_for", "feedback_answers", "feedback_to_tellers", "find_themes",
    "from_feedback", "from_notes", "languages", "life_better", "life_change_distribution", "never_heard",
    "project_qdpx", "pseudonymise", "record_round", "recommend_score", "round_problems", "selected",
    "served_people", "summarise", "theme_series", "theme_trends", "verify", "voice_alerts", "voices_section",
]
