"""Who may see and do what: the one permission module every view and endpoint goes through.

Roles (issue 5): an admin and a manager see everything; an advisor (field staff or volunteer)
sees the aggregates and only their own branch's evidence and borrowers; a board or funder viewer
is read-only and sees aggregates and published evidence, never a borrower pseudonym nor an
unpublished note; an investor or federation viewer sees the network pages (many institutions
from a yearly panel) and nothing of any borrower nor of the organisation's evidence (issue 7). Every view is wrapped in `allow(capability)`; the persona tests enumerate the
URLconf and fail on a view that carries no rule.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from missionlens.web.models import Branch, CodedSource, Evidence, Profile, Role, StoryRecord

# The roles as plain texts (models.Role holds their labels); Profile.role stores these.
ADMIN, MANAGER, ADVISOR, BOARD, INVESTOR = "admin", "manager", "advisor", "board", "investor"

Capability = Literal[
    "public",  # anyone, signed in or not (sign-in page, language switch)
    "view_aggregates",  # the dashboard, indicator pages, cards
    "view_evidence",  # lists of evidence (filtered by evidence_visible_to)
    "write_evidence",  # record or edit one's own evidence
    "discuss",  # comment on or contest a card
    "manage",  # imports, the cards workflow, reports, publishing evidence
    "administer",  # roles and the audit log
    "view_network",  # the network pages: institutions of a yearly panel, never a borrower
]

RULES: dict[Capability, frozenset[str]] = {
    "public": frozenset(),
    "view_aggregates": frozenset({ADMIN, MANAGER, ADVISOR, BOARD}),
    "view_evidence": frozenset({ADMIN, MANAGER, ADVISOR, BOARD}),
    "write_evidence": frozenset({ADMIN, MANAGER, ADVISOR}),
    "discuss": frozenset({ADMIN, MANAGER, ADVISOR}),
    "manage": frozenset({ADMIN, MANAGER}),
    "administer": frozenset({ADMIN}),
    "view_network": frozenset({ADMIN, MANAGER, BOARD, INVESTOR}),
}
# Where a viewer refused a capability is sent instead of a 403, when they hold another: an
# investor following `/` (the sign-in's landing) or an indicator link lands on the network.
ELSEWHERE: dict[Capability, tuple[Capability, str]] = {
    "view_aggregates": ("view_network", "network"),
}

V = TypeVar("V", bound=Callable[..., HttpResponse])


@dataclass(frozen=True)
class Viewer:
    """The signed-in person as the rules see them."""

    user_id: int
    username: str
    role: str
    branch: Branch | None

    def can(self, capability: Capability) -> bool:
        return capability == "public" or self.role in RULES[capability]

    @property
    def role_label(self) -> str:
        labels: dict[str, str] = dict(Role.choices)
        return str(labels.get(self.role, self.role))

    @property
    def can_discuss(self) -> bool:
        return self.can("discuss")

    @property
    def can_manage(self) -> bool:
        return self.can("manage")

    @property
    def can_view_network(self) -> bool:
        return self.can("view_network")

    @property
    def can_view_aggregates(self) -> bool:
        return self.can("view_aggregates")

    @property
    def sees_borrowers(self) -> bool:
        """Board and investor viewers never see a borrower pseudonym (aggregates only)."""
        return self.role not in (BOARD, INVESTOR)

    @property
    def sees_unpublished(self) -> bool:
        return self.role not in (BOARD, INVESTOR)

    @property
    def sees_all_branches(self) -> bool:
        """Whose evidence and borrowers: every branch, or only the advisor's own."""
        return self.role in (ADMIN, MANAGER, BOARD)


def viewer_of(request: HttpRequest) -> Viewer | None:
    """The request's Viewer; None when nobody is signed in or the user has no profile (no role)."""
    user = request.user
    if not user.is_authenticated:
        return None
    profile = Profile.objects.select_related("branch").filter(user_id=user.pk).first()
    if profile is None:
        return None
    return Viewer(user_id=int(user.pk), username=user.get_username(), role=profile.role, branch=profile.branch)


def allow(capability: Capability) -> Callable[[V], V]:
    """Wrap a view: anonymous -> the sign-in page; signed in without the capability -> 403.

    The wrapped view finds the Viewer in `request.viewer` and carries `access_rule` for the tests.
    """

    def wrap(view: V) -> V:
        @functools.wraps(view)
        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            who = viewer_of(request)
            request.viewer = who
            if capability != "public":
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if who is None or not who.can(capability):
                    instead = ELSEWHERE.get(capability)
                    if who is not None and instead is not None and who.can(instead[0]):
                        return redirect(instead[1])
                    raise PermissionDenied
            return view(request, *args, **kwargs)

        guarded.access_rule = capability  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return wrap


def evidence_visible_to(viewer: Viewer, evidence: QuerySet[Evidence] | None = None) -> QuerySet[Evidence]:
    """The evidence a viewer may read: an advisor their branch's; a board viewer the published."""
    items = Evidence.objects.all() if evidence is None else evidence
    if viewer.role == ADVISOR:
        return items.filter(branch=viewer.branch)
    if viewer.role == BOARD:
        return items.filter(published=True)
    if viewer.role in (ADMIN, MANAGER):
        return items
    return items.none()


def coded_sources_visible_to(viewer: Viewer, sources: QuerySet[CodedSource] | None = None) -> QuerySet[CodedSource]:
    """The coded texts a viewer may read and code: an advisor their branch's; a manager all; others none."""
    items = CodedSource.objects.all() if sources is None else sources
    if viewer.role == ADVISOR:
        return items.filter(branch=viewer.branch)
    if viewer.role in (ADMIN, MANAGER):
        return items
    return items.none()


def stories_visible_to(viewer: Viewer, stories: QuerySet[StoryRecord] | None = None) -> QuerySet[StoryRecord]:
    """Most Significant Change stories: an advisor their branch's; a board viewer those that reached
    the board (chosen by management: what the board's panel reads); a manager all."""
    items = StoryRecord.objects.all() if stories is None else stories
    if viewer.role == ADVISOR:
        return items.filter(branch=viewer.branch)
    if viewer.role == BOARD:
        return items.filter(chosen_in__level__in=("management", "board")).distinct()
    if viewer.role in (ADMIN, MANAGER):
        return items
    return items.none()


def may_edit(viewer: Viewer, item: Evidence) -> bool:
    """One's own evidence, or any for a manager or admin."""
    return viewer.can("manage") or (viewer.can("write_evidence") and item.author_id == viewer.user_id)


def borrower_shown(viewer: Viewer, pseudonym: str, branch_code: str | None) -> str:
    """The pseudonym when the viewer may see it, else an empty text (never leaked to a board)."""
    if not pseudonym or not viewer.sees_borrowers:
        return ""
    if viewer.role == ADVISOR and (viewer.branch is None or viewer.branch.code != branch_code):
        return ""
    return pseudonym


def context(request: HttpRequest) -> dict[str, Any]:
    """Template context: `viewer` (or None) for the header and the menus."""
    return {"viewer": getattr(request, "viewer", None)}
