"""Small builders of contract rows and a writer of them as stored Parquet tables (the brief's types)."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from missionlens.data.contract import TABLES
from missionlens.indicators.engine import Series, compute
from missionlens.indicators.periods import Grain, Periods
from missionlens.indicators.registry import Registry
from missionlens.indicators.tables import Dimension, Tables, open_tables

D = dt.date
Row = dict[str, Any]
_ids = itertools.count(1)

_ARROW = {
    "text": pa.string(),
    "enum": pa.string(),
    "date": pa.date32(),
    "decimal": pa.float64(),
    "integer": pa.int64(),
    "boolean": pa.bool_(),
}


def schema(name: str) -> pa.Schema:
    fields = [
        pa.field(c.name, pa.list_(pa.string()) if c.list_of_text else _ARROW[c.type])
        for c in TABLES[name].columns
    ]
    return pa.schema([*fields, pa.field("_line", pa.int64())])


def make_borrower(borrower_id: str = "b1", **values: Any) -> Row:
    row: Row = dict(
        borrower_id=borrower_id, branch_id="br1", entry_date=D(2024, 1, 1), gender="F", birth_year=1980,
        minimum_benefits=False, banked=True, monthly_household_income=1000.0, priority_area=False,
        education="secondary",
    )
    return row | values


def make_loan(loan_id: str | None = None, borrower_id: str = "b1", disbursed: dt.date | None = D(2024, 1, 15),
              amount: float = 1000.0, **values: Any) -> Row:
    base_day = disbursed or values.get("decision_date") or D(2024, 1, 10)
    # Applied and decided on the disbursement day, so that a test's months are the ones it names.
    row: Row = dict(
        loan_id=loan_id or f"l{next(_ids)}", borrower_id=borrower_id, branch_id="br1", advisor_id=None,
        product="business", application_date=base_day, decision="approved",
        decision_date=base_day, disbursement_date=disbursed, amount=amount,
        term_months=12, annual_rate=0.07, purpose=None, status="active", closed_date=None,
    )
    return row | values


def make_installment(loan_id: str, due: dt.date, principal: float, paid: dt.date | None = None,
                     number: int | None = None, **values: Any) -> Row:
    row: Row = dict(
        loan_id=loan_id, number=number or next(_ids), due_date=due, principal_due=principal,
        interest_due=0.0, paid_amount=principal if paid else 0.0, paid_date=paid,
    )
    return row | values


def make_session(borrower_id: str = "b1", date: dt.date = D(2024, 1, 10), minutes: int = 60,
                 kind: str = "diagnosis", **values: Any) -> Row:
    row: Row = dict(
        session_id=f"s{next(_ids)}", borrower_id=borrower_id, loan_id=None, staff_id=None, date=date,
        minutes=minutes, kind=kind, topics=None, note=None,
    )
    return row | values


def make_staff(staff_id: str = "st1", role: str = "employee", fte: float = 1.0,
               start: dt.date = D(2020, 1, 1), end: dt.date | None = None, **values: Any) -> Row:
    row: Row = dict(staff_id=staff_id, branch_id="br1", role=role, fte=fte, start_date=start, end_date=end)
    return row | values


def make_branch(branch_id: str = "br1", zone_type: str = "urban") -> Row:
    return dict(branch_id=branch_id, name=branch_id, region="r", zone_type=zone_type)


def make_outcome(borrower_id: str = "b1", observed_on: dt.date = D(2024, 6, 1), **values: Any) -> Row:
    row: Row = dict(
        borrower_id=borrower_id, observed_on=observed_on, source="survey", business_active=None,
        employed=None, income_change=None, banked=None, wellbeing=None,
    )
    return row | values


def make_feedback(date: dt.date = D(2024, 1, 20), borrower_id: str | None = "b1", **values: Any) -> Row:
    row: Row = dict(
        feedback_id=f"f{next(_ids)}", borrower_id=borrower_id, date=date, channel="survey", recommend=None,
        life_change=None, text=None,
    )
    return row | values


def make_note(date: dt.date = D(2024, 1, 20), author_role: str = "staff", **values: Any) -> Row:
    row: Row = dict(
        note_id=f"n{next(_ids)}", date=date, author_role=author_role, staff_id=None, borrower_id=None,
        kind="observation", dimension=None, text="seen",
    )
    return row | values


def write_dataset(folder: Path, **tables: list[Row]) -> dict[str, Path]:
    """Write each table as `<name>.parquet` with the stored types; returns name -> path."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, rows in tables.items():
        columns = {f.name: [r.get(f.name) for r in rows] for f in schema(name)}
        columns["_line"] = list(range(2, len(rows) + 2))
        path = folder / f"{name}.parquet"
        pq.write_table(pa.table(columns, schema=schema(name)), path)
        paths[name] = path
    return paths


def open_dataset(folder: Path, **tables: list[Row]) -> Tables:
    """Write the tables (borrowers default to one per borrower_id seen in loans) and open them."""
    if "borrowers" not in tables and "loans" in tables:
        ids = sorted({r["borrower_id"] for r in tables["loans"]})
        tables["borrowers"] = [make_borrower(i) for i in ids]
    return open_tables(write_dataset(folder, **tables))


def series(tables: Tables, key: str, *, grain: Grain = "month", by: Dimension | None = None,
           periods: Periods | None = None, registry: Registry | None = None) -> list[Series]:
    kwargs: dict[str, Any] = {"grain": grain, "by": by, "periods": periods}
    if registry is not None:
        kwargs["registry"] = registry
    return compute(tables, [key], **kwargs)[key]


def values(tables: Tables, key: str, **kwargs: Any) -> dict[str, float | None]:
    """period label -> value of the undivided series."""
    return {p.period: p.value for p in series(tables, key, **kwargs)[0].points}
