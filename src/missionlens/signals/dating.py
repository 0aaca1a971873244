"""When did it start? Changes that several indicators share are dated at their common start.

One series alone dates a slow change poorly: an outreach share that drifts over a year and a
half fits a step in the middle of the drift about as well as a ramp from its onset, and the
middle wins by a hair of noise. When a cause moves several indicators at once (a volume target,
a change of recruitment), the starts their own data allow overlap, and the start they share is
better determined than any one of them: the estimate of a common break date gains precision with
every series that has it (Bai, Lumsdaine and Stock 1998).

Each change carries its start's confidence set (drift.py: the starts whose likelihood ratio
against the best one is under START_MARGIN). Within a family of indicators, the start found in
the most sets (of at least two indicators) is their common start; every change whose set holds it
is dated there; the others are looked at again for a further common start. A change no other
indicator shares keeps its own start, and no change is ever dated where its own data reject it.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass

from missionlens.signals.drift import Change

MIN_SHARED = 2  # indicators that must share a start for it to be common


@dataclass(frozen=True)
class Dated:
    """A change of one indicator, by its place among the indicator's changes."""

    indicator: str
    order: int
    change: Change


def _at(change: Change, start: int) -> Change:
    if start == change.start_index:
        return change
    for alternative in change.alternatives:
        if alternative.start_index == start:
            return alternative
    raise ValueError(f"start {start} is not in the change's confidence set")


def _common_start(items: list[Dated]) -> tuple[int, list[Dated]] | None:
    """The start in the most confidence sets (distinct indicators), ties broken by the smallest
    total gap below each indicator's best start; with, per indicator, its change dated there."""
    best: tuple[int, float, int] | None = None
    for start in sorted({s for item in items for s in item.change.starts}):
        gaps: dict[str, float] = {}
        for item in items:
            if start in item.change.starts:
                gap = _at(item.change, start).start_gap
                gaps[item.indicator] = min(gap, gaps.get(item.indicator, gap))
        key = (len(gaps), -sum(gaps.values()), start)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None or best[0] < MIN_SHARED:
        return None
    start = best[2]
    chosen: dict[str, Dated] = {}
    for item in items:
        if start in item.change.starts:
            held = chosen.get(item.indicator)
            if held is None or _at(item.change, start).start_gap < _at(held.change, start).start_gap:
                chosen[item.indicator] = item
    return start, list(chosen.values())


@dataclass(frozen=True)
class Dating:
    """A change as reported: at its own start, or at the start it shares with `shared_with`."""

    change: Change
    shared_with: tuple[str, ...] = ()


def shared_starts(changes: list[Dated], family: Callable[[str], Hashable]) -> Mapping[tuple[str, int], Dating]:
    """Each change, dated at the common start of its family's changes when its data allow it."""
    out = {(d.indicator, d.order): Dating(d.change) for d in changes}
    groups: dict[Hashable, list[Dated]] = {}
    for d in changes:
        groups.setdefault(family(d.indicator), []).append(d)
    for items in groups.values():
        left = list(items)
        while True:
            common = _common_start(left)
            if common is None:
                break
            start, members = common
            names = sorted(d.indicator for d in members)
            for d in members:
                out[(d.indicator, d.order)] = Dating(_at(d.change, start), tuple(n for n in names if n != d.indicator))
            placed = {(d.indicator, d.order) for d in members}
            left = [d for d in left if (d.indicator, d.order) not in placed]
    return out
