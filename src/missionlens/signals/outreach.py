"""Outreach: are the people the mission names still the people served, and who is turned away?

The shares of people on minimum benefits, unbanked, in priority areas, of women, and the loan
relative to income go through the drift detector like any series (kind "outreach"). This module
adds the comparison of who is declined with who is served (issue 4): over the last twelve months
of both series, the share of people on minimum benefits among those declined against the share
among those served, pooled over the months (each month weighted by its n) and compared with a
two-proportion z-test (statsmodels). A mission that lends to the excluded declines them no more
often than it serves them; a gap is a question for the credit committee.
"""

from __future__ import annotations

import numpy as np
from statsmodels.stats.proportion import proportions_ztest

from missionlens.signals import evidence
from missionlens.signals.findings import OutreachGap, Text
from missionlens.signals.series import Grain, SeriesInput, period_index, period_label, periods_per_year

DECLINED_KEY = "declined_minimum_benefits_share"
SERVED_KEY = "share_minimum_benefits"


def _pooled(series: SeriesInput, lo: int, hi: int, grain: Grain) -> tuple[float, int] | None:
    hits = 0.0
    total = 0
    for period, value, n in zip(series.periods, series.values, series.n, strict=True):
        idx = period_index(period, grain)
        if value is None or n is None or n <= 0 or not lo <= idx <= hi:
            continue
        hits += value * n
        total += n
    return (hits / total, total) if total else None


def declined_vs_served(
    declined: SeriesInput, served: SeriesInput, *, grain: Grain = "month", last_index: int | None = None
) -> OutreachGap | None:
    """The declined-versus-served comparison over the last year both series cover."""
    def last(series: SeriesInput) -> int | None:
        idx = [period_index(p, grain) for p, v in zip(series.periods, series.values, strict=True) if v is not None]
        idx = [i for i in idx if last_index is None or i <= last_index]
        return max(idx) if idx else None

    ends = [last(declined), last(served)]
    if ends[0] is None or ends[1] is None:
        return None
    hi = min(e for e in ends if e is not None)
    lo = hi - periods_per_year(grain) + 1
    d = _pooled(declined, lo, hi, grain)
    s = _pooled(served, lo, hi, grain)
    if d is None or s is None:
        return None
    counts = np.array([round(d[0] * d[1]), round(s[0] * s[1])])
    sizes = np.array([d[1], s[1]])
    if counts.sum() in (0, sizes.sum()):
        p_value = 1.0
    else:
        _, p = proportions_ztest(counts, sizes)
        p_value = float(p)
    frm, to = period_label(lo, grain), period_label(hi, grain)
    words = Text(
        f"Les allocataires de minima sociaux représentent {evidence.number(d[0], 'share', 'fr')} des demandes "
        f"refusées contre {evidence.number(s[0], 'share', 'fr')} des personnes financées, de "
        f"{evidence.period_words(frm, grain).fr} à {evidence.period_words(to, grain).fr} "
        f"({evidence.count(d[1], 'fr')} refus, {evidence.count(s[1], 'fr')} personnes financées).",
        f"People on minimum benefits make up {evidence.number(d[0], 'share', 'en')} of declined applications "
        f"but {evidence.number(s[0], 'share', 'en')} of the people served, from "
        f"{evidence.period_words(frm, grain).en} to {evidence.period_words(to, grain).en} "
        f"({evidence.count(d[1], 'en')} declined, {evidence.count(s[1], 'en')} served).",
    )
    return OutreachGap(d[0], s[0], d[1], s[1], frm, to, p_value, words)
