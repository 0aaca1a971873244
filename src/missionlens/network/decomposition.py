"""Within and composition: why the network's mean of an indicator changed between two years.

spec/institution-panel.md asks that the change of the network's mean between years a and b be
split into `within` (institutions present both years changing) and `composition` (institutions
entering or leaving), with change = within + composition. The formula used, with S_a and S_b the
institutions with a value in each year, C = S_a ∩ S_b the stayers, E = S_b \\ C the entrants,
X = S_a \\ C the leavers, and every institution weighing the same:

    change      = mean_{S_b} x_b - mean_{S_a} x_a
    within      = mean_C x_b - mean_C x_a
    composition = change - within
                = (|E| / |S_b|) (mean_E x_b - mean_C x_b) - (|X| / |S_a|) (mean_X x_a - mean_C x_a)

so composition is what entrants add (how far they sit from the stayers, times their weight) less
what leavers took away. A network that drifts only because commercial institutions joined shows
composition, not within. The mean is sensitive to a few extreme institutions: read it beside the
medians of distribution.py.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from missionlens.network.distribution import THIN_YEAR
from missionlens.network.institutions import IndicatorKey, Institution

DECOMPOSED: tuple[IndicatorKey, ...] = ("depth", "women_share", "average_loan_balance", "par30")
# Windows of this many years between the first and last well-covered years, plus the whole span.
WINDOW_YEARS = 5


@dataclass(frozen=True)
class Decomposition:
    start: int
    end: int
    indicator: IndicatorKey
    change: float
    within: float
    composition: float
    stayers: int
    entrants: int
    leavers: int


def decompose(institutions: Sequence[Institution], key: IndicatorKey, start: int, end: int) -> Decomposition | None:
    """The decomposition between `start` and `end`; None when no institution has values in both years."""
    at_a = {i.institution_id: v for i in institutions if (v := i.value_in(key, start)) is not None}
    at_b = {i.institution_id: v for i in institutions if (v := i.value_in(key, end)) is not None}
    stayers = sorted(set(at_a) & set(at_b))
    if not stayers:
        return None
    change = statistics.fmean(at_b.values()) - statistics.fmean(at_a.values())
    within = statistics.fmean(at_b[k] for k in stayers) - statistics.fmean(at_a[k] for k in stayers)
    return Decomposition(start, end, key, change, within, change - within, len(stayers),
                         len(at_b) - len(stayers), len(at_a) - len(stayers))


def covered_years(institutions: Sequence[Institution]) -> list[int]:
    """The years with at least THIN_YEAR institutions."""
    years = sorted({y for i in institutions for y in i.years})
    return [y for y in years if sum(1 for i in institutions if y in i.years) >= THIN_YEAR]


def decompositions(institutions: Sequence[Institution]) -> list[Decomposition]:
    """Over the whole well-covered span, then over consecutive windows of WINDOW_YEARS."""
    years = covered_years(institutions)
    if len(years) < 2:
        return []
    first, last = years[0], years[-1]
    spans = [(first, last)]
    spans += [(a, min(a + WINDOW_YEARS, last)) for a in range(first, last, WINDOW_YEARS) if min(a + WINDOW_YEARS, last) > a]
    out = []
    for key in DECOMPOSED:
        for start, end in dict.fromkeys(spans):
            found = decompose(institutions, key, start, end)
            if found is not None:
                out.append(found)
    return out
