"""Journeys in a real browser (issue 5, "Tests"): Chromium, through the live server, on SQLite.

Each journey is what a person does, read through what they see: roles, labels and visible text
(Playwright's get_by_role / get_by_label). Labels are looked up in the interface's own catalogue
(`said`), so a reworded translation does not break a journey; the language journey checks literal
French and English words on purpose.

The pages read a small precomputed review (review_files.write_run) in a data folder of the test's.
The import journey starts from an empty one and imports a small simulated data set in the server's
background thread (checked and imported for real; the review step is a quick stand-in, as
compute_reviews takes minutes on a loaded machine). The report journey renders a real PDF from a
tiny review. A failing journey leaves a screenshot and the HTML under test-artifacts/ (conftest_infra).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Literal

import pytest

from tests.web.personas import FAST_HASHERS, PASSWORD, Cast, make_cast
from tests.web.review_files import MONTHS, write_run

# A live server on one backend is enough for a journey: the personas' tests cover both (docs/testing.md).
pytestmark = [pytest.mark.slow, pytest.mark.parametrize("django_db_backend", ["sqlite"], indirect=True)]
# Background jobs (check, import, report) on a loaded 2-core machine: generous, they take seconds.
JOB_SECONDS = 240


def said(text: str, lang: str = "fr") -> str:
    """The interface's wording of `text` in `lang`, from its own translation catalogue."""
    from django.utils import translation

    with translation.override(lang):
        return str(translation.gettext(text))


def ms(seconds: float) -> float:
    return seconds * 1000


@pytest.fixture
def server(live_server: str) -> str:
    return live_server


