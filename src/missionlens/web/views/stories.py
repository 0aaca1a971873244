"""Most Significant Change pages: the stories by domain, the collection form (phone first), a
story with its feedback to the teller, the selection round of a panel, the verification flag
(web/stories.py holds the rules)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from missionlens.voices import Domain
from missionlens.voices.stories import LEVELS
from missionlens.web import stories as use_cases
from missionlens.web.access import ADVISOR, allow, stories_visible_to
from missionlens.web.models import Branch, SelectionRoundRecord
from missionlens.web.stories_forms import LEVEL_WORDS, TELLERS, RoundForm, StoryForm
from missionlens.web.views.dashboard import language


def _domains() -> tuple[Domain, ...]:
    return use_cases.domains(settings.MISSION_FILE, language())


@allow("view_evidence")
def stories(request: HttpRequest) -> HttpResponse:
    """The stories the viewer may read, by domain, with how far each went; the rounds recorded."""
    viewer = request.viewer
    found = list(stories_visible_to(viewer).select_related("branch", "verified_by"))
    told = use_cases.feedback(found)
    lang = language()
    groups = [(use_cases.domain_title(d, lang), d.key, [f for f in told if f.story.domain == d.key])
              for d in _domains()]
    rounds = SelectionRoundRecord.objects.select_related("branch").prefetch_related("chosen").order_by("-held_on")
    if viewer.role == ADVISOR:
        rounds = rounds.filter(level="branch", branch=viewer.branch)
    elif not viewer.can("manage"):
        rounds = rounds.filter(level__in=("management", "board"))
    panels = [(level, LEVEL_WORDS[level]) for level in LEVELS
              if use_cases.may_select(viewer, level, viewer.branch.code if viewer.branch else None)]
    return render(request, "missionlens/stories/list.html", {
        "groups": groups, "rounds": rounds[:50], "panels": panels, "tellers": TELLERS, "levels": LEVEL_WORDS,
    })


@allow("write_evidence")
def tell(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    domains = _domains()
    form = StoryForm(request.POST or None, viewer=request.viewer, domains=domains, lang=language(),
                     initial={"told_on": today, "domain": request.GET.get("domain", "")})
    if request.method == "POST":
        if form.is_valid():
            try:
                item = use_cases.tell_story(form.draft(), by=request.user, viewer=request.viewer, domains=domains,
                                            today=today)
            except use_cases.StoryRefused as problem:
                form.refused(problem)
            else:
                messages.success(request, _("The story is kept; the panels of its domain will read it."))
                return redirect("story", pk=item.pk)
        return render(request, "missionlens/stories/tell.html", {"form": form}, status=400)
    return render(request, "missionlens/stories/tell.html", {"form": form})


@allow("view_evidence")
def story(request: HttpRequest, pk: int) -> HttpResponse:
    """One story and the feedback its teller is given: how far it went and why."""
    item = stories_visible_to(request.viewer).select_related("branch", "verified_by").filter(pk=pk).first()
    if item is None:
        raise Http404(_("No story %(pk)s that you may read.") % {"pk": pk})
    told = use_cases.feedback([item])[0]
    titles = {d.key: use_cases.domain_title(d, language()) for d in _domains()}
    return render(request, "missionlens/stories/story.html", {
        "told": told, "item": item, "domain": titles.get(item.domain, item.domain), "tellers": TELLERS,
        "levels": LEVEL_WORDS,
    })


@allow("manage")
@require_POST
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    if not stories_visible_to(request.viewer).filter(pk=pk).exists():
        raise Http404(_("No story %(pk)s that you may read.") % {"pk": pk})
    try:
        use_cases.verify_story(pk, by=request.user, viewer=request.viewer, on=timezone.localdate())
    except use_cases.StoryRefused as problem:
        messages.error(request, " ".join(m for found in problem.errors.values() for m in found))
    else:
        messages.success(request, _("The story is marked as verified."))
    return redirect("story", pk=pk)


@allow("write_evidence")
def select(request: HttpRequest) -> HttpResponse:
    """A panel's round: GET ?level=&domain=&branch= lists what it reads; POST records its choice."""
    viewer = request.viewer
    given = request.POST if request.method == "POST" else request.GET
    level = given.get("level", "branch")
    domain = given.get("domain", "")
    branch = (viewer.branch.code if viewer.role == ADVISOR and viewer.branch else given.get("branch", "")) or ""
    if level not in LEVELS or not use_cases.may_select(viewer, level, branch or None if level == "branch" else None):
        raise PermissionDenied
    domains = _domains()
    lang = language()
    if domain not in {d.key for d in domains}:
        domain = domains[0].key if domains else ""
    read = use_cases.candidates(level, domain, branch or None if level == "branch" else None)
    form = RoundForm(request.POST or None, stories=[(str(s.pk), s.title) for s in read], initial={
        "level": level, "domain": domain, "branch": branch, "held_on": timezone.localdate(),
        "candidates": [str(s.pk) for s in read],
    })
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                use_cases.record_selection(form.draft(), by=request.user, viewer=viewer, today=timezone.localdate())
            except use_cases.StoryRefused as problem:
                form.refused(problem)
            except PermissionError as exc:
                raise PermissionDenied from exc
            else:
                messages.success(request, _("The panel's choice and its reasons are recorded; the tellers can read "
                                            "them."))
                return redirect(reverse("stories"))
    return render(request, "missionlens/stories/select.html", {
        "form": form, "read": read, "level": level, "level_word": LEVEL_WORDS[level], "domain": domain,
        "domains": [(d.key, use_cases.domain_title(d, lang)) for d in domains], "branch": branch,
        "branches": Branch.objects.order_by("name") if viewer.role != ADVISOR else [], "tellers": TELLERS,
    }, status=status)
