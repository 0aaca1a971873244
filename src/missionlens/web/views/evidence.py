"""Evidence pages: capture (mobile-first), the list with its filters, and an edit with its history."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from missionlens.web import evidence_borrowers
from missionlens.web.access import allow, borrower_shown, evidence_visible_to, may_edit
from missionlens.web.evidence import (
    EvidenceRefused,
    Vocabulary,
    edit_evidence,
    record_evidence,
    search,
    snapshot,
    stamp,
    vocabulary,
)
from missionlens.web.evidence_forms import EvidenceForm, SearchForm
from missionlens.web.models import Evidence
from missionlens.web.views.dashboard import language

PAGE_SIZE = 30


def words() -> Vocabulary:
    return vocabulary(settings.DATA_DIR, language(), settings.MISSION_FILE)


def _row(request: HttpRequest, item: Evidence, vocab: Vocabulary | None = None) -> dict[str, Any]:
    viewer = request.viewer
    dimensions, indicators = (dict(vocab.dimensions), dict(vocab.indicators)) if vocab else ({}, {})
    return {"item": item, "borrower": borrower_shown(viewer, item.borrower, item.branch.code if item.branch else None),
            "editable": may_edit(viewer, item), "dimension": dimensions.get(item.dimension, item.dimension),
            "indicator": indicators.get(item.indicator, item.indicator)}


@allow("write_evidence")
def capture(request: HttpRequest) -> HttpResponse:
    """Record evidence; on a refusal the form comes back with every message and the typed text."""
    vocab, today = words(), timezone.localdate()
    form = EvidenceForm(request.POST or None, viewer=request.viewer, words=vocab, today=today,
                        initial={"dimension": request.GET.get("dimension", ""), "indicator": request.GET.get("indicator", "")})
    if request.method == "POST":
        if form.is_valid():
            try:
                item = record_evidence(form.draft(), by=request.user, viewer=request.viewer, words=vocab,
                                       borrowers=evidence_borrowers.book_for(settings.DATA_DIR), today=today)
            except EvidenceRefused as problem:
                form.refused(problem)
            else:
                messages.success(request, _("Recorded: it now shows with the voices of its dimension."))
                return redirect(reverse("evidence-list") + f"#evidence-{item.pk}")
        return render(request, "missionlens/evidence_form.html", {"form": form, "creating": True}, status=400)
    return render(request, "missionlens/evidence_form.html", {"form": form, "creating": True})


@allow("view_evidence")
def listing(request: HttpRequest) -> HttpResponse:
    vocab = words()
    form = SearchForm(request.GET or None, viewer=request.viewer, words=vocab)
    found = search(request.viewer, form.search())
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "missionlens/evidence_list.html", {
        "form": form, "page": page, "rows": [_row(request, e, vocab) for e in page], "query": query.urlencode(),
    })


@allow("write_evidence")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit one's own evidence (any, for a manager), with the history of earlier versions."""
    item = evidence_visible_to(request.viewer).select_related("branch", "author").filter(pk=pk).first()
    if item is None:
        raise Http404(_("No evidence %(pk)s that you may read.") % {"pk": pk})
    if not may_edit(request.viewer, item):
        raise PermissionDenied
    vocab, today = words(), timezone.localdate()
    initial = {**snapshot(item), "borrower": item.borrower, "edited": stamp(item)}
    form = EvidenceForm(request.POST or None, viewer=request.viewer, words=vocab, today=today, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                edit_evidence(pk, form.draft(), by=request.user, viewer=request.viewer, words=vocab,
                              borrowers=evidence_borrowers.book_for(settings.DATA_DIR), today=today,
                              seen=form.cleaned_data.get("edited") or None)
            except EvidenceRefused as problem:
                form.refused(problem)
                item.refresh_from_db()
                # The next try is against the version shown now, not the one first opened.
                form.data = form.data.copy()
                form.data["edited"] = stamp(item)
            else:
                messages.success(request, _("Your change is saved; the earlier version is kept in the history."))
                return redirect(reverse("evidence-list") + f"#evidence-{pk}")
    history = [{"at": e.at, "editor": e.editor, "before": e.before} for e in item.edits.select_related("editor")]
    return render(request, "missionlens/evidence_form.html", {
        "form": form, "creating": False, "item": _row(request, item), "history": history,
    }, status=status)
