"""What the field and the borrowers say, dimension by dimension (the review's `voices` section).

Each dimension of the report gets the themes of the notes that speak of it (label, top terms,
how many notes, a quote or two), the stories its panels selected, and, under the borrowers' own
dimension, the segments of the people served that the feedback never heard. Words stand beside
the numbers with the same standing: a theme shows its count and share, never a bare label.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from missionlens.report.labels import Lang, count, percent, period
from missionlens.review import Review

QUOTES_PER_THEME = 2
THEMES_PER_DIMENSION = 3
# The dimension the borrowers' own voice belongs to in the template; another mission without it
# shows the unheard segments under its first dimension.
BORROWERS_DIMENSION = "dignity"

_WORDS: dict[Lang, dict[str, str]] = {
    "fr": {
        "title": "Ce que disent le terrain et les personnes",
        "notes": "notes",
        "of_notes": "des notes",
        "terms": "Mots les plus fréquents",
        "stories": "Histoires de changement retenues",
        "why": "Pourquoi la personne qui la raconte la trouve importante",
        "selected_by": "Retenue par",
        "unheard": "Personnes servies que les retours n’ont jamais entendues",
        "unheard_line": "{segment} = {value} : {served} personnes servies, {heard} réponses ({expected} attendues)",
        "role_staff": "équipe", "role_volunteer": "bénévole", "role_borrower": "personne accompagnée",
        "role_partner": "partenaire", "role_manager": "responsable",
        "level_branch": "l’agence", "level_management": "la direction", "level_board": "le conseil",
    },
    "en": {
        "title": "What the field and the people say",
        "notes": "notes",
        "of_notes": "of the notes",
        "terms": "Most frequent words",
        "stories": "Stories of change selected",
        "why": "Why the teller thinks it significant",
        "selected_by": "Selected by",
        "unheard": "People served whom the feedback never heard",
        "unheard_line": "{segment} = {value}: {served} people served, {heard} answers ({expected} expected)",
        "role_staff": "staff", "role_volunteer": "volunteer", "role_borrower": "borrower",
        "role_partner": "partner", "role_manager": "manager",
        "level_branch": "the branch", "level_management": "management", "level_board": "the board",
    },
}


@dataclass(frozen=True)
class QuoteView:
    text: str
    who: str
    when: str


@dataclass(frozen=True)
class ThemeView:
    label: str
    count: str
    share: str
    terms: str
    quotes: tuple[QuoteView, ...]


@dataclass(frozen=True)
class StoryView:
    title: str
    text: str
    why: str
    teller: str
    told: str
    selected_by: str


@dataclass(frozen=True)
class VoicesView:
    title: str
    themes: tuple[ThemeView, ...]
    stories: tuple[StoryView, ...]
    unheard: tuple[str, ...]
    words: Mapping[str, str]


def _who(role: object, lang: Lang) -> str:
    return _WORDS[lang].get(f"role_{role}", str(role or ""))


def _quote(item: Mapping[str, Any], lang: Lang) -> QuoteView:
    when = item.get("period")
    return QuoteView(str(item.get("text", "")), _who(item.get("role"), lang),
                     period(str(when), lang) if when else "")


def _theme(item: Mapping[str, Any], lang: Lang) -> ThemeView:
    return ThemeView(
        label=str(item.get("label", "")),
        count=count(int(item.get("count", 0)), lang),
        share=percent(float(item.get("share", 0.0)), lang),
        terms=", ".join(str(t) for t in list(item.get("terms", []))[:6]),
        quotes=tuple(_quote(q, lang) for q in list(item.get("quotes", []))[:QUOTES_PER_THEME]),
    )


def _story(item: Mapping[str, Any], lang: Lang) -> StoryView:
    levels = [_WORDS[lang].get(f"level_{s.get('level')}", str(s.get("level"))) for s in item.get("selections", [])]
    return StoryView(
        title=str(item.get("title", "")),
        text=str(item.get("text", "")),
        why=str(item.get("why_significant", "")),
        teller=_who(item.get("teller_role"), lang),
        told=str(item.get("told_on", "")),
        selected_by=", ".join(levels),
    )


def _unheard(items: Sequence[Mapping[str, Any]], lang: Lang) -> tuple[str, ...]:
    return tuple(
        _WORDS[lang]["unheard_line"].format(
            segment=u.get("segment"), value=u.get("value"), served=count(int(u.get("served", 0)), lang),
            heard=count(int(u.get("heard", 0)), lang), expected=count(round(float(u.get("expected", 0))), lang),
        )
        for u in items
    )


def voices_by_dimension(review: Review, lang: Lang) -> dict[str, VoicesView]:
    """Each dimension's voices; a dimension nobody speaks of is absent (the silence map says so)."""
    section = review.voices
    if not section:
        return {}
    keys = [d.key for d in review.dimensions]
    themes = sorted(section.get("themes", []), key=lambda t: -int(t.get("count", 0)))
    stories = list(section.get("stories", []))
    home = BORROWERS_DIMENSION if BORROWERS_DIMENSION in keys else (keys[0] if keys else None)
    out: dict[str, VoicesView] = {}
    for key in keys:
        mine = [t for t in themes if key in t.get("dimensions", [])][:THEMES_PER_DIMENSION]
        told = [s for s in stories if s.get("dimension") == key]
        unheard = _unheard(section.get("segments_never_heard", []), lang) if key == home else ()
        if mine or told or unheard:
            out[key] = VoicesView(
                title=_WORDS[lang]["title"],
                themes=tuple(_theme(t, lang) for t in mine),
                stories=tuple(_story(s, lang) for s in told),
                unheard=unheard,
                words=_WORDS[lang],
            )
    return out
