from __future__ import annotations

import datetime as dt
from pathlib import Path

import ibis
import pandas as pd

from missionlens.indicators.periods import (
    BEYOND,
    GRAINS,
    Periods,
    month_end,
    period_key,
    period_label,
    period_key_of,
    period_start,
    periods_of,
)
from tests.indicators.builders import D, make_borrower, make_installment, make_loan, make_session, open_dataset


def test_month_end_handles_leap_february() -> None:
    assert month_end(D(2024, 2, 3)) == D(2024, 2, 29)


def test_period_labels_follow_the_review_json() -> None:
    day = D(2024, 8, 17)
    assert [period_label(period_start(day, g), g) for g in ("month", "quarter", "year")] == ["2024-08", "2024-Q3", "2024"]


def test_quarters_cover_partial_first_and_last_quarters() -> None:
    periods = Periods.spanning(D(2023, 11, 5), D(2024, 4, 2), "quarter")
    assert periods.labels == ("2023-Q4", "2024-Q1", "2024-Q2")


def test_a_stock_in_the_data_last_quarter_is_read_at_the_data_last_month_end() -> None:
    periods = Periods.spanning(D(2024, 1, 1), D(2024, 4, 2), "quarter")
    assert [periods.reading_date(s) for s in periods.starts] == [D(2024, 3, 31), D(2024, 4, 30)]


def test_the_data_end_is_the_latest_disbursement_session_or_payment(tmp_path: Path) -> None:
    tables = open_dataset(
        tmp_path, loans=[make_loan("L", disbursed=D(2024, 1, 5), closed_date=D(2025, 1, 1), status="repaid")],
        installments=[make_installment("L", D(2024, 2, 5), 10.0, paid=D(2024, 3, 7))],
        sessions=[make_session(date=D(2024, 2, 1))], borrowers=[make_borrower("b1", entry_date=D(2020, 1, 1))],
    )
    periods = periods_of(tables)
    assert periods is not None
    assert (periods.first_month, periods.last_month, periods.data_end) == (D(2024, 1, 1), D(2024, 3, 1), D(2024, 3, 7))


def test_data_without_dates_has_no_periods(tmp_path: Path) -> None:
    tables = open_dataset(tmp_path, loans=[])
    assert periods_of(tables) is None


def test_a_period_key_turns_back_into_the_first_day_of_its_period() -> None:
    days = [D(2023, 11, 5), D(2024, 1, 1), D(2024, 2, 29), D(2024, 6, 30), D(2024, 12, 31)]
    table = ibis.memtable({"day": days}, schema={"day": "date"})
    got = {
        grain: list(pd.to_datetime(ibis.duckdb.connect().execute(
            table.select(p=Periods.from_key(period_key(table.day, grain)))
        ).p).dt.date)
        for grain in GRAINS
    }
    assert got == {grain: [period_start(day, grain) for day in days] for grain in GRAINS}


def _month_keys(periods: Periods, days: list[dt.date]) -> list[dt.date]:
    table = ibis.memtable({"day": days}, schema={"day": "date"})
    key = periods.first_reading_key(period_key(table.day, "month"))
    frame = ibis.duckdb.connect().execute(table.select(p=Periods.from_key(key)))
    return list(pd.to_datetime(frame.p).dt.date)


def _dates(periods: Periods, days: list[dt.date]) -> list[dt.date]:
    table = ibis.memtable({"day": days}, schema={"day": "date"})
    frame = ibis.duckdb.connect().execute(table.select(p=periods.first_reading_on_or_after(table.day)))
    return list(pd.to_datetime(frame.p).dt.date)


def test_the_first_reading_of_a_month_number_is_the_first_reading_of_its_dates() -> None:
    days = [D(2023, 1, 1), D(2023, 11, 5), D(2024, 1, 31), D(2024, 2, 1), D(2024, 3, 31), D(2024, 4, 2),
            D(2024, 4, 30), D(2024, 5, 1), BEYOND]
    for grain in GRAINS:
        periods = Periods.spanning(D(2023, 11, 5), D(2024, 4, 2), grain)
        assert _month_keys(periods, days) == _dates(periods, days), grain


def test_the_day_after_a_reading_is_capped_by_the_data_last_month() -> None:
    periods = Periods.spanning(D(2024, 1, 1), D(2024, 4, 2), "quarter")
    table = ibis.memtable({"k": [period_key_of(s, "quarter") for s in periods.starts]}, schema={"k": "int64"})
    frame = ibis.duckdb.connect().execute(table.select(a=periods.after_reading(table.k)))
    assert list(pd.to_datetime(frame.a).dt.date) == [D(2024, 4, 1), D(2024, 5, 1)]


def test_an_empty_span_kept_adds_nothing_to_a_stock() -> None:
    periods = Periods.spanning(D(2024, 1, 1), D(2024, 3, 31))
    start = period_key_of(D(2024, 1, 1), "month")
    intervals = ibis.memtable(
        {"grp": ["*", "*"], "start": [start, start + 2], "stop": [start + 2, start + 1], "w": [10.0, 5.0]},
        schema={"grp": "string", "start": "int64", "stop": "int64", "w": "float64"},
    )
    stock = periods.running(periods.month_spans(periods.by_months(intervals, "w"), keep_empty=True), "w", keys=True)
    frame = ibis.duckdb.connect().execute(stock).sort_values("period")
    assert list(frame.value) == [10.0, 10.0, 0.0]
