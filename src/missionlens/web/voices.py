"""The field's voices as one viewer may see them: imported notes and evidence recorded here.

The rules come from access.py: a board viewer reads only published evidence (imported notes are
internal working notes) and never a pseudonym; an advisor reads their own branch's notes and
evidence; a manager or admin reads all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.utils.translation import gettext as _

from missionlens.web.access import Viewer, borrower_shown, evidence_visible_to
from missionlens.web.dashboard import Voice
from missionlens.web.models import Evidence

PER_DIMENSION = 3


def _role_word(role: str) -> str:
    words = {
        "staff": _("advisor"), "volunteer": _("volunteer"), "borrower": _("borrower"), "manager": _("manager"),
        "board": _("board"), "partner": _("partner"),
    }
    return words.get(role, role)


def voices_for(
    viewer: Viewer, notes: Mapping[str, Sequence[Mapping[str, Any]]], branch: str | None
) -> dict[str, list[Voice]]:
    """The latest voices per dimension: evidence recorded here first, then imported notes."""
    out: dict[str, list[Voice]] = {}
    items = evidence_visible_to(viewer).select_related("branch")
    if branch:
        items = items.filter(branch__code=branch)
    # The latest few of each dimension, one short query each on the (dimension, observed_on) index:
    # the page costs the same with ten pieces of evidence or ten thousand.
    dimensions = items.order_by().values_list("dimension", flat=True).distinct()
    for dimension in sorted(dimensions):
        for item in items.filter(dimension=dimension).order_by("-observed_on", "-created")[:PER_DIMENSION]:
            out.setdefault(item.dimension, []).append(_evidence_voice(viewer, item))
    if viewer.role == "board":
        return out
    for dimension, rows in notes.items():
        mine = out.setdefault(dimension, [])
        # A note published as evidence (the demo publishes a few for the board) is one voice, once.
        heard = {voice.text for voice in mine}
        for row in rows:
            if len(mine) >= PER_DIMENSION:
                break
            if str(row.get("text", "")) in heard:
                continue
            code = row.get("branch")
            if branch and code != branch:
                continue
            if not viewer.sees_all_branches and (viewer.branch is None or viewer.branch.code != code):
                continue
            mine.append(Voice(
                text=str(row.get("text", "")),
                who=_role_word(str(row.get("author_role", ""))),
                date=str(row.get("date", "")),
                kind=str(row.get("kind", "")),
                dimension=dimension,
                borrower=borrower_shown(viewer, str(row.get("borrower") or ""), code),
                source="note",
            ))
    return out


def _evidence_voice(viewer: Viewer, item: Evidence) -> Voice:
    where = item.branch.name if item.branch else ""
    return Voice(
        text=item.text,
        who=f"{item.get_kind_display()}{' · ' + where if where else ''}",
        date=item.observed_on.isoformat(),
        kind=item.kind,
        dimension=item.dimension,
        borrower=borrower_shown(viewer, item.borrower, item.branch.code if item.branch else None),
        source="evidence",
    )
