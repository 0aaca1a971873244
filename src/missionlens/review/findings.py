"""The review's findings: the signals (issue 4) run on the review's own monthly series.

The review hands the signals package (signals.detect) what it has already computed: every
indicator's monthly series with its n, the mission, the notes' texts (pressure in the notes) and
the field's evidence items (notes, feedback) for the silence map. The findings come back in both
languages; the review keeps its own language's words (spec/review-json.md: `evidence` in plain
words, `questions` drawn from the card).

Time is passed in (STYLE.md): the signals read up to the last complete month of the data, never
the clock. A last month that the data end inside (data_end before its last day) is left out: its
totals are low because of the calendar, not the activity, and a detector would read them as a fall.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from missionlens.mission import Mission
from missionlens.review.model import (
    Alert,
    Attention,
    DimensionAttention,
    IndicatorReview,
    Lang,
    OutreachGap,
    Point,
    Silence,
    SignalsRun,
    Tension,
)
from missionlens.signals import EvidenceItem, NoteText, SeriesInput, SignalsResult, detect, pressure_series
from missionlens.signals import Alert as SignalAlert
from missionlens.signals import TensionFinding as SignalTension
from missionlens.signals.fdr import ALPHA
from missionlens.voices import VoiceAlert, VoicesAnalysis

BORROWER = "borrower"
# The indicators a feedback answer feeds (catalogue): an answer is evidence for their dimensions.
_FEEDBACK_RECOMMEND = "recommend_score"
_FEEDBACK_LIFE = "life_better_share"
_FEEDBACK_ANY = "voices_heard"


@dataclass(frozen=True)
class FieldEvidence:
    """What people wrote, as the signals read it: the notes' texts and the evidence items."""

    notes: tuple[NoteText, ...] = ()
    items: tuple[EvidenceItem, ...] = ()
    note_count: int = 0
    feedback_count: int = 0


@dataclass(frozen=True)
class Findings:
    """The signals' results, in the review's language."""

    alerts: tuple[Alert, ...]
    tensions: tuple[Tension, ...]
    silences: tuple[Silence, ...]
    attention: Attention | None
    outreach_gaps: tuple[OutreachGap, ...]
    run: SignalsRun
    notes_pressure: tuple[Point, ...] = field(default=())


def _rows(path: Path | None, columns: Sequence[str]) -> list[dict[str, Any]]:
    if path is None or not path.exists():
        return []
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    present = [c for c in columns if c in table.column_names]
    rows: list[dict[str, Any]] = table.select(present).to_pylist()
    return rows


def _dimensions_of(mission: Mission, key: str) -> tuple[str, ...]:
    try:
        return tuple(d for d in mission.dimensions_of(key) if d in mission.dimensions)
    except StopIteration:
        return ()


def field_evidence(mission: Mission, notes_path: Path | None, feedback_path: Path | None) -> FieldEvidence:
    """The notes and feedback of a store version, as the signals' inputs.

    A note is evidence for the dimension it names (notes.dimension; a note naming none, or a key
    the mission does not have, still counts for the pressure in the notes). A feedback answer is
    the borrowers' own voice: evidence for the dimensions of the indicators it feeds (recommend ->
    recommend_score, life_change -> life_better_share, any answer -> voices_heard), so that a
    mission that moves those indicators moves the answers with them.
    """
    notes = _rows(notes_path, ("date", "author_role", "kind", "dimension", "text"))
    feedback = _rows(feedback_path, ("date", "recommend", "life_change", "text"))
    texts = tuple(NoteText(r["date"], str(r["author_role"]), r.get("text")) for r in notes if r.get("date"))
    items: list[EvidenceItem] = [
        EvidenceItem(str(r["dimension"]), r["date"], str(r["author_role"]), str(r.get("kind") or "note"))
        for r in notes if r.get("date") and r.get("dimension")
    ]
    for row in feedback:
        if not row.get("date"):
            continue
        keys = [_FEEDBACK_ANY]
        if row.get("recommend") is not None:
            keys.append(_FEEDBACK_RECOMMEND)
        if row.get("life_change"):
            keys.append(_FEEDBACK_LIFE)
        dims = dict.fromkeys(d for k in keys for d in _dimensions_of(mission, k))
        items.extend(EvidenceItem(d, row["date"], BORROWER, "feedback") for d in dims)
    return FieldEvidence(texts, tuple(items), len(notes), len(feedback))


VOICE_TABLES = ("notes", "feedback", "borrowers", "loans", "branches")


