from __future__ import annotations

import json
from pathlib import Path

import pytest

from missionlens.data.simulator import simulate
from missionlens.signals.series import period_index
from missionlens.voices import Lemmatiser, analyse, find_themes, voice_alerts
from missionlens.voices.texts import from_notes
from tests.voices.builders import rising_notes


def test_rising_pressure_in_the_notes_is_a_voice_alert_at_its_start(lemmatiser: Lemmatiser) -> None:
    texts = rising_notes(months=48, start=30, per_month=12, before=0.05, after=0.45, seed=1)
    alert, *later = voice_alerts(texts, find_themes(texts, lemmatiser=lemmatiser), as_of="2024-12")
    assert (alert.theme, alert.direction) == ("pressure", "up") and all(a.theme == "pressure" for a in later)
    assert abs(period_index(alert.start, "month") - period_index("2023-07", "month")) <= 3


def test_a_voice_alert_is_shaped_like_the_review_alerts(lemmatiser: Lemmatiser) -> None:
    texts = rising_notes(months=48, start=30, per_month=12, before=0.05, after=0.45, seed=2)
    alert = voice_alerts(texts, find_themes(texts, lemmatiser=lemmatiser), as_of="2024-12")[0]
    shown = alert.to_json("fr")
    assert shown["kind"] == "voice" and shown["indicator"] == "voice_pressure" and shown["theme"] == "pressure"
    assert 0.95 <= shown["confidence"] <= 1 and "Par exemple" in shown["evidence"]
    assert set(shown) >= {"dimensions", "direction", "start", "magnitude", "evidence", "questions"}


def test_steady_notes_raise_no_voice_alert(lemmatiser: Lemmatiser) -> None:
    texts = rising_notes(months=48, start=30, per_month=12, before=0.2, after=0.2, seed=3)
    assert voice_alerts(texts, find_themes(texts, lemmatiser=lemmatiser), as_of="2024-12") == ()


def test_notes_of_borrowers_do_not_count_in_the_team_series(lemmatiser: Lemmatiser) -> None:
    texts = rising_notes(months=48, start=30, per_month=12, before=0.05, after=0.45, seed=4)
    borrowers = [type(t)(t.text, t.date, "borrower") for t in texts]
    assert voice_alerts(borrowers, find_themes(borrowers, lemmatiser=lemmatiser), as_of="2024-12") == ()


@pytest.fixture(scope="module")
def volume_push(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("volume_push")
    simulate(out, scale=0.5, scenario="volume_push", seed=7)
    return out


def test_the_volume_push_pressure_rise_is_found_within_three_months(volume_push: Path, lemmatiser: Lemmatiser) -> None:
    import pandas as pd

    truth = json.loads((volume_push / "truth.json").read_text(encoding="utf-8"))
    [expected] = [v for v in truth["voice_changes"] if v["theme"] == "pressure"]
    texts = from_notes(pd.read_csv(volume_push / "notes.csv"))
    alerts = voice_alerts(texts, find_themes(texts, lemmatiser=lemmatiser), as_of=truth["end"])
    found = [a for a in alerts if a.theme == "pressure" and a.direction == "up"]
    assert found, [a.theme for a in alerts]
    gap = period_index(found[0].start, "month") - period_index(expected["start"], "month")
    assert abs(gap) <= 3


def test_the_analysis_of_a_data_set_never_quotes_a_borrower_identifier(volume_push: Path, lemmatiser: Lemmatiser) -> None:
    import datetime as dt

    import pandas as pd

    tables = {n: pd.read_csv(volume_push / f"{n}.csv") for n in ("notes", "feedback", "borrowers", "loans", "branches")}
    result = analyse(as_of=dt.date(2025, 12, 31), lemmatiser=lemmatiser, **tables)
    shown = json.dumps(result.section(), ensure_ascii=False)
    ids = set(tables["borrowers"]["borrower_id"].astype(str))
    assert result.alerts and not any(i in shown for i in ids)
