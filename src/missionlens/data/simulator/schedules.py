"""Installment schedules: monthly annuities (principal + interest), and how each was paid.

Principal is computed from the closed-form outstanding balance and rounded cumulatively, so
the principal of a loan sums to its amount to the cent. A restructured loan's remaining
balance is re-amortised over more months from the restructuring installment.
"""

from __future__ import annotations

import numpy as np

from missionlens.data.simulator.repayment import NONE, ST_REPAID
from missionlens.data.simulator.timeline import FloatArray, IntArray, add_months


def _balance(principal: FloatArray, monthly_rate: FloatArray, n: IntArray, k: IntArray) -> FloatArray:
    """Outstanding balance after k of n annuity payments."""
    k = np.minimum(k, n)
    growth_n = (1 + monthly_rate) ** n
    growth_k = (1 + monthly_rate) ** k
    with np.errstate(invalid="ignore", divide="ignore"):
        annuity = principal * (growth_n - growth_k) / (growth_n - 1)
    linear = principal * (n - k) / np.maximum(n, 1)
    return np.asarray(np.where(monthly_rate > 0, annuity, linear), dtype=np.float64)


def installments(rng: np.random.Generator, loans: dict[str, np.ndarray], end_day: int) -> dict[str, np.ndarray]:
    """One row per installment of the given disbursed loans; `loan` is the row in `loans`."""
    n_inst = loans["term"] + loans["ext"]
    loan = np.repeat(np.arange(n_inst.shape[0]), n_inst)
    number = np.arange(loan.shape[0]) - np.repeat(np.cumsum(n_inst) - n_inst, n_inst) + 1
    amount, r, term = loans["amount"][loan], loans["rate"][loan] / 12, loans["term"][loan]
    restr = loans["restr_k"][loan]
    total = n_inst[loan]

    def balance(k: IntArray) -> FloatArray:
        original = _balance(amount, r, term, k)
        at_restructure = _balance(amount, r, term, np.maximum(restr - 1, 0))
        rescheduled = _balance(at_restructure, r, total - restr + 1, np.maximum(k - restr + 1, 0))
        return np.where((restr > 0) & (k >= restr), rescheduled, original)

    before, after = balance(number - 1), balance(number)
    cents_before = np.round((amount - before) * 100)
    cents_after = np.round((amount - after) * 100)
    principal = (cents_after - cents_before) / 100
    interest = np.round(before * r * 100) / 100
    disb = loans["disb_day"][loan]
    due = add_months(disb, number)

    # Ordinary lateness: most paid by direct debit around the due date, some days or weeks late.
    u = rng.random(loan.shape[0])
    delay = np.where(u < 0.55, rng.integers(-5, 1, loan.shape[0]),
                     np.where(u < 0.9, rng.integers(1, 11, loan.shape[0]), rng.integers(11, 29, loan.shape[0])))
    paid = due + delay
    last = number == n_inst[loan]
    paid = np.where(last, loans["last_paid"][loan], paid)
    s, length = loans["episode_s"][loan], loans["episode_len"][loan]
    in_episode = (s > 0) & (number >= s) & (number < s + length)
    paid = np.where(in_episode, loans["catch_day"][loan], paid)
    early_k = loans["early_k"][loan]
    paid = np.where((early_k > 0) & (number >= early_k), loans["early_day"][loan], paid)
    repaid = loans["status"][loan] == ST_REPAID
    paid = np.where(repaid, np.minimum(paid, loans["closed_day"][loan]), paid)
    paid = np.maximum(paid, disb)
    default_k = loans["default_k"][loan]
    unpaid = ((default_k > 0) & (number >= default_k)) | (paid > end_day)
    paid = np.where(unpaid, NONE, paid)

    due_total = principal + interest
    # Part of an unpaid installment that already fell due may have been paid.
    partial = unpaid & (due <= end_day) & (rng.random(loan.shape[0]) < 0.3)
    part = np.round(due_total * rng.uniform(0.1, 0.9, loan.shape[0]), 2)
    paid_amount = np.where(unpaid, np.where(partial, part, 0.0), due_total)
    return {
        "loan": loan, "number": number, "due_day": due, "principal": principal, "interest": interest,
        "paid_amount": np.round(paid_amount, 2), "paid_day": paid,
    }
