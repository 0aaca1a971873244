"""One yearly institution series (spec/institution-panel.md): the drift detector, with carried values left out.

A panel in the MIX Market shape has one value per institution and year, 5 to 20 years of them,
and values carried forward: a figure repeated unchanged from the year before is an artefact of
the panel, not a new observation, and must never read as stability (the spec). Those years are
left out before the scan; what is left must hold MIN_POINTS["year"] (6) observed years for the
series to be tested, otherwise it is "too short to say". The test is the same as for months
(drift.py): a step or a 3-year ramp, at least 3 years before and 2 after, with a parametric
bootstrap p-value; there is no seasoning and no seasonality for years. The p-value is not
adjusted: a caller testing many series controls them together (fdr.q_values).
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence

from missionlens.signals.drift import DriftResult, scan_series
from missionlens.signals.series import SeriesInput


def observed_years(
    years: Sequence[int | str], values: Sequence[float | None], carried: Collection[int | str] = (),
    *, drop_repeats: bool = True,
) -> list[bool]:
    """For each year: is its value a real observation (present, finite, not carried forward)?

    A year is carried when it is listed in `carried`, or (with `drop_repeats`) when its value
    equals, exactly, the value of the year just before it.
    """
    listed = {str(y) for y in carried}
    out = []
    previous: tuple[int, float] | None = None
    for year, value in zip(years, values, strict=True):
        if value is None or not math.isfinite(value):
            out.append(False)
            continue
        repeat = previous is not None and previous[0] == int(year) - 1 and previous[1] == value
        out.append(str(year) not in listed and not (drop_repeats and repeat))
        previous = (int(year), value)
    return out


def scan_yearly(
    key: str, years: Sequence[int | str], values: Sequence[float | None], *, unit: str,
    n: Sequence[int | None] | None = None, carried: Collection[int | str] = (), drop_repeats: bool = True,
) -> DriftResult:
    """Test one institution's yearly series for a change of level; "too_short" under 6 observed years.

    `unit` is the catalogue's (share, count, amount, ratio...); `n` the borrowers behind each
    value when known. Carried-forward years (listed, or repeats) count as missing, so they
    neither make a series long enough nor look like stability.
    """
    keep = observed_years(years, values, carried, drop_repeats=drop_repeats)
    sizes = list(n) if n is not None else [None] * len(years)
    series = SeriesInput(
        key, [str(int(y)) for y in years], [v if k else None for v, k in zip(values, keep, strict=True)],
        sizes, unit,
    )
    return scan_series(series, grain="year")
