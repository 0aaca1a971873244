"""Every URL, every persona: who gets in, who is sent to sign in, who is refused (access.py).

The URLconf is enumerated: a URL added without a row in EXPECTED (and a sample of its arguments)
fails here, and so does a view that is not wrapped in access.allow.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.personas import PASSWORD, Cast
from tests.web.network_files import write_network
from tests.web.review_files import write_run

PERSONAS = ("anonymous", "manager", "advisor", "board", "investor")
# name: (method, arguments, {persona: expected status}). 302 for anonymous: the sign-in page.
EXPECTED: dict[str, tuple[str, dict[str, str], dict[str, int]]] = {
    "dashboard": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 200, "board": 200, "investor": 302}),
    "indicator": ("get", {"key": "loans_disbursed"}, {"anonymous": 302, "manager": 200, "advisor": 200, "board": 200, "investor": 302}),
    "indicator-discuss": ("post", {"key": "loans_disbursed"},
                          {"anonymous": 302, "manager": 302, "advisor": 302, "board": 403, "investor": 403}),
    "login": ("get", {}, {"anonymous": 200, "manager": 302, "advisor": 302, "board": 302, "investor": 302}),
    "logout": ("post", {}, {"anonymous": 302, "manager": 302, "advisor": 302, "board": 302, "investor": 302}),
    "set_language": ("post", {}, {"anonymous": 302, "manager": 302, "advisor": 302, "board": 302, "investor": 302}),
    "health": ("get", {}, {"anonymous": 200, "manager": 200, "advisor": 200, "board": 200, "investor": 200}),
    "cards": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 200, "board": 200, "investor": 302}),
    "card": ("get", {"key": "loans_disbursed"}, {"anonymous": 302, "manager": 200, "advisor": 200, "board": 200, "investor": 302}),
    "card-propose": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 200, "board": 403, "investor": 403}),
    "card-revise": ("get", {"key": "loans_disbursed"}, {"anonymous": 302, "manager": 200, "advisor": 200, "board": 403, "investor": 403}),
    "card-review": ("post", {"key": "loans_disbursed"}, {"anonymous": 302, "manager": 302, "advisor": 302, "board": 403, "investor": 403}),
    # Not reviewed yet: the manager is told to answer the checklist first (400); others may not adopt.
    "card-adopt": ("post", {"key": "loans_disbursed"}, {"anonymous": 302, "manager": 400, "advisor": 403, "board": 403, "investor": 403}),
    "card-contest": ("post", {"key": "loans_disbursed"}, {"anonymous": 302, "manager": 302, "advisor": 302, "board": 403, "investor": 403}),
    "card-retire": ("post", {"key": "loans_disbursed"}, {"anonymous": 302, "manager": 302, "advisor": 403, "board": 403, "investor": 403}),
    "audit": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 403, "board": 403, "investor": 403}),
    "people": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 403, "board": 403, "investor": 403}),
    "people-change": ("post", {"username": "odile"}, {"anonymous": 302, "manager": 302, "advisor": 403, "board": 403, "investor": 403}),
    # The network pages (issue 7): board and investor read them; an advisor does not; managers upload.
    "network": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 403, "board": 200, "investor": 200}),
    "network-institution": ("get", {"institution_id": "MFI-1"},
                            {"anonymous": 302, "manager": 200, "advisor": 403, "board": 200, "investor": 200}),
    "network-upload": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 403, "board": 403, "investor": 403}),
    # Imports (managers); a job that does not exist is 404 only to those who may see jobs at all.
    "imports": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 403, "board": 403, "investor": 403}),
    "import-job": ("get", {"pk": "999999"}, {"anonymous": 302, "manager": 404, "advisor": 403, "board": 403, "investor": 403}),
    "import-job-status": ("get", {"pk": "999999"},
                          {"anonymous": 302, "manager": 404, "advisor": 403, "board": 403, "investor": 403}),
    "import-job-confirm": ("post", {"pk": "999999"},
                           {"anonymous": 302, "manager": 404, "advisor": 403, "board": 403, "investor": 403}),
    "import-job-cancel": ("post", {"pk": "999999"},
                          {"anonymous": 302, "manager": 404, "advisor": 403, "board": 403, "investor": 403}),
    # Reports: managers for every audience, board viewers for the board's and funders' only.
    "reports": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 403, "board": 200, "investor": 302}),
    "report-job": ("get", {"pk": "999999"}, {"anonymous": 302, "manager": 404, "advisor": 403, "board": 404, "investor": 302}),
    "report-job-status": ("get", {"pk": "999999"},
                          {"anonymous": 302, "manager": 404, "advisor": 403, "board": 404, "investor": 302}),
    "report-download": ("get", {"pk": "999999", "fmt": "pdf"},
                        {"anonymous": 302, "manager": 404, "advisor": 403, "board": 404, "investor": 302}),
    # Evidence (issue 5): the board reads (published only) but does not write; an investor neither.
    "evidence-list": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 200, "board": 200, "investor": 403}),
    "evidence-new": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 200, "board": 403, "investor": 403}),
    # No evidence 999999: those who may edit are told so (404); the others are refused first.
    "evidence-edit": ("get", {"pk": "999999"}, {"anonymous": 302, "manager": 404, "advisor": 404, "board": 403, "investor": 403}),
    # The API: no credentials -> 401 (JSON), no capability -> 403; the same rules as the pages.
    "api-review": ("get", {}, {"anonymous": 401, "manager": 200, "advisor": 200, "board": 200, "investor": 403}),
    "api-evidence": ("get", {}, {"anonymous": 401, "manager": 200, "advisor": 200, "board": 200, "investor": 403}),
    "api-evidence-detail": ("get", {"pk": "999999"}, {"anonymous": 401, "manager": 404, "advisor": 404, "board": 404, "investor": 403}),
    "api-discussion": ("post", {"key": "loans_disbursed"}, {"anonymous": 401, "manager": 201, "advisor": 201, "board": 403, "investor": 403}),
    # Without a username and password every caller is told which fields are missing.
    "api-token": ("post", {}, {"anonymous": 400, "manager": 400, "advisor": 400, "board": 400, "investor": 400}),
    "api-schema": ("get", {}, {"anonymous": 200, "manager": 200, "advisor": 200, "board": 200, "investor": 200}),
    "api-docs": ("get", {}, {"anonymous": 200, "manager": 200, "advisor": 200, "board": 200, "investor": 200}),
    "api-token-page": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 200, "board": 200, "investor": 302}),
    # Coding the voices (issue 6): advisors and managers code; the board and investors do not.
    "coding": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 200, "board": 403, "investor": 403}),
    "codebook": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 200, "board": 403, "investor": 403}),
    "code-edit": ("get", {"pk": "999999"}, {"anonymous": 302, "manager": 404, "advisor": 403, "board": 403, "investor": 403}),
    "code-suggestions": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 200, "board": 403, "investor": 403}),
    # An empty codebook cannot be exported: back to the codebook with the reason.
    "codebook-export": ("get", {}, {"anonymous": 302, "manager": 302, "advisor": 302, "board": 403, "investor": 403}),
    "project-export": ("get", {}, {"anonymous": 302, "manager": 302, "advisor": 302, "board": 403, "investor": 403}),
    "coding-remove": ("post", {"pk": "999999"}, {"anonymous": 302, "manager": 404, "advisor": 404, "board": 403, "investor": 403}),
    "code-text": ("get", {"kind": "evidence", "ref": "999999"},
                  {"anonymous": 302, "manager": 404, "advisor": 404, "board": 403, "investor": 403}),
    # Most Significant Change: the board reads the stories that reached it; managers record its choice.
    "stories": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 200, "board": 200, "investor": 403}),
    "story-new": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 200, "board": 403, "investor": 403}),
    "story-select": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 200, "board": 403, "investor": 403}),
    "story": ("get", {"pk": "999999"}, {"anonymous": 302, "manager": 404, "advisor": 404, "board": 404, "investor": 403}),
    "story-verify": ("post", {"pk": "999999"}, {"anonymous": 302, "manager": 404, "advisor": 403, "board": 403, "investor": 403}),
}
BODIES: dict[str, dict[str, str]] = {
    "indicator-discuss": {"kind": "comment", "text": "A comment from the persona harness."},
    "set_language": {"language": "en", "next": "/"},
    "card-review": {name: f"The persona harness answers {name}." for name in
                    ("measured", "useful", "cost", "purpose", "defined_by", "target")},
    "card-adopt": {"adopt-reason": "Adopted by the persona harness, after discussion."},
    "card-contest": {"contest-reason": "This number misleads because the harness says so."},
    "card-retire": {"retire-reason": "Retired by the persona harness, no longer used."},
    "people-change": {"role": "advisor", "branch": "AG02"},
    "api-discussion": {"kind": "comment", "text": "A comment from the persona harness, through the API."},
}


def _patterns(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    from django.urls import URLPattern, URLResolver

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield pattern.name or prefix + str(pattern.pattern), pattern.callback


@pytest.fixture
def reviewed(django_environment: Path) -> Path:
    write_network(django_environment)
    return write_run(django_environment)


def test_every_url_has_an_expected_answer_for_every_persona(django_environment: Path) -> None:
    from django.urls import get_resolver

    names = dict(_patterns(get_resolver().url_patterns))
    missing = sorted(set(names) - set(EXPECTED))
    assert not missing, f"URLs without a row in EXPECTED (add one, with its expected status per persona): {missing}"
    incomplete = sorted(name for name, rule in EXPECTED.items() if set(rule[2]) != set(PERSONAS))
    assert not incomplete, f"rows of EXPECTED without a status for each of {PERSONAS}: {incomplete}"


def test_every_view_goes_through_the_access_module(django_environment: Path) -> None:
    from django.urls import get_resolver

    unguarded = [name for name, view in _patterns(get_resolver().url_patterns) if not hasattr(view, "access_rule")]
    assert not unguarded, f"views not wrapped in missionlens.web.access.allow: {unguarded}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_expected_answer_on_each_url(
    name: str, persona: str, cast: Cast, reviewed: Path, client: Any
) -> None:
    from django.urls import reverse

    method, arguments, expected = EXPECTED[name]
    if persona != "anonymous":
        assert client.login(username=getattr(cast, persona).username, password=PASSWORD)
    url = reverse(name, kwargs=arguments or None)
    response = client.post(url, BODIES.get(name, {})) if method == "post" else client.get(url)
    assert response.status_code == expected[persona], f"{persona} on {url}"
    if expected[persona] == 302 and persona == "anonymous" and name in ("dashboard", "indicator"):
        assert response["Location"].startswith("/accounts/login/")
