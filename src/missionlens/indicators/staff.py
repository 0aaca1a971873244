"""Staff: the people who do the work.

- caseload_per_advisor: active_borrowers at d / the sum of fte of staff with role employee,
  start_date <= d and end_date null or after d; no data when the FTE sum is 0. By branch or zone,
  the borrowers' branch is set against the staff's branch. n: the active borrowers.
- volunteer_share_minutes: minutes of sessions dated in P whose staff_id is a volunteer / minutes
  of sessions dated in P whose staff_id is in staff (sessions led by unknown people are in neither).
  A share of minutes: it carries n (the sessions) but no Wilson interval.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from missionlens.indicators.periods import Periods
from missionlens.indicators.portfolio import active_borrowers_stock
from missionlens.indicators.registry import BORROWER_DIMENSIONS, MIN_N, IndicatorDef, per_period, register, rows
from missionlens.indicators.tables import Dimension, Tables


def caseload_per_advisor(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    staff = tables["staff"]
    employees = tables.grouped(staff.filter(staff.role == "employee"), by, borrower=None, branch="branch_id")
    fte = periods.stock(
        employees.select("grp", "fte", start=employees.start_date, stop=employees.end_date), weight="fte"
    )
    active = active_borrowers_stock(tables, periods, by).rename(g_="grp", p_="period", a_="value")
    # FTE first: a period with staff in post and no active borrower yet has a caseload of 0.
    joined = fte.left_join(active, [fte.grp == active.g_, fte.period == active.p_])
    people = joined.a_.fill_null(0.0)
    return rows(joined, num=people, den=joined.value, n=people)


def volunteer_share_minutes(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    sessions = tables["sessions"]
    staff = tables["staff"].select(_s=ibis._.staff_id, role=ibis._.role)
    joined = sessions.join(staff, sessions.staff_id == staff._s).select(*sessions.columns, "role")
    unit = tables.grouped(joined, by)
    t = per_period(
        unit,
        "date",
        periods,
        volunteer=lambda t: (t.role == "volunteer").ifelse(t.minutes, 0).sum(),
        minutes=lambda t: t.minutes.sum(),
        sessions=lambda t: t.count(),
    )
    return rows(t, num=t.volunteer, den=t.minutes, n=t.sessions)


for _definition in (
    IndicatorDef("caseload_per_advisor", "ratio", "ratio", ("loans", "borrowers", "staff"),
                 caseload_per_advisor, frozenset({"branch", "zone"}),
                 definition="active_borrowers at d / FTE of employees in post at d"),
    IndicatorDef("volunteer_share_minutes", "share", "ratio", ("sessions", "staff"), volunteer_share_minutes,
                 BORROWER_DIMENSIONS, min_n=MIN_N,
                 definition="minutes of sessions in P led by volunteers / minutes of sessions in P "
                 "led by known staff"),
):
    register(_definition)
