"""The mission as a whole, for the overview: the silence map, the attention balance and the
pressure voiced in the staff's notes (issue 4, sections 4 to 6).

"Numbers are never neutral: they carry a view of the world that can create silence and
ignorance" (Drujon d'Astros, Leca, Morales 2024). The silence map shows, per dimension, which
numbers and which voices still cover it; the attention balance shows where the targets, and so
the pressure, sit; the notes' pressure is the staff's own words on their workload.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from missionlens.report import charts
from missionlens.report.findings import NOTES_PRESSURE, FindingView, findings_for, markers
from missionlens.report.labels import Lang, count, date_text, figure, period, text, word
from missionlens.review.model import Review

PRESSURE_ORDER = ("none", "internal", "funding", "pay")
USE_ORDER = ("learning", "accountability", "reward")


@dataclass(frozen=True)
class AttentionRow:
    dimension: str
    title: str
    indicators: int
    targeted: tuple[str, ...]  # titles of the targeted indicators
    pressures: tuple[tuple[str, str, int], ...]  # (pressure, in words, targets)
    uses: tuple[tuple[str, str, int], ...]  # (use, in words, indicators)


@dataclass(frozen=True)
class AttentionView:
    rows: tuple[AttentionRow, ...]
    evidence: str
    volume_only: bool
    targets: int


@dataclass(frozen=True)
class NotesPressureView:
    """The share of staff notes voicing pressure: a series of the review with no card of its own."""

    dimension: str
    chart: Markup | None
    latest: str
    n: str
    period: str
    findings: tuple[FindingView, ...]


def silence_chart(review: Review, titles: dict[str, str], lang: Lang) -> Markup | None:
    if not review.silences:
        return None
    rows = [
        charts.SilenceRow(
            dimension=titles.get(s.dimension, s.dimension),
            status=s.status,
            status_word=word(lang, s.status),
            indicators=s.indicators,
            voices=tuple((role, word(lang, role), n) for role, n in s.voices.items()),
            latest=date_text(s.last_evidence, lang) if s.last_evidence else "–",
        )
        for s in review.silences
    ]
    return Markup(charts.silence_svg(rows, lang=lang))


def attention(review: Review, titles: dict[str, str], lang: Lang) -> AttentionView | None:
    balance = review.attention
    if balance is None:
        return None
    rows = []
    for d in balance.dimensions:
        named = tuple((i.title if (i := review.indicator(k)) is not None else k) for k in d.targeted)
        rows.append(AttentionRow(
            dimension=d.dimension,
            title=titles.get(d.dimension, d.dimension),
            indicators=d.indicators,
            targeted=named,
            pressures=tuple((p, word(lang, p), d.pressures[p]) for p in PRESSURE_ORDER if d.pressures.get(p)),
            uses=tuple((u, word(lang, u), d.uses[u]) for u in USE_ORDER if d.uses.get(u)),
        ))
    return AttentionView(tuple(rows), balance.evidence, balance.volume_only, balance.targets)


def notes_pressure(review: Review, lang: Lang) -> NotesPressureView | None:
    """The pressure in the notes, placed in the dimension its alerts name (people by default)."""
    points = review.notes_pressure
    valued = [p for p in points if p.value is not None]
    if not valued:
        return None
    alerts = [a for a in review.alerts if a.indicator == NOTES_PRESSURE]
    keys = [d.key for d in review.dimensions]
    named = [d for a in alerts for d in a.dimensions if d in keys]
    dimension = named[0] if named else ("people" if "people" in keys else (keys[-1] if keys else "other"))
    chart = Markup(charts.trend_svg(points, unit="share", lang=lang, title=text(lang, "notes_pressure"),
                                    markers=markers(NOTES_PRESSURE, review, lang)))
    last = valued[-1]
    return NotesPressureView(
        dimension=dimension,
        chart=chart,
        latest=figure(last.value, "share", lang),
        n=count(last.n, lang),
        period=period(last.period, lang),
        findings=findings_for(NOTES_PRESSURE, review, lang),
    )
