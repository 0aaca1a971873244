"""A Review (or a Refusal) as the JSON of spec/review-json.md, schema missionlens.review/1.

The spec's fields come first and keep its names and types exactly; the fields added here
(allowed by the spec: "Fields may be added") carry what the report needs too: n and intervals,
quarters and years, the whole card, targets and the data version. The published JSON Schema is
review/schema/review.schema.json; `validate` checks a document against it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from missionlens.review.model import (
    SCHEMA,
    Alert,
    Attention,
    CardText,
    DataSummary,
    Dimension,
    IndicatorReview,
    OutreachGap,
    Point,
    Refusal,
    Review,
    ReviewError,
    Silence,
    SignalsRun,
    Target,
    Tension,
)

# The manifest fields a reader of the JSON needs to trace the data (never the problems' texts).
_MANIFEST_FIELDS = ("created", "schema_version", "previous", "dialects", "warnings", "sources")


def joined(items: Iterable[str]) -> str:
    """List items as one text, as in the spec's example card (`"hides": "…"`)."""
    parts = [item.strip() for item in items if item.strip()]
    if all(p.endswith((".", "!", "?", "»", '"')) for p in parts):
        return " ".join(parts)
    return "; ".join(parts)


def _number(value: float | None, *, integral: bool = False) -> float | int | None:
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    if integral and float(value).is_integer():
        return int(value)
    return float(value)


def point_json(point: Point, *, integral: bool = False) -> dict[str, Any]:
    return {
        "period": point.period,
        "value": _number(point.value, integral=integral),
        "n": point.n,
        "low": _number(point.low),
        "high": _number(point.high),
        "too_few": point.too_few,
    }


def card_json(card: CardText) -> dict[str, Any]:
    return {
        "purpose": card.purpose,
        "shows": card.shows,
        "hides": joined(card.hides),
        "perverse_effects": joined(card.perverse_effects),
        "defined_with": list(card.defined_with),
        "status": card.status,
        "review_by": card.review_by,
        "title": card.title,
        "hides_items": list(card.hides),
        "perverse_effects_items": list(card.perverse_effects),
        "read_with": list(card.read_with),
        "use": card.use,
        "use_note": card.use_note,
        "source": card.source,
        "version": card.version,
    }


def target_json(target: Target) -> dict[str, Any]:
    return {
        "indicator": target.indicator,
        "value": _number(target.value, integral=True),
        "period": target.period,
        "pressure": target.pressure,
        "set_by": target.set_by,
    }


def indicator_json(item: IndicatorReview) -> dict[str, Any]:
    integral = item.unit == "count"
    latest = item.latest()
    return {
        "key": item.key,
        "dimensions": list(item.dimensions),
        "unit": item.unit,
        "card": card_json(item.card),
        "series": [point_json(p, integral=integral) for p in item.monthly],
        "title": item.title,
        "core": item.core,
        "status": item.status,
        "definition": item.definition,
        "series_quarterly": [point_json(p, integral=integral) for p in item.quarterly],
        "series_yearly": [point_json(p, integral=integral) for p in item.yearly],
        "latest": None if latest is None else point_json(latest, integral=integral),
        "targets": [target_json(t) for t in item.targets],
    }


def alert_json(alert: Alert) -> dict[str, Any]:
    return {
        "kind": alert.kind,
        "indicator": alert.indicator,
        "dimensions": list(alert.dimensions),
        "direction": alert.direction,
        "start": alert.start,
        "magnitude": _number(alert.magnitude),
        "confidence": _number(alert.confidence),
        "evidence": alert.evidence,
        "questions": list(alert.questions),
        "before": _number(alert.before),
        "after": _number(alert.after),
        "n": alert.n,
        "n_before": alert.n_before,
        "n_after": alert.n_after,
        "shape": alert.shape,
        "p_value": _number(alert.p_value),
        "q_value": _number(alert.q_value),
        "start_window": list(alert.start_window) if alert.start_window is not None else None,
        "dated_with": list(alert.dated_with),
    } | ({
        "theme": alert.theme,
        "label": alert.label,
        "quote": dict(alert.quote) if alert.quote is not None else None,
        "count_after": alert.count_after,
    } if alert.kind == "voice" else {})


def tension_json(tension: Tension) -> dict[str, Any]:
    return {
        "volume": tension.volume,
        "quality": tension.quality,
        "start": tension.start,
        "confidence": _number(tension.confidence),
        "evidence": tension.evidence,
        "dimensions": list(tension.dimensions),
        "volume_change": _number(tension.volume_change),
        "quality_change": _number(tension.quality_change),
        "lag_months": tension.lag_months,
        "questions": list(tension.questions),
        "volume_start": tension.volume_start,
        "quality_start": tension.quality_start,
        "why": tension.why,
    }


