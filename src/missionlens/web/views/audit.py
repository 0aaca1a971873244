"""The audit log page: who changed what (cards, evidence, imports, roles), for managers and admins."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from missionlens.web import audit_log
from missionlens.web.access import allow

PER_PAGE = 50


def _change(value: object) -> str:
    """[before, after] as "before → after"; anything else as written."""
    if isinstance(value, list) and len(value) == 2:
        return f"{value[0] if value[0] not in (None, '') else '–'} → {value[1] if value[1] not in (None, '') else '–'}"
    return str(value)


@allow("manage")
def audit(request: HttpRequest) -> HttpResponse:
    filters = audit_log.read(request.GET)
    page = Paginator(audit_log.entries(filters), PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"item": e, "changes": [(k, _change(v)) for k, v in sorted(e.changes.items())] if isinstance(e.changes, dict) else []}
            for e in page]
    return render(request, "missionlens/audit/log.html", {
        "filters": filters, "page": page, "rows": rows, "areas": audit_log.areas(),
    }, status=400 if filters.problems else 200)
