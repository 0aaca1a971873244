"""The network's distributions: per year, per legal status, and NGOs against commercial institutions.

- Per year: over the institutions reporting that year, the median and quartiles of each
  indicator, how many values stand behind them and how many of those repeat the year before
  (carried.py), plus the pooled average loan (total portfolio / total borrowers), the figure the
  literature follows for the sector as a whole.
- Per legal status: each institution counts once, by the median of its own years (an institution
  reporting 15 years does not weigh 15 times one reporting 3), then the median over institutions.
- NGOs against NBFIs and banks: the same institution-level medians, compared with a two-sided
  Mann-Whitney U test (scipy), which assumes nothing about the shape of the distributions.
Levels include carried-forward values (they are the latest figure known); trends never read them.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.stats import mannwhitneyu

from missionlens.network.institutions import INDICATORS, IndicatorKey, Institution, is_commercial

# A yearly median over fewer institutions says little about the network: shown, but marked thin.
THIN_YEAR = 20
# A legal status group needs this many institutions in a year to get its own point on the chart.
GROUP_YEAR_MIN = 5


@dataclass(frozen=True)
class Quartiles:
    n: int
    median: float | None
    q1: float | None
    q3: float | None
    carried: int = 0


@dataclass(frozen=True)
class YearSummary:
    year: int
    institutions: int
    indicators: dict[IndicatorKey, Quartiles]
    pooled_average_loan: float | None  # sum of portfolios / sum of borrowers
    thin: bool


@dataclass(frozen=True)
class StatusSummary:
    legal_status: str
    institutions: int
    indicators: dict[IndicatorKey, Quartiles]


@dataclass(frozen=True)
class Comparison:
    """NGOs against NBFIs and banks on one indicator (institution-level medians)."""

    indicator: IndicatorKey
    ngo_median: float | None
    commercial_median: float | None
    ngo_n: int
    commercial_n: int
    p_value: float | None


def quartiles(values: Sequence[float], carried: int = 0) -> Quartiles:
    if not values:
        return Quartiles(0, None, None, None, carried)
    q1, median, q3 = (float(x) for x in np.quantile(np.asarray(values, dtype=np.float64), [0.25, 0.5, 0.75]))
    return Quartiles(len(values), median, q1, q3, carried)


def by_year(institutions: Sequence[Institution]) -> list[YearSummary]:
    years = sorted({y for i in institutions for y in i.years})
    out = []
    for year in years:
        present = [i for i in institutions if year in i.years]
        indicators: dict[IndicatorKey, Quartiles] = {}
        for key in INDICATORS:
            points = [p for i in present for p in i.values(key) if p.year == year]
            indicators[key] = quartiles([p.value for p in points], sum(p.carried for p in points))
        portfolio = borrowers = 0.0
        for i in present:
            balance, count = i.value_in("average_loan_balance", year), i.value_in("active_borrowers", year)
            if balance is not None and count is not None and count > 0:
                portfolio += balance * count
                borrowers += count
        out.append(YearSummary(year, len(present), indicators, portfolio / borrowers if borrowers else None,
                               len(present) < THIN_YEAR))
    return out


def institution_level(institution: Institution, key: IndicatorKey) -> float | None:
    values = [p.value for p in institution.values(key)]
    return float(statistics.median(values)) if values else None


def _levels(institutions: Sequence[Institution], key: IndicatorKey) -> list[float]:
    return [v for i in institutions if (v := institution_level(i, key)) is not None]


def by_legal_status(institutions: Sequence[Institution]) -> list[StatusSummary]:
    groups: dict[str, list[Institution]] = {}
    for institution in institutions:
        groups.setdefault(institution.legal_status, []).append(institution)
    out = [
        StatusSummary(status, len(members), {key: quartiles(_levels(members, key)) for key in INDICATORS})
        for status, members in groups.items()
    ]
    return sorted(out, key=lambda s: (-s.institutions, s.legal_status))


def by_legal_status_year(
    institutions: Sequence[Institution], key: IndicatorKey
) -> list[tuple[str, int, float, int]]:
    """(legal status, year, median, institutions) for the chart; groups under GROUP_YEAR_MIN left out."""
    rows = []
    statuses = sorted({i.legal_status for i in institutions})
    years = sorted({y for i in institutions for y in i.years})
    for status in statuses:
        members = [i for i in institutions if i.legal_status == status]
        for year in years:
            values = [v for i in members if (v := i.value_in(key, year)) is not None]
            if len(values) >= GROUP_YEAR_MIN:
                rows.append((status, year, float(statistics.median(values)), len(values)))
    return rows


def compare_ngos(institutions: Sequence[Institution]) -> list[Comparison]:
    ngos = [i for i in institutions if i.legal_status == "NGO"]
    commercial = [i for i in institutions if is_commercial(i.legal_status)]
    out = []
    for key in INDICATORS:
        a, b = _levels(ngos, key), _levels(commercial, key)
        p = float(mannwhitneyu(a, b, alternative="two-sided").pvalue) if len(a) >= 3 and len(b) >= 3 else None
        out.append(Comparison(key, quartiles(a).median, quartiles(b).median, len(a), len(b), p))
    return out
