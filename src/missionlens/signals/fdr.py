"""False discoveries across the many indicators: Benjamini-Hochberg (1995).

A review tests some thirty indicators each month; at 5 % each, one or two would look changed by
chance alone. The q-value of a finding is the smallest false discovery rate at which it would be
reported; an alert is raised when q <= ALPHA. When nothing changed at all (every hypothesis true),
BH's false discovery rate is the probability of at least one false alert, so ALPHA also bounds the
chance that a steady organisation gets any alert. BH assumes independent or positively dependent
p-values (Benjamini and Yekutieli 2001), which holds for indicators that share borrowers and move
together.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from statsmodels.stats.multitest import multipletests

ALPHA = 0.05


def q_values(p_values: Mapping[str, float]) -> dict[str, float]:
    """The BH-adjusted p-value of each key (empty in, empty out)."""
    if not p_values:
        return {}
    keys = list(p_values)
    raw = np.array([p_values[k] for k in keys], dtype=np.float64)
    _, adjusted, _, _ = multipletests(raw, alpha=ALPHA, method="fdr_bh")
    return {k: float(min(1.0, q)) for k, q in zip(keys, adjusted, strict=True)}


def discoveries(p_values: Mapping[str, float], alpha: float = ALPHA) -> dict[str, float]:
    """The keys whose q-value is at most alpha, with their q-values."""
    return {k: q for k, q in q_values(p_values).items() if q <= alpha}


def hierarchical(p_values: Mapping[str, list[float]], alpha: float = ALPHA) -> dict[str, list[float]]:
    """Two-level control for series that may change more than once (Yekutieli 2008).

    `p_values[key]` lists the p-values of a series' successive changes, the first being the test
    of "no change at all". The first changes of all series form one BH family; within a series
    whose first change is discovered, each later change is tested in turn at level alpha and
    kept while it passes (a fixed sequence, so no further multiplicity). Returns, for each key,
    the q-values of its reported changes (the series' q, then max(q, p) for later ones); empty
    lists for series without a discovery. Yekutieli shows such a tree keeps the overall FDR
    within about twice alpha in the worst case, and at alpha when the series are independent.
    """
    first = q_values({k: ps[0] for k, ps in p_values.items() if ps})
    out: dict[str, list[float]] = {}
    for key, ps in p_values.items():
        q = first.get(key)
        if q is None or q > alpha:
            out[key] = []
            continue
        kept = [q]
        for p in ps[1:]:
            if p > alpha:
                break
            kept.append(max(q, p))
        out[key] = kept
    return out
