"""Rising themes become signals: voice alerts, with the signals' own change-point test and FDR.

For each theme, the share of the notes of the people who do the work (staff, volunteers,
managers) that voice it is a monthly series with its n (trends.theme_series). Each series goes
through the drift detector (signals/drift.py: steps and ramps, seasons, serial correlation,
bootstrap p-value); the themes of one review form one family whose false discovery rate is
controlled by Benjamini-Hochberg (signals/fdr.py, `hierarchical`: a push, then its correction).

Theme shares add up to one: when one theme rises, the others fall by construction. A theme is
therefore reported only when its first (strongest) change is a rise; a later fall of the same
theme (the pressure receding after a correction) is reported with it. This replaces the simple
lexicon of signals/workload.py: `voice_alerts` is what the review calls instead of
`pressure_series`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass

from missionlens.signals.drift import Change, DriftResult, scan_series
from missionlens.signals.evidence import number, period_words
from missionlens.signals.fdr import ALPHA, hierarchical
from missionlens.signals.findings import Lang, Text
from missionlens.signals.series import Direction, Grain, as_of_index, period_index
from missionlens.voices.quotes import Quote, Redactor, shorten
from missionlens.voices.texts import STAFF_ROLES, VoiceText
from missionlens.voices.themes import Theme, ThemeModel
from missionlens.voices.trends import period_of, theme_series

_QUESTIONS: dict[str, tuple[Text, ...]] = {
    "pressure": (
        Text("Quels objectifs l'équipe a-t-elle reçus à cette date, et qui les a fixés ?",
             "What targets did the team receive at that time, and who set them?"),
        Text("Le temps passé avec chaque personne a-t-il baissé depuis ?",
             "Has the time given to each person fallen since?"),
    ),
    "lack_of_time": (
        Text("Des départs ont-ils été remplacés ? Combien de personnes chaque conseiller suit-il ?",
             "Were departures replaced? How many people does each advisor follow?"),
    ),
}
_GENERIC = Text("Qu'en disent celles et ceux qui ont écrit ces notes, et que changeraient-ils ?",
                "What do the people who wrote these notes say is behind it, and what would they change?")


@dataclass(frozen=True)
class VoiceAlert:
    """A theme whose share of the notes changed: shaped like the review's alerts, kind "voice"."""

    theme: str
    label: Text
    dimensions: tuple[str, ...]
    direction: Direction
    start: str
    magnitude: float
    confidence: float
    evidence: Text
    questions: tuple[Text, ...]
    n_before: int
    n_after: int
    count_after: int
    level_before: float
    level_after: float
    p_value: float
    q_value: float
    shape: str
    quote: Quote | None

    @property
    def indicator(self) -> str:
        return f"voice_{self.theme}"

    def to_json(self, lang: Lang = "en") -> dict[str, object]:
        return {
            "kind": "voice",
            "indicator": self.indicator,
            "theme": self.theme,
            "label": self.label.get(lang),
            "dimensions": list(self.dimensions),
            "direction": self.direction,
            "start": self.start,
            "magnitude": round(self.magnitude, 4),
            "confidence": round(self.confidence, 4),
            "evidence": self.evidence.get(lang),
            "questions": [q.get(lang) for q in self.questions],
            "before": self.level_before,
            "after": self.level_after,
            "n_before": self.n_before,
            "n_after": self.n_after,
            "count_after": self.count_after,
            "shape": self.shape,
            "p_value": self.p_value,
            "q_value": self.q_value,
            "quote": self.quote.to_json() if self.quote else None,
        }


