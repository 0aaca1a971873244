"""The HTML report: organised by dimension, every figure with its n, period and card."""

from __future__ import annotations

from markupsafe import Markup

import html as html_lib
from dataclasses import replace

import pytest

from missionlens.report.html import render_html, trend
from missionlens.review.model import Point, Review
from tests.report.builders import make_review, with_alert


@pytest.fixture(scope="module")
def review() -> Review:
    return make_review("fr")


@pytest.fixture(scope="module")
def page(review: Review) -> str:
    return html_lib.unescape(render_html(review))


def test_each_dimension_has_its_section(review: Review, page: str) -> None:
    for dimension in review.dimensions:
        assert f'id="dim-{dimension.key}"' in page and dimension.title in page


def test_each_indicator_shows_what_it_hides(review: Review, page: str) -> None:
    for item in review.indicators:
        assert all(text in page for text in item.card.hides), item.key


def test_each_indicator_has_its_card_and_definition(review: Review, page: str) -> None:
    for item in review.indicators:
        assert f'id="card-{item.key}"' in page and f'id="def-{item.key}"' in page


def test_latest_value_travels_with_its_n_and_month(page: str) -> None:
    assert "n\u00a0=\u00a0" in page and "juin\u00a02025" in page


def test_french_report_writes_percent_with_a_space(page: str) -> None:
    assert "\u00a0%" in page


def test_findings_box_says_the_detectors_have_not_run(page: str) -> None:
    assert "n’ont pas encore été exécutés" in page


def test_an_indicator_without_data_says_it_is_not_zero(page: str) -> None:
    assert "Ce n’est pas zéro" in page


def test_the_methods_annex_states_the_min_n_rule_and_the_data_version(review: Review, page: str) -> None:
    assert f"moins de {review.methods.min_n} cas" in page and "v000003" in page and "ab" * 32 in page


def test_english_report_uses_english_labels() -> None:
    review = make_review("en")
    page = render_html(replace(review, indicators=review.indicators[:3]))
    assert "What this number does not show" in page and 'lang="en"' in page


def test_an_alert_appears_in_the_findings_and_marks_its_chart(review: Review) -> None:
    page = html_lib.unescape(render_html(with_alert(review)))
    assert "fell from 150 to 108" in page and "Was a volume target set?" in page
    assert "juil.\u00a02024" in page


def test_a_start_window_is_shaded_and_said_under_the_chart(review: Review) -> None:
    plain = html_lib.unescape(render_html(with_alert(review)))
    alert = replace(with_alert(review).alerts[0], start_window=("2024-03", "2024-10"))
    shaded = html_lib.unescape(render_html(replace(review, alerts=(alert,), signals_run=True)))
    legend = "zone ombrée : les débuts que les chiffres permettent"
    assert legend not in plain
    assert shaded.count(legend) == 1


def test_trend_compares_the_last_months_with_a_year_before() -> None:
    points = [Point(f"2024-{m:02d}", 100.0, 50) for m in range(1, 13)]
    points += [Point(f"2025-{m:02d}", 120.0, 50) for m in range(1, 4)]
    assert trend(points) == ("up", pytest.approx(0.2), pytest.approx(20.0))


def test_no_trend_without_the_year_before() -> None:
    assert trend([Point("2025-01", 1.0, 50), Point("2025-02", 2.0, 50)]) is None


def test_the_audience_is_on_the_cover_and_an_adapter_s_section_comes_before_the_annex(review: Review) -> None:
    page = render_html(review, audience="Conseil <d'administration>",
                       before_annex=Markup('<section class="added">Voices</section>'))
    assert '<p class="kicker audience">Conseil &lt;d&#39;administration&gt;</p>' in page
    assert page.index('<section class="added">') < page.index('<section class="annex"')