def silence_json(silence: Silence) -> dict[str, Any]:
    return {
        "dimension": silence.dimension,
        "indicators": silence.indicators,
        "evidence_items": silence.evidence_items,
        "last_evidence": silence.last_evidence,
        "status": silence.status,
        "voices": dict(silence.voices),
        "indicator_keys": list(silence.indicator_keys),
    }


def attention_json(attention: Attention | None) -> dict[str, Any] | None:
    if attention is None:
        return None
    return {
        "dimensions": [
            {"dimension": d.dimension, "indicators": d.indicators, "targeted": list(d.targeted),
             "pressures": dict(d.pressures), "uses": dict(d.uses)}
            for d in attention.dimensions
        ],
        "targets": attention.targets,
        "volume_targets": attention.volume_targets,
        "volume_only": attention.volume_only,
        "untargeted_dimensions": list(attention.untargeted_dimensions),
        "evidence": attention.evidence,
    }


def outreach_gap_json(gap: OutreachGap) -> dict[str, Any]:
    return {
        "declined_share": _number(gap.declined_share),
        "served_share": _number(gap.served_share),
        "n_declined": gap.n_declined,
        "n_served": gap.n_served,
        "from": gap.period_from,
        "to": gap.period_to,
        "p_value": _number(gap.p_value),
        "evidence": gap.evidence,
    }


def signals_json(run: SignalsRun | None, notes_pressure: Iterable[Point]) -> dict[str, Any] | None:
    if run is None:
        return None
    return {
        "as_of": run.as_of,
        "tested": run.tested,
        "alpha": run.alpha,
        "too_short": list(run.too_short),
        "notes": run.notes,
        "feedback": run.feedback,
        "notes_pressure": [point_json(p) for p in notes_pressure],
    }


def error_json(error: ReviewError) -> dict[str, Any]:
    return {
        "message": error.message,
        "file": error.file,
        "line": error.line,
        "column": error.column,
        "fix": error.fix,
        "severity": error.severity,
        "code": error.code,
        "sheet": error.sheet,
        "text": str(error),
    }


def _dimension_json(dimension: Dimension) -> dict[str, Any]:
    return {
        "key": dimension.key,
        "title": dimension.title,
        "description": dimension.description,
        "standards": list(dimension.standards),
    }


def _data_json(data: DataSummary) -> dict[str, Any]:
    manifest: Mapping[str, Any] = data.manifest
    return {
        "first_month": data.first_month,
        "last_month": data.last_month,
        "rows": dict(data.rows),
        "version": data.version,
        "data_end": data.data_end,
        "manifest": {k: manifest[k] for k in _MANIFEST_FIELDS if k in manifest},
    }


def review_json(review: Review) -> dict[str, Any]:
    return {
        "schema": SCHEMA,
        "organisation": review.organisation,
        "data": _data_json(review.data),
        "mission": {
            "dimensions": [_dimension_json(d) for d in review.dimensions],
            "tensions": [
                {"volume": t.volume, "quality": list(t.quality), "why": t.why} for t in review.declared_tensions
            ],
            "targets": [target_json(t) for t in review.targets],
        },
        "indicators": [indicator_json(i) for i in review.indicators],
        "alerts": [alert_json(a) for a in review.alerts],
        "tensions": [tension_json(t) for t in review.tensions],
        "silences": [silence_json(s) for s in review.silences],
        "errors": [],
        "lang": review.lang,
        "generated_at": review.generated_at.isoformat(),
        "signals_run": review.signals_run,
        "signals": signals_json(review.signals, review.notes_pressure),
        "attention": attention_json(review.attention),
        "outreach_gaps": [outreach_gap_json(g) for g in review.outreach_gaps],
        "voices": dict(review.voices) if review.voices is not None else None,
        "methods": {
            "min_n": review.methods.min_n,
            "confidence": review.methods.confidence,
            "interval": review.methods.interval,
        },
    }


def refusal_json(refusal: Refusal) -> dict[str, Any]:
    """The same top level as a review, empty, with every problem under `errors`."""
    return {
        "schema": SCHEMA,
        "organisation": refusal.organisation,
        "data": {"first_month": None, "last_month": None, "rows": {}, "source": refusal.source},
        "mission": {"dimensions": [_dimension_json(d) for d in refusal.dimensions]},
        "indicators": [],
        "alerts": [],
        "tensions": [],
        "silences": [],
        "errors": [error_json(e) for e in refusal.problems],
        "lang": refusal.lang,
    }


def to_json(result: Review | Refusal) -> dict[str, Any]:
    return review_json(result) if isinstance(result, Review) else refusal_json(result)


def dumps(result: Review | Refusal) -> str:
    return json.dumps(to_json(result), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


@cache
def schema() -> dict[str, Any]:
    """The published JSON Schema (draft 2020-12) of missionlens.review/1."""
    text = resources.files("missionlens.review").joinpath("schema/review.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def validation_errors(document: Mapping[str, Any]) -> list[str]:
    """Every way `document` departs from the schema (empty when it conforms)."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema())
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(top)'}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    ]
