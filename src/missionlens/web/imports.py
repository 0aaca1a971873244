"""Imports from the browser: upload, check, confirm, import in the background, review again.

The life of an ImportJob (its status):

    pending -> checking -> refused            the check found errors: nothing changes
                        -> ready -> running -> done     the new version is current and reviewed
                                            -> failed   the data is as it was; the job says why
             ready -> failed                  cancelled, or left unconfirmed for a day

The check and the import are the domain's own (data.importer.check_dataset, import_dataset),
so the browser reports every problem exactly as `missionlens check` does. An import lands whole
or not at all: the store switches its version atomically and holds a lock (a second import is
sent back to `ready` with a message, to be confirmed again); when the reviews cannot be
computed, the store is rolled back to the version it had, and the pages, which read only the
reviews' CURRENT run, never saw the new one. The upload, which holds raw borrower identifiers,
is removed as soon as the job no longer needs it. Every step is audited.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext

from missionlens.data.importer import Progress, check_dataset, import_dataset
from missionlens.data.problems import Problem
from missionlens.data.store import Store, StoreBusy, StoreError
from missionlens.data.wording import Wording, wording
from missionlens.web import jobs
from missionlens.web.field_evidence import app_evidence
from missionlens.web.imports_files import Laid, Uploaded, lay_out_safely, remove
from missionlens.web.models import Branch, ImportJob, record
from missionlens.web.reviews import branches_of, compute_reviews, reviews_dir, store_dir

# Where the percent bar stands at each stage of a confirmed import (the check uses 0-100 alone).
READ_UNTIL, CROSS_UNTIL, STORED_AT, REVIEWS_FROM = 45.0, 55.0, 58.0, 60.0
REVIEW_EVENTS = 13  # progress calls of compute_reviews (two languages, then the branches)


class ImportRefused(ValueError):
    """An action on an import that cannot be done now; the message says why and what to do."""


def upload_folder(data_dir: Path, pk: int) -> Path:
    return Path(data_dir) / "uploads" / f"import-{pk}"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def receive(uploads: Iterable[Uploaded], *, by: AbstractBaseUser, data_dir: Path) -> ImportJob:
    """Lay the files out and start their check in the background (or refuse them at once)."""
    files = list(uploads)
    with transaction.atomic():
        job = ImportJob.objects.create(requested_by=by, upload=", ".join(str(f.name) for f in files)[:500],
                                       stage="queued")
        laid = lay_out_safely(files, upload_folder(data_dir, job.pk))
        record(by, "import.upload", job, summary=f"{len(laid.files)} file(s): {', '.join(laid.files)}"[:500])
        if not laid.ok:
            _finish(job, "refused", problems=laid.problems, stage="refused")
            remove(laid.folder)
            return job
        with jobs.held_for(data_dir, "import", job.pk) as held:
            job.status, job.problems = "checking", [p.to_json() for p in laid.problems]
            job.save(update_fields=["status", "problems"])
            transaction.on_commit(lambda: jobs.submit(held, lambda: check(job.pk, laid, data_dir=data_dir)))
    return job


def check(pk: int, laid: Laid, *, data_dir: Path) -> None:
    """Validate the upload (a throwaway secret: nothing is stored) and say whether it may be imported."""
    job = ImportJob.objects.get(pk=pk)
    progress = _reading_progress(jobs.ProgressWriter(ImportJob, pk), laid, 0.0, 85.0, 100.0)
    try:
        validation = check_dataset(laid.folder, progress=progress)
    except Exception as exc:  # noqa: BLE001 - an unreadable upload is the user's to fix, never a crash
        _fail(job, f"the files could not be checked ({type(exc).__name__}: {exc})",
              "send the files again; if it happens again, report it with the files' names", data_dir)
        return
    problems = [*[Problem.from_json(p) for p in job.problems], *validation.problems]
    if validation.ok:
        _finish(job, "ready", problems=problems, stage="checked", finished=False)
    else:
        _finish(job, "refused", problems=problems, stage="refused")
        remove(upload_folder(data_dir, pk))
    record(job.requested_by, "import.check", job, summary=f"{len(validation.errors)} error(s), "
           f"{len(validation.warnings)} warning(s)")


def confirm(pk: int, *, by: AbstractBaseUser, data_dir: Path, mission_path: Path | None) -> ImportJob:
    """Start the import of a checked upload; refused while another import runs."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=pk)
        if job.status != "ready":
            raise ImportRefused(gettext("this import is %(status)s: only a checked upload without errors can be "
                                        "imported") % {"status": job.get_status_display()})
        other = ImportJob.objects.filter(status="running").exclude(pk=pk).select_related("requested_by").first()
        if other is not None:
            raise ImportRefused(gettext("another import (number %(number)d, by %(user)s) is running: wait for it "
                                        "to end, then confirm again")
                                % {"number": other.pk, "user": other.requested_by.get_username()})
        with jobs.held_for(data_dir, "import", pk) as held:
            job.status, job.progress, job.stage = "running", 0.0, "queued"
            job.save(update_fields=["status", "progress", "stage"])
            record(by, "import.confirm", job, summary=job.upload)
            transaction.on_commit(lambda: jobs.submit(held, lambda: run(pk, data_dir=data_dir,
                                                                        mission_path=mission_path)))
    return job


