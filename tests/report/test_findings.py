"""The findings in the report: the story at the top, each alert beside its indicator, the silence map."""

from __future__ import annotations

import html as html_lib
from dataclasses import replace

import pytest

from missionlens.report.findings import THEMES, markers, story, theme_of
from missionlens.report.html import render_html
from missionlens.review.model import Alert, Review
from tests.review.worlds import reviewed

# A few indicators keep the page quick to draw; the findings on them are all there.
SHOWN = ("loans_disbursed", "minutes_per_new_loan", "followup_60d_rate", "par30", "share_minimum_benefits",
         "caseload_per_advisor")


def _card(page: str, key: str) -> str:
    """The indicator's article: from its id to the next indicator's."""
    start = page.index(f'id="card-{key}"')
    end = page.find('<article class="indicator', start)
    return page[start: end if end > 0 else len(page)]


@pytest.fixture(scope="module")
def pushed() -> Review:
    review = reviewed("volume_push")
    return replace(review, indicators=tuple(i for i in review.indicators if i.key in SHOWN))


@pytest.fixture(scope="module")
def page(pushed: Review) -> str:
    return html_lib.unescape(render_html(pushed))


def test_story_follows_the_order_the_study_saw(pushed: Review) -> None:
    keys = [theme.key for theme in story(pushed, "en")]
    assert keys[0] == "tensions" and keys == sorted(keys, key=THEMES.index)
    assert {"accompaniment", "outreach", "work"} <= set(keys)


def test_story_comes_before_the_dimensions(page: str) -> None:
    assert 'class="story"' in page and page.index('class="story"') < page.index('id="dim-')


def test_each_story_line_is_dated(pushed: Review) -> None:
    assert all(any(str(year) in theme.headline for year in range(2018, 2026)) for theme in story(pushed, "en"))


def test_each_alert_sits_beside_its_indicator_with_its_questions(pushed: Review, page: str) -> None:
    alert = next(a for a in pushed.alerts if a.indicator == "followup_60d_rate")
    card = _card(page, "followup_60d_rate")
    assert alert.evidence in card and all(q in card for q in alert.questions)


def test_chart_marks_the_month_a_change_starts(pushed: Review) -> None:
    alert = next(a for a in pushed.alerts if a.indicator == "minutes_per_new_loan")
    assert alert.start in {m.period for m in markers("minutes_per_new_loan", pushed, "en")}


def test_marker_label_is_drawn_on_the_indicator_chart(pushed: Review, page: str) -> None:
    label = markers("minutes_per_new_loan", pushed, "en")[0].label
    card = _card(page, "minutes_per_new_loan")
    assert label in card[: card.index("</svg>")]


def test_tension_shows_its_volume_and_its_quality(pushed: Review, page: str) -> None:
    assert 'class="sides"' in page and "Volume" in page and "Quality" in page
    tension = next(t for t in pushed.tensions if t.volume == "loans_disbursed")
    assert tension.evidence in page


def test_silence_map_is_a_chart_with_every_dimension(pushed: Review, page: str) -> None:
    figure = page[page.index('class="silence-chart"'):]
    svg = figure[: figure.index("</svg>")]
    assert all(d.title[:20] in svg for d in pushed.dimensions)


def test_attention_balance_shows_the_funding_target(page: str) -> None:
    table = page[page.index('class="attention"'):]
    assert "funding" in table[: table.index("</table>")]


def test_pressure_in_the_notes_has_its_own_chart(page: str) -> None:
    block = page[page.index('id="notes-pressure"'):]
    assert "<svg" in block[: block.index("</article>")]


def test_steady_report_says_the_detectors_found_nothing_clear() -> None:
    review = reviewed("steady")
    page = html_lib.unescape(render_html(replace(review, indicators=review.indicators[:2])))
    assert len(story(review, "en")) <= 1
    assert ("found no clear change" in page) == (not review.alerts)


def test_access_and_protection_alert_tells_of_protection() -> None:
    alert = Alert("drift", "approval_rate", ("access", "protection"), "up", "2023-03", 0.1, 0.99, "seen")
    assert theme_of(alert) == "protection"
