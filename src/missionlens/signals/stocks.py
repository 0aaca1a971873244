"""Stocks tested through their inflow: PAR's change is looked for where loans enter arrears.

PAR30 is a stock: the loans more than 30 days late and not yet cured, written off or repaid. A
change in how loans fall behind (riskier lending under a volume target, or its correction) moves
the stock slowly, over as many months as late loans take to leave it, and the stock's month-to-month
memory (lag-1 autocorrelation 0.85 to 0.95 after seasoning) is rightly discounted by the level test
(changepoint.py), which then has little power against a rise that lasts a year or two. The inflow
(indicators/portfolio.py `arrears_inflow`: loans entering arrears over the performing loans) is the
change itself, a share with binomial noise and little memory: it is scanned instead, and each
change found there is reported on the stock, with the stock's levels, when the stock moved the same
way over the same windows (docs/signals.md, "Stocks tested through their inflow").

An inflow change the stock did not follow (more loans fell behind, but more were cured or written
off) is not reported on the stock: a reader of PAR30 would see it say the opposite.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np

from missionlens.signals.drift import MIN_AFTER, Change, DriftResult, prepare, scan_series
from missionlens.signals.series import STOCK_INFLOWS, VOLUME_INFLOWS, Grain, SeriesInput, period_index


@dataclass(frozen=True)
class InflowChange:
    """The inflow's levels behind a stock's change (for the evidence)."""

    key: str
    level_before: float
    level_after: float


def inflow_of(series: Mapping[str, SeriesInput], key: str) -> SeriesInput | None:
    """The inflow a stock is tested through (PAR's arrears inflow, the active borrowers' loans
    disbursed), when the series are there; None for any other series."""
    return series.get(STOCK_INFLOWS.get(key) or VOLUME_INFLOWS.get(key, ""))


def scan_key(
    series: Mapping[str, SeriesInput], key: str, *, grain: Grain = "month", last_index: int | None = None,
    first_index: int | None = None,
) -> tuple[DriftResult, dict[str, InflowChange]]:
    """One series' scan: through its inflow when it is a stock whose inflow is there."""
    flow = inflow_of(series, key)
    if flow is not None:
        return scan_stock(series[key], flow, grain=grain, last_index=last_index, first_index=first_index)
    return scan_series(series[key], grain=grain, last_index=last_index, first_index=first_index), {}


def scan_stock(
    stock: SeriesInput, inflow: SeriesInput, *, grain: Grain = "month", last_index: int | None = None,
    first_index: int | None = None,
) -> tuple[DriftResult, dict[str, InflowChange]]:
    """The stock's changes as found in its inflow; with, per change start, the inflow's levels.

    Falls back to the stock's own test when its inflow cannot be tested (too short, no data)."""
    flow = scan_series(inflow, grain=grain, last_index=last_index, first_index=first_index)
    if flow.status != "tested":
        return scan_series(stock, grain=grain, last_index=last_index, first_index=first_index), {}
    data = prepare(stock, grain, last_index, first_index)
    position = {int(i): k for k, i in enumerate(data.index)}
    changes: list[Change] = []
    behind: dict[str, InflowChange] = {}
    for change in sorted(flow.changes, key=lambda c: c.order):
        described = _on_stock(change, np.exp(data.values) if data.logged else data.values, data.n, position, grain)
        if described is None:
            continue
        changes.append(replace(described, order=len(changes)))
        behind[described.start] = InflowChange(inflow.key, change.level_before, change.level_after)
    if not changes:
        return DriftResult(stock.key, "tested", len(data.index), p_value=1.0, autocorrelation=flow.autocorrelation), {}
    result = DriftResult(stock.key, "tested", len(data.index), p_value=changes[0].p_value, change=changes[0],
                         changes=tuple(changes), autocorrelation=flow.autocorrelation)
    return result, behind


def _on_stock(change: Change, values: np.ndarray, n: np.ndarray, position: dict[int, int], grain: Grain
              ) -> Change | None:
    """The inflow's change described on the stock: the stock's mean from the inflow's baseline to
    the change, against its mean over the last MIN_AFTER periods before the next change (or the
    end), where what the inflow changed has built up. None when the stock did not move that way."""
    start = position.get(change.start_index)
    begin = position.get(period_index(change.before_from, grain))
    end = position.get(period_index(change.after_to, grain))
    if start is None or begin is None or end is None or start <= begin or end < start:
        return None
    after = slice(max(start, end + 1 - MIN_AFTER[grain]), end + 1)
    before = slice(begin, start)
    # Means on the data's own scale (a count's, not its logarithm's): these are the levels shown.
    level_before = float(np.mean(values[before]))
    level_after = float(np.mean(values[after]))
    moved = level_after - level_before
    if moved == 0 or (moved > 0) != (change.direction == "up"):
        return None
    magnitude = level_after / level_before - 1 if level_before != 0 else (1.0 if moved > 0 else -1.0)
    others = (_on_stock(a, values, n, position, grain) for a in change.alternatives)
    return replace(change, level_before=level_before, level_after=level_after, magnitude=magnitude,
                   n_before=int(n[before].sum()), n_after=int(n[start:end + 1].sum()),
                   alternatives=tuple(a for a in others if a is not None))
