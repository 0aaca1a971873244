"""Portfolio: what is lent out and at risk, read at d, the period's reading date (periods.py).

Core (spec/microcredit-data.md):
- portfolio_outstanding: over loans disbursed on or before d whose closed_date is null or after d,
  the sum of principal_due of their installments whose paid_date is null or after d.
  n: the loans outstanding at d.
- par30: the part of portfolio_outstanding held by loans that have an installment with due_date
  before d - 30 days (so due_date <= d - 31: due exactly d - 30 is not late) whose paid_date is
  null or after d, over portfolio_outstanding.

Catalogue:
- par90: as par30 with 90 days.
- active_borrowers: distinct borrowers of loans outstanding at d (disbursed on or before d,
  closed_date null or after d).
- write_off_rate: principal written off in P (loans with status written_off and closed_date in P:
  principal_due of their installments with paid_date null or after closed_date) over
  portfolio_outstanding at the last day of the previous period.
- restructured_share: loans disbursed in P whose current status is restructured / loans disbursed in P.

PAR and the write-off rate are shares of amounts: they carry n (loans) but no Wilson interval,
which assumes equally weighted units.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from missionlens.indicators.periods import BEYOND, DECIMAL, Periods, days_after, period_key
from missionlens.indicators.registry import (
    BORROWER_DIMENSIONS,
    LOAN_DIMENSIONS,
    MIN_N,
    Compute,
    IndicatorDef,
    per_period,
    register,
    rows,
)
from missionlens.indicators.tables import Dimension, Tables

_NEVER = ibis.date(BEYOND)


def _loans(tables: Tables, by: Dimension | None) -> ir.Table:
    unit = tables.grouped(tables.disbursed_loans(), by, branch="branch_id", product="product")
    return unit.select("grp", "loan_id", "borrower_id", "disbursement_date", "closed_date", "status")


def _loan_months(tables: Tables, by: Dimension | None) -> ir.Table:
    """grp, _l (loan_id), _s, _c: each disbursed loan with the month numbers of its disbursement and
    of its closing (BEYOND_KEY when open), computed once per loan rather than per installment."""
    loans = _loans(tables, by)
    return loans.select(
        "grp",
        _l=loans.loan_id,
        _s=period_key(loans.disbursement_date, "month"),
        _c=period_key(loans.closed_date.fill_null(_NEVER), "month"),
    )


def outstanding(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    """grp, period, amount, loans: portfolio outstanding at d and the loans outstanding at d."""
    loans = _loans(tables, by)
    # An installment counts at d while d is in [disbursement, min(closed_date, paid_date)): with
    # reading dates at month ends, while d's month is in [its months) (Periods.first_reading_key).
    # The joined rows are summed at once into a few intervals per group and nothing of the
    # installment-level join is kept (materialising it cost more than the join itself).
    months = loans.select(
        "grp", _l=loans.loan_id, _s=period_key(loans.disbursement_date, "month"), _c=loans.closed_date.fill_null(_NEVER)
    )
    inst = tables["installments"]
    inst = inst.select(_il=inst.loan_id, _w=inst.principal_due, _p=inst.paid_date.fill_null(_NEVER))
    joined = months.join(inst, months._l == inst._il)
    # Summed by the stop date itself (a few thousand dates): its month number is then made once
    # per group rather than once per installment.
    intervals = joined.select("grp", start=joined._s, stop=ibis.least(joined._c, joined._p), w=joined._w)
    intervals = periods.by_months(intervals, "w")
    intervals = intervals.mutate(stop=period_key(intervals.stop, "month"))
    amounts = periods.running(periods.month_spans(intervals, keep_empty=True), "w", keys=True)
    counts = periods.stock(loans.select("grp", start=loans.disbursement_date, stop=loans.closed_date))
    # The two stocks are put side by side with a union and an aggregate rather than a join: a
    # join here would be flattened into the joins of par30, par90 and write_off_rate, making four
    # different plans of the same stock where one shared subplan (one CTE) is computed once.
    # Every period with an amount has a loan outstanding (an installment's interval lies inside
    # its loan's), so keeping the periods with loans is the left join of the loans' stock.
    both = counts.select("grp", "period", loans=counts.value, amount=ibis.null("float64")).union(
        amounts.select("grp", "period", loans=ibis.null("float64"), amount=amounts.value)
    )
    t = both.group_by(["grp", "period"]).aggregate(loans=both.loans.max(), amount=both.amount.max())
    return t.filter(t.loans.notnull()).select("grp", "period", amount=t.amount.fill_null(0.0), loans=t.loans)


def portfolio_outstanding(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    t = outstanding(tables, periods, by)
    return rows(t, num=t.amount, n=t.loans)


def _at_previous_reading(stocks: ir.Table, **columns: ir.Value) -> ir.Table:
    """`stocks` (grp, period, one row per period) with each of `columns` as read at the previous
    period's reading date: the day before this period starts (never capped)."""
    before = ibis.window(group_by="grp", order_by="period")
    return stocks.mutate(**{name: value.lag().over(before) for name, value in columns.items()})


