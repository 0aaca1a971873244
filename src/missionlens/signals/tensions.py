"""Tensions (metric fixation): a declared volume rising while a paired quality worsens.

For each tension the mission declares (mission/tensions.py) and each of its quality indicators:

1. the quality must carry a drift alert (after the false-discovery control) in the direction that
   hurts the mission (down for minutes or follow-up, up for arrears or loan relative to income);
2. the volume must rise over the window that overlaps it: from a year before the quality's change,
   moved back by the tension's declared lag (arrears show months after the push), to six months
   after it. "Rise" is a Mann-Kendall trend test (pymannkendall) on the deseasonalised log volume
   of that window, increasing at the 5 % level; its size is Sen's slope over the window.

Both sides are reported with their evidence. A volume that grows with the organisation while the
quality holds raises nothing: the quality side is the test that matters, and it is already
controlled for false discoveries across all indicators.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pymannkendall as mk

from missionlens.mission import Mission
from missionlens.signals import evidence
from missionlens.signals.drift import DriftResult, prepare
from missionlens.signals.findings import Alert, TensionFinding, Text
from missionlens.signals.seasonality import seasonal_effects
from missionlens.signals.series import Grain, SeriesInput, period_index, period_label, periods_per_year, season_of, worsening

WINDOW_BEFORE_MONTHS = 12
WINDOW_AFTER_MONTHS = 6
TREND_ALPHA = 0.05
MIN_WINDOW_POINTS = 8
_PER: dict[str, Text] = {"month": Text("mois", "month"), "quarter": Text("trimestre", "quarter"),
                         "year": Text("an", "year")}


@dataclass(frozen=True)
class VolumeRise:
    start: str
    change: float
    p_value: float
    level_from: float
    level_to: float
    window_from: str
    window_to: str


def volume_rise(
    series: SeriesInput, quality_start: str, lag: int, *, grain: Grain = "month", last_index: int | None = None,
    first_index: int | None = None, scan: DriftResult | None = None,
) -> VolumeRise | None:
    """The volume's rise over the window overlapping a quality change, if it rose."""
    data = prepare(series, grain, last_index, first_index)
    if len(data.index) < MIN_WINDOW_POINTS:
        return None
    per_month = 12 // periods_per_year(grain)
    anchor = period_index(quality_start, grain)
    lo = anchor - math.ceil((WINDOW_BEFORE_MONTHS + lag) / per_month)
    hi = anchor + math.ceil(WINDOW_AFTER_MONTHS / per_month)
    seasons = np.array([season_of(int(i), grain) for i in data.index], dtype=np.int64)
    weights = 1.0 / data.variance
    effects = seasonal_effects(data.values, weights, seasons, periods_per_year(grain), data.index.astype(np.float64))
    adjusted = data.values - effects[seasons]
    inside = (data.index >= lo) & (data.index <= hi)
    if np.count_nonzero(inside) < MIN_WINDOW_POINTS:
        return None
    window = adjusted[inside]
    test = mk.original_test(window, alpha=TREND_ALPHA)
    if test.trend != "increasing":
        return None
    span = float(data.index[inside][-1] - data.index[inside][0])
    rise = float(test.slope) * span
    first, last = float(np.median(window[:3])), float(np.median(window[-3:]))
    level_from, level_to = (math.exp(first), math.exp(last)) if data.logged else (first, last)
    change = math.expm1(rise) if data.logged else (rise / abs(first) if first else 0.0)
    # The volume's own change when its scan locates one in the window; else the quality's start.
    start_index = anchor
    if scan is not None:
        ups = [c.start_index for c in scan.changes if c.direction == "up" and lo <= c.start_index <= hi]
        if ups:
            # The volume's change nearest to where the declared lag puts it.
            start_index = min(ups, key=lambda i: abs(i - (anchor - math.ceil(lag / per_month))))
    return VolumeRise(
        start=period_label(start_index, grain), change=change, p_value=float(test.p),
        level_from=level_from, level_to=level_to,
        window_from=period_label(int(data.index[inside][0]), grain),
        window_to=period_label(int(data.index[inside][-1]), grain),
    )


def find_tensions(
    mission: Mission | None,
    series_by_key: Mapping[str, SeriesInput],
    alerts: Sequence[Alert],
    scans: Mapping[str, DriftResult],
    *, grain: Grain = "month", last_index: int | None = None, first_index: int | None = None,
) -> tuple[TensionFinding, ...]:
    if mission is None:
        return ()
    found: list[TensionFinding] = []
    for tension in mission.tensions:
        volume = series_by_key.get(tension.volume)
        if volume is None:
            continue
        lag = tension.lag_months or 0
        for quality in tension.quality:
            for alert in alerts:
                if alert.indicator != quality or alert.direction != worsening(quality):
                    continue
                rise = volume_rise(volume, alert.start, lag, grain=grain, last_index=last_index,
                                   first_index=first_index, scan=scans.get(tension.volume))
                if rise is None:
                    continue
                found.append(_finding(mission, tension.volume, quality, alert, rise, lag, tension.why.fr,
                                      tension.why.en, volume.unit, grain))
    return tuple(found)


def _finding(
    mission: Mission, volume: str, quality: str, alert: Alert, rise: VolumeRise, lag: int, why_fr: str,
    why_en: str, unit: str, grain: Grain,
) -> TensionFinding:
    v_name = evidence.title(mission, volume)
    v_from = evidence.period_words(rise.window_from, grain)
    v_to = evidence.period_words(rise.window_to, grain)
    pct_fr = evidence.number(abs(rise.change), "share", "fr")
    pct_en = evidence.number(abs(rise.change), "share", "en")
    volume_words = Text(
        f"{v_name.fr} : en hausse de {pct_fr} entre {v_from.fr} et {v_to.fr} "
        f"(de {evidence.number(rise.level_from, unit, 'fr')} à {evidence.number(rise.level_to, unit, 'fr')} "
        f"par {_PER[grain].fr}, hors saisonnalité)",
        f"{v_name.en} rose by {pct_en} between {v_from.en} and {v_to.en} "
        f"(from {evidence.number(rise.level_from, unit, 'en')} to {evidence.number(rise.level_to, unit, 'en')} "
        f"a {_PER[grain].en}, seasonality removed)",
    )
    words = Text(
        f"{volume_words.fr}, pendant que {evidence.lowered(alert.evidence.fr)}",
        f"{volume_words.en}, while {evidence.lowered(alert.evidence.en)}",
    )
    start = min(rise.start, alert.start)
    dims = tuple(dict.fromkeys((*mission.dimensions_of(volume), *alert.dimensions))) if volume in mission.indicators \
        else alert.dimensions
    return TensionFinding(
        volume=volume, quality=quality, start=start, volume_start=rise.start, quality_start=alert.start,
        volume_change=rise.change, quality_change=alert.magnitude, lag_months=lag,
        confidence=min(alert.confidence, 1 - rise.p_value), evidence=words, why=Text(why_fr, why_en),
        dimensions=dims, questions=alert.questions,
    )
