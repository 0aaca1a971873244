"""Wilson score intervals for shares (statsmodels' proportion_confint, method="wilson").

The Wilson interval keeps its coverage near 95 % for small n and for shares near 0 or 1, where the
normal ("Wald") interval collapses to a point or leaves [0, 1] (Brown, Cai & DasGupta 2001,
"Interval Estimation for a Binomial Proportion", Statistical Science 16(2)).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from statsmodels.stats.proportion import proportion_confint

CONFIDENCE = 0.95


def wilson(
    successes: npt.ArrayLike, n: npt.ArrayLike, confidence: float = CONFIDENCE
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Vectorised Wilson bounds (low, high); NaN where n is 0 or unknown."""
    count = np.asarray(successes, dtype=np.float64)
    nobs = np.asarray(n, dtype=np.float64)
    valid = np.isfinite(count) & np.isfinite(nobs) & (nobs > 0)
    low = np.full(nobs.shape, np.nan)
    high = np.full(nobs.shape, np.nan)
    if valid.any():
        lo, hi = proportion_confint(count[valid], nobs[valid], alpha=1 - confidence, method="wilson")
        low[valid] = np.clip(lo, 0.0, 1.0)
        high[valid] = np.clip(hi, 0.0, 1.0)
    return low, high
