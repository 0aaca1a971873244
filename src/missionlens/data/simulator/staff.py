"""Employees and volunteers: who works where, when, at what FTE, and who meets whom.

Staffing follows the portfolio: one employee FTE for about 93 active clients (the ratio given
in the brief, docs/simulator.md). A scenario can freeze staffing at an anchor month (staff stop
growing while activity rises) or let departures go unreplaced (the need falls; whoever leaves is
not replaced while the branch has more people than it needs). Each branch keeps at least one
employee at all times. Staff join on the first day of a month and leave on the last day of one,
so that who is present in a month is exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from missionlens.data.simulator.loans import Book
from missionlens.data.simulator.scenarios import Plan
from missionlens.data.simulator.timeline import IntArray

CLIENTS_PER_FTE = 93.0
EMPLOYEE_FTE = ((1.0, 0.8, 0.6, 0.5), (0.8, 0.12, 0.05, 0.03))
VOLUNTEER_FTE = ((0.0, 0.1, 0.2), (0.5, 0.35, 0.15))
OPEN = 1 << 40  # month index of "has not left"


def active_loans(book: Book, plan: Plan, n_branches: int) -> np.ndarray:
    """Loans outstanding at each month end, by branch (branches × months)."""
    months = plan.timeline.months
    loans = book.loans
    disbursed = loans["disb_day"] >= 0
    first = plan.timeline.month_of(loans["disb_day"][disbursed])
    closed = loans["closed_day"][disbursed]
    last = np.where(closed >= 0, plan.timeline.month_of(np.maximum(closed, 0)), months)
    diff = np.zeros((n_branches, months + 1))
    branch = loans["branch"][disbursed]
    np.add.at(diff, (branch, np.clip(first, 0, months)), 1)
    np.add.at(diff, (branch, np.clip(last, 0, months)), -1)
    return np.cumsum(diff, axis=1)[:, :months]


@dataclass(frozen=True)
class Staff:
    branch: IntArray
    volunteer: np.ndarray  # bool
    fte: np.ndarray
    start_day: IntArray
    end_day: IntArray  # -1 while still there
    first_month: IntArray
    last_month: IntArray  # OPEN while still there

    @property
    def count(self) -> int:
        return int(self.branch.shape[0])


def _slots_needed(active: np.ndarray, plan: Plan) -> np.ndarray:
    kernel = np.ones(3) / 3
    smooth = np.array([np.convolve(np.pad(row, (2, 0), mode="edge"), kernel, mode="valid") for row in active])
    freeze = plan.scenario.staff_freeze
    if freeze is not None:
        at = plan.anchors[freeze]
        growth = (1 + plan.scenario.growth) ** ((np.arange(smooth.shape[1]) - at).clip(0) / 12)
        smooth[:, at:] = smooth[:, at - 1: at] * growth[at:]
    target = smooth / CLIENTS_PER_FTE * (1 + plan.lever("staffing_x"))
    return np.maximum(1, np.round(target / 0.93)).astype(np.int64)


def hire_and_leave(rng: np.random.Generator, needed: np.ndarray, mean_tenure: float) -> tuple[IntArray, ...]:
    """Who works in each branch: (branch, first month, last month) of each person.

    Each month a branch hires up to what it needs; a departure is replaced only while the branch
    is below its need. So when the need falls (departures not replaced), whoever leaves first
    lowers the headcount, as in an organisation that stops hiring: not only the holders of the
    last positions created. Tenures are exponential (memoryless), drawn at hiring.
    """
    n_branches, months = needed.shape
    leaving = np.zeros((n_branches, months + 1), dtype=np.int64)  # people leaving at the start of m
    present = np.zeros(n_branches, dtype=np.int64)
    out_b, out_first, out_last = [], [], []
    for month in range(months):
        present -= leaving[:, month]
        gap = np.maximum(needed[:, month] - present, 0)
        hired = int(gap.sum())
        if hired == 0:
            continue
        branch = np.repeat(np.arange(n_branches), gap)
        tenure = np.maximum(3, np.round(rng.exponential(mean_tenure, hired))).astype(np.int64)
        last = month + tenure - 1
        np.add.at(leaving, (branch, np.minimum(last + 1, months)), 1)
        present += gap
        out_b.append(branch)
        out_first.append(np.full(hired, month, dtype=np.int64))
        out_last.append(np.where(last >= months - 1, OPEN, last))
    return np.concatenate(out_b), np.concatenate(out_first), np.concatenate(out_last)


def build_staff(rng: np.random.Generator, active: np.ndarray, plan: Plan) -> Staff:
    timeline = plan.timeline
    starts = timeline.month_starts()
    needed = _slots_needed(active, plan)
    volunteers_needed = np.round(0.45 * needed).astype(np.int64)
    parts = []
    for is_volunteer, need, tenure, (levels, weights) in (
        (False, needed, 54.0, EMPLOYEE_FTE), (True, volunteers_needed, 30.0, VOLUNTEER_FTE),
    ):
        if need.max() == 0:
            continue
        b, first, last = hire_and_leave(rng, need, tenure)
        fte = rng.choice(np.array(levels), b.shape[0], p=np.array(weights))
        start_day = starts[np.clip(first, 0, timeline.months)]
        # Those present from the first simulated month joined at some point before it.
        early = first == 0
        start_day = np.where(early, start_day - rng.integers(0, 6 * 365, b.shape[0]), start_day)
        start_day = np.where(early, start_day.astype("datetime64[D]").astype("datetime64[M]")
                             .astype("datetime64[D]").astype(np.int64), start_day)
        first_month = np.where(early, timeline.month_of(start_day), first)
        end_day = np.where(last == OPEN, -1, starts[np.clip(last + 1, 0, timeline.months)] - 1)
        parts.append((b, np.full(b.shape[0], is_volunteer), fte, start_day, end_day, first_month, last))
    order = np.argsort(np.concatenate([p[3] for p in parts]), kind="stable")
    cols = [np.concatenate([p[k] for p in parts])[order] for k in range(7)]
    return Staff(cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], cols[6])


class StaffIndex:
    """Picks a staff member of a branch present in a month, uniformly, for many rows at once."""

    def __init__(self, staff: Staff, n_branches: int, months: int) -> None:
        self.months = months
        self.staff = staff
        self._tables = {}
        for volunteer in (False, True):
            rows = np.flatnonzero(staff.volunteer == volunteer)
            lo = np.clip(staff.first_month[rows], 0, months)
            hi = np.clip(staff.last_month[rows], -1, months - 1)
            span = np.maximum(hi - lo + 1, 0)
            who = np.repeat(rows, span)
            offset = np.arange(who.shape[0]) - np.repeat(np.cumsum(span) - span, span)
            month = np.repeat(lo, span) + offset
            key = staff.branch[who] * months + month
            order = np.argsort(key, kind="stable")
            counts = np.bincount(key, minlength=n_branches * months)
            self._tables[volunteer] = (who[order], np.cumsum(counts) - counts, counts)

    def pick(self, rng: np.random.Generator, branch: IntArray, month: IntArray, volunteer: bool) -> IntArray:
        """Index of a staff member per row, or -1 where the branch has nobody of that kind that month."""
        who, offsets, counts = self._tables[volunteer]
        key = branch * self.months + np.clip(month, 0, self.months - 1)
        n = counts[key]
        chosen = offsets[key] + np.floor(rng.random(branch.shape[0]) * np.maximum(n, 1)).astype(np.int64)
        if who.shape[0] == 0:
            return np.full(branch.shape[0], -1, dtype=np.int64)
        return np.where(n > 0, who[np.minimum(chosen, who.shape[0] - 1)], -1)

    def present(self, index: IntArray, month: IntArray) -> np.ndarray:
        """Whether staff member `index` (>= 0) is present in `month`."""
        safe = np.maximum(index, 0)
        present = (index >= 0) & (self.staff.first_month[safe] <= month) & (self.staff.last_month[safe] >= month)
        return np.asarray(present, dtype=bool)
