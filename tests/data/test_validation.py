"""validate_into: every dialect, every class of cell problem, located exactly."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from missionlens.data.problems import Problem
from missionlens.data.validation import Validation, validate_into

Row = dict[str, object]


def fake_pseudonym(values: pa.Array) -> pa.Array:
    """A stand-in for the store's keyed hash: stable, and never the raw identifier."""
    return pa.array(["b_" + hashlib.sha256(str(v).encode()).hexdigest()[:16] for v in values.to_pylist()])


def valid_tables() -> dict[str, list[Row]]:
    """A tiny coherent data set: two borrowers, three loans, a schedule, sessions."""
    return {
        "borrowers": [
            {"borrower_id": "RAW-ALICE-001", "branch_id": "BR1", "entry_date": "2023-01-05", "gender": "F",
             "birth_year": "1980", "minimum_benefits": "true", "banked": "false",
             "monthly_household_income": "1200.50", "priority_area": "1", "education": "bac"},
            {"borrower_id": "RAW-BOB-002", "branch_id": "BR1", "entry_date": "2023-02-01", "gender": "M",
             "birth_year": "", "minimum_benefits": "", "banked": "yes",
             "monthly_household_income": "", "priority_area": "no", "education": ""},
        ],
        "loans": [
            {"loan_id": "L1", "borrower_id": "RAW-ALICE-001", "branch_id": "BR1", "advisor_id": "",
             "product": "business", "application_date": "2023-01-10", "decision": "approved",
             "decision_date": "2023-01-20", "disbursement_date": "2023-02-01", "amount": "3500.00",
             "term_months": "24", "annual_rate": "0.075", "purpose": "food truck, second hand",
             "status": "active", "closed_date": ""},
            {"loan_id": "L2", "borrower_id": "RAW-BOB-002", "branch_id": "BR1", "advisor_id": "",
             "product": "honour", "application_date": "2023-02-10", "decision": "declined",
             "decision_date": "2023-02-15", "disbursement_date": "", "amount": "2000",
             "term_months": "12", "annual_rate": "0", "purpose": "", "status": "declined", "closed_date": ""},
            {"loan_id": "L3", "borrower_id": "RAW-BOB-002", "branch_id": "BR1", "advisor_id": "",
             "product": "personal", "application_date": "2023-03-01", "decision": "pending",
             "decision_date": "", "disbursement_date": "", "amount": "1500",
             "term_months": "12", "annual_rate": "0.05", "purpose": "car\nrepair", "status": "pending",
             "closed_date": ""},
        ],
        "installments": [
            {"loan_id": "L1", "number": "1", "due_date": "2023-03-01", "principal_due": "140.5",
             "interest_due": "21.1", "paid_amount": "161.6", "paid_date": "2023-03-01"},
            {"loan_id": "L1", "number": "2", "due_date": "2023-04-01", "principal_due": "141.4",
             "interest_due": "20.2", "paid_amount": "0", "paid_date": ""},
        ],
        "sessions": [
            {"session_id": "S1", "borrower_id": "RAW-ALICE-001", "loan_id": "L1", "staff_id": "",
             "date": "2023-01-10", "minutes": "90", "kind": "diagnosis", "topics": "budget;market",
             "note": "motivated"},
        ],
    }


def _french(table: str, row: Row) -> Row:
    """The same row as a French spreadsheet writes it: 31/03/2024, 1 234,56, oui/non."""
    out: Row = {}
    for key, value in row.items():
        text = str(value)
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            text = f"{text[8:]}/{text[5:7]}/{text[:4]}"
        elif key in ("amount", "principal_due", "interest_due", "paid_amount", "annual_rate",
                     "monthly_household_income") and text:
            whole, _, decimals = text.partition(".")
            if len(whole) > 3:
                whole = whole[:-3] + "\u00a0" + whole[-3:]
            text = whole + ("," + decimals if decimals else "")
        elif text in ("true", "1", "yes") and key not in ("number",) and key != "birth_year":
            text = "oui" if key not in ("term_months", "minutes") else text
        elif key == "topics":
            text = text.replace(";", "|")
        out[key] = text
    return out


