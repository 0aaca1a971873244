"""Reports from the browser (web/reports.py, reports_period.py, views/reports.py).

The review behind a report is a tiny hand-made Review (build_reviews is the domain's, tested in
tests/review), so that a report is rendered in seconds; jobs run inline.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.web.personas import Cast, lille_story, signed_in
from tests.web.review_files import MONTHS, PSEUDONYM_NORTH, PSEUDONYM_SOUTH, write_run

NOW = datetime(2026, 1, 5, tzinfo=timezone.utc)


def tiny_review(lang: str = "fr", months: list[str] = MONTHS) -> Any:
    from missionlens.review import CardText, DataSummary, Dimension, IndicatorReview, Methods, Point, Review

    card = CardText(title="Prêts décaissés", purpose="compter", shows="le volume", hides=("la qualité",),
                    perverse_effects=("prêter trop",), read_with=(), use="learning", defined_with=("staff",),
                    status="adopted", review_by=None, version=1)
    loans = IndicatorReview(key="loans_disbursed", title="Prêts décaissés", dimensions=("access",), unit="count",
                            core=True, definition="les prêts décaissés dans le mois", card=card,
                            monthly=tuple(Point(m, 10.0 + i, n=10 + i) for i, m in enumerate(months)),
                            quarterly=(Point("2024-Q1", 33.0, n=33),))
    return Review(organisation="Microcrédit Test", lang=lang, generated_at=NOW,  # type: ignore[arg-type]
                  data=DataSummary(months[0], months[-1], {"loans": 300}, version="v000001", data_end="2025-12-31"),
                  dimensions=(Dimension("access", "Accès", "qui est servi"),), indicators=(loans,),
                  methods=Methods(min_n=30))


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    from django.test import override_settings

    write_run(tmp_path)
    with override_settings(DATA_DIR=tmp_path):
        yield tmp_path


@pytest.fixture
def inline(monkeypatch: pytest.MonkeyPatch) -> None:
    from missionlens.web import jobs, reports

    monkeypatch.setattr(jobs, "runner", jobs.InlineRunner())
    monkeypatch.setattr(reports, "build_reviews", lambda *_a, langs, **_k: {lang: tiny_review(lang) for lang in langs})


@pytest.fixture
def quick_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """Stands in for WeasyPrint where a test reads only the HTML."""
    from missionlens.web import reports

    monkeypatch.setattr(reports, "html_to_pdf", lambda html: b"%PDF-1.7 stand-in")


def pages(pdf: bytes) -> int:
    """The page objects of a PDF, also inside its compressed object streams."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, flags=re.DOTALL):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return sum(len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", part)) for part in parts)


def ask(client: Any, audience: str, *, first: str = "2025-01", last: str = "2025-12", lang: str = "fr") -> Any:
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post("/reports/", {"audience": audience, "first": first, "last": last, "lang": lang})


def last_report() -> Any:
    from missionlens.web.models import ReportJob

    return ReportJob.objects.order_by("-pk").first()


def test_a_manager_generates_a_team_report_and_downloads_its_pdf(
    cast: Cast, client: Any, data_dir: Path, inline: None
) -> None:
    response = ask(signed_in(client, cast.manager), "team")
    job = last_report()
    assert response["Location"] == f"/reports/{job.pk}/" and job.status == "done", job.error
    download = client.get(f"/reports/{job.pk}/pdf/")
    pdf = b"".join(download.streaming_content)
    assert download["Content-Type"] == "application/pdf" and pdf.startswith(b"%PDF-")
    assert pages(pdf) >= 2
    assert f'href="/reports/{job.pk}/pdf/"' in client.get(f"/reports/{job.pk}/").content.decode()


def test_a_board_report_never_shows_a_pseudonym_nor_an_unpublished_note(
    cast: Cast, client: Any, data_dir: Path, inline: None, quick_pdf: None
) -> None:
    lille_story(cast)
    ask(signed_in(client, cast.board), "board")
    board = b"".join(client.get(f"/reports/{last_report().pk}/html/").streaming_content).decode()
    assert "Published voice from Lille" in board
    assert "Unpublished note" not in board and "Note from Lille about access" not in board
    assert '<p class="kicker audience">conseil d’administration</p>' in board
    assert PSEUDONYM_NORTH not in board and PSEUDONYM_SOUTH not in board


