"""A Review narrowed to the months a report covers (the report package renders what it is given)."""

from __future__ import annotations

import calendar
import re
from dataclasses import replace

from missionlens.review import IndicatorReview, Point, Review

MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


def _months_of(label: str) -> tuple[str, str]:
    """The first and last month a period label covers: 2024-03, 2024-Q1 or 2024."""
    if "-Q" in label:
        year, quarter = label.split("-Q")
        first = (int(quarter) - 1) * 3 + 1
        return f"{year}-{first:02d}", f"{year}-{first + 2:02d}"
    if len(label) == 4:
        return f"{label}-01", f"{label}-12"
    return label[:7], label[:7]


def _inside(points: tuple[Point, ...], first: str, last: str) -> tuple[Point, ...]:
    """The points whose whole period lies in [first, last] (a quarter cut by the period is left out)."""
    return tuple(p for p in points if first <= _months_of(p.period)[0] and _months_of(p.period)[1] <= last)


def _indicator(item: IndicatorReview, first: str, last: str) -> IndicatorReview:
    return replace(item, monthly=_inside(item.monthly, first, last), quarterly=_inside(item.quarterly, first, last),
                   yearly=_inside(item.yearly, first, last))


def within(review: Review, first: str, last: str) -> Review:
    """The review over the months first..last (YYYY-MM): series, findings dated in them, data span."""
    data = review.data
    end = data.data_end
    year, month = int(last[:4]), int(last[5:7])
    last_day = f"{last}-{calendar.monthrange(year, month)[1]:02d}"
    return replace(
        review,
        data=replace(data, first_month=max(first, data.first_month or first),
                     last_month=min(last, data.last_month or last),
                     data_end=min(end, last_day) if end else end),
        indicators=tuple(_indicator(i, first, last) for i in review.indicators),
        alerts=tuple(a for a in review.alerts if first <= a.start[:7] <= last),
        tensions=tuple(t for t in review.tensions if first <= t.start[:7] <= last),
        notes_pressure=_inside(review.notes_pressure, first, last),
    )
