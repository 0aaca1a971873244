"""Permission stories of the three personas (STYLE.md), each told on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any


from tests.web.personas import PASSWORD, Cast, lille_story, make_user, signed_in
from tests.web.review_files import PSEUDONYM_NORTH, PSEUDONYM_SOUTH, write_run


def test_an_anonymous_visit_to_the_dashboard_is_sent_to_the_sign_in_page(cast: Cast, reviewed: Path, client: Any) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_the_manager_signs_in_and_sees_the_mission_by_dimension(cast: Cast, reviewed: Path, client: Any) -> None:
    client.post("/accounts/login/", {"username": "claire", "password": PASSWORD})
    page = client.get("/").content.decode()
    assert "Microcrédit Test" in page and "Accès" in page and "Accompagnement" in page
    assert "More loans, less time for each." in page


def test_the_manager_reads_every_branch_s_voices(cast: Cast, reviewed: Path, client: Any) -> None:
    page = signed_in(client, cast.manager).get("/").content.decode()
    assert "Note from Lille about access" in page and "Note from Arras about access" in page


def test_a_board_viewer_never_sees_a_borrower_pseudonym(cast: Cast, reviewed: Path, client: Any) -> None:
    lille_story(cast)
    signed_in(client, cast.board)
    pages = [client.get(url).content.decode() for url in ("/", "/indicators/loans_disbursed/")]
    assert all(PSEUDONYM_NORTH not in p and PSEUDONYM_SOUTH not in p and "b_" not in p for p in pages)


def test_a_board_viewer_never_sees_an_unpublished_note(cast: Cast, reviewed: Path, client: Any) -> None:
    lille_story(cast)
    signed_in(client, cast.board)
    pages = [client.get(url).content.decode() for url in ("/", "/indicators/loans_disbursed/")]
    assert "Published voice from Lille" in pages[0]
    assert all("Unpublished note" not in p and "Note from Lille" not in p for p in pages)


def test_an_advisor_of_another_branch_does_not_see_lille_s_evidence(cast: Cast, reviewed: Path, client: Any) -> None:
    lille_story(cast)
    signed_in(client, cast.advisor)
    pages = [client.get(url).content.decode() for url in ("/", "/indicators/loans_disbursed/")]
    assert all("Lille borrower" not in p and "Published voice from Lille" not in p for p in pages)
    assert all("Note from Lille" not in p for p in pages)
    assert "Note from Arras about access" in pages[0]


def test_the_dashboard_kept_after_a_manager_s_visit_still_hides_lille_from_an_advisor_of_arras(
    cast: Cast, reviewed: Path, client: Any
) -> None:
    # The page drawn from the review is kept between requests (views/dashboard.py); the voices
    # are the viewer's own on every request.
    assert "Note from Lille about access" in signed_in(client, cast.manager).get("/").content.decode()
    client.logout()
    page = signed_in(client, cast.advisor).get("/").content.decode()
    assert "Note from Lille" not in page and "Note from Arras about access" in page


def test_a_branch_s_dashboard_says_its_findings_are_the_organisation_s(cast: Cast, reviewed: Path, client: Any) -> None:
    page = signed_in(client, cast.manager).get("/?branch=AG01").content.decode()
    assert 'class="muted small findings-scope"' in page and "More loans, less time for each." in page
    assert 'class="muted small findings-scope"' not in client.get("/").content.decode()


def test_a_note_published_as_evidence_is_one_voice_on_the_dashboard(cast: Cast, reviewed: Path, client: Any) -> None:
    from tests.web.personas import make_evidence

    make_evidence(cast.manager, cast.lille, text="Note from Lille about access", published=True)
    page = signed_in(client, cast.manager).get("/").content.decode()
    assert page.count("Note from Lille about access") == 1 and "Note from Arras about access" in page


def test_a_new_review_run_replaces_the_kept_dashboard(
    cast: Cast, reviewed: Path, django_environment: Path, client: Any
) -> None:
    import json

    signed_in(client, cast.manager)
    assert "Microcrédit Test" in client.get("/").content.decode()
    run = write_run(django_environment, name="v000002-test")
    document = json.loads((run / "fr" / "all.json").read_text(encoding="utf-8"))
    document["organisation"] = "Microcrédit Renommé"
    document["tensions"][0]["evidence"] = "A tension of the new run."
    (run / "fr" / "all.json").write_text(json.dumps(document), encoding="utf-8")
    page = client.get("/").content.decode()
    assert "Microcrédit Renommé" in page and "A tension of the new run." in page


def test_an_advisor_sees_the_pseudonyms_of_their_own_branch_only(cast: Cast, reviewed: Path, client: Any) -> None:
    page = signed_in(client, cast.advisor).get("/").content.decode()
    assert PSEUDONYM_SOUTH in page and PSEUDONYM_NORTH not in page


def test_a_board_viewer_cannot_contest_a_card(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import Comment

    response = signed_in(client, cast.board).post(
        "/indicators/loans_disbursed/discussion/", {"kind": "contest", "text": "This number hides the refusals."}
    )
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_an_advisor_contests_a_card_and_the_contest_is_audited(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import AuditEntry, Comment

    signed_in(client, cast.advisor).post(
        "/indicators/loans_disbursed/discussion/",
        {"kind": "contest", "text": "This number misleads: it counts renewals as new people."},
    )
    comment = Comment.objects.get()
    assert (comment.kind, comment.author) == ("contest", cast.advisor)
    assert AuditEntry.objects.filter(action="card.contest", actor=cast.advisor).exists()


def test_a_contest_without_a_reason_is_refused_and_the_text_is_kept(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import Comment

    response = signed_in(client, cast.manager).post(
        "/indicators/loans_disbursed/discussion/", {"kind": "contest", "text": "Wrong."}
    )
    assert response.status_code == 400
    assert "Wrong." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_signed_in_user_without_a_role_is_refused(cast: Cast, reviewed: Path, client: Any) -> None:
    nobody = make_user("nobody", None)
    assert signed_in(client, nobody).get("/").status_code == 403


def test_an_unknown_indicator_is_not_found(cast: Cast, reviewed: Path, client: Any) -> None:
    assert signed_in(client, cast.manager).get("/indicators/no_such_thing/").status_code == 404


def test_the_branch_filter_shows_that_branch_s_figures(cast: Cast, reviewed: Path, client: Any) -> None:
    page = signed_in(client, cast.manager).get("/?branch=AG01").content.decode()
    assert 'tile-value">43' in page and 'tile-value">149' not in page
    assert "Note from Arras about access" not in page


def test_the_language_switch_shows_the_dashboard_in_english(cast: Cast, reviewed: Path, client: Any) -> None:
    signed_in(client, cast.manager)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/").content.decode()
    assert "The mission, dimension by dimension" in page and "Accompaniment" in page