def _quote_after(
    model: ThemeModel, texts: Sequence[VoiceText], theme: int, start: int, roles: Collection[str],
    grain: Grain, redact: Redactor,
) -> tuple[Quote | None, int, int]:
    """The theme's strongest text of the roles from the change on, how many voice the theme
    from then on, and how many texts of the roles there are from then on."""
    since = [
        i for i, text in enumerate(texts)
        if (text.role or "") in roles and (period_of(text, grain) or -1) >= start
    ]
    members = [i for i in since if model.assignment[i] == theme]
    if not members:
        return None, 0, len(since)
    best = max(members, key=lambda i: (model.strength[i], -len(texts[i].text)))
    text = texts[best]
    day = text.date
    quote = Quote(shorten(redact(text.text)),
                  day.strftime("%Y-%m") if day else None, text.role, text.source)
    return quote, len(members), len(since)


TEAM_NOTES = Text("notes de l'équipe", "the team's notes")
BORROWER_ANSWERS = Text("réponses des personnes accompagnées", "borrowers' answers")


def _evidence(
    theme: Theme, change: Change, count: int, total: int, quote: Quote | None, grain: Grain, who: Text,
) -> Text:
    when = period_words(change.start, grain)
    before = {lang: number(change.level_before, "share", lang) for lang in ("fr", "en")}
    after = {lang: number(change.level_after, "share", lang) for lang in ("fr", "en")}
    verb = {"up": ("est passée de", "rose from"), "down": ("est tombée de", "fell from")}[change.direction]
    said_fr = f" Par exemple : « {quote.text} »" if quote else ""
    said_en = f" For example: “{quote.text}”" if quote else ""
    return Text(
        f"La part des {who.fr} qui parlent de « {theme.label.fr} » {verb[0]} {before['fr']} "
        f"à {after['fr']} à partir de {when.fr} ; {count} sur {total} depuis.{said_fr}",
        f"The share of {who.en} that speak of \u201c{theme.label.en}\u201d {verb[1]} {before['en']} "
        f"to {after['en']} from {when.en}; {count} of {total} since.{said_en}",
    )


def voice_alerts(
    texts: Sequence[VoiceText], model: ThemeModel, *, as_of: dt.date | str, grain: Grain = "month",
    roles: Collection[str] = STAFF_ROLES, alpha: float = ALPHA,
    identifiers: Iterable[str] = (), names: Iterable[str] = (), who: Text = TEAM_NOTES,
) -> tuple[VoiceAlert, ...]:
    """The themes whose share of the texts of `roles` rose (then, maybe, fell back), as alerts;
    `who` names those texts in the evidence (the team's notes, or the borrowers' answers)."""
    last = as_of_index(as_of, grain)
    scans: dict[int, DriftResult] = {}
    for index in range(len(model.themes)):
        series = theme_series(model, texts, index, roles=roles, grain=grain, last_index=last)
        if series is not None:
            scans[index] = scan_series(series, grain=grain, last_index=last)
    family = {
        str(i): [c.p_value for c in sorted(r.changes, key=lambda c: c.order)]
        for i, r in scans.items() if r.status == "tested"
    }
    kept = hierarchical(family, alpha)
    redact = Redactor(identifiers, names)
    alerts: list[VoiceAlert] = []
    for key, qs in kept.items():
        index = int(key)
        changes = sorted(scans[index].changes, key=lambda c: c.order)[: len(qs)]
        if not changes or changes[0].direction != "up":
            continue
        theme = model.themes[index]
        for change, q in zip(changes, qs, strict=True):
            quote, count, total = _quote_after(model, texts, index, period_index(change.start, grain), roles, grain,
                                        redact)
            alerts.append(VoiceAlert(
                theme=theme.key, label=theme.label, dimensions=theme.dimensions, direction=change.direction,
                start=change.start, magnitude=change.magnitude, confidence=1.0 - q,
                evidence=_evidence(theme, change, count, total, quote, grain, who),
                questions=(*_QUESTIONS.get(theme.seed or "", ()), _GENERIC),
                n_before=change.n_before, n_after=change.n_after, count_after=count,
                level_before=change.level_before, level_after=change.level_after,
                p_value=change.p_value, q_value=q, shape=change.shape, quote=quote,
            ))
    return tuple(sorted(alerts, key=lambda a: (a.q_value, -abs(a.magnitude), a.theme, a.start)))
