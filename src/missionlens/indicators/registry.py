"""Indicator definitions and the registry they are looked up in.

An indicator is a small function over the contract's tables (`compute(tables, periods, by)`)
returning an Ibis expression with one row per (group, period) that has data, and the columns:

- `grp` (string): the group of the disaggregation ("*" without one);
- `period` (date): the first day of the period;
- `num` (float64): the numerator, or the value of a total;
- `den` (float64): the denominator of a ratio (null for totals);
- `n` (int64): the number of units behind the value (the denominator for shares and means).

`kind` says how the engine reads a row: "total" (a count, a sum or a stock: value = num; a
period without a row is 0, which is data) or "ratio" (value = num / den; null when den is 0 or
the period has no row). Every function works on the period grain itself (see periods.py), so a
quarter is never an average of months.

Built-in indicators are registered in REGISTRY by the domain modules through `register`, the same
call an organisation's own (custom.py) indicators use.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

import ibis
import ibis.expr.types as ir

from missionlens.indicators.periods import Periods
from missionlens.indicators.tables import DIMENSIONS, Dimension, Tables

Unit = Literal["count", "amount", "share", "minutes", "ratio", "score"]
Kind = Literal["total", "ratio"]
Compute = Callable[[Tables, Periods, Dimension | None], ir.Table]

# Below this n a value is "too few to say": the Wilson 95 % interval of a share observed on 20
# units spans about +/-0.2 around 0.5 (0.30..0.70), too wide to compare periods; a mean of fewer
# than 20 values moves by a large part of a standard deviation with one unit.
MIN_N = 20

LOAN_DIMENSIONS: frozenset[Dimension] = frozenset(
    ("branch", "gender", "zone", "minimum_benefits", "product")
)
BORROWER_DIMENSIONS: frozenset[Dimension] = frozenset(("branch", "gender", "zone", "minimum_benefits"))


@dataclass(frozen=True)
class IndicatorDef:
    """One indicator: its key, unit, how its rows are read and the tables it needs.

    `requires`: every table needed (absent -> "no data"); `requires_any`: at least one of these.
    `interval`: the value is a share of countable units, carrying a Wilson interval.
    `min_n`: below this n the value is flagged "too few to say" (None for counts and stocks).
    """

    key: str
    unit: Unit
    kind: Kind
    requires: tuple[str, ...]
    compute: Compute
    dimensions: frozenset[Dimension] = frozenset()
    requires_any: tuple[str, ...] = ()
    interval: bool = False
    min_n: int | None = None
    definition: str = ""

    def __post_init__(self) -> None:
        unknown = set(self.dimensions) - set(DIMENSIONS)
        if unknown:
            raise ValueError(f"{self.key}: unknown dimensions {sorted(unknown)}")

    def available(self, tables: Tables) -> bool:
        """Whether the tables this indicator needs were given."""
        if not all(tables.has(t) for t in self.requires):
            return False
        return not self.requires_any or any(tables.has(t) for t in self.requires_any)


class Registry:
    """Indicator definitions by key, in registration order."""

    def __init__(self) -> None:
        self._defs: dict[str, IndicatorDef] = {}

    def register(self, definition: IndicatorDef, *, replace: bool = False) -> IndicatorDef:
        if definition.key in self._defs and not replace:
            raise ValueError(f"indicator {definition.key!r} is already registered")
        self._defs[definition.key] = definition
        return definition

    def __getitem__(self, key: str) -> IndicatorDef:
        try:
            return self._defs[key]
        except KeyError:
            raise KeyError(f"unknown indicator {key!r}") from None

    def __contains__(self, key: object) -> bool:
        return key in self._defs

    def __iter__(self) -> Iterator[IndicatorDef]:
        return iter(self._defs.values())

    def __len__(self) -> int:
        return len(self._defs)

    def keys(self) -> tuple[str, ...]:
        return tuple(self._defs)

    def copy(self) -> Registry:
        other = Registry()
        other._defs = dict(self._defs)
        return other


REGISTRY = Registry()


def register(definition: IndicatorDef) -> IndicatorDef:
    """Register a definition in the global REGISTRY."""
    return REGISTRY.register(definition)


def rows(
    table: ir.Table,
    *,
    num: ir.NumericValue,
    den: ir.NumericValue | None = None,
    n: ir.IntegerValue,
) -> ir.Table:
    """Shape an aggregated table (with grp and period) into the row contract of the module docstring."""
    return table.select(
        grp=table.grp.cast("string"),
        period=table.period.cast("date"),
        num=num.cast("float64"),
        den=(den if den is not None else ibis.null()).cast("float64"),
        n=n.cast("int64"),
    )


def per_period(
    unit: ir.Table,
    date: str,
    periods: Periods,
    **aggregates: Callable[[ir.Table], ir.Value],
) -> ir.Table:
    """Group a unit table (with grp) by the period of its `date` column and aggregate."""
    dated = unit.filter(unit[date].notnull())
    # Grouped by the period's integer key, turned into its date once per group (Periods.key).
    dated = dated.mutate(_pk=periods.key(dated[date]))
    t = dated.group_by(["grp", "_pk"]).aggregate(**aggregates)
    return t.mutate(period=periods.from_key(t._pk)).drop("_pk")
