"""Finding the tables of a data set and reading them as batches of text cells.

A data set is a folder of `<table>.csv`, `<table>.xlsx` or `<table>.parquet` files, or
workbooks whose sheets are named like the tables (spec/microcredit-data.md, "Dialects").
Every reader yields Arrow record batches of string columns `c0..cN` (one per header cell,
in file order) plus `_line`, the row as a spreadsheet user counts it (header = line 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import mmap
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from missionlens.data.contract import TABLES
from missionlens.data.dialects import Dialect, Forced
from missionlens.data.problems import Problem

SourceKind = Literal["csv", "xlsx", "parquet"]
Report = Callable[[Problem], None]

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
BATCH_ROWS = 200_000
_SURROGATES = re.compile("[\udc80-\udcff]")


class StructureError(Exception):
    """The fast reader met a row it cannot read exactly; the exact reader takes over."""


@dataclass(frozen=True)
class Source:
    """A file (or sheet) read for one table, as recorded in the store's manifest."""

    file: str
    table: str
    sha256: str
    dialect: str
    encoding: str | None
    delimiter: str | None
    sheet: str | None = None


@dataclass(frozen=True)
class Found:
    """Where one table of the data set lies."""

    table: str
    path: Path
    kind: SourceKind
    sheet: str | None = None

    @property
    def file(self) -> str:
        return self.path.name


def _table_name(stem: str) -> str | None:
    name = stem.strip().lower()
    return name if name in TABLES else None


def _workbook_tables(path: Path, report: Report) -> list[Found]:
    from python_calamine import CalamineWorkbook

    try:
        sheets = list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is one user problem
        report(Problem(path.name, None, None, f"the workbook cannot be opened ({exc})",
                       "save it again from the spreadsheet program as .xlsx", code="unreadable_file"))
        return []
    own = _table_name(path.stem)
    if own is not None:
        named = [s for s in sheets if _table_name(s) == own]
        return [Found(own, path, "xlsx", (named or sheets)[0])] if sheets else []
    found = []
    for sheet in sheets:
        table = _table_name(sheet)
        if table is None:
            report(Problem(path.name, None, None, f"the sheet {sheet!r} is not a table of the contract",
                           "name each sheet like its table (loans, borrowers, ...); this sheet was ignored",
                           severity="warning", code="ignored_sheet", sheet=sheet))
        else:
            found.append(Found(table, path, "xlsx", sheet))
    return found


def find_tables(folder: Path, forced: Forced, report: Report) -> list[Found]:
    """The tables found in `folder` (or in the workbook `folder`), one Found per table."""
    if folder.is_file():
        candidates = [folder]
    elif folder.is_dir():
        candidates = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith((".", "~$")))
    else:
        report(Problem(folder.name or str(folder), None, None, "this folder or file does not exist",
                       "give the folder that holds loans.csv, borrowers.csv, ...", code="missing_folder"))
        return []
    allowed: tuple[str, ...] = {
        "auto": CSV_SUFFIXES + XLSX_SUFFIXES + (".parquet",),
        "csv": CSV_SUFFIXES, "fr-csv": CSV_SUFFIXES, "xlsx": XLSX_SUFFIXES, "parquet": (".parquet",),
    }[forced]
    found: list[Found] = []
    for path in candidates:
        suffix = path.suffix.lower()
        if suffix not in allowed:
            if suffix in (".xls", ".ods", ".csv", ".xlsx", ".parquet"):
                report(Problem(path.name, None, None, "this file was not read",
                               "save tables as .csv, .xlsx or .parquet named like the table "
                               "(and matching the dialect asked for)", severity="warning",
                               code="ignored_file"))
            continue
        if suffix in XLSX_SUFFIXES:
            found.extend(_workbook_tables(path, report))
            continue
        table = _table_name(path.stem)
        if table is None:
            if suffix != ".txt":
                report(Problem(path.name, None, None, "the file name is not a table of the contract",
                               "name the file like its table (loans.csv, borrowers.csv, ...); "
                               "it was ignored", severity="warning", code="ignored_file"))
            continue
        found.append(Found(table, path, "parquet" if suffix == ".parquet" else "csv"))
    unique: dict[str, Found] = {}
    for f in found:
        if f.table in unique:
            first = unique[f.table]
            report(Problem(f.file, None, None,
                           f"the table {f.table} is also given by {first.file}"
                           + (f" (sheet {first.sheet})" if first.sheet else ""),
                           "keep one file per table", code="duplicate_table", sheet=f.sheet))
        else:
            unique[f.table] = f
    return list(unique.values())