def _late_spans(tables: Tables, periods: Periods, by: Dimension | None, days: int) -> ir.Table:
    """grp, loan_id, d0, s, e: the disjoint spans of periods [s, e) (period keys) at whose reading
    date d each loan is late by more than `days` days; d0 is the loan's disbursement month."""
    # Installment i makes its loan late at d when due_i < d - days, i.e. d >= due_i + days + 1,
    # while unpaid at d (d < paid_i) and the loan outstanding (disbursed <= d < closed_date); with
    # month-end reading dates, when d's month is in [month(due_i + days + 1), month(paid_i)) and in
    # the loan's months (Periods.first_reading_key).
    # Installments that can never be late are dropped on their own dates, before the join with
    # the loans (a late span is monotone in its dates, so these filters only drop empty spans):
    # those due too late to be late by the last reading date (a comparison with a constant, which
    # the Parquet reader applies), and those paid before they were late (due_date is never null,
    # spec/microcredit-data.md). Most installments are one or the other.
    last_due = periods.reading_date(periods.starts[-1]) - dt.timedelta(days=days + 1)
    inst = tables["installments"]
    due = inst.filter(inst.due_date <= ibis.date(last_due))
    due = due.filter(due.paid_date.isnull() | (due.paid_date.delta(due.due_date, unit="day") > days + 1))
    due = due.select(
        _il=due.loan_id,
        _dm=period_key(days_after(due.due_date, days + 1), "month"),
        _pm=period_key(due.paid_date.fill_null(_NEVER), "month"),
    )
    months = _loan_months(tables, by)
    joined = months.join(due, months._l == due._il)
    candidates = joined.select(
        "grp",
        loan_id=joined._l,
        d0=joined._s,
        start=ibis.greatest(joined._dm, joined._s),
        stop=ibis.least(joined._pm, joined._c),
    )
    return Periods.merged(periods.month_spans(candidates), ["grp", "loan_id", "d0"])


def at_risk(tables: Tables, periods: Periods, by: Dimension | None, days: int) -> ir.Table:
    """grp, period, value: the outstanding principal at d of loans late by more than `days` at d."""
    late = _late_spans(tables, periods, by, days).rename(_l="loan_id", _g="grp")
    # While its loan is late, each installment still unpaid at d adds its principal: from the late
    # span's start (never before the disbursement) to the first reading on or after its payment.
    # Installments paid by the span's first reading date add nothing: dropped on a comparison of
    # dates before their payment's period is worked out.
    late = late.mutate(_a=periods.after_reading(late.s))
    inst = tables["installments"]
    owed = inst.select(_o=inst.loan_id, _w=inst.principal_due, _p=inst.paid_date.fill_null(_NEVER))
    # A condition of the join, which DuckDB checks while matching, rather than a filter of its rows.
    pairs = late.join(owed, [late._l == owed._o, owed._p >= late._a])
    paid = periods.first_reading_key(period_key(pairs._p, "month"))
    return periods.running(pairs.select(grp=pairs._g, s=pairs.s, e=ibis.least(pairs.e, paid), w=pairs._w), "w",
                           keys=True)


