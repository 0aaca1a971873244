"""Imports from the browser (web/imports.py, imports_files.py, jobs.py, views/imports.py).

Tiny hand-written tables; jobs run inline (jobs.InlineRunner) except in the one test of the
background thread, and the reviews step is a quick stand-in except in the slow end-to-end test.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from tests.web.personas import FAST_HASHERS, PASSWORD, Cast, make_cast
from tests.web.review_files import write_run

BORROWERS = (
    "borrower_id,branch_id,entry_date,gender,birth_year,minimum_benefits,banked,priority_area,"
    "monthly_household_income,education\n"
    "B1,AG01,2024-01-05,F,1980,yes,no,no,900,secondary\n"
    "B2,AG02,2024-02-10,M,1975,no,yes,no,1500,higher\n"
)
LOANS_HEADER = (
    "loan_id,borrower_id,branch_id,advisor_id,product,application_date,decision,decision_date,"
    "disbursement_date,amount,term_months,annual_rate,purpose,status,closed_date\n"
)
GOOD_LOANS = LOANS_HEADER + (
    "L1,B1,AG01,,business,2024-01-10,approved,2024-01-20,2024-02-01,3000,24,0.05,shop,active,\n"
    "L2,B2,AG02,,personal,2024-02-12,approved,2024-02-20,2024-03-01,1500.50,12,0.04,car,active,\n"
)
BAD_LOANS = GOOD_LOANS.replace("1500.50", "1500.5O")  # line 3, column amount: a letter O
NOW = datetime(2026, 1, 5, tzinfo=timezone.utc)


def upload(name: str, text: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def zipped(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return SimpleUploadedFile("data.zip", buffer.getvalue(), content_type="application/zip")


def quick_reviews(
    data_dir: Path, *, mission_path: Path | None, now: datetime, progress: Any = None, evidence: Any = None
) -> Any:
    """A stand-in for compute_reviews: the small test run, stamped with the store's version."""
    from missionlens.data.store import Store
    from missionlens.web.reviews import Run, store_dir

    version = Store(store_dir(data_dir)).current()
    assert version is not None
    run = write_run(data_dir, name=f"{version.name}-test")
    for lang in ("fr", "en"):
        document = json.loads((run / lang / "all.json").read_text(encoding="utf-8"))
        document["data"]["version"] = version.name
        (run / lang / "all.json").write_text(json.dumps(document), encoding="utf-8")
    if progress is not None:
        progress("computing indicators (month)", 0, 3)
    return Run(run, version.name)


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    from django.test import override_settings

    with override_settings(DATA_DIR=tmp_path):
        yield tmp_path


@pytest.fixture
def inline(monkeypatch: pytest.MonkeyPatch) -> None:
    from missionlens.web import imports, jobs

    monkeypatch.setattr(jobs, "runner", jobs.InlineRunner())
    monkeypatch.setattr(imports, "compute_reviews", quick_reviews)


@pytest.fixture
def manager(cast: Cast, client: Any) -> Any:
    assert client.login(username=cast.manager.username, password=PASSWORD)
    return client


def send(client: Any, *files: Any) -> Any:
    """Post an upload, run what its transaction queued (the check), return the job page."""
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post("/imports/", {"files": list(files)})
    assert response.status_code == 302, response.content[:500]
    return client.get(response["Location"])


def confirm(client: Any, job: Any) -> Any:
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(f"/imports/{job.pk}/confirm/")
    return client.get(f"/imports/{job.pk}/")


def last_job() -> Any:
    from missionlens.web.models import ImportJob

    return ImportJob.objects.order_by("-pk").first()


def current_version(data_dir: Path) -> str | None:
    from missionlens.data.store import Store

    if not (data_dir / "store" / "versions").is_dir():
        return None
    found = Store(data_dir / "store").current()
    return None if found is None else found.name


def test_an_upload_with_an_error_shows_its_line_and_column_and_changes_nothing(
    manager: Any, data_dir: Path, inline: None
) -> None:
    page = send(manager, upload("borrowers.csv", BORROWERS), upload("loans.csv", BAD_LOANS)).content.decode()
    job = last_job()
    assert job.status == "refused"
    bad = next(p for p in job.problems if p["code"] == "not_a_number")
    assert (bad["file"], bad["line"], bad["column"]) == ("loans.csv", 3, "amount")
    assert "1500.5O" in page and "<td>3</td><td>amount</td>" in page
    assert current_version(data_dir) is None and not (data_dir / "uploads" / f"import-{job.pk}").exists()


