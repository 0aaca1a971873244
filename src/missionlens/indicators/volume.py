"""Volume: loans disbursed, amounts, average loan and approval (core, spec/microcredit-data.md).

- loans_disbursed: loans whose disbursement_date falls in P.
- amount_disbursed: the sum of amount of those loans (n: the loans).
- avg_loan_amount: amount_disbursed / loans_disbursed (a mean over the period's loans).
- approval_rate: loans with decision approved and decision_date in P, over those approved or
  declined in P (pending and withdrawn decisions are in neither).
"""

from __future__ import annotations

import ibis.expr.types as ir

from missionlens.indicators.periods import Periods
from missionlens.indicators.registry import LOAN_DIMENSIONS, MIN_N, IndicatorDef, per_period, register, rows
from missionlens.indicators.tables import Dimension, Tables


def disbursed(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    """Loans disbursed per period: grp, period, loans, amount."""
    unit = tables.grouped(tables.disbursed_loans(), by, branch="branch_id", product="product")
    return per_period(
        unit, "disbursement_date", periods, loans=lambda t: t.count(), amount=lambda t: t.amount.sum()
    )


def loans_disbursed(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    t = disbursed(tables, periods, by)
    return rows(t, num=t.loans, n=t.loans)


def amount_disbursed(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    t = disbursed(tables, periods, by)
    return rows(t, num=t.amount, n=t.loans)


def avg_loan_amount(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    t = disbursed(tables, periods, by)
    return rows(t, num=t.amount, den=t.loans, n=t.loans)


def approval_rate(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    loans = tables["loans"]
    decided = loans.filter(loans.decision.isin(("approved", "declined")))
    unit = tables.grouped(decided, by, branch="branch_id", product="product")
    t = per_period(
        unit,
        "decision_date",
        periods,
        approved=lambda t: (t.decision == "approved").sum(),
        decided=lambda t: t.count(),
    )
    return rows(t, num=t.approved, den=t.decided, n=t.decided)


LOANS = ("loans",)
for _definition in (
    IndicatorDef("loans_disbursed", "count", "total", LOANS, loans_disbursed, LOAN_DIMENSIONS,
                 definition="loans whose disbursement_date falls in P"),
    IndicatorDef("amount_disbursed", "amount", "total", LOANS, amount_disbursed, LOAN_DIMENSIONS,
                 definition="sum of amount of the loans disbursed in P"),
    IndicatorDef("avg_loan_amount", "amount", "ratio", LOANS, avg_loan_amount, LOAN_DIMENSIONS,
                 min_n=MIN_N, definition="amount_disbursed / loans_disbursed"),
    IndicatorDef("approval_rate", "share", "ratio", LOANS, approval_rate, LOAN_DIMENSIONS,
                 interval=True, min_n=MIN_N,
                 definition="loans approved with decision_date in P / loans approved or declined in P"),
):
    register(_definition)
