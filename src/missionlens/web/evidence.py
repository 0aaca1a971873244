"""Recording, editing and finding the field's evidence: one use case for the page and the API.

A piece of evidence is an observation, a professional judgement, a testimony, a concern or a
story of change, linked to a mission dimension, optionally an indicator and a borrower (by
pseudonym only, evidence_borrowers.py). Rules (issue 5, access.py):

- a testimony quotes a person: refused without their recorded consent (also a database rule);
- an advisor writes for their own branch and links only their branch's borrowers;
- only a manager or an admin publishes (a board viewer reads published evidence only);
- an edit keeps the fields as they were (EvidenceEdit) and is refused when someone else saved
  the evidence after the editor opened it, so that no edit silently overwrites another;
- every change is written in the audit log, in the same transaction.

Every refusal names its field and says what to do; nothing is saved unless everything is valid.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from missionlens.web.access import ADVISOR, Viewer, evidence_visible_to, may_edit
from missionlens.web.evidence_borrowers import BorrowerBook
from missionlens.web.models import Branch, Evidence, EvidenceEdit, EvidenceKind, record
from missionlens.web.reviews import ReviewUnavailable, review_for

MAX_TEXT = 4000
MIN_TEXT = 3
HISTORY_FIELDS = ("kind", "text", "dimension", "indicator", "borrower", "consent", "branch", "published", "observed_on")


class EvidenceRefused(ValueError):
    """The evidence was not saved; `errors` maps each field to what is wrong and what to do."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = {k: list(v) for k, v in errors.items()}


class EvidenceConflict(EvidenceRefused):
    """Someone saved this evidence after the editor opened it."""


@dataclass(frozen=True)
class Vocabulary:
    """The mission's dimensions and indicators (key, title), as the current review names them."""

    dimensions: tuple[tuple[str, str], ...]
    indicators: tuple[tuple[str, str], ...]


def vocabulary(data_dir: Path, lang: str, mission_file: str | None = None) -> Vocabulary:
    """From the current review; before any import, from the mission file (keys as titles)."""
    try:
        review = review_for(data_dir, None, lang)
    except ReviewUnavailable:
        from missionlens.mission import load_mission

        mission = load_mission(Path(mission_file) if mission_file else None, lang="en" if lang == "en" else "fr")
        return Vocabulary(tuple((k, k) for k in mission.dimensions), tuple((k, k) for k in mission.indicator_keys))
    return Vocabulary(
        tuple((str(d["key"]), str(d.get("title") or d["key"])) for d in review.get("mission", {}).get("dimensions", [])),
        tuple((str(i["key"]), str(i.get("title") or i["key"])) for i in review.get("indicators", [])),
    )


@dataclass(frozen=True)
class Draft:
    """What someone typed. `borrower` is a file number or a pseudonym; `branch` a branch code;
    `published` None keeps the current state (unpublished for new evidence)."""

    kind: str
    text: str
    dimension: str
    observed_on: date | None
    indicator: str = ""
    borrower: str = ""
    consent: bool = False
    branch: str = ""
    published: bool | None = None


@dataclass(frozen=True)
class Checked:
    kind: str
    text: str
    dimension: str
    indicator: str
    borrower: str
    consent: bool
    branch: Branch | None
    observed_on: date