@pytest.fixture
def cast(server: str) -> Iterator[Cast]:
    """The personas, committed (the live server reads them from another thread)."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield make_cast()


@pytest.fixture
def empty_data_dir(tmp_path: Path) -> Iterator[Path]:
    """A data folder with nothing imported yet (settings are process-wide: the server sees it too)."""
    from django.test import override_settings

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    with override_settings(DATA_DIR=data_dir):
        yield data_dir


@pytest.fixture
def data_dir(empty_data_dir: Path) -> Path:
    """A data folder with a small precomputed review (two branches, two dimensions)."""
    write_run(empty_data_dir)
    return empty_data_dir


def menu(page: Any, lang: str = "fr") -> Any:
    """The sections menu every signed-in page carries."""
    return page.get_by_role("navigation", name=said("Sections", lang))


def sign_in(page: Any, server: str, user: Any, *, lang: str = "fr") -> None:
    """Open the app anonymously, get sent to the sign-in page, sign in and land on the dashboard
    (its sections menu shows to a signed-in person only)."""
    from playwright.sync_api import expect

    page.goto(server + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label(said("User name", lang)).fill(user.username)
    page.get_by_label(said("Password", lang)).fill(PASSWORD)
    page.get_by_role("button", name=said("Sign in", lang)).click()
    expect(menu(page, lang)).to_be_visible()
    expect(page).to_have_url(server + "/")


def test_an_advisor_records_an_observation_on_a_phone_and_sees_it_on_the_dashboard(
    phone_page: Any, server: str, cast: Cast, data_dir: Path
) -> None:
    from playwright.sync_api import expect

    page, text = phone_page, "Mme B. a renoncé au prêt : le rendez-vous tombait pendant ses heures de ménage."
    sign_in(page, server, cast.advisor)
    access = page.get_by_role("article").filter(has=page.get_by_role("heading", name="Accès", exact=True))
    access.get_by_role("link", name=said("Record evidence")).click()
    expect(page.get_by_role("radio", name="Accès")).to_be_checked()  # the dimension it was opened from
    page.get_by_role("radio", name=said("observation")).check()
    page.get_by_label(said("What you saw or heard")).fill(text)
    page.get_by_role("button", name=said("Save")).click()
    expect(page.get_by_text(said("Recorded: it now shows with the voices of its dimension."))).to_be_visible()

    menu(page).get_by_role("link", name=said("Mission dashboard")).click()
    expect(access.get_by_text(text)).to_be_visible()


def test_an_advisor_contests_a_card_and_it_is_flagged_with_the_reason_kept(
    desktop_page: Any, server: str, cast: Cast, data_dir: Path
) -> None:
    from playwright.sync_api import expect

    page, reason = desktop_page, "Ce chiffre trompe : il récompense le volume, pas le temps passé avec chacun."
    sign_in(page, server, cast.advisor)
    menu(page).get_by_role("link", name=said("Indicator cards")).click()
    page.get_by_role("row").filter(has_text="loans_disbursed").get_by_role("link").first.click()
    contest = page.locator("details").filter(has_text=said("Contest this number"))
    contest.get_by_text(said("Contest this number")).click()
    contest.get_by_label(said("Why (kept in the history)")).fill(reason)
    contest.get_by_role("button", name=said("Contest"), exact=True).click()

    flagged = said("This number is contested: someone on the staff said it misleads. It stays visible, flagged, until "
                   "the disagreement is settled by a revision, an adoption after review, or its retirement.")
    expect(page.get_by_text(flagged)).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(re.escape(said("version")) + " 2"))).to_be_visible()
    expect(page.get_by_text(reason).first).to_be_visible()


def write_small_data_set(folder: Path) -> list[Path]:
    """A small simulated organisation as CSV tables (the simulator's own files, truth.json left out)."""
    from missionlens.data.simulator import simulate

    simulate(folder, scale=0.005, years=1, start="2024-01", seed=5, scenario="volume_push", fmt="csv", lang="fr")
    return sorted(folder.glob("*.csv"))


def reviewed_quickly(
    data_dir: Path, *, mission_path: Path | None, now: datetime, progress: Any = None, evidence: Any = None
) -> Any:
    """Stands in for compute_reviews (minutes on a loaded machine, tested in tests/web/test_reviews.py):
    the small test review, stamped with the data version the import just made."""
    from missionlens.data.store import Store
    from missionlens.web.reviews import Run, store_dir

    version = Store(store_dir(data_dir)).current()
    assert version is not None
    if progress is not None:
        progress("computing indicators (month)", 0, 1)
    run = write_run(data_dir, name=f"{version.name}-journey")
    for lang in ("fr", "en"):
        review = run / lang / "all.json"
        document = json.loads(review.read_text(encoding="utf-8"))
        document["data"]["version"] = version.name
        review.write_text(json.dumps(document), encoding="utf-8")
    return Run(run, version.name)


def break_an_amount(loans: Path, out: Path) -> tuple[int, str]:
    """Copy loans.csv with a letter O typed for a zero in an amount; returns (line, bad value)."""
    with loans.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("amount")
    index = next(i for i, row in enumerate(rows) if i > 0 and "0" in row[column])
    rows[index][column] = rows[index][column].replace("0", "O", 1)
    with out.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return index + 1, rows[index][column]  # spreadsheet counting: the header is line 1


def test_a_manager_reads_an_upload_error_then_imports_the_fixed_files_and_sees_the_new_version(
    desktop_page: Any, server: str, cast: Cast, empty_data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playwright.sync_api import expect

    from missionlens.web import imports

    monkeypatch.setattr(imports, "compute_reviews", reviewed_quickly)
    page = desktop_page
    good = write_small_data_set(tmp_path / "simulated")
    broken = tmp_path / "broken"
    broken.mkdir()
    line, bad_value = break_an_amount(tmp_path / "simulated" / "loans.csv", broken / "loans.csv")
    with_error = [broken / "loans.csv" if p.name == "loans.csv" else p for p in good]

    sign_in(page, server, cast.manager)
    expect(page.get_by_role("heading", name=said("No review yet"))).to_be_visible()
    menu(page).get_by_role("link", name=said("Imports")).click()
    page.get_by_label(said("The data files, or one zip")).set_input_files(with_error)
    page.get_by_role("button", name=said("Check the files")).click()
    problem = page.get_by_role("row").filter(has_text=bad_value)
    expect(problem).to_be_visible(timeout=ms(JOB_SECONDS))
    cells = problem.get_by_role("cell")
    expect(cells.nth(0)).to_have_text("loans.csv")
    expect(cells.nth(1)).to_have_text(str(line))
    expect(cells.nth(2)).to_have_text("amount")
    expect(page.get_by_text(said("The files have errors: nothing was imported. Fix them and send the files again."))).to_be_visible()

    menu(page).get_by_role("link", name=said("Imports")).click()
    page.get_by_label(said("The data files, or one zip")).set_input_files(good)
    page.get_by_role("button", name=said("Check the files")).click()
    page.get_by_role("button", name=said("Import these files")).click(timeout=ms(JOB_SECONDS))
    done = said("Imported as version %(v)s; the reviews are computed.") % {"v": "v000001"}
    expect(page.get_by_text(done)).to_be_visible(timeout=ms(JOB_SECONDS))
    expect(page.get_by_role("progressbar")).to_have_attribute("value", "100")

    page.get_by_role("link", name=said("See the dashboard")).click()
    expect(page.get_by_text(re.compile(re.escape(said("data version")) + r" v000001"))).to_be_visible()


def small_reviews(*_args: Any, langs: tuple[Literal["fr", "en"], ...], **_kwargs: Any) -> dict[str, Any]:
    """Stands in for build_reviews: a review of one indicator per language, a real report in seconds."""
    return {lang: small_review(lang) for lang in langs}


def small_review(lang: Literal["fr", "en"]) -> Any:
    from missionlens.review import CardText, DataSummary, Dimension, IndicatorReview, Methods, Point, Review

    card = CardText(title="Prêts décaissés", purpose="compter", shows="le volume", hides=("la qualité",),
                    perverse_effects=("prêter trop",), read_with=(), use="learning", defined_with=("staff",),
                    status="adopted", review_by=None, version=1)
    loans = IndicatorReview(key="loans_disbursed", title="Prêts décaissés", dimensions=("access",), unit="count",
                            core=True, definition="les prêts décaissés dans le mois", card=card,
                            monthly=tuple(Point(m, 10.0 + i, n=10 + i) for i, m in enumerate(MONTHS)),
                            quarterly=())
    return Review(organisation="Microcrédit Test", lang=lang, generated_at=datetime(2026, 1, 5, tzinfo=timezone.utc),
                  data=DataSummary(MONTHS[0], MONTHS[-1], {"loans": 300}, version="v000001", data_end="2025-12-31"),
                  dimensions=(Dimension("access", "Accès", "qui est servi"),), indicators=(loans,),
                  methods=Methods(min_n=30))


def test_a_manager_generates_a_board_report_and_downloads_a_pdf(
    desktop_page: Any, server: str, cast: Cast, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playwright.sync_api import expect

    from missionlens.web import reports

    monkeypatch.setattr(reports, "build_reviews", small_reviews)
    page = desktop_page
    sign_in(page, server, cast.manager)
    menu(page).get_by_role("link", name=said("Reports")).click()
    page.get_by_role("radio", name=said("board")).check()
    page.get_by_label(said("First month")).fill("2025-01")
    page.get_by_label(said("Last month")).fill("2025-12")
    page.get_by_role("button", name=said("Generate the report")).click()

    download_link = page.get_by_role("link", name=said("Download the PDF"))
    expect(download_link).to_be_visible(timeout=ms(JOB_SECONDS))
    with page.expect_download() as started:
        download_link.click()
    download = started.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")


def test_a_board_member_switches_the_interface_from_french_to_english_and_back(
    desktop_page: Any, server: str, cast: Cast, data_dir: Path
) -> None:
    from playwright.sync_api import expect

    page = desktop_page
    sign_in(page, server, cast.board)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name=re.compile("Ce que la période raconte"))).to_be_visible()
    expect(page.get_by_role("link", name="Tableau de bord de la mission")).to_be_visible()

    page.get_by_role("button", name="EN", exact=True).click()
    expect(page.get_by_role("heading", name=re.compile("What the period says"))).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Mission dashboard")).to_be_visible()
    expect(page.get_by_role("heading", name="Access", exact=True)).to_be_visible()  # the review's own language
    menu(page, "en").get_by_role("link", name="Indicator cards").click()
    expect(page.get_by_role("heading", name="Indicator cards")).to_be_visible()  # the choice is kept

    page.get_by_role("button", name="FR", exact=True).click()
    expect(page.get_by_role("heading", name="Fiches des indicateurs")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "fr")
