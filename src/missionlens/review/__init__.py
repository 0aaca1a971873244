"""The review: a data set and a mission assembled into a Review, and its JSON (spec/review-json.md)."""

from __future__ import annotations

from missionlens.review.build import assemble, build_review, build_reviews
from missionlens.review.findings import FieldEvidence, field_evidence
from missionlens.review.model import (
    SCHEMA,
    Alert,
    Attention,
    CardText,
    DataSummary,
    DeclaredTension,
    Dimension,
    DimensionAttention,
    IndicatorReview,
    Methods,
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
from missionlens.review.serialise import dumps, schema, to_json, validation_errors

__all__ = [
    "SCHEMA",
    "Alert",
    "Attention",
    "CardText",
    "DataSummary",
    "DeclaredTension",
    "Dimension",
    "DimensionAttention",
    "FieldEvidence",
    "IndicatorReview",
    "Methods",
    "OutreachGap",
    "Point",
    "Refusal",
    "Review",
    "ReviewError",
    "Silence",
    "SignalsRun",
    "Target",
    "Tension",
    "assemble",
    "build_review",
    "build_reviews",
    "dumps",
    "field_evidence",
    "schema",
    "to_json",
    "validation_errors",
]