def check(draft: Draft, *, viewer: Viewer, words: Vocabulary, borrowers: BorrowerBook, today: date) -> Checked:
    """The draft made valid, or EvidenceRefused listing every problem by field."""
    errors: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if draft.kind not in EvidenceKind.values:
        refuse("kind", _("Choose what this is: observation, professional judgement, testimony, concern or story of change."))
    text = draft.text.strip()
    if len(text) < MIN_TEXT:
        refuse("text", _("Write what you saw or heard (a sentence is enough)."))
    elif len(text) > MAX_TEXT:
        refuse("text", _("Keep it under %(n)d characters; split a long account in two.") % {"n": MAX_TEXT})
    if draft.dimension not in dict(words.dimensions):
        refuse("dimension", _("Choose the mission dimension this is about."))
    indicator = draft.indicator.strip()
    if indicator and indicator not in dict(words.indicators):
        refuse("indicator", _("%(key)s is not an indicator of this mission: choose one from the list or none.")
               % {"key": indicator})
    if draft.kind == "testimony" and not draft.consent:
        refuse("consent", _("A testimony quotes a person: tick that they agreed to be quoted, or record it as an observation."))
    if draft.observed_on is None:
        refuse("observed_on", _("Give the date it was seen or heard (YYYY-MM-DD)."))
    elif draft.observed_on > today:
        refuse("observed_on", _("The date is in the future: give the day it was seen or heard."))
    branch = _branch(draft, viewer, refuse)
    found = ""
    if draft.borrower.strip():
        found = borrowers.pseudonym_of(draft.borrower) or ""
        home = borrowers.branch_of(found) if found else None
        own = viewer.branch.code if viewer.role == ADVISOR and viewer.branch else None
        if not found or (viewer.role == ADVISOR and home != own):
            # The same words whether the borrower does not exist or belongs to another branch:
            # an advisor must not learn who is a borrower elsewhere.
            refuse("borrower", _("No borrower of your branches has this file number: check it, or leave the field empty."))
        elif branch is not None and home != branch.code:
            refuse("borrower", _("This borrower belongs to another branch than the one chosen: choose their branch."))
        elif branch is None and home:
            branch = Branch.objects.filter(code=home).first()
    if errors:
        raise EvidenceRefused(errors)
    assert draft.observed_on is not None
    return Checked(draft.kind, text, draft.dimension, indicator, found, bool(draft.consent), branch, draft.observed_on)


def _branch(draft: Draft, viewer: Viewer, refuse: Any) -> Branch | None:
    """An advisor's own branch, whatever was asked; for others the branch chosen, if any."""
    if viewer.role == ADVISOR:
        if draft.branch and viewer.branch is not None and draft.branch != viewer.branch.code:
            refuse("branch", _("You record evidence for your own branch only."))
        return viewer.branch
    if not draft.branch:
        return None
    found = Branch.objects.filter(code=draft.branch).first()
    if found is None:
        refuse("branch", _("No branch has the code %(code)s: choose one from the list.") % {"code": draft.branch})
    return found


def _publishing(draft: Draft, viewer: Viewer, current: bool) -> bool:
    if draft.published is None or draft.published == current:
        return current
    if not viewer.can("manage"):
        raise EvidenceRefused({"published": [_("Only a manager publishes evidence.")]})
    return bool(draft.published)


@transaction.atomic
def record_evidence(draft: Draft, *, by: AbstractBaseUser, viewer: Viewer, words: Vocabulary,
                    borrowers: BorrowerBook, today: date) -> Evidence:
    """Save new evidence (all or nothing) and audit it."""
    if not viewer.can("write_evidence"):
        raise EvidenceRefused({"kind": [_("Your role reads evidence but does not record it.")]})
    valid = check(draft, viewer=viewer, words=words, borrowers=borrowers, today=today)
    item = Evidence.objects.create(
        kind=valid.kind, text=valid.text, dimension=valid.dimension, indicator=valid.indicator,
        borrower=valid.borrower, consent=valid.consent, branch=valid.branch, author=by,
        published=_publishing(draft, viewer, False), observed_on=valid.observed_on,
    )
    record(by, "evidence.record", item, summary=f"{item.kind} · {item.dimension}: {item.text[:180]}")
    return item


def snapshot(item: Evidence) -> dict[str, Any]:
    """The fields an edit may change, as JSON (the edit history's `before`)."""
    return {
        "kind": item.kind, "text": item.text, "dimension": item.dimension, "indicator": item.indicator,
        "borrower": item.borrower, "consent": item.consent, "branch": item.branch.code if item.branch else "",
        "published": item.published, "observed_on": item.observed_on.isoformat(),
    }


