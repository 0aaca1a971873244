from __future__ import annotations

import datetime as dt

import numpy as np

from missionlens.mission import load_mission
from missionlens.signals import NoteText, detect, pressure_series
from missionlens.signals.lexicon import voices_pressure
from tests.signals.builders import mean_series, step

T = 60


def test_the_lexicon_hears_pressure_in_french_and_english() -> None:
    assert voices_pressure("On n'a plus le temps de faire les suivis, on est débordés.")
    assert voices_pressure("We are under pressure to hit the loan targets this quarter.")


def test_the_lexicon_is_silent_on_an_ordinary_note() -> None:
    assert not voices_pressure("Rendez-vous de suivi : l'activité démarre bien, premiers clients fidèles.")
    assert not voices_pressure("Follow-up visit: the bakery opened in March and sales are steady.")


def _notes(pressed_share: list[float], per_month: int, seed: int) -> list[NoteText]:
    rng = np.random.default_rng(seed)
    out = []
    for i, share in enumerate(pressed_share):
        day = dt.date(2021 + i // 12, i % 12 + 1, 15)
        for _ in range(per_month):
            text = "Trop de dossiers, pas le temps de bien faire." if rng.uniform() < share else "Suivi normal."
            out.append(NoteText(day, "staff", text))
    out.append(NoteText(dt.date(2021, 1, 20), "borrower", "Pas le temps, trop de pression !"))
    return out


def test_the_pressure_share_counts_staff_notes_only_and_carries_their_number() -> None:
    series = pressure_series(_notes([0.0, 1.0], per_month=4, seed=1))
    assert series is not None
    assert list(series.periods) == ["2021-01", "2021-02"]
    assert list(series.values) == [0.0, 1.0] and list(series.n) == [4, 4]


def test_a_month_without_staff_notes_has_no_value_not_zero() -> None:
    notes = [NoteText(dt.date(2021, 1, 5), "staff", "Suivi."), NoteText(dt.date(2021, 3, 5), "volunteer", "Stress.")]
    series = pressure_series(notes)
    assert series is not None and list(series.values) == [0.0, None, 1.0] and list(series.n) == [1, None, 1]


def test_rising_pressure_in_the_notes_is_a_workload_alert() -> None:
    shares = [0.1] * 36 + [0.45] * 24
    result = detect({}, mission=load_mission(None), as_of="2025-12", notes=_notes(shares, per_month=12, seed=2))
    [alert] = result.alerts
    assert (alert.indicator, alert.kind, alert.direction) == ("pressure_notes_share", "workload", "up")


def test_shorter_sessions_are_a_workload_alert() -> None:
    series = mean_series("minutes_per_session", 75 + step(T, 40, -20), n=300, sd=30, seed=3,
                         dimensions=("accompaniment", "people"))
    result = detect({"minutes_per_session": series}, mission=load_mission(None), as_of="2025-12")
    assert [(a.kind, a.direction) for a in result.alerts] == [("workload", "down")]
