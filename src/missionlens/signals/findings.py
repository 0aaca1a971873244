"""What the signals find: frozen value objects, each ready to become JSON (spec/review-json.md).

An alert is a question to ask, not a verdict: it carries what was seen in plain words, in French
and English, the numbers behind it (levels, sample sizes, p- and q-values) and questions drawn
from the perverse effects on the indicator's card.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from missionlens.signals.series import AlertKind, Direction

Lang = Literal["fr", "en"]
SilenceStatus = Literal["silent", "thin", "covered"]


@dataclass(frozen=True)
class Text:
    """The same words in French and English."""

    fr: str
    en: str

    def get(self, lang: Lang) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    indicator: str
    dimensions: tuple[str, ...]
    direction: Direction
    start: str
    magnitude: float
    confidence: float
    evidence: Text
    questions: tuple[Text, ...]
    n_before: int
    n_after: int
    level_before: float
    level_after: float
    p_value: float
    q_value: float
    shape: Literal["step", "ramp"] = "step"
    # The first and last starts the indicator's own data allow (a likelihood-ratio confidence set,
    # drift.py), and the indicators whose shared start this one is dated at (dating.py).
    start_window: tuple[str, str] | None = None
    dated_with: tuple[str, ...] = ()

    def to_json(self, lang: Lang = "en") -> dict[str, Any]:
        return {
            "kind": self.kind,
            "indicator": self.indicator,
            "dimensions": list(self.dimensions),
            "direction": self.direction,
            "start": self.start,
            "magnitude": round(self.magnitude, 4),
            "confidence": round(self.confidence, 4),
            "evidence": self.evidence.get(lang),
            "questions": [q.get(lang) for q in self.questions],
            "before": self.level_before,
            "after": self.level_after,
            "n_before": self.n_before,
            "n_after": self.n_after,
            "shape": self.shape,
            "p_value": self.p_value,
            "q_value": self.q_value,
            "start_window": list(self.start_window) if self.start_window is not None else None,
            "dated_with": list(self.dated_with),
        }


@dataclass(frozen=True)
class TensionFinding:
    """A declared tension at work: the volume rose while a paired quality worsened."""

    volume: str
    quality: str
    start: str
    volume_start: str
    quality_start: str
    volume_change: float
    quality_change: float
    lag_months: int
    confidence: float
    evidence: Text
    why: Text
    dimensions: tuple[str, ...]
    questions: tuple[Text, ...] = ()

    def to_json(self, lang: Lang = "en") -> dict[str, Any]:
        return {
            "volume": self.volume,
            "quality": self.quality,
            "start": self.start,
            "volume_start": self.volume_start,
            "quality_start": self.quality_start,
            "volume_change": round(self.volume_change, 4),
            "quality_change": round(self.quality_change, 4),
            "lag_months": self.lag_months,
            "confidence": round(self.confidence, 4),
            "evidence": self.evidence.get(lang),
            "why": self.why.get(lang),
            "dimensions": list(self.dimensions),
            "questions": [q.get(lang) for q in self.questions],
        }


@dataclass(frozen=True)
class OutreachGap:
    """Who is declined against who is served, over the same recent months (outreach.py)."""

    declined_share: float
    served_share: float
    n_declined: int
    n_served: int
    period_from: str
    period_to: str
    p_value: float
    evidence: Text

    @property
    def gap(self) -> float:
        return self.declined_share - self.served_share

    def to_json(self, lang: Lang = "en") -> dict[str, Any]:
        return {
            "declined_share": self.declined_share,
            "served_share": self.served_share,
            "n_declined": self.n_declined,
            "n_served": self.n_served,
            "from": self.period_from,
            "to": self.period_to,
            "p_value": self.p_value,
            "evidence": self.evidence.get(lang),
        }


@dataclass(frozen=True)
class SilenceEntry:
    dimension: str
    indicators: int
    evidence_items: int
    last_evidence: str | None
    voices: Mapping[str, int]
    status: SilenceStatus
    indicator_keys: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension,
            "indicators": self.indicators,
            "evidence_items": self.evidence_items,
            "last_evidence": self.last_evidence,
            "status": self.status,
            "voices": dict(self.voices),
            "indicator_keys": list(self.indicator_keys),
        }


@dataclass(frozen=True)
class DimensionAttention:
    """Where the pressure of numbers sits in one dimension (attention.py)."""

    dimension: str
    indicators: int
    targeted: tuple[str, ...]
    pressures: Mapping[str, int]
    uses: Mapping[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "dimension": self.dimension,
            "indicators": self.indicators,
            "targeted": list(self.targeted),
            "pressures": dict(self.pressures),
            "uses": dict(self.uses),
        }


@dataclass(frozen=True)
class AttentionBalance:
    dimensions: tuple[DimensionAttention, ...]
    targets: int
    volume_targets: int
    volume_only: bool
    untargeted_dimensions: tuple[str, ...]
    evidence: Text

    def to_json(self, lang: Lang = "en") -> dict[str, Any]:
        return {
            "dimensions": [d.to_json() for d in self.dimensions],
            "targets": self.targets,
            "volume_targets": self.volume_targets,
            "volume_only": self.volume_only,
            "untargeted_dimensions": list(self.untargeted_dimensions),
            "evidence": self.evidence.get(lang),
        }


@dataclass(frozen=True)
class SignalsResult:
    alerts: tuple[Alert, ...]
    tensions: tuple[TensionFinding, ...]
    silences: tuple[SilenceEntry, ...]
    attention: AttentionBalance | None
    too_short: tuple[str, ...] = ()
    outreach_gaps: tuple[OutreachGap, ...] = ()
    tested: int = 0
    p_values: Mapping[str, float] = field(default_factory=dict)

    def to_json(self, lang: Lang = "en") -> dict[str, Any]:
        return {
            "alerts": [a.to_json(lang) for a in self.alerts],
            "tensions": [t.to_json(lang) for t in self.tensions],
            "silences": [s.to_json() for s in self.silences],
            "attention": self.attention.to_json(lang) if self.attention else None,
            "too_short": list(self.too_short),
            "outreach_gaps": [g.to_json(lang) for g in self.outreach_gaps],
        }
