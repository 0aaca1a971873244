"""Dialect detection from the bytes of a file."""

from __future__ import annotations

import codecs

from missionlens.data.contract import TABLES
from missionlens.data.dialects import detect_csv, detect_encoding, header_of, normalise_header

LOANS = TABLES["loans"]
HEADER = ",".join(LOANS.column_names)


def test_plain_utf8_comma_file_is_the_csv_dialect() -> None:
    dialect = detect_csv(f"{HEADER}\nL1,B1\n".encode(), LOANS)
    assert (dialect.name, dialect.encoding, dialect.delimiter, dialect.decimal_comma) == ("csv", "utf-8", ",", False)


def test_a_bom_is_detected_and_stripped_from_the_header() -> None:
    dialect = detect_csv(codecs.BOM_UTF8 + HEADER.encode(), LOANS)
    assert dialect.encoding == "utf-8-sig"
    assert header_of(codecs.BOM_UTF8 + HEADER.encode(), dialect)[0] == "loan_id"


def test_semicolon_file_in_windows_1252_is_the_french_dialect() -> None:
    sample = (HEADER.replace(",", ";") + "\nL1;B1;Agence Évry\n").encode("cp1252")
    dialect = detect_csv(sample, LOANS)
    assert (dialect.name, dialect.encoding, dialect.delimiter) == ("fr-csv", "cp1252", ";")
    assert dialect.decimal_comma and dialect.day_first and dialect.list_separator == "|"


def test_comma_files_separate_topics_with_semicolons() -> None:
    assert detect_csv(HEADER.encode(), LOANS).list_separator == ";"


def test_a_file_mostly_utf8_with_a_stray_byte_stays_utf8_so_the_byte_is_reported() -> None:
    assert detect_encoding("école".encode() + b"\xe9t\xe9") == "utf-8"


def test_a_sample_cut_inside_a_character_is_still_utf8() -> None:
    assert detect_encoding("abc é".encode()[:-1]) == "utf-8"


def test_month_first_order_is_detected_from_an_unambiguous_date() -> None:
    rows = f"{HEADER}\nL1,B1,BR,,business,12/31/2023\n"
    assert detect_csv(rows.encode(), LOANS).day_first is False


def test_ambiguous_slash_dates_are_read_day_first() -> None:
    rows = f"{HEADER}\nL1,B1,BR,,business,03/04/2023\n"
    assert detect_csv(rows.encode(), LOANS).day_first is True


def test_a_forced_dialect_fixes_the_separator() -> None:
    dialect = detect_csv(HEADER.encode(), LOANS, forced="fr-csv")
    assert (dialect.name, dialect.delimiter) == ("fr-csv", ";")


def test_header_names_are_normalised() -> None:
    assert normalise_header("\ufeff Loan_ID ") == "loan_id"
