"""Installments of a Kiva loan: its schedule, and the repayments received laid against it.

spec/microcredit-data.md, installments: one row per scheduled installment with what was paid on
it and the date it was paid in full. Kiva gives the schedule of repayments to lenders and the
repayments received (the field partner's repayments to Kiva, which follow the borrower's). The
rules, documented in docs/real-data.md:

- the schedule is Kiva's `scheduled_payments` when it has one; otherwise (the first loans, 2005
  to early 2006) it is derived: the amount in `term_months` equal monthly installments, the
  first due one month after disbursal, cents on the last (`derived=True`);
- repayments are laid on the installments oldest first (first in, first out); an installment's
  `paid_date` is the day of the repayment that completed it;
- a repayment dated before the disbursal counts on the disbursal day (the contract refuses a
  payment before the money was paid out; 8 such payments in the 2005-2006 snapshot);
- what is paid beyond the schedule stays on the last installment, so that the total paid is
  the source's total.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from missionlens.convert.kiva_source import KivaPayment

_CENT = 0.005


@dataclass(frozen=True)
class Installment:
    number: int
    due: date
    principal_due: float
    paid_amount: float
    paid_date: date | None


@dataclass(frozen=True)
class Repayment:
    """The installments of one loan, and how they were built."""

    installments: tuple[Installment, ...]
    derived: bool  # the schedule was derived from the term, not given by the source
    moved_payments: int  # repayments dated before the disbursal, counted on the disbursal day
    excess: float  # paid beyond the schedule (kept on the last installment)


def add_months(start: date, months: int) -> date:
    """The same day `months` later, or the month's last day when it is shorter."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


def derived_schedule(amount: float, disbursed: date, term_months: int) -> tuple[tuple[date, float], ...]:
    """Equal monthly installments over the term, the first one month after disbursal."""
    cents = round(amount * 100)
    share, rest = divmod(cents, term_months)
    return tuple(
        (add_months(disbursed, k + 1), (share + (rest if k == term_months - 1 else 0)) / 100)
        for k in range(term_months)
    )


def repayment(
    schedule: Sequence[tuple[date, float]],
    payments: Sequence[KivaPayment],
    *,
    disbursed: date,
    amount: float,
    term_months: int | None,
) -> Repayment | None:
    """The installments of a disbursed loan; None when there is neither a schedule nor a term."""
    derived = False
    if not schedule:
        if term_months is None or term_months <= 0:
            return None
        schedule = derived_schedule(amount, disbursed, term_months)
        derived = True
    dues = [round(a, 2) for _, a in schedule]
    paid = [0.0] * len(dues)
    paid_on: list[date | None] = [None] * len(dues)
    moved = 0
    current = 0
    for payment in sorted(payments, key=lambda p: (p.processed, p.payment_id)):
        when = payment.processed
        if when < disbursed:
            when, moved = disbursed, moved + 1
        left = payment.amount
        while left > _CENT and current < len(dues):
            room = dues[current] - paid[current]
            taken = min(room, left)
            paid[current] += taken
            left -= taken
            if dues[current] - paid[current] <= _CENT:
                paid_on[current] = when
                current += 1
        if left > _CENT:
            paid[-1] += left
    excess = max(0.0, sum(paid) - sum(dues))
    rows = tuple(
        Installment(k + 1, due, dues[k], round(paid[k], 2), paid_on[k])
        for k, (due, _) in enumerate(schedule)
    )
    return Repayment(rows, derived, moved, round(excess, 2))
