"""The people who come to the organisation, described as they were at entry.

Shares are calibrated on Adie's published profile (docs/simulator.md): about 42% women,
33-37% on minimum social benefits, about half below the poverty line, a fifth from priority
urban areas plus rural revitalisation zones, a fifth to a quarter without a diploma, and most
without access to bank credit. `drift` (0..1) moves new entrants towards less excluded people.
"""

from __future__ import annotations

import numpy as np

from missionlens.data.simulator.organisation import ZONES
from missionlens.data.simulator.timeline import FloatArray, IntArray

GENDERS = ("F", "M", "X", "unknown")
EDUCATION_FR = ("sans diplôme", "CAP/BEP", "baccalauréat", "bac+2", "bac+3 ou plus")
EDUCATION_EN = ("no diploma", "vocational (CAP/BEP)", "upper secondary", "two-year degree", "bachelor or more")
NULL = -1

# Priority area (QPV or rural revitalisation zone) by branch zone: urban branches serve QPVs,
# rural ones ZRRs; Adie 2023: 21% QPV + 16% ZRR.
PRIORITY_BY_ZONE = {"urban": 0.40, "rural": 0.42, "mixed": 0.30}


def _bool_with_nulls(rng: np.random.Generator, p_true: FloatArray, p_null: float) -> IntArray:
    values = (rng.random(p_true.shape[0]) < p_true).astype(np.int64)
    values[rng.random(p_true.shape[0]) < p_null] = NULL
    return values


def entrants(
    rng: np.random.Generator, branch: IntArray, zone_of_branch: IntArray, entry_day: IntArray,
    drift: FloatArray, income_x: float = 0.0,
) -> dict[str, np.ndarray]:
    """Attributes at entry of n new people (n = len(branch)); nulls coded -1 (NaN for income).

    `drift` moves the shares of excluded people down; `income_x` raises incomes (relative).
    """
    n = branch.shape[0]
    p_f = 0.425 - 0.1 * drift
    u = rng.random(n)
    gender = np.where(u < p_f, 0, np.where(u < 0.975, 1, np.where(u < 0.98, 2, 3)))
    entry_year = entry_day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    age = np.clip(np.round(rng.normal(39.0, 11.0, n)), 18, 72).astype(np.int64)
    birth_year = entry_year - age
    birth_year[rng.random(n) < 0.015] = NULL
    benefits = _bool_with_nulls(rng, 0.365 - 0.14 * drift, 0.03)
    banked = _bool_with_nulls(rng, 0.2 + 0.2 * drift, 0.06)
    p_priority = np.array([PRIORITY_BY_ZONE[z] for z in ZONES])[zone_of_branch[branch]]
    priority = _bool_with_nulls(rng, p_priority - 0.14 * drift, 0.04)
    # Monthly household income: people on minimum benefits around 820 €, others around 1,400 €;
    # about half fall below 1,100 € a month (the poverty line used in docs/simulator.md).
    median = np.where(benefits == 1, 820.0, 1400.0) * (1 + income_x)
    income = np.round(median * rng.lognormal(0.0, 0.45, n), -1)
    income[rng.random(n) < 0.015] = 0.0
    income[rng.random(n) < 0.05] = np.nan
    levels = np.array([0.22, 0.30, 0.25, 0.14, 0.09])
    cumulative = np.cumsum(levels)
    shifted = rng.random(n) + 0.12 * drift
    education = np.minimum(np.searchsorted(cumulative, np.minimum(shifted, 0.999999)), 4).astype(np.int64)
    education[rng.random(n) < 0.04] = NULL
    return {
        "branch": branch.astype(np.int64), "entry_day": entry_day.astype(np.int64),
        "gender": gender.astype(np.int64), "birth_year": birth_year, "benefits": benefits,
        "banked": banked, "income": income, "priority": priority, "education": education,
    }
