"""Terminal presentation for the CLI: progress bars, problem lists, summary tables, JSON reports.

Kept apart from cli.py so that the commands stay a few lines each (parse, call, print).
Problem texts come from validation, which never quotes a raw borrower identifier.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from missionlens.data.contract import TABLES
from missionlens.data.store import Version
from missionlens.data.validation import Validation

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


def _bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


@contextlib.contextmanager
def count_progress() -> Iterator[Callable[[str, int, int | None], None]]:
    """A progress callback for validation and import: (stage, done, total or None)."""
    with _bar() as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, done: int, total: int | None) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(stage, total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield update


@contextlib.contextmanager
def fraction_progress() -> Iterator[Callable[[str, float], None]]:
    """A progress callback for the simulator: (stage, fraction done in 0..1)."""
    with _bar() as bar:
        task = bar.add_task("simulating", total=100)

        def update(stage: str, fraction: float) -> None:
            bar.update(task, description=stage, completed=round(100 * max(0.0, min(1.0, fraction))))

        yield update


# Errors are all printed (the spec asks for every problem at once); warnings do not block an
# import, so the terminal shows the first few and --json has them all.
WARNINGS_SHOWN = 20


def print_problems(validation: Validation) -> None:
    """Every error and the first warnings on stderr, one a line, then the counts."""
    errors = [p for p in validation.problems if p.severity == "error"]
    warnings = [p for p in validation.problems if p.severity != "error"]
    for problem in [*errors, *warnings[:WARNINGS_SHOWN]]:
        err.print(str(problem), markup=False, soft_wrap=True)
    if len(warnings) > WARNINGS_SHOWN:
        err.print(f"... and {len(warnings) - WARNINGS_SHOWN} more warning(s): --json lists them all.",
                  markup=False)
    if errors or warnings:
        err.print(f"{len(errors)} error(s), {len(warnings)} warning(s).", markup=False)


def report(validation: Validation, version: Version | None = None) -> dict[str, Any]:
    """The machine-readable result of `check` and `import` (--json)."""
    return {
        "ok": validation.ok,
        "version": None if version is None else version.name,
        "errors": [p.to_json() for p in validation.problems if p.severity == "error"],
        "warnings": [p.to_json() for p in validation.problems if p.severity == "warning"],
        "rows": dict(validation.rows),
        "sources": [
            {"file": s.file, "table": s.table, "sha256": s.sha256, "dialect": s.dialect,
             "encoding": s.encoding, "delimiter": s.delimiter, "sheet": s.sheet}
            for s in validation.sources
        ],
        "extra_columns": {t: list(c) for t, c in validation.extra_columns.items()},
        "missing_tables": list(validation.missing_tables),
    }


def write_json(path: Path, data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    if str(path) == "-":
        out.print(text, markup=False, end="", soft_wrap=True)
    else:
        path.write_text(text, encoding="utf-8")


def _in_contract_order(rows: dict[str, int]) -> list[tuple[str, int]]:
    order = {name: i for i, name in enumerate(TABLES)}
    return sorted(rows.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def print_rows(title: str, rows: dict[str, int]) -> None:
    table = Table(title=title)
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, count in _in_contract_order(rows):
        table.add_row(name, f"{count:,}")
    table.add_row("total", f"{sum(rows.values()):,}", style="bold")
    out.print(table)


def _when(created: object) -> str:
    return str(created)[:16].replace("T", " ")


def print_import_summary(version: Version) -> None:
    m = version.manifest
    print_rows(f"Imported as version {version.name} (now current)", version.rows)
    out.print(f"dialect: {', '.join(m.get('dialects', [])) or '-'}", markup=False)
    out.print(f"warnings: {m.get('warnings', 0)}", markup=False)
    out.print(f"months: {m.get('first_month') or '-'} to {m.get('last_month') or '-'}, "
              f"data end {m.get('data_end') or '-'}", markup=False)
    extra = {t: c for t, c in m.get("extra_columns", {}).items() if c}
    for name, columns in extra.items():
        out.print(f"Extra columns kept in {name}: {', '.join(columns)}", markup=False)
    if m.get("missing_tables"):
        out.print(f"Tables not given: {', '.join(m['missing_tables'])}", markup=False)


def version_summary(version: Version) -> dict[str, Any]:
    m = version.manifest
    return {
        "name": version.name,
        "current": version.current,
        "created": m.get("created"),
        "rows": version.rows,
        "dialects": m.get("dialects", []),
        "warnings": m.get("warnings", 0),
        "first_month": m.get("first_month"),
        "last_month": m.get("last_month"),
        "data_end": m.get("data_end"),
        "sources": [s.get("file") for s in m.get("sources", [])],
    }


def print_versions(versions: list[Version]) -> None:
    table = Table(title="Versions")
    for column in ("", "version", "created", "rows", "months", "dialect", "warnings"):
        table.add_column(column, no_wrap=True)
    for v in versions:
        s = version_summary(v)
        table.add_row(
            "*" if v.current else "",
            v.name,
            _when(s["created"]),
            f"{sum(v.rows.values()):,}",
            f"{s['first_month'] or '-'}..{s['last_month'] or '-'}",
            ", ".join(s["dialects"]),
            str(s["warnings"]),
        )
    out.print(table)
    if not versions:
        out.print("No version yet: import a data set first.")
