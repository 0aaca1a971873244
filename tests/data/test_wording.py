"""Problems in the reader's language (data/wording.py): every problem the validators write has French."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from tests.data.test_panel import HEADER, panel_row, write_panel
from tests.data.test_validation import (
    Row, _codes_in_source, fake_pseudonym, run, valid_tables, with_cell, write_data_set, write_table,
)

from missionlens.data.panel import read_panel
from missionlens.data.problems import Problem
from missionlens.data.validation import validate_into
from missionlens.data.wording import CATALOGUE, describe, wording

Tables = dict[str, list[Row]]
STAFF = [{"staff_id": "ST1", "branch_id": "BR9", "role": "employee", "fte": "1", "start_date": "2020-01-01",
          "end_date": ""}]
BRANCHES = [{"branch_id": "BR1", "name": "Évry", "region": "IDF", "zone_type": "urban"}]
# Codes no input can produce: a fault of the checks themselves, and the fallback of a reference
# to a table the contract does not name (integrity.UNKNOWN_CODES covers every table referred to).
UNPRODUCIBLE = {"check_failed", "unknown_reference"}


def changed(*edits: tuple[str, int, str, str]) -> Tables:
    tables = valid_tables()
    for table, index, column, value in edits:
        tables[table][index][column] = value
    return tables


def with_tables(**extra: list[Row]) -> Tables:
    tables = valid_tables()
    tables.update(extra)
    return tables


def many(table: str, column: str, value: str, count: int) -> Tables:
    tables = valid_tables()
    rows = [dict(tables[table][0], number=str(i), **{column: value}) for i in range(1, count + 1)]
    tables[table] = rows
    return tables


# Each a data set with problems of a few kinds (one kind may hide another, so they are kept apart).
DATA_SETS: dict[str, Callable[[], Tables]] = {
    "cells": lambda: changed(
        ("loans", 0, "term_months", "2.5"), ("loans", 0, "application_date", "2023-02-30"),
        ("loans", 0, "decision", "aproved"), ("loans", 1, "amount", "0"), ("loans", 1, "annual_rate", "-0.1"),
        ("loans", 1, "branch_id", ""), ("loans", 2, "amount", "abc"), ("borrowers", 0, "banked", "maybe"),
        ("borrowers", 0, "birth_year", "1850"), ("borrowers", 1, "birth_year", "2200")),
    "repeated loan": lambda: changed(("loans", 2, "loan_id", "L1")),
    "repeated installment": lambda: changed(("installments", 1, "number", "1")),
    "repeated borrower": lambda: with_tables(borrowers=[*valid_tables()["borrowers"], valid_tables()["borrowers"][0]]),
    "unknown borrower": lambda: changed(("loans", 1, "borrower_id", "RAW-NOBODY")),
    "unknown loan": lambda: changed(("installments", 0, "loan_id", "L404"), ("sessions", 0, "loan_id", "L404")),
    "unknown staff and branch": lambda: with_tables(staff=STAFF, branches=BRANCHES),
    "unknown advisor": lambda: {**changed(("loans", 0, "advisor_id", "ST9")), "staff": [dict(STAFF[0], branch_id="BR1")]},
    "paid out before asked": lambda: changed(("loans", 0, "disbursement_date", "2023-01-01")),
    "decided before asked": lambda: changed(("loans", 1, "decision_date", "2023-01-01")),
    "closed before paid out": lambda: changed(("loans", 0, "closed_date", "2023-01-25")),
    "paid before disbursed": lambda: changed(("installments", 0, "paid_date", "2023-01-15")),
    "no decision date": lambda: changed(("loans", 1, "decision_date", "")),
    "no disbursement date": lambda: changed(("loans", 0, "disbursement_date", "")),
    "declined but paid out": lambda: changed(("loans", 1, "disbursement_date", "2023-02-20")),
    "status against decision": lambda: changed(("loans", 1, "status", "active")),
    "entry after session": lambda: changed(("borrowers", 0, "entry_date", "2023-01-12")),
    "1 more line": lambda: many("installments", "paid_amount", "x", 1001),
    "many more lines": lambda: many("installments", "paid_amount", "x", 1202),
}


def _header_problems(folder: Path) -> Path:
    write_data_set(folder)
    loans = valid_tables()["loans"]
    header = [c for c in loans[0] if c not in ("amount", "closed_date")] + ["amout", "colour", "purpose"]
    write_table(folder, "loans", loans, header=header)
    return folder


def _broken_lines(folder: Path) -> Path:
    write_data_set(folder, tables=with_cell("borrowers", 0, "education", "école"))
    path = folder / "borrowers.csv"
    text = path.read_bytes()
    long_cell = '"' + "x" * 140_000 + '"'
    extra = (f"RAW-C,BR1,2023-01-01,F,,,,,,{long_cell}\r\n" + "RAW-D,BR1,2023-01-01,F,,,,,,,surplus\r\n" * 1000)
    path.write_bytes(text + extra.encode() + "RAW-E,BR1,2023-01-01,F,,,,,,\xe9t\xe9\r\n".encode("latin-1"))
    return folder


def _stray_files(folder: Path) -> Path:
    write_data_set(folder)
    (folder / "notes.ods").write_bytes(b"not read")
    (folder / "mylist.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (folder / "bad.xlsx").write_bytes(b"not a workbook")
    (folder / "outcomes.csv").write_text("\n\n", encoding="utf-8")
    (folder / "feedback.parquet").write_bytes(b"not parquet")
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Feuil1"
    book.create_sheet("loans").append(["loan_id"])
    book.save(folder / "more.xlsx")
    return folder


def _only_sessions(folder: Path) -> Path:
    folder.mkdir(parents=True)
    write_table(folder, "sessions", valid_tables()["sessions"])
    return folder


def _french_dialect(folder: Path) -> Path:
    return write_data_set(folder, "fr-csv", with_cell("loans", 2, "amount", "abc"))


FOLDERS: dict[str, Callable[[Path], Path]] = {
    "header": _header_problems, "broken lines": _broken_lines, "stray files": _stray_files,
    "missing tables": _only_sessions, "french dialect": _french_dialect, "no folder": lambda folder: folder,
}


def _panels(root: Path) -> list[Path]:
    bad = write_panel(root / "bad", panel_row(women="1.5"), panel_row(year=2011, income="0"),
                      panel_row(year=2012, measure=""), panel_row(year=2012))
    missing = write_panel(root / "missing", panel_row().rsplit(",", 1)[0], header=HEADER.replace(",currency", ""))
    twice = write_panel(root / "twice", panel_row())
    (twice / "institutions.parquet").write_bytes(b"x")
    empty = write_panel(root / "empty", header="")
    unreadable = root / "unreadable"
    unreadable.mkdir()
    (unreadable / "institutions.parquet").write_bytes(b"not parquet")
    (root / "none").mkdir()
    return [bad, missing, twice, empty, unreadable, root / "none", root / "nowhere"]


@pytest.fixture(scope="module")
def produced(tmp_path_factory: pytest.TempPathFactory) -> list[Problem]:
    """Every problem the bad inputs above make the validators write."""
    root = tmp_path_factory.mktemp("wording")
    problems: list[Problem] = []
    for i, tables in enumerate(DATA_SETS.values()):
        problems.extend(run(write_data_set(root / f"set{i}", tables=tables()), root).problems)
    for i, build in enumerate(FOLDERS.values()):
        staging = root / f"staging{i}"
        staging.mkdir()
        problems.extend(validate_into(build(root / f"folder{i}"), staging, pseudonymise=fake_pseudonym).problems)
    for panel in _panels(root / "panels"):
        problems.extend(read_panel(panel).problems)
    return problems


def test_every_problem_the_validators_write_has_its_own_french(produced: list[Problem]) -> None:
    untranslated = []
    for problem in produced:
        said = describe(problem, "fr")
        if said.message == problem.message or (problem.fix and said.fix == problem.fix):
            untranslated.append(f"{problem.message} | {problem.fix}")
    assert untranslated == []


def test_the_bad_inputs_make_every_kind_of_problem_the_validators_know(produced: list[Problem]) -> None:
    assert _codes_in_source() - UNPRODUCIBLE - {p.code for p in produced} == set()


def test_every_french_template_is_used_by_a_problem_the_validators_write(produced: list[Problem]) -> None:
    texts = [t for p in produced for t in (p.message, p.fix)]
    unused = [e.english.pattern for e in CATALOGUE if not any(e.english.fullmatch(t) for t in texts)]
    # Written only by faults of the checks themselves (validation.validate_into's last resort).
    assert unused == [re.escape("the cross-table checks failed (") + "(?P<detail>.+?)",
                      re.escape("report this problem to the missionlens maintainers")]


def test_a_bad_date_on_line_12_of_loans_is_said_in_french(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["loans"] += [dict(tables["loans"][2], loan_id=f"L{n}") for n in range(4, 12)]
    tables["loans"][10]["application_date"] = "2023-02-30"
    [problem] = [p for p in run(write_data_set(tmp_path / "d", tables=tables), tmp_path).problems
                 if p.code == "not_a_date"]
    said = describe(problem, "fr")
    assert said.location == "loans.csv, ligne 12, colonne application_date"
    assert said.message == "« 2023-02-30 » n’est pas une date qui existe"
    assert said.fix == "écrivez une date qui existe, sous la forme 2024-03-31 ou 31/03/2024"
    assert said.text == ("loans.csv, ligne 12, colonne application_date : « 2023-02-30 » n’est pas une date qui "
                         "existe. Corrigez : écrivez une date qui existe, sous la forme 2024-03-31 ou 31/03/2024")


def test_in_english_a_problem_is_said_as_it_was_stored() -> None:
    problem = Problem("loans.csv", 12, "amount", '"12,5O" is not a number', "write 12.50", code="not_a_number")
    said = describe(problem, "en")
    assert (said.location, said.message, said.fix, said.text) == (
        "loans.csv line 12, column amount", problem.message, problem.fix, str(problem))


def test_a_text_without_french_is_shown_in_english_unchanged() -> None:
    problem = Problem("loans.csv", 3, "amount", "a message written after this catalogue", "do what it says")
    said = describe(problem, "fr")
    assert (said.message, said.fix) == (problem.message, problem.fix)
    assert said.location == "loans.csv, ligne 3, colonne amount"


def test_a_count_is_written_the_french_way() -> None:
    problem = Problem("loans.csv", None, "amount", "… and 1,202 more lines like this in column amount", "")
    assert describe(problem, "fr").message == "… et 1\u00a0202 autres lignes comme celle-ci dans la colonne amount"


def test_a_sheet_is_named_in_the_french_location() -> None:
    problem = Problem("data.xlsx", 4, "amount", "the cell is empty", "fill in amount: it is required", sheet="loans")
    said = describe(problem, "fr")
    assert said.location == "data.xlsx, feuille loans, ligne 4, colonne amount"
    assert said.fix == "remplissez amount : cette colonne est obligatoire"


def test_templates_given_by_the_caller_are_said_too() -> None:
    problem = Problem("(upload)", None, None, "the zip holds 300 files", "send fewer")
    said = describe(problem, "fr", extra=(wording("the zip holds {count} files", "le zip contient {count} fichiers"),))
    assert (said.file, said.message, said.fix) == ("(envoi)", "le zip contient 300 fichiers", "send fewer")
