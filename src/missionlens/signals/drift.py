"""The drift detector on one series: did its level change, when, by how much, how surely?

1. The series is put on a scale where its noise is known up to a factor (prepare): shares keep
   their scale with binomial variance p(1-p)/n; counts and amounts are logged (Poisson:
   var(log y) ~ 1/y; a sum over n loans: ~ 1/n), so that a change is relative; means keep their
   scale with variance ~ 1/n. Each point is weighted by the inverse of that variance: a share
   from 40 borrowers weighs a tenth of one from 400. The common factor is estimated.
2. The seasoning periods are left out (series.py: age-dependent indicators, young portfolios).
3. The null model is a constant level plus month-of-year effects (seasonality.py); the
   alternatives are a step, or a ramp over 6, 12 or 24 months or to the end of the series,
   starting at any period that leaves MIN_BEFORE periods before it and MIN_AFTER after it.
   changepoint.py gives the largest F, its candidate and a parametric-bootstrap p-value that
   accounts for the search, the seasons, the weights and serial correlation.
4. Further changes are looked for with the ones found in the null design (up to MAX_CHANGES).
5. The levels reported are descriptive: deseasonalised weighted means before and after the
   change; the "before" window runs back to the previous change found, or to the last change
   point that ruptures (PELT, weighted least-squares cost, BIC penalty) finds in the baseline, so
   that an older regime does not blur it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
import ruptures as rpt
from ruptures.base import BaseCost

from missionlens.signals import changepoint, dispersion
from missionlens.signals.seasonality import FloatArray, IntArray, seasonal_columns, seasonal_effects
from missionlens.signals.series import (
    SEASONING_KEYS,
    SEASONING_MONTHS,
    Direction,
    Grain,
    SeriesInput,
    period_index,
    period_label,
    periods_per_year,
    season_of,
)

Shape = Literal["step", "ramp"]
DriftStatus = Literal["tested", "steady", "too_short", "no_data"]

# Below these lengths a series is "too short to say" (docs/signals.md): two full years of months
# (so that month-of-year effects can be told from a change), three years of quarters, six years.
MIN_POINTS: dict[Grain, int] = {"month": 24, "quarter": 12, "year": 6}
# A baseline needs half a year (three years for yearly series); a change needs three periods
# (two years) after its start before it can be told from a bad month.
MIN_BEFORE: dict[Grain, int] = {"month": 6, "quarter": 3, "year": 3}
MIN_AFTER: dict[Grain, int] = {"month": 3, "quarter": 2, "year": 2}
RAMPS: dict[Grain, tuple[int, ...]] = {"month": (6, 12, 24), "quarter": (2, 4, 8), "year": (3,)}
MAX_CHANGES = 3
CONTINUE_ALPHA = 0.05
# The start's confidence set: the starts whose best candidate (same direction) has a criterion
# within START_MARGIN of the chosen one's, i.e. a likelihood ratio against the best start under
# it. 7.35 = -2 ln(1 - sqrt(0.95)): the 95 % likelihood-ratio confidence region of a change point
# (Hansen 2000, Econometrica 68:575) (docs/signals.md, "When a change started").
START_MARGIN = 7.35


@dataclass(frozen=True)
class Change:
    """The most likely change of one series, whatever its significance."""

    start: str
    start_index: int
    shape: Shape
    ramp_periods: int | None
    direction: Direction
    level_before: float
    level_after: float
    magnitude: float
    n_before: int
    n_after: int
    before_from: str
    after_to: str
    statistic: float
    p_value: float
    order: int  # 0 for the first change found, 1 for the next...
    # The same change at the other starts its data do not reject (the start's confidence set, in
    # order of start; each without alternatives of its own): detection.py dates a change that
    # other indicators share at their common start when it is among these.
    alternatives: tuple[Change, ...] = ()
    start_gap: float = 0.0  # how far this start's criterion falls below the best start's (0 for it)

    @property
    def starts(self) -> tuple[int, ...]:
        """Every start in the confidence set, this change's own included, in order."""
        return tuple(sorted({self.start_index, *(a.start_index for a in self.alternatives)}))


