"""The network review as plain values: what serialise.py writes as JSON and html.py lays out."""

from __future__ import annotations

from dataclasses import dataclass, field

from missionlens.data.problems import Problem
from missionlens.network.decomposition import Decomposition
from missionlens.network.distribution import Comparison, StatusSummary, YearSummary
from missionlens.network.institutions import IndicatorKey, Institution
from missionlens.network.yearly import Direction
from missionlens.report.labels import Lang

SCHEMA = "missionlens.network/1"


@dataclass(frozen=True)
class NetworkAlert:
    """A change found in a yearly series (an institution's, or the network's median)."""

    indicator: IndicatorKey
    direction: Direction
    start: str
    magnitude: float
    confidence: float
    evidence: str
    against_mission: bool
    level_before: float
    level_after: float
    p_value: float
    q_value: float
    shape: str
    before_from: str
    after_to: str
    kind: str = "drift"


@dataclass(frozen=True)
class InstitutionReview:
    institution: Institution
    alerts: tuple[NetworkAlert, ...]
    too_short: bool
    drift_status: dict[str, str]
    caveats: tuple[str, ...]

    @property
    def drift_alerts(self) -> tuple[NetworkAlert, ...]:
        """The alerts against the mission, strongest first."""
        return tuple(a for a in self.alerts if a.against_mission)

    @property
    def evidence(self) -> float:
        """The strength of its drift evidence: the best confidence of an alert against the mission."""
        return max((a.confidence for a in self.drift_alerts), default=0.0)


@dataclass(frozen=True)
class NetworkReview:
    source: str
    lang: Lang
    generated: str
    years: tuple[int, int] | None
    institutions: tuple[InstitutionReview, ...]
    by_year: tuple[YearSummary, ...]
    by_legal_status: tuple[StatusSummary, ...]
    by_legal_status_year: dict[IndicatorKey, tuple[tuple[str, int, float, int], ...]]
    comparison: tuple[Comparison, ...]
    decomposition: tuple[Decomposition, ...]
    network_alerts: tuple[NetworkAlert, ...]
    tested: int
    carried: dict[IndicatorKey, tuple[int, int]]  # indicator -> (carried values, values)
    income_measures: tuple[str, ...]
    warnings: tuple[Problem, ...] = field(default=())

    @property
    def ranking(self) -> tuple[InstitutionReview, ...]:
        """Institutions with a change against the mission, by the strength of that evidence."""
        ranked = [r for r in self.institutions if r.drift_alerts]
        return tuple(sorted(ranked, key=lambda r: (-r.evidence, -max(abs(a.magnitude) for a in r.drift_alerts),
                                                   r.institution.name)))

    @property
    def too_short(self) -> int:
        return sum(1 for r in self.institutions if r.too_short)


@dataclass(frozen=True)
class NetworkRefusal:
    """The panel was refused: every problem, nothing computed (all or nothing)."""

    source: str
    lang: Lang
    problems: tuple[Problem, ...]
