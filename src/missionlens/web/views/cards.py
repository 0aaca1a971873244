"""The cards workflow's pages: the list of cards, one card with its history and the actions the
viewer's role allows, the proposal and revision forms. The rules are in web/cards.py."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from missionlens.mission import Mission
from missionlens.web import cards, cards_content
from missionlens.web.access import allow
from missionlens.web.cards_forms import ChecklistForm, ProposeForm, ReasonForm, layout
from missionlens.web.cards_forms import CardForm as RevisionForm
from missionlens.web.models import CardStatus, CardVersion, Comment
from missionlens.web.views.dashboard import language

ACTIONS = ("adopt", "contest", "retire")
# The history names each changed field as the card does.
FIELD_LABELS = {
    "title": gettext_lazy("Title"), "dimensions": gettext_lazy("Mission dimensions"), "unit": gettext_lazy("Unit"),
    "purpose": gettext_lazy("What it is for"), "shows": gettext_lazy("What it shows"),
    "hides": gettext_lazy("What it hides"), "perverse_effects": gettext_lazy("How it can be gamed when it becomes a target"),
    "read_with": gettext_lazy("Read it with"), "use": gettext_lazy("Use"), "use_note": gettext_lazy("Use note"),
    "defined_with": gettext_lazy("Defined with"), "review_by": gettext_lazy("Review by"),
    "definition": gettext_lazy("Definition"), "formula": gettext_lazy("To compute it"),
}


def _today() -> Any:
    return timezone.localdate()


def _history(key: str) -> list[CardVersion]:
    return list(CardVersion.objects.filter(indicator=key).order_by("-version").select_related("author")
                .prefetch_related("reviews__reviewer"))


def _summary(key: str, found: CardVersion | None, source: Mission, lang: str) -> dict[str, Any]:
    """A row of the list (and the head of a card page): the latest version, else the mission's card."""
    if found is not None:
        content, status, version = found.content, found.status, found.version
    else:
        content, status, version = cards_content.from_mission(source, key), source.cards[key].status, 1
    shown = cards_content.shown(content, "en" if lang == "en" else "fr")
    review_by = str(content.get("review_by", ""))
    return {"key": key, "title": shown["title"] or key, "status": status, "status_label": CardStatus(status).label,
            "version": version, "use": shown["use"], "review_by": review_by,
            "overdue": bool(review_by) and review_by <= _today().isoformat(), "in_history": found is not None,
            "content": content, "shown": shown}


@allow("view_aggregates")
def card_list(request: HttpRequest) -> HttpResponse:
    source = cards.mission()
    lang = language()
    latest: dict[str, CardVersion] = {}
    for version in CardVersion.objects.order_by("indicator", "-version"):
        latest.setdefault(version.indicator, version)
    rows = [_summary(key, latest.get(key), source, lang) for key in cards.known_keys(source)]
    status = request.GET.get("status", "")
    if status in CardStatus.values:
        rows = [r for r in rows if r["status"] == status]
    else:
        status = ""
    return render(request, "missionlens/cards/list.html", {
        "rows": rows, "status": status, "statuses": CardStatus.choices,
    })


def _card_page(request: HttpRequest, key: str, *, forms: dict[str, Any] | None = None, status: int = 200) -> HttpResponse:
    source = cards.mission()
    if key not in cards.known_keys(source):
        raise Http404(_("No card for %(key)s.") % {"key": key})
    lang = language()
    history = _history(key)
    head = _summary(key, history[0] if history else None, source, lang)
    questions = dict(cards.CHECKLIST)
    versions = []
    for i, version in enumerate(history):
        older = history[i + 1] if i + 1 < len(history) else None
        versions.append({
            "item": version,
            "status_was": CardStatus(older.status).label if older is not None and older.status != version.status else "",
            "differences": [{"label": FIELD_LABELS.get(d.field, d.field), "item": d}
                            for d in cards_content.differences(older.content, version.content)] if older is not None else [],
            "reviews": [{"item": r, "answers": [(questions[k], r.answers.get(k, "")) for k, _q in cards.CHECKLIST]}
                        for r in version.reviews.all()],
        })
    seen = {"seen": head["version"]} if head["in_history"] else {}
    given = forms or {}
    context = {
        "key": key, "card": head, "shown": head["shown"], "versions": versions,
        "dimension_titles": {k: d.title.get("en" if lang == "en" else "fr") for k, d in source.dimensions.items()},
        "reviewed": bool(history) and history[0].reviews.exists(),
        "checklist": given.get("checklist") or ChecklistForm(initial=seen),
        "actions": {a: given.get(a) or ReasonForm(prefix=a, initial=seen) for a in ACTIONS},
        "comments": Comment.objects.filter(indicator=key).select_related("author"),
        "in_review": key in source.indicators or any(c.key == key for c in source.custom_indicators),
        "toml": cards_content.as_toml(key, head["content"]) if head["content"].get("formula") else "",
        "may_contest": head["status"] in cards.CONTESTABLE,
        "may_adopt": head["status"] in cards.ADOPTABLE,
        "may_retire": head["status"] in cards.RETIRABLE,
    }
    return render(request, "missionlens/cards/card.html", context, status=status)