def arrears_inflow(days: int) -> Compute:
    """Loans entering arrears of more than `days` days: late at d, outstanding and not late at the
    previous period's reading date, over the loans outstanding and not late then (the performing
    loans). PAR is a stock, which carries its past for months; this is its inflow, where a change
    in how loans fall behind shows at once (signals.md, "Stocks tested through their inflow")."""

    def compute(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
        late = _late_spans(tables, periods, by, days)
        earlier = ibis.window(group_by=["grp", "loan_id"], order_by="s")
        late = late.mutate(prev_e=late.e.lag().over(earlier))
        # A span that starts where the previous one ended is the same stretch of lateness; a loan
        # late at its first reading date was not performing at the previous one (it was not lent).
        entered = late.filter(
            (late.prev_e.isnull() | (late.prev_e < late.s)) & (late.s > periods.first_reading_key(late.d0))
        )
        entries = entered.group_by(["grp", "s"]).aggregate(hit=entered.count())
        entries = entries.select(g_="grp", p_=Periods.from_key(entries.s), hit=entries.hit)
        counts = periods.running(late.select("grp", "s", "e"), keys=True).rename(lg_="grp", lp_="period", late_="value")
        base = outstanding(tables, periods, by)
        base = base.left_join(counts, [base.grp == counts.lg_, base.period == counts.lp_])
        base = base.select("grp", "period", performing=base.loans - base.late_.fill_null(0.0))
        base = _at_previous_reading(base, prev=base.performing)
        joined = base.left_join(entries, [base.grp == entries.g_, base.period == entries.p_])
        return rows(joined, num=joined.hit.fill_null(0), den=joined.prev, n=joined.prev)

    return compute


def par(days: int) -> Compute:
    """The share of the portfolio outstanding at d held by loans late by more than `days` days."""

    def compute(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
        base = outstanding(tables, periods, by)
        risk = at_risk(tables, periods, by, days).rename(g_="grp", p_="period", r_="value")
        joined = base.left_join(risk, [base.grp == risk.g_, base.period == risk.p_])
        return rows(joined, num=joined.r_.fill_null(0.0), den=joined.amount, n=joined.loans)

    return compute


def active_borrowers_stock(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    """grp, period, value: distinct borrowers with a loan outstanding at d."""
    unit = tables.grouped(tables.disbursed_loans(), by, product="product")
    intervals = unit.select("grp", "borrower_id", start=unit.disbursement_date, stop=unit.closed_date)
    return periods.stock(intervals, distinct="borrower_id")


def active_borrowers(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    t = active_borrowers_stock(tables, periods, by)
    return rows(t, num=t.value, n=t.value)


def write_off_rate(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    loans = _loans(tables, by)
    gone = loans.filter((loans.status == "written_off") & loans.closed_date.notnull())
    inst = tables["installments"].select(_l=ibis._.loan_id, principal_due=ibis._.principal_due, paid_date=ibis._.paid_date)
    inst = gone.join(inst, gone.loan_id == inst._l)
    lost = inst.filter(inst.paid_date.isnull() | (inst.paid_date > inst.closed_date))
    # Summed exactly (as the stocks are): a float sum's last bits depend on the order of its rows.
    lost = per_period(lost, "closed_date", periods, lost=lambda t: t.principal_due.cast(DECIMAL).sum())
    base = outstanding(tables, periods, by)
    base = _at_previous_reading(base, prev_amount=base.amount, prev_loans=base.loans)
    lost = lost.rename(g_="grp", p_="period")
    joined = base.left_join(lost, [base.grp == lost.g_, base.period == lost.p_])
    return rows(joined, num=joined.lost.fill_null(0.0), den=joined.prev_amount, n=joined.prev_loans)


def restructured_share(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    unit = tables.grouped(tables.disbursed_loans(), by, branch="branch_id", product="product")
    t = per_period(
        unit,
        "disbursement_date",
        periods,
        hit=lambda t: (t.status == "restructured").sum(),
        loans=lambda t: t.count(),
    )
    return rows(t, num=t.hit, den=t.loans, n=t.loans)


PORTFOLIO = ("loans", "installments")
for _definition in (
    IndicatorDef("portfolio_outstanding", "amount", "total", PORTFOLIO, portfolio_outstanding,
                 LOAN_DIMENSIONS, definition="principal due and unpaid at d on loans outstanding at d"),
    IndicatorDef("par30", "share", "ratio", PORTFOLIO, par(30), LOAN_DIMENSIONS, min_n=MIN_N,
                 definition="part of portfolio_outstanding held by loans with an installment due "
                 "before d - 30 days unpaid at d"),
    IndicatorDef("par90", "share", "ratio", PORTFOLIO, par(90), LOAN_DIMENSIONS, min_n=MIN_N,
                 definition="as par30 with 90 days"),
    IndicatorDef("arrears_inflow30", "share", "ratio", PORTFOLIO, arrears_inflow(30), LOAN_DIMENSIONS,
                 interval=True, min_n=MIN_N,
                 definition="loans late by more than 30 days at d, outstanding and not so late at the "
                 "previous period's reading date, over the loans outstanding and not so late then"),
    IndicatorDef("arrears_inflow90", "share", "ratio", PORTFOLIO, arrears_inflow(90), LOAN_DIMENSIONS,
                 interval=True, min_n=MIN_N, definition="as arrears_inflow30 with 90 days"),
    IndicatorDef("active_borrowers", "count", "total", ("loans", "borrowers"), active_borrowers,
                 BORROWER_DIMENSIONS | {"product"},
                 definition="distinct borrowers of loans outstanding at d"),
    IndicatorDef("write_off_rate", "share", "ratio", PORTFOLIO, write_off_rate, LOAN_DIMENSIONS,
                 min_n=MIN_N, definition="principal written off in P / portfolio_outstanding at the "
                 "last day of the previous period"),
    IndicatorDef("restructured_share", "share", "ratio", ("loans",), restructured_share,
                 LOAN_DIMENSIONS, interval=True, min_n=MIN_N,
                 definition="loans disbursed in P whose status is restructured / loans disbursed in P"),
):
    register(_definition)
