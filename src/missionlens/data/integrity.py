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
import numpy as np

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
class Join:
    """A LEFT JOIN onto one table's scan; it adds columns named `_...` that conditions read."""

    alias: str
    source: str
    on: str
    columns: str


@dataclass(frozen=True)
class Rule:
    """Rows of one table that are problems of one kind.

    `where` and `select` are read over the table's scan: its columns `uses` and the columns of
    its `joins`. Every rule of a table is evaluated in one scan (check), which keeps the rows
    that break any of them; each rule then reads its own rows from that small result.
    """

    table: str
    column: str
    code: str
    where: str
    select: str
    uses: tuple[str, ...]
    message: Callable[[Sequence[Any]], str]
    fix: str
    severity: Severity = "error"
    joins: tuple[Join, ...] = ()
    query: str = ""  # a query of its own instead of the scan (the duplicate keys)


def _quote(value: object) -> str:
    text = str(value)
    return f'"{text[:40]}…"' if len(text) > 40 else f'"{text}"'


def _faulty(table: str) -> str:
    return f"_faulty_{table}"


def _scan(con: duckdb.DuckDBPyConnection, table: str, rules: Sequence[Rule]) -> None:
    """Keep in one temporary table the rows of `table` that break any of `rules` (one scan)."""
    uses = dict.fromkeys(["_line"] + [c for r in rules for c in r.uses])
    joins = {j.alias: j for r in rules for j in r.joins}
    columns = ", ".join([f"s.{c}" for c in uses] + [j.columns for j in joins.values()])
    joined = " ".join(f"LEFT JOIN ({j.source}) {j.alias} ON {j.on}" for j in joins.values())
    where = " OR ".join(f"({r.where})" for r in rules)
    con.execute(f"CREATE TEMP TABLE {_faulty(table)} AS SELECT * FROM (SELECT {columns} FROM {table} s "
                f"{joined}) WHERE {where}")


def _report(con: duckdb.DuckDBPyConnection, rule: Rule, sql: str, staged: Staged, log: ProblemLog) -> None:
    room = max(1, log.room(staged.file, staged.sheet, rule.column, rule.code))
    # The total comes with the first rows (a window count): the rule's query runs once.
    rows = con.execute(f"SELECT *, count(*) OVER () FROM ({sql}) ORDER BY 1 LIMIT {room}").fetchall()
    if not rows:
        return
    problems = [
        Problem(staged.file, int(r[0]), rule.column, rule.message(r[:-1]), rule.fix, rule.severity, rule.code,
                staged.sheet)
        for r in rows
    ]
    log.add_many(problems, int(rows[0][-1]))


def _has_repeats(con: duckdb.DuckDBPyConnection, table: str, key: Sequence[str]) -> bool:
    """Whether two rows may share a key: equal keys have equal hashes, so no repeat is missed.

    Sorting the 64-bit hashes (8 bytes a row) is several times faster than DuckDB's
    count(DISTINCT ...) over millions of keys; the exact query runs only when a hash repeats.
    """
    present = " AND ".join(f"{k} IS NOT NULL" for k in key)
    hashes = con.execute(f"SELECT hash({', '.join(key)}) FROM {table} WHERE {present}").fetch_arrow_table()
    values = np.sort(hashes.column(0).to_numpy())
    return bool(np.any(values[1:] == values[:-1]))


def _key_rule(con: duckdb.DuckDBPyConnection, table: str) -> Rule | None:
    key = TABLES[table].key
    if not key or not _has_repeats(con, table, key):
        return None
    cols = ", ".join(key)
    present = " AND ".join(f"{k} IS NOT NULL" for k in key)
    sql = (f"SELECT _line, first_line, {cols} FROM (SELECT _line, {cols}, min(_line) OVER (PARTITION BY {cols})"
           f" AS first_line FROM {table} WHERE {present}) WHERE _line > first_line")
    hidden = BORROWER_ID_COLUMNS.get(table) in key

    def message(r: Sequence[Any]) -> str:
        if hidden:
            return f"this {key[0]} is already on line {r[1]}"
        what = " with ".join(f"{k} {_quote(v)}" for k, v in zip(key, r[2:], strict=True))
        return f"{what} is already on line {r[1]}"

    return Rule(table, key[0], "duplicate_key", "", "", (), message,
                f"give each row its own {' and '.join(key)}, or remove the repeated row", query=sql)


def _foreign_rule(table: str, fk: ForeignKey, target: Staged, index: int) -> Rule:
    ref = f"_ref{index}"
    join = Join(f"r{index}", f"SELECT DISTINCT {fk.target} AS k FROM {fk.table}", f"s.{fk.column} = r{index}.k",
                f"r{index}.k AS {ref}")
    noun = fk.table.rstrip("s") if fk.table != "staff" else "staff member"
    if fk.table == "branches":
        noun = "branch"

    def message(r: Sequence[Any]) -> str:
        if fk.column == "borrower_id":
            return f"this borrower is not in {target.label}"
        return f"{noun} {_quote(r[1])} is not in {target.label}"

    return Rule(table, fk.column, UNKNOWN_CODES.get(fk.table, "unknown_reference"),
                f"{fk.column} IS NOT NULL AND {ref} IS NULL", fk.column, (fk.column,), message,
                f"add the {noun} to {target.label} or correct the {fk.column}", fk.severity, (join,))


