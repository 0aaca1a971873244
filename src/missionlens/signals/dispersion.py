"""Over-dispersion: month-to-month variation that does not shrink with the sample size.

The sampling variance of a point (binomial p(1-p)/n for a share, Poisson 1/y for a logged count,
∝ 1/n for a mean) is only part of its noise: staff come and go, the mix of borrowers moves, a
month has more or fewer working days. That extra variation is the same whatever n, so with ten
times the borrowers the sampling variance shrinks tenfold and the extra variance dominates.
Weighting points by their sampling variance alone then gives the large months far too much
weight, and the parametric bootstrap (changepoint.py), which draws noise proportional to the
assumed variance, no longer describes the data: small wanders become "changes".

The noise of point i is modelled as a·v_i + tau² (a random month effect on top of the sampling
noise: the quasi-likelihood / random-effects variance of meta-analysis, DerSimonian and Laird
1986). For shares and counts the sampling scale is known (a = 1) and tau² is the method-of-moments
estimate from Cochran's Q; for means and amounts, whose unit-level spread is unknown, a and tau²
are the non-negative least-squares fit of the squared residuals on (v_i, 1). The residuals are
those of the null model (level and seasons) plus the series' two best candidate changes, so that
a real change is not read as noise. Only the relative variances matter downstream (the test's
F statistic is free of a common factor).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import nnls

from missionlens.signals import changepoint
from missionlens.signals.seasonality import FloatArray


def _residuals(values: FloatArray, variance: FloatArray, null: FloatArray, candidates: FloatArray) -> FloatArray:
    """Residuals (on the data's scale) of the null model plus the two best changes, weighted by 1/v."""
    root = 1.0 / np.sqrt(variance)
    q, basis = changepoint.residual_basis(null * root[:, None], candidates * root[:, None])
    u = values * root
    rest, _ = changepoint.greedy_pair((u - q @ (q.T @ u))[None, :], basis)
    out: FloatArray = rest[0] / root
    return out


def with_extra_variance(
    values: FloatArray, variance: FloatArray, null: FloatArray, candidates: FloatArray, *, known_scale: bool,
) -> FloatArray:
    """The relative variance of each point once the month-to-month variance is added (a·v + tau²)."""
    count = len(values)
    kept = count - null.shape[1] - 2
    if kept < 4:
        return variance
    resid = _residuals(values, variance, null, candidates)
    # The fitted model absorbs part of each point's noise: E[r²] ≈ (1 - p/T)·(a·v + tau²).
    inflate = count / kept
    squares = resid * resid * inflate
    if known_scale:
        weights = 1.0 / variance
        q_stat = float(np.sum(squares * weights))
        tau2 = max(0.0, (q_stat - count) / float(np.sum(weights)))
        return variance + tau2
    coef, _ = nnls(np.column_stack([variance, np.ones(count)]), squares)
    scale, tau2 = float(coef[0]), float(coef[1])
    if scale <= 0.0 and tau2 <= 0.0:
        return variance
    result: FloatArray = scale * variance + tau2
    return result
