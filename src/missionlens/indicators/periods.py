"""Periods: calendar months, quarters and years, the dates at which stocks are read, the data end.

Every indicator is computed on the period grain directly (spec/microcredit-data.md: "periods are
calendar months; quarters and years aggregate months"), never by adding up monthly values:

- an event count or sum ("loans whose disbursement_date falls in P") groups events by the start of
  their period, so a quarter's value is the sum of its months;
- a distinct count ("served in P", "new borrowers") counts each person once per period, so a
  borrower served in January and in March counts once in the quarter;
- a share or a mean is the quarter's numerator over the quarter's denominator;
- a stock (portfolio outstanding, PAR, active borrowers, FTE) is read at the period's reading date:
  its last day, capped at the last day of the data's last month, so that a quarter that the data
  ends inside reads the stock where the data ends (the quarter's value is its last month's value).

Stocks are computed from intervals [start, stop) of dates without expanding each loan into every
month it lives: the interval becomes a +w at the first period whose reading date is on or after
`start` and a -w at the first period whose reading date is on or after `stop`, summed cumulatively
along the periods. Weights are summed as DECIMAL(38, 9) so that the running total of amounts
returns exactly to zero when a portfolio empties.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

import ibis
import ibis.expr.types as ir

Grain = Literal["month", "quarter", "year"]
GRAINS: tuple[Grain, ...] = ("month", "quarter", "year")
_TRUNCATE_UNIT: dict[Grain, Literal["M", "Q", "Y"]] = {"month": "M", "quarter": "Q", "year": "Y"}
if TYPE_CHECKING:
    from missionlens.indicators.tables import Tables

_MONTHS: dict[Grain, int] = {"month": 1, "quarter": 3, "year": 12}

# An interval that never ends within the data ends "beyond": after every period.
BEYOND = dt.date(9999, 12, 1)
# BEYOND as a month number (see `period_key`).
BEYOND_KEY = BEYOND.year * 12 + BEYOND.month - 1
DECIMAL = "decimal(38, 9)"


def add_months(day: dt.date, months: int) -> dt.date:
    """The first day of the month `months` after the month of `day`."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_end(day: dt.date) -> dt.date:
    """The last day of the month of `day`."""
    return add_months(day, 1) - dt.timedelta(days=1)


def period_start(day: dt.date, grain: Grain) -> dt.date:
    """The first day of the period of `day`."""
    size = _MONTHS[grain]
    month = (day.month - 1) // size * size + 1
    return dt.date(day.year, month, 1)


def days_after(day: ir.DateValue, days: int) -> ir.DateValue:
    """`day` + `days` as a date (DuckDB makes date + interval a timestamp, slower to compare)."""
    # Ibis types date + interval as a date and drops a cast to date as a no-op, so the sum is made
    # a timestamp explicitly and `.date()` keeps its cast.
    return (day.cast("timestamp") + ibis.interval(days=days)).date()


def period_key(day: ir.DateValue, grain: Grain) -> ir.IntegerValue:
    """The period of a date column as an integer: the month number (year x 12 + month - 1) of the
    period's first month.

    Rows are grouped by this key and only the groups' keys are turned into dates
    (`Periods.from_key`): the same periods as truncating every row's date, but DuckDB's DATE_TRUNC
    on a date costs several times the two extractions (about 0.5 s against 0.1 s for 3 million
    rows).
    """
    month = day.month() - 1
    size = _MONTHS[grain]
    if size > 1:
        month = month - month % size
    return day.year() * 12 + month


def period_key_of(day: dt.date, grain: Grain) -> int:
    """`period_key` of a known date."""
    return day.year * 12 + (day.month - 1) // _MONTHS[grain] * _MONTHS[grain]


def period_label(start: dt.date, grain: Grain) -> str:
    """`2024-03`, `2024-Q1` or `2024`, as in spec/review-json.md."""
    if grain == "month":
        return f"{start.year:04d}-{start.month:02d}"
    if grain == "quarter":
        return f"{start.year:04d}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year:04d}"


