"""Outreach: who is served (spec/microcredit-data.md core definitions, and the catalogue of the brief).

"Served in P" = the borrowers with at least one loan disbursed in P, each counted once per period
(and once per group: by product, a borrower served with two products counts in both).

- new_borrowers: borrowers whose first disbursed loan falls in P.
- share_women: served with gender F / served with gender F, M or X ("unknown" is in neither).
- share_minimum_benefits, share_unbanked, share_priority_area: served with the flag (banked:
  false) / served with the flag known.
- loan_to_income: mean over loans disbursed in P whose borrower has monthly_household_income > 0
  of amount / (12 x monthly_household_income).
- repeat_borrower_share: loans disbursed in P whose borrower had a loan disbursed on a strictly
  earlier date / loans disbursed in P.
- declined_minimum_benefits_share: loans declined with decision_date in P whose borrower has
  minimum_benefits true / those whose borrower has minimum_benefits known.
- people_met_per_loan: distinct borrowers with a diagnosis session dated in P / loans disbursed in P.
"""

from __future__ import annotations

from collections.abc import Callable

import ibis
import ibis.expr.types as ir

from missionlens.indicators.periods import Periods
from missionlens.indicators.registry import (
    BORROWER_DIMENSIONS,
    LOAN_DIMENSIONS,
    MIN_N,
    IndicatorDef,
    per_period,
    register,
    rows,
)
from missionlens.indicators.tables import Dimension, Tables


