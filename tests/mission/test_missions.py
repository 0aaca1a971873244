"""Loading a mission file over the template: merging, validation and located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from missionlens.mission import MissionError, load_mission, template_mission

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO.parent / "shared" / "examples" / "mission.toml"
HEADER = 'organisation = "Association test"\nlanguage = "fr"\n'


def write_mission(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "mission.toml"
    path.write_text(header + body, encoding="utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(MissionError) as info:
        load_mission(path)
    return [str(p) for p in info.value.problems]


def test_no_path_gives_the_template() -> None:
    assert load_mission(None) == template_mission("fr")


def test_minimal_file_gets_everything_from_the_template(tmp_path: Path) -> None:
    mission = load_mission(write_mission(tmp_path, ""))
    assert mission.organisation == "Association test"
    assert mission.dimensions == template_mission().dimensions
    assert mission.cards == template_mission().cards


@pytest.mark.skipif(not EXAMPLE.exists(), reason=f"the shared example {EXAMPLE} is absent")
def test_shared_example_mission_loads_with_its_overrides() -> None:
    mission = load_mission(EXAMPLE)
    card = mission.cards["loans_disbursed"]
    assert mission.organisation == "Microcrédit Solidaire Hauts-de-France"
    assert card.defined_with.fr == ("direction", "région") and card.source == "organisation"
    assert card.review_by.isoformat() == "2026-06-30"
    assert mission.dimensions["access"].standards == ("client-centred products",)
    assert mission.dimensions["access"].source == "organisation"
    assert len(mission.dimensions) == 7
    assert mission.targets[0].pressure == "funding" and mission.targets[0].value == 1800


@pytest.mark.skipif(not EXAMPLE.exists(), reason=f"the shared example {EXAMPLE} is absent")
def test_shared_example_own_indicator_is_proposed_with_a_warning() -> None:
    mission = load_mission(EXAMPLE)
    own = mission.custom_indicators[0]
    assert own.key == "first_time_entrepreneurs_share" and not own.computable
    assert mission.cards[own.key].status == "proposed"
    assert any("not computable yet" in str(w) for w in mission.warnings)


def test_dimension_override_keeps_the_other_language(tmp_path: Path) -> None:
    path = write_mission(tmp_path, '[[dimension]]\nkey = "people"\ntitle.fr = "Nos équipes"\n')
    dim = load_mission(path).dimensions["people"]
    assert dim.title.fr == "Nos équipes"
    assert dim.title.en == template_mission().dimensions["people"].title.en


def test_new_dimension_is_added_after_the_template_ones(tmp_path: Path) -> None:
    path = write_mission(tmp_path, '[[dimension]]\nkey = "territory"\ntitle = "Le territoire"\nstandards = ["environment"]\n')
    mission = load_mission(path)
    assert list(mission.dimensions)[-1] == "territory"
    assert mission.dimensions["territory"].title.en == "Le territoire"


def test_same_tension_replaces_the_template_one(tmp_path: Path) -> None:
    body = '[[tension]]\nvolume = "approval_rate"\nquality = ["par30"]\nwhy = "Nos mots."\n'
    mission = load_mission(write_mission(tmp_path, body))
    assert len(mission.tensions) == len(template_mission().tensions)
    assert [t.why.fr for t in mission.tensions if t.volume == "approval_rate"] == ["Nos mots."]


def test_card_override_in_a_language_table_applies_to_that_language(tmp_path: Path) -> None:
    body = '[card.par30.en]\npurpose = "Our own words."\n'
    card = load_mission(write_mission(tmp_path, body)).cards["par30"]
    assert card.purpose.en == "Our own words."
    assert card.purpose.fr == template_mission().cards["par30"].purpose.fr
    assert card.overridden == ("purpose",)


def test_own_indicator_with_a_definition_is_computable(tmp_path: Path) -> None:
    body = (
        '[[indicator]]\nkey = "business_share"\ntitle = "Part de microcrédits professionnels"\n'
        'dimensions = ["access"]\ntable = "loans"\ndate = "disbursement_date"\nmeasure = "share"\n'
        "where = \"product = 'business'\"\nof = \"decision = 'approved' and borrowers.banked = false\"\n"
        '[[target]]\nindicator = "business_share"\nvalue = 0.6\nperiod = "year"\npressure = "internal"\nset_by = "CA"\n'
    )
    mission = load_mission(write_mission(tmp_path, body))
    own = mission.custom_indicators[0]
    assert own.computable and own.unit == "share" and own.date_column == "disbursement_date"
    assert "business_share" in mission.indicator_keys and mission.targets_for("business_share")


def test_target_tied_to_pay_gives_a_warning(tmp_path: Path) -> None:
    body = '[[target]]\nindicator = "loans_disbursed"\nvalue = 100\nperiod = "month"\npressure = "pay"\nset_by = "DG"\n'
    warnings = load_mission(write_mission(tmp_path, body)).warnings
    assert any("pay depends on" in str(w) and "line 7" in str(w) for w in warnings)


def test_unknown_dimension_in_own_indicator_is_located(tmp_path: Path) -> None:
    body = '[[indicator]]\nkey = "x"\ntitle = "X"\ndimensions = ["acces"]\n'
    (problem,) = problems_of(write_mission(tmp_path, body))
    assert "line 6" in problem and "dimensions" in problem and 'Did you mean "access"' in problem


def test_unknown_universal_standard_is_located(tmp_path: Path) -> None:
    body = '[[dimension]]\nkey = "access"\nstandards = ["client protectoin"]\n'
    (problem,) = problems_of(write_mission(tmp_path, body))
    assert "line 5" in problem and "standards" in problem and "client protection" in problem


def test_bad_pressure_is_located_and_lists_the_choices(tmp_path: Path) -> None:
    body = '[[target]]\nindicator = "par30"\nvalue = 0.05\nperiod = "year"\npressure = "bonus"\nset_by = "CA"\n'
    (problem,) = problems_of(write_mission(tmp_path, body))
    assert "line 7" in problem and "[[target]] #1" in problem and "none, internal, funding, pay" in problem


def test_unknown_indicator_in_a_tension_is_located_with_a_suggestion(tmp_path: Path) -> None:
    body = '[[tension]]\nvolume = "loans_disbursed"\nquality = ["minutes_per_loan"]\nwhy = "x"\n'
    (problem,) = problems_of(write_mission(tmp_path, body))
    assert "line 5" in problem and "minutes_per_loan" in problem and "minutes_per_new_loan" in problem


def test_unknown_key_in_read_with_is_located(tmp_path: Path) -> None:
    (problem,) = problems_of(write_mission(tmp_path, '[card.par30]\nread_with = ["par31"]\n'))
    assert "line 4" in problem and "read_with" in problem and "par31" in problem


def test_card_override_of_an_unknown_indicator_is_refused(tmp_path: Path) -> None:
    (problem,) = problems_of(write_mission(tmp_path, '[card.loans_disbursd]\nuse = "learning"\n'))
    assert "line 3" in problem and "loans_disbursed" in problem


def test_unknown_top_level_field_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    (problem,) = problems_of(write_mission(tmp_path, '[[dimensions]]\nkey = "access"\n'))
    assert "line 3" in problem and 'Did you mean "dimension"' in problem


def test_toml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    (problem,) = problems_of(write_mission(tmp_path, '[[tension]\nvolume = "par30"\n'))
    assert "line 3, column" in problem and "not valid TOML" in problem


def test_missing_organisation_and_language_are_both_reported(tmp_path: Path) -> None:
    problems = problems_of(write_mission(tmp_path, "", header=""))
    assert any("organisation" in p for p in problems) and any("language" in p for p in problems)


def test_unknown_template_is_refused(tmp_path: Path) -> None:
    (problem,) = problems_of(write_mission(tmp_path, 'template = "housing"\n'))
    assert "housing" in problem and "microcredit" in problem


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    body = (
        '[[target]]\nindicator = "nope"\nvalue = "many"\nperiod = "week"\npressure = "pay"\nset_by = "CA"\n'
    )
    assert len(problems_of(write_mission(tmp_path, body))) == 3


def test_missing_file_is_a_user_error(tmp_path: Path) -> None:
    (problem,) = problems_of(tmp_path / "absent.toml")
    assert "absent.toml" in problem and "cannot be read" in problem


def test_a_later_card_version_replaces_the_file_s_and_a_card_without_indicator_is_left_out() -> None:
    from dataclasses import replace

    mission = template_mission("fr")
    contested = replace(mission.cards["par30"], status="contested", version=2)
    stranger = replace(contested, key="not_an_indicator")
    changed = mission.with_cards({"par30": contested, "not_an_indicator": stranger})
    assert (changed.cards["par30"].status, changed.cards["par30"].version) == ("contested", 2)
    assert "not_an_indicator" not in changed.cards
    assert changed.cards["loans_disbursed"] == mission.cards["loans_disbursed"]
