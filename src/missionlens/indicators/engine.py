"""The engine: runs indicator definitions over the tables and assembles their series.

All the asked indicators are built as Ibis expressions, put into one long table (key, grp, period,
num, den, n) and executed as a single query, so that DuckDB plans them together and reads each
Parquet file's columns in one go rather than once per indicator. The rows are then read into
Points (see registry.py for how a row becomes a value):

- every period from the data's first to its last month is present;
- a period without a row is 0 for a total (zero events inside the data's range are data) and
  null for a ratio (nothing to divide), with n = 0;
- a ratio whose denominator is 0 or null is null;
- an indicator whose tables were not given is "no_data": every value null, n null;
- a share of countable units carries its Wilson 95 % interval; a share, mean or ratio whose n is
  below the definition's `min_n` is flagged `too_few` (its value is kept, for those who look).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd

from missionlens.indicators.intervals import wilson
from missionlens.indicators.periods import Grain, Periods, periods_of
from missionlens.indicators.registry import REGISTRY, IndicatorDef, Registry, Unit
from missionlens.indicators.tables import ALL, Dimension, NotDisaggregable, Tables

Status = Literal["ok", "no_data", "not_disaggregable"]


@dataclass(frozen=True)
class Point:
    """One period's value. `n` is the denominator, or the units behind a count or sum."""

    period: str
    value: float | None
    n: int | None
    low: float | None = None
    high: float | None = None
    too_few: bool = False


@dataclass(frozen=True)
class Series:
    """An indicator's values over the periods, for one group of a disaggregation (or all)."""

    key: str
    grain: Grain
    group: str | None
    points: tuple[Point, ...]
    status: Status
    unit: Unit

    def values(self) -> list[float | None]:
        return [p.value for p in self.points]


def compute(
    tables: Tables,
    keys: Iterable[str] | None = None,
    *,
    grain: Grain = "month",
    by: Dimension | None = None,
    registry: Registry = REGISTRY,
    periods: Periods | None = None,
) -> dict[str, list[Series]]:
    """Compute indicators (all registered ones by default) per period of `grain`.

    Without `by`, each key maps to one Series; with `by`, to one Series per group seen (sorted), or
    to one "not_disaggregable" Series when the indicator cannot be split that way. `periods`
    overrides the data's own range (e.g. to align several data sets).
    """
    definitions = [registry[k] for k in keys] if keys is not None else list(registry)
    base = periods if periods is not None else periods_of(tables)
    scope = base.with_grain(grain) if base is not None else None
    labels = scope.labels if scope is not None else ()
    out: dict[str, list[Series]] = {}
    parts: list[ir.Table] = []
    for definition in definitions:
        if by is not None and by not in definition.dimensions:
            out[definition.key] = [_empty(definition, grain, by, labels, "not_disaggregable")]
        elif scope is None or not definition.available(tables):
            out[definition.key] = [_empty(definition, grain, None, labels, "no_data")]
        else:
            try:
                expr = definition.compute(tables, scope, by)
            except NotDisaggregable:
                out[definition.key] = [_empty(definition, grain, by, labels, "not_disaggregable")]
                continue
            parts.append(expr.mutate(key=ibis.literal(definition.key)))
    if parts and scope is not None:
        frame = _execute(tables, parts)
        out.update(_assemble(frame, [d for d in definitions if d.key not in out], scope, by))
    return {d.key: out[d.key] for d in definitions}


def compute_monthly(tables: Tables, registry: Registry = REGISTRY) -> dict[str, Series]:
    """Every registered indicator, per month, undivided."""
    return {key: series[0] for key, series in compute(tables, registry=registry).items()}


def _empty(definition: IndicatorDef, grain: Grain, group: str | None, labels: tuple[str, ...],
           status: Status) -> Series:
    points = () if status == "not_disaggregable" else tuple(Point(label, None, None) for label in labels)
    return Series(definition.key, grain, group, points, status, definition.unit)


def _execute(tables: Tables, parts: list[ir.Table]) -> pd.DataFrame:
    frame = tables.execute_all(parts)
    frame["period"] = pd.to_datetime(frame["period"]).dt.date
    return frame


def _assemble(
    frame: pd.DataFrame, definitions: list[IndicatorDef], periods: Periods, by: Dimension | None
) -> dict[str, list[Series]]:
    starts = periods.starts
    labels = periods.labels
    out: dict[str, list[Series]] = {}
    by_key: dict[Any, pd.DataFrame] = dict(iter(frame.groupby("key", sort=False)))
    for definition in definitions:
        rows = by_key.get(definition.key, frame.iloc[0:0])
        groups = sorted(rows["grp"].unique()) if by is not None else [ALL]
        series = []
        for group in groups:
            mine = rows[rows["grp"] == group].set_index("period").reindex(starts)
            points = _points(definition, mine, labels)
            series.append(
                Series(definition.key, periods.grain, None if by is None else str(group), points, "ok",
                       definition.unit)
            )
        out[definition.key] = series
    return out


def _points(definition: IndicatorDef, rows: pd.DataFrame, labels: tuple[str, ...]) -> tuple[Point, ...]:
    num = rows["num"].to_numpy(dtype=np.float64, na_value=np.nan)
    den = rows["den"].to_numpy(dtype=np.float64, na_value=np.nan)
    n = rows["n"].to_numpy(dtype=np.float64, na_value=np.nan)
    present = rows["key"].notna().to_numpy()
    if definition.kind == "total":
        # A period without a row had no events: 0, which is data.
        value = np.where(present, num, 0.0)
        n = np.where(present, n, 0.0)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(den > 0, num / den, np.nan)
        n = np.where(present, n, 0.0)
    low, high = wilson(num, den) if definition.interval else (np.full(len(labels), np.nan),) * 2
    points = []
    for i, label in enumerate(labels):
        v = _number(value[i])
        count = None if math.isnan(n[i]) else int(n[i])
        too_few = bool(v is not None and definition.min_n is not None and (count or 0) < definition.min_n)
        points.append(Point(label, v, count, _number(low[i]), _number(high[i]), too_few))
    return tuple(points)


def _number(x: float) -> float | None:
    return None if math.isnan(x) else float(x)

