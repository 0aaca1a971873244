"""Values carried forward: a yearly value equal to the institution's value of the year before.

Panels assembled from institutions' reports (the MIX Market and the thesis panel built on it)
often fill a missing year with the previous year's figure: in shared/data/mix-africa, 51 % of
the women-share values and 36 % of the PAR30 values repeat the year before exactly, against 5 %
of the gross loan portfolios, which move every year (SOURCE.md). A repeat may also be true (an
institution lending only to women stays at 100 %): the flag says the value cannot be told from a
copy, so it is never read as stability. The detectors leave flagged values out (yearly.py).
"""

from __future__ import annotations

from collections.abc import Sequence

# Values are read from the same text: a copy is exactly equal. The tolerance only absorbs the
# float noise of a value written with a different number of decimals.
TOLERANCE = 1e-12


def carried_flags(points: Sequence[tuple[int, float | None]]) -> list[bool]:
    """For each (year, value), whether it repeats the value of the calendar year just before.

    A year after a gap, or after a blank value, is not flagged: there is no previous value to copy.
    """
    previous: dict[int, float] = {y: v for y, v in points if v is not None}
    flags = []
    for year, value in points:
        before = previous.get(year - 1)
        flags.append(value is not None and before is not None and abs(value - before) <= TOLERANCE * max(1.0, abs(value)))
    return flags


def carried_share(flags: Sequence[bool]) -> float | None:
    """The share of flagged values (None for an empty series)."""
    return sum(flags) / len(flags) if flags else None
