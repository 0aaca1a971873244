"""The change-point test: the largest F over every candidate change, with a parametric-bootstrap p-value.

For a series u (already divided by its standard deviation up to a common factor) and a null
design X0 (level and seasons), each candidate change c_k (a step or a ramp starting at some
period) gives the F statistic of adding c_k to X0. The statistic is max_k F_k (Andrews 1993), or
the F of the best pair of changes when larger (a push and its correction: an "epidemic" change).

Serial correlation is handled by feasible GLS: the residuals of the series' two best candidate
changes give a lag-1 autocorrelation, corrected for the bias of that estimator (measured on
fixed noise through the same design) and rounded to a 0.05 grid; the series and the designs are
then Prais-Winsten transformed with it and the scan is run on the transformed series.

The p-value is a parametric bootstrap of that whole procedure (Dufour 2006): up to DRAWS series
of AR(1) Gaussian noise with the estimated autocorrelation go through the same estimation of the
autocorrelation, transform and scan; p = (1 + #{draws >= observed}) / (1 + DRAWS), stopped early
once the observed statistic is clearly ordinary (Besag and Clifford 1991).
The search over every start and shape, the seasonal dummies, the unequal weights, the gaps and
the estimated autocorrelation are all paid for; nothing is read from an asymptotic table, so
the test holds for 6 yearly points as for 60 months.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from missionlens.signals.seasonality import FloatArray, IntArray

DRAWS = 999
EXCEEDANCES = 10
_BATCH = 111
_PROBE_DRAWS = 200
MAX_AUTOCORRELATION = 0.95
_GRID = 0.05
_SEED = 20240917

BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Design:
    null: FloatArray  # T x p, rows divided by each point's standard deviation
    candidates: FloatArray  # T x K, idem
    follows: BoolArray  # follows[t]: point t is the period right after point t-1
    # AIC penalty of each candidate for choosing among them (2 per parameter beyond a start
    # and a size, e.g. a ramp's length); the p-value is the plain maximum F.
    penalty: FloatArray | None = None


@dataclass(frozen=True)
class Outcome:
    statistic: float
    best: int
    autocorrelation: float
    p_value: float
    coefficient: float  # the fitted size of the best candidate's change, on the model scale
    # Each candidate's criterion (as used to choose `best`; -inf where a candidate was not allowed)
    # and fitted size, on the observed series: what the start's confidence set is read from (drift.py).
    criterion: FloatArray | None = None
    sizes: FloatArray | None = None


def residual_basis(null: FloatArray, candidates: FloatArray) -> tuple[FloatArray, FloatArray]:
    """An orthonormal basis of the null design and each candidate's residual regressor, normalised."""
    q, _ = np.linalg.qr(null)
    resid = candidates - q @ (q.T @ candidates)
    norms = np.linalg.norm(resid, axis=0)
    usable = norms > 1e-9 * max(1.0, float(norms.max(initial=0.0)))
    basis = np.where(usable, resid / np.where(usable, norms, 1.0), 0.0)
    return q, basis


def _f_stats(resid: FloatArray, basis: FloatArray, df: int) -> FloatArray:
    rss0 = np.einsum("ij,ij->i", resid, resid)[:, None]
    explained = (resid @ basis) ** 2
    rss1 = np.maximum(rss0 - explained, 1e-12 * np.maximum(rss0, 1e-300))
    result: FloatArray = explained / (rss1 / df)
    return result


def _whiten(matrix: FloatArray, follows: BoolArray, rho: float) -> FloatArray:
    """Prais-Winsten along axis 0; a gap in the periods restarts the chain."""
    if rho <= 0:
        return matrix
    out = matrix.copy()
    after = np.flatnonzero(follows)
    out[after] = matrix[after] - rho * matrix[after - 1]
    first = np.flatnonzero(~follows)
    out[first] = matrix[first] * math.sqrt(1 - rho * rho)
    return out


