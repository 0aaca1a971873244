"""The import use case: validate a data set and land it whole as a new version, or change nothing.

One function per entry point's need, shared by the CLI and the web app:
`import_dataset` (validate, pseudonymise, store) and `check_dataset` (validate only).
"""

from __future__ import annotations

import os
import secrets
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb
import pyarrow.parquet as pq

from missionlens.data.contract import SCHEMA_VERSION, TABLES
from missionlens.data.pseudonyms import HEX_CHARS, PREFIX, Pseudonymiser, key_id
from missionlens.data.store import MANIFEST_FORMAT, Store, Version
from missionlens.data.validation import Validation, validate_into

Dialect = Literal["auto", "csv", "fr-csv", "xlsx", "parquet"]
Progress = Callable[[str, int, int | None], None]

# Test-only: seconds to sleep between the stages of an import, so that the atomicity test's
# SIGKILL can land inside each stage. Never set it in production.
DELAY_ENV = "MISSIONLENS_IMPORT_DELAY_S"

# The spec's "data's end date" (core indicator followup_60d_rate): the latest date in
# loans.disbursement_date, sessions.date and installments.paid_date.
DATA_END_COLUMNS = (("loans", "disbursement_date"), ("sessions", "date"), ("installments", "paid_date"))
# Dates that say something happened (not due dates, which lie in the future of a schedule).
ACTIVITY_DATE_COLUMNS = (
    ("borrowers", "entry_date"),
    ("loans", "application_date"),
    ("loans", "decision_date"),
    ("loans", "disbursement_date"),
    ("loans", "closed_date"),
    ("installments", "paid_date"),
    ("sessions", "date"),
    ("outcomes", "observed_on"),
    ("feedback", "date"),
    ("notes", "date"),
)


@dataclass(frozen=True)
class ImportResult:
    ok: bool
    version: Version | None
    validation: Validation


def import_delay(environ: Mapping[str, str]) -> float:
    """The test-only pause between stages, in seconds (0 when unset); refuses a bad value."""
    text = environ.get(DELAY_ENV, "").strip()
    if not text:
        return 0.0
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{DELAY_ENV} must be a number of seconds, not {text!r}.") from None
    if not 0 <= value <= 60:
        raise ValueError(f"{DELAY_ENV} must be between 0 and 60 seconds, not {value}.")
    return value


def check_dataset(
    source: Path, *, dialect: Dialect = "auto", progress: Progress | None = None
) -> Validation:
    """Validate `source` without touching any store (a throwaway secret, a temporary folder)."""
    with tempfile.TemporaryDirectory(prefix="missionlens-check-") as tmp:
        return validate_into(
            Path(source),
            Path(tmp),
            pseudonymise=Pseudonymiser(secrets.token_bytes(32)),
            dialect=dialect,
            progress=progress,
        )


def import_dataset(
    source: Path,
    store: Store,
    *,
    dialect: Dialect = "auto",
    now: datetime,
    progress: Progress | None = None,
    environ: Mapping[str, str] | None = None,
) -> ImportResult:
    """Validate `source` and, when it has no errors, make it the store's new current version.

    A refused data set (or any failure) leaves the store as it was: the staging folder is
    removed and CURRENT is untouched.
    """
    delay = import_delay(os.environ if environ is None else environ)

    def pause(_stage: str) -> None:
        if delay:
            time.sleep(delay)

    secret = store.secret  # fail on a bad secret before any work
    with store.lock(), store.staging() as staging:
        pause("staged")
        validation = validate_into(
            Path(source),
            staging,
            pseudonymise=Pseudonymiser(secret),
            dialect=dialect,
            progress=progress,
        )
        if not validation.ok:
            return ImportResult(False, None, validation)
        pause("validated")
        name = store.next_version_name()
        current = store.current()
        manifest = build_manifest(
            staging,
            validation,
            name=name,
            now=now,
            previous=None if current is None else current.name,
            secret_id=key_id(secret),
        )
        version = store.commit(staging, manifest, name=name, now=now, pause=pause)
    return ImportResult(True, version, validation)


def build_manifest(
    staging: Path,
    validation: Validation,
    *,
    name: str,
    now: datetime,
    previous: str | None,
    secret_id: str,
) -> dict[str, Any]:
    tables = {
        table: {"file": f"{table}.parquet", "rows": pq.read_metadata(staging / f"{table}.parquet").num_rows}
        for table in TABLES
        if (staging / f"{table}.parquet").is_file()
    }
    span, (_, end) = _date_spans(staging, ACTIVITY_DATE_COLUMNS, DATA_END_COLUMNS)
    return {
        "manifest_format": MANIFEST_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "version": name,
        "previous": previous,
        "created": now.isoformat(),
        "tables": tables,
        "rows": {t: info["rows"] for t, info in tables.items()},
        "sources": [
            {
                "file": s.file,
                "table": s.table,
                "sha256": s.sha256,
                "dialect": s.dialect,
                "encoding": s.encoding,
                "delimiter": s.delimiter,
                "sheet": s.sheet,
            }
            for s in validation.sources
        ],
        "dialects": sorted({s.dialect for s in validation.sources}),
        "problems": [p.to_json() for p in validation.problems],
        "warnings": sum(1 for p in validation.problems if p.severity == "warning"),
        "extra_columns": {t: list(cols) for t, cols in validation.extra_columns.items()},
        "missing_tables": list(validation.missing_tables),
        "first_month": None if span[0] is None else span[0].strftime("%Y-%m"),
        "last_month": None if span[1] is None else span[1].strftime("%Y-%m"),
        "data_end": None if end is None else end.isoformat(),
        "pseudonymisation": {
            "method": "HMAC-SHA-256",
            "prefix": PREFIX,
            "hex_chars": HEX_CHARS,
            "key_id": secret_id,
        },
    }


def _date_spans(
    folder: Path, *groups: tuple[tuple[str, str], ...]
) -> list[tuple[date | None, date | None]]:
    """For each group of (table, column) pairs: the earliest and latest value among the tables
    that were imported."""
    spans: list[tuple[date | None, date | None]] = []
    with duckdb.connect() as con:
        for columns in groups:
            parts = [
                f'SELECT min("{col}") AS lo, max("{col}") AS hi FROM read_parquet({_sql_text(folder / table)})'
                for table, col in columns
                if (folder / f"{table}.parquet").is_file()
            ]
            if not parts:
                spans.append((None, None))
                continue
            row = con.execute(f"SELECT min(lo), max(hi) FROM ({' UNION ALL '.join(parts)})").fetchone()
            spans.append((None, None) if row is None else (row[0], row[1]))
    return spans


def _sql_text(stem: Path) -> str:
    return "'" + f"{stem}.parquet".replace("'", "''") + "'"