def served(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    """grp, period, borrower_id: each borrower served in a period, once per group."""
    loans = tables.disbursed_loans()
    # The borrower's branch, not the loan's: a share of people describes the people.
    unit = tables.grouped(loans, by, product="product")
    unit = unit.select("grp", "borrower_id", _pk=periods.key(unit.disbursement_date)).distinct()
    # The period's date is made once per distinct row rather than once per loan (Periods.key).
    return unit.select("grp", period=periods.from_key(unit._pk), borrower_id=unit.borrower_id)


# The served shares' flags: (name, numerator, known). All four shares are counted by one join of
# the served people with the borrowers and one aggregate (a subplan the query shares), rather than
# a join and an aggregate per share.
_FLAGS: tuple[tuple[str, Callable[[ir.Table], ir.BooleanValue], Callable[[ir.Table], ir.BooleanValue]], ...] = (
    ("women", lambda t: t.gender == "F", lambda t: t.gender.isin(("F", "M", "X"))),
    ("minimum_benefits", lambda t: t.minimum_benefits, lambda t: t.minimum_benefits.notnull()),
    ("unbanked", lambda t: ~t.banked, lambda t: t.banked.notnull()),
    ("priority_area", lambda t: t.priority_area, lambda t: t.priority_area.notnull()),
)


def served_flags(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    """grp, period and, for each flag of _FLAGS, `<flag>_hit` and `<flag>_known`: the people served
    in the period with the flag, and with it known."""
    people = served(tables, periods, by)
    borrowers = tables["borrowers"].select("borrower_id", "gender", "minimum_benefits", "banked", "priority_area")
    joined = people.join(borrowers, people.borrower_id == borrowers.borrower_id)
    aggregates: dict[str, ir.Value] = {}
    for name, numerator, known in _FLAGS:
        aggregates[f"{name}_hit"] = (known(joined) & numerator(joined)).sum()
        aggregates[f"{name}_known"] = known(joined).sum()
    return joined.group_by(["grp", "period"]).aggregate(**aggregates)


def _served_share(flag: str) -> Callable[[Tables, Periods, Dimension | None], ir.Table]:
    def compute(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
        t = served_flags(tables, periods, by)
        t = t.filter(t[f"{flag}_known"] > 0)
        return rows(t, num=t[f"{flag}_hit"], den=t[f"{flag}_known"], n=t[f"{flag}_known"])

    return compute


def new_borrowers(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    unit = tables.grouped(tables.first_disbursements(), by)
    t = per_period(unit, "first_date", periods, people=lambda t: t.count())
    return rows(t, num=t.people, n=t.people)


def loan_to_income(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    loans = tables.disbursed_loans()
    incomes = tables["borrowers"].select(_b=ibis._.borrower_id, income=ibis._.monthly_household_income)
    joined = loans.join(incomes, loans.borrower_id == incomes._b)
    joined = joined.filter(joined.income > 0)
    joined = joined.mutate(ratio=joined.amount / (joined.income * 12))
    unit = tables.grouped(joined, by, branch="branch_id", product="product")
    t = per_period(unit, "disbursement_date", periods, total=lambda t: t.ratio.sum(), loans=lambda t: t.count())
    return rows(t, num=t.total, den=t.loans, n=t.loans)


def repeat_borrower_share(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    loans = tables.disbursed_loans()
    firsts = tables.first_disbursements().rename(_b="borrower_id")
    joined = loans.join(firsts, loans.borrower_id == firsts._b)
    joined = joined.mutate(repeat=joined.disbursement_date > joined.first_date)
    unit = tables.grouped(joined, by, branch="branch_id", product="product")
    t = per_period(
        unit, "disbursement_date", periods, repeat=lambda t: t.repeat.sum(), loans=lambda t: t.count()
    )
    return rows(t, num=t.repeat, den=t.loans, n=t.loans)


def declined_minimum_benefits_share(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    loans = tables["loans"]
    declined = loans.filter(loans.decision == "declined")
    flags = tables["borrowers"].select(_b=ibis._.borrower_id, flag=ibis._.minimum_benefits)
    joined = declined.join(flags, declined.borrower_id == flags._b)
    joined = joined.filter(joined.flag.notnull())
    unit = tables.grouped(joined, by, branch="branch_id", product="product")
    t = per_period(
        unit, "decision_date", periods, hit=lambda t: t.flag.sum(), known=lambda t: t.count()
    )
    return rows(t, num=t.hit, den=t.known, n=t.known)


def people_met_per_loan(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    sessions = tables["sessions"]
    diagnosis = sessions.filter(sessions.kind == "diagnosis")
    met = tables.grouped(diagnosis, by)
    met = met.select("grp", "borrower_id", _pk=periods.key(met.date)).distinct()
    met = met.group_by(["grp", "_pk"]).aggregate(people=met.count())
    met = met.select("grp", "people", period=periods.from_key(met._pk))
    loans = tables.grouped(tables.disbursed_loans(), by, branch="branch_id")
    lent = per_period(loans, "disbursement_date", periods, loans=lambda t: t.count())
    both = met.outer_join(lent, [met.grp == lent.grp, met.period == lent.period])
    t = both.select(
        grp=both.grp.fill_null(both.grp_right),
        period=both.period.fill_null(both.period_right),
        people=both.people.fill_null(0),
        loans=both.loans.fill_null(0),
    )
    return rows(t, num=t.people, den=t.loans, n=t.loans)


BORROWERS = ("loans", "borrowers")
SERVED_DIMENSIONS: frozenset[Dimension] = BORROWER_DIMENSIONS | {"product"}
for _definition in (
    IndicatorDef("new_borrowers", "count", "total", BORROWERS, new_borrowers, BORROWER_DIMENSIONS,
                 definition="borrowers whose first disbursed loan falls in P"),
    IndicatorDef(
        "share_women", "share", "ratio", BORROWERS,
        _served_share("women"),
        SERVED_DIMENSIONS - {"gender"}, interval=True, min_n=MIN_N,
        definition="served in P with gender F / served in P with gender F, M or X",
    ),
    IndicatorDef(
        "share_minimum_benefits", "share", "ratio", BORROWERS,
        _served_share("minimum_benefits"),
        SERVED_DIMENSIONS - {"minimum_benefits"}, interval=True, min_n=MIN_N,
        definition="served in P with minimum_benefits true / served in P with minimum_benefits known",
    ),
    IndicatorDef(
        "share_unbanked", "share", "ratio", BORROWERS,
        _served_share("unbanked"),
        SERVED_DIMENSIONS, interval=True, min_n=MIN_N,
        definition="served in P with banked false / served in P with banked known",
    ),
    IndicatorDef(
        "share_priority_area", "share", "ratio", BORROWERS,
        _served_share("priority_area"),
        SERVED_DIMENSIONS, interval=True, min_n=MIN_N,
        definition="served in P with priority_area true / served in P with priority_area known",
    ),
    IndicatorDef("loan_to_income", "ratio", "ratio", BORROWERS, loan_to_income, LOAN_DIMENSIONS,
                 min_n=MIN_N, definition="mean of amount / (12 x monthly_household_income) over loans "
                 "disbursed in P whose borrower's income is > 0"),
    IndicatorDef("repeat_borrower_share", "share", "ratio", BORROWERS, repeat_borrower_share,
                 LOAN_DIMENSIONS, interval=True, min_n=MIN_N,
                 definition="loans disbursed in P whose borrower had a loan disbursed on an earlier date"
                 " / loans disbursed in P"),
    IndicatorDef("declined_minimum_benefits_share", "share", "ratio", BORROWERS,
                 declined_minimum_benefits_share, LOAN_DIMENSIONS - {"minimum_benefits"},
                 interval=True, min_n=MIN_N,
                 definition="loans declined in P whose borrower has minimum_benefits true / those "
                 "whose borrower has minimum_benefits known"),
    IndicatorDef("people_met_per_loan", "ratio", "ratio", ("loans", "borrowers", "sessions"),
                 people_met_per_loan, BORROWER_DIMENSIONS, min_n=MIN_N,
                 definition="distinct borrowers with a diagnosis session in P / loans disbursed in P"),
):
    register(_definition)
