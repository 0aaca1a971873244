"""The three personas of STYLE.md (a manager; an advisor of another branch; a board viewer), the
investor or federation viewer of the network pages (issue 7), and the evidence their stories are about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from tests.web.review_files import PSEUDONYM_NORTH

PASSWORD = "a-long-test-password"


@dataclass(frozen=True)
class Cast:
    manager: Any
    advisor: Any  # of Arras (AG02): "another branch" than the Lille evidence
    board: Any
    lille: Any
    arras: Any
    investor: Any  # a network, federation or social investor: the network pages only


def make_user(username: str, role: str | None, branch: Any = None) -> Any:
    from django.contrib.auth import get_user_model

    from missionlens.web.models import Profile

    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    if role is not None:
        Profile.objects.create(user=user, role=role, branch=branch)
    return user


# Django's default hasher spends a second per password on purpose; the personas need none of that.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_cast() -> Cast:
    """The personas; call it under `override_settings(PASSWORD_HASHERS=FAST_HASHERS)` (see `cast`)."""
    from missionlens.web.models import Branch

    lille = Branch.objects.create(code="AG01", name="Lille")
    arras = Branch.objects.create(code="AG02", name="Arras")
    return Cast(
        manager=make_user("claire", "manager"),
        advisor=make_user("karim", "advisor", arras),
        board=make_user("odile", "board"),
        lille=lille,
        arras=arras,
        investor=make_user("ines", "investor"),
    )


def make_evidence(author: Any, branch: Any, *, text: str, published: bool = False, borrower: str = "",
                  indicator: str = "loans_disbursed", dimension: str = "access") -> Any:
    from missionlens.web.models import Evidence

    return Evidence.objects.create(
        kind="observation", text=text, dimension=dimension, indicator=indicator, borrower=borrower, branch=branch,
        author=author, published=published, observed_on=date(2025, 12, 1),
    )


def lille_story(cast: Cast) -> tuple[Any, Any]:
    """A published observation and an unpublished one about a Lille borrower, by the manager."""
    shown = make_evidence(cast.manager, cast.lille, text="Published voice from Lille", published=True)
    hidden = make_evidence(cast.manager, cast.lille, text="Unpublished note about a Lille borrower",
                           borrower=PSEUDONYM_NORTH)
    return shown, hidden


def signed_in(client: Any, user: Any) -> Any:
    """The test client, signed in as `user`."""
    assert client.login(username=user.username, password=PASSWORD)
    return client
