"""The institution panel (spec/institution-panel.md): its contract as data, read and validated whole.

`institutions.csv` holds one row per institution and year. It is read in the dialects of the
activity data (dialects.py: UTF-8 or Windows-1252, comma or semicolon, decimal comma, .xlsx,
.parquet) with the same cell parsers (cells.py), and every problem is reported at once with its
file, line (header = line 1) and column, as a `Problem`. All or nothing: `read_panel` returns
the typed table only when no problem is an error; otherwise nothing may be computed from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from missionlens.data import sources
from missionlens.data.cells import parse_column
from missionlens.data.contract import Column, Table
from missionlens.data.dialects import PARQUET, SAMPLE_BYTES, XLSX, Dialect, Forced, detect_csv, header_of
from missionlens.data.problems import Problem, ProblemLog
from missionlens.data.sources import Found, StructureError

# The validation's own layout and cell reporting: one way to say a column is missing or a cell
# is wrong, for the activity data and the panel alike.
from missionlens.data.validation import STORED, _layout, _report

PANEL_SCHEMA = "missionlens.panel/1"
INCOME_MEASURES = ("gni", "gdp", "gdp_ppp")

INSTITUTIONS = Table(
    "institutions",
    (
        Column("institution_id", "text"),
        Column("year", "integer", minimum=1900, maximum=2100),
        Column("name", "text"),
        Column("country", "text"),
        Column("legal_status", "text"),
        Column("active_borrowers", "integer", nullable=True, minimum=0),
        Column("gross_loan_portfolio", "decimal", nullable=True, minimum=0),
        Column("average_loan_balance", "decimal", nullable=True, minimum=0),
        Column("women_share", "decimal", nullable=True, minimum=0, maximum=1),
        Column("par30", "decimal", nullable=True, minimum=0, maximum=1),
        Column("write_off_ratio", "decimal", nullable=True, minimum=0),
        Column("operational_self_sufficiency", "decimal", nullable=True, minimum=0),
        Column("personnel", "integer", nullable=True, minimum=0),
        Column("income_per_capita", "decimal", nullable=True, minimum=0, exclusive_minimum=True),
        Column("income_measure", "enum", nullable=True, values=INCOME_MEASURES),
        Column("currency", "text"),
    ),
    required=True,
    key=("institution_id", "year"),
)
PANEL_FILE = "institutions"


@dataclass(frozen=True)
class PanelValidation:
    """What read_panel found: the typed table (with `_line`) only when `ok`."""

    problems: tuple[Problem, ...]
    ok: bool
    table: pa.Table | None
    file: str | None = None
    rows: int = 0

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")


def _find(path: Path, forced: Forced, log: ProblemLog) -> Found | None:
    """The panel's file: the file given, or `institutions.*` in the folder given."""
    if path.is_file():
        suffix = path.suffix.lower()
        if suffix in sources.XLSX_SUFFIXES:
            return Found(PANEL_FILE, path, "xlsx", _sheet(path))
        return Found(PANEL_FILE, path, "parquet" if suffix == ".parquet" else "csv")
    if not path.is_dir():
        log.add(Problem(path.name or str(path), None, None, "this folder or file does not exist",
                        "give the folder that holds institutions.csv, or the file itself", code="missing_folder"))
        return None
    suffixes = {"auto": sources.CSV_SUFFIXES + sources.XLSX_SUFFIXES + (".parquet",), "csv": sources.CSV_SUFFIXES,
                "fr-csv": sources.CSV_SUFFIXES, "xlsx": sources.XLSX_SUFFIXES, "parquet": (".parquet",)}[forced]
    found = sorted(p for p in path.iterdir()
                   if p.is_file() and p.stem.strip().lower() == PANEL_FILE and p.suffix.lower() in suffixes)
    if not found:
        log.add(Problem(f"{PANEL_FILE}.csv", None, None, "the table institutions is missing: it is required",
                        "add institutions.csv (one row per institution and year) to the folder",
                        code="missing_table"))
        return None
    for extra in found[1:]:
        log.add(Problem(extra.name, None, None, f"the table institutions is also given by {found[0].name}",
                        "keep one file per table", code="duplicate_table"))
    return _find(found[0], forced, log)


def _sheet(path: Path) -> str | None:
    from python_calamine import CalamineWorkbook

    names = list(CalamineWorkbook.from_path(str(path)).sheet_names)
    named = [s for s in names if s.strip().lower() == PANEL_FILE]
    chosen = named or names
    return chosen[0] if chosen else None


