"""The API's permission class: the capabilities of access.py, nothing else.

Each endpoint names its capability per HTTP method (`capabilities = {"GET": "view_evidence",
"POST": "write_evidence"}`); a method not named is refused. A request without credentials gets
401 (token or session required); signed in without a profile or without the capability, 403.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy
from rest_framework.permissions import BasePermission

from missionlens.web.access import Capability, viewer_of

if TYPE_CHECKING:
    # Not at run time: DRF imports this module while rest_framework.views is still loading
    # (DEFAULT_PERMISSION_CLASSES).
    from rest_framework.request import Request
    from rest_framework.views import APIView


def capability_of(view: APIView, method: str) -> Capability | None:
    rules: Mapping[str, Capability] = getattr(view, "capabilities", {})
    if method in ("HEAD", "OPTIONS"):
        method = "GET"
    return rules.get(method)


class HasCapability(BasePermission):
    """Lets a request through when the signed-in person's role has the endpoint's capability."""

    message = gettext_lazy("Your role does not allow this.")

    def has_permission(self, request: Request, view: APIView) -> bool:
        wanted = capability_of(view, request.method or "GET")
        viewer = viewer_of(request)
        request.viewer = viewer
        if wanted is None:
            return False
        if wanted == "public":
            return True
        return viewer is not None and viewer.can(wanted)


def guarded(view_class: type[APIView], **initkwargs: Any) -> Callable[..., Any]:
    """`view_class.as_view()` marked with its rules, as access.allow marks a page (tests/web/test_access.py)."""
    view = view_class.as_view(**initkwargs)
    view.access_rule = dict(getattr(view_class, "capabilities", {}))
    return view
