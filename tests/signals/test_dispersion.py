from __future__ import annotations

import numpy as np

from missionlens.signals import SeriesInput, scan_series
from missionlens.signals.dispersion import with_extra_variance
from tests.signals.builders import months

T = 60


def _overdispersed_share(seed: int, tau: float, n: np.ndarray) -> SeriesInput:
    """A steady share whose true level wanders from month to month by tau, whatever n."""
    rng = np.random.default_rng(seed)
    p = np.clip(0.3 + rng.standard_normal(T) * tau, 0.01, 0.99)
    hits = rng.binomial(n, p)
    values: list[float | None] = [float(h / s) for h, s in zip(hits, n, strict=True)]
    return SeriesInput("restructured_share", months(T), values, [int(s) for s in n], "share", ("protection",))


def _level_design() -> np.ndarray:
    return np.ones((T, 1))


def _steps() -> np.ndarray:
    return np.column_stack([(np.arange(T) >= k).astype(float) for k in range(6, T - 3)])


def test_extra_variance_is_estimated_when_months_vary_beyond_binomial_noise() -> None:
    n = np.linspace(2000, 20000, T).astype(np.int64)
    series = _overdispersed_share(1, 0.02, n)
    values = np.array(series.values, dtype=float)
    binomial = 0.3 * 0.7 / n
    variance = with_extra_variance(values, binomial, _level_design(), _steps(), known_scale=True)
    extra = float(np.median(variance - binomial))
    assert 0.5 * 0.02**2 < extra < 2.0 * 0.02**2


def test_no_extra_variance_is_added_to_pure_binomial_noise() -> None:
    rng = np.random.default_rng(2)
    n = np.full(T, 400)
    values = rng.binomial(n, 0.3) / n
    binomial = np.full(T, 0.3 * 0.7 / 400)
    variance = with_extra_variance(values, binomial, _level_design(), _steps(), known_scale=True)
    assert float(np.max(variance - binomial)) < 0.5 * binomial[0]


def test_an_overdispersed_share_without_change_keeps_calibrated_p_values() -> None:
    # A hundredfold growth shrinks the binomial noise, not the months' own variation: weighted by
    # n alone, the late months would dominate and the p-values of a steady share would pile up low.
    n = np.geomspace(300, 30000, T).astype(np.int64)
    p_values = [scan_series(_overdispersed_share(seed, 0.02, n)).p_value or 1.0 for seed in range(10, 22)]
    assert float(np.median(p_values)) > 0.3
    assert sum(p <= 0.05 for p in p_values) <= 2
