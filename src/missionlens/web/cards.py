"""The cards workflow: propose an indicator, review it against Muller's checklist, adopt, contest,
revise or retire it with reasons. Every version is kept (CardVersion); nothing is edited in place.

One function per use case, atomic and audited, used by the pages (views/cards.py), the
discussion of an indicator (discussions.py) and any API (STYLE.md: `cards.contest(card, by=user,
reason=…)`). The built-in cards enter the history as version 1, from the mission's catalogue,
the first time someone acts on them.

Who may do what (issue 5): any staff (advisor, manager, admin) proposes, revises, reviews and
contests; managers and admins adopt and retire; the board reads.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeAlias

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from missionlens.mission import Mission, load_mission
from missionlens.mission.dimensions import check_key
from missionlens.mission.problems import Collector, Locator
from missionlens.web import cards_content
from missionlens.web.access import ADMIN, MANAGER
from missionlens.web.models import CardReview, CardVersion, Profile, record

User: TypeAlias = AbstractBaseUser | AnonymousUser
# The statuses as plain texts (models.CardStatus holds their labels), as CardVersion.status stores them.
PROPOSED, ADOPTED, CONTESTED, RETIRED = "proposed", "adopted", "contested", "retired"
MIN_REASON = 20
MIN_ANSWER = 10
# Muller, The Tyranny of Metrics (2018), ch. 16 "Recapitulation: a checklist", in the six
# questions issue 5 asks of every number before it is adopted.
CHECKLIST: tuple[tuple[str, Any], ...] = (
    ("measured", _("What is measured, and what is left out?")),
    ("useful", _("Is it useful: what will we do differently once we know it?")),
    ("cost", _("What does it cost to collect, in time taken from the work itself?")),
    ("purpose", _("For what purpose, and for whom: who will see it, and what will it be used for?")),
    ("defined_by", _("Who defined it, with whom, and who was not consulted?")),
    ("target", _("What happens when it becomes a target: how could it be gamed, and who would pay for that?")),
)
# Which status each action may start from.
CONTESTABLE = (PROPOSED, ADOPTED)
ADOPTABLE = (PROPOSED, CONTESTED)
RETIRABLE = (PROPOSED, ADOPTED, CONTESTED)


class CardError(ValueError):
    """What the workflow refuses, each problem with the form field it concerns (None: the whole)."""

    def __init__(self, problems: list[tuple[str | None, str]]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{f}: {m}" if f else m for f, m in problems))


class NotAllowed(PermissionError):
    """An action the person's role does not allow (the view answers 403)."""


def mission() -> Mission:
    """The mission the reviews are computed against (settings.MISSION_FILE, else the template)."""
    path = Path(settings.MISSION_FILE) if settings.MISSION_FILE else None
    return _mission(path, os.stat(path).st_mtime_ns if path is not None and path.exists() else 0)


@lru_cache(maxsize=4)
def _mission(path: Path | None, changed: int) -> Mission:
    return load_mission(path)


def latest(key: str) -> CardVersion | None:
    return CardVersion.objects.filter(indicator=key).order_by("-version").first()


def known_keys(source: Mission | None = None) -> list[str]:
    """The mission's indicators, then the ones proposed here, in that order."""
    keys = list((source or mission()).cards)
    proposed = CardVersion.objects.exclude(indicator__in=keys).values_list("indicator", flat=True).distinct()
    return keys + sorted(set(proposed))


def is_manager(user: User) -> bool:
    return Profile.objects.filter(user_id=user.pk, role__in=(ADMIN, MANAGER)).exists()


def _reason(reason: str, field: str = "reason") -> str:
    words = reason.strip()
    if len(words) < MIN_REASON:
        raise CardError([(field, gettext("Say why, in at least %(n)d characters (the history keeps it for the next reader).")
                          % {"n": MIN_REASON})])
    return words


def _current(key: str, source: Mission, *, seen: int | None) -> CardVersion:
    """The latest version, locked; version 1 from the mission when the card has no history yet."""
    found = CardVersion.objects.select_for_update().filter(indicator=key).order_by("-version").first()
    if found is None:
        if key not in source.cards:
            raise CardError([(None, gettext('No indicator "%(key)s": propose it first.') % {"key": key})])
        content = cards_content.from_mission(source, key)
        found = CardVersion.objects.create(indicator=key, version=1, status=source.cards[key].status, content=content,
                                           reason="", author=None)
        record(None, "card.seed", found, summary=f"{key} v1 from the mission's catalogue ({content['source']})")
    if seen is not None and seen != found.version:
        raise CardError([(None, gettext("This card changed while you read it: it is now version %(v)d. Read the new "
                                        "version, then try again.") % {"v": found.version})])
    return found


def _new_version(current: CardVersion, *, status: str, content: Mapping[str, Any], reason: str, by: User,
                 action: str) -> CardVersion:
    try:
        with transaction.atomic():
            made = CardVersion.objects.create(indicator=current.indicator, version=current.version + 1, status=status,
                                              content=dict(content), reason=reason, author=by)
    except IntegrityError as exc:
        raise CardError([(None, gettext("Someone changed this card at the same moment; reload the page and try again."))]) from exc
    record(by, action, made, summary=f"{made.indicator} v{made.version} {status}: {reason[:300]}",
           changes={"status": [current.status, status], "version": [current.version, made.version]})
    return made