@allow("view_aggregates")
def card(request: HttpRequest, key: str) -> HttpResponse:
    return _card_page(request, key)


def _seen(value: Any) -> int | None:
    return value if isinstance(value, int) else None


@allow("discuss")
def propose(request: HttpRequest) -> HttpResponse:
    source = cards.mission()
    form = ProposeForm(request.POST or None, mission=source, lang=language())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = cards.propose(data["key"], cards_content.from_fields(data), by=request.user, reason=data["reason"],
                                 today=_today(), source=source)
        except cards.CardError as exc:
            form.refused(exc)
        else:
            messages.success(request, _("Your proposal is recorded as version 1. Review it with the checklist next."))
            return redirect("card", key=made.indicator)
    return render(request, "missionlens/cards/edit.html", {"form": form, "layout": layout(form), "proposing": True},
                  status=400 if request.method == "POST" else 200)


@allow("discuss")
def revise(request: HttpRequest, key: str) -> HttpResponse:
    source = cards.mission()
    if key not in cards.known_keys(source):
        raise Http404(_("No card for %(key)s.") % {"key": key})
    found = cards.latest(key)
    content = found.content if found is not None else cards_content.from_mission(source, key)
    initial = {**cards_content.to_fields(content), "seen": found.version if found is not None else None}
    form = RevisionForm(request.POST or None, mission=source, lang=language(), initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = cards.revise(key, cards_content.from_fields(data, base=content), by=request.user, reason=data["reason"],
                                today=_today(), seen=_seen(data.get("seen")), source=source)
        except cards.CardError as exc:
            form.refused(exc)
        else:
            messages.success(request, _("Version %(v)d is proposed. Review it with the checklist before it is adopted.")
                             % {"v": made.version})
            return redirect("card", key=key)
    return render(request, "missionlens/cards/edit.html", {"form": form, "layout": layout(form), "proposing": False, "key": key,
                                                           "title": cards_content.shown(content, "en" if language() == "en" else "fr")["title"]},
                  status=400 if request.method == "POST" else 200)


@allow("discuss")
@require_POST
def review(request: HttpRequest, key: str) -> HttpResponse:
    form = ChecklistForm(request.POST)
    if form.is_valid():
        answers = {name: form.cleaned_data.get(name, "") for name, _q in cards.CHECKLIST}
        try:
            cards.review(key, answers, by=request.user, seen=_seen(form.cleaned_data.get("seen")))
        except cards.CardError as exc:
            form.refused(exc)
        else:
            messages.success(request, _("Your review is kept with this version of the card."))
            return redirect(reverse("card", args=[key]) + "#history")
    return _card_page(request, key, forms={"checklist": form}, status=400)


def _decide(request: HttpRequest, key: str, action: str) -> HttpResponse:
    form = ReasonForm(request.POST, prefix=action)
    if form.is_valid():
        decide = {"adopt": cards.adopt, "contest": cards.contest, "retire": cards.retire}[action]
        try:
            made = decide(key, by=request.user, reason=form.cleaned_data["reason"], seen=_seen(form.cleaned_data.get("seen")))
        except cards.CardError as exc:
            for _field, message in exc.problems:
                form.add_error("reason", message)
        except cards.NotAllowed:
            raise PermissionDenied from None
        else:
            messages.success(request, _("The card is now %(status)s (version %(v)d).")
                             % {"status": CardStatus(made.status).label, "v": made.version})
            return redirect(reverse("card", args=[key]) + "#history")
    return _card_page(request, key, forms={action: form}, status=400)


@allow("manage")
@require_POST
def adopt(request: HttpRequest, key: str) -> HttpResponse:
    return _decide(request, key, "adopt")


@allow("discuss")
@require_POST
def contest(request: HttpRequest, key: str) -> HttpResponse:
    return _decide(request, key, "contest")


@allow("manage")
@require_POST
def retire(request: HttpRequest, key: str) -> HttpResponse:
    return _decide(request, key, "retire")
