"""An organisation's own indicators, declared in its mission file under [[indicator]].

They go through the same registry as the built-in ones. The definition is declarative, over
one table of the import contract (spec/microcredit-data.md):

    table = "loans"               # a contract table
    date = "disbursement_date"    # the date column that places a row in a period
    measure = "share"             # count | sum | mean | share
    column = "amount"             # for sum and mean: the numeric column
    where = "product = 'business'"          # a SQL-like predicate: the rows counted
    of = "decision = 'approved'"            # for share: the denominator's rows

This module parses and checks it; the indicator engine compiles it. An indicator without a
definition is accepted as "proposed, not computable yet", with a warning.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal, get_args

from missionlens.data.contract import TABLES
from missionlens.mission.catalogue import UNITS, Unit
from missionlens.mission.dimensions import check_key
from missionlens.mission.problems import Place, suggestion
from missionlens.mission.texts import Bilingual, parse_text

Measure = Literal["count", "sum", "mean", "share"]
MEASURES: tuple[str, ...] = get_args(Measure)
DEFINITION_FIELDS = ("table", "date", "measure", "column", "where", "of")
_FIELDS = ("key", "title", "dimensions", "unit", *DEFINITION_FIELDS)
_UNIT_OF: dict[str, Unit] = {"count": "count", "share": "share"}
_KEYWORDS = {"and", "or", "not", "in", "is", "null", "true", "false", "between", "like", "date"}
_STRING = re.compile(r"'(?:[^']|'')*'|\"[^\"]*\"")
_NAME = re.compile(r"\b([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?)\b(\s*\()?")
# Joins the engine may make from a table to the borrower's situation or the loan.
_LINKS = {"borrower_id": "borrowers", "loan_id": "loans"}


@dataclass(frozen=True)
class CustomIndicator:
    key: str
    title: Bilingual[str]
    dimensions: tuple[str, ...]
    unit: Unit | None
    table: str | None = None
    date_column: str | None = None
    measure: Measure | None = None
    column: str | None = None
    where: str | None = None
    of: str | None = None

    @property
    def computable(self) -> bool:
        return self.table is not None and self.date_column is not None and self.measure is not None


def predicate_problems(predicate: str, table: str) -> list[str]:
    """Names in a predicate that are not columns of the table or of a table it links to."""
    columns = set(TABLES[table].column_names)
    linked = {_LINKS[c] for c in columns if c in _LINKS and _LINKS[c] != table}
    unknown: list[str] = []
    for name, call in _NAME.findall(_STRING.sub("''", predicate)):
        if call or name.lower() in _KEYWORDS:
            continue
        if "." in name:
            owner, col = name.split(".", 1)
            if (owner == table and col in columns) or (owner in linked and col in TABLES[owner].column_names):
                continue
        elif name in columns:
            continue
        unknown.append(name)
    return unknown


def _check_definition(raw: dict[str, Any], place: Place) -> bool:
    table = raw.get("table")
    if table not in TABLES:
        place.error("table", f"{table!r} is not a table of the import contract.",
                    f"Use one of: {', '.join(TABLES)}." + (suggestion(table, TABLES) if isinstance(table, str) else ""))
        return False
    ok = True
    spec = TABLES[table]
    dates = [c.name for c in spec.columns if c.type == "date"]
    if raw.get("date") not in dates:
        place.error("date", f"{raw.get('date')!r} is not a date column of {table}.", f"Use one of: {', '.join(dates)}.")
        ok = False
    measure = raw.get("measure")
    if measure not in MEASURES:
        place.error("measure", f"{measure!r} is not a measure.", f"Use one of: {', '.join(MEASURES)}.")
        return False
    numbers = [c.name for c in spec.columns if c.type in ("decimal", "integer")]
    if measure in ("sum", "mean") and raw.get("column") not in numbers:
        place.error("column", f"{measure} needs a numeric column of {table}, got {raw.get('column')!r}.",
                    f"Use one of: {', '.join(numbers)}.")
        ok = False
    if measure not in ("sum", "mean") and "column" in raw:
        place.error("column", f"a {measure} takes no column.", "Remove column, or use measure sum or mean.")
        ok = False
    if measure == "share" and "where" not in raw:
        place.error("where", "a share needs the predicate of the rows it counts.", "Add e.g. where = \"product = 'business'\".")
        ok = False
    if measure != "share" and "of" in raw:
        place.error("of", "only a share has a denominator filter.", "Remove of, or use measure = \"share\".")
        ok = False
    for name in ("where", "of"):
        predicate = raw.get(name)
        if predicate is None:
            continue
        if not isinstance(predicate, str) or not predicate.strip():
            place.error(name, f"{predicate!r} is not a predicate.", "Write it as text, e.g. \"product = 'business'\".")
            ok = False
            continue
        for unknown in predicate_problems(predicate, table):
            place.error(name, f'"{unknown}" is not a column of {table} (or of a table it links to).',
                        f"Columns of {table}: {', '.join(spec.column_names)}.{suggestion(unknown, spec.column_names)}")
            ok = False
    return ok


def parse_own_indicator(
    raw: dict[str, Any], place: Place, *, taken: Collection[str], dimensions: Collection[str]
) -> CustomIndicator | None:
    place.check_fields(raw, _FIELDS)
    key = check_key(raw.get("key"), place)
    if key is not None and key in taken:
        place.error("key", f'"{key}" is already an indicator.', "Choose another key, or override its card with [card.<key>].")
        key = None
    title = parse_text(raw["title"], place, "title") if "title" in raw else None
    if "title" not in raw:
        place.error("title", "an indicator needs a title.", "Name it in your own words.")
    dims = raw.get("dimensions")
    ok = key is not None and title is not None
    if not isinstance(dims, list) or not dims:
        place.error("dimensions", "an indicator needs the mission dimensions it informs.", 'Write e.g. dimensions = ["access"].')
        ok = False
    else:
        for d in dims:
            if d not in dimensions:
                place.error("dimensions", f"{d!r} is not a dimension of this mission.",
                            f"Use one of: {', '.join(dimensions)}." + (suggestion(d, dimensions) if isinstance(d, str) else ""))
                ok = False
    unit = raw.get("unit")
    if unit is not None and unit not in UNITS:
        place.error("unit", f"{unit!r} is not a unit.", f"Use one of: {', '.join(UNITS)}.")
        ok = False
    given = [f for f in DEFINITION_FIELDS if f in raw]
    if given:
        ok = _check_definition(raw, place) and ok
        unit = unit or _UNIT_OF.get(str(raw.get("measure")))
        if unit is None:
            place.error("unit", f"a {raw.get('measure')} needs its unit.", f"Add unit = one of {', '.join(UNITS)}.")
            ok = False
    elif ok:
        place.warn(None, f'"{key}" has no definition: it is proposed, not computable yet.',
                   "Add table, date, measure (and where/of/column) to compute it; see docs/mission.md.")
    if not ok or key is None or title is None:
        return None
    return CustomIndicator(
        key=key,
        title=Bilingual.from_parts(title),
        dimensions=tuple(dims),  # type: ignore[arg-type]
        unit=unit,
        table=raw.get("table"),
        date_column=raw.get("date"),
        measure=raw.get("measure"),
        column=raw.get("column"),
        where=raw.get("where"),
        of=raw.get("of"),
    )
