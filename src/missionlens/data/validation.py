"""The import's first half: read a data set in any accepted dialect, validate it whole, stage it.

`validate_into` reads each table as a stream of text batches, parses every column at once
(cells.py), pseudonymises borrower identifiers, writes typed Parquet to the staging folder,
then runs the cross-table checks over what it wrote (integrity.py). Every problem is reported
at once (spec/microcredit-data.md, "Import rules"); the caller turns a clean staging folder
into a store version.
"""

from __future__ import annotations

import difflib
import functools
from concurrent.futures import Future, ThreadPoolExecutor
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from missionlens.data import integrity, sources
from missionlens.data.cells import CellIssue, parse_column
from missionlens.data.contract import BORROWER_ID_COLUMNS, TABLES, Column, Table
from missionlens.data.dialects import PARQUET, SAMPLE_BYTES, XLSX, Dialect, Forced, detect_csv, header_of
from missionlens.data.problems import Problem, ProblemLog
from missionlens.data.sources import Found, Source, StructureError

Pseudonymise = Callable[[pa.Array], pa.Array]
Progress = Callable[[str, int, "int | None"], None]
GROUP_ROWS = 500_000

STORED: dict[str, pa.DataType] = {
    "text": pa.string(), "enum": pa.string(), "date": pa.date32(), "decimal": pa.float64(),
    "integer": pa.int64(), "boolean": pa.bool_(),
}


def stored_type(column: Column) -> pa.DataType:
    return pa.list_(pa.string()) if column.list_of_text else STORED[column.type]