# installments -> loans: one join serves the reference check and the paid_date check.
_LOAN_OF_INSTALLMENT = Join(
    "l", "SELECT loan_id, min(disbursement_date) AS d, min(_line) AS line FROM loans GROUP BY loan_id",
    "s.loan_id = l.loan_id", "l.loan_id AS _loan, l.d AS _loan_disbursed, l.line AS _loan_line")


def _installment_loan_rule(target: Staged) -> Rule:
    fk = next(f for f in TABLES["installments"].foreign_keys if f.table == "loans")
    rule = _foreign_rule("installments", fk, target, 0)
    return Rule(rule.table, rule.column, rule.code, "loan_id IS NOT NULL AND _loan IS NULL", "loan_id",
                ("loan_id",), rule.message, rule.fix, rule.severity, (_LOAN_OF_INSTALLMENT,))


def _order_rule(table: str, later: str, earlier: str, what: str, fix: str) -> Rule:
    return Rule(table, later, "date_order", f"{later} < {earlier}", f"{later}, {earlier}", (later, earlier),
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
        Rule("loans", "decision_date", "missing_date", "decision_date IS NULL AND decision <> 'pending'",
             "decision", ("decision_date", "decision"),
             lambda r: f"a loan whose decision is {r[1]} needs its decision date",
             "fill in decision_date: it may only be empty while the decision is pending"),
        Rule("loans", "disbursement_date", "missing_date",
             f"disbursement_date IS NULL AND status IN ({disbursed})", "status", ("disbursement_date", "status"),
             lambda r: f"a loan with status {r[1]} was paid out but has no disbursement date",
             "fill in disbursement_date, or correct the status"),
        Rule("loans", "disbursement_date", "unexpected_disbursement",
             "disbursement_date IS NOT NULL AND decision <> 'approved'", "decision",
             ("disbursement_date", "decision"),
             lambda r: f"a loan whose decision is {r[1]} has a disbursement date",
             "check the decision (only approved loans are paid out) or clear disbursement_date", "warning"),
        Rule("loans", "status", "incoherent_status",
             f"status IS NOT NULL AND decision IS NOT NULL AND NOT ({fits})", "status, decision",
             ("status", "decision"),
             lambda r: f"status {r[1]} does not fit the decision {r[2]}",
             "check the status and the decision of this loan", "warning"),
    ]


def _cross_rules(staged: dict[str, Staged]) -> list[Rule]:
    rules: list[Rule] = []
    if "installments" in staged and "loans" in staged:
        loans = staged["loans"].label
        rules.append(Rule(
            "installments", "paid_date", "date_order", "paid_date < _loan_disbursed",
            "paid_date, _loan_disbursed, _loan_line", ("paid_date",),
            lambda r: f"paid_date {r[1]} is before the loan's disbursement_date {r[2]} ({loans} line {r[3]})",
            "check the payment date and the loan's disbursement date", joins=(_LOAN_OF_INSTALLMENT,)))
    if "sessions" in staged and "borrowers" in staged:
        sessions = staged["sessions"].label
        first = Join("f", "SELECT borrower_id, min(date) AS d FROM sessions GROUP BY borrower_id",
                     "s.borrower_id = f.borrower_id", "f.d AS _first_session")
        rules.append(Rule(
            "borrowers", "entry_date", "entry_after_session", "entry_date > _first_session",
            "entry_date, _first_session", ("entry_date",),
            lambda r: f"entry_date {r[1]} is after this borrower's first session on {r[2]} (in {sessions})",
            "entry_date is the first contact: set it on or before the first session", "warning", (first,)))
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
            key = _key_rule(con, name)
            if key is not None:
                rules.append(key)
            for index, fk in enumerate(TABLES[name].foreign_keys):
                if fk.table not in staged:
                    continue
                if name == "installments" and fk.table == "loans":
                    rules.append(_installment_loan_rule(staged[fk.table]))
                else:
                    rules.append(_foreign_rule(name, fk, staged[fk.table], index))
        if "loans" in staged:
            rules.extend(_loan_rules())
        rules.extend(_cross_rules(staged))
        scanned = [r for r in rules if not r.query]
        for table in dict.fromkeys(r.table for r in scanned):
            _scan(con, table, [r for r in scanned if r.table == table])
        # Reported in the order of `rules`: problems of one line and column keep their order.
        for done, rule in enumerate(rules):
            sql = rule.query or f"SELECT _line, {rule.select} FROM {_faulty(rule.table)} WHERE {rule.where}"
            _report(con, rule, sql, staged[rule.table], log)
            if progress is not None:
                progress("cross-table checks", done + 1, len(rules))
    finally:
        con.close()