def stamp(item: Evidence) -> str:
    """The version an editor saw: the time of the last save."""
    return item.edited.isoformat()


@transaction.atomic
def edit_evidence(pk: int, draft: Draft, *, by: AbstractBaseUser, viewer: Viewer, words: Vocabulary,
                  borrowers: BorrowerBook, today: date, seen: str | None = None) -> Evidence:
    """Change evidence one may edit, keeping what it was; refused if saved by someone else since `seen`.

    The row is locked for the transaction (SELECT ... FOR UPDATE on PostgreSQL; SQLite's writers
    queue on the database lock, environment.SQLITE_OPTIONS), so two edits never interleave.
    """
    # No join under FOR UPDATE: PostgreSQL refuses to lock the nullable side of an outer join.
    item = evidence_visible_to(viewer, Evidence.objects.select_for_update()).filter(pk=pk).first()
    if item is None:
        raise Evidence.DoesNotExist(pk)
    if not may_edit(viewer, item):
        raise PermissionError(_("You may edit your own evidence only."))
    if seen is not None and seen != stamp(item):
        raise EvidenceConflict({"edited": [_("Someone saved this evidence after you opened it: read their version "
                                             "below and make your change again.")]})
    keep_borrower = draft.borrower.strip() == item.borrower and item.borrower != ""
    valid = check(Draft(**{**draft.__dict__, "borrower": "" if keep_borrower else draft.borrower}),
                  viewer=viewer, words=words, borrowers=borrowers, today=today)
    before = snapshot(item)
    item.kind, item.text, item.dimension, item.indicator = valid.kind, valid.text, valid.dimension, valid.indicator
    item.borrower = item.borrower if keep_borrower else valid.borrower
    item.consent, item.observed_on = valid.consent, valid.observed_on
    if viewer.role != ADVISOR:
        item.branch = valid.branch
    item.published = _publishing(draft, viewer, item.published)
    after = snapshot(item)
    changes: dict[str, object] = {k: [before[k], after[k]] for k in HISTORY_FIELDS if before[k] != after[k]}
    if not changes:
        return item
    item.save()
    EvidenceEdit.objects.create(evidence=item, editor=by, before=before)
    record(by, "evidence.edit", item, summary=f"{item.kind} · {item.dimension}: {', '.join(changes)}", changes=changes)
    return item


@dataclass(frozen=True)
class Search:
    """The list's filters; empty texts mean no filter."""

    kind: str = ""
    dimension: str = ""
    indicator: str = ""
    branch: str = ""
    author: str = ""
    since: date | None = None
    until: date | None = None

    @classmethod
    def of(cls, given: Mapping[str, Any]) -> Search:
        """From validated filters (a form's or the API's); what is missing does not filter."""
        return cls(
            kind=str(given.get("kind") or ""), dimension=str(given.get("dimension") or ""),
            indicator=str(given.get("indicator") or ""), branch=str(given.get("branch") or ""),
            author=str(given.get("author") or ""), since=given.get("since"), until=given.get("until"),
        )


def search(viewer: Viewer, wanted: Search) -> QuerySet[Evidence]:
    """The evidence the viewer may read (access.evidence_visible_to) that matches the filters."""
    items = evidence_visible_to(viewer).select_related("branch", "author")
    if wanted.kind:
        items = items.filter(kind=wanted.kind)
    if wanted.dimension:
        items = items.filter(dimension=wanted.dimension)
    if wanted.indicator:
        items = items.filter(indicator=wanted.indicator)
    if wanted.branch:
        items = items.filter(branch__code=wanted.branch)
    if wanted.author:
        items = items.filter(author__username=wanted.author)
    if wanted.since:
        items = items.filter(observed_on__gte=wanted.since)
    if wanted.until:
        items = items.filter(observed_on__lte=wanted.until)
    return items.order_by("-observed_on", "-created")
