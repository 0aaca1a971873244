"""Problems found in a data set: what is wrong, where, and what to do about it.

A problem names the file, the line as a spreadsheet user counts it (header = line 1),
the column, says what is wrong in the user's words and how to fix it
(spec/microcredit-data.md, "Import rules"). Raw borrower identifiers are never quoted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Literal, cast

Severity = Literal["error", "warning"]

# A data set can hold millions of faulty cells of one kind; listing them all helps nobody and
# costs memory, so at most this many are kept per (file, column, code) and the rest are counted.
MAX_PER_KIND = 1000


@dataclass(frozen=True)
class Problem:
    """One problem, located as precisely as the data allows."""

    file: str
    line: int | None
    column: str | None
    message: str
    fix: str
    severity: Severity = "error"
    code: str = "invalid"
    sheet: str | None = None

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.line is not None:
            parts.append(f"line {self.line}")
        where = " ".join(parts)
        if self.column is not None:
            where += f", column {self.column}"
        return where

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        if self.fix:
            text += f". Fix: {self.fix}"
        return text

    def to_json(self) -> dict[str, object]:
        """A JSON-ready mapping (for `--json` output and the store's manifest)."""
        return {
            "file": self.file,
            "sheet": self.sheet,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
            "fix": self.fix,
            "text": str(self),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Problem:
        line = data.get("line")
        column = data.get("column")
        sheet = data.get("sheet")
        severity = data.get("severity", "error")
        if severity not in ("error", "warning"):
            raise ValueError(f"unknown severity {severity!r}")
        return cls(
            file=str(data["file"]),
            line=int(cast(int, line)) if line is not None else None,
            column=str(column) if column is not None else None,
            message=str(data["message"]),
            fix=str(data.get("fix", "")),
            severity=cast(Severity, severity),
            code=str(data.get("code", "invalid")),
            sheet=str(sheet) if sheet is not None else None,
        )


def _kind(problem: Problem) -> tuple[str, str | None, str | None, str]:
    return (problem.file, problem.sheet, problem.column, problem.code)


class ProblemLog:
    """Collects problems, keeping at most MAX_PER_KIND of each kind and counting the rest."""

    def __init__(self, limit: int = MAX_PER_KIND) -> None:
        self._limit = limit
        self._kept: list[Problem] = []
        self._counts: dict[tuple[str, str | None, str | None, str], int] = {}
        self._overflow: dict[tuple[str, str | None, str | None, str], Problem] = {}

    def room(self, file: str, sheet: str | None, column: str | None, code: str) -> int:
        """How many more problems of this kind would still be kept one by one."""
        return max(0, self._limit - self._counts.get((file, sheet, column, code), 0))

    def add(self, problem: Problem) -> None:
        kind = _kind(problem)
        seen = self._counts.get(kind, 0)
        self._counts[kind] = seen + 1
        if seen < self._limit:
            self._kept.append(problem)
        elif kind not in self._overflow:
            self._overflow[kind] = problem

    def add_many(self, problems: Iterable[Problem], total: int) -> None:
        """Add the problems listed, which are the first of `total` problems of one kind."""
        listed = list(problems)
        for p in listed:
            self.add(p)
        rest = total - len(listed)
        if rest > 0 and listed:
            kind = _kind(listed[0])
            self._counts[kind] = self._counts.get(kind, 0) + rest
            self._overflow.setdefault(kind, listed[0])

    def extend(self, other: ProblemLog) -> None:
        for p in other._kept:
            self.add(p)
        for kind, n in other._counts.items():
            kept = sum(1 for p in other._kept if _kind(p) == kind)
            rest = n - kept
            if rest > 0:
                self._counts[kind] = self._counts.get(kind, 0) + rest
                self._overflow.setdefault(kind, other._overflow[kind])

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for p in self._kept)

    def problems(self) -> tuple[Problem, ...]:
        """Every kept problem, in file and line order, then one summary per overflowing kind."""
        out = sorted(self._kept, key=lambda p: (p.file, p.sheet or "", p.line or 0, p.column or ""))
        for kind, example in self._overflow.items():
            more = self._counts[kind] - self._limit
            if more <= 0:
                continue
            where = f" in column {example.column}" if example.column else ""
            out.append(
                replace(
                    example,
                    line=None,
                    message=f"… and {more:,} more lines like this{where}",
                )
            )
        return tuple(out)
