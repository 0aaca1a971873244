"""The mission dashboard: the precomputed review, organised by dimension (dashboard.py).

The page is the most visited one and must answer in milliseconds under load (issue 5: p95 at most
200 ms for 50 users). Everything drawn from the review alone (the tiles, their charts, the
findings, the silence map, the pressure bars) depends only on the review file, the language and
the filters, so it is built once per process and key (reviews.keyed_review) and its HTML is kept
in the template fragment cache under the same key. Only what depends on the viewer (the voices
they may read, the chosen stories, their links) is drawn on each request.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from missionlens.web import filters
from missionlens.web.access import allow
from missionlens.web.dashboard import PERIODS, Dashboard, build, with_voices
from missionlens.web.reviews import ReviewUnavailable, keyed_review, notes_for
from missionlens.web.stories import selected_by_dimension
from missionlens.web.voices import voices_for

# Pages kept per (review key, months, language); a new review run brings new keys, so the
# oldest are dropped wholesale past this many (a handful of branches x periods x languages).
KEPT_PAGES = 256
_pages: dict[tuple[str, int | None, str], Dashboard] = {}
_lock = threading.Lock()


def language() -> str:
    return "en" if (get_language() or "fr").startswith("en") else "fr"


def _page(key: str, review: dict[str, object], lang: str, months: int | None) -> Dashboard:
    wanted = (key, months, lang)
    with _lock:
        found = _pages.get(wanted)
    if found is not None:
        return found
    page = build(review, lang=lang, months=months, voices={},  # type: ignore[arg-type]
                 since=_("since"), confidence=_("confidence"))
    with _lock:
        if len(_pages) >= KEPT_PAGES:
            _pages.clear()
        _pages[wanted] = page
    return page


@allow("view_aggregates")
def dashboard(request: HttpRequest) -> HttpResponse:
    data_dir = settings.DATA_DIR
    chosen = filters.read(request, data_dir)
    lang = language()
    try:
        key, review = keyed_review(data_dir, chosen.branch, lang)
    except ReviewUnavailable as exc:
        return render(request, "missionlens/no_review.html", {"reason": str(exc)})
    voices = voices_for(request.viewer, notes_for(data_dir), chosen.branch)
    page = with_voices(_page(key, review, lang, chosen.months), voices)
    return render(request, "missionlens/dashboard.html", {
        "page": page, "page_key": f"{key}|{chosen.months}|{lang}|{chosen.query}",
        "filters": chosen, "periods": list(PERIODS), "review_lang": review.get("lang"),
        # Most Significant Change stories the board chose, shown in their dimension's block (issue 6).
        "stories": [s for found in selected_by_dimension(chosen.branch).values() for s in found],
    })
