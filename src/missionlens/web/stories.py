"""Most Significant Change in the web app (Davies and Dart 2005): stories told, panels' selection
rounds at successive levels, feedback to the tellers, verification (issue 6).

The rules are missionlens.voices.stories' (story_problems, round_problems, selected,
feedback_to_tellers, verify); this module persists their values and says who may do what:

- anyone who records evidence tells a story (an advisor for their own branch); consent is
  required: a story told without consent to its use is not kept (a database rule too);
- a branch panel's round is recorded by an advisor of that branch or a manager, and reads that
  branch's stories; the management and board panels' rounds are recorded by a manager (the board
  keeps its read-only role: its choice is written down by the manager who runs its meeting);
- a manager flags a story as verified.

Selected stories reach the review and the reports through `selected_stories`, `stories_json`
(the `stories` of the review's `voices` section) and `story_evidence` (the silence map's items).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from missionlens.signals.silences import EvidenceItem
from missionlens.voices import Domain, SelectionRound, Story, domains_for, feedback_to_tellers, round_problems, selected
from missionlens.voices import verify as verified
from missionlens.voices.section import stories_json as section_stories
from missionlens.voices.stories import LEVELS, TELLER_ROLES, Level, TellerFeedback, reached, story_problems
from missionlens.web.access import ADVISOR, Viewer
from missionlens.web.models import Branch, SelectionRoundRecord, StoryRecord, record

MAX_TEXT = 6000


class StoryRefused(ValueError):
    """Nothing was saved; `errors` maps each field to what is wrong and what to do."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def domains(mission_file: str | Path | None, lang: str) -> tuple[Domain, ...]:
    """The mission's domains of change (one per dimension)."""
    from missionlens.mission import load_mission

    return domains_for(load_mission(Path(mission_file) if mission_file else None, lang="en" if lang == "en" else "fr"))


def domain_title(domain: Domain, lang: str) -> str:
    return domain.title_en if lang == "en" else domain.title_fr


# Values of the domain from the rows ----------------------------------------------------------------

def as_story(item: StoryRecord) -> Story:
    return Story(
        story_id=str(item.pk), domain=item.domain, teller_role=item.teller_role, told_on=item.told_on,
        title=item.title, text=item.text, why_significant=item.why_significant, consent=item.consent,
        dimension=item.dimension or None, branch=item.branch.code if item.branch else None,
        verified=item.verified_on is not None, verified_by=item.verified_by.get_username() if item.verified_by else None,
        verified_on=item.verified_on,
    )


def as_round(item: SelectionRoundRecord) -> SelectionRound:
    return SelectionRound(
        round_id=f"r{item.pk}", level=item.level, panel=item.panel, held_on=item.held_on,
        domain=item.domain, candidates=tuple(str(s.pk) for s in item.candidates.all()),
        chosen=tuple(str(s.pk) for s in item.chosen.all()), reasons=item.reasons,
        branch=item.branch.code if item.branch else None,
    )


def all_stories(stories: QuerySet[StoryRecord] | None = None) -> tuple[Story, ...]:
    found = StoryRecord.objects.all() if stories is None else stories
    return tuple(as_story(s) for s in found.select_related("branch", "verified_by").order_by("told_on", "pk"))


def all_rounds() -> tuple[SelectionRound, ...]:
    rounds = SelectionRoundRecord.objects.select_related("branch").prefetch_related("candidates", "chosen")
    return tuple(as_round(r) for r in rounds.order_by("held_on", "pk"))


# What the review and the reports read --------------------------------------------------------------

def selected_stories(level: Level = "board", branch: str | None = None) -> tuple[Story, ...]:
    """The stories chosen by a panel of `level` (the board's by default), in the order chosen;
    `branch` keeps one branch's."""
    chosen = selected(all_stories(), all_rounds(), level)
    return tuple(s for s in chosen if branch is None or s.branch == branch)


def stories_and_rounds() -> tuple[tuple[Story, ...], tuple[SelectionRound, ...]]:
    """What voices.voices_section(stories=..., rounds=...) takes."""
    return all_stories(), all_rounds()


def stories_json() -> list[dict[str, object]]:
    """The `stories` of the review's `voices` section: board selections with every panel's reasons."""
    return section_stories(*stories_and_rounds())


def story_evidence(level: Level | None = "board") -> tuple[EvidenceItem, ...]:
    """The selected stories (every story told, with level None) as items of the silence map."""
    stories = all_stories() if level is None else selected_stories(level)
    return tuple(EvidenceItem(s.dimension or s.domain, s.told_on, s.teller_role, "story") for s in stories)