def greedy_pair(resid: FloatArray, basis: FloatArray) -> tuple[FloatArray, FloatArray]:
    """For each row of null-model residuals: the residuals once its two best changes are removed
    (the best candidate, then the best one given it), and the sum of squares they explain."""
    proj = resid @ basis
    rows = np.arange(resid.shape[0])
    first = np.argmax(proj**2, axis=1)
    overlap = (basis.T @ basis)[first]  # S x K: each candidate against each row's first choice
    leftover = np.maximum(1.0 - overlap**2, 1e-9)
    score = np.where(leftover > 1e-6, (proj - proj[rows, first][:, None] * overlap) ** 2 / leftover, 0.0)
    second = np.argmax(score, axis=1)
    b1 = basis[:, first].T
    b2 = (basis[:, second].T - overlap[rows, second][:, None] * b1) / np.sqrt(leftover[rows, second])[:, None]
    along2 = np.einsum("st,st->s", resid, b2)
    out = resid - proj[rows, first][:, None] * b1 - along2[:, None] * b2
    explained: FloatArray = proj[rows, first] ** 2 + along2**2
    return out, explained


def _raw_autocorrelation(series: FloatArray, design: Design) -> FloatArray:
    """The lag-1 autocorrelation of each row's residuals once its two best changes are removed.

    A change whose shape the model misses (a push and its correction, fitted with one step)
    would otherwise be read as persistence and take the test's power away; two changes chosen
    greedily absorb a pulse or a step followed by a ramp. Under pure noise this over-fits a
    little: _Correction measures and removes that bias.
    """
    q, basis = residual_basis(design.null, design.candidates)
    resid, _ = greedy_pair(series - (series @ q) @ q.T, basis)
    after = np.flatnonzero(design.follows)
    denom = np.einsum("ij,ij->i", resid, resid)
    lagged = np.einsum("ij,ij->i", resid[:, after], resid[:, after - 1])
    raw: FloatArray = np.divide(lagged, denom, out=np.zeros_like(denom), where=denom > 0)
    return raw


@dataclass(frozen=True)
class _Correction:
    """rho = (raw - bias) / factor: the estimator's expectation under white noise (bias) and its
    attenuation (factor), both measured on fixed noise through the design alone, so that the same
    function is applied to the data and to every bootstrap draw."""

    bias: float
    factor: float
    usable: bool

    def __call__(self, raw: FloatArray) -> FloatArray:
        if not self.usable:
            return np.zeros_like(raw)
        rho = (raw - self.bias) / self.factor
        result: FloatArray = np.clip(np.round(rho / _GRID) * _GRID, 0.0, MAX_AUTOCORRELATION) + 0.0
        return result


def _correction(design: Design) -> _Correction:
    if np.count_nonzero(design.follows) < 3:
        return _Correction(0.0, 1.0, False)
    count = design.null.shape[0]
    bias = float(np.mean(_raw_autocorrelation(_ar_noise(count, design.follows, 0.0)[:_PROBE_DRAWS], design)))
    probe = 0.6
    noise = _ar_noise(count, design.follows, probe)[:_PROBE_DRAWS]
    mean = float(np.mean(_raw_autocorrelation(noise, design))) - bias
    return _Correction(bias, min(1.0, max(mean / probe, 0.3)), True)


def _statistics(series: FloatArray, design: Design, correction: _Correction) -> tuple[FloatArray, IntArray, FloatArray]:
    """max F, the candidate chosen (by AIC) and the autocorrelation used, for each row of `series`."""
    follows = design.follows
    df = design.null.shape[0] - design.null.shape[1] - 1
    rho = correction(_raw_autocorrelation(series, design))
    maxima = np.empty(series.shape[0])
    best = np.empty(series.shape[0], dtype=np.int64)
    for value in np.unique(rho):
        group = np.flatnonzero(rho == value)
        null_w = _whiten(design.null, follows, float(value))
        cands_w = _whiten(design.candidates, follows, float(value))
        series_w = _whiten(series[group].T, follows, float(value)).T
        q_w, basis_w = residual_basis(null_w, cands_w)
        resid = series_w - (series_w @ q_w) @ q_w.T
        stats = _f_stats(resid, basis_w, df)
        # A push and its correction (a pulse) is tested as well: the F of the best pair of changes
        # (two degrees of freedom) competes with the best single change.
        rest, explained = greedy_pair(resid, basis_w)
        pair_f = (explained / 2) / np.maximum(np.einsum("ij,ij->i", rest, rest) / (df - 1), 1e-300)
        maxima[group] = np.maximum(stats.max(axis=1), pair_f)
        if design.penalty is None:
            best[group] = np.argmax(stats, axis=1)
        else:
            best[group] = np.argmax(_criterion(stats, design), axis=1)
    return maxima, best, rho


