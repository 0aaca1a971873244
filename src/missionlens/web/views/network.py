"""The network pages: the institutions of a yearly panel (table, filters, sorting), each
institution's mini-report, and the panel upload (managers). Everything is read from the
precomputed network review (web/network.py); nothing here touches a borrower or evidence."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missionlens.network import labels
from missionlens.report.labels import Lang, percent
from missionlens.web.access import allow
from missionlens.web.models import record
from missionlens.web.network import (
    WORDING,
    NetworkUnavailable,
    accept_panel,
    has_panel,
    network_for,
    pending_since,
    review_in_background,
)
from missionlens.web.network_pages import figure, institution_report, network_summary
from missionlens.web.network_regions import LABELS as REGION_LABELS
from missionlens.web.network_table import (
    DRIFTS,
    SHOWN,
    Row,
    choices,
    institution_in,
    query_string,
    read_query,
    table,
    toggled,
)
from missionlens.web.views.dashboard import language
from missionlens.web.views.imports import shown_problem

PAGE_SIZE = 100


def _lang() -> Lang:
    return cast(Lang, language())


def _drift_text(row: Row, lang: Lang) -> str:
    if row.drift == "too_short":
        return _("too short to say")
    if row.drift == "none" or row.strongest is None:
        return _("no clear change against the mission")
    alert = row.strongest
    key = alert.get("indicator", "")
    name = labels.SHORT[lang].get(key, key)
    return _("%(what)s %(direction)s from %(start)s · confidence %(confidence)s") % {
        "what": name, "direction": labels.text(lang, str(alert.get("direction", "up"))),
        "start": alert.get("start", ""), "confidence": percent(float(alert.get("confidence") or 0.0), lang),
    }


def _cells(row: Row, lang: Lang) -> dict[str, Any]:
    return {
        "row": row,
        "values": [{"text": figure(k, row.latest[k].value, lang), "year": row.latest[k].year,
                    "carried": row.latest[k].carried} for k in SHOWN],
        "drift_text": _drift_text(row, lang),
        "carried": [{"name": labels.SHORT[lang][k], "n": n} for k, n in sorted(row.carried.items())  # type: ignore[index]
                    if k in labels.SHORT[lang]],
    }


def _unavailable(request: HttpRequest) -> HttpResponse:
    return render(request, "missionlens/network_empty.html", {
        "pending": pending_since(settings.DATA_DIR), "has_panel": has_panel(settings.DATA_DIR),
    })


@allow("view_network")
def network(request: HttpRequest) -> HttpResponse:
    lang = _lang()
    try:
        document = network_for(settings.DATA_DIR, lang)
    except NetworkUnavailable:
        return _unavailable(request)
    query = read_query(request.GET)
    rows = table(document, query)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    offered = choices(document)
    headers = [{"key": key, "label": label, "query": query_string(toggled(query, key)),
                "current": query.sort == key, "descending": query.descending} for key, label in (
        ("name", _("Institution name")), ("country", _("Country")), ("legal_status", _("Legal status")),
        ("years", _("Years")), ("depth", _("Depth of outreach")), ("active_borrowers", _("Breadth (active borrowers)")),
        ("women_share", _("Women")), ("par30", _("Portfolio at risk (PAR30)")), ("evidence", _("Drift evidence")),
        ("carried", _("Carried forward")))]
    return render(request, "missionlens/network.html", {
        "summary": network_summary(document, lang),
        "query": query,
        "query_string": query_string(query),
        "page": page,
        "rows": [_cells(r, lang) for r in page],
        "found": len(rows),
        "headers": headers,
        "choices": offered,
        "regions": [(r, REGION_LABELS.get(r, r)) for r in offered.regions],
        "drifts": list(zip(DRIFTS, (_("against the mission"), _("no clear change"), _("too short to say")),
                           strict=True)),
        "pending": pending_since(settings.DATA_DIR),
    })


@allow("view_network")
def institution(request: HttpRequest, institution_id: str) -> HttpResponse:
    lang = _lang()
    try:
        document = network_for(settings.DATA_DIR, lang)
    except NetworkUnavailable:
        return _unavailable(request)
    found = institution_in(document, institution_id)
    if found is None:
        raise Http404(_("No institution %(id)s in the panel.") % {"id": institution_id})
    report = institution_report(found, document, lang)
    return render(request, "missionlens/network_institution.html", {
        "report": report, "region_label": REGION_LABELS.get(report["region"], report["region"]),
        "back": request.GET.get("back", ""),
    })


class PanelForm(forms.Form):
    panel = forms.FileField(label=gettext_lazy("Panel file (institutions.csv, .xlsx or .parquet)"))


@allow("manage")
def upload(request: HttpRequest) -> HttpResponse:
    """Replace the panel: validated whole (every problem with its line and column), then reviewed
    in the background; a refused file changes nothing."""
    form = PanelForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return render(request, "missionlens/network_upload.html", {"form": form})
    if not form.is_valid():
        return render(request, "missionlens/network_upload.html", {"form": form}, status=400)
    sent = form.cleaned_data["panel"]
    checked = accept_panel(settings.DATA_DIR, sent.name, sent.chunks())
    if not checked.accepted:
        return render(request, "missionlens/network_upload.html", {
            "form": form, "problems": [shown_problem(p, WORDING) for p in checked.problems], "name": sent.name,
        }, status=400)
    with transaction.atomic():
        record(request.user, "upload_panel", "network_panel", f"{sent.name}: {checked.rows} rows")
    review_in_background(settings.DATA_DIR, now=timezone.now())
    messages.success(request, _("The panel is accepted (%(rows)s rows). Its review is being computed: the "
                                "network page shows it when it is ready.") % {"rows": checked.rows})
    return redirect("network")