def selected_by_dimension(branch: str | None = None) -> dict[str, list[Story]]:
    """The board's selections per dimension, for the dashboard's dimension blocks."""
    out: dict[str, list[Story]] = {}
    for story in selected_stories("board", branch):
        out.setdefault(story.dimension or story.domain, []).append(story)
    return out


# Telling a story -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class StoryDraft:
    domain: str
    teller_role: str
    told_on: dt.date | None
    title: str
    text: str
    why_significant: str
    consent: bool
    branch: str = ""


@transaction.atomic
def tell_story(draft: StoryDraft, *, by: AbstractBaseUser, viewer: Viewer, domains: Sequence[Domain],
               today: dt.date) -> StoryRecord:
    """Keep a story (all or nothing, audited); StoryRefused names every problem by field."""
    if not viewer.can("write_evidence"):
        raise StoryRefused({"text": [_("Your role reads the stories but does not record them.")]})
    errors: dict[str, list[str]] = {}
    told_on = draft.told_on or today
    candidate = Story("new", draft.domain, draft.teller_role, told_on, draft.title.strip(), draft.text.strip(),
                      draft.why_significant.strip(), draft.consent)
    messages = {
        "domain": _("Choose the domain of change this story is about."),
        "teller_role": _("Say who told the story: %(roles)s.") % {"roles": ", ".join(TELLER_ROLES)},
        "text": _("Write the change the teller described, in their words."),
        "why_significant": _("Write why the teller thinks this change is significant."),
    }
    for problem in story_problems(candidate, domains):
        errors.setdefault(problem.field, []).append(messages.get(problem.field, problem.message))
    if len(draft.text) > MAX_TEXT:
        errors.setdefault("text", []).append(_("Keep the story under %(n)d characters.") % {"n": MAX_TEXT})
    if not draft.consent:
        errors.setdefault("consent", []).append(_("The teller must agree that their story be read by the panels and "
                                                  "quoted in the reports; without it, the story is not kept."))
    if draft.told_on is not None and draft.told_on > today:
        errors.setdefault("told_on", []).append(_("The date is in the future: give the day the story was told."))
    branch = _story_branch(draft, viewer, errors)
    if errors:
        raise StoryRefused(errors)
    domain = next(d for d in domains if d.key == draft.domain)
    title = candidate.title or candidate.text[:80]
    item = StoryRecord.objects.create(
        domain=domain.key, dimension=domain.dimension or "", teller_role=draft.teller_role, told_on=told_on,
        title=title[:200], text=candidate.text, why_significant=candidate.why_significant, consent=True,
        branch=branch, recorded_by=by,
    )
    record(by, "story.tell", item, summary=f"{item.domain} · {item.teller_role}: {item.title[:160]}")
    return item


def _story_branch(draft: StoryDraft, viewer: Viewer, errors: dict[str, list[str]]) -> Branch | None:
    if viewer.role == ADVISOR:
        if draft.branch and viewer.branch is not None and draft.branch != viewer.branch.code:
            errors.setdefault("branch", []).append(_("You record stories for your own branch only."))
        return viewer.branch
    if not draft.branch:
        return None
    found = Branch.objects.filter(code=draft.branch).first()
    if found is None:
        errors.setdefault("branch", []).append(_("No branch has the code %(code)s.") % {"code": draft.branch})
    return found


# Selection rounds ----------------------------------------------------------------------------------

def may_select(viewer: Viewer, level: str, branch: str | None) -> bool:
    """A branch panel: an advisor of that branch or a manager; management and board: a manager."""
    if viewer.can("manage"):
        return level in LEVELS
    return (level == "branch" and viewer.role == ADVISOR and viewer.branch is not None
            and branch == viewer.branch.code)


def _read_by(level: str, branch: str | None) -> tuple[Story, ...]:
    """The stories a panel may read: a branch panel its branch's, the others every branch's."""
    stories = StoryRecord.objects.all()
    if level == "branch":
        stories = stories.filter(branch__code=branch) if branch else stories.filter(branch__isnull=True)
    return all_stories(stories)


def candidates(level: str, domain: str, branch: str | None) -> list[StoryRecord]:
    """The stories that reached a panel of `level` in `domain` (what its members read)."""
    if level not in LEVELS:
        return []
    ids = reached(level, domain, _read_by(level, branch), all_rounds())  # type: ignore[arg-type]
    found = {str(s.pk): s for s in StoryRecord.objects.filter(pk__in=[int(i) for i in ids]).select_related("branch")}
    return [found[i] for i in ids if i in found]


