"""The network pages (web/network.py, web/network_table.py, web/views/network.py): the institutions
table with its filters and sorting, each institution's mini-report, the investor viewer, the
precomputed review and the panel upload, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.web.network_files import HEADER, make_panel, panel_row, write_network
from tests.web.personas import PASSWORD, Cast, lille_story, signed_in
from tests.web.review_files import PSEUDONYM_NORTH, PSEUDONYM_SOUTH, write_run

NOW = datetime(2026, 1, 15, 9, 30, tzinfo=timezone.utc)
MIX = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "mix-africa"


@pytest.fixture
def reviewed(django_environment: Path) -> Path:
    write_run(django_environment)
    write_network(django_environment)
    return django_environment


def names_in(page: str) -> list[str]:
    """The institutions of the table, in the order shown."""
    return re.findall(r'<td><a href="/network/institutions/[^"]+">([^<]+)</a></td>', page)


# The table, its filters and its sorting ---------------------------------------------------------


def test_the_table_lists_every_institution_strongest_drift_evidence_first(cast: Cast, reviewed: Path, client: Any) -> None:
    page = signed_in(client, cast.investor).get("/network/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert names_in(page) == ["Alpha Microfinance", "Gamma Bank", "Beta Savings"]
    assert "depth up from 2010 · confidence 97%" in page


def test_an_institution_with_a_short_series_is_too_short_to_say(cast: Cast, reviewed: Path, client: Any) -> None:
    page = signed_in(client, cast.board).get("/network/?drift=too_short", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert names_in(page) == ["Beta Savings"]
    assert "too short to say" in page


def test_the_legal_status_filter_keeps_only_that_status(cast: Cast, reviewed: Path, client: Any) -> None:
    page = signed_in(client, cast.manager).get("/network/?status=Bank").content.decode()
    assert names_in(page) == ["Gamma Bank"]


def test_the_region_filter_groups_countries(cast: Cast, reviewed: Path, client: Any) -> None:
    signed_in(client, cast.manager)
    assert names_in(client.get("/network/?region=Western+Africa").content.decode()) == ["Beta Savings"]
    assert names_in(client.get("/network/?country=Kenya").content.decode()) == ["Alpha Microfinance"]


def test_the_year_range_keeps_institutions_reporting_in_it_and_their_latest_figure_there(
    cast: Cast, reviewed: Path, client: Any
) -> None:
    page = signed_in(client, cast.manager).get("/network/?from=2005&to=2007", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert names_in(page) == ["Alpha Microfinance", "Gamma Bank"]
    alpha = page[page.index("Alpha Microfinance"):page.index("Gamma Bank")]
    assert "0.20" in alpha and "2007" in alpha and "0.60" not in alpha


def test_sorting_by_name_then_again_reverses_the_order(cast: Cast, reviewed: Path, client: Any) -> None:
    signed_in(client, cast.manager)
    ascending = names_in(client.get("/network/?sort=name").content.decode())
    descending = names_in(client.get("/network/?sort=name&order=desc").content.decode())
    assert ascending == ["Alpha Microfinance", "Beta Savings", "Gamma Bank"]
    assert descending == list(reversed(ascending))


def test_a_figure_carried_forward_is_marked_in_the_table(cast: Cast, reviewed: Path, client: Any) -> None:
    page = signed_in(client, cast.manager).get("/network/?sort=name", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    alpha = page[page.index("Alpha Microfinance"):page.index("Beta Savings")]
    assert "↻" in alpha  # the 2014 women share repeats 2013
    gamma = page[page.index("Gamma Bank"):]
    assert "↻" not in gamma[:gamma.index("</tr>")]


def test_a_nonsense_filter_is_ignored_not_an_error(cast: Cast, reviewed: Path, client: Any) -> None:
    response = signed_in(client, cast.manager).get("/network/?from=yesterday&drift=maybe&sort=__class__")
    assert response.status_code == 200
    assert len(names_in(response.content.decode())) == 3


# The mini-report ----------------------------------------------------------------------------------


def test_the_mini_report_draws_each_yearly_series_as_inline_svg(cast: Cast, reviewed: Path, client: Any) -> None:
    page = signed_in(client, cast.investor).get("/network/institutions/MFI-1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count('<svg class="trend"') == 5
    assert 'class="trend-mark"' in page  # the start of the depth change is marked
    assert 'class="spark-thin"' in page  # carried-forward values are drawn hollow


def test_the_mini_report_gives_its_signals_with_their_caveats(cast: Cast, reviewed: Path, client: Any) -> None:
    page = signed_in(client, cast.investor).get("/network/institutions/MFI-1/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Depth went from 0.20 to 0.60 from 2010" in page
    assert "legal status changed: NGO → NBFI" in page
    assert "3 values carried forward (hollow), left out of the tests" in page


def test_the_mini_report_of_a_short_series_says_too_short_to_say(cast: Cast, reviewed: Path, client: Any) -> None:
    page = signed_in(client, cast.investor).get("/network/institutions/MFI-2/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Too short to say" in page


def test_the_mini_report_is_in_french_for_a_french_reader(cast: Cast, reviewed: Path, client: Any) -> None:
    page = signed_in(client, cast.investor).get("/network/institutions/MFI-1/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "statut changé : NGO → NBFI" in page and "Année par année" in page


def test_an_unknown_institution_is_not_found(cast: Cast, reviewed: Path, client: Any) -> None:
    assert signed_in(client, cast.investor).get("/network/institutions/NOPE/").status_code == 404


# The investor viewer ------------------------------------------------------------------------------


def test_an_investor_signing_in_lands_on_the_network(cast: Cast, reviewed: Path, client: Any) -> None:
    response = client.post("/accounts/login/", {"username": "ines", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/network/"
    assert response.status_code == 200


def test_an_investor_sees_nothing_of_any_borrower_nor_of_the_evidence(cast: Cast, reviewed: Path, client: Any) -> None:
    lille_story(cast)
    signed_in(client, cast.investor)
    pages = [client.get(url, follow=True).content.decode()
             for url in ("/", "/indicators/loans_disbursed/", "/network/", "/network/institutions/MFI-1/")]
    assert all(PSEUDONYM_NORTH not in p and PSEUDONYM_SOUTH not in p and "Lille" not in p for p in pages)
    assert client.get("/api/review/").status_code == 403
    assert client.get("/api/evidence/").status_code == 403


def test_an_advisor_may_not_see_the_network(cast: Cast, reviewed: Path, client: Any) -> None:
    assert signed_in(client, cast.advisor).get("/network/").status_code == 403


def test_the_network_page_without_a_review_says_how_to_get_one(cast: Cast, tmp_path: Path, client: Any) -> None:
    from django.test import override_settings

    with override_settings(DATA_DIR=tmp_path):
        page = signed_in(client, cast.manager).get("/network/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "No network review yet" in page and "/network/panel/" in page


# The precomputed review and the upload -----------------------------------------------------------


def test_a_missing_network_review_is_said_in_french_to_a_french_reader(tmp_path: Path, django_environment: Path) -> None:
    from django.utils import translation

    from missionlens.web.network import NetworkUnavailable, network_for

    with translation.override("fr"), pytest.raises(NetworkUnavailable, match="aucune revue du réseau n’a encore"):
        network_for(tmp_path, "fr")


def test_compute_network_reviews_a_panel_in_both_languages_and_makes_it_current(tmp_path: Path) -> None:
    from missionlens.web.network import compute_network, current_run, network_for

    (tmp_path / "network").mkdir()
    (tmp_path / "network" / "institutions.csv").write_text(make_panel(), encoding="utf-8")
    run = compute_network(tmp_path, now=NOW)
    assert current_run(tmp_path) == run.path  # type: ignore[union-attr]
    english, french = network_for(tmp_path, "en"), network_for(tmp_path, "fr")
    alpha = next(i for i in english["institutions"] if i["institution_id"] == "MFI-1")
    assert [(a["indicator"], a["direction"], a["start"]) for a in alpha["alerts"]] == [("depth", "up", "2010")]
    assert any("statut" in c for i in french["institutions"] for c in i["caveats"])


def test_compute_network_refuses_a_panel_with_an_error_and_keeps_the_current_review(tmp_path: Path) -> None:
    from missionlens.network import NetworkRefusal
    from missionlens.web.network import compute_network, current_run

    before = write_network(tmp_path)
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "\n" + panel_row("X", 2010, name="X", country="Kenya", status="NGO", women=1.4) + "\n",
                   encoding="utf-8")
    refused = compute_network(tmp_path, panel=bad, now=NOW)
    assert isinstance(refused, NetworkRefusal)
    assert [(p.line, p.column) for p in refused.problems if p.severity == "error"] == [(2, "women_share")]
    assert current_run(tmp_path) == before


def test_the_management_command_refuses_a_bad_panel_with_its_line_and_column(
    django_environment: Path, tmp_path: Path
) -> None:
    from io import StringIO

    from django.core.management import CommandError, call_command

    bad = tmp_path / "institutions.csv"
    bad.write_text(HEADER + "\n" + panel_row("X", 2010, name="X", country="Kenya", status="NGO", par30=-1) + "\n",
                   encoding="utf-8")
    errors = StringIO()
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("network_review", str(bad), stderr=errors)
    assert "line 2, column par30" in errors.getvalue()


def upload(client: Any, name: str, text: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/network/panel/", {"panel": SimpleUploadedFile(name, text.encode("utf-8"))},
                       HTTP_ACCEPT_LANGUAGE="en")


def test_an_uploaded_panel_with_an_error_is_refused_with_its_line_and_column(
    cast: Cast, reviewed: Path, client: Any
) -> None:
    lines = make_panel().splitlines()
    lines[3] = lines[3].replace(",0.03,", ",abc,")  # line 4 (header = line 1): PAR30 is not a number
    response = upload(signed_in(client, cast.manager), "institutions.csv", "\n".join(lines) + "\n")
    page = response.content.decode()
    assert response.status_code == 400
    assert re.search(r"<td>4</td><td>par30</td>", page), page[page.find("problems"):][:800]
    assert "institutions.csv is refused: nothing was changed" in page
    assert not (reviewed / "network" / "institutions.csv").exists()


def test_an_uploaded_panel_without_errors_replaces_the_panel_and_is_audited(
    cast: Cast, reviewed: Path, client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from missionlens.web.models import AuditEntry
    from missionlens.web.views import network as views

    started: list[Path] = []
    monkeypatch.setattr(views, "review_in_background", lambda data_dir, now: started.append(data_dir))
    try:
        response = upload(signed_in(client, cast.manager), "panel.csv", make_panel())
        assert response.status_code == 302 and response["Location"] == "/network/"
        assert (reviewed / "network" / "institutions.csv").read_text(encoding="utf-8") == make_panel()
        assert started == [reviewed]
        assert AuditEntry.objects.filter(action="upload_panel", actor=cast.manager).count() == 1
    finally:
        (reviewed / "network" / "institutions.csv").unlink(missing_ok=True)


def test_an_upload_of_another_kind_of_file_is_refused_with_what_to_send(cast: Cast, reviewed: Path, client: Any) -> None:
    response = upload(signed_in(client, cast.manager), "panel.pdf", "%PDF-1.4")
    assert response.status_code == 400
    assert "send institutions.csv, .xlsx or .parquet" in response.content.decode()


# The real panel ----------------------------------------------------------------------------------


def test_the_mix_panel_is_accepted_whole_by_the_upload(tmp_path: Path) -> None:
    from missionlens.convert.mix import convert_mix
    from missionlens.web.network import accept_panel

    if not (MIX / "amelia.csv").exists():
        if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
            pytest.fail(f"{MIX} is missing, and CI must read the real data")
        pytest.skip(f"{MIX} is absent (a user's machine): the real MIX panel cannot be read")
    converted = tmp_path / "converted"
    convert_mix(MIX, converted)
    text = (converted / "institutions.csv").read_bytes()
    checked = accept_panel(tmp_path, "institutions.csv", [text])
    assert checked.accepted and checked.rows == 4782
    assert not [p for p in checked.problems if p.severity == "error"]


# The demo ----------------------------------------------------------------------------------------


def test_the_demo_without_the_shared_data_says_the_network_waits_for_a_panel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from missionlens.web import demo

    monkeypatch.setattr(demo, "mix_source", lambda: None)
    assert "waits for a manager to upload a panel" in demo.network(tmp_path, now=NOW, fresh=True)


def test_the_demo_started_again_reuses_its_network_review(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from missionlens.web import demo
    from missionlens.web.network import current_run

    run = write_network(tmp_path)
    monkeypatch.setattr(demo, "mix_source", lambda: tmp_path / "amelia.csv")
    assert demo.network(tmp_path, now=NOW, fresh=False) == "Reusing the network review."
    assert current_run(tmp_path) == run
