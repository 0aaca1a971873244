"""detect(): every signal of a review, from series to findings, in one pure function.

1. Every series is scanned for a change (drift.py); a stock with an inflow (PAR) through its
   inflow (stocks.py), the inflow then not tested on its own; a count with an exposure (crisis
   sessions) per unit of it (series.per_exposure); pure volumes are scanned only when a declared
   tension needs them, and never raise an alert by themselves: they grow with the organisation.
   Cohort views on the current status (series.CURRENT_STATUS_KEYS) are not scanned: their months
   are not comparable along time.
2. The p-values of all the other series form one family; Benjamini-Hochberg (fdr.py) turns them
   into q-values and an alert is raised when q <= ALPHA; a series' later changes (a push, then
   its correction) are tested in turn below it (fdr.hierarchical). Confidence = 1 - q.
3. Alerts of one family (the outreach shares; the workload indicators) whose starts' confidence
   sets overlap are dated at the start they share (dating.py); every alert says which starts its
   own data allow (`start_window`).
4. Declared tensions are looked for among the alerts (tensions.py); an alert on the quality side
   of a tension at work is of kind "tension".
5. Who is declined is compared with who is served (outreach.py), the silence map is drawn
   (silences.py) and the attention balance read from the mission (attention.py).

Time is passed in: `as_of` is the last period the review looks at; later periods are ignored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace

from missionlens.mission import Mission
from missionlens.signals import evidence
from missionlens.signals.dating import Dated, shared_starts
from missionlens.signals.attention import attention_balance, volume_indicators
from missionlens.signals.drift import Change, DriftResult
from missionlens.signals.fdr import ALPHA, hierarchical
from missionlens.signals.findings import Alert, OutreachGap, SignalsResult, Text
from missionlens.signals.outreach import DECLINED_KEY, SERVED_KEY, declined_vs_served
from missionlens.signals.series import (
    COUNT_EXPOSURES,
    CURRENT_STATUS_KEYS,
    RATE_PER,
    STOCK_INFLOWS,
    VOLUME_KEYS,
    Grain,
    SeriesInput,
    as_of_index,
    kind_of,
    per_exposure,
    seasoning_end,
)
from missionlens.signals.stocks import InflowChange, scan_key
from missionlens.signals.silences import EvidenceItem, silence_map
from missionlens.signals.tensions import find_tensions
from missionlens.signals.workload import NoteText, pressure_series


def _dimensions(mission: Mission | None, series: SeriesInput) -> tuple[str, ...]:
    if series.dimensions:
        return tuple(series.dimensions)
    if mission is not None and series.key in mission.indicator_keys:
        return mission.dimensions_of(series.key)
    return ()


# The alert kinds whose indicators one cause moves at once (who is recruited; how much work there
# is per person): their shared changes are dated together (dating.py). The other drift indicators
# follow lending by months (arrears, write-offs, survival) and are each their own family.
SHARED_START_KINDS: frozenset[str] = frozenset({"outreach", "workload"})


def dating_family(key: str) -> str:
    """The family a change of `key` is dated with: its alert kind, or itself (docs/signals.md)."""
    kind = kind_of(key)
    return kind if kind in SHARED_START_KINDS else key


def make_alert(series: SeriesInput, change: Change, q_value: float, mission: Mission | None, grain: Grain,
               inflow: InflowChange | None = None, found: Change | None = None, dated_with: Sequence[str] = ()
               ) -> Alert:
    """The alert of one change; `found` is the change as its own series dated it (its start's
    confidence set), when `change` is that change dated at a start shared with `dated_with`."""
    n = change.n_before + change.n_after
    own = found if found is not None else change
    labels = {own.start_index: own.start, **{a.start_index: a.start for a in own.alternatives}}
    window = (labels[min(labels)], labels[max(labels)])
    name = evidence.title(mission, series.key)
    if series.unit == "rate" and series.key in COUNT_EXPOSURES:
        name = evidence.per_units(name, evidence.title(mission, COUNT_EXPOSURES[series.key]), RATE_PER)
    words = evidence.change_sentence(
        name, series.unit, change.direction, change.level_before,
        change.level_after, change.start, grain, n, series.key, gradual=change.shape == "ramp",
    )
    if inflow is not None:
        more = evidence.inflow_sentence(evidence.title(mission, inflow.key), inflow.level_before, inflow.level_after)
        words = Text(f"{words.fr} {more.fr}", f"{words.en} {more.en}")
    timing = evidence.timing_sentence(window, [evidence.title(mission, k) for k in dated_with], grain)
    if timing is not None:
        words = Text(f"{words.fr} {timing.fr}", f"{words.en} {timing.en}")
    return Alert(
        kind=kind_of(series.key),
        indicator=series.key,
        dimensions=_dimensions(mission, series),
        direction=change.direction,
        start=change.start,
        magnitude=change.magnitude,
        confidence=1.0 - q_value,
        evidence=words,
        questions=evidence.questions(mission, series.key, change.start, grain),
        n_before=change.n_before,
        n_after=change.n_after,
        level_before=change.level_before,
        level_after=change.level_after,
        p_value=change.p_value,
        q_value=q_value,
        shape=change.shape,
        start_window=window,
        dated_with=tuple(dated_with),
    )


def tested_series(
    series_by_key: Mapping[str, SeriesInput], notes: Sequence[NoteText], grain: Grain
) -> dict[str, SeriesInput]:
    """The series as they are tested: counts per unit of their exposure, plus the notes' pressure."""
    series = dict(series_by_key)
    for count, exposure in COUNT_EXPOSURES.items():
        if count in series and exposure in series:
            series[count] = per_exposure(series[count], series[exposure])
    pressure = pressure_series(notes, grain=grain) if notes else None
    if pressure is not None:
        series[pressure.key] = pressure
    return series