def write_table(folder: Path, table: str, rows: Sequence[Row], dialect: str = "csv",
                header: Sequence[str] | None = None) -> Path:
    """Write one table in a dialect: csv, csv-bom, fr-csv (cp1252), fr-csv-utf8, xlsx or parquet."""
    names = list(header) if header is not None else (list(rows[0]) if rows else [])
    if dialect in ("xlsx", "parquet"):
        # spec, sessions.topics: "|" between topics everywhere but in comma-separated files
        rows = [{k: str(v).replace(";", "|") if k == "topics" else v for k, v in r.items()} for r in rows]
    if dialect == "xlsx":
        import openpyxl

        wb = openpyxl.Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = table
        ws.append(names)
        for row in rows:
            ws.append([_xlsx_value(row.get(n, "")) for n in names])
        path = folder / f"{table}.xlsx"
        wb.save(path)
        return path
    if dialect == "parquet":
        path = folder / f"{table}.parquet"
        pq.write_table(pa.table({n: [str(r.get(n, "")) or None for r in rows] for n in names}), path)
        return path
    french = dialect.startswith("fr-csv")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";" if french else ",", lineterminator="\r\n")
    writer.writerow(names)
    for row in rows:
        row = _french(table, row) if french else row
        writer.writerow([row.get(n, "") for n in names])
    encoding = {"csv": "utf-8", "csv-bom": "utf-8-sig", "fr-csv": "cp1252", "fr-csv-utf8": "utf-8"}[dialect]
    path = folder / f"{table}.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def _xlsx_value(value: object) -> object:
    text = str(value)
    try:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":
            return dt.date.fromisoformat(text)
        return float(text) if "." in text else int(text)
    except ValueError:
        return text or None