@dataclass(frozen=True)
class RoundDraft:
    level: str
    domain: str
    panel: str
    held_on: dt.date | None
    candidates: tuple[str, ...]
    chosen: tuple[str, ...]
    reasons: str
    branch: str = ""


@transaction.atomic
def record_selection(draft: RoundDraft, *, by: AbstractBaseUser, viewer: Viewer, today: dt.date) -> SelectionRoundRecord:
    """Record a panel's round, validated by voices.round_problems; nothing is saved when refused."""
    branch_code = (viewer.branch.code if viewer.role == ADVISOR and viewer.branch else draft.branch) or None
    if draft.level != "branch":
        branch_code = None
    if not may_select(viewer, draft.level, branch_code):
        raise PermissionError(_("Your role does not record the rounds of this panel."))
    errors: dict[str, list[str]] = {}
    if not draft.panel.strip():
        errors["panel"] = [_("Name the panel (who met), for example: Arras branch team.")]
    if draft.held_on is None:
        errors["held_on"] = [_("Give the day the panel met (YYYY-MM-DD).")]
    elif draft.held_on > today:
        errors["held_on"] = [_("The date is in the future: give the day the panel met.")]
    # Lock the rounds so that two panels recording at once read the same history (PostgreSQL).
    list(SelectionRoundRecord.objects.select_for_update().values_list("pk", flat=True))
    new = SelectionRound("new", draft.level, draft.panel.strip(), draft.held_on or today,  # type: ignore[arg-type]
                         draft.domain, tuple(draft.candidates), tuple(draft.chosen), draft.reasons.strip(), branch_code)
    for problem in round_problems(new, _read_by(draft.level, branch_code), all_rounds()):
        errors.setdefault(problem.field, []).append(problem.message)
    if errors:
        raise StoryRefused(errors)
    item = SelectionRoundRecord.objects.create(
        level=draft.level, panel=new.panel, held_on=new.held_on, domain=draft.domain, reasons=new.reasons,
        branch=Branch.objects.filter(code=branch_code).first() if branch_code else None, recorded_by=by,
    )
    item.candidates.set(StoryRecord.objects.filter(pk__in=[int(i) for i in new.candidates]))
    item.chosen.set(StoryRecord.objects.filter(pk__in=[int(i) for i in new.chosen]))
    record(by, "story.round", item, summary=f"{item.level} · {item.domain} · {item.panel}: chose "
                                             f"{', '.join(new.chosen)}", changes={"reasons": new.reasons})
    return item


# Feedback and verification -------------------------------------------------------------------------

@dataclass(frozen=True)
class Selection:
    level: str
    panel: str
    held_on: dt.date
    reasons: str


@dataclass(frozen=True)
class Feedback:
    """What the teller of one story is told: how far it went and every panel's reasons."""

    story: StoryRecord
    highest_level: str | None
    read_by: tuple[str, ...]
    selections: tuple[Selection, ...]


def feedback(items: Sequence[StoryRecord]) -> list[Feedback]:
    rounds = all_rounds()
    told = feedback_to_tellers([as_story(s) for s in items], rounds)
    by_id: dict[str, TellerFeedback] = {f.story_id: f for f in told}
    out = []
    for item in items:
        found = by_id[str(item.pk)]
        chose = tuple(Selection(r.level, r.panel, r.held_on, r.reasons)
                      for r in sorted(rounds, key=lambda r: (LEVELS.index(r.level), r.held_on))
                      if str(item.pk) in r.chosen)
        out.append(Feedback(item, found.highest_level, found.read_by, chose))
    return out


@transaction.atomic
def verify_story(pk: int, *, by: AbstractBaseUser, viewer: Viewer, on: dt.date) -> StoryRecord:
    """Flag a story as checked against what happened (a manager), audited."""
    if not viewer.can("manage"):
        raise PermissionError(_("Only a manager verifies a story."))
    item = StoryRecord.objects.select_for_update().get(pk=pk)
    try:
        verified(as_story(item), by=by.get_username(), on=on)
    except ValueError as exc:
        raise StoryRefused({"verified_on": [_("A story cannot be verified before it was told.")]}) from exc
    item.verified_by, item.verified_on = by, on
    item.save(update_fields=["verified_by", "verified_on"])
    record(by, "story.verify", item, summary=f"verified on {on.isoformat()}")
    return item
