"""The silence map: which parts of the mission no number and no voice covers any more.

"Numbers are never neutral: they carry a view of the world that can create silence and
ignorance" (Drujon d'Astros, Leca, Morales 2024). For each dimension of the mission, over the
RECENT_MONTHS months up to `as_of`:

- `indicators`: the dimension's indicators with at least one value in the window;
- `evidence_items`: the notes, feedback and stories about the dimension dated in the window, with
  `voices` counting them by author role and `last_evidence` the date of the latest (any time);

and its status, by this rule (docs/signals.md):

- `silent`: no indicator with data and no evidence item in the window;
- `covered`: at least one indicator with data, and at least MIN_ITEMS evidence items from at
  least MIN_VOICES different roles in the window: the numbers are read beside people's words;
- `thin`: anything in between (numbers alone, or a voice or two, or words without numbers).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from missionlens.mission import Mission
from missionlens.signals.findings import SilenceEntry, SilenceStatus
from missionlens.signals.series import Grain, SeriesInput, as_of_index, period_index, periods_per_year

RECENT_MONTHS = 12
MIN_ITEMS = 3
MIN_VOICES = 2


@dataclass(frozen=True)
class EvidenceItem:
    """One piece of the field's own evidence: a note, a feedback answer, a story."""

    dimension: str | None
    date: dt.date
    author_role: str
    kind: str


def _as_of_date(as_of: dt.date | str) -> dt.date:
    if isinstance(as_of, dt.date):
        return as_of
    if len(as_of) == 7:
        year, month = int(as_of[:4]), int(as_of[5:7])
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    if len(as_of) == 4:
        return dt.date(int(as_of), 12, 31)
    return dt.date.fromisoformat(as_of)


def _window_start(day: dt.date) -> dt.date:
    """The first day of the RECENT_MONTHS-month window ending with the month of `day`."""
    index = day.year * 12 + day.month - RECENT_MONTHS
    return dt.date(index // 12, index % 12 + 1, 1)


def status_of(indicators: int, items: int, voices: int) -> SilenceStatus:
    if indicators == 0 and items == 0:
        return "silent"
    if indicators >= 1 and items >= MIN_ITEMS and voices >= MIN_VOICES:
        return "covered"
    return "thin"


def silence_map(
    mission: Mission,
    series_by_key: Mapping[str, SeriesInput],
    evidence: Sequence[EvidenceItem],
    as_of: dt.date | str,
    *, grain: Grain = "month",
) -> tuple[SilenceEntry, ...]:
    end = _as_of_date(as_of)
    start = _window_start(end)
    last = as_of_index(as_of, grain)
    first = last - max(1, RECENT_MONTHS * periods_per_year(grain) // 12) + 1
    entries: list[SilenceEntry] = []
    for dim in mission.dimensions:
        with_data = sorted(
            key for key, series in series_by_key.items()
            if dim in _dimensions(mission, key, series) and _has_data(series, first, last, grain)
        )
        items = [e for e in evidence if e.dimension == dim and e.date <= end]
        recent = [e for e in items if e.date >= start]
        voices = Counter(e.author_role for e in recent)
        latest = max((e.date for e in items), default=None)
        entries.append(SilenceEntry(
            dimension=dim,
            indicators=len(with_data),
            evidence_items=len(recent),
            last_evidence=latest.isoformat() if latest else None,
            voices=dict(sorted(voices.items())),
            status=status_of(len(with_data), len(recent), len(voices)),
            indicator_keys=tuple(with_data),
        ))
    return tuple(entries)


def _dimensions(mission: Mission, key: str, series: SeriesInput) -> tuple[str, ...]:
    if series.dimensions:
        return tuple(series.dimensions)
    try:
        return mission.dimensions_of(key)
    except StopIteration:
        return ()


def _has_data(series: SeriesInput, first: int, last: int, grain: Grain) -> bool:
    return any(
        v is not None and first <= period_index(p, grain) <= last
        for p, v in zip(series.periods, series.values, strict=True)
    )
