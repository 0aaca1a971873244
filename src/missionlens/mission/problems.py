"""User errors and warnings of a mission file, located by file, line and field.

tomllib reports a line and column only for syntax errors; for a value that parses but means
nothing (an unknown dimension, a bad pressure), the line is found again in the file's text by
its table header and key, so that every message says where to look and what to do.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_ARRAY_HEADER = re.compile(r"^\s*\[\[\s*([^\]]+?)\s*\]\]")
_TABLE_HEADER = re.compile(r"^\s*\[\s*([^\]\[]+?)\s*\]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or worth a warning) in a mission file."""

    file: str
    line: int | None
    where: str
    field: str | None
    message: str
    fix: str = ""
    column: int | None = None

    def __str__(self) -> str:
        place = self.file
        if self.line is not None:
            place += f" line {self.line}"
        if self.column is not None:
            place += f", column {self.column}"
        if self.where:
            place += f", {self.where}"
        if self.field:
            place += f", field {self.field}"
        return f"{place}: {self.message}" + (f" {self.fix}" if self.fix else "")


class MissionError(ValueError):
    """A mission file that cannot be used; every problem found is listed at once."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _normalise(header: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in header.split("."))


class Locator:
    """Finds the line of a table header or of a key inside it, in a TOML file's text."""

    def __init__(self, text: str) -> None:
        self._lines = text.splitlines()
        self._headers: list[tuple[int, str, bool]] = []
        for number, line in enumerate(self._lines, start=1):
            if m := _ARRAY_HEADER.match(line):
                self._headers.append((number, _normalise(m.group(1)), True))
            elif m := _TABLE_HEADER.match(line):
                self._headers.append((number, _normalise(m.group(1)), False))

    def _block(self, table: str, index: int | None) -> tuple[int, int] | None:
        """(first line, last line) of a table; table "" is the top of the file."""
        starts = [n for n, _, _ in self._headers]
        if not table:
            return (1, (starts[0] - 1) if starts else len(self._lines))
        seen = -1
        for i, (number, name, is_array) in enumerate(self._headers):
            if name != table or is_array != (index is not None):
                continue
            seen += 1
            if index is None or seen == index:
                end = starts[i + 1] - 1 if i + 1 < len(starts) else len(self._lines)
                return (number, end)
        return None

    def line(self, table: str, index: int | None = None, field: str | None = None) -> int | None:
        block = self._block(table, index)
        if block is None:
            return None
        first, last = block
        if field:
            key = re.compile(rf"^\s*[\"']?{re.escape(field.split('.')[0])}[\"']?\s*[.=]")
            for number in range(first, last + 1):
                if key.match(self._lines[number - 1]):
                    return number
            # The field may be written as its own table: [[dimensions]], [card.par30.fr].
            name = f"{table}.{field}" if table else field
            for number, header, _ in self._headers:
                if header == name or header.startswith(name + "."):
                    return number
        return first if table else None


def where_label(table: str, index: int | None) -> str:
    if not table:
        return ""
    return f"[[{table}]] #{index + 1}" if index is not None else f"[{table}]"


def suggestion(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1)
    return f' Did you mean "{close[0]}"?' if close else ""


@dataclass
class Collector:
    """Gathers the problems and warnings of one file, so that all are reported together."""

    file: str
    locator: Locator
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def place(self, table: str = "", index: int | None = None) -> Place:
        return Place(self, table, index)

    def raise_if_any(self) -> None:
        if self.problems:
            raise MissionError(sorted(self.problems, key=lambda p: p.line or 0))


@dataclass(frozen=True)
class Place:
    """Where in a mission file a value comes from: a table, and its index in an array of tables."""

    collector: Collector
    table: str
    index: int | None = None

    def _problem(self, field: str | None, message: str, fix: str) -> Problem:
        return Problem(
            file=self.collector.file,
            line=self.collector.locator.line(self.table, self.index, field),
            where=where_label(self.table, self.index),
            field=field,
            message=message,
            fix=fix,
        )

    def error(self, field: str | None, message: str, fix: str = "") -> None:
        self.collector.problems.append(self._problem(field, message, fix))

    def warn(self, field: str | None, message: str, fix: str = "") -> None:
        self.collector.warnings.append(self._problem(field, message, fix))

    def child(self, table: str) -> Place:
        """A sub-table written as its own header, such as [card.par30.fr]."""
        return Place(self.collector, f"{self.table}.{table}" if self.table else table, None)

    def check_fields(self, raw: dict[str, object], allowed: Iterable[str]) -> None:
        known = list(allowed)
        for name in raw:
            if name not in known:
                self.error(
                    name,
                    f'"{name}" is not a field here.',
                    f"Known fields: {', '.join(known)}.{suggestion(name, known)}",
                )
