"""Installments of a Kiva loan: schedule, first-in-first-out payments, edge cases (convert/installments.py)."""

from __future__ import annotations

from datetime import date

from missionlens.convert.installments import add_months, derived_schedule, repayment
from missionlens.convert.kiva_source import KivaPayment


def pay(day: str, amount: float, pid: str = "p") -> KivaPayment:
    return KivaPayment(pid, date.fromisoformat(day), amount, None)


SCHEDULE = ((date(2006, 2, 1), 50.0), (date(2006, 3, 1), 50.0), (date(2006, 4, 1), 50.0))


def test_an_installment_is_paid_on_the_day_the_payment_completing_it_arrives() -> None:
    result = repayment(SCHEDULE, [pay("2006-02-03", 30, "a"), pay("2006-02-20", 40, "b")],
                       disbursed=date(2006, 1, 1), amount=150, term_months=3)
    assert result is not None
    first, second, third = result.installments
    assert (first.paid_amount, first.paid_date) == (50, date(2006, 2, 20))
    assert (second.paid_amount, second.paid_date) == (20, None)
    assert third.paid_amount == 0


def test_a_payment_before_disbursal_counts_on_the_disbursal_day() -> None:
    result = repayment(SCHEDULE, [pay("2005-12-20", 50)], disbursed=date(2006, 1, 1), amount=150, term_months=3)
    assert result is not None
    assert result.moved_payments == 1
    assert result.installments[0].paid_date == date(2006, 1, 1)


def test_what_is_paid_beyond_the_schedule_stays_on_the_last_installment() -> None:
    result = repayment(SCHEDULE, [pay("2006-04-01", 170)], disbursed=date(2006, 1, 1), amount=150, term_months=3)
    assert result is not None
    assert result.excess == 20
    assert sum(i.paid_amount for i in result.installments) == 170


def test_a_derived_schedule_splits_the_amount_monthly_with_cents_on_the_last() -> None:
    schedule = derived_schedule(100, date(2006, 1, 31), 3)
    assert [d for d, _ in schedule] == [date(2006, 2, 28), date(2006, 3, 31), date(2006, 4, 30)]
    assert [a for _, a in schedule] == [33.33, 33.33, 33.34]


def test_a_loan_without_schedule_or_term_has_no_installments() -> None:
    assert repayment((), [], disbursed=date(2006, 1, 1), amount=100, term_months=None) is None


def test_adding_months_keeps_the_day_or_takes_the_month_end() -> None:
    assert add_months(date(2005, 4, 14), 1) == date(2005, 5, 14)
    assert add_months(date(2006, 12, 31), 2) == date(2007, 2, 28)
