"""People and their roles: the list, and the change of one person's role and branch (people.py)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from missionlens.web import people as use_cases
from missionlens.web.access import allow
from missionlens.web.models import Role


def _page(request: HttpRequest, *, error: str = "", typed: dict[str, str] | None = None, status: int = 200) -> HttpResponse:
    return render(request, "missionlens/audit/people.html", {
        "people": use_cases.people(), "roles": Role.choices, "branches": use_cases.branch_choices(settings.DATA_DIR),
        "error": error, "typed": typed or {},
    }, status=status)


@allow("manage")
def people(request: HttpRequest) -> HttpResponse:
    return _page(request)


@allow("manage")
@require_POST
def change(request: HttpRequest, username: str) -> HttpResponse:
    role, branch = request.POST.get("role", "").strip(), request.POST.get("branch", "").strip()
    try:
        use_cases.change(username, by=request.user, role=role, branch=branch, data_dir=settings.DATA_DIR)
    except use_cases.PeopleError as exc:
        return _page(request, error=str(exc), typed={"username": username, "role": role, "branch": branch}, status=400)
    messages.success(request, _("The role of %(name)s is changed; the audit log keeps it.") % {"name": username})
    return redirect("people")
