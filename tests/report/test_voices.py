"""Each dimension's voices in the report: themes with counts and quotes, selected stories, and
the people served whom the feedback never heard."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from missionlens.report.html import render_html
from missionlens.report.voices import voices_by_dimension
from tests.report.builders import make_review


def _section() -> dict[str, Any]:
    return {
        "texts": 40,
        "languages": {"fr": 40},
        "themes": [
            {"key": "pressure", "label": "Pression et objectifs chiffrés", "terms": ["objectif", "temps", "chiffre"],
             "seed": "pressure", "dimensions": ["people", "accompaniment"], "count": 12, "share": 0.3,
             "quotes": [{"text": "On n'a plus le temps de suivre les dossiers, il faut faire du chiffre.",
                         "period": "2024-03", "role": "staff", "source": "note"}], "trend": []},
        ],
        "feedback": None,
        "segments_never_heard": [{"segment": "zone", "value": "rural", "served": 80, "heard": 0,
                                  "expected": 9.5, "status": "never_heard"}],
        "stories": [{"story_id": "s1", "domain": "d", "teller_role": "borrower", "told_on": "2024-05-02",
                     "title": "Mon atelier a rouvert", "text": "Grâce au prêt, j'ai rouvert l'atelier.",
                     "why_significant": "Je travaille de nouveau.", "dimension": "outcomes", "verified": True,
                     "selections": [{"level": "board", "panel": "Conseil", "held_on": "2024-06-01",
                                     "reasons": "Un changement durable."}]}],
    }


def test_a_theme_sits_in_each_dimension_it_speaks_of_with_its_count_and_quote() -> None:
    views = voices_by_dimension(replace(make_review("fr"), voices=_section()), "fr")
    assert {"people", "accompaniment"} <= set(views)
    theme = views["people"].themes[0]
    assert theme.count == "12" and theme.quotes and "temps" in theme.quotes[0].text


def test_a_selected_story_sits_beside_the_numbers_of_its_dimension() -> None:
    views = voices_by_dimension(replace(make_review("en"), voices=_section()), "en")
    assert views["outcomes"].stories[0].title == "Mon atelier a rouvert"
    assert views["outcomes"].stories[0].selected_by == "the board"


def test_segments_never_heard_go_to_the_borrowers_own_dimension() -> None:
    views = voices_by_dimension(replace(make_review("en"), voices=_section()), "en")
    assert views["dignity"].unheard and "rural" in views["dignity"].unheard[0]


def test_a_review_without_voices_shows_no_voices_box() -> None:
    assert voices_by_dimension(make_review("en"), "en") == {}
    assert 'class="voices-box"' not in render_html(make_review("en"))


def test_the_report_prints_the_quote_and_the_story() -> None:
    page = render_html(replace(make_review("fr"), voices=_section()))
    assert 'class="voices-box"' in page and "Mon atelier a rouvert" in page and "rural" in page