def detect(
    series_by_key: Mapping[str, SeriesInput],
    *,
    mission: Mission | None,
    as_of: dt.date | str,
    grain: Grain = "month",
    notes: Sequence[NoteText] = (),
    evidence_items: Sequence[EvidenceItem] = (),
    alpha: float = ALPHA,
) -> SignalsResult:
    """Alerts, tensions, silences and the attention balance of one organisation's series."""
    last = as_of_index(as_of, grain)
    series = tested_series(series_by_key, notes, grain)
    volumes = volume_indicators(mission) if mission is not None else VOLUME_KEYS
    needed = {t.volume for t in mission.tensions} if mission is not None else set()
    first = seasoning_end(series, grain)
    scans: dict[str, DriftResult] = {}
    inflows: dict[str, dict[str, InflowChange]] = {}
    tested_as_inflow = {flow for stock, flow in STOCK_INFLOWS.items() if stock in series and flow in series}
    for key in series:
        if (key in VOLUME_KEYS and key not in needed) or key in CURRENT_STATUS_KEYS or key in tested_as_inflow:
            continue
        scans[key], inflows[key] = scan_key(series, key, grain=grain, last_index=last, first_index=first)
    family = {
        k: [c.p_value for c in sorted(r.changes, key=lambda c: c.order)]
        for k, r in scans.items() if k not in VOLUME_KEYS and r.status == "tested"
    }
    kept = hierarchical(family, alpha)
    raised = [Dated(key, change.order, change) for key, qs in kept.items()
              for change in sorted(scans[key].changes, key=lambda c: c.order)[:len(qs)]]
    dated = shared_starts(raised, dating_family)
    alerts: list[Alert] = []
    for key, qs in kept.items():
        behind = inflows.get(key, {})
        for item, q in zip((d for d in raised if d.indicator == key), qs, strict=False):
            dating = dated[(key, item.order)]
            alerts.append(make_alert(series[key], dating.change, q, mission, grain, behind.get(item.change.start),
                                     found=item.change, dated_with=dating.shared_with))
    tensions = find_tensions(mission, series, alerts, scans, grain=grain, last_index=last, first_index=first)
    in_tension = {(t.quality, t.quality_start) for t in tensions}
    alerts = [replace(a, kind="tension") if (a.indicator, a.start) in in_tension else a for a in alerts]
    gaps: tuple[OutreachGap, ...] = ()
    if DECLINED_KEY in series and SERVED_KEY in series:
        gap = declined_vs_served(series[DECLINED_KEY], series[SERVED_KEY], grain=grain, last_index=last)
        gaps = (gap,) if gap is not None else ()
    silences = silence_map(mission, series, evidence_items, as_of, grain=grain) if mission is not None else ()
    ordered = sorted(alerts, key=lambda a: (a.q_value, -abs(a.magnitude), a.indicator))
    return SignalsResult(
        alerts=tuple(ordered),
        tensions=tensions,
        silences=silences,
        attention=attention_balance(mission) if mission is not None else None,
        too_short=tuple(sorted(k for k, r in scans.items() if r.status == "too_short" and k not in volumes)),
        outreach_gaps=gaps,
        tested=len(family),
        p_values={k: ps[0] for k, ps in family.items() if ps},
    )