def test_a_team_report_carries_every_voice_of_the_period_with_its_pseudonym(
    cast: Cast, client: Any, data_dir: Path, inline: None, quick_pdf: None
) -> None:
    lille_story(cast)
    ask(signed_in(client, cast.manager), "team", lang="en")
    team = b"".join(client.get(f"/reports/{last_report().pk}/html/").streaming_content).decode()
    assert "Unpublished note about a Lille borrower" in team and PSEUDONYM_NORTH in team
    assert "Voices from the field" in team and '<html lang="en">' in team


def test_a_board_viewer_may_ask_only_for_board_and_funder_reports(
    cast: Cast, client: Any, data_dir: Path, inline: None, quick_pdf: None
) -> None:
    signed_in(client, cast.board)
    assert ask(client, "team").status_code == 400 and last_report() is None
    assert ask(client, "funder").status_code == 302 and last_report().status == "done"


def test_a_board_viewer_cannot_download_a_team_report(
    cast: Cast, client: Any, data_dir: Path, inline: None, quick_pdf: None
) -> None:
    ask(signed_in(client, cast.manager), "team")
    team = last_report()
    client.logout()
    signed_in(client, cast.board)
    assert client.get(f"/reports/{team.pk}/pdf/").status_code == 404
    assert f"/reports/{team.pk}/" not in client.get("/reports/").content.decode()


def test_a_period_outside_the_data_is_refused_with_the_data_s_months(
    cast: Cast, client: Any, data_dir: Path, inline: None
) -> None:
    response = ask(signed_in(client, cast.manager), "team", first="2030-01", last="2030-06")
    assert response.status_code == 400 and "2024-01" in response.content.decode() and last_report() is None


def test_a_report_that_cannot_be_made_says_why(
    cast: Cast, client: Any, data_dir: Path, inline: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from missionlens.review import Refusal, ReviewError
    from missionlens.web import reports

    monkeypatch.setattr(reports, "build_reviews", lambda *_a, **_k: Refusal(
        source="store", problems=(ReviewError(message="the store holds no version yet."),)))
    ask(signed_in(client, cast.manager), "team")
    job = last_report()
    assert job.status == "failed" and "holds no version" in job.error
    assert "holds no version" in client.get(f"/reports/{job.pk}/").content.decode()


def test_a_report_asked_in_an_unknown_language_is_refused_in_french(cast: Cast, data_dir: Path) -> None:
    from django.utils import translation

    from missionlens.web import reports
    from missionlens.web.access import MANAGER, Viewer

    manager = Viewer(user_id=cast.manager.pk, username=cast.manager.username, role=MANAGER, branch=None)
    with translation.override("fr"), pytest.raises(reports.ReportRefused, match="choisissez le français"):
        reports.request(manager, by=cast.manager, audience="team", first="2025-01", last="2025-12", lang="de",
                        data_dir=data_dir, mission_path=None)


def test_a_report_that_cannot_be_made_says_why_in_the_language_it_was_asked_in(
    cast: Cast, client: Any, data_dir: Path, inline: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from missionlens.review import Refusal
    from missionlens.web import reports

    monkeypatch.setattr(reports, "build_reviews", lambda *_a, **_k: Refusal(source="store", problems=()))
    ask(signed_in(client, cast.manager), "team", lang="en")
    english = last_report().error
    ask(client, "team", lang="fr")
    assert "nothing has been imported yet" in english and "rien n’a encore été importé" in last_report().error


def test_a_report_left_by_a_stopped_server_says_so_in_its_language(cast: Cast, data_dir: Path) -> None:
    from datetime import datetime, timezone

    from missionlens.web import reports
    from missionlens.web.models import ReportJob

    french = ReportJob.objects.create(requested_by=cast.manager, status="running", audience="team", lang="fr")
    english = ReportJob.objects.create(requested_by=cast.manager, status="running", audience="team", lang="en")
    now = datetime(2026, 1, 5, tzinfo=timezone.utc)
    assert reports.abandon(french.pk, "running", now=now) and reports.abandon(english.pk, "running", now=now)
    french.refresh_from_db()
    english.refresh_from_db()
    assert "le serveur s’est arrêté" in french.error and "the server stopped" in english.error


def test_a_review_narrowed_to_a_period_keeps_only_its_months_and_whole_quarters() -> None:
    from missionlens.web.reports_period import within

    narrowed = within(tiny_review(), "2024-02", "2024-07")
    loans = narrowed.indicators[0]
    assert [p.period for p in loans.monthly] == [f"2024-{m:02d}" for m in range(2, 8)]
    assert loans.quarterly == ()  # 2024-Q1 starts before the period
    assert (narrowed.data.first_month, narrowed.data.last_month, narrowed.data.data_end) == (
        "2024-02", "2024-07", "2024-07-31")
