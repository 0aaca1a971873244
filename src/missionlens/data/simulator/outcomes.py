"""Follow-up observations about 12 and 24 months after a person's first loan.

Calibration (docs/simulator.md): business survival about 86% at one year and 74% at two,
on the path to Adie's 59-81% three-year survival; about 84% in work (Adie 2015 insertion rate);
a slow move into banking for those who had no bank access at entry.
"""

from __future__ import annotations

import numpy as np

from missionlens.data.simulator.context import World

SOURCES = ("survey", "advisor", "administrative")


def _nullable_bool(rng: np.random.Generator, p: np.ndarray, p_null: float) -> np.ndarray:
    values = (rng.random(p.shape[0]) < p).astype(np.int64)
    values[rng.random(p.shape[0]) < p_null] = -1
    return values


def outcomes(rng: np.random.Generator, world: World, loans: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Observations of the first loans of this chunk (codes: 1 true, 0 false, -1 null; NaN income)."""
    first = np.flatnonzero((loans["disb_day"] >= 0) & ~loans["repeat"])
    parts = []
    for days, response, survival, banking, gain in ((365, 0.6, 0.86, 0.28, 180.0), (730, 0.45, 0.74, 0.40, 260.0)):
        idx = first[rng.random(first.shape[0]) < response]
        disb = loans["disb_day"][idx]
        observed = disb + days + rng.integers(-30, 31, idx.shape[0])
        keep = observed <= world.end_day
        idx, disb, observed = idx[keep], disb[keep], observed[keep]
        n = idx.shape[0]
        personal = loans["product"][idx] == 1
        defaulted = loans["default_k"][idx] > 0
        p_alive = (survival + world.lever("business", disb)) * np.where(defaulted, 0.6, 1.0)
        business = _nullable_bool(rng, p_alive, 0.05)
        business[personal] = -1
        employed = _nullable_bool(rng, np.where(personal, 0.88, 0.80 + 0.06 * (business == 1)), 0.08)
        banked_at_entry = world.book.borrowers["banked"][loans["borrower"][idx]]
        banked = _nullable_bool(rng, np.where(banked_at_entry == 0, banking, 0.95), 0.1)
        income = np.round(rng.normal(gain, 350, n), 2)
        income[rng.random(n) < 0.15] = np.nan
        wellbeing = rng.choice(np.arange(1, 6), n, p=np.array([0.04, 0.1, 0.28, 0.38, 0.2]))
        wellbeing[rng.random(n) < 0.1] = -1
        parts.append({
            "borrower": loans["borrower"][idx], "day": observed,
            "source": rng.choice(np.arange(3), n, p=np.array([0.55, 0.35, 0.1])),
            "business_active": business, "employed": employed, "income_change": income,
            "banked": banked, "wellbeing": wellbeing,
        })
    table = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    order = np.argsort(table["day"], kind="stable")
    return {k: v[order] for k, v in table.items()}
