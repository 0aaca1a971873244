"""Every URL, every persona: who gets in, who is sent to sign in, who is refused (access.py).

The URLconf is enumerated: a URL added without a row in EXPECTED (and a sample of its arguments)
fails here, and so does a view that is not wrapped in access.allow.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.personas import FAST_HASHERS, PASSWORD, Cast, make_cast
from tests.web.review_files import write_run

PERSONAS = ("anonymous", "manager", "advisor", "board")
# name: (method, arguments, {persona: expected status}). 302 for anonymous: the sign-in page.
EXPECTED: dict[str, tuple[str, dict[str, str], dict[str, int]]] = {
    "dashboard": ("get", {}, {"anonymous": 302, "manager": 200, "advisor": 200, "board": 200}),
    "indicator": ("get", {"key": "loans_disbursed"}, {"anonymous": 302, "manager": 200, "advisor": 200, "board": 200}),
    "indicator-discuss": ("post", {"key": "loans_disbursed"},
                          {"anonymous": 302, "manager": 302, "advisor": 302, "board": 403}),
    "login": ("get", {}, {"anonymous": 200, "manager": 302, "advisor": 302, "board": 302}),
    "logout": ("post", {}, {"anonymous": 302, "manager": 302, "advisor": 302, "board": 302}),
    "set_language": ("post", {}, {"anonymous": 302, "manager": 302, "advisor": 302, "board": 302}),
    "health": ("get", {}, {"anonymous": 200, "manager": 200, "advisor": 200, "board": 200}),
}
BODIES: dict[str, dict[str, str]] = {
    "indicator-discuss": {"kind": "comment", "text": "A comment from the persona harness."},
    "set_language": {"language": "en", "next": "/"},
}


def _patterns(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    from django.urls import URLPattern, URLResolver

    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield pattern.name or prefix + str(pattern.pattern), pattern.callback


@pytest.fixture
def cast(db: str) -> Iterator[Cast]:
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        yield make_cast()


@pytest.fixture
def reviewed(django_environment: Path) -> Path:
    return write_run(django_environment)


def test_every_url_has_an_expected_answer_for_every_persona(django_environment: Path) -> None:
    from django.urls import get_resolver

    names = dict(_patterns(get_resolver().url_patterns))
    missing = sorted(set(names) - set(EXPECTED))
    assert not missing, f"URLs without a row in EXPECTED (add one, with its expected status per persona): {missing}"
    assert all(set(rule[2]) == set(PERSONAS) for rule in EXPECTED.values())


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
