"""Property: whatever is done to a valid data set, validation never crashes, and a data set made
invalid is refused with at least one located problem (spec, "Import rules")."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.data.test_validation import errors, run, valid_tables, write_data_set

from missionlens.data.contract import TABLES
from missionlens.data.problems import Problem
from missionlens.data.validation import Validation

# About 300 validations of a small data set: seconds each on a loaded machine.
pytestmark = pytest.mark.slow

FILE_LEVEL = {"missing_column", "empty_file", "unreadable_file", "missing_table", "duplicate_column",
              "duplicate_table"}
TYPED = [(t, c.name) for t in ("borrowers", "loans", "installments") for c in TABLES[t].columns
         if c.type in ("decimal", "integer", "date", "boolean") or (c.type == "enum" and not c.open_enum)]
GARBAGE = st.sampled_from(["12,5O", "??", "2023-99-99", "abc", "-", "1e", "31/02/2024", "vraiment", "0x1F"])


def tables_with_accents() -> dict[str, list[dict[str, object]]]:
    tables = valid_tables()
    for row in tables["borrowers"]:
        row["education"] = "école élémentaire"
    return tables


def is_located(problem: Problem) -> bool:
    return bool(problem.file) and (problem.line is not None or problem.code in FILE_LEVEL)


def check(folder: Path, tmp: Path) -> Validation:
    result = run(folder, tmp)
    assert all(problem.file for problem in result.problems)
    if not result.ok:
        assert any(is_located(p) for p in errors(result))
    return result


@settings(max_examples=100, deadline=None)
@given(dialect=st.sampled_from(["csv", "fr-csv", "xlsx", "parquet"]), target=st.sampled_from(TYPED),
       row=st.integers(0, 1), garbage=GARBAGE)
def test_a_corrupted_cell_is_refused_at_its_line_and_column(dialect: str, target: tuple[str, str], row: int,
                                                             garbage: str) -> None:
    table, column = target
    tables = tables_with_accents()
    if column in ("decision", "decision_date", "status"):
        row = 1  # a declined loan: the cell alone decides
    tables[table][row][column] = garbage
    with tempfile.TemporaryDirectory() as tmp:
        result = check(write_data_set(Path(tmp) / "d", dialect, tables), Path(tmp))
        assert not result.ok
        assert any(p.line == row + 2 and p.column == column for p in errors(result)), [str(p) for p in errors(result)]


@settings(max_examples=50, deadline=None)
@given(dialect=st.sampled_from(["csv", "fr-csv"]), table=st.sampled_from(["borrowers", "loans", "installments"]),
       line=st.integers(1, 2), cells=st.integers(-3, 3).filter(bool))
def test_a_row_with_the_wrong_number_of_cells_is_located(dialect: str, table: str, line: int, cells: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_data_set(Path(tmp) / "d", dialect, tables_with_accents())
        path = folder / f"{table}.csv"
        separator = b";" if dialect == "fr-csv" else b","
        records = path.read_bytes().split(b"\r\n")
        if cells > 0:
            records[line] += separator * cells
        else:
            records[line] = separator.join(records[line].split(separator)[:cells])
        path.write_bytes(b"\r\n".join(records))
        result = check(folder, Path(tmp))
        assert not result.ok
        assert any(p.file == path.name and p.line == line + 1 and p.code == "malformed_row" for p in errors(result))


@settings(max_examples=100, deadline=None)
@given(dialect=st.sampled_from(["csv", "fr-csv", "fr-csv-utf8"]),
       table=st.sampled_from(["borrowers", "loans", "installments", "sessions"]),
       where=st.floats(0, 1), junk=st.binary(min_size=1, max_size=8))
def test_random_bytes_never_crash_validation(dialect: str, table: str, where: float, junk: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_data_set(Path(tmp) / "d", dialect, tables_with_accents())
        path = folder / f"{table}.csv"
        raw = path.read_bytes()
        at = int(where * len(raw))
        path.write_bytes(raw[:at] + junk + raw[at:])
        check(folder, Path(tmp))


@settings(max_examples=10, deadline=None)
@given(line=st.integers(1, 2))
def test_a_latin1_line_in_a_utf8_file_is_located(line: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_data_set(Path(tmp) / "d", "csv", tables_with_accents())
        path = folder / "borrowers.csv"
        records = path.read_bytes().split(b"\r\n")
        records[line] = records[line].decode("utf-8").encode("latin-1")
        path.write_bytes(b"\r\n".join(records))
        result = check(folder, Path(tmp))
        assert any(p.code == "bad_encoding" and p.line == line + 1 for p in errors(result))


@settings(max_examples=20, deadline=None)
@given(table=st.sampled_from(["borrowers", "loans", "installments", "sessions"]),
       separator=st.sampled_from([";", "\t", "|"]))
def test_a_header_with_another_separator_is_refused_with_a_located_problem(table: str, separator: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_data_set(Path(tmp) / "d", "csv", tables_with_accents())
        path = folder / f"{table}.csv"
        header, _, rest = path.read_bytes().partition(b"\r\n")
        path.write_bytes(header.replace(b",", separator.encode()) + b"\r\n" + rest)
        assert not check(folder, Path(tmp)).ok


@settings(max_examples=12, deadline=None)
@given(dialect=st.sampled_from(["csv", "csv-bom", "fr-csv", "fr-csv-utf8", "xlsx", "parquet"]))
def test_a_valid_data_set_is_accepted(dialect: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        result = check(write_data_set(Path(tmp) / "d", dialect, tables_with_accents()), Path(tmp))
        assert result.ok, [str(p) for p in result.problems]