def cancel(pk: int, *, by: AbstractBaseUser, data_dir: Path) -> ImportJob:
    """Let go of a checked upload that will not be imported (its files are removed)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().get(pk=pk)
        if job.status != "ready":
            raise ImportRefused(gettext("this import is %(status)s: only a checked upload can be cancelled")
                                % {"status": job.get_status_display()})
        _finish(job, "failed", problems=[*_problems(job), _reason("cancelled by "
                f"{by.get_username()}: nothing was imported", "")], stage="cancelled")
        record(by, "import.cancel", job, summary=job.upload)
    remove(upload_folder(data_dir, pk))
    return job


def run(pk: int, *, data_dir: Path, mission_path: Path | None) -> None:
    """Import the checked upload, then compute the reviews; on any failure the data stays as it was."""
    job = ImportJob.objects.get(pk=pk)
    writer = jobs.ProgressWriter(ImportJob, pk)
    folder = upload_folder(data_dir, pk)
    laid = Laid(folder, tuple(sorted(p.name for p in folder.iterdir())) if folder.is_dir() else (), ())
    try:
        store = Store.open_or_create(store_dir(data_dir))
        before = store.current()
        result = import_dataset(folder, store, now=_now(),
                                progress=_reading_progress(writer, laid, 0.0, READ_UNTIL, CROSS_UNTIL))
    except StoreBusy:
        _finish(job, "ready", problems=[*_problems(job), _reason(
            "another import was running, so nothing was imported", "confirm again when it has ended",
            severity="warning")], stage="busy", finished=False)
        record(job.requested_by, "import.busy", job)
        return
    except (StoreError, OSError, ValueError) as exc:
        _fail(job, f"the store could not take the import ({exc})", "ask the administrator to check the data "
              "folder; the data is as it was", data_dir)
        return
    if not result.ok or result.version is None:
        # The files changed between the check and the import: nothing was stored.
        _finish(job, "refused", problems=result.validation.problems, stage="refused")
        remove(folder)
        return
    writer("storing", STORED_AT)
    events = [0]

    def reviewing(label: str, _done: int, _total: int | None) -> None:
        events[0] += 1
        writer(f"reviewing:{label}", REVIEWS_FROM + (98.0 - REVIEWS_FROM) * min(1.0, events[0] / REVIEW_EVENTS))

    try:
        compute_reviews(data_dir, mission_path=mission_path, now=_now(), progress=reviewing, evidence=app_evidence())
    except Exception as exc:  # noqa: BLE001 - any failure here must undo the import, then say why
        restored = _undo(store, before, result.version.name, data_dir)
        _fail(job, f"the reviews could not be computed ({type(exc).__name__}: {exc}); {restored}",
              "check the mission file, then upload the data again", data_dir)
        return
    for row in branches_of(data_dir):
        Branch.objects.update_or_create(code=row["code"], defaults={"name": row["name"], "region": row.get("region", "")})
    job.version = result.version.name
    job.save(update_fields=["version"])
    _finish(job, "done", problems=result.validation.problems, stage="done")
    record(job.requested_by, "import.done", job, summary=f"version {result.version.name}",
           changes={"version": [before.name if before else None, result.version.name]})
    remove(folder)


def _undo(store: Store, before: object, made: str, data_dir: Path) -> str:
    """Put the store back on the version it had, and remove the half-written review run."""
    for partial in reviews_dir(data_dir).glob(f"{made}-*"):
        remove(partial)
    name = getattr(before, "name", None)
    if name is None:
        return f"version {made} was stored but is not shown: no review was computed"
    store.rollback(name, now=_now())
    return f"the data is back to version {name}"


def abandon(pk: int, status: str, *, data_dir: Path, now: datetime) -> bool:
    """Mark failed a job a dead server left `status` (or an upload left unconfirmed); False if it moved on."""
    why = ("the upload was not confirmed within a day: its files were removed" if status == "ready"
           else "the server stopped while this job was running: the data is as it was")
    problem = _reason(why, "upload the files again")
    changed = ImportJob.objects.filter(pk=pk, status=status).update(
        status="failed", stage="failed", finished=now,
    )
    if changed:
        job = ImportJob.objects.get(pk=pk)
        job.problems = [*job.problems, problem.to_json()]
        job.save(update_fields=["problems"])
        record(None, "import.abandoned", job, summary=why)
        remove(upload_folder(data_dir, pk))
    return bool(changed)


# The French of the reasons above (data.wording shows each in the reader's language).
WORDING: tuple[Wording, ...] = tuple(wording(en, fr) for en, fr in (
    ("the files could not be checked ({detail}", "les fichiers n’ont pas pu être vérifiés ({detail}"),
    ("send the files again; if it happens again, report it with the files' names",
     "envoyez de nouveau les fichiers ; si cela se reproduit, signalez-le en donnant le nom des fichiers"),
    ("cancelled by {user}: nothing was imported", "annulé par {user} : rien n’a été importé"),
    ("another import was running, so nothing was imported", "un autre import était en cours : rien n’a été importé"),
    ("confirm again when it has ended", "confirmez de nouveau quand il sera terminé"),
    ("the store could not take the import ({detail}", "l’import n’a pas pu être enregistré ({detail}"),
    ("ask the administrator to check the data folder; the data is as it was",
     "demandez à l’administrateur de vérifier le dossier des données ; les données sont inchangées"),
    ("the reviews could not be computed ({detail}); the data is back to version {version}",
     "les revues n’ont pas pu être calculées ({detail}) ; les données sont revenues à la version {version}"),
    ("the reviews could not be computed ({detail}); version {version} was stored but is not shown: no review "
     "was computed", "les revues n’ont pas pu être calculées ({detail}) ; la version {version} a été enregistrée "
     "mais n’est pas affichée : aucune revue n’a été calculée"),
    ("check the mission file, then upload the data again", "vérifiez le fichier de mission, puis envoyez de nouveau "
     "les données"),
    ("the upload was not confirmed within a day: its files were removed",
     "l’envoi n’a pas été confirmé dans la journée : ses fichiers ont été supprimés"),
    ("the server stopped while this job was running: the data is as it was",
     "le serveur s’est arrêté pendant cette tâche : les données sont inchangées"),
    ("upload the files again", "envoyez de nouveau les fichiers"),
))


def _reason(message: str, fix: str, *, severity: str = "error") -> Problem:
    return Problem("(import)", None, None, message, fix, severity="warning" if severity == "warning" else "error",
                   code="import_failed")


def _problems(job: ImportJob) -> list[Problem]:
    return [Problem.from_json(p) for p in job.problems]


def _fail(job: ImportJob, message: str, fix: str, data_dir: Path) -> None:
    _finish(job, "failed", problems=[*_problems(job), _reason(message, fix)], stage="failed")
    record(job.requested_by, "import.failed", job, summary=message)
    remove(upload_folder(data_dir, job.pk))


def _finish(job: ImportJob, status: str, *, problems: Iterable[Problem], stage: str, finished: bool = True) -> None:
    job.status, job.stage = status, stage
    job.problems = [p.to_json() for p in problems]
    job.progress = 100.0 if status in ("done", "ready") else job.progress
    job.finished = _now() if finished else None
    job.save(update_fields=["status", "stage", "problems", "progress", "finished"])


def _reading_progress(writer: jobs.ProgressWriter, laid: Laid, start: float, read_until: float,
                      cross_until: float) -> Progress:
    """The importer's progress calls (a file's label with its rows, then the cross-table checks)
    as a stage and a percent: each file its equal share of the reading band."""
    seen: list[str] = []
    files = max(1, len(laid.files))

    def progress(label: str, done: int, total: int | None) -> None:
        if label == "cross-table checks":
            fraction = done / total if total else 0.5
            writer("cross-checking", read_until + (cross_until - read_until) * fraction)
            return
        if label not in seen:
            seen.append(label)
        within = done / total if total else 0.5
        share = (len(seen) - 1 + within) / max(files, len(seen))
        writer(f"reading:{label}", start + (read_until - start) * share)

    return progress
