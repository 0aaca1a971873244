"""The review use case on real data sets: the simulator's small organisation and small builders."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from missionlens.data.importer import import_dataset
from missionlens.data.store import Store
from missionlens.mission import CORE_KEYS
from missionlens.review import Refusal, Review, build_review, build_reviews, to_json, validation_errors
from missionlens.review.build import months
from missionlens.review.model import Lang
from tests.review.builders import write_dataset, write_refused_dataset
from tests.review.worlds import reviewed

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=timezone.utc)
ACCOMPANIMENT = ("accompaniment_minutes", "minutes_per_new_loan", "followup_60d_rate")


def _review(source: Path, lang: Lang | None = None) -> Review:
    result = build_review(source, mission_path=None, lang=lang, now=NOW)
    assert isinstance(result, Review), result
    return result


@pytest.fixture(scope="module")
def simulated() -> Review:
    return reviewed("volume_push")


@pytest.fixture(scope="module")
def without_sessions(tmp_path_factory: pytest.TempPathFactory) -> Review:
    folder = write_dataset(tmp_path_factory.mktemp("nosessions") / "data", months=6, per_month=8, sessions=False)
    return _review(folder)


def test_review_json_validates_against_the_published_schema(simulated: Review) -> None:
    assert validation_errors(to_json(simulated)) == []


def test_every_core_indicator_has_every_month_of_the_data(simulated: Review) -> None:
    document = to_json(simulated)
    calendar = months(document["data"]["first_month"], document["data"]["last_month"])
    by_key = {i["key"]: i for i in document["indicators"]}
    assert set(CORE_KEYS) <= set(by_key)
    for key in CORE_KEYS:
        assert [p["period"] for p in by_key[key]["series"]] == calendar, key


def test_the_signals_fill_alerts_tensions_and_silences(simulated: Review) -> None:
    document = to_json(simulated)
    assert document["alerts"] and document["tensions"] and document["silences"] and document["errors"] == []


def test_review_counts_the_rows_of_each_table(simulated: Review) -> None:
    assert simulated.data.rows["loans"] > 0
    assert simulated.data.version == "v000001"


def test_accompaniment_without_sessions_is_null_never_zero(without_sessions: Review) -> None:
    for key in ACCOMPANIMENT:
        item = without_sessions.indicator(key)
        assert item is not None and item.status == "no_data"
        assert {p.value for p in item.monthly} == {None}, key


def test_loans_are_still_counted_without_sessions(without_sessions: Review) -> None:
    item = without_sessions.indicator("loans_disbursed")
    assert item is not None and any(p.value for p in item.monthly)


def test_refused_data_set_gives_every_problem_and_no_review(tmp_path: Path) -> None:
    result = build_review(write_refused_dataset(tmp_path / "bad"), mission_path=None, lang=None, now=NOW)
    assert isinstance(result, Refusal)
    texts = [str(p) for p in result.problems]
    assert any("amount" in t and "line 2" in t for t in texts)
    assert any("borrower" in t for t in texts)


def test_refusal_json_lists_the_errors_and_validates(tmp_path: Path) -> None:
    result = build_review(write_refused_dataset(tmp_path / "bad"), mission_path=None, lang=None, now=NOW)
    document = to_json(result)
    assert document["errors"] and all(e["file"] == "loans.csv" for e in document["errors"])
    assert validation_errors(document) == []


def test_missing_data_folder_is_refused(tmp_path: Path) -> None:
    result = build_review(tmp_path / "nowhere", mission_path=None, lang=None, now=NOW)
    assert isinstance(result, Refusal) and "no such file" in str(result.problems[0])


@pytest.fixture(scope="module")
def store_in_english(tmp_path_factory: pytest.TempPathFactory) -> Review:
    root = tmp_path_factory.mktemp("store")
    store = Store.create(root / "store")
    import_dataset(write_dataset(root / "data", months=3, per_month=6), store, now=NOW)
    return _review(root / "store", lang="en")


def test_a_store_is_reviewed_at_its_current_version(store_in_english: Review) -> None:
    assert store_in_english.data.version == "v000001" and store_in_english.data.rows["loans"] > 0


def test_texts_follow_the_language_asked(store_in_english: Review) -> None:
    item = store_in_english.indicator("loans_disbursed")
    assert store_in_english.lang == "en" and item is not None and item.title == "Loans disbursed"


def test_an_empty_store_is_refused(tmp_path: Path) -> None:
    Store.create(tmp_path / "store")
    result = build_review(tmp_path / "store", mission_path=None, lang=None, now=NOW)
    assert isinstance(result, Refusal) and "no version" in str(result.problems[0])


def test_a_broken_mission_file_is_refused_with_its_line(tmp_path: Path) -> None:
    mission = tmp_path / "mission.toml"
    mission.write_text('organisation = "X"\nlanguage = "fr"\n[[target]]\nindicator = "nope"\n', encoding="utf-8")
    result = build_review(tmp_path, mission_path=mission, lang=None, now=NOW)
    assert isinstance(result, Refusal)
    assert any(p.file and p.file.endswith("mission.toml") and p.line for p in result.problems)


def test_both_languages_from_one_reading_carry_the_same_numbers_in_their_own_words(tmp_path: Path) -> None:
    folder = write_dataset(tmp_path / "data", months=4, per_month=6)
    both = build_reviews(folder, mission_path=None, langs=("fr", "en"), now=NOW)
    assert isinstance(both, dict)
    fr, en = both["fr"].indicator("loans_disbursed"), both["en"].indicator("loans_disbursed")
    assert fr is not None and en is not None
    assert [p.value for p in fr.monthly] == [p.value for p in en.monthly]
    assert fr.title != en.title and en.title == "Loans disbursed"