@transaction.atomic
def propose(key: str, content: Mapping[str, Any], *, by: User, reason: str, today: dt.date,
            source: Mission | None = None) -> CardVersion:
    """A new indicator's card, version 1, status proposed."""
    source = source or mission()
    problems: list[tuple[str | None, str]] = []
    collector = Collector(file="form", locator=Locator(""))
    checked = check_key(key, collector.place())
    if checked is None:
        problems.append(("key", gettext("Write a key in lowercase letters, digits and _, starting with a letter "
                                        "(e.g. share_first_loans).")))
    elif key in known_keys(source):
        problems.append(("key", gettext('"%(key)s" is already an indicator: revise its card instead, or choose '
                                        'another key.') % {"key": key}))
    problems += cards_content.check(content, mission=source, today=today, key=key, known=set(known_keys(source)))
    try:
        words = _reason(reason)
    except CardError as exc:
        problems += exc.problems
    if problems:
        raise CardError(problems)
    made = CardVersion.objects.create(indicator=key, version=1, status=PROPOSED,
                                      content={**content, "source": "proposed"}, reason=words, author=by)
    record(by, "card.propose", made, summary=f"{key} v1 proposed: {words[:300]}")
    return made


@transaction.atomic
def revise(key: str, content: Mapping[str, Any], *, by: User, reason: str, today: dt.date, seen: int | None = None,
           source: Mission | None = None) -> CardVersion:
    """A new version with changed content, proposed until adopted again (a change of substance)."""
    source = source or mission()
    current = _current(key, source, seen=seen)
    problems = cards_content.check(content, mission=source, today=today, key=key, known=set(known_keys(source)))
    if content == current.content:
        problems.append((None, gettext("Nothing changed: edit a field of the card, or go back.")))
    try:
        words = _reason(reason)
    except CardError as exc:
        problems += exc.problems
    if problems:
        raise CardError(problems)
    return _new_version(current, status=PROPOSED, content=content, reason=words, by=by, action="card.revise")


@transaction.atomic
def review(key: str, answers: Mapping[str, str], *, by: User, seen: int | None = None,
           source: Mission | None = None) -> CardReview:
    """Answers to every question of the checklist, kept with the version they examined."""
    current = _current(key, source or mission(), seen=seen)
    if current.status == RETIRED:
        raise CardError([(None, gettext("This number is retired: revise its card to propose it again."))])
    clean = {name: str(answers.get(name) or "").strip() for name, _q in CHECKLIST}
    problems: list[tuple[str | None, str]] = [
        (name, gettext("Answer this question, in at least %(n)d characters.") % {"n": MIN_ANSWER})
        for name, text in clean.items()
        if len(text) < MIN_ANSWER
    ]
    if problems:
        raise CardError(problems)
    made = CardReview.objects.create(card_version=current, answers=clean, reviewer=by)
    record(by, "card.review", made, summary=f"{key} v{current.version} reviewed against the checklist",
           changes={"version": current.version})
    return made


@transaction.atomic
def adopt(key: str, *, by: User, reason: str, seen: int | None = None, source: Mission | None = None) -> CardVersion:
    """Adopted: only after the current version went through the checklist; managers and admins."""
    if not is_manager(by):
        raise NotAllowed(gettext("Only a manager or an administrator adopts a card."))
    current = _current(key, source or mission(), seen=seen)
    words = _reason(reason)
    if current.status not in ADOPTABLE:
        raise CardError([(None, gettext("This card is already adopted.") if current.status == ADOPTED
                           else gettext("A retired card cannot be adopted: revise it first."))])
    if not current.reviews.exists():
        raise CardError([(None, gettext("Review version %(v)d with the checklist before adopting it.")
                           % {"v": current.version})])
    return _new_version(current, status=ADOPTED, content=current.content, reason=words, by=by,
                        action="card.adopt")


@transaction.atomic
def contest(key: str, *, by: User, reason: str, seen: int | None = None, source: Mission | None = None) -> CardVersion:
    """Contested: "this number misleads because…". It stays visible, flagged, until settled."""
    current = _current(key, source or mission(), seen=seen)
    words = _reason(reason)
    if current.status not in CONTESTABLE:
        raise CardError([(None, gettext("It is already contested: add your reasons to the discussion.")
                           if current.status == CONTESTED else
                           gettext("A retired number cannot be contested: it is no longer used."))])
    return _new_version(current, status=CONTESTED, content=current.content, reason=words, by=by,
                        action="card.contest")


@transaction.atomic
def retire(key: str, *, by: User, reason: str, seen: int | None = None, source: Mission | None = None) -> CardVersion:
    """Retired: no longer used; the card and its history stay readable. Managers and admins."""
    if not is_manager(by):
        raise NotAllowed(gettext("Only a manager or an administrator retires a card."))
    current = _current(key, source or mission(), seen=seen)
    words = _reason(reason)
    if current.status not in RETIRABLE:
        raise CardError([(None, gettext("This number is already retired."))])
    return _new_version(current, status=RETIRED, content=current.content, reason=words, by=by,
                        action="card.retire")


def contest_from_discussion(key: str, *, by: User, reason: str) -> CardVersion | None:
    """A contest posted in an indicator's discussion flags its card (a new, contested version);
    a card already contested or retired is left as it is. Runs inside the discussion's transaction."""
    source = mission()
    if key not in known_keys(source):
        return None
    current = _current(key, source, seen=None)
    if current.status not in CONTESTABLE:
        return current
    return _new_version(current, status=CONTESTED, content=current.content, reason=reason.strip(), by=by,
                        action="card.contest")


def card_shown(key: str, review_card: Mapping[str, Any], lang: str) -> dict[str, Any]:
    """The card an indicator page shows: the latest version of the history, else the review's."""
    found = latest(key)
    if found is None:
        return dict(review_card)
    return {**dict(review_card), **cards_content.shown(found.content, "en" if lang == "en" else "fr"),
            "status": found.status, "version": found.version}
