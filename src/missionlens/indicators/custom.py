"""An organisation's own indicators, declared as data and compiled into the same IndicatorDef.

A declaration names a table, the date column that places a row in a period, a measure and
optional predicates:

- measure `count` (rows), `sum:<column>`, `mean:<column>` or `share` (rows matching `where`
  among the rows matching `of`);
- `where`: an SQL predicate over the table's columns, e.g. `kind = 'crisis' AND minutes > 30`;
- `of`: the denominator's predicate for a share (all dated rows when absent);
- `distinct`: a column whose distinct values are counted instead of rows (e.g. borrower_id).

On a table with a borrower_id, the borrower's situation at entry is available as
`borrowers.<column>` (e.g. `borrowers.education = 'none'`).

Predicates are parsed with sqlglot and translated node by node into Ibis, never passed to a
database as text. Only column references, literals, comparisons, AND/OR/NOT, IN (literals),
IS [NOT] NULL, arithmetic and parentheses are allowed; anything else (a function, a subquery,
another table) is refused with a message that says what was found and what is allowed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import ibis
import ibis.expr.types as ir
import sqlglot
from sqlglot import exp

from missionlens.data.contract import TABLES
from missionlens.indicators.periods import Periods
from missionlens.indicators.registry import MIN_N, IndicatorDef, Registry, Unit, per_period, rows
from missionlens.indicators.tables import Dimension, Tables

ALLOWED = "column names, literals, comparisons, AND, OR, NOT, IN (...), IS [NOT] NULL, + - * / and parentheses"


class CustomIndicatorError(ValueError):
    """A declaration that cannot be compiled; the message names the indicator and the fix."""


@dataclass(frozen=True)
class CustomIndicator:
    key: str
    table: str
    date_column: str
    measure: str = "count"
    where: str | None = None
    of: str | None = None
    distinct: str | None = None
    unit: Unit | None = None
    definition: str = ""


_COMPARISONS: dict[type[exp.Expression], Callable[[Any, Any], Any]] = {
    exp.EQ: lambda a, b: a == b,
    exp.NEQ: lambda a, b: a != b,
    exp.GT: lambda a, b: a > b,
    exp.GTE: lambda a, b: a >= b,
    exp.LT: lambda a, b: a < b,
    exp.LTE: lambda a, b: a <= b,
    exp.Add: lambda a, b: a + b,
    exp.Sub: lambda a, b: a - b,
    exp.Mul: lambda a, b: a * b,
    exp.Div: lambda a, b: a / b,
    exp.And: lambda a, b: a & b,
    exp.Or: lambda a, b: a | b,
}


class Predicate:
    """A parsed, checked predicate; `.on(table)` gives the Ibis boolean expression."""

    def __init__(self, text: str, table: str, columns: dict[str, str], key: str) -> None:
        self.text, self.table, self.columns, self.key = text, table, columns, key
        try:
            self.tree = cast(exp.Expression, sqlglot.parse_one(text, dialect="duckdb"))
        except sqlglot.errors.ParseError as error:
            raise self._error(f"cannot be read as a predicate ({error.errors[0]['description']})") from None
        self._check(self.tree)

    def _error(self, problem: str) -> CustomIndicatorError:
        return CustomIndicatorError(f"indicator {self.key!r}, predicate {self.text!r}: {problem}. Allowed: {ALLOWED}.")

    def _check(self, node: exp.Expression) -> None:
        if isinstance(node, exp.Column):
            self._column_name(node)
            return
        allowed: tuple[type[exp.Expression], ...] = (
            exp.Literal, exp.Boolean, exp.Null, exp.Paren, exp.Not, exp.Neg, exp.In, exp.Is, exp.Tuple, *_COMPARISONS,
        )
        if not isinstance(node, allowed) or (isinstance(node, exp.Is) and not isinstance(node.expression, exp.Null)):
            raise self._error(f"{node.sql(dialect='duckdb')!r} is not allowed")
        for child in node.iter_expressions():
            self._check(child)

    def _column_name(self, node: exp.Column) -> str:
        qualifier = node.table
        name = node.name
        if qualifier in ("", self.table):
            full = name
        elif qualifier == "borrowers" and "borrower_id" in self.columns:
            full = f"borrowers.{name}"
        else:
            raise self._error(f"{node.sql()!r} is not a column of {self.table}")
        if full not in self.columns:
            raise self._error(f"{self.table} has no column {full!r}")
        return full

    def on(self, table: ir.Table) -> ir.BooleanValue:
        value: ir.BooleanValue = self._translate(self.tree, table)
        return value

    def _translate(self, node: exp.Expression, table: ir.Table) -> Any:
        if isinstance(node, exp.Column):
            return table[_flat(self._column_name(node))]
        if isinstance(node, exp.Paren):
            return self._translate(node.this, table)
        if isinstance(node, exp.Literal):
            return node.this if node.is_string else _number(node.this)
        if isinstance(node, exp.Boolean):
            return node.this
        if isinstance(node, exp.Null):
            return ibis.null()
        if isinstance(node, exp.Not):
            return ~self._translate(node.this, table)
        if isinstance(node, exp.Neg):
            return -self._translate(node.this, table)
        if isinstance(node, exp.Is):
            return self._translate(node.this, table).isnull()
        if isinstance(node, exp.In):
            options = [self._translate(e, table) for e in node.expressions]
            return self._translate(node.this, table).isin(options)
        left, right = self._translate(node.this, table), self._translate(node.expression, table)
        left, right = _dates(left, right), _dates(right, left)
        return _COMPARISONS[type(node)](left, right)


def _number(text: str) -> int | float:
    return float(text) if any(c in text for c in ".eE") else int(text)


def _dates(value: Any, other: Any) -> Any:
    """A string literal compared with a date column is read as an ISO date."""
    if isinstance(value, str) and isinstance(other, ir.Value) and other.type().is_date():
        return ibis.date(dt.date.fromisoformat(value))
    return value


def _flat(name: str) -> str:
    return name.replace("borrowers.", "borrowers__")


def _columns(table: str) -> dict[str, str]:
    names: dict[str, str] = {c.name: c.type for c in TABLES[table].columns}
    if "borrower_id" in names and table != "borrowers":
        names |= {f"borrowers.{c.name}": c.type for c in TABLES["borrowers"].columns}
    return names


def compile_custom(spec: CustomIndicator) -> IndicatorDef:
    """Check a declaration and compile it into an IndicatorDef (raises CustomIndicatorError)."""
    if spec.table not in TABLES:
        raise CustomIndicatorError(f"indicator {spec.key!r}: unknown table {spec.table!r}; use one of {', '.join(TABLES)}")
    columns = _columns(spec.table)
    if columns.get(spec.date_column) != "date":
        raise CustomIndicatorError(f"indicator {spec.key!r}: {spec.table}.{spec.date_column} is not a date column")
    kind, _, measured = spec.measure.partition(":")
    if kind not in ("count", "sum", "mean", "share") or (kind in ("sum", "mean")) != bool(measured):
        raise CustomIndicatorError(
            f"indicator {spec.key!r}: measure {spec.measure!r}; use count, sum:<column>, mean:<column> or share")
    if measured and columns.get(measured) not in ("integer", "decimal"):
        raise CustomIndicatorError(f"indicator {spec.key!r}: {spec.table}.{measured} is not a number column")
    if spec.distinct and spec.distinct not in columns:
        raise CustomIndicatorError(f"indicator {spec.key!r}: {spec.table} has no column {spec.distinct!r}")
    where = Predicate(spec.where, spec.table, columns, spec.key) if spec.where else None
    of = Predicate(spec.of, spec.table, columns, spec.key) if spec.of else None
    joins_borrowers = any(p is not None and "borrowers." in p.text for p in (where, of))

    def compute(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
        unit = tables[spec.table]
        if joins_borrowers:
            people = tables["borrowers"]
            people = people.select(**{f"borrowers__{c}": people[c] for c in people.columns})
            unit = unit.left_join(people, unit.borrower_id == people.borrowers__borrower_id)
        unit = unit.filter(unit[spec.date_column].notnull())
        if of is not None:
            unit = unit.filter(of.on(unit).fill_null(False))
        hit = where.on(unit).fill_null(False) if where is not None else ibis.literal(True)
        grouped = tables.grouped(unit.mutate(_hit=hit), by, branch=_maybe(unit, "branch_id", spec.table),
                                 product=_maybe(unit, "product", spec.table))
        if kind == "share":
            return _share(grouped, periods)
        grouped = grouped.filter(grouped._hit)
        if kind == "count":
            t = per_period(grouped, spec.date_column, periods, **_count(spec.distinct))
            return rows(t, num=t.units, n=t.units)
        value = grouped[measured]
        t = per_period(grouped.mutate(_v=value), spec.date_column, periods,
                       total=lambda t: t._v.sum(), units=lambda t: t._v.count())
        return rows(t, num=t.total, den=t.units if kind == "mean" else None, n=t.units)

    def _share(grouped: ir.Table, periods: Periods) -> ir.Table:
        dated = grouped.mutate(period=periods.truncate(grouped[spec.date_column]))
        if spec.distinct:
            dated = dated.select("grp", "period", _d=dated[spec.distinct], _hit=dated._hit)
            t = dated.group_by(["grp", "period"]).aggregate(
                hit=dated._d.nunique(where=dated._hit), units=dated._d.nunique())
        else:
            t = dated.group_by(["grp", "period"]).aggregate(hit=dated._hit.sum(), units=dated.count())
        return rows(t, num=t.hit, den=t.units, n=t.units)

    def _count(distinct: str | None) -> dict[str, Callable[[ir.Table], ir.Value]]:
        if distinct:
            return {"units": lambda t: t[distinct].nunique()}
        return {"units": lambda t: t.count()}

    requires = (spec.table, "borrowers") if joins_borrowers else (spec.table,)
    interval = kind == "share"
    return IndicatorDef(
        spec.key,
        spec.unit or ("share" if kind == "share" else "count" if kind == "count" else "amount"),
        "total" if kind in ("count", "sum") else "ratio",
        requires,
        compute,
        frozenset(("branch", "gender", "zone", "minimum_benefits")) if "borrower_id" in columns
        else frozenset(),
        interval=interval,
        min_n=MIN_N if kind in ("share", "mean") else None,
        definition=spec.definition or f"{spec.measure} of {spec.table} by {spec.date_column}",
    )


def _maybe(unit: ir.Table, column: str, table: str) -> str | None:
    return column if table == "loans" and column in unit.columns else None


def register_custom(spec: CustomIndicator, registry: Registry) -> IndicatorDef:
    """Compile a declaration and register it, through the registry's ordinary `register`."""
    return registry.register(compile_custom(spec))