def month_end(month: str) -> dt.date:
    """The last day of a YYYY-MM month."""
    first = dt.date(int(month[:4]), int(month[5:7]), 1)
    return (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def field_voices(paths: Mapping[str, Path | None], as_of: str | None) -> VoicesAnalysis | None:
    """The voices (themes, voice alerts, the borrowers' figures) of a store version, read up to the
    end of `as_of` (the signals' last month); None when there is nothing to read."""
    if as_of is None or (paths.get("notes") is None and paths.get("feedback") is None):
        return None
    import pyarrow.parquet as pq

    from missionlens.voices import analyse

    frames = {
        name: pq.read_table(path).to_pandas() for name in VOICE_TABLES
        if (path := paths.get(name)) is not None and path.exists()
    }
    return analyse(
        as_of=month_end(as_of), notes=frames.get("notes"), feedback=frames.get("feedback"),
        borrowers=frames.get("borrowers"), loans=frames.get("loans"), branches=frames.get("branches"),
    )


def last_complete_month(last_month: str | None, data_end: str | None) -> str | None:
    """The last month the signals may read: the data's last month, or the one before it when the
    data end inside it."""
    if not last_month:
        return None
    if data_end and len(data_end) >= 10 and data_end[:7] == last_month:
        day = dt.date.fromisoformat(data_end[:10])
        if (day + dt.timedelta(days=1)).month == day.month:
            index = int(last_month[:4]) * 12 + int(last_month[5:7]) - 2
            return f"{index // 12}-{index % 12 + 1:02d}"
    return last_month


def series_input(item: IndicatorReview) -> SeriesInput:
    """An indicator's monthly series as the signals read it: a value "too few to say" is no value."""
    return SeriesInput(
        key=item.key,
        periods=[p.period for p in item.monthly],
        values=[None if p.too_few else p.value for p in item.monthly],
        n=[p.n for p in item.monthly],
        unit=item.unit,
        dimensions=item.dimensions,
    )


def _shared(alert: SignalAlert | VoiceAlert, lang: Lang) -> dict[str, Any]:
    """What an alert of the detectors and a voice alert both carry, in the review's words."""
    return {
        "indicator": alert.indicator,
        "dimensions": alert.dimensions,
        "direction": alert.direction,
        "start": alert.start,
        "magnitude": alert.magnitude,
        "confidence": min(1.0, max(0.0, alert.confidence)),
        "evidence": alert.evidence.get(lang),
        "questions": tuple(q.get(lang) for q in alert.questions),
        "before": alert.level_before,
        "after": alert.level_after,
        "n": alert.n_before + alert.n_after,
        "n_before": alert.n_before,
        "n_after": alert.n_after,
        "p_value": alert.p_value,
        "q_value": alert.q_value,
    }


def _alert(alert: SignalAlert, lang: Lang) -> Alert:
    return Alert(kind=alert.kind, shape=alert.shape, start_window=alert.start_window, dated_with=alert.dated_with,
                 **_shared(alert, lang))


def _voice_alert(alert: VoiceAlert, lang: Lang) -> Alert:
    quote = alert.to_json(lang).get("quote")
    return Alert(
        kind="voice",
        shape="ramp" if alert.shape == "ramp" else "step",
        theme=alert.theme,
        label=alert.label.get(lang),
        quote=quote if isinstance(quote, Mapping) else None,
        count_after=alert.count_after,
        **_shared(alert, lang),
    )


def _tension(tension: SignalTension, lang: Lang) -> Tension:
    return Tension(
        volume=tension.volume,
        quality=tension.quality,
        start=tension.start,
        confidence=min(1.0, max(0.0, tension.confidence)),
        evidence=tension.evidence.get(lang),
        dimensions=tension.dimensions,
        volume_change=tension.volume_change,
        quality_change=tension.quality_change,
        lag_months=tension.lag_months,
        questions=tuple(q.get(lang) for q in tension.questions),
        volume_start=tension.volume_start,
        quality_start=tension.quality_start,
        why=tension.why.get(lang),
    )


def _pressure_points(notes: Iterable[NoteText], calendar: Sequence[str]) -> tuple[Point, ...]:
    series = pressure_series(tuple(notes))
    if series is None:
        return ()
    by_period = {p: Point(p, v, n) for p, v, n in zip(series.periods, series.values, series.n, strict=True)}
    periods = sorted(set(calendar) | set(by_period))
    return tuple(by_period.get(p, Point(p, None)) for p in periods)


def find(
    mission: Mission,
    lang: Lang,
    indicators: Sequence[IndicatorReview],
    *,
    as_of: str,
    evidence: FieldEvidence,
    calendar: Sequence[str] = (),
    voices: VoicesAnalysis | None = None,
) -> Findings:
    """Run every signal on the review's monthly series and word the findings in `lang`.

    With `voices` (the text analysis of voices/), the rising themes of the notes are the voice
    alerts and the simple pressure lexicon of signals/workload.py is not asked for an alert: the
    same words would be counted twice. Its monthly share is still drawn (`notes_pressure`).
    """
    series: Mapping[str, SeriesInput] = {
        i.key: series_input(i) for i in indicators if i.status == "ok"
    }
    result: SignalsResult = detect(
        series, mission=mission, as_of=as_of, grain="month",
        notes=() if voices is not None else evidence.notes, evidence_items=evidence.items,
    )
    voice_alerts = tuple(_voice_alert(a, lang) for a in voices.alerts) if voices is not None else ()
    attention = None
    if result.attention is not None:
        a = result.attention
        attention = Attention(
            dimensions=tuple(
                DimensionAttention(d.dimension, d.indicators, tuple(d.targeted), dict(d.pressures), dict(d.uses))
                for d in a.dimensions
            ),
            targets=a.targets,
            volume_targets=a.volume_targets,
            volume_only=a.volume_only,
            untargeted_dimensions=tuple(a.untargeted_dimensions),
            evidence=a.evidence.get(lang),
        )
    return Findings(
        alerts=tuple(_alert(a, lang) for a in result.alerts) + voice_alerts,
        tensions=tuple(_tension(t, lang) for t in result.tensions),
        silences=tuple(
            Silence(s.dimension, s.indicators, s.evidence_items, s.last_evidence, s.status, dict(s.voices),
                    tuple(s.indicator_keys))
            for s in result.silences
        ),
        attention=attention,
        outreach_gaps=tuple(
            OutreachGap(g.declined_share, g.served_share, g.n_declined, g.n_served, g.period_from, g.period_to,
                        g.p_value, g.evidence.get(lang))
            for g in result.outreach_gaps
        ),
        run=SignalsRun(
            as_of=as_of, tested=result.tested, alpha=ALPHA, too_short=tuple(result.too_short),
            notes=evidence.note_count, feedback=evidence.feedback_count,
        ),
        notes_pressure=_pressure_points(evidence.notes, calendar),
    )
