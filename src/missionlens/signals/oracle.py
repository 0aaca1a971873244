"""The ceiling of the evaluation: what the drift test finds when told where and which way to look.

The recall of evaluation.py asks a detector to search every month of every indicator and to
control false discoveries across them all. The oracle asks the data a smaller question about
each injected change: with the detector's own test (drift.py and changepoint.py: the same
scales, weights, seasons, month-to-month variance, autocorrelation and bootstrap), restricted to
changes starting within the evaluation's tolerance of the true start, and with the indicator's
other injected changes in the null model (each the best step or ramp within the tolerance of its
own start), is there a change in the true direction at the 5 % level, uncorrected for the other
indicators?

A change the oracle does not see is one the data at this size do not show where the truth dates
it: an effect within the noise, or a move that comes later than its lever. No detector that has
to search can be expected to find it; one the oracle sees and the detector misses is what a
better search could still win. For a stock tested through its inflow (PAR, the active borrowers),
the oracle asks both the stock and the inflow, and counts either.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from missionlens.signals.drift import scan_series
from missionlens.signals.series import SeriesInput, period_index
from missionlens.signals.stocks import inflow_of

ORACLE_ALPHA = 0.05


def _window(start: str, tolerance: int) -> tuple[int, int]:
    at = period_index(start, "month")
    return at - tolerance, at + tolerance


def _visible_in(series: SeriesInput, others: Sequence[tuple[int, int]], target: tuple[int, int], direction: str,
                last_index: int, first_index: int | None) -> bool:
    result = scan_series(series, last_index=last_index, first_index=first_index, windows=[*others, target])
    if result.status != "tested" or not result.changes:
        return False
    change = max(result.changes, key=lambda c: c.order)
    low, high = target
    return (low <= change.start_index <= high and change.direction == direction
            and change.p_value <= ORACLE_ALPHA)


def visible(
    series: Mapping[str, SeriesInput], changes: Sequence[Mapping[str, str]], tolerance: Mapping[str, int], *,
    last_index: int, first_index: int | None,
) -> list[bool | None]:
    """For each injected change (indicator, direction, start, kind): whether the oracle sees it;
    None when its indicator has no series."""
    out: list[bool | None] = []
    for k, change in enumerate(changes):
        key = change["indicator"]
        if key not in series:
            out.append(None)
            continue
        target = _window(change["start"], tolerance.get(change["kind"], 3))
        others = [_window(c["start"], tolerance.get(c["kind"], 3))
                  for j, c in enumerate(changes) if j != k and c["indicator"] == key]
        flow = inflow_of(series, key)
        tested = [series[key]] + ([flow] if flow is not None else [])
        out.append(any(_visible_in(s, others, target, change["direction"], last_index, first_index) for s in tested))
    return out
