"""Parsing whole columns of text cells into stored types."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa

from missionlens.data.cells import parse_column
from missionlens.data.contract import TABLES, Column
from missionlens.data.dialects import Dialect

CSV = Dialect("csv", "utf-8", ",", decimal_comma=False, day_first=True, list_separator=";")
FR = Dialect("fr-csv", "cp1252", ";", decimal_comma=True, day_first=True, list_separator="|")


def cells(*values: str | None) -> pa.Array:
    return pa.array(list(values), pa.string())


def faulty_rows(parsed_issues: tuple[object, ...], code: str) -> list[int]:
    for issue in parsed_issues:
        if getattr(issue, "code", None) == code:
            mask = getattr(issue, "mask")
            return [i for i, v in enumerate(mask.to_pylist()) if v]
    return []


def test_french_decimals_with_thousands_separators_are_read() -> None:
    parsed = parse_column(cells("1 234,56", "1\u00a0234,5", "1\u202f000", "12.5", None), Column("x", "decimal",
                                                                                                nullable=True), FR)
    assert parsed.values.to_pylist() == [1234.56, 1234.5, 1000.0, 12.5, None]
    assert parsed.issues == ()


def test_a_decimal_comma_in_a_comma_file_is_not_a_number() -> None:
    parsed = parse_column(cells("12.5", "12,5", " 7 "), Column("x", "decimal"), CSV)
    assert parsed.values.to_pylist() == [12.5, None, 7.0]
    assert faulty_rows(parsed.issues, "not_a_number") == [1]


def test_not_a_number_and_infinity_are_refused() -> None:
    parsed = parse_column(cells("nan", "inf", "1e3"), Column("x", "decimal"), CSV)
    assert faulty_rows(parsed.issues, "not_a_number") == [0, 1]


def test_whole_numbers_accept_a_zero_fraction_and_a_sign() -> None:
    parsed = parse_column(cells("12", "+3", "4.0", "4,00", "2.5"), Column("x", "integer"), FR)
    assert parsed.values.to_pylist() == [12, 3, 4, 4, None]
    assert faulty_rows(parsed.issues, "not_a_whole_number") == [4]


def test_dates_are_read_iso_and_day_first_and_impossible_dates_refused() -> None:
    parsed = parse_column(cells("2024-03-31", "31/03/2024", "1/3/2024", "2024-02-30", "29/02/2023",
                                "2024-03-31 00:00:00", "2024-13-01"), Column("d", "date"), FR)
    assert parsed.values.to_pylist()[:3] == [dt.date(2024, 3, 31), dt.date(2024, 3, 31), dt.date(2024, 3, 1)]
    assert parsed.values.to_pylist()[5] == dt.date(2024, 3, 31)
    assert faulty_rows(parsed.issues, "not_a_date") == [3, 4, 6]


def test_a_leap_day_is_a_date() -> None:
    parsed = parse_column(cells("29/02/2024"), Column("d", "date"), FR)
    assert parsed.values.to_pylist() == [dt.date(2024, 2, 29)]


def test_blank_and_space_only_cells_are_null_and_required_ones_reported() -> None:
    parsed = parse_column(cells("  ", None, " a "), Column("t", "text"), CSV)
    assert parsed.values.to_pylist() == [None, None, "a"]
    assert faulty_rows(parsed.issues, "missing_value") == [0, 1]


def test_open_enumerations_keep_other_text() -> None:
    parsed = parse_column(cells("Business", "microfranchise"), TABLES["loans"].column("product"), CSV)
    assert parsed.values.to_pylist() == ["business", "microfranchise"]
    assert parsed.issues == ()


def test_topics_become_a_list_without_blank_items() -> None:
    parsed = parse_column(cells("budget | market||", None, "x"), TABLES["sessions"].column("topics"), FR)
    assert parsed.values.type == pa.list_(pa.string())
    assert parsed.values.to_pylist() == [["budget", "market"], None, ["x"]]


def test_an_exclusive_minimum_refuses_the_bound() -> None:
    parsed = parse_column(cells("0", "0.01"), TABLES["loans"].column("amount"), CSV)
    assert faulty_rows(parsed.issues, "out_of_range") == [0]
