"""Origination: month by month, who applies, who is met, what is asked, what is decided.

One loop per month; every draw inside a month is vectorised. The result is a `Book`: every
person met (applicants and people met only at a diagnosis interview) and every application
with its decision, disbursement and repayment path.

Calibration (docs/simulator.md): about 100 loans disbursed a month at scale 1 (1,200 a year);
average loan around €3,800, capped at €12,000; terms around 30 months; 7.45-9.45% a year
except interest-free honour loans; about 3 in 4 decided applications approved; 2 to 3 people
met per loan disbursed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from missionlens.data.simulator.borrowers import entrants
from missionlens.data.simulator.organisation import Branches
from missionlens.data.simulator.perturbation import Perturbation
from missionlens.data.simulator.repayment import (
    NONE, ST_APPROVED, ST_DECLINED, ST_PENDING, ST_WITHDRAWN, repayments,
)
from missionlens.data.simulator.scenarios import Plan
from missionlens.data.simulator.timeline import IntArray, seasonality

PRODUCTS = ("business", "personal", "honour")
DECISIONS = ("approved", "declined", "withdrawn", "pending")
D_APPROVED, D_DECLINED, D_WITHDRAWN, D_PENDING = range(4)
LOANS_PER_MONTH = 100.0  # at scale 1: a regional association, ~1,200 loans a year

# (amount median, log-sd, min, max), term choices and weights, rates; per product.
AMOUNT = {0: (3600.0, 0.5, 500.0, 12000.0), 1: (2200.0, 0.4, 300.0, 5000.0), 2: (2500.0, 0.45, 500.0, 8000.0)}
TERMS = {0: ((12, 18, 24, 30, 36, 48), (0.06, 0.12, 0.25, 0.25, 0.2, 0.12)),
         1: ((12, 18, 24, 30, 36), (0.1, 0.15, 0.3, 0.25, 0.2)),
         2: ((24, 36, 48), (0.3, 0.45, 0.25))}
RATES = {0: (0.0745, 0.0845, 0.0945), 1: (0.0725, 0.0845), 2: (0.0,)}


@dataclass(frozen=True)
class Book:
    borrowers: dict[str, np.ndarray]
    loans: dict[str, np.ndarray]
    loan_month_start: IntArray  # first loan index of each application month (length months + 1)
    borrower_month_start: IntArray


def _concat(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def _loan_terms(rng: np.random.Generator, product: IntArray, repeat: np.ndarray,
                amount_x: float, noise: float) -> tuple[np.ndarray, IntArray, np.ndarray]:
    n = product.shape[0]
    amount = np.zeros(n)
    term = np.zeros(n, dtype=np.int64)
    rate = np.zeros(n)
    for code, (median, sd, low, high) in AMOUNT.items():
        rows = product == code
        k = int(rows.sum())
        raw = median * (1 + amount_x) * np.where(repeat[rows], 1.2, 1.0) * rng.lognormal(0.0, sd * (1 + noise), k)
        amount[rows] = np.clip(np.round(raw / 50) * 50, low, high)
        choices, weights = TERMS[code]
        term[rows] = rng.choice(np.array(choices), k, p=np.array(weights))
        rate[rows] = rng.choice(np.array(RATES[code]), k)
    return amount, term, rate


def originate(rng: np.random.Generator, plan: Plan, branches: Branches, perturbation: Perturbation,
              size: float, progress: Callable[[float], None]) -> Book:
    timeline = plan.timeline
    months = timeline.months
    end_day = timeline.end_day
    starts = timeline.month_starts()
    years_from_start = (np.arange(months) - timeline.first_observed) / 12
    level = (LOANS_PER_MONTH * size * (1 + plan.scenario.growth) ** years_from_start
             * seasonality(timeline.calendar_months(), perturbation.season_amplitude, perturbation.season_phase)
             * (1 + plan.lever("volume_x"))
             * rng.lognormal(0.0, 0.03 + 0.08 * perturbation.noise, months))
    queue: dict[int, list[dict[str, np.ndarray]]] = {}
    borrower_parts: list[dict[str, np.ndarray]] = []
    loan_parts: list[dict[str, np.ndarray]] = []
    loan_month_start = [0]
    borrower_month_start = [0]
    next_borrower = 0
    for i in range(months):
        d0, d1 = int(starts[i]), int(starts[i + 1])
        p_approve = float(np.clip(0.76 + plan.lever("approval")[i], 0.3, 0.97))
        target = level[i] / (0.93 * p_approve)
        waiting = queue.pop(i, [])
        repeats = _concat(waiting) if waiting else None
        n_rep = 0 if repeats is None else repeats["borrower"].shape[0]
        n_new = max(int(rng.poisson(target)) - n_rep, int(rng.poisson(0.25 * target)))
        n_prospect = int(rng.poisson(level[i] * 1.25 * (1 + plan.lever("prospects_x")[i])))
        drift = float(plan.lever("outreach")[i])
        # New applicants and people met only once: a diagnosis interview, then entry a little before.
        n_people = n_new + n_prospect
        branch = rng.choice(branches.count, n_people, p=branches.weights)
        diag = rng.integers(d0, d1, n_people)
        app_new = np.minimum(diag[:n_new] + rng.integers(0, 21, n_new), end_day)
        entry = diag - np.where(rng.random(n_people) < 0.35, 0, rng.integers(1, 15, n_people))
        people = entrants(rng, branch, branches.zones, entry, np.full(n_people, drift),
                          float(plan.lever("income_x")[i]))
        people["first_diag"] = diag
        people["prospect"] = np.arange(n_people) >= n_new
        borrower_parts.append(people)
        ids = next_borrower + np.arange(n_people)
        next_borrower += n_people
        borrower_month_start.append(next_borrower)

        app = {
            "borrower": ids[:n_new], "branch": branch[:n_new], "benefits": people["benefits"][:n_new],
            "banked": people["banked"][:n_new], "income": people["income"][:n_new],
        }
        if repeats is not None:
            app = {k: np.concatenate([app[k], repeats[k]]) for k in app}
        n = n_new + n_rep
        repeat = np.arange(n) >= n_new
        app_day = np.concatenate([app_new, rng.integers(d0, d1, n_rep)])
        order = np.argsort(app_day, kind="stable")
        app = {k: v[order] for k, v in app.items()}
        repeat, app_day = repeat[order], app_day[order]

        u = rng.random(n)
        product = np.where(u < np.where(repeat, 0.75, 0.68), 0, np.where(u < np.where(repeat, 0.9, 0.88), 1, 2))
        amount, term, rate = _loan_terms(rng, product, repeat, float(plan.lever("amount_x")[i]),
                                         perturbation.noise)
        # Creaming: people on minimum benefits are declined more, others less, at constant overall rate.
        decline_shift = float(plan.lever("benefit_decline")[i])
        on_benefits = float(np.mean(app["benefits"][~repeat] == 1)) if n_new else 0.0
        balance = on_benefits / max(1.0 - on_benefits, 0.05)
        p_ok = np.where(repeat, 0.9, p_approve + np.where(app["benefits"] == 1, decline_shift, -balance * decline_shift))
        withdrawn = rng.random(n) < np.where(repeat, 0.04, 0.07)
        approved = ~withdrawn & (rng.random(n) < np.clip(p_ok, 0.05, 0.98))
        decision = np.where(withdrawn, D_WITHDRAWN, np.where(approved, D_APPROVED, D_DECLINED))
        delay = np.where(withdrawn, rng.integers(3, 41, n), 4 + np.round(rng.gamma(2.0, 6.0, n)).astype(np.int64))
        decision_day = app_day + delay
        pending = decision_day > end_day
        decision[pending] = D_PENDING
        decision_day[pending] = NONE
        disb_day = np.where(decision == D_APPROVED, decision_day + rng.integers(2, 13, n), NONE)
        disb_day[disb_day > end_day] = NONE
        disbursed = disb_day != NONE

        income = np.where(np.isnan(app["income"]) | (app["income"] <= 0), 1000.0, app["income"])
        heavy = amount / (12 * income) > 0.4
        risk = ((1 + 0.35 * (app["benefits"] == 1)) * (1 + 0.25 * (app["banked"] == 0)) * (1 + 0.3 * heavy)
                / 1.45 * np.where(repeat, 0.6, 1.0) * (1 + plan.lever("risk_x")[i]))
        path = repayments(rng, disb_day[disbursed], term[disbursed], 0.06 * risk[disbursed],
                          0.6 * risk[disbursed], end_day)
        loans: dict[str, np.ndarray] = {
            "borrower": app["borrower"], "branch": app["branch"], "repeat": repeat, "product": product,
            "app_day": app_day, "decision": decision, "decision_day": decision_day, "disb_day": disb_day,
            "amount": amount, "term": term, "rate": rate,
        }
        status = np.select([decision == D_PENDING, decision == D_DECLINED, decision == D_WITHDRAWN],
                           [ST_PENDING, ST_DECLINED, ST_WITHDRAWN], ST_APPROVED)
        for key, values in path.items():
            full = np.full(n, NONE if key != "status" else 0, dtype=values.dtype)
            full[disbursed] = values
            loans[key] = full
        loans["status"] = np.where(disbursed, loans["status"], status)
        loan_parts.append(loans)
        loan_month_start.append(loan_month_start[-1] + n)

        # Some borrowers in good standing come back for another loan before or after the end of this one.
        again = disbursed & (loans["default_k"] == 0) & (rng.random(n) < np.where(repeat, 0.2, 0.33))
        back_day = disb_day[again] + np.round(term[again] * 30.4 * rng.uniform(0.3, 0.9, int(again.sum())))
        back_month = timeline.month_of(back_day.astype(np.int64))
        for month in np.unique(back_month[back_month < months]).tolist():
            rows = back_month == month
            queue.setdefault(int(month), []).append({k: app[k][again][rows] for k in app})
        progress((i + 1) / months)
    borrowers = _concat(borrower_parts)
    borrowers["benefits"] = borrowers["benefits"].astype(np.int64)
    return Book(borrowers, _concat(loan_parts), np.array(loan_month_start), np.array(borrower_month_start))

