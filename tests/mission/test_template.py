"""The built-in social micro-credit template: dimensions, indicators, cards and tensions."""

from __future__ import annotations

from missionlens.mission import CORE_KEYS, STANDARDS, catalogue, template_cards, template_mission

TEMPLATE_DIMENSIONS = ("access", "accompaniment", "protection", "outcomes", "dignity", "people", "sustainability")

# spec/microcredit-data.md, "Core indicator definitions": the 13 keys, as the spec lists them.
SPEC_CORE = (
    "loans_disbursed amount_disbursed avg_loan_amount new_borrowers share_women share_minimum_benefits "
    "share_unbanked approval_rate accompaniment_minutes minutes_per_new_loan followup_60d_rate "
    "portfolio_outstanding par30"
).split()


def test_template_loads_in_both_languages() -> None:
    assert template_mission("fr").language == "fr"
    assert template_mission("en").language == "en"


def test_template_has_the_seven_dimensions_of_the_brief() -> None:
    assert tuple(template_mission().dimensions) == TEMPLATE_DIMENSIONS


def test_every_template_dimension_is_titled_and_described_in_both_languages() -> None:
    for dim in template_mission().dimensions.values():
        assert dim.title.fr and dim.title.en and dim.title.fr != dim.title.en, dim.key
        assert dim.description.fr and dim.description.en, dim.key


def test_every_template_dimension_maps_to_universal_standards() -> None:
    for dim in template_mission().dimensions.values():
        assert dim.standards and set(dim.standards) <= set(STANDARDS), dim.key


def test_template_has_at_least_thirty_indicators() -> None:
    assert len(catalogue()) >= 30


def test_every_core_indicator_of_the_spec_is_in_the_catalogue_and_marked_core() -> None:
    entries = catalogue()
    assert set(CORE_KEYS) == set(SPEC_CORE)
    assert all(entries[key].core for key in SPEC_CORE)
    assert {k for k, e in entries.items() if e.core} == set(SPEC_CORE)


def test_every_indicator_names_only_template_dimensions() -> None:
    for entry in catalogue().values():
        assert entry.dimensions and set(entry.dimensions) <= set(TEMPLATE_DIMENSIONS), entry.key


def test_every_indicator_has_titles_and_definitions_in_both_languages() -> None:
    for entry in catalogue().values():
        assert entry.title.fr and entry.title.en, entry.key
        assert entry.definition.fr and entry.definition.en, entry.key


def test_every_dimension_is_informed_by_at_least_one_indicator() -> None:
    covered = {d for e in catalogue().values() for d in e.dimensions}
    assert covered == set(TEMPLATE_DIMENSIONS)


def test_template_declares_at_least_four_tensions_with_a_why_in_both_languages() -> None:
    tensions = template_mission().tensions
    assert len(tensions) >= 4
    for t in tensions:
        assert t.why.fr and t.why.en and t.why.fr != t.why.en, t.key


def test_template_tensions_are_those_of_the_brief() -> None:
    pairs = {(t.volume, t.quality) for t in template_mission().tensions}
    assert pairs == {
        ("loans_disbursed", ("minutes_per_new_loan", "followup_60d_rate")),
        ("loans_disbursed", ("share_minimum_benefits", "share_unbanked")),
        ("amount_disbursed", ("par30", "loan_to_income")),
        ("active_borrowers", ("followup_minutes_per_borrower", "minutes_per_session")),
        ("approval_rate", ("par30",)),
    }


def test_every_tension_names_known_indicators() -> None:
    keys = set(catalogue())
    for t in template_mission().tensions:
        assert t.volume in keys and set(t.quality) <= keys, t.key


def test_template_cards_cover_exactly_the_catalogue() -> None:
    assert set(template_cards()) == set(catalogue())


def test_template_mission_sets_no_targets() -> None:
    assert template_mission().targets == ()
