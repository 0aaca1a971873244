"""Month-of-year (or quarter-of-year) effects: the summer dip must not read as a drift.

Seasonality enters every model as effect-coded dummies (one column per season but the last, the
last season coded -1 on all of them), so that the intercept is the level averaged over the year
and a seasonal effect is a deviation from it that sums to zero over the year. The effects are
estimated jointly with the level and the change being tested (a regression with seasonal
dummies), not removed beforehand, so that their estimation is part of the test's degrees of
freedom. They are only estimated when every season has been seen at least twice
(MIN_SEASONAL_YEARS full cycles); yearly series have none.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MIN_SEASONAL_YEARS = 2


def seasonal_columns(seasons: IntArray, per_year: int) -> FloatArray:
    """Effect-coded dummies for the seasons present (an empty matrix when they cannot be estimated)."""
    count = len(seasons)
    present = np.unique(seasons)
    if per_year <= 1 or len(present) < 2 or not enough_cycles(seasons, per_year):
        return np.zeros((count, 0))
    reference = present[-1]
    columns = []
    for season in present[:-1]:
        col = np.where(seasons == season, 1.0, 0.0)
        col[seasons == reference] = -1.0
        columns.append(col)
    return np.column_stack(columns)


def enough_cycles(seasons: IntArray, per_year: int) -> bool:
    """Every season present has been observed at least MIN_SEASONAL_YEARS times."""
    if per_year <= 1:
        return False
    counts = np.bincount(seasons, minlength=per_year)
    seen = counts[counts > 0]
    return bool(len(seen) == per_year and seen.min() >= MIN_SEASONAL_YEARS)


def seasonal_effects(
    values: FloatArray, weights: FloatArray, seasons: IntArray, per_year: int, times: FloatArray
) -> FloatArray:
    """Each season's effect (length per_year, summing to zero), from a weighted fit of a level, a
    linear trend (so that growth does not leak into the months that happen to come late) and the
    seasonal dummies. Zeros when the seasons cannot be estimated."""
    design_s = seasonal_columns(seasons, per_year)
    effects = np.zeros(per_year)
    if design_s.shape[1] == 0:
        return effects
    centred = times - times.mean()
    design = np.column_stack([np.ones(len(values)), centred, design_s])
    root = np.sqrt(weights)
    coef, *_ = np.linalg.lstsq(design * root[:, None], values * root, rcond=None)
    present = np.unique(seasons)
    gamma = coef[2:]
    effects[present[:-1]] = gamma
    effects[present[-1]] = -gamma.sum()
    return effects