@dataclass(frozen=True)
class Scan:
    """What a look at a text file's bytes tells: whether the fast reader fits it."""

    size: int
    has_quotes: bool  # only then may a value hold a line break
    plain_start: bool  # the header is on line 1 (the fast reader would skip blank lines before it)


def scan(path: Path) -> Scan:
    size = path.stat().st_size
    if size == 0:
        return Scan(0, False, True)
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        return Scan(size, mm.find(b'"') >= 0, mm[:1] not in (b"\n", b"\r"))


def sha256(path: Path) -> str:
    """The hash of the file's bytes (hashlib releases the GIL: this runs beside the parsing)."""
    if path.stat().st_size == 0:
        return hashlib.sha256(b"").hexdigest()
    with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        return hashlib.sha256(mm).hexdigest()


def read_sample(path: Path, size: int) -> bytes:
    with path.open("rb") as f:
        return f.read(size)


def _with_lines(batch: pa.RecordBatch, first: int) -> pa.RecordBatch:
    # from_buffers: pa.array(numpy) would import pandas on first use, seconds on a cold start.
    numbers = np.arange(first, first + batch.num_rows, dtype=np.int64)
    lines = pa.Array.from_buffers(pa.int64(), batch.num_rows, [None, pa.py_buffer(numbers)])
    return batch.append_column("_line", lines)


def fast_csv_batches(path: Path, dialect: Dialect, width: int, has_quotes: bool) -> Iterator[pa.RecordBatch]:
    """Multi-threaded Arrow reading; raises StructureError on any row it cannot read exactly."""
    names = [f"c{i}" for i in range(width)]
    encoding = dialect.encoding or "utf-8"
    read = pacsv.ReadOptions(
        column_names=names, skip_rows=1, block_size=4 << 20,
        encoding="utf8" if encoding in ("utf-8", "utf-8-sig") else encoding,
    )
    parse = pacsv.ParseOptions(
        delimiter=dialect.delimiter or ",", quote_char='"', double_quote=True,
        # A blank line is kept as a row: it then has too few cells and the exact reader takes
        # over, so that line numbers stay those of the spreadsheet.
        newlines_in_values=has_quotes, ignore_empty_lines=False,
    )
    convert = pacsv.ConvertOptions(
        column_types={n: pa.string() for n in names}, null_values=[""],
        strings_can_be_null=True, quoted_strings_can_be_null=True, check_utf8=True,
    )
    line = 2
    try:
        reader = pacsv.open_csv(path, read_options=read, parse_options=parse, convert_options=convert)
        for batch in reader:
            yield _with_lines(batch, line)
            line += batch.num_rows
    except (pa.ArrowException, ValueError, UnicodeError) as exc:
        raise StructureError(str(exc)) from exc