@dataclass(frozen=True)
class Periods:
    """The periods of a review: every period from the data's first month to its last month.

    `data_end` is the data's end date (spec: the latest date in loans.disbursement_date,
    sessions.date and installments.paid_date); `followup_60d_rate` needs it.
    """

    grain: Grain
    first_month: dt.date
    last_month: dt.date
    data_end: dt.date

    def __post_init__(self) -> None:
        if self.first_month.day != 1 or self.last_month.day != 1:
            raise ValueError("first_month and last_month must be first days of months")
        if self.last_month < self.first_month:
            raise ValueError("last_month is before first_month")

    @classmethod
    def spanning(cls, first: dt.date, data_end: dt.date, grain: Grain = "month") -> Periods:
        """The periods from the month of `first` to the month of `data_end`."""
        return cls(grain, first.replace(day=1), data_end.replace(day=1), data_end)

    def with_grain(self, grain: Grain) -> Periods:
        return replace(self, grain=grain)

    @property
    def starts(self) -> tuple[dt.date, ...]:
        first = period_start(self.first_month, self.grain)
        last = period_start(self.last_month, self.grain)
        out: list[dt.date] = []
        current = first
        while current <= last:
            out.append(current)
            current = add_months(current, _MONTHS[self.grain])
        return tuple(out)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(period_label(s, self.grain) for s in self.starts)

    def end(self, start: dt.date) -> dt.date:
        """The last day of the period starting on `start`."""
        return add_months(start, _MONTHS[self.grain]) - dt.timedelta(days=1)

    def reading_date(self, start: dt.date) -> dt.date:
        """The date `d` at which a stock is read: the period's last day, capped at the data's last month."""
        return min(self.end(start), month_end(self.last_month))

    def label(self, start: dt.date) -> str:
        return period_label(start, self.grain)

    # Expressions -----------------------------------------------------------------------------

    def truncate(self, day: ir.DateValue) -> ir.DateValue:
        """The start of the period of a date column."""
        return day.truncate(_TRUNCATE_UNIT[self.grain])

    def key(self, day: ir.DateValue) -> ir.IntegerValue:
        """The period of a date column as an integer (see `period_key`)."""
        return period_key(day, self.grain)

    @staticmethod
    def from_key(key: ir.IntegerValue) -> ir.DateValue:
        """The first day of the period of a key (see `period_key`)."""
        return ibis.date(key // 12, key % 12 + 1, 1)

    def spine(self) -> ir.Table:
        """One row per period: `period` (its first day), `d` (its reading date), `end` (its last day).

        The same Periods always gets the same in-memory table: each memtable has its own name, so
        a fresh one per call would make every indicator's subplans differ and keep the query
        compiler from sharing them (one CTE) between the indicators of a review.
        """
        return _spine(self)

    def first_reading_on_or_after(self, day: ir.DateValue) -> ir.DateValue:
        """The first period whose reading date is on or after `day` (BEYOND when none is)."""
        first = ibis.date(self.starts[0])
        last_reading = ibis.date(self.reading_date(self.starts[-1]))
        return (day > last_reading).ifelse(ibis.date(BEYOND), ibis.greatest(self.truncate(day), first))

    def first_reading_key(self, month: ir.IntegerValue) -> ir.IntegerValue:
        """`first_reading_on_or_after` on month numbers: the key of the first period whose reading
        date is in or after the month `month` (BEYOND_KEY when none is).

        Every reading date is the last day of a month, so a date is on or before a reading date
        exactly when its month is on or before the reading date's month: the period spans of dates
        depend only on their months, which integer arithmetic finds without making dates.
        """
        first = period_key_of(self.starts[0], self.grain)
        last = period_key_of(self.last_month, "month")
        size = _MONTHS[self.grain]
        start = month - (month % 12) % size if size > 1 else month
        return (month > last).ifelse(ibis.literal(BEYOND_KEY, "int64"), ibis.greatest(start, first).cast("int64"))

    def month_spans(self, intervals: ir.Table, *, keep_empty: bool = False) -> ir.Table:
        """`spans` of intervals given by the month numbers of their dates (start, stop: `period_key`
        of the start and of the stop, BEYOND_KEY for a stop that never comes), as period keys.

        With `keep_empty`, an empty span is kept with e = s rather than dropped: `running` adds and
        takes away its weight at the same period. For spans read from an aggregate: a filter on
        its keys would be pushed below it by DuckDB, onto every row aggregated.
        """
        s = self.first_reading_key(intervals.start)
        e = self.first_reading_key(intervals.stop)
        if keep_empty:
            return intervals.mutate(s=s, e=ibis.greatest(s, e))
        spans = intervals.mutate(s=s, e=e)
        return spans.filter(spans.s < spans.e)

    def after_reading(self, key: ir.IntegerValue) -> ir.DateValue:
        """The day after the reading date of the period of `key` (the first day a date's
        `first_reading_key` is after that period)."""
        last = period_key_of(self.last_month, "month")
        return Periods.from_key(ibis.least(key + (_MONTHS[self.grain] - 1), last) + 1)

    def spans(self, intervals: ir.Table) -> ir.Table:
        """Date intervals [start, stop) (stop null: never ends) as period spans [s, e): the periods
        whose reading date d satisfies start <= d < stop. Empty spans are dropped."""
        spans = intervals.mutate(
            s=self.first_reading_on_or_after(intervals.start),
            e=self.first_reading_on_or_after(intervals.stop.fill_null(ibis.date(BEYOND))),
        )
        return spans.filter(spans.s < spans.e)

    @staticmethod
    def merged(spans: ir.Table, key: list[str]) -> ir.Table:
        """The union of the spans of each `key`, as disjoint spans: columns key + s, e.

        Sorted by start, each span keeps only the part after the furthest end reached by the
        earlier ones, so a person with overlapping loans is counted once.
        """
        spans = spans.select(*key, "s", "e").distinct()
        ordered = ibis.window(group_by=key, order_by=["s", "e"])
        cumulative = ibis.cumulative_window(group_by=key, order_by=["s", "e"])
        spans = spans.mutate(reach=spans.e.max().over(cumulative))
        spans = spans.mutate(prev=spans.reach.lag().over(ordered))
        spans = spans.mutate(s=ibis.greatest(spans.s, spans.prev.fill_null(spans.s)))
        return spans.filter(spans.s < spans.e).select(*key, "s", "e")

    def running(self, spans: ir.Table, weight: str | None = None, *, keys: bool = False) -> ir.Table:
        """grp, period, value: the sum of `weight` (or the count) of the spans holding each period.

        With `keys`, s and e are period keys (`month_spans`), made dates once the spans sharing
        them are summed."""
        w = spans[weight].cast(DECIMAL) if weight else ibis.literal(1, "int64")
        # Each span is read once: a two-row table of signs turns it into its +w at s and -w at e
        # (a union of two selects would make engines without shared subplans, Spark, read it twice).
        # Spans sharing their periods are summed first (at most groups x periods^2 rows), so that
        # the signs double only a small table.
        spans = spans.select("grp", "s", "e", w=w)
        spans = spans.group_by(["grp", "s", "e"]).aggregate(w=spans.w.sum())
        if keys:
            spans = spans.select("grp", "w", s=Periods.from_key(spans.s), e=Periods.from_key(spans.e))
        ends = spans.cross_join(_SIGNS)
        deltas = ends.select(
            "grp",
            period=(ends.sign == 1).ifelse(ends.s, ends.e),
            delta=(ends.sign == 1).ifelse(ends.w, -ends.w),
        )
        deltas = deltas.group_by(["grp", "period"]).aggregate(delta=deltas.delta.sum())
        return self.accumulate(deltas)

    def stock(self, intervals: ir.Table, *, weight: str | None = None, distinct: str | None = None) -> ir.Table:
        """The sum of `weight` (or the count, or the distinct count of the `distinct` column) over
        the intervals (grp, start, stop) holding at each period's reading date d:
        start <= d and (stop is null or stop > d). Returns grp, period, value (float64) for every
        period and every group seen."""
        if distinct is not None:
            spans = self.spans(intervals)
            spans = self.merged(spans.mutate(ent=spans[distinct]), ["grp", "ent"])
            return self.running(spans, weight)
        months = intervals.select(
            "grp",
            start=period_key(intervals.start, "month"),
            stop=period_key(intervals.stop.fill_null(ibis.date(BEYOND)), "month"),
            w=intervals[weight] if weight else ibis.literal(1, "int64"),
        )
        return self.running(self.month_spans(self.by_months(months, "w")), "w", keys=True)

    @staticmethod
    def by_months(intervals: ir.Table, weight: str) -> ir.Table:
        """grp, start, stop, w: intervals summed by their start and stop (month numbers, `period_key`,
        or dates whose month numbers are made from the sums) (w: the sum of `weight` as
        DECIMAL(38, 9), exact, or of an integer weight).

        A period span depends only on those months (`first_reading_key`), so a stock over millions
        of rows costs one aggregate into a few rows per group before any period arithmetic.
        """
        w = intervals[weight]
        months = intervals.select("grp", "start", "stop", w=w if w.type().is_integer() else w.cast(DECIMAL))
        return months.group_by(["grp", "start", "stop"]).aggregate(w=months.w.sum())

    def accumulate(self, deltas: ir.Table) -> ir.Table:
        """Running sums of `delta` (by grp, period) at every period from a group's first delta on.

        A range join of the deltas (at most groups x periods rows) with the periods: each period
        sums the deltas at or before it. Periods before a group's first delta have no row (their
        value is 0, which the engine fills for totals).
        """
        spine = self.spine().select(at="period")
        joined = deltas.join(spine, deltas.period <= spine.at)
        summed = joined.group_by(["grp", "at"]).aggregate(value=joined.delta.sum())
        return summed.select("grp", period=summed.at, value=summed.value.cast("float64"))


@functools.lru_cache(maxsize=64)
def _spine(periods: Periods) -> ir.Table:
    starts = list(periods.starts)
    return ibis.memtable(
        {
            "period": starts,
            "d": [periods.reading_date(s) for s in starts],
            "end": [periods.end(s) for s in starts],
        },
        schema={"period": "date", "d": "date", "end": "date"},
    )


# One shared two-row table of signs (see Periods.running); shared for the reason given in spine().
_SIGNS = ibis.memtable({"sign": [1, -1]}, schema={"sign": "int8"})

# The spec's "data's end date" (followup_60d_rate): the latest of these dates.
DATA_END_COLUMNS = (("loans", "disbursement_date"), ("sessions", "date"), ("installments", "paid_date"))
# The first month of a review: the first month with a loan event or a session.
FIRST_COLUMNS = (
    ("loans", "application_date"), ("loans", "decision_date"), ("loans", "disbursement_date"), ("sessions", "date"),
)


def data_bounds(tables: Tables) -> tuple[dt.date, dt.date] | None:
    """The data's first date and its end date (None when the data holds no dated activity).

    The periods run from the first month with a loan's application, decision or disbursement or a
    session, to the month of the spec's "data's end date" (the latest date in
    loans.disbursement_date, sessions.date and installments.paid_date). Entry dates, outcomes,
    feedback and notes do not widen the range: an entry years before the first loan would add years
    of empty months, and a closing date after the data's end would add months no indicator can read.
    """
    parts: list[ir.Table] = []
    for kind, columns in (("first", FIRST_COLUMNS), ("end", DATA_END_COLUMNS)):
        for table, column in columns:
            if tables.has(table):
                t = tables[table]
                parts.append(t.aggregate(kind=ibis.literal(kind), lo=t[column].min(), hi=t[column].max()))
    if not parts:
        return None
    union = ibis.union(*parts, distinct=False) if len(parts) > 1 else parts[0]
    found = tables.execute(union.group_by("kind").aggregate(lo=union.lo.min(), hi=union.hi.max()))
    bounds = {row.kind: (row.lo, row.hi) for row in found.itertuples()}
    first, end = bounds.get("first"), bounds.get("end")
    if first is None or end is None or not _is_date(first[0]) or not _is_date(end[1]):
        return None
    return _as_date(first[0]), _as_date(end[1])


def periods_of(tables: Tables, grain: Grain = "month", *, data_end: dt.date | None = None) -> Periods | None:
    """The periods of the data (None when it holds no dated activity); `data_end` overrides the
    computed end, e.g. with the end recorded in a store version's manifest."""
    bounds = data_bounds(tables)
    if bounds is None:
        return None
    first, end = bounds
    end = data_end or end
    return Periods.spanning(min(first, end), end, grain)


def _is_date(value: object) -> bool:
    return value is not None and not isinstance(value, float) and str(value) not in ("NaT", "nan")


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
