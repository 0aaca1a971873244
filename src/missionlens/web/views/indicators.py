"""The indicator page: the series with its disaggregations, interval and n, the full card with
its versions, the discussion, and the linked evidence."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from markupsafe import Markup

from missionlens.report.labels import Lang, count, figure, period, word
from missionlens.web import filters
from missionlens.web.access import allow, borrower_shown, evidence_visible_to
from missionlens.web.dashboard import latest_point, markers_of, trend_text, window, windows_of
from missionlens.web.cards import card_shown
from missionlens.web.discussions import DiscussionError, post
from missionlens.web.forms import CommentForm
from missionlens.web.models import CardVersion, Comment
from missionlens.web.reviews import ReviewUnavailable, breakdown_for, review_for
from missionlens.web.sparklines import sparkline, trend
from missionlens.web.views.dashboard import language

SPLITS = ("branch", "gender", "zone", "minimum_benefits", "product", "author_role")


def _indicator(review: dict[str, Any], key: str) -> dict[str, Any]:
    found = next((i for i in review.get("indicators", []) if i.get("key") == key), None)
    if found is None:
        raise Http404(_("No indicator %(key)s in this mission.") % {"key": key})
    return dict(found)


def _figures(point: Mapping[str, Any] | None, unit: str, lang: Lang) -> dict[str, str]:
    if point is None:
        return {"value": "", "n": "", "period": "", "interval": ""}
    interval = ""
    if point.get("low") is not None and point.get("high") is not None:
        interval = f"{figure(point['low'], unit, lang)} – {figure(point['high'], unit, lang)}"
    return {
        "value": figure(point["value"], unit, lang),
        "n": count(point.get("n"), lang) if point.get("n") is not None else "",
        "period": period(str(point["period"]), lang),
        "interval": interval,
        "too_few": "1" if point.get("too_few") else "",
    }


def _splits(key: str, by: str, unit: str, months: int | None, lang: Lang, names: dict[str, str]) -> list[dict[str, Any]]:
    """The latest value, n, interval and small chart of each group (branches by their names)."""
    groups = breakdown_for(settings.DATA_DIR, key).get(by, [])
    rows = []
    for group in groups:
        points = window(group["points"], months)
        latest = next((p for p in reversed(points) if p.get("value") is not None), None)
        rows.append({"group": names.get(str(group["group"]), group["group"]), "spark": Markup(sparkline(points, label=str(group["group"]))),
                     **_figures(latest, unit, lang)})
    return rows


@allow("view_aggregates")
def indicator(request: HttpRequest, key: str) -> HttpResponse:
    return _page(request, key, CommentForm())


def _page(request: HttpRequest, key: str, form: CommentForm, status: int = 200) -> HttpResponse:
    chosen = filters.read(request, settings.DATA_DIR)
    lang: Lang = language()  # type: ignore[assignment]
    try:
        review = review_for(settings.DATA_DIR, chosen.branch, lang)
    except ReviewUnavailable as exc:
        return render(request, "missionlens/no_review.html", {"reason": str(exc)})
    item = _indicator(review, key)
    unit = str(item.get("unit"))
    viewer = request.viewer
    shown = window(item.get("series", []), chosen.months)
    # Drawn here in Python, not by report.charts (vl-convert): a page must not wait seconds for a
    # JavaScript engine to start in a server worker.
    target = next((t["value"] for t in item.get("targets", []) if t.get("period") == "month"), None)
    chart = trend(shown, markers=markers_of(review, key), target=target, label=str(item.get("title")),
                  value_text=lambda v: figure(v, unit, lang), windows=windows_of(review, key))
    by = request.GET.get("by", "branch")
    if by not in SPLITS:
        by = "branch"
    available = [s for s in SPLITS if s in breakdown_for(settings.DATA_DIR, key)]
    evidence = [
        {"item": e, "borrower": borrower_shown(viewer, e.borrower, e.branch.code if e.branch else None)}
        for e in evidence_visible_to(viewer).filter(indicator=key).select_related("branch")[:20]
    ]
    # The card's latest version in the cards workflow, when it has one (cards.py), else the review's.
    card = card_shown(key, item.get("card", {}), lang)
    arrow, direction = trend_text(item, lang)
    context = {
        "item": item,
        "key": key,
        "filters": chosen,
        "periods": ["12", "24", "36", "all"],
        "chart": Markup(chart),
        "latest": _figures(latest_point(item), unit, lang),
        "trend": arrow,
        "direction": direction,
        "unit_word": word(lang, unit),
        "card": card,
        "card_use": word(lang, str(card.get("use", ""))) if card.get("use") else "",
        "card_status": word(lang, str(card.get("status", ""))) if card.get("status") else "",
        "versions": CardVersion.objects.filter(indicator=key).select_related("author"),
        "comments": Comment.objects.filter(indicator=key).select_related("author"),
        "form": form,
        "by": by,
        "splits": available,
        "split_rows": _splits(key, by, unit, chosen.months, lang, dict(chosen.branches) if by == "branch" else {}),
        "organisation": review.get("organisation", ""),
        "findings": [a for a in review.get("alerts", []) if a.get("indicator") == key]
        + [t for t in review.get("tensions", []) if key in (t.get("volume"), t.get("quality"))],
        "evidence": evidence,
        "titles": {i["key"]: i.get("title", i["key"]) for i in review.get("indicators", [])},
        "dimension_titles": {d["key"]: d["title"] for d in review.get("mission", {}).get("dimensions", [])},
    }
    return render(request, "missionlens/indicator.html", context, status=status)


@allow("discuss")
@require_POST
def discuss(request: HttpRequest, key: str) -> HttpResponse:
    """Post to the discussion; a refused comment comes back in the form with its message."""
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            _indicator(review_for(settings.DATA_DIR, None, language()), key)
            post(key, by=request.user, kind=form.cleaned_data["kind"], text=form.cleaned_data["text"])
        except ReviewUnavailable as exc:
            return render(request, "missionlens/no_review.html", {"reason": str(exc)})
        except DiscussionError as exc:
            form.add_error("text", str(exc))
        else:
            messages.success(request, _("Your comment is in the discussion."))
            return redirect(reverse("indicator", args=[key]) + "#discussion")
    return _page(request, key, form, status=400)
