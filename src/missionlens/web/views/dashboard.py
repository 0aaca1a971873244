"""The mission dashboard: the precomputed review, organised by dimension (dashboard.py)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from missionlens.web import filters
from missionlens.web.access import allow
from missionlens.web.dashboard import PERIODS, build
from missionlens.web.reviews import ReviewUnavailable, notes_for, review_for
from missionlens.web.voices import voices_for
from missionlens.web.stories import selected_by_dimension


def language() -> str:
    return "en" if (get_language() or "fr").startswith("en") else "fr"


@allow("view_aggregates")
def dashboard(request: HttpRequest) -> HttpResponse:
    data_dir = settings.DATA_DIR
    chosen = filters.read(request, data_dir)
    lang = language()
    try:
        review = review_for(data_dir, chosen.branch, lang)
    except ReviewUnavailable as exc:
        return render(request, "missionlens/no_review.html", {"reason": str(exc)})
    voices = voices_for(request.viewer, notes_for(data_dir), chosen.branch)
    page = build(review, lang=lang, months=chosen.months, voices=voices,  # type: ignore[arg-type]
                 since=_("since"), confidence=_("confidence"))
    return render(request, "missionlens/dashboard.html", {
        "page": page, "filters": chosen, "periods": list(PERIODS), "review_lang": review.get("lang"),
        # Most Significant Change stories the board chose, shown in their dimension's block (issue 6).
        "stories": [s for found in selected_by_dimension(chosen.branch).values() for s in found],
    })
