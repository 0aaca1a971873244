"""The reports pages: ask for a report (period, audience, language), follow it, download it.

A manager asks for any audience; a board viewer for the board's and the funders' reports only
(reports.audiences_for); an advisor for none, and is refused the pages.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from missionlens.web import reports
from missionlens.web.access import Viewer, allow
from missionlens.web.models import Audience, ReportJob
from missionlens.web.reviews import ReviewUnavailable, review_for
from missionlens.web.views.imports import mission_file

LANGS = (("fr", _("French")), ("en", _("English")))


class ReportForm(forms.Form):
    audience = forms.ChoiceField(label=_("For"), choices=Audience.choices, widget=forms.RadioSelect)
    first = forms.RegexField(label=_("First month"), regex=r"^\d{4}-(0[1-9]|1[0-2])$",
                             widget=forms.TextInput(attrs={"type": "month"}),
                             error_messages={"invalid": _("Write a month as YYYY-MM, e.g. 2024-01.")})
    last = forms.RegexField(label=_("Last month"), regex=r"^\d{4}-(0[1-9]|1[0-2])$",
                            widget=forms.TextInput(attrs={"type": "month"}),
                            error_messages={"invalid": _("Write a month as YYYY-MM, e.g. 2024-12.")})
    lang = forms.ChoiceField(label=_("Language"), choices=LANGS, widget=forms.RadioSelect)

    def __init__(self, *args: Any, audiences: tuple[str, ...], span: tuple[str, str] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["audience"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(k, v) for k, v in Audience.choices if k in audiences]
        self.span = span

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("first"), cleaned.get("last")
        if first and last and first > last:
            self.add_error("last", _("The last month must come on or after the first."))
        if self.span and first and last and (last < self.span[0] or first > self.span[1]):
            self.add_error("first", _("The data covers %(a)s to %(b)s: choose months within it.")
                           % {"a": self.span[0], "b": self.span[1]})
        return cleaned


def _viewer(request: HttpRequest) -> Viewer:
    viewer: Viewer = request.viewer
    if not reports.audiences_for(viewer):
        raise PermissionDenied
    return viewer


def _span() -> tuple[str, str] | None:
    try:
        data = review_for(settings.DATA_DIR, None, "en").get("data", {})
    except ReviewUnavailable:
        return None
    first, last = data.get("first_month"), data.get("last_month")
    return (str(first), str(last)) if first and last else None


@allow("view_aggregates")
def reports_page(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    audiences = reports.audiences_for(viewer)
    span = _span()
    lang = "en" if (get_language() or "fr").startswith("en") else "fr"
    initial = {"audience": audiences[0], "lang": lang, "first": span[0] if span else "", "last": span[1] if span else ""}
    form = ReportForm(audiences=audiences, span=span, initial=initial)
    if request.method == "POST":
        form = ReportForm(request.POST, audiences=audiences, span=span)
        if span is None:
            form.add_error(None, _("Nothing has been imported yet: import a data set first."))
        elif form.is_valid():
            job = reports.request(viewer, by=request.user, audience=form.cleaned_data["audience"],
                                  first=form.cleaned_data["first"], last=form.cleaned_data["last"],
                                  lang=form.cleaned_data["lang"], data_dir=settings.DATA_DIR,
                                  mission_path=mission_file())
            return redirect("report-job", pk=job.pk)
    return render(request, "missionlens/reports.html", {
        "form": form, "jobs": reports.reports_for(viewer)[:20], "span": span,
    }, status=400 if form.errors else 200)


def _job(request: HttpRequest, pk: int) -> ReportJob:
    viewer = _viewer(request)
    return get_object_or_404(reports.reports_for(viewer), pk=pk)


@allow("view_aggregates")
def report_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    working = job.status in ("pending", "running")
    return render(request, "missionlens/report_job.html", {"job": job, "working": working})


@allow("view_aggregates")
def report_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = _job(request, pk)
    return JsonResponse({"status": job.status, "status_label": str(job.get_status_display()),
                         "working": job.status in ("pending", "running"), "error": job.error})


@allow("view_aggregates")
def report_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    job = _job(request, pk)
    path = reports.report_file(settings.DATA_DIR, job, fmt)
    if path is None:
        raise Http404(_("This report has no such file (yet)."))
    return FileResponse(path.open("rb"), as_attachment=fmt == "pdf", filename=path.name,
                        content_type=reports.FORMATS[fmt])

