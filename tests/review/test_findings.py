"""The signals wired into the review: the story of a volume push, the quiet of a steady world."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from missionlens.mission import load_mission
from missionlens.review import Review, to_json, validation_errors
from missionlens.review.findings import field_evidence, last_complete_month, series_input
from missionlens.review.model import Point
from tests.report.builders import make_review
from tests.review.worlds import reviewed

TENSION_QUALITIES = {"minutes_per_new_loan", "followup_60d_rate", "followup_minutes_per_borrower",
                     "minutes_per_session", "par30", "loan_to_income", "share_unbanked", "share_minimum_benefits"}


@pytest.fixture(scope="module")
def pushed() -> Review:
    return reviewed("volume_push")


@pytest.fixture(scope="module")
def steady() -> Review:
    return reviewed("steady")


def test_json_with_alerts_validates_against_the_schema(pushed: Review) -> None:
    document = to_json(pushed)
    assert document["alerts"] and validation_errors(document) == []


def test_volume_push_raises_tension_outreach_and_workload_alerts(pushed: Review) -> None:
    assert {"tension", "outreach", "workload"} <= {a.kind for a in pushed.alerts}


def test_volume_push_shows_accompaniment_falling(pushed: Review) -> None:
    assert any(a.indicator in {"minutes_per_new_loan", "followup_60d_rate"} and a.direction == "down"
               for a in pushed.alerts)


def test_volume_push_shows_arrears_rising_after_the_push(pushed: Review) -> None:
    par30 = [a for a in pushed.alerts if a.indicator == "par30" and a.direction == "up"]
    push = min(t.volume_start or t.start for t in pushed.tensions if t.volume == "loans_disbursed")
    assert par30 and par30[0].start > push


def test_volume_push_shows_pressure_in_the_notes_as_a_rising_voice_theme(pushed: Review) -> None:
    pressure = [a for a in pushed.alerts if a.kind == "voice" and a.theme == "pressure"]
    assert pressure and pressure[0].direction == "up" and pressure[0].label
    assert any(p.value is not None for p in pushed.notes_pressure)


def test_the_pressure_lexicon_raises_no_alert_beside_the_voice_themes(pushed: Review) -> None:
    assert not any(a.indicator == "pressure_notes_share" for a in pushed.alerts)


def test_the_review_carries_the_voices_section(pushed: Review) -> None:
    voices = pushed.voices
    assert voices is not None and voices["texts"] > 0
    assert any(t["key"] and t["terms"] and t["count"] > 0 for t in voices["themes"])
    assert voices["feedback"] is not None and voices["feedback"]["answers"] > 0


def test_the_published_schema_holds_the_voices_fragment_of_the_voices_package() -> None:
    from missionlens.review.serialise import schema
    from missionlens.voices import VOICES_SCHEMA

    assert schema()["$defs"]["voices"] == VOICES_SCHEMA


def test_tensions_pair_a_declared_volume_with_a_quality(pushed: Review) -> None:
    declared = {(t.volume, q) for t in pushed.declared_tensions for q in t.quality}
    assert pushed.tensions and all((t.volume, t.quality) in declared for t in pushed.tensions)
    assert {t.quality for t in pushed.tensions} & TENSION_QUALITIES


def test_every_alert_is_dated_evidenced_and_asks_questions(pushed: Review) -> None:
    for alert in pushed.alerts:
        assert len(alert.start) == 7 and alert.evidence and alert.questions and 0 <= alert.confidence <= 1


def test_steady_world_raises_almost_nothing(steady: Review) -> None:
    assert len(steady.alerts) <= 1 and not steady.tensions and steady.signals_run


def test_every_dimension_is_on_the_silence_map(pushed: Review) -> None:
    assert [s.dimension for s in pushed.silences] == [d.key for d in pushed.dimensions]
    assert all(s.status in {"silent", "thin", "covered"} for s in pushed.silences)


def test_silence_map_counts_the_borrowers_voice_in_dignity(pushed: Review) -> None:
    dignity = next(s for s in pushed.silences if s.dimension == "dignity")
    assert dignity.voices.get("borrower", 0) > 0 and dignity.last_evidence is not None


def test_attention_balance_finds_the_funders_volume_target(pushed: Review) -> None:
    assert pushed.attention is not None and pushed.attention.volume_targets >= 1
    access = next(d for d in pushed.attention.dimensions if d.dimension == "access")
    assert "loans_disbursed" in access.targeted and access.pressures.get("funding") == 1


def test_signals_read_up_to_the_last_month_the_data_complete() -> None:
    assert last_complete_month("2025-12", "2025-12-31") == "2025-12"
    assert last_complete_month("2025-12", "2025-12-15") == "2025-11"
    assert last_complete_month("2025-01", "2025-01-15") == "2024-12"


def test_signals_run_up_to_the_data_not_the_clock(pushed: Review) -> None:
    assert pushed.signals is not None and pushed.signals.as_of == pushed.data.last_month


def test_a_value_with_too_few_cases_is_no_value_for_the_signals() -> None:
    item = make_review("en").indicators[0]
    thin = replace(item, monthly=(Point("2024-01", 0.5, 3, too_few=True), Point("2024-02", 0.4, 300)))
    assert list(series_input(thin).values) == [None, 0.4]


def test_review_without_signals_keeps_its_findings_empty() -> None:
    review = make_review("fr")
    assert (review.alerts, review.tensions, review.silences, review.signals_run) == ((), (), (), False)


def _parquet(path: Path, columns: dict[str, list[object]]) -> Path:
    pq.write_table(pa.table(columns), path)
    return path


def test_feedback_is_evidence_for_the_dimensions_of_its_indicators(tmp_path: Path) -> None:
    day = dt.date(2025, 3, 1)
    feedback = _parquet(tmp_path / "feedback.parquet", {
        "date": [day], "recommend": [9], "life_change": ["better"], "text": [None],
    })
    evidence = field_evidence(load_mission(None, lang="en"), None, feedback)
    assert {(i.dimension, i.author_role) for i in evidence.items} == {("dignity", "borrower"),
                                                                      ("outcomes", "borrower")}


def test_a_note_is_evidence_for_the_dimension_it_names(tmp_path: Path) -> None:
    day = dt.date(2025, 3, 1)
    notes = _parquet(tmp_path / "notes.parquet", {
        "date": [day, day], "author_role": ["staff", "volunteer"], "kind": ["observation", "concern"],
        "dimension": ["accompaniment", None], "text": ["On est débordés, pas le temps.", "RAS"],
    })
    evidence = field_evidence(load_mission(None, lang="en"), notes, None)
    assert [i.dimension for i in evidence.items] == ["accompaniment"] and len(evidence.notes) == 2
