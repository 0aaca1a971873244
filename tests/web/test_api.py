"""The JSON API (web/api/): tokens, the same rules as the pages, refusals by field, and its schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


from tests.web.personas import PASSWORD, Cast, lille_story, make_evidence
from tests.web.review_files import PSEUDONYM_NORTH

PATHS = ("/api/review/", "/api/evidence/", "/api/evidence/{id}/", "/api/indicators/{key}/discussion/", "/api/token/")


def token_of(client: Any, user: Any) -> str:
    response = client.post("/api/token/", {"username": user.username, "password": PASSWORD},
                           content_type="application/json")
    assert response.status_code == 200
    return str(response.json()["token"])


def as_user(client: Any, user: Any) -> dict[str, str]:
    """Headers of an API call with the user's token."""
    return {"HTTP_AUTHORIZATION": f"Token {token_of(client, user)}"}


def send(client: Any, method: str, url: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    return getattr(client, method)(url, json.dumps(body), content_type="application/json", **headers)


def evidence_body(**changes: Any) -> dict[str, Any]:
    return {"kind": "observation", "text": "Seen at the branch: the queue is long on Mondays.", "dimension": "access",
            "indicator": "loans_disbursed", "observed_on": "2025-12-02", **changes}


def test_the_schema_validates_and_documents_every_endpoint(django_environment: Path) -> None:
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert set(PATHS) <= set(schema["paths"])
    assert set(schema["paths"]["/api/evidence/"]) == {"get", "post"}
    assert "tokenAuth" in schema["components"]["securitySchemes"]


def test_the_schema_is_served_as_json(cast: Cast, client: Any) -> None:
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    assert "/api/evidence/" in response.json()["paths"]


def test_the_documentation_page_lists_the_endpoints_without_any_outside_script(cast: Cast, client: Any) -> None:
    page = client.get("/api/docs/").content.decode()
    assert "/api/evidence/" in page and "EvidenceIn" in page
    assert "https://" not in page.split("<main", 1)[1]


def test_a_call_without_credentials_is_refused_in_json(cast: Cast, reviewed: Path, client: Any) -> None:
    response = client.get("/api/evidence/")
    assert response.status_code == 401
    assert "detail" in response.json()


def test_a_wrong_token_is_refused(cast: Cast, reviewed: Path, client: Any) -> None:
    assert client.get("/api/evidence/", HTTP_AUTHORIZATION="Token not-a-token").status_code == 401


def test_a_wrong_password_gets_no_token(cast: Cast, client: Any) -> None:
    response = client.post("/api/token/", {"username": "karim", "password": "wrong"}, content_type="application/json")
    assert response.status_code == 400 and "non_field_errors" in response.json()


def test_an_advisor_posts_evidence_with_a_token(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import Evidence

    response = send(client, "post", "/api/evidence/", evidence_body(), as_user(client, cast.advisor))
    assert response.status_code == 201
    assert response.json()["branch"] == "AG02" and response.json()["author"] == "karim"
    assert Evidence.objects.get().text.startswith("Seen at the branch")


def test_evidence_posted_without_a_date_is_dated_today(cast: Cast, reviewed: Path, client: Any) -> None:
    from django.utils import timezone

    body = evidence_body()
    del body["observed_on"]
    response = send(client, "post", "/api/evidence/", body, as_user(client, cast.advisor))
    assert response.json()["observed_on"] == timezone.localdate().isoformat()


def test_a_testimony_without_consent_is_refused_with_the_field_named(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import Evidence

    response = send(client, "post", "/api/evidence/", evidence_body(kind="testimony"), as_user(client, cast.advisor))
    assert response.status_code == 400
    assert list(response.json()) == ["consent"]
    assert not Evidence.objects.exists()


def test_badly_typed_fields_are_each_named(cast: Cast, reviewed: Path, client: Any) -> None:
    body = evidence_body(kind="rumour", observed_on="yesterday", consent="perhaps")
    response = send(client, "post", "/api/evidence/", body, as_user(client, cast.advisor))
    assert response.status_code == 400
    assert {"kind", "observed_on", "consent"} <= set(response.json())


def test_a_board_viewer_cannot_post_evidence(cast: Cast, reviewed: Path, client: Any) -> None:
    response = send(client, "post", "/api/evidence/", evidence_body(), as_user(client, cast.board))
    assert response.status_code == 403


def test_a_board_viewer_reads_published_evidence_without_pseudonyms(cast: Cast, reviewed: Path, client: Any) -> None:
    lille_story(cast)
    response = client.get("/api/evidence/", **as_user(client, cast.board))
    texts = [e["text"] for e in response.json()["results"]]
    assert texts == ["Published voice from Lille"]
    assert PSEUDONYM_NORTH not in response.content.decode()


def test_an_advisor_of_another_branch_reads_none_of_lille_s_evidence(cast: Cast, reviewed: Path, client: Any) -> None:
    shown, hidden = lille_story(cast)
    headers = as_user(client, cast.advisor)
    assert client.get("/api/evidence/", **headers).json()["results"] == []
    assert client.get(f"/api/evidence/{hidden.pk}/", **headers).status_code == 404


def test_the_evidence_list_filters_and_names_a_bad_date(cast: Cast, reviewed: Path, client: Any) -> None:
    make_evidence(cast.manager, cast.lille, text="In Lille")
    make_evidence(cast.manager, cast.arras, text="In Arras")
    headers = as_user(client, cast.manager)
    assert [e["text"] for e in client.get("/api/evidence/", {"branch": "AG02"}, **headers).json()["results"]] == ["In Arras"]
    assert "since" in client.get("/api/evidence/", {"since": "soon"}, **headers).json()


def test_an_edit_through_the_api_keeps_the_history(cast: Cast, reviewed: Path, client: Any) -> None:
    item = make_evidence(cast.advisor, cast.arras, text="First words")
    response = send(client, "patch", f"/api/evidence/{item.pk}/", {"text": "Better words"}, as_user(client, cast.advisor))
    assert response.status_code == 200 and response.json()["text"] == "Better words"
    assert item.edits.get().before["text"] == "First words"


def test_an_edit_of_a_stale_version_answers_conflict(cast: Cast, reviewed: Path, client: Any) -> None:
    item = make_evidence(cast.advisor, cast.arras, text="First words")
    headers = as_user(client, cast.advisor)
    stale = client.get(f"/api/evidence/{item.pk}/", **headers).json()["edited"]
    send(client, "patch", f"/api/evidence/{item.pk}/", {"text": "Second words"}, headers)
    response = send(client, "patch", f"/api/evidence/{item.pk}/", {"text": "Third", "edited": stale}, headers)
    assert response.status_code == 409 and "edited" in response.json()
    item.refresh_from_db()
    assert item.text == "Second words"


def test_the_board_reads_the_review_aggregates(cast: Cast, reviewed: Path, client: Any) -> None:
    lille_story(cast)
    response = client.get("/api/review/", {"lang": "en"}, **as_user(client, cast.board))
    assert response.status_code == 200
    assert response.json()["review"]["indicators"][0]["key"] == "loans_disbursed"
    assert "b_" not in response.content.decode() and "Unpublished" not in response.content.decode()


def test_the_review_of_one_branch_is_served(cast: Cast, reviewed: Path, client: Any) -> None:
    response = client.get("/api/review/", {"branch": "AG01"}, **as_user(client, cast.manager))
    assert response.json()["review"]["indicators"][0]["series"][0]["value"] == 20


def test_an_unknown_branch_is_named_in_the_refusal(cast: Cast, reviewed: Path, client: Any) -> None:
    headers = as_user(client, cast.manager)
    response = client.get("/api/review/", {"branch": "AG99"}, **headers)
    assert response.status_code == 400 and "AG99" in response.json()["branch"][0]
    assert "lang" in client.get("/api/review/", {"lang": "de"}, **headers).json()


def test_an_unknown_branch_is_refused_in_the_language_of_the_request(cast: Cast, reviewed: Path, client: Any) -> None:
    headers = as_user(client, cast.manager)
    french = client.get("/api/review/", {"branch": "AG99"}, HTTP_ACCEPT_LANGUAGE="fr", **headers)
    english = client.get("/api/review/", {"branch": "AG99"}, HTTP_ACCEPT_LANGUAGE="en", **headers)
    assert french.json()["branch"][0].startswith("Aucune agence n’a le code 'AG99'")
    assert english.json()["branch"][0].startswith("No branch has the code 'AG99'")


def test_a_role_without_the_capability_is_refused_in_french(cast: Cast, reviewed: Path, client: Any) -> None:
    response = client.post("/api/evidence/", json.dumps(evidence_body()), content_type="application/json",
                           HTTP_ACCEPT_LANGUAGE="fr", **as_user(client, cast.board))
    assert response.status_code == 403 and response.json()["detail"] == "Votre rôle ne le permet pas."


def test_a_contest_through_the_api_joins_the_discussion(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import Comment

    body = {"kind": "contest", "text": "This number misleads because it counts renewals as new loans."}
    response = send(client, "post", "/api/indicators/loans_disbursed/discussion/", body, as_user(client, cast.advisor))
    assert response.status_code == 201
    assert Comment.objects.get().kind == "contest"


def test_a_too_short_contest_is_refused_on_its_text(cast: Cast, reviewed: Path, client: Any) -> None:
    body = {"kind": "contest", "text": "Wrong."}
    response = send(client, "post", "/api/indicators/loans_disbursed/discussion/", body, as_user(client, cast.advisor))
    assert response.status_code == 400 and list(response.json()) == ["text"]


def test_a_comment_on_an_unknown_indicator_is_not_found(cast: Cast, reviewed: Path, client: Any) -> None:
    body = {"kind": "comment", "text": "Hello"}
    response = send(client, "post", "/api/indicators/nothing_here/discussion/", body, as_user(client, cast.manager))
    assert response.status_code == 404


def test_the_session_of_a_signed_in_person_also_works(cast: Cast, reviewed: Path, client: Any) -> None:
    assert client.login(username="claire", password=PASSWORD)
    assert client.get("/api/evidence/").status_code == 200


def test_the_token_page_makes_a_new_token_and_the_old_one_stops_working(cast: Cast, reviewed: Path, client: Any) -> None:
    from rest_framework.authtoken.models import Token

    old = token_of(client, cast.advisor)
    assert client.login(username="karim", password=PASSWORD)
    assert client.post("/api/token/page/").status_code == 302
    client.logout()
    new = Token.objects.get(user=cast.advisor).key
    assert new != old
    assert client.get("/api/evidence/", HTTP_AUTHORIZATION=f"Token {old}").status_code == 401
    assert client.get("/api/evidence/", HTTP_AUTHORIZATION=f"Token {new}").status_code == 200
