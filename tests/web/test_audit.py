"""The audit log page (web/audit_log.py) and the people page (web/people.py): who changed what,
for managers and admins; roles and branches changed under rules, every change audited."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.personas import Cast, make_user, signed_in

REASON = "This number misleads because it counts refinanced loans twice."


@pytest.fixture
def cast(cast: Cast, db: str) -> Iterator[Cast]:
    """The personas; the use cases' messages in English (the pages' language is the request's).
    `db` is asked again so that pytest parametrizes the override by database too."""
    from django.utils import translation

    with translation.override("en"):
        yield cast


def test_every_card_change_is_in_the_audit_log(cast: Cast) -> None:
    from missionlens.web import cards
    from missionlens.web.models import AuditEntry

    cards.contest("par30", by=cast.advisor, reason=REASON)
    cards.retire("par30", by=cast.manager, reason="Replaced by par90 after the board's discussion.")
    assert list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)) == [
        "card.seed", "card.contest", "card.retire"]


def test_the_manager_filters_the_log_by_area_and_person(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web import cards
    from missionlens.web.models import record

    cards.contest("par30", by=cast.advisor, reason=REASON)
    record(cast.manager, "evidence.publish", "evidence", summary="published a voice from Lille")
    page = signed_in(client, cast.manager).get("/audit/", {"area": "card", "who": "karim"}).content.decode()
    assert "par30 v2 contested" in page and "published a voice from Lille" not in page


def test_a_bad_date_in_the_log_filters_is_said_and_the_other_filters_apply(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import record

    record(cast.manager, "evidence.publish", "evidence", summary="published a voice from Lille")
    response = signed_in(client, cast.manager).get("/audit/", {"since": "30/11/2026", "area": "evidence"})
    assert response.status_code == 400
    assert "30/11/2026" in response.content.decode() and "published a voice from Lille" in response.content.decode()


def test_an_advisor_cannot_read_the_audit_log(cast: Cast, reviewed: Path, client: Any) -> None:
    assert signed_in(client, cast.advisor).get("/audit/").status_code == 403


def test_a_manager_moves_an_advisor_to_another_branch_and_it_is_audited(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import AuditEntry, Profile

    response = signed_in(client, cast.manager).post("/people/karim/", {"role": "advisor", "branch": "AG01"})
    assert response.status_code == 302
    assert Profile.objects.get(user=cast.advisor).branch == cast.lille
    entry = AuditEntry.objects.get(action="role.change")
    assert entry.actor == cast.manager and entry.changes["branch"] == ["AG02", "AG01"]


def test_a_manager_cannot_grant_the_administrator_role(cast: Cast) -> None:
    from django.conf import settings

    from missionlens.web import people
    from missionlens.web.models import Profile

    with pytest.raises(people.PeopleError, match="administrator"):
        people.change("karim", by=cast.manager, role="admin", branch="", data_dir=settings.DATA_DIR)
    assert Profile.objects.get(user=cast.advisor).role == "advisor"


def test_an_administrator_grants_the_administrator_role(cast: Cast) -> None:
    from django.conf import settings

    from missionlens.web import people

    admin = make_user("ada", "admin")
    assert people.change("claire", by=admin, role="admin", branch="", data_dir=settings.DATA_DIR).role == "admin"  # type: ignore[union-attr]


def test_nobody_changes_their_own_role(cast: Cast) -> None:
    from django.conf import settings

    from missionlens.web import people

    with pytest.raises(people.PeopleError, match="your own"):
        people.change("claire", by=cast.manager, role="board", branch="", data_dir=settings.DATA_DIR)


def test_an_advisor_without_a_branch_is_refused_with_a_message(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import Profile

    response = signed_in(client, cast.manager).post("/people/odile/", {"role": "advisor", "branch": ""})
    assert response.status_code == 400 and Profile.objects.get(user=cast.board).role == "board"
    assert "branch" in response.content.decode() or "agence" in response.content.decode()


def test_a_manager_withdraws_access_and_the_person_is_refused_everywhere(cast: Cast, reviewed: Path, client: Any) -> None:
    signed_in(client, cast.manager).post("/people/odile/", {"role": "", "branch": ""})
    client.logout()
    assert signed_in(client, cast.board).get("/").status_code == 403
