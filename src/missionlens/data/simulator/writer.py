"""Writing tables in the four formats, chunk by chunk, so memory stays bounded.

- `csv`: UTF-8, comma, ISO dates, `.` decimals, true/false, topics `;`-joined.
- `fr-csv`: `;`, Windows-1252, decimal comma, amounts >= 1000 with a no-break space between
  thousands, dd/mm/yyyy, oui/non, topics `|`-joined, CRLF line ends (as Excel writes them).
- `xlsx`: one workbook `data.xlsx`, a sheet per table, real dates, numbers and booleans.
- `parquet`: one `<table>.parquet` per table with the stored types.
"""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from missionlens.data.contract import TABLES
from missionlens.data.simulator.tables import schema

Format = Literal["csv", "fr-csv", "xlsx", "parquet"]
FORMATS: tuple[Format, ...] = ("csv", "fr-csv", "xlsx", "parquet")
EXCEL_MAX_ROWS = 1_048_576
# Decimal places written for each decimal column (the others: 2).
PLACES = {("loans", "annual_rate"): 4}
# Money columns: thousands grouped in the French dialect.
MONEY = {"amount", "principal_due", "interest_due", "paid_amount", "monthly_household_income", "income_change"}
NBSP = "\u00a0"


def french_decimal(values: pa.Array, places: int, grouped: bool) -> pa.Array:
    """1234.5 -> '1 234,50' (no-break space), vectorised; nulls stay null."""
    v = values.to_numpy(zero_copy_only=False)
    nulls = np.isnan(v)
    scaled = np.round(np.abs(np.where(nulls, 0.0, v)) * 10**places).astype(np.int64)
    whole, fraction = scaled // 10**places, scaled % 10**places
    text = np.dtypes.StringDType()
    out = (whole % 1000).astype(text)
    rest = whole // 1000
    if grouped:
        out = np.where(rest > 0, np.strings.zfill(out, 3), out)
        while (rest > 0).any():
            group = (rest % 1000).astype(text)
            higher = rest // 1000
            group = np.where(higher > 0, np.strings.zfill(group, 3), group)
            out = np.where(rest > 0, np.strings.add(np.strings.add(group, NBSP), out), out)
            rest = higher
    else:
        out = np.where(rest > 0, np.strings.add(rest.astype(text), np.strings.zfill(out, 3)), out)
    if places:
        out = np.strings.add(np.strings.add(out, ","), np.strings.zfill(fraction.astype(text), places))
    out = np.where((v < 0) & (scaled > 0), np.strings.add("-", out), out)
    return pa.array(out.astype(object), type=pa.string(), mask=nulls)


def _text_columns(name: str, table: pa.Table, french: bool) -> list[pa.Array]:
    """Every column as text in the dialect (the French one), or native where pyarrow writes it right."""
    out = []
    for column in TABLES[name].columns:
        values = table.column(column.name).combine_chunks()
        if column.list_of_text:
            values = pc.binary_join(values, "|" if french else ";")
        elif not french:
            pass
        elif column.type == "date":
            values = pc.strftime(values, format="%d/%m/%Y")
        elif column.type == "boolean":
            values = pc.if_else(values, "oui", "non")
        elif column.type == "decimal":
            values = french_decimal(values, PLACES.get((name, column.name), 2), column.name in MONEY)
        out.append(values)
    return out


def _quoted(values: pa.Array) -> pa.Array:
    """A column as CSV cells: quoted (quotes doubled) only where it holds `;`, a quote or a line break."""
    text = values.cast(pa.string())
    needs = pc.match_substring_regex(text, '[;"\r\n]')
    quoted = pc.binary_join_element_wise('"', pc.replace_substring(text, '"', '""'), '"', "")
    return pc.fill_null(pc.if_else(needs, quoted, text), "")