@dataclass(frozen=True)
class Validation:
    """What validate_into found; `ok` when no problem is an error."""

    problems: tuple[Problem, ...]
    ok: bool
    rows: dict[str, int] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()
    extra_columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    missing_tables: tuple[str, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")


@dataclass(frozen=True)
class Layout:
    """Where each contract column and each extra column sits in a file's header."""

    positions: dict[str, int]
    extras: tuple[tuple[str, int], ...]


def _layout(header: Sequence[str], table: Table, found: Found, log: ProblemLog) -> Layout:
    positions: dict[str, int] = {}
    extras: list[tuple[str, int]] = []
    seen: set[str] = set()
    for i, cell in enumerate(header):
        name = cell.replace("\ufeff", "").strip() or f"column_{i + 1}"
        key = name.lower()
        if key in seen:
            log.add(Problem(found.file, 1, name, f"the column {name} appears twice in the header",
                            "keep one column of each name", code="duplicate_column", sheet=found.sheet))
            continue
        seen.add(key)
        if key in table.column_names:
            positions[key] = i
            continue
        name = "_line_source" if key == "_line" else name
        extras.append((name, i))
        close = difflib.get_close_matches(key, table.column_names, n=1)
        hint = f"; if it was meant to be {close[0]}, rename it" if close else ""
        log.add(Problem(found.file, 1, name, f"the column {name} is not in the contract of {table.name}: "
                        "it is kept as text", f"nothing to do if you want it kept{hint}",
                        severity="warning", code="extra_column", sheet=found.sheet))
    for column in table.columns:
        if column.name in positions:
            continue
        if column.nullable:
            log.add(Problem(found.file, 1, column.name, f"the optional column {column.name} is missing: "
                            "it is read as empty", f"add a column {column.name} if you have the data",
                            severity="warning", code="missing_column", sheet=found.sheet))
        else:
            log.add(Problem(found.file, 1, column.name, f"the required column {column.name} is missing",
                            f"add a column named {column.name} to the header (line 1); check the "
                            "separator if the header looks right", code="missing_column", sheet=found.sheet))
    return Layout(positions, tuple(extras))


def _shown(value: object) -> str:
    text = str(value)
    return text[:60] + "…" if len(text) > 60 else text


def _report(parsed_issues: Sequence[CellIssue], column: Column, table: str, found: Found, lines: pa.Array,
            text: pa.Array, log: ProblemLog) -> None:
    hidden = BORROWER_ID_COLUMNS.get(table) == column.name
    for issue in parsed_issues:
        rows = np.flatnonzero(np.asarray(issue.mask.to_numpy(zero_copy_only=False)))
        room = log.room(found.file, found.sheet, column.name, issue.code)
        first = pa.array(rows[:room], pa.int64())
        values = text.take(first).to_pylist() if "{value}" in issue.message else [None] * len(first)
        problems = [
            Problem(found.file, int(line), column.name,
                    issue.message.format(value="(hidden identifier)" if hidden else _shown(value)),
                    issue.fix, issue.severity, issue.code, found.sheet)
            for line, value in zip(lines.take(first).to_pylist(), values, strict=True)
        ]
        log.add_many(problems, len(rows))


def _pseudonymised(values: pa.Array, pseudonymise: Pseudonymise) -> pa.Array:
    if values.null_count == len(values):
        return values
    if values.null_count == 0:
        return pseudonymise(values)
    return pc.replace_with_mask(values, pc.is_valid(values), pseudonymise(values.drop_null()))


class _Stager:
    """Parses and writes one table's batches."""

    def __init__(self, found: Found, dialect: Dialect, layout: Layout, staging: Path,
                 pseudonymise: Pseudonymise, log: ProblemLog) -> None:
        self.found, self.dialect, self.layout, self.log = found, dialect, layout, log
        self.table = TABLES[found.table]
        self.pseudonymise = pseudonymise
        self.path = staging / f"{found.table}.parquet"
        fields = [pa.field(c.name, stored_type(c)) for c in self.table.columns]
        fields.append(pa.field("_line", pa.int64()))
        fields.extend(pa.field(name, pa.string()) for name, _ in layout.extras)
        self.schema = pa.schema(fields)
        self.rows = 0

    def run(self, batches: Iterator[pa.RecordBatch], progress: Progress | None, total: int | None) -> int:
        label = f"{self.found.file} (sheet {self.found.sheet})" if self.found.sheet else self.found.file
        # Parquet encoding releases the GIL: one group is written while the next is parsed.
        with pq.ParquetWriter(self.path, self.schema) as writer, ThreadPoolExecutor(1) as pool:
            writing: Future[None] | None = None
            group: list[pa.RecordBatch] = []
            pending = 0
            for batch in batches:
                group.append(batch)
                pending += batch.num_rows
                if pending >= GROUP_ROWS:
                    typed = self._typed(group)
                    if writing is not None:
                        writing.result()
                    writing = pool.submit(writer.write_table, typed)
                    group, pending = [], 0
                    if progress is not None:
                        progress(label, self.rows, total)
            if writing is not None:
                writing.result()
            if group:
                writer.write_table(self._typed(group))
        if progress is not None:
            progress(label, self.rows, total)
        return self.rows

    def _typed(self, group: list[pa.RecordBatch]) -> pa.Table:
        batch = pa.Table.from_batches(group).combine_chunks()
        # A row with every cell blank is an empty spreadsheet row: skipped, as a reader would.
        blank = functools.reduce(pc.and_, (pc.is_null(c) for c in batch.columns[:-1]), pa.scalar(True))
        if batch.num_columns > 1 and pc.any(blank).as_py():
            batch = batch.filter(pc.invert(blank))

        def column(name: str) -> pa.Array:
            return batch.column(name).combine_chunks()

        lines = column("_line")
        n = len(lines)
        arrays: list[pa.Array] = []
        for col in self.table.columns:
            if col.name not in self.layout.positions:
                arrays.append(pa.nulls(n, stored_type(col)))
                continue
            parsed = parse_column(column(f"c{self.layout.positions[col.name]}"), col, self.dialect)
            _report(parsed.issues, col, self.table.name, self.found, lines, parsed.text, self.log)
            values = parsed.values
            if BORROWER_ID_COLUMNS.get(self.table.name) == col.name:
                values = _pseudonymised(values, self.pseudonymise)
            arrays.append(values)
        arrays.append(lines)
        arrays.extend(column(f"c{i}") for _, i in self.layout.extras)
        self.rows += n
        return pa.Table.from_arrays(arrays, schema=self.schema)


def _unreadable(found: Found, exc: Exception) -> Problem:
    return Problem(found.file, None, None, f"the file cannot be read ({type(exc).__name__}: {exc})"[:300],
                   "open it in a spreadsheet program and save it again as .csv or .xlsx",
                   code="unreadable_file", sheet=found.sheet)


def _stage_one(found: Found, forced: Forced, staging: Path, pseudonymise: Pseudonymise,
               progress: Progress | None) -> tuple[Source, int, Layout, ProblemLog] | ProblemLog:
    """Stage one table; returns its source, rows, layout and problems (or only the problems)."""
    with ThreadPoolExecutor(1) as pool:
        digest = pool.submit(sources.sha256, found.path)
        staged = _stage_read(found, forced, staging, pseudonymise, progress)
        if isinstance(staged, ProblemLog):
            return staged
        source, rows, layout, log = staged
        return replace(source, sha256=digest.result()), rows, layout, log


def _stage_read(found: Found, forced: Forced, staging: Path, pseudonymise: Pseudonymise,
                progress: Progress | None) -> tuple[Source, int, Layout, ProblemLog] | ProblemLog:
    table = TABLES[found.table]
    log = ProblemLog()
    total: int | None = None
    scanned = sources.scan(found.path)
    if found.kind == "csv":
        sample = sources.read_sample(found.path, SAMPLE_BYTES)
        dialect = detect_csv(sample, table, forced)
        header: Sequence[str] = header_of(sample, dialect)
        fast = scanned.plain_start and dialect.encoding != "utf-16"
    elif found.kind == "xlsx":
        dialect, fast = XLSX, True
        header, sheet_rows = sources.xlsx_sheet(found.path, found.sheet or "")
    else:
        dialect, fast = PARQUET, True
        header, total, parquet_rows = sources.parquet_table(found.path, PARQUET.list_separator)
    source = Source(found.file, found.table, "", dialect.name, dialect.encoding, dialect.delimiter, found.sheet)
    if not any(h.strip() for h in header):
        log.add(Problem(found.file, None, None, "the table is empty: no header line was found",
                        "put the column names on line 1, then one row per line", code="empty_file",
                        sheet=found.sheet))
        return log
    layout_log = ProblemLog()
    layout = _layout(header, table, found, layout_log)
    log.extend(layout_log)
    stager = _Stager(found, dialect, layout, staging, pseudonymise, log)
    if found.kind == "xlsx":
        batches = sheet_rows
    elif found.kind == "parquet":
        batches = parquet_rows
    elif fast:
        batches = sources.fast_csv_batches(found.path, dialect, len(header), scanned.has_quotes)
    else:
        batches = sources.exact_csv_batches(found.path, dialect, header, found.file, log.add)
    try:
        rows = stager.run(batches, progress, total)
    except StructureError:
        # A row the fast reader cannot place exactly: read the whole file again, row by row.
        log = ProblemLog()
        log.extend(layout_log)
        stager = _Stager(found, dialect, layout, staging, pseudonymise, log)
        rows = stager.run(sources.exact_csv_batches(found.path, dialect, header, found.file, log.add),
                          progress, total)
    return source, rows, layout, log


def _missing_table(name: str) -> Problem:
    return Problem(f"{name}.csv", None, None, f"the table {name} is missing: it is required",
                   f"add {name}.csv (or a sheet named {name} in the workbook)", code="missing_table")


def validate_into(
    folder: Path,
    staging: Path,
    *,
    pseudonymise: Pseudonymise,
    dialect: Forced = "auto",
    progress: Progress | None = None,
) -> Validation:
    """Validate the data set in `folder` and write one typed `<table>.parquet` per table to `staging`."""
    log = ProblemLog()
    found = sorted(sources.find_tables(Path(folder), dialect, log.add), key=lambda f: list(TABLES).index(f.table))
    rows: dict[str, int] = {}
    read: list[Source] = []
    extras: dict[str, tuple[str, ...]] = {}
    staged: dict[str, integrity.Staged] = {}
    for f in found:
        try:
            result = _stage_one(f, dialect, Path(staging), pseudonymise, progress)
        except Exception as exc:  # noqa: BLE001 - an unreadable file is a user problem, never a crash
            log.add(_unreadable(f, exc))
            (Path(staging) / f"{f.table}.parquet").unlink(missing_ok=True)
            continue
        if isinstance(result, ProblemLog):
            log.extend(result)
            continue
        source, count, layout, file_log = result
        log.extend(file_log)
        rows[f.table] = count
        read.append(source)
        if layout.extras:
            extras[f.table] = tuple(name for name, _ in layout.extras)
        staged[f.table] = integrity.Staged(f.table, Path(staging) / f"{f.table}.parquet", f.file, f.sheet)
    given = {f.table for f in found}
    missing = tuple(name for name in TABLES if name not in given)
    for name in missing:
        if TABLES[name].required:
            log.add(_missing_table(name))
    try:
        integrity.check(staged, log, progress)
    except Exception as exc:  # noqa: BLE001 - reported, so that the import is refused, not crashed
        log.add(Problem("(data set)", None, None, f"the cross-table checks failed ({exc})"[:300],
                        "report this problem to the missionlens maintainers", code="check_failed"))
    problems = log.problems()
    return Validation(
        problems=problems,
        ok=not any(p.severity == "error" for p in problems),
        rows=rows,
        sources=tuple(read),
        extra_columns=extras,
        missing_tables=missing,
    )
