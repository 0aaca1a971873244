"""Each theme over time, by author role: how many texts of the period voice it, out of how many.

A month without any text of a role has no point for that role (never 0 of 0). The share series
(`theme_series`) is what the signals read: the texts of the chosen roles that belong to the
theme over the texts of those roles, n being that count of texts, so that a month with five
notes weighs what five notes weigh (as signals/workload.py did for its lexicon).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from missionlens.signals.series import Grain, SeriesInput, period_label
from missionlens.voices.texts import VoiceText
from missionlens.voices.themes import ThemeModel

OTHER_ROLE = "unknown"


@dataclass(frozen=True)
class TrendPoint:
    period: str
    role: str
    count: int
    total: int

    def to_json(self) -> dict[str, Any]:
        return {"period": self.period, "role": self.role, "count": self.count, "of": self.total}


@dataclass(frozen=True)
class ThemeTrend:
    theme: str
    points: tuple[TrendPoint, ...]


def period_of(text: VoiceText, grain: Grain) -> int | None:
    """The text's period as an index (months, quarters or years since year 0); None when undated."""
    day = text.date
    if day is None:
        return None
    if grain == "year":
        return day.year
    if grain == "quarter":
        return day.year * 4 + (day.month - 1) // 3
    return day.year * 12 + day.month - 1


def theme_trends(model: ThemeModel, texts: Sequence[VoiceText], grain: Grain = "month") -> tuple[ThemeTrend, ...]:
    """For every theme, its count and the count of all texts, per period and author role."""
    totals: dict[tuple[int, str], int] = {}
    counts: dict[tuple[int, int, str], int] = {}
    for text, theme in zip(texts, model.assignment, strict=True):
        index = period_of(text, grain)
        if index is None:
            continue
        role = text.role or OTHER_ROLE
        totals[(index, role)] = totals.get((index, role), 0) + 1
        if theme >= 0:
            counts[(theme, index, role)] = counts.get((theme, index, role), 0) + 1
    out = []
    for number, theme_found in enumerate(model.themes):
        points = tuple(
            TrendPoint(period_label(index, grain), role, counts.get((number, index, role), 0), total)
            for (index, role), total in sorted(totals.items())
        )
        out.append(ThemeTrend(theme_found.key, points))
    return tuple(out)


def theme_series(
    model: ThemeModel, texts: Sequence[VoiceText], theme: int, *, roles: Collection[str],
    grain: Grain = "month", last_index: int | None = None,
) -> SeriesInput | None:
    """The share of the texts of `roles` that voice the theme, per period (None without such texts)."""
    totals: dict[int, int] = {}
    hits: dict[int, int] = {}
    for text, found in zip(texts, model.assignment, strict=True):
        index = period_of(text, grain)
        if index is None or (text.role or OTHER_ROLE) not in roles:
            continue
        if last_index is not None and index > last_index:
            continue
        totals[index] = totals.get(index, 0) + 1
        if found == theme:
            hits[index] = hits.get(index, 0) + 1
    if not totals:
        return None
    first, last = min(totals), max(totals)
    span = range(first, last + 1)
    values: list[float | None] = [hits.get(i, 0) / totals[i] if i in totals else None for i in span]
    n: list[int | None] = [totals.get(i) for i in span]
    key = f"voice_{model.themes[theme].key}"
    return SeriesInput(key, [period_label(i, grain) for i in span], values, n, "share",
                       model.themes[theme].dimensions)
