"""Workload and human work: the share of staff notes that voice pressure, as a monthly series.

The other workload indicators (caseload per advisor, minutes per session, follow-up minutes per
borrower, the volunteer share of accompaniment) come from the engine and go through the drift
detector like any other series (kind "workload"). This module turns the notes of the people who
do the work (author_role staff, volunteer or manager) into `pressure_notes_share`: the notes of
the period that voice pressure or lack of time (lexicon.py) over the notes of the period, n being
that count of notes, so that a month with five notes weighs what five notes weigh.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from missionlens.signals.lexicon import voices_pressure
from missionlens.signals.series import Grain, SeriesInput, period_label

PRESSURE_KEY = "pressure_notes_share"
STAFF_ROLES: frozenset[str] = frozenset({"staff", "volunteer", "manager"})


@dataclass(frozen=True)
class NoteText:
    date: dt.date
    author_role: str
    text: str | None


def _index(day: dt.date, grain: Grain) -> int:
    if grain == "year":
        return day.year
    if grain == "quarter":
        return day.year * 4 + (day.month - 1) // 3
    return day.year * 12 + day.month - 1


def pressure_series(
    notes: Sequence[NoteText], *, grain: Grain = "month", dimensions: Sequence[str] = ("people",)
) -> SeriesInput | None:
    """The share of staff notes voicing pressure, per period from the first to the last note.

    Periods without any staff note have no value (None), never 0. None when there is no staff note.
    """
    totals: dict[int, int] = {}
    pressed: dict[int, int] = {}
    for note in notes:
        if note.author_role not in STAFF_ROLES:
            continue
        idx = _index(note.date, grain)
        totals[idx] = totals.get(idx, 0) + 1
        if voices_pressure(note.text):
            pressed[idx] = pressed.get(idx, 0) + 1
    if not totals:
        return None
    first, last = min(totals), max(totals)
    periods = [period_label(i, grain) for i in range(first, last + 1)]
    values: list[float | None] = [pressed.get(i, 0) / totals[i] if i in totals else None for i in range(first, last + 1)]
    n: list[int | None] = [totals.get(i) for i in range(first, last + 1)]
    return SeriesInput(PRESSURE_KEY, periods, values, n, "share", tuple(dimensions))
