"""The network review end to end on a hand-built panel: JSON per the spec, refusal, report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from missionlens.network import NetworkRefusal, NetworkReview, dumps, review_network
from missionlens.network.html import render_html, render_pdf
from tests.network.builders import institution_rows, write_panel_csv

YEARS = list(range(2005, 2017))
NOISE = [0.01, -0.012, 0.008, -0.006, 0.011, -0.009, 0.007, -0.01, 0.012, -0.008, 0.006, -0.011]


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> NetworkReview:
    rising = [200 * (1.0 if y < 2010 else 2.5) * (1 + e) for y, e in zip(YEARS, NOISE, strict=True)]
    rows = (institution_rows("DRIFT", YEARS, balance=rising, name="Drifting MFI", legal_status="NBFI")
            + institution_rows("SHORT", YEARS[:4], name="Young MFI"))
    folder = write_panel_csv(tmp_path_factory.mktemp("panel"), rows)
    result = review_network(folder, lang="en", generated="2026-11-30")
    assert isinstance(result, NetworkReview)
    return result


def test_the_json_follows_the_network_schema(review: NetworkReview) -> None:
    data = json.loads(dumps(review))
    assert data["schema"] == "missionlens.network/1" and data["years"] == [2005, 2016] and data["errors"] == []
    drift = next(i for i in data["institutions"] if i["institution_id"] == "DRIFT")
    assert set(drift["series"]) == {"depth", "women_share", "par30", "active_borrowers", "average_loan_balance"}
    assert drift["series"]["depth"][0]["period"] == "2005"
    alert = next(a for a in drift["alerts"] if a["indicator"] == "depth")
    assert (alert["kind"], alert["direction"], alert["start"]) == ("drift", "up", "2010")
    assert {"by_year", "by_legal_status", "decomposition", "alerts"} <= set(data["network"])


def test_constant_copies_are_listed_as_carried_forward(review: NetworkReview) -> None:
    data = json.loads(dumps(review))
    drift = next(i for i in data["institutions"] if i["institution_id"] == "DRIFT")
    assert {"indicator": "women_share", "period": "2006"} in drift["carried_forward"]


def test_a_short_institution_gets_no_alert_and_says_too_short(review: NetworkReview) -> None:
    data = json.loads(dumps(review))
    short = next(i for i in data["institutions"] if i["institution_id"] == "SHORT")
    assert short["too_short"] is True and short["alerts"] == []


def test_the_drifting_institution_heads_the_ranking(review: NetworkReview) -> None:
    assert [r.institution.institution_id for r in review.ranking] == ["DRIFT"]


def test_a_panel_with_an_error_is_refused_whole(tmp_path: Path) -> None:
    rows = institution_rows("A", YEARS[:3], women=[0.5, 1.5, 0.5])
    result = review_network(write_panel_csv(tmp_path, rows), lang="en", generated="2026-11-30")
    assert isinstance(result, NetworkRefusal)
    data = json.loads(dumps(result))
    assert data["institutions"] == [] and data["errors"][0]["line"] == 3
    assert data["errors"][0]["column"] == "women_share"


def test_the_report_names_the_caveats_and_the_ranked_institution(review: NetworkReview) -> None:
    page = render_html(review)
    assert "Drifting MFI" in page and "GDP stands in for GNI" in page
    assert page.count("<svg") >= 9


@pytest.mark.slow
def test_the_report_prints_to_pdf(review: NetworkReview) -> None:
    assert render_pdf(review).startswith(b"%PDF")
