"""The simulated calendar: months, days and the seasonality of activity.

Days are counted as integers since 1970-01-01 (numpy's `datetime64[D]` epoch) so that every
date computation is vectorised integer arithmetic. Month indices start at the first month of
the history (the warm-up before the requested start, see `HISTORY_MONTHS`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

# The organisation exists before the requested period: three years of history are simulated
# and written so that the portfolio, arrears and caseloads are already in steady state at the
# start (a 30-month term needs over two years to fill the portfolio, returning borrowers longer).
HISTORY_MONTHS = 36

# Activity by calendar month (Jan..Dec): a summer dip, deepest in August, and a quieter
# December, as seen in French micro-credit activity reports (offices close in August).
SEASON_PROFILE = np.array([0.95, 1.0, 1.08, 1.05, 1.02, 1.05, 0.88, 0.62, 1.08, 1.1, 1.05, 0.92])


def parse_month(text: str) -> tuple[int, int]:
    """'2021-01' -> (2021, 1); raises ValueError with the expected shape."""
    parts = text.split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ValueError(f"start must look like YYYY-MM (e.g. 2021-01), not {text!r}")
    year, month = int(parts[0]), int(parts[1])
    if not 1 <= month <= 12 or not 1900 <= year <= 2100:
        raise ValueError(f"start must look like YYYY-MM (e.g. 2021-01), not {text!r}")
    return year, month


@dataclass(frozen=True)
class Timeline:
    """The months simulated: `HISTORY_MONTHS` of history, then `years` × 12 observed months."""

    start_year: int
    start_month: int
    years: int

    @property
    def observed_months(self) -> int:
        return self.years * 12

    @property
    def months(self) -> int:
        return HISTORY_MONTHS + self.observed_months

    @property
    def first_observed(self) -> int:
        return HISTORY_MONTHS

    def month_number(self, index: int) -> int:
        """Absolute month number (year × 12 + month − 1) of a month index."""
        return self.start_year * 12 + self.start_month - 1 - HISTORY_MONTHS + index

    def label(self, index: int) -> str:
        number = self.month_number(index)
        return f"{number // 12:04d}-{number % 12 + 1:02d}"

    def month_starts(self) -> IntArray:
        """First day of every month index, plus the day after the last month (length months+1)."""
        first = self.month_number(0)
        numbers = np.arange(first, first + self.months + 1)
        return (
            ((numbers // 12 - 1970) * 12 + numbers % 12).astype("datetime64[M]").astype("datetime64[D]")
        ).astype(np.int64)

    @property
    def end_day(self) -> int:
        """The last day of the data (last day of the last observed month)."""
        return int(self.month_starts()[-1]) - 1

    def month_of(self, days: IntArray) -> IntArray:
        """Month index of each day (negative before the history, >= months after the end)."""
        numbers = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64) + 1970 * 12
        return numbers - self.month_number(0)

    def calendar_months(self) -> IntArray:
        """Calendar month (0 = January) of each month index."""
        first = self.month_number(0)
        return (np.arange(first, first + self.months) % 12).astype(np.int64)


def seasonality(calendar_month: IntArray, amplitude: float, phase: float) -> FloatArray:
    """The season profile scaled by `amplitude` and shifted by `phase` months (circular interpolation)."""
    position = (calendar_month.astype(np.float64) - phase) % 12
    low = np.floor(position).astype(np.int64) % 12
    high = (low + 1) % 12
    weight = position - np.floor(position)
    profile = SEASON_PROFILE[low] * (1 - weight) + SEASON_PROFILE[high] * weight
    profile = profile / SEASON_PROFILE.mean()
    return np.asarray(1 + amplitude * (profile - 1), dtype=np.float64)


def add_months(days: IntArray, months: IntArray | int) -> IntArray:
    """The same day of month `months` later (clipped to the month's length), as due dates fall."""
    d = days.astype("datetime64[D]")
    month = d.astype("datetime64[M]")
    day_of_month = (d - month.astype("datetime64[D]")).astype(np.int64)
    target = month + np.asarray(months, dtype=np.int64)
    length = ((target + 1).astype("datetime64[D]") - target.astype("datetime64[D]")).astype(np.int64)
    return np.asarray(target.astype("datetime64[D]").astype(np.int64) + np.minimum(day_of_month, length - 1))
