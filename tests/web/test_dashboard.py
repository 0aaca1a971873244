"""The dashboard's content, built from a review document (no database, no request)."""

from __future__ import annotations

from missionlens.web.dashboard import around_change, build, coverage_dots, pressures, windows_of
from missionlens.web.sparklines import sparkline, trend
from tests.web.review_files import make_review


def test_a_series_without_any_value_draws_nothing() -> None:
    assert sparkline([{"period": "2024-01", "value": None}]) == ""
    assert trend([{"period": "2024-01", "value": None}]) == ""


def test_a_value_on_too_few_cases_is_drawn_hollow() -> None:
    svg = sparkline([{"period": "2024-01", "value": 1.0, "too_few": True}, {"period": "2024-02", "value": 2.0}])
    assert svg.count('class="spark-thin"') == 1


def test_the_month_a_change_starts_is_marked() -> None:
    svg = sparkline([{"period": "2024-01", "value": 1.0}, {"period": "2024-02", "value": 2.0}], markers=["2024-02"])
    assert 'class="spark-mark"' in svg


def test_the_starts_a_change_s_figures_allow_are_shaded_within_the_months_shown() -> None:
    points = [{"period": f"2024-{m:02d}", "value": float(m)} for m in range(1, 13)]
    svg = trend(points, markers=["2024-06"], windows=[("2023-11", "2024-08")])
    assert svg.count('class="trend-window"') == 1
    assert 'class="trend-window"' not in trend(points, markers=["2024-06"])
    review = {"alerts": [{"indicator": "k", "start_window": ["2024-03", "2024-08"]},
                         {"indicator": "k", "start_window": ["2024-06", "2024-06"]},
                         {"indicator": "other", "start_window": ["2024-01", "2024-02"]}]}
    assert windows_of(review, "k") == [("2024-03", "2024-08")]


def test_tensions_come_before_alerts_in_what_the_period_says() -> None:
    page = build(make_review(), lang="fr", months=24, voices={}, since="depuis", confidence="confiance")
    assert [f.kind for f in page.findings] == ["tension", "drift"]


def test_each_dimension_keeps_its_findings_and_its_silence_status() -> None:
    page = build(make_review(), lang="fr", months=24, voices={}, since="depuis", confidence="confiance")
    accompaniment = next(p for p in page.panels if p.key == "accompaniment")
    assert accompaniment.status == "silent" and {f.kind for f in accompaniment.findings} == {"tension", "drift"}


def test_a_finding_s_chart_starts_a_year_before_the_change_whatever_the_period() -> None:
    series = [{"period": f"2020-{m:02d}", "value": m} for m in range(1, 13)] + [
        {"period": f"2021-{m:02d}", "value": m} for m in range(1, 13)]
    assert around_change(series, "2021-06")[0]["period"] == "2020-06"


def test_the_pressure_sits_where_the_mission_targets_are() -> None:
    rows = {p.dimension: p for p in pressures(make_review(), "fr")}
    assert (rows["access"].targets, rows["access"].pressure) == (1, "funding")
    assert rows["accompaniment"].targets == 0


def test_the_detectors_attention_balance_wins_over_the_mission_s_targets() -> None:
    review = make_review()
    review["attention"] = {"dimensions": [{"dimension": "accompaniment", "targeted": ["x", "y"], "pressures": {"pay": 2}}]}
    rows = {p.dimension: p for p in pressures(review, "fr")}
    assert (rows["accompaniment"].targets, rows["accompaniment"].pressure) == (2, "pay")


def test_a_dimension_no_voice_covers_shows_hollow_dots() -> None:
    assert coverage_dots({"indicators": 4, "voices": {"staff": 12}}) == ("●●", "●●●", "○", "○")
