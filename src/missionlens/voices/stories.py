"""The Most Significant Change method (Davies and Dart 2005, "The 'Most Significant Change'
technique: a guide to its use"), as values and pure rules that the web app persists.

- Domains of change: broad areas in which change is looked for; by default one per dimension of
  the organisation's mission (the guide, chapter 2, step 2: domains follow what the programme
  is meant to change).
- Stories: who told it (the teller's role), the change, why the teller thinks it significant,
  the domain and mission dimension, and the teller's consent to its use (step 4). Only stories
  told with consent may be selected.
- Selection rounds: panels at successive levels (branch, then management, then board) each
  choose among the stories that reached their level in a domain, and record their reasons
  (step 5: "the reasons for the choice are documented"). A branch panel reads the stories told;
  a management panel the ones its branches chose; the board the ones management chose.
- Feedback to tellers (step 6): what was selected, at which level and why.
- Verification (step 7): a story may be checked against what happened; the flag says by whom
  and when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from missionlens.mission import Mission

Level = Literal["branch", "management", "board"]
LEVELS: tuple[Level, ...] = ("branch", "management", "board")
TELLER_ROLES: tuple[str, ...] = ("borrower", "staff", "volunteer", "manager", "partner", "board")
MIN_REASONS = 10  # characters: "because" alone is not a reason the tellers can learn from


@dataclass(frozen=True)
class Domain:
    key: str
    title_fr: str
    title_en: str
    dimension: str | None = None


def domains_for(mission: Mission) -> tuple[Domain, ...]:
    """One domain of change per mission dimension, titled like the dimension."""
    return tuple(Domain(d.key, d.title.fr, d.title.en, d.key) for d in mission.dimensions.values())


@dataclass(frozen=True)
class Story:
    story_id: str
    domain: str
    teller_role: str
    told_on: dt.date
    title: str
    text: str
    why_significant: str
    consent: bool
    dimension: str | None = None
    branch: str | None = None
    verified: bool = False
    verified_by: str | None = None
    verified_on: dt.date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "story_id": self.story_id, "domain": self.domain, "teller_role": self.teller_role,
            "told_on": self.told_on.isoformat(), "title": self.title, "text": self.text,
            "why_significant": self.why_significant, "dimension": self.dimension, "verified": self.verified,
        }


@dataclass(frozen=True)
class SelectionRound:
    round_id: str
    level: Level
    panel: str
    held_on: dt.date
    domain: str
    candidates: tuple[str, ...]
    chosen: tuple[str, ...]
    reasons: str
    branch: str | None = None


@dataclass(frozen=True)
class StoryProblem:
    field: str
    message: str


class RoundRefused(ValueError):
    def __init__(self, problems: Sequence[StoryProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))


def story_problems(story: Story, domains: Sequence[Domain]) -> tuple[StoryProblem, ...]:
    """What is missing from a story before it can be kept."""
    problems = []
    if story.domain not in {d.key for d in domains}:
        problems.append(StoryProblem("domain", f"{story.domain!r} is not a domain of change of this mission"))
    if story.teller_role not in TELLER_ROLES:
        problems.append(StoryProblem("teller_role", f"choose one of {', '.join(TELLER_ROLES)}"))
    if not story.text.strip():
        problems.append(StoryProblem("text", "write the change the teller described"))
    if not story.why_significant.strip():
        problems.append(StoryProblem("why_significant", "write why the teller thinks this change significant"))
    return tuple(problems)


def reached(level: Level, domain: str, stories: Sequence[Story], rounds: Sequence[SelectionRound]) -> tuple[str, ...]:
    """The stories of a domain a panel of `level` may choose from: told with consent (branch), or
    chosen by a round of the level below."""
    if level == "branch":
        return tuple(s.story_id for s in stories if s.domain == domain and s.consent)
    below = LEVELS[LEVELS.index(level) - 1]
    chosen: list[str] = []
    for r in rounds:
        if r.level == below and r.domain == domain:
            chosen.extend(c for c in r.chosen if c not in chosen)
    return tuple(chosen)


def round_problems(
    new: SelectionRound, stories: Sequence[Story], rounds: Sequence[SelectionRound],
) -> tuple[StoryProblem, ...]:
    """Why a selection round cannot be recorded (empty when it can)."""
    problems = []
    by_id = {s.story_id: s for s in stories}
    if new.level not in LEVELS:
        problems.append(StoryProblem("level", f"choose one of {', '.join(LEVELS)}"))
        return tuple(problems)
    if any(r.round_id == new.round_id for r in rounds):
        problems.append(StoryProblem("round_id", f"round {new.round_id!r} is already recorded"))
    if len(new.reasons.strip()) < MIN_REASONS:
        problems.append(StoryProblem("reasons", "write the panel's reasons for its choice: the tellers will read them"))
    if not new.chosen:
        problems.append(StoryProblem("chosen", "choose at least one story"))
    eligible = set(reached(new.level, new.domain, stories, rounds))
    for story_id in new.candidates:
        if story_id not in eligible:
            problems.append(StoryProblem("candidates", f"story {story_id!r} has not reached the {new.level} level "
                                                       f"in domain {new.domain!r}"))
    for story_id in new.chosen:
        if story_id not in new.candidates:
            problems.append(StoryProblem("chosen", f"story {story_id!r} is not among the stories this panel read"))
        elif story_id in by_id and not by_id[story_id].consent:
            problems.append(StoryProblem("chosen", f"story {story_id!r} was told without consent to its use"))
    told = [by_id[c].told_on for c in new.candidates if c in by_id]
    if told and new.held_on < max(told):
        problems.append(StoryProblem("held_on", "a panel cannot meet before the stories it reads were told"))
    return tuple(problems)


def record_round(
    new: SelectionRound, stories: Sequence[Story], rounds: Sequence[SelectionRound],
) -> tuple[SelectionRound, ...]:
    """The rounds with the new one added; RoundRefused with every problem when it is not valid."""
    problems = round_problems(new, stories, rounds)
    if problems:
        raise RoundRefused(problems)
    return (*rounds, new)


def selected(stories: Sequence[Story], rounds: Sequence[SelectionRound], level: Level = "board") -> tuple[Story, ...]:
    """The stories chosen by a round of `level`, in the order they were chosen."""
    ids: list[str] = []
    for r in sorted(rounds, key=lambda r: r.held_on):
        if r.level == level:
            ids.extend(c for c in r.chosen if c not in ids)
    by_id = {s.story_id: s for s in stories}
    return tuple(by_id[i] for i in ids if i in by_id)


@dataclass(frozen=True)
class TellerFeedback:
    """What a teller is told: the highest level their story reached and the panels' reasons."""

    story_id: str
    highest_level: Level | None
    reasons: tuple[tuple[Level, str], ...]
    read_by: tuple[Level, ...]


def feedback_to_tellers(stories: Sequence[Story], rounds: Sequence[SelectionRound]) -> tuple[TellerFeedback, ...]:
    out = []
    for story in stories:
        chose = [r for r in rounds if story.story_id in r.chosen]
        read = [r for r in rounds if story.story_id in r.candidates]
        highest = max((r.level for r in chose), key=LEVELS.index, default=None)
        out.append(TellerFeedback(
            story.story_id, highest,
            tuple((r.level, r.reasons) for r in sorted(chose, key=lambda r: LEVELS.index(r.level))),
            tuple(sorted({r.level for r in read}, key=LEVELS.index)),
        ))
    return tuple(out)


def verify(story: Story, *, by: str, on: dt.date) -> Story:
    """The story marked as verified (checked against what happened) by someone on a day."""
    if not by.strip():
        raise ValueError("say who verified the story")
    if on < story.told_on:
        raise ValueError("a story cannot be verified before it was told")
    return replace(story, verified=True, verified_by=by, verified_on=on)
