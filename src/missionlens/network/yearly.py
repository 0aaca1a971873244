"""Drift on institutions' yearly series: the signals' detector, adapted to short yearly panels.

The test is the signals package's (signals.drift.scan_series with grain "year": a step or a
three-year ramp against a constant level, sup-F with a parametric-bootstrap p-value that pays for
the search, serial correlation handled; docs/signals.md). What the network adds:

- values carried forward (carried.py) are left out: a copy is not an observation, and a run of
  copies would look like a very steady level. A series may become too short by this;
- a series needs MIN_POINTS (6) observed years after that, three before a change and two after:
  below, the institution's indicator is "too short to say" and raises nothing;
- institutions are not samples of borrowers: every year weighs the same (n unknown), and the
  depth is read on a log scale (unit "amount"), so that a change is relative, as for loan sizes;
- one family for the whole network: the first change of every tested (institution, indicator)
  goes through Benjamini-Hochberg (signals.fdr), later changes in sequence below it. Confidence
  is 1 - q. With hundreds of institutions, only strong evidence survives: that is intended.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from missionlens.network.institutions import Institution, IndicatorKey
from missionlens.signals import DriftResult, SeriesInput, scan_series
from missionlens.signals.drift import MIN_POINTS, Change
from missionlens.signals.fdr import ALPHA, hierarchical

Direction = Literal["up", "down"]
Status = Literal["tested", "steady", "too_short", "no_data"]
Progress = Callable[[str, int, "int | None"], None]

SCANNED: tuple[IndicatorKey, ...] = ("depth", "women_share", "par30")
# The direction in which each indicator moves when the mission suffers: loans growing relative to
# income, fewer women, more arrears (spec/institution-panel.md, "the usual reading of mission drift").
AGAINST_MISSION: dict[IndicatorKey, Direction] = {"depth": "up", "women_share": "down", "par30": "up"}
# The model scale: depth and loan sizes are compared in ratios (logged), shares keep their scale.
MODEL_UNIT: dict[IndicatorKey, str] = {"depth": "amount", "women_share": "share", "par30": "share"}
YEARLY_MIN_POINTS = MIN_POINTS["year"]


@dataclass(frozen=True)
class YearlyChange:
    """A change found in one institution's yearly series, once the network's q-value is known."""

    institution_id: str
    indicator: IndicatorKey
    direction: Direction
    start: str
    shape: str
    level_before: float
    level_after: float
    magnitude: float
    before_from: str
    after_to: str
    p_value: float
    q_value: float
    points: int
    left_out: int  # carried-forward values left out of the test

    @property
    def confidence(self) -> float:
        return 1.0 - self.q_value

    @property
    def against_mission(self) -> bool:
        return AGAINST_MISSION[self.indicator] == self.direction


@dataclass(frozen=True)
class ScanOutcome:
    """Every scanned series' status, and the changes the network's false-discovery control kept."""

    status: dict[tuple[str, IndicatorKey], Status]
    points: dict[tuple[str, IndicatorKey], int]
    changes: tuple[YearlyChange, ...]
    tested: int


def observed_series(institution: Institution, key: IndicatorKey) -> tuple[SeriesInput, int]:
    """The series the detector reads (carried-forward values left out), and how many were left out."""
    kept = [p for p in institution.values(key) if not p.carried]
    left_out = len(institution.values(key)) - len(kept)
    series = SeriesInput(
        key=key, periods=[str(p.year) for p in kept], values=[p.value for p in kept], n=[None] * len(kept),
        unit=MODEL_UNIT[key],
    )
    return series, left_out


def scan_one(institution: Institution, key: IndicatorKey) -> tuple[DriftResult, int]:
    series, left_out = observed_series(institution, key)
    return scan_series(series, grain="year"), left_out


def _change(institution_id: str, key: IndicatorKey, change: Change, q: float, points: int,
            left_out: int) -> YearlyChange:
    return YearlyChange(
        institution_id=institution_id, indicator=key, direction=change.direction, start=change.start,
        shape=change.shape, level_before=change.level_before, level_after=change.level_after,
        magnitude=change.magnitude, before_from=change.before_from, after_to=change.after_to,
        p_value=change.p_value, q_value=q, points=points, left_out=left_out,
    )


def scan_network(
    institutions: Sequence[Institution], *, alpha: float = ALPHA, progress: Progress | None = None,
) -> ScanOutcome:
    """Scan every institution's depth, women share and PAR30; control false discoveries network-wide."""
    status: dict[tuple[str, IndicatorKey], Status] = {}
    points: dict[tuple[str, IndicatorKey], int] = {}
    results: dict[str, tuple[str, IndicatorKey, DriftResult, int]] = {}
    total = len(institutions) * len(SCANNED)
    done = 0
    for institution in institutions:
        for key in SCANNED:
            result, left_out = scan_one(institution, key)
            status[(institution.institution_id, key)] = result.status
            points[(institution.institution_id, key)] = result.points
            if result.status == "tested":
                results[f"{institution.institution_id}\x1f{key}"] = (institution.institution_id, key, result, left_out)
            done += 1
            if progress is not None and (done % 25 == 0 or done == total):
                progress("drift tests on yearly series", done, total)
    family = {name: [c.p_value for c in sorted(r.changes, key=lambda c: c.order)]
              for name, (_, _, r, _) in results.items()}
    kept = hierarchical(family, alpha)
    changes: list[YearlyChange] = []
    for name, qs in kept.items():
        institution_id, key, result, left_out = results[name]
        ordered = sorted(result.changes, key=lambda c: c.order)
        changes.extend(_change(institution_id, key, c, q, result.points, left_out)
                       for c, q in zip(ordered, qs, strict=False))
    changes.sort(key=lambda c: (c.q_value, -abs(c.magnitude), c.institution_id, c.indicator))
    return ScanOutcome(status, points, tuple(changes), len(family))