def test_a_fixed_upload_is_confirmed_then_imported_and_the_version_advances(
    manager: Any, data_dir: Path, inline: None
) -> None:
    from missionlens.web.models import AuditEntry

    for expected in ("v000001", "v000002"):
        checked = send(manager, upload("borrowers.csv", BORROWERS), upload("loans.csv", GOOD_LOANS))
        assert "Importer ces fichiers" in checked.content.decode()  # the French interface, the default
        job = last_job()
        assert job.status == "ready"
        confirm(manager, job)
        job.refresh_from_db()
        assert (job.status, job.version, job.progress) == ("done", expected, 100.0)
    assert current_version(data_dir) == "v000002"
    assert "v000002" in manager.get("/").content.decode()
    actions = set(AuditEntry.objects.filter(target_type="importjob").values_list("action", flat=True))
    assert {"import.upload", "import.check", "import.confirm", "import.done"} <= actions


def test_a_failed_import_leaves_the_data_as_it_was_and_says_why(
    manager: Any, data_dir: Path, inline: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from missionlens.web import imports
    from missionlens.web.reviews import current_run

    send(manager, upload("borrowers.csv", BORROWERS), upload("loans.csv", GOOD_LOANS))
    confirm(manager, last_job())
    shown = current_run(data_dir)

    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise RuntimeError("the mission file is unreadable")

    monkeypatch.setattr(imports, "compute_reviews", broken)
    send(manager, upload("borrowers.csv", BORROWERS), upload("loans.csv", GOOD_LOANS))
    page = confirm(manager, last_job()).content.decode()
    assert last_job().status == "failed"
    assert "the mission file is unreadable" in page and "les données sont revenues à la version v000001" in page
    assert current_version(data_dir) == "v000001" and current_run(data_dir) == shown


def test_a_second_import_while_the_store_is_locked_waits_to_be_confirmed_again(
    manager: Any, data_dir: Path, inline: None
) -> None:
    from missionlens.data.store import Store

    send(manager, upload("borrowers.csv", BORROWERS), upload("loans.csv", GOOD_LOANS))
    with Store.open_or_create(data_dir / "store").lock():
        page = confirm(manager, last_job()).content.decode()
    assert last_job().status == "ready" and "un autre import était en cours" in page
    assert current_version(data_dir) is None


def test_confirming_is_refused_clearly_while_another_import_runs(
    cast: Cast, manager: Any, data_dir: Path, inline: None
) -> None:
    from missionlens.web.models import ImportJob

    ImportJob.objects.create(requested_by=cast.manager, status="running", stage="reading:loans.csv")
    send(manager, upload("borrowers.csv", BORROWERS), upload("loans.csv", GOOD_LOANS))
    page = confirm(manager, last_job()).content.decode()
    assert last_job().status == "ready" and "est en cours : attendez qu’il se termine" in page


def test_cancelling_an_upload_that_is_not_ready_is_refused_in_french(
    cast: Cast, manager: Any, data_dir: Path, inline: None
) -> None:
    send(manager, upload("borrowers.csv", BORROWERS), upload("loans.csv", BAD_LOANS))
    with_message = manager.post(f"/imports/{last_job().pk}/cancel/", follow=True).content.decode()
    assert last_job().status == "refused"
    assert "L’envoi n’a pas été annulé : cet import est au statut « refusé »" in with_message


def test_a_job_already_held_is_refused_in_french(data_dir: Path) -> None:
    from django.utils import translation

    from missionlens.web import jobs

    held = jobs.claim(data_dir, "import", 7)
    try:
        with translation.override("fr"), pytest.raises(jobs.JobBusy, match="la tâche import-7 est déjà en cours"):
            jobs.claim(data_dir, "import", 7)
    finally:
        held.release()


def test_a_job_left_running_by_a_stopped_server_is_marked_failed_at_start_up(cast: Cast, data_dir: Path) -> None:
    from missionlens.web import jobs
    from missionlens.web.models import ImportJob, ReportJob

    dead = ImportJob.objects.create(requested_by=cast.manager, status="running")
    live = ImportJob.objects.create(requested_by=cast.manager, status="running")
    report = ReportJob.objects.create(requested_by=cast.manager, status="running", audience="team")
    held = jobs.claim(data_dir, "import", live.pk)
    try:
        marked = jobs.recover(data_dir, now=NOW)
    finally:
        held.release()
    assert sorted(marked) == sorted([f"import-{dead.pk}", f"report-{report.pk}"])
    dead.refresh_from_db()
    live.refresh_from_db()
    assert (dead.status, live.status) == ("failed", "running")
    assert "the server stopped" in dead.problems[-1]["message"]


def test_an_upload_left_unconfirmed_for_a_day_is_let_go(cast: Cast, data_dir: Path) -> None:
    from missionlens.web import jobs
    from missionlens.web.models import ImportJob

    job = ImportJob.objects.create(requested_by=cast.manager, status="ready")
    (data_dir / "uploads" / f"import-{job.pk}").mkdir(parents=True)
    assert jobs.recover(data_dir, now=job.created + timedelta(hours=2)) == []
    assert jobs.recover(data_dir, now=job.created + timedelta(days=2)) == [f"import-{job.pk}"]
    assert not (data_dir / "uploads" / f"import-{job.pk}").exists()


def test_many_problems_are_paged_with_the_exact_count_of_the_rest(cast: Cast, manager: Any, data_dir: Path) -> None:
    from missionlens.web.models import ImportJob

    problems = [{"file": "loans.csv", "sheet": None, "line": n, "column": "amount", "severity": "error",
                 "code": "not_a_number", "message": f"value {n} is not a number", "fix": "write a number"}
                for n in range(2, 252)]
    job = ImportJob.objects.create(requested_by=cast.manager, status="refused", problems=problems)
    first = manager.get(f"/imports/{job.pk}/").content.decode()
    third = manager.get(f"/imports/{job.pk}/?page=3").content.decode()
    assert "value 101 is not a number" in first and "value 102 is not a number" not in first
    assert "… et 150 problèmes de plus dans les pages suivantes." in first  # the French interface, the default
    assert "value 251 is not a number" in third and "problèmes de plus" not in third


def test_the_problems_of_an_import_are_shown_in_the_readers_language(manager: Any, data_dir: Path, inline: None) -> None:
    french = send(manager, upload("borrowers.csv", BORROWERS), upload("loans.csv", BAD_LOANS)).content.decode()
    english = manager.get(f"/imports/{last_job().pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "« 1500.5O » n’est pas un nombre" in french and "is not a number" not in french
    assert "écrivez un nombre avec un point pour les décimales, par exemple 12.50 (sans symbole monétaire)" in french
    assert "&quot;1500.5O&quot; is not a number" in english and "n’est pas un nombre" not in english
    assert "write a number with . for decimals, e.g. 12.50 (no currency sign)" in english


def test_a_problem_is_stored_in_english_whatever_the_language_of_the_upload(
    manager: Any, data_dir: Path, inline: None
) -> None:
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        manager.post("/imports/", {"files": [upload("borrowers.csv", BORROWERS), upload("loans.csv", BAD_LOANS)]})
    bad = next(p for p in last_job().problems if p["code"] == "not_a_number")
    assert bad["message"] == '"1500.5O" is not a number'


def test_the_uploads_own_problems_are_shown_in_french(manager: Any, data_dir: Path, inline: None) -> None:
    page = send(manager, upload("notes.pdf", "%PDF-1.4")).content.decode()
    assert "(envoi)" in page and "aucun fichier de données n’a été envoyé" in page
    assert "notes.pdf" in page and "ce type de fichier n’est pas lu" in page


def test_a_refused_panel_is_explained_in_french(manager: Any, data_dir: Path) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = manager.post("/network/panel/", {"panel": SimpleUploadedFile("panel.pdf", b"%PDF-1.4")})
    page = response.content.decode()
    assert response.status_code == 400
    assert "un fichier de type .pdf ne peut pas contenir un panel" in page
    assert "envoyez institutions.csv, .xlsx ou .parquet (une ligne par institution et par année)" in page


def test_the_status_endpoint_says_the_stage_and_percent(cast: Cast, manager: Any, data_dir: Path) -> None:
    from missionlens.web.models import ImportJob

    job = ImportJob.objects.create(requested_by=cast.manager, status="running", stage="reading:loans.csv",
                                   progress=31.5)
    status = manager.get(f"/imports/{job.pk}/status.json").json()
    assert (status["status"], status["progress"], status["working"]) == ("running", 31.5, True)
    assert "loans.csv" in status["stage"]


def test_progress_never_goes_back_and_is_written_sparingly(cast: Cast) -> None:
    from missionlens.web.jobs import ProgressWriter
    from missionlens.web.models import ImportJob

    job = ImportJob.objects.create(requested_by=cast.manager, status="running")
    write = ProgressWriter(ImportJob, job.pk, every=60)
    write("reading:loans.csv", 40)
    write("reading:loans.csv", 45)  # same stage, too soon: not written
    write("cross-checking", 30)  # a new stage is written, but never below what was shown
    job.refresh_from_db()
    assert (job.stage, job.progress) == ("cross-checking", 45.0)


def test_a_zip_of_the_tables_in_a_folder_is_read_like_the_files(manager: Any, data_dir: Path, inline: None) -> None:
    send(manager, zipped({"export/borrowers.csv": BORROWERS.encode(), "export/loans.csv": GOOD_LOANS.encode(),
                          "__MACOSX/export/._loans.csv": b"\x00"}))
    assert last_job().status == "ready"


def test_a_zip_with_a_name_leaving_its_folder_is_refused_whole(manager: Any, data_dir: Path, inline: None) -> None:
    page = send(manager, zipped({"../../borrowers.csv": BORROWERS.encode(), "loans.csv": GOOD_LOANS.encode()}))
    assert last_job().status == "refused" and "sort de son dossier" in page.content.decode()
    assert not any((data_dir / "uploads").rglob("*.csv")) and not (data_dir.parent / "borrowers.csv").exists()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    from missionlens.web.imports_files import lay_out

    laid = lay_out([zipped({"loans.csv": b"0" * 5_000_000})], tmp_path / "upload")
    assert not laid.ok and "times its size" in laid.problems[0].message
    assert list((tmp_path / "upload").iterdir()) == []


def test_a_file_of_another_kind_is_reported_and_not_kept(tmp_path: Path) -> None:
    from missionlens.web.imports_files import lay_out

    laid = lay_out([upload("notes.docx", "x"), upload("loans.csv", GOOD_LOANS)], tmp_path / "upload")
    assert laid.files == ("loans.csv",)
    assert laid.problems[0].code == "ignored_file" and laid.problems[0].severity == "warning"


def test_an_advisor_may_not_upload(cast: Cast, client: Any, data_dir: Path) -> None:
    assert client.login(username=cast.advisor.username, password=PASSWORD)
    response = client.post("/imports/", {"files": [upload("loans.csv", GOOD_LOANS)]})
    assert response.status_code == 403 and not (data_dir / "uploads").exists()


def wait_for(predicate: Callable[[], bool], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "the background job did not end in time"
        time.sleep(0.1)


def test_the_import_runs_in_a_background_thread_and_the_page_follows_it(
    transactional_db: str, client: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.test import override_settings

    from missionlens.web import imports, jobs

    runner = jobs.ThreadRunner()
    monkeypatch.setattr(jobs, "runner", runner)
    monkeypatch.setattr(imports, "compute_reviews", quick_reviews)
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        cast = make_cast()
        assert client.login(username=cast.manager.username, password=PASSWORD)
    response = client.post("/imports/", {"files": [upload("borrowers.csv", BORROWERS), upload("loans.csv", GOOD_LOANS)]})
    status_url = response["Location"] + "status.json"
    assert runner.drain(120)
    assert client.get(status_url).json()["status"] == "ready"
    client.post(response["Location"] + "confirm/")
    wait_for(lambda: not client.get(status_url).json()["working"])
    assert runner.drain(10)
    assert client.get(status_url).json()["version"] == "v000001"
    assert "data-status-url=\"\"" in client.get(response["Location"]).content.decode()


@pytest.mark.slow
def test_an_import_of_simulated_data_is_reviewed_and_shown_on_the_dashboard(
    manager: Any, data_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    from missionlens.data.simulator import simulate
    from missionlens.web import jobs

    monkeypatch.setattr(jobs, "runner", jobs.InlineRunner())
    source = tmp_path_factory.mktemp("simulated")
    simulate(source, scale=0.02, years=2, start="2023-01", seed=3, scenario="volume_push", fmt="csv", lang="fr")
    files = [upload(p.name, p.read_text(encoding="utf-8")) for p in sorted(source.glob("*.csv"))]
    send(manager, *files)
    confirm(manager, last_job())
    assert last_job().status == "done"
    assert "v000001" in manager.get("/").content.decode()