def _criterion(stats: FloatArray, design: Design) -> FloatArray:
    """Twice each candidate's log-likelihood gain over the null, less its shape penalty: the
    residual sum of squares of a candidate's model, relative to the null's, is 1 / (1 + F / df)."""
    count = design.null.shape[0]
    df = count - design.null.shape[1] - 1
    penalty = design.penalty if design.penalty is not None else np.zeros(stats.shape[-1])
    result: FloatArray = count * np.log1p(stats / df) - penalty
    return result


@lru_cache(maxsize=128)
def _innovations(count: int) -> FloatArray:
    rng = np.random.default_rng(_SEED + count)
    result: FloatArray = rng.standard_normal((DRAWS, count))
    result.setflags(write=False)
    return result


def _ar_noise(count: int, follows: BoolArray, rho: float) -> FloatArray:
    shocks = _innovations(count)
    if rho <= 0:
        return shocks
    noise = shocks.copy()
    scale = math.sqrt(1 - rho * rho)
    for t in range(1, count):
        if follows[t]:
            noise[:, t] = rho * noise[:, t - 1] + scale * shocks[:, t]
    return noise


def test(u: FloatArray, design: Design) -> Outcome:
    """The scan on one standardised series, with its bootstrap p-value.

    Draws come in batches and stop early once EXCEEDANCES of them reach the observed statistic
    (sequential Monte Carlo p-value, Besag and Clifford 1991): a series far from any change costs
    a hundred draws, a clear change the full thousand.
    """
    correction = _correction(design)
    maxima, best, rho = _statistics(u[None, :], design, correction)
    observed, chosen, used = float(maxima[0]), int(best[0]), float(rho[0])
    noise = _ar_noise(len(u), design.follows, used)
    exceed = 0
    drawn = 0
    while drawn < DRAWS:
        batch = noise[drawn : drawn + _BATCH]
        draws, _, _ = _statistics(batch, design, correction)
        exceed += int(np.count_nonzero(draws >= observed * (1 - 1e-12)))
        drawn += len(batch)
        if exceed >= EXCEEDANCES:
            break
    p_value = exceed / drawn if exceed >= EXCEEDANCES else (1 + exceed) / (drawn + 1)
    stats, sizes, usable = fit(u, design, used)
    criterion: FloatArray = np.where(usable, _criterion(stats, design), -np.inf)
    return Outcome(float(stats[chosen]), chosen, used, float(p_value), float(sizes[chosen]), criterion, sizes)


def fit(u: FloatArray, design: Design, rho: float) -> tuple[FloatArray, FloatArray, BoolArray]:
    """Each candidate's F against the null design and its fitted size, on one series (GLS with
    `rho`), and whether it could be fitted at all (not zero, not within the null design). By
    Frisch-Waugh-Lovell, a candidate's size beside the null is the projection of the series'
    residuals on its residual regressor over that regressor's norm: one pass gives them all."""
    null_w = _whiten(design.null, design.follows, rho)
    cands_w = _whiten(design.candidates, design.follows, rho)
    u_w = _whiten(u[:, None], design.follows, rho).T
    q, basis = residual_basis(null_w, cands_w)
    resid = u_w - (u_w @ q) @ q.T
    stats = _f_stats(resid, basis, design.null.shape[0] - design.null.shape[1] - 1)[0]
    norms = np.einsum("tk,tk->k", basis, cands_w)  # each residual regressor's norm
    projections = (resid @ basis)[0]
    sizes: FloatArray = np.divide(projections, norms, out=np.zeros_like(projections), where=norms > 0)
    return stats, sizes, norms > 0
