"""What the web app holds of the field's own evidence, as the review reads it.

The review (review.build_reviews) draws the silence map from the imported notes and feedback;
the evidence captured in the app and the stories the board selected are evidence too, and the
Most Significant Change rounds put the selected stories beside the numbers of their dimension.
Counts only reach the review (dimension, date, role, kind): no text, no borrower.
"""

from __future__ import annotations

from missionlens.signals import EvidenceItem
from missionlens.web.field_evidence_types import AppEvidence
from missionlens.mission import Card
from missionlens.web.cards_content import as_card
from missionlens.web.models import CardVersion, Evidence
from missionlens.web.stories import stories_and_rounds, story_evidence

# A testimony carries the borrower's own words; every other kind is the staff's or a volunteer's.
_ROLE_OF_KIND = {"testimony": "borrower"}
_ROLE_OF_PROFILE = {"advisor": "staff", "manager": "manager", "admin": "manager", "board": "partner"}


def app_evidence() -> AppEvidence:
    """The stories, their selection rounds and every evidence item the app holds."""
    stories, rounds = stories_and_rounds()
    items = [
        EvidenceItem(
            e.dimension, e.observed_on,
            _ROLE_OF_KIND.get(e.kind) or _ROLE_OF_PROFILE.get(getattr(getattr(e.author, "profile", None), "role", ""),
                                                               "staff"),
            e.kind,
        )
        for e in Evidence.objects.select_related("author__profile").only(
            "dimension", "observed_on", "kind", "author__profile__role"
        )
    ]
    return AppEvidence(tuple(stories), tuple(rounds), tuple(items) + tuple(story_evidence("board")), latest_cards())


def latest_cards() -> dict[str, Card]:
    """The latest version of each card the workflow holds (a proposed indicator included: the
    review keeps only those its mission has)."""
    out: dict[str, Card] = {}
    for version in CardVersion.objects.order_by("indicator", "-version").only("indicator", "version", "status", "content"):
        if version.indicator not in out:
            out[version.indicator] = as_card(version.indicator, version.content, status=version.status,
                                             version=version.version)
    return out