@dataclass(frozen=True)
class DriftResult:
    """The changes found in one series, the first (the strongest) also as `change`/`p_value`."""

    key: str
    status: DriftStatus
    points: int
    p_value: float | None = None
    change: Change | None = None
    changes: tuple[Change, ...] = ()
    autocorrelation: float = 0.0


@dataclass(frozen=True)
class Prepared:
    index: IntArray
    values: FloatArray  # on the model scale (logged for counts and amounts)
    variance: FloatArray  # relative variance of each point
    n: IntArray
    logged: bool
    share: bool = False
    known_scale: bool = False  # the sampling variance is absolute (binomial, Poisson), not up to a factor


def prepare(
    series: SeriesInput, grain: Grain, last_index: int | None = None, first_index: int | None = None
) -> Prepared:
    """The usable points on the model scale, from `first_index` (the end of a young organisation's
    seasoning) to `last_index`, after the seasoning period of age-dependent indicators."""
    rows: list[tuple[int, float, int | None]] = []
    for period, value, units in zip(series.periods, series.values, series.n, strict=True):
        if value is None or not math.isfinite(value) or (units is not None and units <= 0):
            continue
        idx = period_index(period, grain)
        if last_index is not None and idx > last_index:
            continue
        rows.append((idx, float(value), units))
    rows.sort()
    if rows and grain != "year":
        # Institutions in a yearly panel are mature: no seasoning there.
        rows = _seasoned(rows, series.key, grain)
    if first_index is not None:
        # Both seasoning rules count from the portfolio's start: the later of the two ends, not their sum.
        rows = [r for r in rows if r[0] >= first_index]
    index = np.array([r[0] for r in rows], dtype=np.int64)
    raw = np.array([r[1] for r in rows], dtype=np.float64)
    counts = np.array([r[2] if r[2] is not None else 0 for r in rows], dtype=np.int64)
    known = counts > 0
    size = np.where(known, counts, 1).astype(np.float64)
    logged = series.unit in ("count", "amount", "rate") and len(raw) > 0 and bool(np.all(raw > 0))
    if logged:
        values = np.log(raw)
        # Poisson for a count (var of log ~ 1/count) and for a rate (1/its count, n); 1/n for a sum
        # over n units; 1 when unknown.
        variance = 1.0 / raw if series.unit == "count" else np.where(known, 1.0 / size, 1.0)
    elif series.unit == "share":
        values = raw
        p = float(np.clip(np.average(raw, weights=size), 0.02, 0.98)) if len(raw) else 0.5
        variance = np.where(known, p * (1 - p) / size, p * (1 - p))
    else:
        values = raw
        variance = np.where(known, 1.0 / size, 1.0)
    # Binomial and Poisson variances are absolute when every point has its n (dispersion.py).
    known_scale = ((series.unit == "share" and bool(np.all(known))) or (logged and series.unit == "count")
                   or (logged and series.unit == "rate" and bool(np.all(known))))
    return Prepared(index=index, values=values, variance=variance, n=counts, logged=logged,
                    share=series.unit == "share", known_scale=known_scale)


