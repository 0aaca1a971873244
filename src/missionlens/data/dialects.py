"""The dialects a data file may be written in, and their detection from the file itself.

spec/microcredit-data.md, "Dialects that must be accepted": UTF-8 (with or without BOM),
comma-separated, `.` decimals and ISO dates; the French spreadsheet dialect (`;`, Windows-1252
or UTF-8, decimal comma, space or no-break-space thousands, dd/mm/yyyy); .xlsx workbooks.
Detection looks at the first megabyte of each file; a forced dialect fixes the separator,
the decimal mark and the date order but the encoding is always read from the bytes.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from missionlens.data.contract import Table

DialectName = Literal["csv", "fr-csv", "xlsx", "parquet"]
Forced = Literal["auto", "csv", "fr-csv", "xlsx", "parquet"]

SAMPLE_BYTES = 1 << 20
DELIMITERS = (",", ";", "\t", "|")

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# A well-formed multi-byte UTF-8 sequence: a file holding these is UTF-8 even when a few
# stray bytes are not, and those are then reported line by line rather than misread.
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_SLASH_DATE = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}\b")


@dataclass(frozen=True)
class Dialect:
    """How the cells of one file are written."""

    name: DialectName
    encoding: str | None = None  # Python codec name; None for xlsx and parquet
    delimiter: str | None = None
    decimal_comma: bool = False  # "12,50" is 12.5 (a "." decimal is still read when unambiguous)
    day_first: bool = True  # 03/04/2024 is 3 April
    list_separator: str = "|"  # between the topics of one session cell

    @property
    def encoding_label(self) -> str | None:
        labels = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "cp1252": "Windows-1252",
                  "utf-16": "UTF-16"}
        return labels.get(self.encoding or "", self.encoding)


XLSX = Dialect("xlsx", decimal_comma=True, day_first=True, list_separator="|")
PARQUET = Dialect("parquet", decimal_comma=False, day_first=True, list_separator="|")


def detect_encoding(sample: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        # final=False: a sample cut inside a multi-byte character is not an error.
        decoder.decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        return "utf-8" if _UTF8_MULTIBYTE.search(sample) else "cp1252"


def decode_sample(sample: bytes, encoding: str) -> str:
    text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample, final=False)
    return text.lstrip("\ufeff")


def normalise_header(name: str) -> str:
    """Header names are matched trimmed, case-insensitively, without a BOM."""
    return name.replace("\ufeff", "").strip().lower()


def _first_records(text: str, delimiter: str, limit: int) -> list[list[str]]:
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for row in reader:
            if row:
                records.append(row)
            if len(records) >= limit:
                break
    except csv.Error:
        pass
    return records


def _header_score(text: str, delimiter: str, table: Table) -> tuple[int, int]:
    records = _first_records(text, delimiter, 1)
    if not records:
        return (0, 0)
    header = records[0]
    known = set(table.column_names)
    return (sum(1 for h in header if normalise_header(h) in known), len(header))


def detect_delimiter(text: str, table: Table) -> str:
    """The separator whose header splits into the most contract column names."""
    return max(DELIMITERS, key=lambda d: _header_score(text, d, table))


def detect_day_first(text: str, delimiter: str, table: Table, default: bool) -> bool:
    """dd/mm or mm/dd, from the first dates of the file whose order is unambiguous."""
    records = _first_records(text, delimiter, 2000)
    if len(records) < 2:
        return default
    header = [normalise_header(h) for h in records[0]]
    date_positions = [
        i for i, h in enumerate(header)
        if h in table.column_names and table.column(h).type == "date"
    ]
    for row in records[1:]:
        for i in date_positions:
            if i >= len(row):
                continue
            m = _SLASH_DATE.match(row[i])
            if not m:
                continue
            first, second = int(m.group(1)), int(m.group(2))
            if first > 12 >= second:
                return True
            if second > 12 >= first:
                return False
    return default


def detect_csv(sample: bytes, table: Table, forced: Forced = "auto") -> Dialect:
    """The dialect of one delimited text file, from its first bytes."""
    encoding = detect_encoding(sample)
    text = decode_sample(sample, encoding)
    if forced == "csv":
        delimiter = ","
    elif forced == "fr-csv":
        delimiter = ";"
    else:
        delimiter = detect_delimiter(text, table)
    french = delimiter != ","
    if forced == "fr-csv":
        day_first = True
    else:
        day_first = detect_day_first(text, delimiter, table, default=True)
    return Dialect(
        name="fr-csv" if french else "csv",
        encoding=encoding,
        delimiter=delimiter,
        decimal_comma=french,
        day_first=day_first,
        # spec, sessions.topics: ";" inside the cell in comma files, "|" otherwise.
        list_separator=";" if delimiter == "," else "|",
    )


def header_of(sample: bytes, dialect: Dialect) -> Sequence[str]:
    """The header cells of a delimited file: its first non-empty record."""
    text = decode_sample(sample, dialect.encoding or "utf-8")
    records = _first_records(text, dialect.delimiter or ",", 1)
    return records[0] if records else ()
