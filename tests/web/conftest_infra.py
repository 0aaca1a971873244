"""Fixtures and hooks of the web tests: PostgreSQL, Django's test databases, the live server, Chromium.

Loaded by tests/web/conftest.py (a star import: pytest refuses `pytest_plugins` outside the rootdir's
conftest). docs/testing.md says how each piece starts and where failures leave their screenshots.

- `postgresql_url` (session): a PostgreSQL 15 cluster of this process (one per xdist worker).
- `django_db_backend` (session, parametrised "sqlite" / "postgresql"): Django set up on that backend
  with its test database created and migrated; every test that uses it runs once per backend.
- `db` (rolled back after the test), `transactional_db` (committed, flushed after), `client`.
- `live_server` (URL of Django's threaded live server on the current backend; committed data).
- `browser` (session), `phone_page` and `desktop_page` (a fresh context each); a failing test that
  used them leaves a screenshot and the HTML under test-artifacts/.
"""

from __future__ import annotations

import atexit
import os
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

from tests.web.browser.chromium import (
    ARTIFACTS,
    CHROMIUM,
    DESKTOP,
    PHONE,
    launch_options,
    save_failure_artifacts,
)
from tests.web.browser.postgres import PostgresCluster, missing_binaries, start_cluster, stop_cluster

if TYPE_CHECKING:
    from django.test import Client
    from playwright.sync_api import Browser, BrowserContext, Page

__all__ = [
    "browser",
    "client",
    "db",
    "desktop_page",
    "django_db_backend",
    "django_environment",
    "live_server",
    "live_server_url",
    "phone_page",
    "postgresql_cluster",
    "postgresql_url",
    "pytest_runtest_makereport",
    "transactional_db",
]

BACKENDS = ("sqlite", "postgresql")
# The app's settings as a production deployment reads them (DEBUG off), minus HTTPS: the test client
# and the live server speak plain HTTP on loopback.
TEST_ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "missionlens.web.settings",
    "MISSIONLENS_DEBUG": "0",
    "MISSIONLENS_SECRET_KEY": "tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "MISSIONLENS_HTTPS": "0",
    "MISSIONLENS_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
}
CONTEXTS = pytest.StashKey[list[Any]]()


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def unavailable(reason: str) -> NoReturn:
    """Skip on a developer's machine; fail in CI, where a missing tool means a broken set-up (.ci/run)."""
    if in_ci():
        pytest.fail(f"{reason} (CI is set: .ci/run installs it, so its absence is an error)", pytrace=False)
    pytest.skip(reason)


# PostgreSQL -----------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def postgresql_cluster() -> Iterator[PostgresCluster]:
    missing = missing_binaries()
    if missing:
        unavailable(f"PostgreSQL 15 is not installed ({', '.join(missing)} missing; apt-get install postgresql-15)")
    cluster = start_cluster()
    # Teardown runs on failures and Ctrl-C; atexit covers an interpreter that exits before it.
    atexit.register(stop_cluster, cluster)
    try:
        yield cluster
    finally:
        stop_cluster(cluster)
        atexit.unregister(stop_cluster)


@pytest.fixture(scope="session")
def postgresql_url(postgresql_cluster: PostgresCluster) -> str:
    return postgresql_cluster.url


# Django -------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def django_environment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Django set up once per process on TEST_ENVIRONMENT, with a temp MISSIONLENS_DATA_DIR (yielded)."""
    import django
    from django.conf import settings
    from django.test.utils import setup_test_environment, teardown_test_environment

    data_dir = tmp_path_factory.mktemp("missionlens-data")
    environment = {**TEST_ENVIRONMENT, "MISSIONLENS_DATA_DIR": str(data_dir), "MISSIONLENS_DATABASE_URL": ""}
    # Another settings module may be named explicitly (a probe of the fixtures themselves, say).
    environment["DJANGO_SETTINGS_MODULE"] = os.environ.get("DJANGO_SETTINGS_MODULE") or TEST_ENVIRONMENT[
        "DJANGO_SETTINGS_MODULE"
    ]
    saved = {name: os.environ.get(name) for name in environment}
    os.environ.update(environment)
    try:
        django.setup()
        setup_test_environment()
        # The URLconf imports the domain (ibis, the review engine): seconds, tens of them on a loaded
        # machine. Paid here, once, rather than inside the first request a live server or browser awaits.
        from django.urls import get_resolver

        assert get_resolver().url_patterns
        if "Manifest" in settings.STORAGES["staticfiles"]["BACKEND"]:
            # Templates ask the manifest for hashed names outside DEBUG: it must exist, as after a deploy.
            from django.core.management import call_command

            call_command("collectstatic", interactive=False, verbosity=0)
        yield data_dir
        teardown_test_environment()
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def point_django_at(config: dict[str, Any]) -> None:
    """Make `config` Django's default database for the rest of the process.

    Django reads DATABASES once and keeps the connections it opened (BaseConnectionHandler) and offers
    no public way to switch, so the handler is re-initialised as on start-up. Content types are
    cached by id, and ids differ between databases.
    """
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from django.db import connections

    connections.close_all()
    settings.DATABASES = {"default": config}
    connections.__dict__.pop("settings", None)
    connections.__init__()
    ContentType.objects.clear_cache()