def _seasoned(rows: list[tuple[int, float, int | None]], key: str, grain: Grain) -> list[tuple[int, float, int | None]]:
    """Leave out the seasoning months of an age-dependent indicator, counted from its first value."""
    if key not in SEASONING_KEYS:
        return rows
    head = rows[0][0] + math.ceil(SEASONING_MONTHS / (12 // periods_per_year(grain)))
    return [r for r in rows if r[0] >= head]


@dataclass(frozen=True)
class _Candidates:
    columns: FloatArray  # T x K regressors
    starts: IntArray  # position of each candidate's first changed point
    lengths: IntArray  # 0 for a step, else the ramp length (in periods; -1: to the end)


def _candidates(index: IntArray, grain: Grain) -> _Candidates:
    count = len(index)
    cols: list[FloatArray] = []
    starts: list[int] = []
    lengths: list[int] = []
    span = int(index[-1] - index[0]) + 1
    for pos in range(MIN_BEFORE[grain], count - MIN_AFTER[grain] + 1):
        offset = (index - index[pos] + 1).astype(np.float64)
        cols.append((offset > 0).astype(np.float64))
        starts.append(pos)
        lengths.append(0)
        for length in (*RAMPS[grain], -1):
            if length > span:
                continue
            scale = float(length) if length > 0 else float(index[-1] - index[pos] + 1)
            if length < 0 and scale <= 1:
                continue
            cols.append(np.clip(offset / scale, 0.0, 1.0))
            starts.append(pos)
            lengths.append(length)
    return _Candidates(np.column_stack(cols), np.array(starts, dtype=np.int64), np.array(lengths, dtype=np.int64))


class _WeightedL2(BaseCost):  # type: ignore[misc]
    """Weighted least-squares cost of a constant level on a segment (for ruptures)."""

    model = "weighted_l2"
    min_size = 2

    def __init__(self, weights: FloatArray) -> None:
        self.weights = weights

    def fit(self, signal: FloatArray) -> _WeightedL2:
        self.signal = signal.reshape(-1, 1)
        y = signal.ravel()
        w = self.weights
        self.cw = np.concatenate([[0.0], np.cumsum(w)])
        self.cwy = np.concatenate([[0.0], np.cumsum(w * y)])
        self.cwy2 = np.concatenate([[0.0], np.cumsum(w * y * y)])
        return self

    def error(self, start: int, end: int) -> float:
        sw = self.cw[end] - self.cw[start]
        swy = self.cwy[end] - self.cwy[start]
        return float(self.cwy2[end] - self.cwy2[start] - swy * swy / sw)


def _previous_break(deseasoned: FloatArray, weights: FloatArray, pos: int, grain: Grain, floor: int) -> int:
    """Where the regime before the change began: the last ruptures break after `floor` and before it."""
    if pos - floor < 2 * MIN_BEFORE[grain]:
        return floor
    head = deseasoned[floor:pos]
    w = weights[floor:pos]
    resid = head - np.average(head, weights=w)
    diffs = np.diff(resid * np.sqrt(w))
    scale = 1.4826 * float(np.median(np.abs(diffs - np.median(diffs)))) / math.sqrt(2) if len(diffs) else 0.0
    if scale <= 0:
        return floor
    # BIC: a new segment costs its level and its position, 2 log(T), in units of the noise variance.
    penalty = 2 * math.log(len(head)) * scale * scale
    algo = rpt.Pelt(custom_cost=_WeightedL2(w), min_size=MIN_BEFORE[grain], jump=1).fit(head)
    breaks = [b for b in algo.predict(pen=penalty) if b < len(head)]
    return floor + int(breaks[-1]) if breaks else floor


def _level(values: FloatArray, weights: FloatArray, logged: bool) -> float:
    mean = float(np.average(values, weights=weights))
    return math.exp(mean) if logged else mean


def _bounded(level: float, share: bool) -> float:
    return min(max(level, 0.0), 1.0) if share else level


# The penalty of one more parameter when choosing the change to report (AIC: 2). The shape is
# chosen to date and describe a change, not to test it (the p-value pays for the whole search);
# BIC's log T (4.2 at 68 months), made to find a true model among nested ones, turned noisy ramps
# into steps dated in their middle (docs/evaluation.md, "What changed this round").
SHAPE_PARAMETER_PENALTY = 2.0


def shape_penalty(lengths: IntArray) -> FloatArray:
    """AIC penalty of each candidate when choosing the change to report: a ramp of a given length
    has one more parameter (its length) than a step or a ramp to the end."""
    result: FloatArray = np.where(lengths > 0, SHAPE_PARAMETER_PENALTY, 0.0)
    return result


def scan_series(
    series: SeriesInput, *, grain: Grain = "month", last_index: int | None = None, first_index: int | None = None,
    windows: Sequence[tuple[int, int]] | None = None,
) -> DriftResult:
    """Test one series for changes of level (steps or ramps); p-values are not yet adjusted.

    Changes are found one after the other (Bai and Perron 1998, sequential "l + 1 against l"):
    once a change is found with p <= CONTINUE_ALPHA, it joins the null design and the scan looks
    for the next one, up to MAX_CHANGES (a push, then its correction).

    `windows` is for the evaluation's oracle (oracle.py): the i-th change may only start within
    windows[i] (period indices, both ends included; a window with no candidate is skipped), and
    one change is sought in each window, whatever their p-values.
    """
    data = prepare(series, grain, last_index, first_index)
    count = len(data.index)
    if count == 0:
        return DriftResult(series.key, "no_data", 0)
    if count < MIN_POINTS[grain]:
        return DriftResult(series.key, "too_short", count)
    if float(np.ptp(data.values)) == 0.0:
        return DriftResult(series.key, "steady", count, p_value=1.0)
    per_year = periods_per_year(grain)
    seasons = np.array([season_of(int(i), grain) for i in data.index], dtype=np.int64)
    null = np.column_stack([np.ones(count), seasonal_columns(seasons, per_year)])
    if count - null.shape[1] - 2 < 2:
        return DriftResult(series.key, "too_short", count)
    cands = _candidates(data.index, grain)
    data = replace(data, variance=dispersion.with_extra_variance(
        data.values, data.variance, null, cands.columns, known_scale=data.known_scale))
    root = 1.0 / np.sqrt(data.variance)
    null_s = null * root[:, None]
    cands_s = cands.columns * root[:, None]
    follows = np.concatenate([[False], np.diff(data.index) == 1])
    u = data.values * root
    penalty = shape_penalty(cands.lengths)
    found: list[tuple[int, changepoint.Outcome, list[tuple[int, float, float]]]] = []
    begins = data.index[cands.starts]
    for step in range(MAX_CHANGES if windows is None else len(windows)):
        chosen = [b for b, _, _ in found]
        design_null = np.column_stack([null_s, cands_s[:, chosen]]) if chosen else null_s
        if count - design_null.shape[1] - 1 < 2:
            break
        taken = np.zeros(len(cands.starts), dtype=bool)
        for b in chosen:
            taken |= np.abs(cands.starts - cands.starts[b]) < MIN_BEFORE[grain]
        if windows is not None:
            low, high = windows[step]
            taken |= (begins < low) | (begins > high)
            if taken.all():  # no candidate there: that change cannot be placed
                continue
        outcome = changepoint.test(
            u, changepoint.Design(design_null, np.where(taken, 0.0, cands_s), follows, penalty)
        )
        found.append((outcome.best, outcome, _plausible(outcome, cands.starts)))
        if windows is None and outcome.p_value > CONTINUE_ALPHA:
            break
    if not found:
        return DriftResult(series.key, "too_short", count)
    changes = _describe_all(data, grain, cands, found, seasons)
    return DriftResult(
        series.key, "tested", count, p_value=found[0][1].p_value, change=changes[0], changes=tuple(changes),
        autocorrelation=found[0][1].autocorrelation,
    )


def _plausible(outcome: changepoint.Outcome, starts: IntArray) -> list[tuple[int, float, float]]:
    """The other starts of the change's confidence set: for each start whose best candidate of the
    same direction comes within START_MARGIN of the chosen one, that candidate, its fitted size and
    how far its criterion falls below the chosen one's."""
    if outcome.criterion is None or outcome.sizes is None:
        return []
    criterion, sign = outcome.criterion, np.sign(outcome.sizes)
    same = np.where(sign == sign[outcome.best], criterion, -np.inf)
    floor = criterion[outcome.best] - START_MARGIN
    out = []
    for pos in np.unique(starts):
        if pos == starts[outcome.best]:
            continue
        at = np.flatnonzero(starts == pos)
        k = int(at[np.argmax(same[at])])
        if same[k] >= floor:
            out.append((k, float(outcome.sizes[k]), float(criterion[outcome.best] - same[k])))
    return out


def _describe_all(
    data: Prepared, grain: Grain, cands: _Candidates,
    found: list[tuple[int, changepoint.Outcome, list[tuple[int, float, float]]]], seasons: IntArray,
) -> list[Change]:
    weights = 1.0 / data.variance
    effects = seasonal_effects(data.values, weights, seasons, periods_per_year(grain), data.index.astype(np.float64))
    deseasoned = data.values - effects[seasons]
    out = []
    for order, (best, outcome, plausible) in enumerate(found):
        # A change is described against the stronger changes found before it, not weaker ones.
        starts = sorted(int(cands.starts[b]) for b, _, _ in found[:order])

        def described(k: int, result: changepoint.Outcome, order: int = order, starts: list[int] = starts) -> Change:
            pos = int(cands.starts[k])
            earlier = [s for s in starts if s < pos]
            later = [s for s in starts if s > pos]
            floor = earlier[-1] if earlier else 0
            ceiling = later[0] if later else len(data.index)
            begin = max(floor, _previous_break(deseasoned, weights, pos, grain, floor))
            return _describe(data, grain, cands, k, result, deseasoned, weights, begin, ceiling, order)

        change = described(best, outcome)
        others = [replace(described(k, replace(outcome, coefficient=coef)), start_gap=gap) for k, coef, gap in plausible]
        out.append(replace(change, alternatives=tuple(a for a in others if a.direction == change.direction)))
    return out


def _describe(
    data: Prepared, grain: Grain, cands: _Candidates, best: int, outcome: changepoint.Outcome,
    deseasoned: FloatArray, weights: FloatArray, begin: int, ceiling: int, order: int,
) -> Change:
    pos = int(cands.starts[best])
    length = int(cands.lengths[best])
    column = cands.columns[:, best]
    delta = outcome.coefficient
    before = slice(begin, pos)
    within = np.arange(pos, ceiling)
    plateau = within[column[within] >= 1.0 - 1e-9]
    after_idx = plateau if len(plateau) >= MIN_AFTER[grain] else within[-MIN_AFTER[grain]:]
    level_before = _level(deseasoned[before], weights[before], data.logged)
    level_after = _level(deseasoned[after_idx], weights[after_idx], data.logged)
    direction: Direction = "up" if delta > 0 else "down"
    if (level_after - level_before) * delta <= 0:
        # The descriptive windows disagree with the fitted change (a noisy short tail): use the fit.
        full = delta * float(column[ceiling - 1])
        level_after = math.exp(math.log(level_before) + full) if data.logged else level_before + full
    level_after = _bounded(level_after, data.share)
    magnitude = level_after / level_before - 1 if level_before != 0 else math.copysign(1.0, delta)
    last = ceiling - 1
    return Change(
        start=period_label(int(data.index[pos]), grain),
        start_index=int(data.index[pos]),
        shape="step" if length == 0 else "ramp",
        ramp_periods=None if length == 0 else (length if length > 0 else int(data.index[-1] - data.index[pos] + 1)),
        direction=direction,
        level_before=level_before,
        level_after=level_after,
        magnitude=magnitude,
        n_before=int(data.n[before].sum()),
        n_after=int(data.n[pos:ceiling].sum()),
        before_from=period_label(int(data.index[begin]), grain),
        after_to=period_label(int(data.index[last]), grain),
        statistic=outcome.statistic,
        p_value=outcome.p_value,
        order=order,
    )
