"""Checks across rows and tables, in DuckDB over the staged Parquet files (bounded memory).

spec/microcredit-data.md, "Import rules": unique keys, referential checks (contract.ForeignKey,
with its severity and `when`), and date coherence (disbursement not before application;
paid_date not before disbursement). The column notes of loans add: decision_date is required
unless pending; disbursement_date when approved and disbursed. Orderings that cannot happen
(a decision before its application, a loan closed before it was paid out) are errors too;
combinations that are odd but possible (a status that does not follow the decision) are warnings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from missionlens.data.contract import BORROWER_ID_COLUMNS, TABLES, ForeignKey
from missionlens.data.problems import Problem, ProblemLog, Severity

Progress = Callable[[str, int, "int | None"], None]
DISBURSED = ("active", "repaid", "written_off", "restructured")
# Which statuses fit which decision ("approved": approved, not yet disbursed; spec, loans.status).
FITTING_STATUS = {
    "pending": ("pending",),
    "declined": ("declined",),
    "withdrawn": ("withdrawn",),
    "approved": ("approved", "withdrawn") + DISBURSED,
}
UNKNOWN_CODES = {
    "borrowers": "unknown_borrower", "loans": "unknown_loan", "staff": "unknown_staff",
    "branches": "unknown_branch",
}


@dataclass(frozen=True)
class Staged:
    """A table written to the staging directory, and the file it came from."""

    table: str
    path: Path
    file: str
    sheet: str | None = None

    @property
    def label(self) -> str:
        return f"{self.file} (sheet {self.sheet})" if self.sheet else self.file


@dataclass(frozen=True)
class Rule:
    """A query whose rows (with `_line` first) are problems of one kind."""

    table: str
    column: str
    code: str
    sql: str
    message: Callable[[Sequence[Any]], str]
    fix: str
    severity: Severity = "error"


def _quote(value: object) -> str:
    text = str(value)
    return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'


def _run(con: duckdb.DuckDBPyConnection, rule: Rule, staged: Staged, log: ProblemLog) -> None:
    row = con.execute(f"SELECT count(*) FROM ({rule.sql})").fetchone()
    total = int(row[0]) if row else 0
    if total == 0:
        return
    room = max(1, log.room(staged.file, staged.sheet, rule.column, rule.code))
    rows = con.execute(f"SELECT * FROM ({rule.sql}) ORDER BY 1 LIMIT {room}").fetchall()
    problems = [
        Problem(staged.file, int(r[0]), rule.column, rule.message(r), rule.fix, rule.severity, rule.code,
                staged.sheet)
        for r in rows
    ]
    log.add_many(problems, total)


def _key_rules(con: duckdb.DuckDBPyConnection, table: str) -> list[Rule]:
    key = TABLES[table].key
    if not key:
        return []
    cols = ", ".join(key)
    present = " AND ".join(f"{k} IS NOT NULL" for k in key)
    # Hashes first: equal keys have equal hashes, so no repeat is missed, and the exact
    # (slower) query runs only when some hash repeats.
    dup = con.execute(
        f"SELECT count(*) - count(DISTINCT hash({cols})) FROM {table} WHERE {present}"
    ).fetchone()
    if not dup or dup[0] == 0:
        return []
    sql = (f"SELECT _line, first_line, {cols} FROM (SELECT _line, {cols}, min(_line) OVER (PARTITION BY {cols})"
           f" AS first_line FROM {table} WHERE {present}) WHERE _line > first_line")
    hidden = BORROWER_ID_COLUMNS.get(table) in key

    def message(r: Sequence[Any]) -> str:
        if hidden:
            return f"this {key[0]} is already on line {r[1]}"
        what = " with ".join(f"{k} {_quote(v)}" for k, v in zip(key, r[2:], strict=True))
        return f"{what} is already on line {r[1]}"

    return [Rule(table, key[0], "duplicate_key", sql, message,
                 f"give each row its own {' and '.join(key)}, or remove the repeated row")]


def _foreign_rule(table: str, fk: ForeignKey, target: Staged) -> Rule:
    sql = (f"SELECT s._line, s.{fk.column} FROM {table} s WHERE s.{fk.column} IS NOT NULL AND NOT EXISTS "
           f"(SELECT 1 FROM {fk.table} t WHERE t.{fk.target} = s.{fk.column})")
    noun = fk.table.rstrip("s") if fk.table != "staff" else "staff member"
    if fk.table == "branches":
        noun = "branch"

    def message(r: Sequence[Any]) -> str:
        if fk.column == "borrower_id":
            return f"this borrower is not in {target.label}"
        return f"{noun} {_quote(r[1])} is not in {target.label}"

    return Rule(table, fk.column, UNKNOWN_CODES.get(fk.table, "unknown_reference"), sql, message,
                f"add the {noun} to {target.label} or correct the {fk.column}", fk.severity)


def _order_rule(table: str, later: str, earlier: str, what: str, fix: str) -> Rule:
    sql = f"SELECT _line, {later}, {earlier} FROM {table} WHERE {later} < {earlier}"
    return Rule(table, later, "date_order", sql,
                lambda r: f"{later} {r[1]} is before {earlier} {r[2]} ({what})", fix)


def _loan_rules() -> list[Rule]:
    fits = " OR ".join(
        f"(decision = '{d}' AND status IN ({', '.join(repr(s) for s in ok)}))" for d, ok in FITTING_STATUS.items()
    )
    disbursed = ", ".join(repr(s) for s in DISBURSED)
    return [
        _order_rule("loans", "disbursement_date", "application_date", "money paid out before it was asked for",
                    "check both dates: a loan is disbursed on or after its application"),
        _order_rule("loans", "decision_date", "application_date", "a decision before the application",
                    "check both dates: a decision comes on or after the application"),
        _order_rule("loans", "closed_date", "disbursement_date", "closed before it was paid out",
                    "check both dates: a loan is closed on or after its disbursement"),
        Rule("loans", "decision_date", "missing_date",
             "SELECT _line, decision FROM loans WHERE decision_date IS NULL AND decision <> 'pending'",
             lambda r: f"a loan whose decision is {r[1]} needs its decision date",
             "fill in decision_date: it may only be empty while the decision is pending"),
        Rule("loans", "disbursement_date", "missing_date",
             f"SELECT _line, status FROM loans WHERE disbursement_date IS NULL AND status IN ({disbursed})",
             lambda r: f"a loan with status {r[1]} was paid out but has no disbursement date",
             "fill in disbursement_date, or correct the status"),
        Rule("loans", "disbursement_date", "unexpected_disbursement",
             "SELECT _line, decision FROM loans WHERE disbursement_date IS NOT NULL AND decision <> 'approved'",
             lambda r: f"a loan whose decision is {r[1]} has a disbursement date",
             "check the decision (only approved loans are paid out) or clear disbursement_date", "warning"),
        Rule("loans", "status", "incoherent_status",
             f"SELECT _line, status, decision FROM loans WHERE status IS NOT NULL AND decision IS NOT NULL "
             f"AND NOT ({fits})",
             lambda r: f"status {r[1]} does not fit the decision {r[2]}",
             "check the status and the decision of this loan", "warning"),
    ]


def _cross_rules(staged: dict[str, Staged]) -> list[Rule]:
    rules: list[Rule] = []
    if "installments" in staged and "loans" in staged:
        loans = staged["loans"].label
        rules.append(Rule(
            "installments", "paid_date", "date_order",
            "SELECT i._line, i.paid_date, l.d, l.line FROM installments i JOIN (SELECT loan_id, "
            "min(disbursement_date) AS d, min(_line) AS line FROM loans GROUP BY loan_id) l "
            "ON i.loan_id = l.loan_id WHERE i.paid_date < l.d",
            lambda r: f"paid_date {r[1]} is before the loan's disbursement_date {r[2]} ({loans} line {r[3]})",
            "check the payment date and the loan's disbursement date"))
    if "sessions" in staged and "borrowers" in staged:
        sessions = staged["sessions"].label
        rules.append(Rule(
            "borrowers", "entry_date", "entry_after_session",
            "SELECT b._line, b.entry_date, s.d FROM borrowers b JOIN (SELECT borrower_id, min(date) AS d "
            "FROM sessions GROUP BY borrower_id) s ON b.borrower_id = s.borrower_id WHERE b.entry_date > s.d",
            lambda r: f"entry_date {r[1]} is after this borrower's first session on {r[2]} (in {sessions})",
            "entry_date is the first contact: set it on or before the first session", "warning"))
    return rules


def check(staged: dict[str, Staged], log: ProblemLog, progress: Progress | None = None) -> None:
    """Add every cross-row and cross-table problem of the staged tables to `log`."""
    con = duckdb.connect()
    try:
        for name, s in staged.items():
            path = str(s.path).replace("'", "''")
            con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
        rules: list[Rule] = []
        for name in staged:
            rules.extend(_key_rules(con, name))
            for fk in TABLES[name].foreign_keys:
                if fk.table in staged:
                    rules.append(_foreign_rule(name, fk, staged[fk.table]))
        if "loans" in staged:
            rules.extend(_loan_rules())
        rules.extend(_cross_rules(staged))
        for done, rule in enumerate(rules):
            _run(con, rule, staged[rule.table], log)
            if progress is not None:
                progress("cross-table checks", done + 1, len(rules))
    finally:
        con.close()