def write_data_set(folder: Path, dialect: str = "csv", tables: dict[str, list[Row]] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (tables or valid_tables()).items():
        write_table(folder, name, rows, dialect)
    return folder


def run(folder: Path, tmp_path: Path, dialect: str = "auto") -> Validation:
    staging = tmp_path / "staging"
    staging.mkdir(exist_ok=True)
    for old in staging.iterdir():
        old.unlink()
    return validate_into(folder, staging, pseudonymise=fake_pseudonym, dialect=dialect)  # type: ignore[arg-type]


def errors(result: Validation) -> list[Problem]:
    return [p for p in result.problems if p.severity == "error"]


def only_error(result: Validation) -> Problem:
    found = errors(result)
    assert len(found) == 1, [str(p) for p in found]
    return found[0]


def with_cell(table: str, index: int, column: str, value: str) -> dict[str, list[Row]]:
    tables = valid_tables()
    tables[table][index][column] = value
    return tables


@pytest.mark.parametrize("dialect", ["csv", "csv-bom", "fr-csv", "fr-csv-utf8", "xlsx", "parquet"])
def test_valid_data_set_is_accepted_in_every_dialect(tmp_path: Path, dialect: str) -> None:
    result = run(write_data_set(tmp_path / "data", dialect), tmp_path)
    assert result.ok, [str(p) for p in result.problems]
    assert result.rows == {"borrowers": 2, "loans": 3, "installments": 2, "sessions": 1}


@pytest.mark.parametrize("dialect", ["csv", "fr-csv", "xlsx", "parquet"])
def test_staged_tables_have_the_stored_types_and_values(tmp_path: Path, dialect: str) -> None:
    run(write_data_set(tmp_path / "data", dialect), tmp_path)
    loans = pq.read_table(tmp_path / "staging" / "loans.parquet")
    assert loans.schema.field("amount").type == pa.float64()
    assert loans.schema.field("disbursement_date").type == pa.date32()
    assert loans.schema.field("term_months").type == pa.int64()
    assert loans.column("amount").to_pylist() == [3500.0, 2000.0, 1500.0]
    assert loans.column("disbursement_date").to_pylist()[0] == dt.date(2023, 2, 1)
    assert loans.column("_line").to_pylist() == [2, 3, 4]
    assert loans.column("purpose").to_pylist()[2] == "car\nrepair"
    borrowers = pq.read_table(tmp_path / "staging" / "borrowers.parquet")
    assert borrowers.column("banked").to_pylist() == [False, True]
    assert borrowers.column("monthly_household_income").to_pylist() == [1200.5, None]
    sessions = pq.read_table(tmp_path / "staging" / "sessions.parquet")
    assert sessions.column("topics").to_pylist() == [["budget", "market"]]


@pytest.mark.parametrize(("dialect", "name", "encoding", "delimiter"), [
    ("csv", "csv", "utf-8", ","), ("csv-bom", "csv", "utf-8-sig", ","), ("fr-csv", "fr-csv", "cp1252", ";"),
    ("fr-csv-utf8", "fr-csv", "utf-8", ";"),
])
def test_sources_record_the_detected_dialect(tmp_path: Path, dialect: str, name: str, encoding: str,
                                             delimiter: str) -> None:
    tables = valid_tables()
    tables["borrowers"][0]["education"] = "école"
    result = run(write_data_set(tmp_path / "data", dialect, tables), tmp_path)
    loans = next(s for s in result.sources if s.table == "loans")
    assert (loans.dialect, loans.encoding, loans.delimiter) == (name, encoding, delimiter)
    assert loans.sha256 == hashlib.sha256((tmp_path / "data" / "loans.csv").read_bytes()).hexdigest()
    education = pq.read_table(tmp_path / "staging" / "borrowers.parquet").column("education")
    assert education.to_pylist()[0] == "école"


def test_a_forced_dialect_overrides_detection(tmp_path: Path) -> None:
    result = run(write_data_set(tmp_path / "data", "fr-csv"), tmp_path, dialect="csv")
    assert not result.ok
    assert any(p.code == "missing_column" for p in result.problems)


def test_a_workbook_with_one_sheet_per_table_is_read(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for name, rows in valid_tables().items():
        ws = wb.create_sheet(name)
        ws.append(list(rows[0]))
        for row in rows:
            ws.append([_xlsx_value(v) for v in row.values()])
    path = tmp_path / "export.xlsx"
    wb.save(path)
    result = run(path, tmp_path)
    assert result.ok, [str(p) for p in result.problems]
    assert {s.sheet for s in result.sources} == {"borrowers", "loans", "installments", "sessions"}


def test_import_reports_a_bad_number_with_file_line_and_column(tmp_path: Path) -> None:
    problem = only_error(run(write_data_set(tmp_path / "d", tables=with_cell("loans", 1, "amount", "12,5O")),
                             tmp_path))
    assert (problem.file, problem.line, problem.column, problem.code) == ("loans.csv", 3, "amount", "not_a_number")
    assert str(problem) == ('loans.csv line 3, column amount: "12,5O" is not a number. '
                            "Fix: write a number with . for decimals, e.g. 12.50 (no currency sign)")


@pytest.mark.parametrize(("table", "column", "value", "code"), [
    ("loans", "term_months", "2.5", "not_a_whole_number"),
    ("loans", "application_date", "2023-02-30", "not_a_date"),
    ("loans", "decision", "aproved", "unknown_value"),
    ("loans", "amount", "0", "out_of_range"),
    ("loans", "annual_rate", "-0.1", "out_of_range"),
    ("loans", "branch_id", "", "missing_value"),
    ("borrowers", "banked", "maybe", "not_a_boolean"),
    ("borrowers", "birth_year", "1850", "out_of_range"),
    ("installments", "paid_amount", "nan", "not_a_number"),
])
def test_import_locates_each_class_of_cell_problem(tmp_path: Path, table: str, column: str, value: str,
                                                   code: str) -> None:
    problem = only_error(run(write_data_set(tmp_path / "d", tables=with_cell(table, 1, column, value)), tmp_path))
    assert (problem.file, problem.line, problem.column, problem.code) == (f"{table}.csv", 3, column, code)


@pytest.mark.parametrize("spelling", ["TRUE", "False", "1", "0", "Yes", "no", "OUI", "non", "Vrai", "faux",
                                      "Y", "n", "o", "N"])
def test_booleans_are_read_in_every_spelling(tmp_path: Path, spelling: str) -> None:
    result = run(write_data_set(tmp_path / "d", tables=with_cell("borrowers", 0, "banked", spelling)), tmp_path)
    assert result.ok
    banked = pq.read_table(tmp_path / "staging" / "borrowers.parquet").column("banked").to_pylist()[0]
    assert banked is (spelling.lower() in ("true", "1", "yes", "oui", "vrai", "y", "o"))


def test_enumerations_are_read_case_insensitively_and_stored_canonical(tmp_path: Path) -> None:
    tables = with_cell("loans", 0, "decision", " Approved ")
    tables["borrowers"][0]["gender"] = "f"
    assert run(write_data_set(tmp_path / "d", tables=tables), tmp_path).ok
    assert pq.read_table(tmp_path / "staging" / "loans.parquet").column("decision")[0].as_py() == "approved"
    assert pq.read_table(tmp_path / "staging" / "borrowers.parquet").column("gender")[0].as_py() == "F"


def test_french_thousands_with_narrow_no_break_space_are_read(tmp_path: Path) -> None:
    tables = valid_tables()
    folder = write_data_set(tmp_path / "d", "fr-csv-utf8", tables)
    text = (folder / "loans.csv").read_text("utf-8").replace("3\u00a0500,00", "3\u202f500,00")
    (folder / "loans.csv").write_text(text, "utf-8")
    assert run(folder, tmp_path).ok
    assert pq.read_table(tmp_path / "staging" / "loans.parquet").column("amount")[0].as_py() == 3500.0


def test_month_first_dates_are_detected_from_an_unambiguous_date(tmp_path: Path) -> None:
    folder = write_data_set(tmp_path / "d")
    text = (folder / "loans.csv").read_text().replace("2023-01-20", "1/20/2023").replace("2023-02-01", "2/1/2023")
    (folder / "loans.csv").write_text(text)
    assert run(folder, tmp_path).ok
    loans = pq.read_table(tmp_path / "staging" / "loans.parquet")
    assert loans.column("disbursement_date")[0].as_py() == dt.date(2023, 2, 1)


def test_extra_columns_are_kept_and_reported(tmp_path: Path) -> None:
    tables = valid_tables()
    for row in tables["loans"]:
        row["Branch manager"] = "Zoé"
    result = run(write_data_set(tmp_path / "d", tables=tables), tmp_path)
    assert result.ok
    assert result.extra_columns == {"loans": ("Branch manager",)}
    warning = next(p for p in result.problems if p.code == "extra_column")
    assert (warning.file, warning.line, warning.column, warning.severity) == ("loans.csv", 1, "Branch manager",
                                                                            "warning")
    staged = pq.read_table(tmp_path / "staging" / "loans.parquet")
    assert staged.column("Branch manager").to_pylist() == ["Zoé"] * 3


def test_header_names_are_matched_trimmed_and_case_insensitively(tmp_path: Path) -> None:
    folder = write_data_set(tmp_path / "d")
    text = (folder / "loans.csv").read_text().replace("loan_id,", " Loan_ID ,", 1)
    (folder / "loans.csv").write_text(text)
    assert run(folder, tmp_path).ok


def test_import_names_a_missing_required_column(tmp_path: Path) -> None:
    tables = valid_tables()
    for row in tables["loans"]:
        del row["amount"]
    problem = only_error(run(write_data_set(tmp_path / "d", tables=tables), tmp_path))
    assert (problem.file, problem.line, problem.column, problem.code) == ("loans.csv", 1, "amount",
                                                                          "missing_column")


def test_import_reports_a_missing_required_table(tmp_path: Path) -> None:
    tables = valid_tables()
    del tables["borrowers"]
    result = run(write_data_set(tmp_path / "d", tables=tables), tmp_path)
    assert "borrowers" in result.missing_tables
    assert any(p.code == "missing_table" and p.file == "borrowers.csv" for p in errors(result))


def test_a_row_with_too_many_cells_is_located_and_the_rest_still_checked(tmp_path: Path) -> None:
    folder = write_data_set(tmp_path / "d", tables=with_cell("loans", 2, "amount", "abc"))
    lines = (folder / "loans.csv").read_bytes().decode().split("\r\n")
    lines[2] = lines[2] + ",surplus"
    (folder / "loans.csv").write_bytes("\r\n".join(lines).encode())
    result = run(folder, tmp_path)
    located = {(p.code, p.line) for p in errors(result) if p.file == "loans.csv"}
    assert ("malformed_row", 3) in located
    assert ("not_a_number", 4) in located


def test_bytes_that_are_not_text_are_located(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["borrowers"][0]["education"] = "école"
    folder = write_data_set(tmp_path / "d", tables=tables)
    raw = (folder / "borrowers.csv").read_bytes() + "RAW-CAROL,BR1,2023-01-01,F,,,,,,\xe9t\xe9\r\n".encode("latin-1")
    (folder / "borrowers.csv").write_bytes(raw)
    problem = next(p for p in errors(run(folder, tmp_path)) if p.code == "bad_encoding")
    assert (problem.file, problem.line, problem.column) == ("borrowers.csv", 4, "education")


def test_many_identical_problems_are_summarised_with_an_exact_count(tmp_path: Path) -> None:
    rows = [dict(valid_tables()["installments"][0], number=str(i), paid_amount="x") for i in range(1, 1203)]
    tables = valid_tables()
    tables["installments"] = rows
    result = run(write_data_set(tmp_path / "d", tables=tables), tmp_path)
    kind = [p for p in result.problems if p.code == "not_a_number"]
    assert len(kind) == 1001
    assert kind[-1].line is None
    assert kind[-1].message == "… and 202 more lines like this in column paid_amount"


def test_no_raw_borrower_identifier_reaches_problems_or_staging(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["loans"][0]["borrower_id"] = "RAW-GHOST-999"
    tables["borrowers"].append(dict(tables["borrowers"][0]))
    result = run(write_data_set(tmp_path / "d", tables=tables), tmp_path)
    assert {p.code for p in errors(result)} >= {"unknown_borrower", "duplicate_key"}
    text = "\n".join(str(p) for p in result.problems)
    assert "RAW-" not in text
    for staged in (tmp_path / "staging").iterdir():
        assert b"RAW-" not in staged.read_bytes()
    ids = pq.read_table(tmp_path / "staging" / "loans.parquet").column("borrower_id")
    assert pc.all(pc.starts_with(ids, "b_")).as_py()


def test_problem_json_round_trips() -> None:
    problem = Problem("loans.csv", 214, "amount", '"12,5O" is not a number', "write 12.50", code="not_a_number")
    assert Problem.from_json(problem.to_json()) == problem
    assert problem.to_json()["text"] == str(problem)


def _codes_in_source() -> set[str]:
    import re

    root = Path(__file__).resolve().parents[2] / "src" / "missionlens" / "data"
    patterns = (r'code="([a-z_]+)"', r'_issue_if\(\s*issues,\s*"([a-z_]+)"',
                r'Rule\(\s*[^,()]+,\s*[^,()]+(?:\[0\])?,\s*"([a-z_]+)"', r'"(unknown_[a-z_]+)"')
    codes: set[str] = set()
    for name in ("problems", "dialects", "sources", "cells", "validation", "integrity"):
        text = (root / f"{name}.py").read_text()
        for pattern in patterns:
            codes.update(re.findall(pattern, text))
    return codes


def test_every_problem_code_is_documented_for_users() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "import.md").read_text()
    codes = _codes_in_source()
    assert {"not_a_number", "duplicate_key", "date_order", "unknown_borrower", "malformed_row"} <= codes
    assert sorted(c for c in codes if f"`{c}`" not in docs) == []


def test_every_contract_column_is_documented_for_users() -> None:
    from missionlens.data.contract import TABLES

    docs = (Path(__file__).resolve().parents[2] / "docs" / "import.md").read_text()
    assert [f"{t.name}.{c}" for t in TABLES.values() for c in t.column_names if f"`{c}`" not in docs] == []
