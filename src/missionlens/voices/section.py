"""The `voices` section of the review JSON, and the JSON Schema fragment that describes it.

An addition under the same schema version (spec/review-json.md: "Fields may be added"): the
review gains a top-level `voices` object; nothing existing is removed or renamed. Its parts:
- `texts`, `languages`: how many notes and feedback texts were read, and in which language;
- `themes`: each theme's key, readable label, top terms, count, share, mission dimensions,
  pseudonymised quotes and monthly trend by author role (count of the theme's texts `of` all
  texts of that role in the period);
- `feedback`: the borrowers' voice (recommend score, life change, life better) with n and 95 %
  intervals, overall and by segment, and the themes of the feedback texts; null without feedback;
- `segments_never_heard`: groups served but absent or nearly absent from feedback (segments.py);
- `stories`: the Most Significant Change stories selected at the board level, with the reasons
  of every panel that chose them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from missionlens.signals.findings import Lang
from missionlens.signals.series import Grain
from missionlens.voices.feedback import FeedbackSummary
from missionlens.voices.segments import UnheardSegment
from missionlens.voices.stories import SelectionRound, Story, selected
from missionlens.voices.texts import VoiceText
from missionlens.voices.themes import ThemeModel
from missionlens.voices.trends import theme_trends


def themes_json(model: ThemeModel, texts: Sequence[VoiceText], lang: Lang, grain: Grain) -> list[dict[str, Any]]:
    trends = {t.theme: t for t in theme_trends(model, texts, grain)}
    out = []
    for theme in model.themes:
        item = theme.to_json(lang)
        item["trend"] = [p.to_json() for p in trends[theme.key].points if p.count or p.total]
        out.append(item)
    return out


def stories_json(stories: Sequence[Story], rounds: Sequence[SelectionRound]) -> list[dict[str, Any]]:
    out = []
    for story in selected(stories, rounds, "board"):
        item = story.to_json()
        item["selections"] = [
            {"level": r.level, "panel": r.panel, "held_on": r.held_on.isoformat(), "reasons": r.reasons}
            for r in sorted(rounds, key=lambda r: r.held_on) if story.story_id in r.chosen
        ]
        out.append(item)
    return out


def voices_section(
    *, texts: Sequence[VoiceText], themes: ThemeModel | None, feedback: FeedbackSummary | None = None,
    feedback_texts: Sequence[VoiceText] = (), feedback_themes: ThemeModel | None = None,
    unheard: Sequence[UnheardSegment] = (), stories: Sequence[Story] = (), rounds: Sequence[SelectionRound] = (),
    lang: Lang = "en", grain: Grain = "month",
) -> dict[str, Any]:
    """The review's `voices` object (VOICES_SCHEMA)."""
    feedback_json: dict[str, Any] | None = None
    if feedback is not None:
        feedback_json = feedback.to_json()
        feedback_json["themes"] = (themes_json(feedback_themes, feedback_texts, lang, grain)
                                   if feedback_themes is not None else [])
    return {
        "texts": len(texts),
        "languages": dict(themes.language_counts) if themes is not None else {},
        "themes": themes_json(themes, texts, lang, grain) if themes is not None else [],
        "feedback": feedback_json,
        "segments_never_heard": [u.to_json() for u in unheard],
        "stories": stories_json(stories, rounds),
    }


_ESTIMATE = {
    "type": "object",
    "required": ["value", "n", "low", "high"],
    "properties": {
        "value": {"type": ["number", "null"]},
        "n": {"type": "integer", "minimum": 0},
        "low": {"type": ["number", "null"]},
        "high": {"type": ["number", "null"]},
    },
}
_QUOTE = {
    "type": "object",
    "required": ["text", "period", "role", "source"],
    "properties": {
        "text": {"type": "string"},
        "period": {"type": ["string", "null"]},
        "role": {"type": ["string", "null"]},
        "source": {"enum": ["note", "feedback"]},
    },
}
_THEME = {
    "type": "object",
    "required": ["key", "label", "terms", "count", "share", "dimensions", "quotes", "trend"],
    "properties": {
        "key": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "label": {"type": "string"},
        "terms": {"type": "array", "items": {"type": "string"}},
        "seed": {"type": ["string", "null"]},
        "dimensions": {"type": "array", "items": {"type": "string"}},
        "count": {"type": "integer", "minimum": 0},
        "share": {"type": "number", "minimum": 0, "maximum": 1},
        "quotes": {"type": "array", "items": _QUOTE},
        "trend": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["period", "role", "count", "of"],
                "properties": {
                    "period": {"type": "string"},
                    "role": {"type": "string"},
                    "count": {"type": "integer", "minimum": 0},
                    "of": {"type": "integer", "minimum": 0},
                },
            },
        },
    },
}
_SEGMENT = {
    "type": "object",
    "required": ["segment", "value", "answers", "recommend_score", "life_better_share"],
    "properties": {
        "segment": {"type": "string"},
        "value": {"type": "string"},
        "answers": {"type": "integer", "minimum": 0},
        "recommend_score": _ESTIMATE,
        "life_better_share": _ESTIMATE,
    },
}
_UNHEARD = {
    "type": "object",
    "required": ["segment", "value", "served", "heard", "expected", "status"],
    "properties": {
        "segment": {"type": "string"},
        "value": {"type": "string"},
        "served": {"type": "integer", "minimum": 0},
        "heard": {"type": "integer", "minimum": 0},
        "expected": {"type": "number", "minimum": 0},
        "status": {"enum": ["never_heard", "barely_heard"]},
        "p_value": {"type": "number"},
    },
}
_STORY = {
    "type": "object",
    "required": ["story_id", "domain", "teller_role", "told_on", "title", "text", "why_significant", "selections"],
    "properties": {
        "story_id": {"type": "string"},
        "domain": {"type": "string"},
        "teller_role": {"type": "string"},
        "told_on": {"type": "string"},
        "title": {"type": "string"},
        "text": {"type": "string"},
        "why_significant": {"type": "string"},
        "dimension": {"type": ["string", "null"]},
        "verified": {"type": "boolean"},
        "selections": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["level", "panel", "held_on", "reasons"],
                "properties": {
                    "level": {"enum": ["branch", "management", "board"]},
                    "panel": {"type": "string"},
                    "held_on": {"type": "string"},
                    "reasons": {"type": "string", "minLength": 1},
                },
            },
        },
    },
}

VOICES_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["texts", "languages", "themes", "feedback", "segments_never_heard", "stories"],
    "properties": {
        "texts": {"type": "integer", "minimum": 0},
        "languages": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
        "themes": {"type": "array", "items": _THEME},
        "feedback": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "required": ["answers", "recommend_score", "life_change", "life_better_share", "segments",
                                 "themes"],
                    "properties": {
                        "answers": {"type": "integer", "minimum": 0},
                        "recommend_score": _ESTIMATE,
                        "life_change": {
                            "type": "object",
                            "required": ["n", "counts", "shares"],
                            "properties": {"n": {"type": "integer", "minimum": 0},
                                           "counts": {"type": "object"}, "shares": {"type": "object"}},
                        },
                        "life_better_share": _ESTIMATE,
                        "segments": {"type": "array", "items": _SEGMENT},
                        "themes": {"type": "array", "items": _THEME},
                    },
                },
            ],
        },
        "segments_never_heard": {"type": "array", "items": _UNHEARD},
        "stories": {"type": "array", "items": _STORY},
    },
}
