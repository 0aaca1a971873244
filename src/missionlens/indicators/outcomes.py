"""Outcomes: what changed for the people, from follow-up observations dated in P (outcomes.observed_on).

- business_active_12m: observations made 274..456 days (9 to 15 months) after the borrower's first
  disbursement, with business_active known: the share true.
- business_active_24m: the same, 639..821 days (21 to 27 months).
- employed_share: observations with employed known: the share true.
- bank_inclusion: observations of borrowers unbanked at entry (borrowers.banked false), with
  outcomes.banked known: the share true.
- wellbeing_mean: the mean wellbeing (1..5) of observations with wellbeing known.

Each observation is a unit (a borrower observed twice in P counts twice), as the catalogue says.
"""

from __future__ import annotations

from collections.abc import Callable

import ibis.expr.types as ir

from missionlens.indicators.periods import Periods, days_after
from missionlens.indicators.registry import BORROWER_DIMENSIONS, MIN_N, IndicatorDef, per_period, register, rows
from missionlens.indicators.tables import Dimension, Tables

Compute = Callable[[Tables, Periods, Dimension | None], ir.Table]


def _share(unit: ir.Table, flag: str, periods: Periods) -> ir.Table:
    known = unit.filter(unit[flag].notnull())
    t = per_period(known, "observed_on", periods, hit=lambda t: t[flag].sum(), known=lambda t: t.count())
    return rows(t, num=t.hit, den=t.known, n=t.known)


def business_active(first_day: int, last_day: int) -> Compute:
    """business_active share among observations `first_day`..`last_day` after the first disbursement."""

    def compute(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
        outcomes = tables["outcomes"]
        firsts = tables.first_disbursements()
        # The window's bounds are computed once per borrower rather than once per observation.
        firsts = firsts.select(
            _b=firsts.borrower_id,
            _from=days_after(firsts.first_date, first_day),
            _to=days_after(firsts.first_date, last_day),
        )
        joined = outcomes.join(firsts, outcomes.borrower_id == firsts._b)
        joined = joined.filter((joined.observed_on >= joined._from) & (joined.observed_on <= joined._to))
        joined = joined.select(*outcomes.columns)
        return _share(tables.grouped(joined, by), "business_active", periods)

    return compute


def employed_share(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    return _share(tables.grouped(tables["outcomes"], by), "employed", periods)


def bank_inclusion(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    outcomes = tables["outcomes"]
    unbanked = tables["borrowers"]
    unbanked = unbanked.filter(unbanked.banked == False).select(_b=unbanked.borrower_id)  # noqa: E712
    joined = outcomes.join(unbanked, outcomes.borrower_id == unbanked._b).select(*outcomes.columns)
    return _share(tables.grouped(joined, by), "banked", periods)


def wellbeing_mean(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    outcomes = tables.grouped(tables["outcomes"], by)
    known = outcomes.filter(outcomes.wellbeing.notnull())
    t = per_period(
        known, "observed_on", periods, total=lambda t: t.wellbeing.sum(), known=lambda t: t.count()
    )
    return rows(t, num=t.total, den=t.known, n=t.known)


OUTCOMES = ("outcomes", "loans")
for _definition in (
    IndicatorDef("business_active_12m", "share", "ratio", OUTCOMES, business_active(274, 456),
                 BORROWER_DIMENSIONS, interval=True, min_n=MIN_N,
                 definition="observations 274..456 days after the first disbursement with "
                 "business_active known: share true"),
    IndicatorDef("business_active_24m", "share", "ratio", OUTCOMES, business_active(639, 821),
                 BORROWER_DIMENSIONS, interval=True, min_n=MIN_N,
                 definition="observations 639..821 days after the first disbursement with "
                 "business_active known: share true"),
    IndicatorDef("employed_share", "share", "ratio", ("outcomes",), employed_share, BORROWER_DIMENSIONS,
                 interval=True, min_n=MIN_N,
                 definition="observations dated in P with employed known: share true"),
    IndicatorDef("bank_inclusion", "share", "ratio", ("outcomes", "borrowers"), bank_inclusion,
                 BORROWER_DIMENSIONS, interval=True, min_n=MIN_N,
                 definition="observations of borrowers unbanked at entry with banked known: share true"),
    IndicatorDef("wellbeing_mean", "score", "ratio", ("outcomes",), wellbeing_mean, BORROWER_DIMENSIONS,
                 min_n=MIN_N, definition="mean wellbeing (1..5) of observations dated in P"),
):
    register(_definition)
