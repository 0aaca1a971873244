"""An indicator's discussion: comments, and contests saying why a number misleads.

One use case for the page and the API (STYLE.md: `cards.contest(card, by=user, reason=…)`).
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.translation import gettext

from missionlens.web.cards import contest_from_discussion
from missionlens.web.models import CardVersion, Comment, CommentKind, record

MIN_CONTEST_LENGTH = 20


class DiscussionError(ValueError):
    """A comment the discussion refuses, with what to do instead."""


@transaction.atomic
def post(indicator: str, *, by: AbstractBaseUser, kind: str, text: str) -> Comment:
    """Add a comment or a contest to the discussion of `indicator`, and audit it."""
    words = text.strip()
    if kind not in CommentKind.values:
        raise DiscussionError(gettext("Unknown kind %(kind)s: write a comment or a contest.") % {"kind": repr(kind)})
    if not words:
        raise DiscussionError(gettext("The text is empty: write your comment."))
    if kind == "contest" and len(words) < MIN_CONTEST_LENGTH:
        raise DiscussionError(gettext("Say why this number misleads, in at least %(n)d characters.")
                              % {"n": MIN_CONTEST_LENGTH})
    # A contest leads into the cards workflow: the card becomes contested (a new version, cards.py).
    card = (contest_from_discussion(indicator, by=by, reason=words) if kind == "contest"
            else CardVersion.objects.filter(indicator=indicator).order_by("-version").first())
    comment = Comment.objects.create(indicator=indicator, card_version=card, kind=kind, text=words, author=by)
    record(by, f"card.{kind}", comment, summary=f"{indicator}: {words[:200]}")
    return comment