class Writer:
    """Appends chunks of each contract table to the files of one format under `out`."""

    def __init__(self, out: Path, fmt: Format) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
        self.out = out
        self.fmt = fmt
        self.rows: dict[str, int] = {name: 0 for name in TABLES}
        self._files: dict[str, io.BufferedWriter] = {}
        self._texts: dict[str, io.TextIOWrapper] = {}
        self._parquet: dict[str, pq.ParquetWriter] = {}
        out.mkdir(parents=True, exist_ok=True)
        self._book: Any = None
        self._sheets: dict[str, Any] = {}
        if fmt == "xlsx":
            import xlsxwriter

            self._book = xlsxwriter.Workbook(
                str(out / "data.xlsx"),
                {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
                 "strings_to_urls": False, "default_date_format": "dd/mm/yyyy"},
            )
            # A fixed creation date keeps the workbook byte-identical for the same arguments.
            self._book.set_properties({"created": datetime(2000, 1, 1)})
            for name in TABLES:
                sheet = self._book.add_worksheet(name)
                sheet.write_row(0, 0, list(TABLES[name].column_names))
                self._sheets[name] = sheet

    def write(self, name: str, table: pa.Table) -> None:
        if table.num_rows == 0 and self.rows[name] > 0:
            return
        first = self.rows[name] == 0 and not ({name} & (self._files.keys() | self._texts.keys() | self._parquet.keys()))
        if self.fmt == "parquet":
            if name not in self._parquet:
                self._parquet[name] = pq.ParquetWriter(self.out / f"{name}.parquet", schema(name))
            self._parquet[name].write_table(table)
        elif self.fmt == "csv":
            self._csv(name, table, first)
        elif self.fmt == "fr-csv":
            self._fr_csv(name, table, first)
        else:
            self._xlsx(name, table)
        self.rows[name] += table.num_rows

    def _csv(self, name: str, table: pa.Table, first: bool) -> None:
        if first:
            self._files[name] = open(self.out / f"{name}.csv", "wb")  # noqa: SIM115 - closed in close()
        handle = self._files[name]
        columns = _text_columns(name, table, french=False)
        text = pa.Table.from_arrays(columns, names=list(TABLES[name].column_names))
        buffer = io.BytesIO()
        pa_csv.write_csv(text, buffer, pa_csv.WriteOptions(include_header=False))
        if first:
            handle.write((",".join(TABLES[name].column_names) + "\n").encode())
        handle.write(buffer.getvalue())

    def _fr_csv(self, name: str, table: pa.Table, first: bool) -> None:
        if first:
            self._texts[name] = open(  # noqa: SIM115 - closed in close()
                self.out / f"{name}.csv", "w", encoding="cp1252", newline="")
            self._texts[name].write(";".join(TABLES[name].column_names) + "\r\n")
        if table.num_rows == 0:
            return
        lines = pc.binary_join_element_wise(*(_quoted(c) for c in _text_columns(name, table, french=True)), ";")
        self._texts[name].write("\r\n".join(lines.to_pylist()) + "\r\n")

    def _xlsx(self, name: str, table: pa.Table) -> None:
        if self.rows[name] + table.num_rows >= EXCEL_MAX_ROWS:
            raise ValueError(
                f"the {name} sheet would pass Excel's {EXCEL_MAX_ROWS:,} rows; "
                "choose a smaller --scale or fewer --years, or --format parquet or csv")
        sheet = self._sheets[name]
        # One typed writer per column avoids xlsxwriter's per-cell type dispatch.
        kinds = {"date": sheet.write_datetime, "decimal": sheet.write_number, "integer": sheet.write_number,
                 "boolean": sheet.write_boolean}
        start = self.rows[name] + 1
        columns, writers = [], []
        for column in TABLES[name].columns:
            values = table.column(column.name)
            if column.list_of_text:
                values = pc.binary_join(values, "|")
            columns.append(values.to_pylist())
            writers.append(kinds.get(column.type, sheet.write_string))
        # constant_memory: rows must be written in order, one after the other.
        for offset, row in enumerate(zip(*columns, strict=True)):
            for col, value in enumerate(row):
                if value is not None:
                    writers[col](start + offset, col, value)

    def close(self) -> dict[str, int]:
        for name in TABLES:
            if self.rows[name] == 0:
                self.write(name, schema(name).empty_table())
        for handle in self._files.values():
            handle.close()
        for text in self._texts.values():
            text.close()
        for parquet in self._parquet.values():
            parquet.close()
        if self._book is not None:
            self._book.close()
        return dict(self.rows)
