"""The review's JSON: the spec's fields exactly, the added ones, and the published schema."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from missionlens.review import Review, dumps, schema, to_json, validation_errors
from missionlens.review.serialise import joined
from tests.report.builders import make_review, with_alert

SPEC_TOP = ["schema", "organisation", "data", "mission", "indicators", "alerts", "tensions", "silences", "errors"]


@pytest.fixture(scope="module")
def review() -> Review:
    return make_review("fr")


def test_published_schema_is_a_valid_draft_2020_12_schema() -> None:
    Draft202012Validator.check_schema(schema())


def test_top_level_holds_the_spec_fields_in_order(review: Review) -> None:
    document = to_json(review)
    assert list(document)[: len(SPEC_TOP)] == SPEC_TOP
    assert document["schema"] == "missionlens.review/1"


def test_card_hides_is_one_text_with_the_items_beside_it(review: Review) -> None:
    card = next(i for i in to_json(review)["indicators"] if i["key"] == "loans_disbursed")["card"]
    assert isinstance(card["hides"], str) and isinstance(card["perverse_effects"], str)
    assert card["hides_items"] and all(item in card["hides"] for item in card["hides_items"])


def test_a_period_without_data_is_null(review: Review) -> None:
    voices = next(i for i in to_json(review)["indicators"] if i["key"] == "voices_heard")
    assert {p["value"] for p in voices["series"]} == {None}


def test_counts_are_written_as_integers() -> None:
    document = to_json(make_review("en"))
    loans = next(i for i in document["indicators"] if i["key"] == "loans_disbursed")
    assert all(isinstance(p["value"], int) for p in loans["series"] if p["value"] == int(p["value"]))


def test_alert_carries_the_spec_fields(review: Review) -> None:
    alert = to_json(with_alert(review))["alerts"][0]
    assert {"kind", "indicator", "dimensions", "direction", "start", "magnitude", "confidence", "evidence",
            "questions"} <= set(alert)


def test_document_with_alert_validates(review: Review) -> None:
    assert validation_errors(to_json(with_alert(review))) == []


def test_schema_refuses_a_series_period_that_is_not_a_month(review: Review) -> None:
    document = json.loads(dumps(review))
    document["indicators"][0]["series"][0]["period"] = "2024-Q1"
    assert validation_errors(document)


def test_list_items_are_joined_as_sentences_or_with_semicolons() -> None:
    assert joined(["One.", "Two."]) == "One. Two."
    assert joined(["one", "two"]) == "one; two"
