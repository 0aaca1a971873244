"""A Review assembled from synthetic series (no data set, no engine): fast report tests.

The series are made up but shaped like the engine's (every month, n, Wilson-like bands for
shares, a few too-few months); the mission, cards and definitions are the real template's.
"""

from __future__ import annotations

import math
from dataclasses import replace
from datetime import datetime, timezone

from missionlens.indicators import Point, Series
from missionlens.mission import load_mission
from missionlens.review.build import assemble, months
from missionlens.review.model import Alert, DataSummary, Lang, Review

FIRST, LAST = "2023-01", "2025-06"
NOW = datetime(2025, 7, 10, 9, 30, tzinfo=timezone.utc)
NO_DATA = ("voices_heard", "recommend_score")  # as if feedback and notes were not given


def _value(unit: str, i: int) -> float:
    wave = math.sin(i / 2.0)
    if unit == "share":
        return 0.42 + 0.05 * wave - (0.08 if i >= 18 else 0.0)
    if unit == "amount":
        return 3400 + 120 * wave + 30 * i
    if unit == "minutes":
        return 140 + 10 * wave - (40 if i >= 18 else 0)
    if unit in ("ratio", "score"):
        return 3.2 + 0.2 * wave
    return 110 + 8 * wave + 2 * i


def _series(key: str, unit: str) -> Series:
    points = []
    for i, period in enumerate(months(FIRST, LAST)):
        value = None if key in NO_DATA else _value(unit, i)
        n = 12 if i < 2 else 180 + i
        low = high = None
        if unit == "share" and value is not None:
            half = 1.96 * math.sqrt(value * (1 - value) / n)
            low, high = value - half, value + half
        points.append(Point(period, value, None if value is None else n, low, high, value is not None and n < 20))
    return Series(key, "month", None, tuple(points), "no_data" if key in NO_DATA else "ok", unit)  # type: ignore[arg-type]


def make_review(lang: Lang = "fr") -> Review:
    mission = load_mission(None, lang=lang)
    computed = {"month": {k: [_series(k, e.unit)] for k, e in mission.indicators.items()}}
    data = DataSummary(
        first_month=FIRST,
        last_month=LAST,
        rows={"borrowers": 1234, "loans": 2345, "installments": 23456, "sessions": 5678},
        version="v000003",
        data_end="2025-06-30",
        manifest={
            "created": "2025-07-01T08:00:00+00:00",
            "warnings": 2,
            "sources": [{"file": "loans.csv", "table": "loans", "sha256": "ab" * 32, "dialect": "csv",
                         "encoding": "utf-8", "delimiter": ","}],
        },
    )
    # No signals: these series are made up (tests/review/worlds.py has real stories).
    return assemble(mission, lang, computed, data, now=NOW)  # type: ignore[arg-type]


def with_alert(review: Review) -> Review:
    """The review as the signals would leave it: one drift alert on minutes_per_new_loan."""
    alert = Alert(
        kind="drift",
        indicator="minutes_per_new_loan",
        dimensions=("accompaniment",),
        direction="down",
        start="2024-07",
        magnitude=-0.28,
        confidence=0.97,
        evidence="Minutes of accompaniment per new loan fell from 150 to 108 from July 2024.",
        questions=("Was a volume target set?",),
    )
    return replace(review, alerts=(alert,), signals_run=True)
