"""Who has which role, in which branch: the one use case that changes it, audited.

Managers and admins manage people (issue 5); only an admin grants the admin role or changes an
admin's profile; nobody changes their own role (another manager must), so that no one locks
themselves out or promotes themselves. An advisor needs a branch (organisations.Profile).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.utils.translation import gettext

from missionlens.web.access import ADMIN, ADVISOR, MANAGER
from missionlens.web.models import Branch, Profile, Role, record
from missionlens.web.reviews import branches_of

User: TypeAlias = AbstractBaseUser | AnonymousUser
NO_ACCESS = ""


class PeopleError(ValueError):
    """A change of role or branch the rules refuse, with what to do instead."""


@dataclass(frozen=True)
class Person:
    user_id: int
    username: str
    role: str
    branch: str
    active: bool


def branch_choices(data_dir: Path) -> list[tuple[str, str]]:
    """The branches known here and in the reviewed data (code, name), by name."""
    known = {b.code: b.name for b in Branch.objects.all()}
    for row in branches_of(data_dir):
        known.setdefault(str(row["code"]), str(row["name"]))
    return sorted(known.items(), key=lambda item: item[1])


def people() -> list[Person]:
    profiles = {p.user_id: p for p in Profile.objects.select_related("branch")}
    out = []
    for user in get_user_model().objects.order_by("username"):
        profile = profiles.get(user.pk)
        out.append(Person(user_id=user.pk, username=user.get_username(), role=profile.role if profile else NO_ACCESS,
                          branch=profile.branch.code if profile and profile.branch else "", active=user.is_active))
    return out


def _role_of(user: User) -> str:
    profile = Profile.objects.filter(user_id=user.pk).first()
    return profile.role if profile else NO_ACCESS


@transaction.atomic
def change(username: str, *, by: User, role: str, branch: str, data_dir: Path) -> Profile | None:
    """Set a person's role and branch (role "" removes their access); returns the profile."""
    acting = _role_of(by)
    if acting not in (ADMIN, MANAGER):
        raise PeopleError(gettext("Only a manager or an administrator changes roles."))
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise PeopleError(gettext('No account "%(name)s".') % {"name": username})
    if user.pk == by.pk:
        raise PeopleError(gettext("You cannot change your own role or branch: ask another manager."))
    if role not in (*Role.values, NO_ACCESS):
        raise PeopleError(gettext("Choose a role among the ones listed."))
    profile = Profile.objects.select_for_update(of=("self",)).select_related("branch").filter(user=user).first()
    before_role, before_branch = (profile.role, profile.branch.code if profile.branch else "") if profile else (NO_ACCESS, "")
    if acting != ADMIN and ADMIN in (role, before_role):
        raise PeopleError(gettext("Only an administrator grants or withdraws the administrator role."))
    known = dict(branch_choices(data_dir))
    if branch and branch not in known:
        raise PeopleError(gettext('No branch "%(code)s": choose one of the list.') % {"code": branch})
    if role == ADVISOR and not branch:
        raise PeopleError(gettext("An advisor works in a branch: choose one."))
    if role == NO_ACCESS:
        branch = ""
    if (role, branch) == (before_role, before_branch):
        raise PeopleError(gettext("Nothing changed."))
    home = Branch.objects.get_or_create(code=branch, defaults={"name": known[branch]})[0] if branch else None
    if role == NO_ACCESS:
        if profile is not None:
            profile.delete()
        target: object = user
        profile = None
    else:
        profile, _created = Profile.objects.update_or_create(user=user, defaults={"role": role, "branch": home})
        target = profile
    record(by, "role.change", target, summary=f"{username}: {before_role or 'no access'} {before_branch} -> "
           f"{role or 'no access'} {branch}".replace("  ", " "),
           changes={"user": username, "role": [before_role, role], "branch": [before_branch, branch]})
    return profile
