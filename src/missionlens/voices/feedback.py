"""The borrowers' own voice from the feedback table: recommendation, life change, with n and intervals.

- Recommend score (NPS-style, the catalogue's `recommend_score`): 100 x (share answering 9-10 -
  share answering 0-6) among answers with a recommend value, in [-100, 100]. Its 95 % interval
  is an adjusted Wald interval for a difference of two multinomial shares: one pseudo-answer is
  added to each of the three groups (promoters, passives, detractors) before the variance
  (p + d - (p - d)^2) / n is taken, after Agresti and Caffo (2000, "Simple and effective
  confidence intervals for proportions and differences of proportions", The American
  Statistician 54), which keeps the interval honest for small n and for scores near +-100.
- Life change: the count and share of each answer (much_worse .. much_better) among those given.
- Life better (`life_better_share`): better or much_better among answers given, with its
  Wilson interval (indicators/intervals.py).
Every figure carries its n; a segment with no answer has n = 0 and no value, never 0.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from missionlens.indicators.intervals import CONFIDENCE, wilson

LIFE_CHANGES: tuple[str, ...] = ("much_worse", "worse", "same", "better", "much_better")
BETTER: frozenset[str] = frozenset({"better", "much_better"})
SEGMENTS: tuple[str, ...] = ("gender", "zone", "minimum_benefits", "branch", "product")
_Z = 1.959963984540054  # the normal quantile of a 95 % two-sided interval (CONFIDENCE)


@dataclass(frozen=True)
class FeedbackAnswer:
    date: dt.date
    recommend: int | None = None
    life_change: str | None = None
    segments: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Estimate:
    """A figure with its n and its 95 % interval (all None when n is 0)."""

    value: float | None
    n: int
    low: float | None
    high: float | None

    def to_json(self) -> dict[str, Any]:
        def rounded(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {"value": rounded(self.value), "n": self.n, "low": rounded(self.low), "high": rounded(self.high)}


def recommend_score(answers: Sequence[FeedbackAnswer]) -> Estimate:
    """The NPS-style score with its adjusted Wald interval (see the module's docstring)."""
    scores = [a.recommend for a in answers if a.recommend is not None]
    n = len(scores)
    if n == 0:
        return Estimate(None, 0, None, None)
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    p, d = (promoters + 1) / (n + 3), (detractors + 1) / (n + 3)
    spread = _Z * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / (n + 3))
    centre = p - d
    return Estimate(100.0 * (promoters - detractors) / n, n,
                    100.0 * max(-1.0, centre - spread), 100.0 * min(1.0, centre + spread))


def life_change_distribution(answers: Sequence[FeedbackAnswer]) -> dict[str, Any]:
    """Count and share of each life-change answer among those given, with n."""
    given = [a.life_change for a in answers if a.life_change in LIFE_CHANGES]
    n = len(given)
    return {
        "n": n,
        "counts": {c: given.count(c) for c in LIFE_CHANGES},
        "shares": {c: (round(given.count(c) / n, 4) if n else None) for c in LIFE_CHANGES},
    }


def life_better(answers: Sequence[FeedbackAnswer]) -> Estimate:
    """The share whose life got better (better or much_better), with its Wilson interval."""
    given = [a.life_change for a in answers if a.life_change in LIFE_CHANGES]
    n = len(given)
    if n == 0:
        return Estimate(None, 0, None, None)
    better = sum(1 for c in given if c in BETTER)
    low, high = wilson([better], [n], CONFIDENCE)
    return Estimate(better / n, n, float(low[0]), float(high[0]))


@dataclass(frozen=True)
class SegmentFigures:
    dimension: str
    value: str
    answers: int
    recommend: Estimate
    life_better: Estimate

    def to_json(self) -> dict[str, Any]:
        return {"segment": self.dimension, "value": self.value, "answers": self.answers,
                "recommend_score": self.recommend.to_json(), "life_better_share": self.life_better.to_json()}


def by_segment(answers: Sequence[FeedbackAnswer], dimensions: Sequence[str] = SEGMENTS) -> tuple[SegmentFigures, ...]:
    """The figures of each value of each segment dimension (answers whose segment is unknown left out)."""
    out = []
    for dimension in dimensions:
        groups: dict[str, list[FeedbackAnswer]] = {}
        for answer in answers:
            value = answer.segments.get(dimension)
            if value is not None:
                groups.setdefault(value, []).append(answer)
        for value in sorted(groups):
            group = groups[value]
            out.append(SegmentFigures(dimension, value, len(group), recommend_score(group), life_better(group)))
    return tuple(out)


@dataclass(frozen=True)
class FeedbackSummary:
    answers: int
    recommend: Estimate
    life_change: Mapping[str, Any]
    life_better: Estimate
    segments: tuple[SegmentFigures, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "answers": self.answers,
            "recommend_score": self.recommend.to_json(),
            "life_change": dict(self.life_change),
            "life_better_share": self.life_better.to_json(),
            "segments": [s.to_json() for s in self.segments],
        }


def summarise(answers: Sequence[FeedbackAnswer], dimensions: Sequence[str] = SEGMENTS) -> FeedbackSummary:
    return FeedbackSummary(len(answers), recommend_score(answers), life_change_distribution(answers),
                           life_better(answers), by_segment(answers, dimensions))