def exact_csv_batches(
    path: Path, dialect: Dialect, header: Sequence[str], file: str, report: Report
) -> Iterator[pa.RecordBatch]:
    """Row-by-row reading that locates every structural problem (wrong cell count, bad bytes)."""
    width = len(header)
    fix_row = (f"check the separators and quotes of this line: a value holding the separator "
               f"({dialect.delimiter}) or a line break must stand between double quotes")
    columns: list[list[str | None]] = [[] for _ in range(width)]
    lines: list[int] = []

    def flush() -> pa.RecordBatch:
        arrays = [pa.array(c, pa.string()) for c in columns] + [pa.array(lines, pa.int64())]
        batch = pa.RecordBatch.from_arrays(arrays, names=[f"c{i}" for i in range(width)] + ["_line"])
        for c in columns:
            c.clear()
        lines.clear()
        return batch

    with path.open(encoding=dialect.encoding or "utf-8", errors="surrogateescape", newline="") as f:
        reader = csv.reader(f, delimiter=dialect.delimiter or ",")
        record, header_seen = 0, False
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                record += 1
                report(Problem(file, record, None, f"the line cannot be read ({exc})", fix_row,
                               code="malformed_row"))
                continue
            record += 1
            if not header_seen:
                header_seen = bool(row) and any(c.strip() for c in row)
                continue
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != width:
                report(Problem(file, record, None,
                               f"the line has {len(row)} cells where the header has {width}", fix_row,
                               code="malformed_row"))
                continue
            if _SURROGATES.search("".join(row)):
                for i, value in enumerate(row):
                    if _SURROGATES.search(value):
                        report(Problem(file, record, header[i].strip() or f"column_{i + 1}",
                                       f"the cell holds bytes that are not {dialect.encoding_label} text",
                                       "save the file again as UTF-8 (or Windows-1252) text",
                                       code="bad_encoding"))
                        row[i] = _SURROGATES.sub("\ufffd", value)
            for i, value in enumerate(row):
                columns[i].append(value if value != "" else None)
            lines.append(record)
            if len(lines) >= BATCH_ROWS:
                yield flush()
    if lines:
        yield flush()


def _cell_text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime):
        midnight = value.time() == dt.time(0)
        return value.date().isoformat() if midnight else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def xlsx_sheet(path: Path, sheet: str) -> tuple[list[str], Iterator[pa.RecordBatch]]:
    """The header cells of a sheet and its rows; `_line` is the sheet's own row number."""
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    texts = [[_cell_text(v) for v in row] for row in rows]
    start = next((i for i, r in enumerate(texts) if any(v is not None for v in r)), len(texts))
    if start == len(texts):
        return [], iter(())
    width = max(len(r) for r in texts)
    used = [j for j in range(width) if any(j < len(r) and r[j] is not None for r in texts[start:])]
    header = [texts[start][j] or "" if j < len(texts[start]) else "" for j in used]

    def batches() -> Iterator[pa.RecordBatch]:
        body = [(i + 1, r) for i, r in enumerate(texts) if i > start and any(v is not None for v in r)]
        for b in range(0, len(body), BATCH_ROWS):
            part = body[b:b + BATCH_ROWS]
            arrays = [pa.array([r[j] if j < len(r) else None for _, r in part], pa.string()) for j in used]
            arrays.append(pa.array([n for n, _ in part], pa.int64()))
            yield pa.RecordBatch.from_arrays(arrays, names=[f"c{i}" for i in range(len(used))] + ["_line"])

    return header, batches()


def _as_text(array: pa.Array | pa.ChunkedArray, list_separator: str) -> pa.Array | pa.ChunkedArray:
    kind = array.type
    if pa.types.is_dictionary(kind):
        return _as_text(array.cast(kind.value_type), list_separator)
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return pc.binary_join(array.cast(pa.list_(pa.string())), list_separator)
    if pa.types.is_string(kind):
        return array
    if pa.types.is_large_string(kind):
        return array.cast(pa.string())
    return array.cast(pa.string())


def parquet_table(path: Path, list_separator: str) -> tuple[list[str], int, Iterator[pa.RecordBatch]]:
    """The column names of a Parquet file, its row count and its rows as text batches."""
    file = pq.ParquetFile(path)
    names = list(file.schema_arrow.names)

    def batches() -> Iterator[pa.RecordBatch]:
        line = 2
        for batch in file.iter_batches(batch_size=BATCH_ROWS):
            arrays = [_as_text(batch.column(i), list_separator) for i in range(len(names))]
            text = pa.RecordBatch.from_arrays(arrays, names=[f"c{i}" for i in range(len(names))])
            yield _with_lines(text, line)
            line += batch.num_rows

    return names, file.metadata.num_rows, batches()
