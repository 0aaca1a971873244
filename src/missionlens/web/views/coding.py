"""Coding pages: the texts to code and those coded, one text's coding, the codebook with its
suggestions from the themes, and the REFI-QDA exports (web/coding.py holds the rules)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from missionlens.web import coding as use_cases
from missionlens.web.access import allow
from missionlens.web.coding_forms import CodeForm, PassageForm
from missionlens.web.models import Code, Coding
from missionlens.web.reviews import ReviewUnavailable, review_for
from missionlens.web.views.dashboard import language

KINDS = ("evidence", "note")


@allow("write_evidence")
def coding(request: HttpRequest) -> HttpResponse:
    """The texts the viewer may code, and those already coded with their codings."""
    texts = use_cases.codable_texts(request.viewer, settings.DATA_DIR)
    coded = list(use_cases.coded_texts(request.viewer))
    done = {(s.kind, s.ref) for s in coded}
    return render(request, "missionlens/coding/texts.html", {
        "texts": [t for t in texts if (t.kind, t.ref) not in done], "coded": coded,
        "codes": Code.objects.count(),
    })


def _codebook_page(request: HttpRequest, form: CodeForm, status: int = 200) -> HttpResponse:
    codes = list(Code.objects.select_related("parent").order_by("name"))
    return render(request, "missionlens/coding/codebook.html", {"form": form, "codes": codes}, status=status)


@allow("write_evidence")
def codebook(request: HttpRequest) -> HttpResponse:
    """The codebook; POST adds a code (a suggestion from the themes posts here too)."""
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                code = use_cases.add_code(form.draft(), by=request.user, viewer=request.viewer)
            except use_cases.CodingRefused as problem:
                form.refused(problem)
            else:
                messages.success(request, _("Code %(name)s added to the codebook.") % {"name": code.name})
                return redirect("codebook")
        return _codebook_page(request, form, status=400)
    return _codebook_page(request, form)


@allow("manage")
def code_edit(request: HttpRequest, pk: int) -> HttpResponse:
    code = get_object_or_404(Code, pk=pk)
    initial = {"name": code.name, "description": code.description, "parent": code.parent.key if code.parent else "",
               "colour": code.colour}
    form = CodeForm(request.POST or None, editing=code, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                use_cases.edit_code(pk, form.draft(), by=request.user, viewer=request.viewer)
            except use_cases.CodingRefused as problem:
                form.refused(problem)
            else:
                messages.success(request, _("The code is changed; the audit log keeps what it was."))
                return redirect("codebook")
        return render(request, "missionlens/coding/code_edit.html", {"form": form, "code": code}, status=400)
    return render(request, "missionlens/coding/code_edit.html", {"form": form, "code": code})


@allow("write_evidence")
def suggestions(request: HttpRequest) -> HttpResponse:
    """Codes suggested by the themes found in the voices (the review's, or the texts' own)."""
    lang = language()
    try:
        review: dict[str, Any] | None = review_for(settings.DATA_DIR, None, lang)
    except ReviewUnavailable:
        review = None
    found = use_cases.suggestions(review, use_cases.codable_texts(request.viewer, settings.DATA_DIR), lang)
    return render(request, "missionlens/coding/suggestions.html", {"suggestions": found})


@allow("write_evidence")
def code_text(request: HttpRequest, kind: str, ref: str) -> HttpResponse:
    """One text with its codings, and the form to tag a passage (a selection fills it: coding.js)."""
    target = use_cases.codable(request.viewer, settings.DATA_DIR, kind, ref) if kind in KINDS else None
    if target is None:
        raise Http404(_("No text to code here that you may read."))
    form = PassageForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                use_cases.code_passage(target, code_key=data["code"], passage=data["passage"], start=data.get("start"),
                                       end=data.get("end"), by=request.user, viewer=request.viewer)
            except use_cases.CodingRefused as problem:
                form.refused(problem)
            else:
                messages.success(request, _("Passage coded."))
                return redirect(reverse("code-text", kwargs={"kind": kind, "ref": ref}))
    source = use_cases.source_of(target)
    codings = list(source.codings.select_related("code", "author")) if source else []
    return render(request, "missionlens/coding/text.html", {
        "target": target, "form": form, "codings": codings, "has_codes": Code.objects.exists(),
    }, status=status)


@allow("write_evidence")
@require_POST
def coding_remove(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        coding = Coding.objects.select_related("source").get(pk=pk)
        source = coding.source
        use_cases.remove_coding(pk, by=request.user, viewer=request.viewer)
    except Coding.DoesNotExist as exc:
        raise Http404(_("No coding %(pk)s that you may read.") % {"pk": pk}) from exc
    except PermissionError as exc:
        raise PermissionDenied from exc
    messages.success(request, _("Coding removed; the audit log keeps it."))
    return redirect(reverse("code-text", kwargs={"kind": source.kind, "ref": source.ref}))


def _download(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@allow("write_evidence")
def codebook_export(request: HttpRequest) -> HttpResponse:
    try:
        content = use_cases.export_codebook()
    except use_cases.CodingRefused as problem:
        messages.error(request, " ".join(problem.errors["codebook"]))
        return redirect("codebook")
    return _download(content, "missionlens-codebook.qdc", "application/xml")


@allow("write_evidence")
def project_export(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    try:
        content = use_cases.export_project(request.viewer, name="missionlens", created=now)
    except use_cases.CodingRefused as problem:
        messages.error(request, " ".join(problem.errors["codebook"]))
        return redirect("codebook")
    return _download(content, f"missionlens-{now:%Y%m%d}.qdpx", "application/zip")
