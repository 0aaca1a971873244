"""How each loan is repaid: on time, late for a while, paid off early, restructured, or in default.

Decided per loan (vectorised) at origination so that closing dates and statuses are known before
the installments are written. Calibrated so that arrears over 30 days sit around 6-7% of the
outstanding portfolio and losses around 3-4% a year (Adie 2015: arrears 6.8%, losses 3.2%).
"""

from __future__ import annotations

import numpy as np

from missionlens.data.simulator.timeline import FloatArray, IntArray, add_months

STATUS = ("pending", "declined", "withdrawn", "approved", "active", "repaid", "written_off", "restructured")
ST_PENDING, ST_DECLINED, ST_WITHDRAWN, ST_APPROVED, ST_ACTIVE, ST_REPAID, ST_WRITTEN_OFF, ST_RESTRUCTURED = range(8)
NONE = -1


def repayments(
    rng: np.random.Generator, disb_day: IntArray, term: IntArray, p_default: FloatArray,
    p_episode: FloatArray, end_day: int,
) -> dict[str, np.ndarray]:
    """Repayment path of disbursed loans (all arrays have one row per loan).

    Installment numbers are 1-based; 0 means "none". A default stops payments from installment
    `default_k`; the loan is written off 5 to 9 months after that installment falls due.
    An episode of difficulty delays installments `episode_s` .. `episode_s + episode_len - 1`,
    all paid together on `catch_day`.
    """
    n = disb_day.shape[0]
    u = rng.random(n)
    default = u < p_default
    default_k = np.where(default, np.minimum(3 + rng.geometric(1 / 7, n), term - 1), 0)
    early = ~default & (rng.random(n) < 0.06)
    early_k = np.where(early, rng.integers(3, np.maximum(term, 4)), 0)
    restructure = ~default & ~early & (rng.random(n) < 0.03)
    restr_k = np.where(restructure, rng.integers(4, np.maximum(term - 2, 5)), 0)
    restr_day = add_months(disb_day, restr_k)
    restr_k = np.where(restructure & (restr_day <= end_day), restr_k, 0)
    ext = np.where(restr_k > 0, rng.integers(6, 13, n), 0)
    n_inst = term + ext

    episode = ~default & (rng.random(n) < p_episode)
    episode_s = np.where(episode, rng.integers(2, np.maximum(n_inst, 3)), 0)
    episode_len = np.where(episode, np.minimum(1 + rng.geometric(0.3, n), n_inst - episode_s + 1), 0)
    episode_end_due = add_months(disb_day, episode_s + episode_len - 1)
    catch_day = np.where(episode, episode_end_due + rng.integers(0, 26, n), NONE)
    early_day = np.where(early, add_months(disb_day, early_k) - rng.integers(0, 21, n), NONE)
    if early.any():
        early_day = np.maximum(early_day, disb_day + 1)

    last_due = add_months(disb_day, n_inst)
    last_paid = last_due + rng.integers(-3, 13, n)
    last_paid = np.where(episode & (episode_s + episode_len - 1 >= n_inst), catch_day, last_paid)
    last_paid = np.where(early, early_day, last_paid)
    writeoff_day = np.where(default, add_months(disb_day, default_k) + rng.integers(150, 271, n), NONE)

    closed = np.where(default, np.where(writeoff_day <= end_day, writeoff_day, NONE),
                      np.where(last_paid <= end_day, last_paid, NONE))
    status = np.full(n, ST_ACTIVE, dtype=np.int64)
    status[(restr_k > 0) & (closed == NONE)] = ST_RESTRUCTURED
    status[~default & (closed != NONE)] = ST_REPAID
    status[default & (closed != NONE)] = ST_WRITTEN_OFF
    return {
        "default_k": default_k, "early_k": early_k, "early_day": early_day, "restr_k": restr_k,
        "ext": ext, "episode_s": episode_s, "episode_len": episode_len, "catch_day": catch_day,
        "last_paid": last_paid, "writeoff_day": writeoff_day, "closed_day": closed, "status": status,
    }
