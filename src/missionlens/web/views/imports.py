"""The imports pages: upload, the check's problems (paged), confirm, and the progress, live."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from missionlens.data.problems import Problem
from missionlens.data.wording import Lang, Wording, describe
from missionlens.web import imports, imports_files
from missionlens.web.access import allow
from missionlens.web.imports_files import DATA_SUFFIXES, MAX_FILES, MAX_UPLOAD_BYTES
from missionlens.web.models import ImportJob

PER_PAGE = 100
WORKING = ("pending", "checking", "running")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join((*DATA_SUFFIXES, ".zip"))}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        one = super().clean
        return [one(d, initial) for d in data] if isinstance(data, (list, tuple)) else [one(data, initial)]


class UploadForm(forms.Form):
    files = FilesField(label=gettext_lazy("The data files, or one zip"))


def mission_file() -> Path | None:
    return Path(settings.MISSION_FILE) if settings.MISSION_FILE else None


def stage_text(stage: str) -> str:
    """A job's stage (as the runner writes it) in the reader's language."""
    key, _sep, detail = stage.partition(":")
    words = {
        "queued": _("waiting for its turn"), "reading": _("reading %(detail)s"),
        "cross-checking": _("checking across tables"), "storing": _("storing the new version"),
        "reviewing": _("computing the reviews (%(detail)s)"), "checked": _("checked"), "refused": _("refused"),
        "done": _("done"), "failed": _("failed"), "cancelled": _("cancelled"),
        "busy": _("another import was running: confirm again"),
    }
    text = words.get(key, stage)
    return text % {"detail": detail} if "%(detail)s" in text else text


def reader_language() -> Lang:
    return "en" if (get_language() or "").startswith("en") else "fr"


def shown_problem(problem: Problem, extra: Sequence[Wording] = ()) -> dict[str, Any]:
    """A problem as a page lists it, in the reader's language (data.wording; stored in English)."""
    said = describe(problem, reader_language(), extra)
    return {"file": said.file, "sheet": problem.sheet, "line": problem.line, "column": problem.column,
            "severity": problem.severity, "message": said.message, "fix": said.fix}


def _shown(stored: dict[str, Any]) -> dict[str, Any]:
    """A problem of a job, as stored (its JSON); one that cannot be read back is shown as it is."""
    try:
        problem = Problem.from_json(stored)
    except (KeyError, TypeError, ValueError):
        return stored
    return shown_problem(problem, (*imports.WORDING, *imports_files.WORDING))


def _counts(problems: Sequence[dict[str, Any]]) -> dict[str, int]:
    errors = sum(1 for p in problems if p.get("severity") == "error")
    return {"errors": errors, "warnings": len(problems) - errors}


@allow("manage")
def imports_page(request: HttpRequest) -> HttpResponse:
    form = UploadForm()
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            job = imports.receive(form.cleaned_data["files"], by=request.user, data_dir=settings.DATA_DIR)
            return redirect("import-job", pk=job.pk)
    recent = ImportJob.objects.select_related("requested_by")[:20]
    return render(request, "missionlens/imports.html", {
        "form": form, "jobs": recent, "max_files": MAX_FILES, "max_mib": MAX_UPLOAD_BYTES // 2**20,
    }, status=400 if form.errors else 200)


@allow("manage")
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob.objects.select_related("requested_by"), pk=pk)
    problems = list(job.problems)
    page = Paginator(problems, PER_PAGE).get_page(request.GET.get("page"))
    shown_until = page.end_index() if problems else 0
    return render(request, "missionlens/import_job.html", {
        "job": job, "page": page, "rows": [_shown(p) for p in page.object_list], "counts": _counts(problems), "more": len(problems) - shown_until,
        "stage": stage_text(job.stage), "working": job.status in WORKING,
        "can_confirm": job.status == "ready",
    })


@allow("manage")
def import_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The few fields the progress page polls."""
    job = get_object_or_404(ImportJob, pk=pk)
    return JsonResponse({
        "status": job.status, "status_label": str(job.get_status_display()), "stage": stage_text(job.stage),
        "progress": job.progress, "version": job.version, "working": job.status in WORKING,
        "problems": _counts(job.problems),
    })


@allow("manage")
@require_POST
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(ImportJob, pk=pk)
    try:
        imports.confirm(pk, by=request.user, data_dir=settings.DATA_DIR, mission_path=mission_file())
    except imports.ImportRefused as exc:
        messages.error(request, _("The import was not started: %(why)s.") % {"why": exc})
    return redirect("import-job", pk=pk)


@allow("manage")
@require_POST
def import_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(ImportJob, pk=pk)
    try:
        imports.cancel(pk, by=request.user, data_dir=settings.DATA_DIR)
    except imports.ImportRefused as exc:
        messages.error(request, _("The upload was not cancelled: %(why)s.") % {"why": exc})
    else:
        messages.success(request, _("The upload was cancelled and its files removed."))
    return redirect("import-job", pk=pk)
