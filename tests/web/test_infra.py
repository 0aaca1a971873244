"""The web tests' infrastructure works: PostgreSQL, both Django backends, the live server, Chromium."""

from __future__ import annotations

import http.server
import os
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.web import conftest_infra
from tests.web.browser.chromium import artifact_stem, save_failure_artifacts
from tests.web.browser.postgres import OWNER_FILE, PREFIX, sweep_leftover_clusters

PAGE = b"<!doctype html><html lang='en'><title>probe</title><h1>Served on loopback</h1></html>"


class _ProbeHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to.
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's signature.
        return


@pytest.fixture
def loopback_page_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _ProbeHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _dead_pid() -> int:
    child = subprocess.Popen(["true"])
    child.wait()
    return child.pid


def test_postgresql_cluster_accepts_a_write_and_reads_it_back(postgresql_url: str) -> None:
    with psycopg.connect(postgresql_url) as connection:
        connection.execute("CREATE TABLE probe (id serial PRIMARY KEY, note text NOT NULL)")
        connection.execute("INSERT INTO probe (note) VALUES (%s)", ("écrit puis relu",))
        connection.commit()
    with psycopg.connect(postgresql_url) as connection:
        row = connection.execute("SELECT note, version() FROM probe").fetchone()
    assert row is not None
    assert row[0] == "écrit puis relu"
    assert row[1].startswith("PostgreSQL 15")


def test_postgresql_cluster_listens_on_loopback_only(postgresql_url: str) -> None:
    with psycopg.connect(postgresql_url) as connection:
        row = connection.execute("SHOW listen_addresses").fetchone()
    assert row == ("127.0.0.1",)


def test_a_cluster_left_by_a_dead_test_process_is_swept(tmp_path: Path) -> None:
    leftover = tmp_path / f"{PREFIX}dead"
    (leftover / "data").mkdir(parents=True)
    (leftover / OWNER_FILE).write_text(str(_dead_pid()))
    alive = tmp_path / f"{PREFIX}alive"
    alive.mkdir()
    (alive / OWNER_FILE).write_text(str(os.getpid()))

    assert sweep_leftover_clusters(tmp_path) == [leftover]
    assert not leftover.exists() and alive.exists()


def test_a_missing_tool_skips_on_a_developer_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="not installed"):
        conftest_infra.unavailable("PostgreSQL 15 is not installed")


def test_a_missing_tool_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        conftest_infra.unavailable("PostgreSQL 15 is not installed")


def test_django_runs_on_the_parametrised_backend(db: str) -> None:
    from django.db import connection

    assert connection.vendor == db
    assert connection.settings_dict["NAME"].split("/")[-1].startswith("test")


def test_processes_the_app_starts_are_sent_to_the_test_database(db: str) -> None:
    from django.db import connection

    from missionlens.web.environment import database

    seen_by_a_subprocess = database(os.environ["MISSIONLENS_DATABASE_URL"], default_sqlite=Path("unused"))
    assert seen_by_a_subprocess["NAME"] == connection.settings_dict["NAME"]


def test_django_writes_and_reads_a_row_in_the_test_database(db: str) -> None:
    from django.contrib.auth.models import User

    User.objects.create_user("probe-écriture", password="not-used-0123")
    assert User.objects.filter(username="probe-écriture").count() == 1


def test_live_server_shows_committed_rows_to_a_browserless_client(live_server: str) -> None:
    from django.contrib.auth.models import User

    User.objects.create_user("probe-live", password="probe-password-0123")
    with httpx.Client(base_url=live_server, follow_redirects=False, timeout=30) as http:
        page = http.get("/accounts/login/")
        token = http.cookies["csrftoken"]
        answer = http.post(
            "/accounts/login/",
            data={"username": "probe-live", "password": "probe-password-0123", "csrfmiddlewaretoken": token},
            headers={"Referer": f"{live_server}/accounts/login/"},
        )
    assert page.status_code == 200
    assert answer.status_code == 302, "the live server did not see the user committed by the test"


@pytest.mark.slow
def test_chromium_opens_a_page_served_on_loopback(desktop_page: Any, loopback_page_url: str) -> None:
    desktop_page.goto(loopback_page_url)
    assert desktop_page.inner_text("h1") == "Served on loopback"


@pytest.mark.slow
def test_phone_page_has_a_phone_sized_touch_viewport(phone_page: Any) -> None:
    phone_page.set_content('<meta name="viewport" content="width=device-width, initial-scale=1"><p>phone</p>')
    size = phone_page.evaluate("[window.innerWidth, window.innerHeight, navigator.maxTouchPoints > 0]")
    assert size == [390, 844, True]


@pytest.mark.slow
def test_failure_artifacts_are_a_screenshot_and_the_html(desktop_page: Any, tmp_path: Path) -> None:
    desktop_page.set_content("<h1>Échec visible</h1>")

    written = save_failure_artifacts([desktop_page], "tests/web/test_x.py::test_y[postgresql]", tmp_path)

    assert [path.name for path in written] == ["tests-web-test_x.py-test_y-postgresql.png",
                                               "tests-web-test_x.py-test_y-postgresql.html"]
    assert written[0].read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "Échec visible" in written[1].read_text(encoding="utf-8")


def test_artifact_names_are_safe_file_names() -> None:
    assert artifact_stem("tests/web/test_a.py::test_b[sqlite-phone]") == "tests-web-test_a.py-test_b-sqlite-phone"


def _drive_report_hook(item: Any, outcome: str) -> pytest.TestReport:
    report = pytest.TestReport(item.nodeid, ("x.py", 1, "t"), {}, outcome, None, "call")  # type: ignore[arg-type]
    hook = conftest_infra.pytest_runtest_makereport(item, None)  # type: ignore[arg-type]
    next(hook)
    with pytest.raises(StopIteration) as finished:
        hook.send(report)
    result: pytest.TestReport = finished.value.value
    return result


class _Item:
    def __init__(self, contexts: list[Any]) -> None:
        self.nodeid = "tests/web/test_journeys.py::test_contest_a_card[sqlite]"
        self.stash = pytest.Stash()
        self.stash[conftest_infra.CONTEXTS] = contexts


@pytest.mark.slow
def test_report_hook_saves_the_open_pages_of_a_failed_test_and_names_them(
    desktop_page: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conftest_infra, "ARTIFACTS", tmp_path)
    desktop_page.set_content("<p>what the test saw</p>")

    report = _drive_report_hook(_Item([desktop_page.context]), "failed")

    title, body = report.sections[-1]
    assert title == "browser artifacts"
    assert sorted(Path(line).suffix for line in body.splitlines()) == [".html", ".png"]
    assert all(Path(line).parent == tmp_path and Path(line).exists() for line in body.splitlines())


@pytest.mark.slow
def test_report_hook_saves_nothing_for_a_passing_test(
    desktop_page: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(conftest_infra, "ARTIFACTS", tmp_path)

    report = _drive_report_hook(_Item([desktop_page.context]), "passed")

    assert report.sections == [] and list(tmp_path.iterdir()) == []