def _batches(found: Found, forced: Forced, log: ProblemLog) -> tuple[list[str], Dialect, Iterator[pa.RecordBatch]]:
    if found.kind == "xlsx":
        header, rows = sources.xlsx_sheet(found.path, found.sheet or "")
        return header, XLSX, rows
    if found.kind == "parquet":
        names, _, rows = sources.parquet_table(found.path, PARQUET.list_separator)
        return names, PARQUET, rows
    sample = sources.read_sample(found.path, SAMPLE_BYTES)
    dialect = detect_csv(sample, INSTITUTIONS, forced)
    header = list(header_of(sample, dialect))
    scanned = sources.scan(found.path)
    if scanned.plain_start and dialect.encoding != "utf-16":
        rows = sources.fast_csv_batches(found.path, dialect, len(header), scanned.has_quotes)
    else:
        rows = sources.exact_csv_batches(found.path, dialect, header, found.file, log.add)
    return header, dialect, rows


def _typed(found: Found, forced: Forced, log: ProblemLog) -> pa.Table | None:
    header, dialect, rows = _batches(found, forced, log)
    if not any(h.strip() for h in header):
        log.add(Problem(found.file, None, None, "the table is empty: no header line was found",
                        "put the column names on line 1, then one row per line", code="empty_file",
                        sheet=found.sheet))
        return None
    cell_log = ProblemLog()
    layout = _layout(header, INSTITUTIONS, found, cell_log)
    try:
        batches = list(rows)
    except StructureError:
        batches = list(sources.exact_csv_batches(found.path, dialect, header, found.file, cell_log.add))
    if not batches:
        log.extend(cell_log)
        return pa.table({c.name: pa.array([], STORED[c.type]) for c in INSTITUTIONS.columns}
                        | {"_line": pa.array([], pa.int64())})
    raw = pa.Table.from_batches(batches).combine_chunks()
    # A row with every cell blank is an empty spreadsheet row: skipped, as the activity import does.
    cells = [raw.column(i) for i in range(raw.num_columns) if raw.column_names[i] != "_line"]
    if cells:
        blank = pc.is_null(cells[0])
        for cell in cells[1:]:
            blank = pc.and_(blank, pc.is_null(cell))
        raw = raw.filter(pc.invert(blank))
    lines = raw.column("_line").combine_chunks()
    arrays: dict[str, pa.Array] = {}
    for column in INSTITUTIONS.columns:
        if column.name not in layout.positions:
            arrays[column.name] = pa.nulls(len(lines), STORED[column.type])
            continue
        parsed = parse_column(raw.column(f"c{layout.positions[column.name]}").combine_chunks(), column, dialect)
        _report(parsed.issues, column, INSTITUTIONS.name, found, lines, parsed.text, cell_log)
        arrays[column.name] = parsed.values
    arrays["_line"] = lines
    for name, i in layout.extras:
        arrays[name] = raw.column(f"c{i}").combine_chunks()
    log.extend(cell_log)
    return pa.table(arrays)


def _duplicates(table: pa.Table, found: Found, log: ProblemLog) -> None:
    first: dict[tuple[str, int], int] = {}
    ids = table.column("institution_id").to_pylist()
    years = table.column("year").to_pylist()
    for key_id, year, line in zip(ids, years, table.column("_line").to_pylist(), strict=True):
        if key_id is None or year is None:
            continue
        seen = first.setdefault((key_id, year), line)
        if seen != line:
            log.add(Problem(found.file, line, "institution_id",
                            f'institution_id "{key_id}" with year {year} is already on line {seen}',
                            "give each institution one row per year, or remove the repeated row",
                            code="duplicate_key", sheet=found.sheet))


def _measures(table: pa.Table, found: Found, log: ProblemLog) -> None:
    # spec: `income_measure` says which income stands in the denominator of depth.
    unsaid = pc.and_(pc.is_valid(table.column("income_per_capita")), pc.is_null(table.column("income_measure")))
    for line in table.column("_line").filter(unsaid).to_pylist():
        log.add(Problem(found.file, line, "income_measure",
                        "income_per_capita is given without saying which measure it is",
                        "write gni, gdp or gdp_ppp in income_measure", severity="warning",
                        code="missing_value", sheet=found.sheet))


def read_panel(path: Path, *, dialect: Forced = "auto") -> PanelValidation:
    """Read and validate a panel (a folder holding institutions.csv, or the file itself)."""
    log = ProblemLog()
    found = _find(Path(path), dialect, log)
    if found is None:
        return PanelValidation(log.problems(), False, None)
    try:
        table = _typed(found, dialect, log)
    except Exception as exc:  # noqa: BLE001 - an unreadable file is a user problem, never a crash
        log.add(Problem(found.file, None, None, f"the file cannot be read ({type(exc).__name__}: {exc})"[:300],
                        "open it in a spreadsheet program and save it again as .csv or .xlsx",
                        code="unreadable_file", sheet=found.sheet))
        table = None
    if table is not None:
        _duplicates(table, found, log)
        _measures(table, found, log)
    problems = log.problems()
    ok = table is not None and not any(p.severity == "error" for p in problems)
    return PanelValidation(problems, ok, table if ok else None, found.file,
                           0 if table is None else table.num_rows)
