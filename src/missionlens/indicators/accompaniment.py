"""Accompaniment: the time given to people (spec/microcredit-data.md core definitions and the catalogue).

Core:
- accompaniment_minutes: the sum of session minutes with date in P (n: the sessions).
- minutes_per_new_loan: for each loan disbursed in P, the minutes of the same borrower's sessions of
  kind diagnosis or pre_loan dated from disbursement_date - 90 days to disbursement_date, both
  included (0 when none); averaged over those loans. A session may count for two loans.
- followup_60d_rate: loans disbursed in P with a follow_up session of the same borrower dated 1 to
  60 days after disbursement (both included), over loans disbursed in P; no data when the last
  day of P + 60 days is after the data's end date.

Catalogue:
- minutes_per_session: the mean minutes of sessions dated in P.
- followup_minutes_per_borrower: minutes of follow_up sessions dated in P / active_borrowers at d.
- crisis_sessions: sessions of kind crisis dated in P.
"""

from __future__ import annotations

import datetime as dt

import ibis
import ibis.expr.types as ir

from missionlens.indicators.periods import Periods, days_after
from missionlens.indicators.portfolio import active_borrowers_stock
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

FOLLOWUP_DAYS = 60
PREPARATION_DAYS = 90


def _sessions(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    unit = tables.grouped(tables["sessions"], by)
    return per_period(
        unit,
        "date",
        periods,
        minutes=lambda t: t.minutes.sum(),
        sessions=lambda t: t.count(),
        crisis=lambda t: (t.kind == "crisis").sum(),
    )


def accompaniment_minutes(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    t = _sessions(tables, periods, by)
    return rows(t, num=t.minutes, n=t.sessions)


def minutes_per_session(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    t = _sessions(tables, periods, by)
    return rows(t, num=t.minutes, den=t.sessions, n=t.sessions)


def crisis_sessions(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    t = _sessions(tables, periods, by)
    return rows(t, num=t.crisis, n=t.crisis)


def _loans(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    unit = tables.grouped(tables.disbursed_loans(), by, branch="branch_id", product="product")
    # The windows' bounds are computed once per loan rather than for every pair a join tries; the
    # period is kept as its integer key until the loans are counted (Periods.key).
    return unit.select(
        "grp", "loan_id", "borrower_id", "disbursement_date",
        _pk=periods.key(unit.disbursement_date),
        prepared_from=days_after(unit.disbursement_date, -PREPARATION_DAYS),
        followed_from=days_after(unit.disbursement_date, 1),
        followed_to=days_after(unit.disbursement_date, FOLLOWUP_DAYS),
    )


def _accompanied(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    """grp, period, loans, minutes, followed: per period, the loans disbursed, the minutes of their
    preparation sessions (minutes_per_new_loan's numerator) and how many had a follow-up
    (followup_60d_rate's numerator).

    Both indicators pair a loan with its borrower's sessions of a window around its disbursement
    (-90..0 days for the preparation, 1..60 for the follow-up), so one join of the loans with the
    sessions of those three kinds over the whole window (-90..60), shared by both, finds both,
    rather than two joins each reading the sessions.
    """
    loans = _loans(tables, periods, by)
    sessions = tables["sessions"]
    near = sessions.filter(sessions.kind.isin(("diagnosis", "pre_loan", "follow_up"))).select(
        _b=sessions.borrower_id, _d=sessions.date, _m=sessions.minutes, _f=sessions.kind == "follow_up"
    )
    pairs = loans.join(
        near, [loans.borrower_id == near._b, near._d >= loans.prepared_from, near._d <= loans.followed_to]
    )
    prepared = ~pairs._f & (pairs._d <= pairs.disbursement_date)
    followed = pairs._f & (pairs._d >= pairs.followed_from)
    # A session may count for two loans (the spec's minutes_per_new_loan); a loan counts once
    # however many follow-ups it had: its distinct count among the follow-up pairs, rather than
    # an aggregate per loan of every pair first (a million groups at scale 100).
    hits = pairs.group_by(["grp", "_pk"]).aggregate(
        minutes=prepared.ifelse(pairs._m, 0).sum(), followed=pairs.loan_id.nunique(where=followed)
    )
    counts = loans.group_by(["grp", "_pk"]).aggregate(loans=loans.count())
    hits = hits.rename(g_="grp", p_="_pk")
    joined = counts.left_join(hits, [counts.grp == hits.g_, counts._pk == hits.p_])
    return joined.select(
        "grp",
        "loans",
        period=Periods.from_key(joined._pk),
        minutes=joined.minutes.fill_null(0),
        followed=joined.followed.fill_null(0),
    )


def minutes_per_new_loan(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    t = _accompanied(tables, periods, by)
    return rows(t, num=t.minutes, den=t.loans, n=t.loans)


def followup_60d_rate(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    t = _accompanied(tables, periods, by)
    # Spec: "no data" when the last day of P + 60 days is after the data's end date: those periods
    # get a row with everything null, so that they read as no data rather than as no loans.
    complete = [s for s in periods.starts if periods.end(s) + dt.timedelta(days=FOLLOWUP_DAYS) <= periods.data_end]
    last_complete = ibis.date(complete[-1] if complete else dt.date(1, 1, 1))
    known = rows(t.filter(t.period <= last_complete), num=t.followed, den=t.loans, n=t.loans)
    spine = periods.spine()
    tail = t.select("grp").distinct().cross_join(spine.filter(spine.period > last_complete).select("period"))
    return known.union(rows(tail, num=ibis.null("float64"), den=ibis.null("float64"), n=ibis.null("int64")))


def followup_minutes_per_borrower(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    sessions = tables["sessions"]
    unit = tables.grouped(sessions.filter(sessions.kind == "follow_up"), by)
    minutes = per_period(unit, "date", periods, minutes=lambda t: t.minutes.sum()).rename(g_="grp", p_="period")
    active = active_borrowers_stock(tables, periods, by)
    joined = active.left_join(minutes, [active.grp == minutes.g_, active.period == minutes.p_])
    return rows(joined, num=joined.minutes.fill_null(0), den=joined.value, n=joined.value)


SESSIONS = ("sessions",)
for _definition in (
    IndicatorDef("accompaniment_minutes", "minutes", "total", SESSIONS, accompaniment_minutes,
                 BORROWER_DIMENSIONS, definition="sum of session minutes with date in P"),
    IndicatorDef("minutes_per_new_loan", "minutes", "ratio", ("loans", "sessions"), minutes_per_new_loan,
                 LOAN_DIMENSIONS, min_n=MIN_N,
                 definition="mean over loans disbursed in P of the borrower's diagnosis and pre_loan "
                 "minutes from disbursement - 90 days to disbursement"),
    IndicatorDef("followup_60d_rate", "share", "ratio", ("loans", "sessions"), followup_60d_rate,
                 LOAN_DIMENSIONS, interval=True, min_n=MIN_N,
                 definition="loans disbursed in P with a follow_up session 1 to 60 days after "
                 "disbursement / loans disbursed in P"),
    IndicatorDef("minutes_per_session", "minutes", "ratio", SESSIONS, minutes_per_session,
                 BORROWER_DIMENSIONS, min_n=MIN_N, definition="mean minutes of sessions dated in P"),
    IndicatorDef("followup_minutes_per_borrower", "minutes", "ratio", ("sessions", "loans", "borrowers"),
                 followup_minutes_per_borrower, BORROWER_DIMENSIONS, min_n=MIN_N,
                 definition="minutes of follow_up sessions dated in P / active_borrowers at d"),
    IndicatorDef("crisis_sessions", "count", "total", SESSIONS, crisis_sessions, BORROWER_DIMENSIONS,
                 definition="sessions of kind crisis dated in P"),
):
    register(_definition)