@pytest.fixture(scope="session", params=BACKENDS)
def django_db_backend(request: pytest.FixtureRequest, django_environment: Path) -> Iterator[str]:
    """The backend's name; Django's test database is created, migrated and serialised for the run.

    pytest groups the tests by this parameter, so each process switches backend at most once.
    """
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    from missionlens.web.environment import database

    url = request.getfixturevalue("postgresql_url") if request.param == "postgresql" else ""
    config = database(url, default_sqlite=django_environment / "missionlens.sqlite3")
    if request.param == "sqlite":
        # A file, not Django's default in-memory test database: the live server's threads, background
        # imports and subprocesses must all see the same rows, as in production.
        config["TEST"] = {"NAME": str(django_environment / "test-missionlens.sqlite3")}
    point_django_at(config)
    old_config = setup_databases(verbosity=0, interactive=False)
    # A process the app starts (a background job, say) reads its database from the environment: send
    # it to the test database that Django's runner now uses, not to the one it was named after.
    test_name = connections["default"].settings_dict["NAME"]
    os.environ["MISSIONLENS_DATABASE_URL"] = (
        url.rsplit("/", 1)[0] + "/" + test_name if request.param == "postgresql" else f"sqlite:///{test_name}"
    )
    try:
        yield str(request.param)
    finally:
        os.environ["MISSIONLENS_DATABASE_URL"] = ""
        connections.close_all()
        teardown_databases(old_config, verbosity=0)


@pytest.fixture
def db(django_db_backend: str) -> Iterator[str]:
    """The test runs inside a transaction that is rolled back after it (Django's TestCase)."""
    from django.db import transaction

    atomic = transaction.atomic()
    atomic.__enter__()
    try:
        yield django_db_backend
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture
def transactional_db(django_db_backend: str) -> Iterator[str]:
    """The test commits for real (other threads see its rows); afterwards the database is flushed and
    the rows the migrations wrote are restored (Django's TransactionTestCase, serialized_rollback)."""
    from django.core.management import call_command
    from django.db import connections

    yield django_db_backend
    connection = connections["default"]
    contents = getattr(connection, "_test_serialized_contents", None)
    # With saved rows to restore, post_migrate must not recreate them first (it would duplicate them).
    call_command("flush", verbosity=0, interactive=False, inhibit_post_migrate=bool(contents))
    if contents:
        connection.creation.deserialize_db_from_string(contents)


@pytest.fixture
def client() -> Client:
    from django.test import Client

    return Client()


@pytest.fixture(scope="session")
def live_server_url(django_db_backend: str) -> Iterator[str]:
    """Django's threaded live server (LiveServerTestCase's) on a free loopback port, per backend."""
    from django.test.testcases import LiveServerThread, _StaticFilesHandler

    thread = LiveServerThread("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error is not None:
        raise thread.error
    try:
        yield f"http://127.0.0.1:{thread.port}"
    finally:
        thread.terminate()


@pytest.fixture
def live_server(live_server_url: str, transactional_db: str) -> str:
    return live_server_url


# Chromium -------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        unavailable(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop running on this thread while it is open, and Django
    # refuses ORM calls from a thread with a running loop; nothing here is async, so the guard is lifted.
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(**launch_options())
            try:
                yield launched
            finally:
                launched.close()
    finally:
        if saved is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = saved


def _page(browser: Browser, request: pytest.FixtureRequest, options: dict[str, Any]) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(**options, locale="fr-FR")
    context.set_default_timeout(15_000)
    request.node.stash.setdefault(CONTEXTS, []).append(context)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def phone_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a fresh phone-sized context (390 x 844, touch), French by default."""
    yield from _page(browser, request, PHONE)


@pytest.fixture
def desktop_page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page in a fresh desktop context (1280 x 800), French by default."""
    yield from _page(browser, request, DESKTOP)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """On a failing test with open pages, save their screenshots and HTML and name the files in the
    report (shown with the failure, also under xdist). Runs before the fixtures close the pages."""
    report = yield
    if report.when == "call" and report.failed:
        pages = [page for context in item.stash.get(CONTEXTS, []) for page in context.pages]
        written = save_failure_artifacts(pages, item.nodeid, ARTIFACTS)
        if written:
            report.sections.append(("browser artifacts", "\n".join(str(path) for path in written)))
    return report
