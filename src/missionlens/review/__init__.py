"""The review: a data set and a mission assembled into a Review, and its JSON (spec/review-json.md)."""

from __future__ import annotations

from missionlens.review.build import assemble, build_review
from missionlens.review.model import (
    SCHEMA,
    Alert,
    CardText,
    DataSummary,
    DeclaredTension,
    Dimension,
    IndicatorReview,
    Methods,
    Point,
    Refusal,
    Review,
    ReviewError,
    Silence,
    Target,
    Tension,
)
from missionlens.review.serialise import dumps, schema, to_json, validation_errors

__all__ = [
    "SCHEMA",
    "Alert",
    "CardText",
    "DataSummary",
    "DeclaredTension",
    "Dimension",
    "IndicatorReview",
    "Methods",
    "Point",
    "Refusal",
    "Review",
    "ReviewError",
    "Silence",
    "Target",
    "Tension",
    "assemble",
    "build_review",
    "dumps",
    "schema",
    "to_json",
    "validation_errors",
]
