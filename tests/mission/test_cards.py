"""Indicator cards: complete, bilingual, and overridable field by field."""

from __future__ import annotations

import datetime as dt

import pytest

from missionlens.mission import catalogue, template_cards
from missionlens.mission.cards import FIELDS, LIST_FIELDS, TEXT_FIELDS, CardPatch, apply_patch, read_card_file
from missionlens.mission.texts import LANGS


@pytest.mark.parametrize("key", list(catalogue()))
def test_card_is_complete_in_both_languages(key: str) -> None:
    card = template_cards()[key]
    for name in TEXT_FIELDS:
        for lang in LANGS:
            assert str(card.text(name, lang)).strip(), f"{key}.{name}.{lang}"
    for name in LIST_FIELDS:
        for lang in LANGS:
            assert all(item.strip() for item in card.text(name, lang)) and card.text(name, lang), f"{key}.{name}"
    assert card.read_with


@pytest.mark.parametrize("key", list(catalogue()))
def test_card_says_several_things_it_hides_and_several_perverse_effects(key: str) -> None:
    card = template_cards()[key]
    for lang in LANGS:
        assert len(card.text("hides", lang)) >= 3, key
        assert len(card.text("perverse_effects", lang)) >= 3, key


@pytest.mark.parametrize("key", list(catalogue()))
def test_card_french_and_english_are_parallel_not_copies(key: str) -> None:
    card = template_cards()[key]
    assert len(card.hides.fr) == len(card.hides.en), key
    assert len(card.perverse_effects.fr) == len(card.perverse_effects.en), key
    assert card.purpose.fr != card.purpose.en, key


def test_every_read_with_names_another_known_indicator() -> None:
    keys = set(catalogue())
    for key, card in template_cards().items():
        assert set(card.read_with) <= keys and key not in card.read_with, key


def test_template_cards_are_version_one_with_review_dates_in_2026_or_2027() -> None:
    for card in template_cards().values():
        assert card.version == 1 and card.source == "template" and card.overridden == ()
        assert dt.date(2026, 1, 1) <= card.review_by <= dt.date(2027, 12, 31), card.key


def test_most_template_cards_are_adopted_and_a_few_proposed() -> None:
    statuses = [c.status for c in template_cards().values()]
    assert statuses.count("adopted") > len(statuses) // 2
    assert statuses.count("proposed") >= 3


def test_no_template_card_ties_a_number_to_reward() -> None:
    assert all(card.use != "reward" for card in template_cards().values())


def test_card_text_gives_the_language_asked() -> None:
    card = template_cards()["par30"]
    assert card.text("purpose", "fr") == card.purpose.fr
    assert card.text("hides", "en") == card.hides.en


def test_card_text_refuses_a_field_that_is_not_text() -> None:
    with pytest.raises(KeyError):
        template_cards()["par30"].text("status", "fr")


def test_override_is_recorded_and_does_not_bump_the_version() -> None:
    card = template_cards()["loans_disbursed"]
    patched = apply_patch(card, CardPatch(plain={"status": "contested"}))
    assert patched.status == "contested"
    assert patched.source == "organisation" and patched.overridden == ("status",)
    assert patched.version == card.version


def test_override_in_one_language_keeps_the_other() -> None:
    card = template_cards()["par30"]
    patched = apply_patch(card, CardPatch(texts={"purpose": {"fr": "Notre propre formulation."}}))
    assert patched.purpose.fr == "Notre propre formulation."
    assert patched.purpose.en == card.purpose.en


def test_card_file_missing_a_field_is_reported_with_the_field() -> None:
    text = 'use = "learning"\nstatus = "adopted"\nreview_by = 2026-06-30\nversion = 1\nread_with = []\n'
    card, problems = read_card_file("x", text, "x.toml")
    assert card is None
    assert "purpose" in str(problems[0]) and "x.toml" in str(problems[0])


def test_card_fields_are_the_ones_of_the_issue() -> None:
    expected = {"purpose", "shows", "hides", "perverse_effects", "use", "defined_with", "status", "review_by",
                "version", "read_with"}
    assert expected <= set(FIELDS)
