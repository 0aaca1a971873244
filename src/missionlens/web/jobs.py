"""The background runner of imports and reports: one worker thread per server process.

A job row (ImportJob, ReportJob) says what a job is doing; a lock file says whether anyone is
still doing it. The request that starts a job takes `DATA_DIR/jobs/<kind>-<pk>.lock` (fcntl)
before it commits the job's active status, and hands it to the worker thread, which lets it go
when the job ends. So a job row left `checking` or `running` whose lock nobody holds belongs to a
server that died: `recover` marks it failed. Taking the lock is what tells a live job from a dead
one, which the job's status alone cannot across several gunicorn workers (one may restart while
another is importing).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Literal, Protocol

from django.db import connection, models
from django.utils.translation import gettext

Kind = Literal["import", "report"]
Work = Callable[[], None]
log = logging.getLogger(__name__)

# A job checked and left unconfirmed for this long is let go: its upload (raw identifiers) is removed.
UNCONFIRMED_FOR = timedelta(days=1)


def lock_path(data_dir: Path, kind: Kind, pk: int) -> Path:
    return Path(data_dir) / "jobs" / f"{kind}-{pk}.lock"


class Claim:
    """The held lock of one job; `release` lets it go and removes the file."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._fd: int | None = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(self._fd)
            self._fd = None
            raise JobBusy(gettext("the job %(job)s is already being worked on") % {"job": path.stem}) from None

    def release(self) -> None:
        if self._fd is None:
            return
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
        os.close(self._fd)
        self._fd = None


class JobBusy(RuntimeError):
    """Someone already holds the job's lock."""


def claim(data_dir: Path, kind: Kind, pk: int) -> Claim:
    return Claim(lock_path(data_dir, kind, pk))


def alive(data_dir: Path, kind: Kind, pk: int) -> bool:
    """Whether a live process holds the job's lock."""
    try:
        fd = os.open(lock_path(data_dir, kind, pk), os.O_RDWR)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


class Runner(Protocol):
    def submit(self, held: Claim, work: Work) -> None: ...


def _guarded(held: Claim, work: Work) -> None:
    try:
        work()
    except Exception:  # the work records its own failure; this only keeps the thread alive
        log.exception("background job %s crashed", held.path.stem)
    finally:
        held.release()
        connection.close()


class ThreadRunner:
    """One worker thread per process, made on first use (gunicorn forks after loading the app)."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._pid = 0
        self._futures: list[Future[None]] = []
        self._lock = threading.Lock()

    def submit(self, held: Claim, work: Work) -> None:
        with self._lock:
            if self._pool is None or self._pid != os.getpid():
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="missionlens-job")
                self._pid = os.getpid()
            self._futures = [f for f in self._futures if not f.done()]
            self._futures.append(self._pool.submit(_guarded, held, work))

    def drain(self, timeout: float) -> bool:
        """Wait until every submitted job has ended (True) or `timeout` seconds pass (False)."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:
                pending = [f for f in self._futures if not f.done()]
            if not pending:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)


class InlineRunner:
    """Runs a job at once in the calling thread (a command-line use, and tests)."""

    def submit(self, held: Claim, work: Work) -> None:
        try:
            work()
        finally:
            held.release()


runner: Runner = ThreadRunner()


def submit(held: Claim, work: Work) -> None:
    runner.submit(held, work)


class ProgressWriter:
    """Writes a job's stage and percent, at most every `every` seconds (always on a new stage);
    the percent never goes back."""

    def __init__(self, model: type[models.Model], pk: int, *, every: float = 0.5) -> None:
        self.model, self.pk, self.every = model, pk, every
        self._stage = ""
        self._percent = 0.0
        self._written = 0.0

    def __call__(self, stage: str, percent: float) -> None:
        percent = max(self._percent, min(100.0, percent))
        now = time.monotonic()
        if stage == self._stage and now - self._written < self.every and percent < 100:
            self._percent = percent
            return
        self._stage, self._percent, self._written = stage, percent, now
        self.model._default_manager.filter(pk=self.pk).update(stage=stage[:200], progress=round(percent, 1))


# A job in one of these states has a worker, or is queued for one, holding its lock.
ACTIVE = ("pending", "checking", "running")


def recover(data_dir: Path, *, now: datetime) -> list[str]:
    """Mark failed the jobs a dead server left active, and let go of uploads left unconfirmed for
    a day; returns what was marked ("import-3", "report-5", ...)."""
    from missionlens.web import imports, reports
    from missionlens.web.models import ImportJob, ReportJob

    marked: list[str] = []
    for job in ImportJob.objects.filter(status__in=[*ACTIVE, "ready"]).only("pk", "status", "created"):
        if job.status == "ready" and now - job.created <= UNCONFIRMED_FOR:
            continue
        if (job.status == "ready" or not alive(data_dir, "import", job.pk)) and imports.abandon(
            job.pk, job.status, data_dir=data_dir, now=now
        ):
            marked.append(f"import-{job.pk}")
    for report in ReportJob.objects.filter(status__in=ACTIVE).only("pk", "status"):
        if not alive(data_dir, "report", report.pk) and reports.abandon(report.pk, report.status, now=now):
            marked.append(f"report-{report.pk}")
    return marked


@contextlib.contextmanager
def held_for(data_dir: Path, kind: Kind, pk: int) -> Iterator[Claim]:
    """A claim released when the block fails (on success the runner owns it)."""
    held = claim(data_dir, kind, pk)
    try:
        yield held
    except BaseException:
        held.release()
        raise


def recover_at_start(**_kwargs: object) -> None:
    """request_started receiver (apps.py): run `recover` once in this process, then let go."""
    from django.conf import settings
    from django.core.signals import request_started
    from django.db import DatabaseError

    request_started.disconnect(dispatch_uid="missionlens.jobs.recover")
    try:
        marked = recover(Path(settings.DATA_DIR), now=datetime.now(tz=timezone.utc))
    except DatabaseError:  # a database not migrated yet has no job to recover
        log.warning("job recovery skipped: the database is not ready", exc_info=True)
        return
    if marked:
        log.warning("marked failed the jobs a stopped server left running: %s", ", ".join(marked))
