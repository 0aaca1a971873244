"""Trend charts: Vega-Lite through Altair, rendered to SVG by vl-convert."""

from __future__ import annotations

import re

from missionlens.report.charts import Marker, trend_chart, trend_svg
from missionlens.review.model import Point


def _points(unit_share: bool = True) -> list[Point]:
    out = []
    for i in range(14):
        value = None if i == 5 else 0.4 + 0.01 * i
        out.append(Point(f"2024-{i % 12 + 1:02d}" if i < 12 else f"2025-{i - 11:02d}", value, 10 if i < 2 else 200,
                         None if value is None else value - 0.05, None if value is None else value + 0.05, i < 2))
    return out


def test_chart_is_an_svg() -> None:
    assert trend_svg(_points(), unit="share", lang="fr").lstrip().startswith("<svg")


def test_share_chart_draws_its_interval_band() -> None:
    spec = trend_chart(_points(), unit="share", lang="fr").to_dict(validate=False)
    assert any(layer.get("mark", {}).get("type") == "area" for layer in spec["layer"])


def test_count_chart_has_no_band() -> None:
    spec = trend_chart(_points(), unit="count", lang="fr").to_dict(validate=False)
    assert not any(layer.get("mark", {}).get("type") == "area" for layer in spec["layer"])


def test_too_few_points_are_drawn_hollow() -> None:
    svg = trend_svg(_points(), unit="share", lang="en")
    assert svg.count('fill="white"') >= 2


def test_marker_draws_a_rule_and_its_label() -> None:
    svg = trend_svg(_points(), unit="share", lang="fr", markers=[Marker("2024-07", "juil. 2024")])
    assert "juil. 2024" in svg and "#c2691c" in svg


def test_a_marker_with_a_window_shades_the_starts_the_figures_allow() -> None:
    plain = trend_chart(_points(), unit="share", lang="en", markers=[Marker("2024-07", "Jul 24")])
    shaded = trend_chart(_points(), unit="share", lang="en",
                         markers=[Marker("2024-07", "Jul 24", ("2024-03", "2024-10"))])
    rects = [layer for layer in shaded.to_dict(validate=False)["layer"] if layer.get("mark", {}).get("type") == "rect"]
    assert len(rects) == 1
    assert rects[0]["data"]["values"] == [{"from": "2024-03-01", "to": "2024-10-01"}]
    assert not any(layer.get("mark", {}).get("type") == "rect" for layer in plain.to_dict(validate=False)["layer"])


def test_ids_differ_between_two_charts_of_one_page() -> None:
    first = set(re.findall(r'id="([^"]+)"', trend_svg(_points(), unit="share", lang="fr")))
    second = set(re.findall(r'id="([^"]+)"', trend_svg(_points(), unit="share", lang="fr")))
    assert not first & second
