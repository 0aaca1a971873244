from __future__ import annotations

import datetime as dt

import pytest

from missionlens.mission import load_mission
from missionlens.voices import (
    RoundRefused,
    SelectionRound,
    Story,
    domains_for,
    feedback_to_tellers,
    record_round,
    round_problems,
    selected,
    verify,
)

DAY = dt.date(2025, 3, 1)


def make_story(story_id: str, consent: bool = True, domain: str = "outcomes") -> Story:
    return Story(story_id, domain, "borrower", DAY, "Un local à moi", "J'ai ouvert ma boutique.",
                 "Je ne dépends plus de personne.", consent)


def make_round(round_id: str, level: str, candidates: tuple[str, ...], chosen: tuple[str, ...],
               reasons: str = "Le changement le plus durable pour la personne.") -> SelectionRound:
    return SelectionRound(round_id, level, "panel", DAY + dt.timedelta(days=10), "outcomes", candidates, chosen,
                          reasons)  # type: ignore[arg-type]


STORIES = (make_story("s1"), make_story("s2"), make_story("s3", consent=False))


def test_the_mission_gives_one_domain_of_change_per_dimension() -> None:
    mission = load_mission(None)
    assert [d.key for d in domains_for(mission)] == list(mission.dimensions)


def test_a_branch_panel_chooses_among_stories_told_with_consent() -> None:
    rounds = record_round(make_round("r1", "branch", ("s1", "s2"), ("s1",)), STORIES, ())
    assert [r.round_id for r in rounds] == ["r1"]


def test_a_story_told_without_consent_cannot_be_read_by_a_panel() -> None:
    problems = round_problems(make_round("r1", "branch", ("s1", "s3"), ("s3",)), STORIES, ())
    assert any(p.field == "candidates" and "s3" in p.message for p in problems)


def test_a_round_without_reasons_is_refused() -> None:
    with pytest.raises(RoundRefused, match="reasons"):
        record_round(make_round("r1", "branch", ("s1",), ("s1",), reasons=" "), STORIES, ())


def test_a_panel_cannot_choose_a_story_it_did_not_read() -> None:
    problems = round_problems(make_round("r1", "branch", ("s1",), ("s2",)), STORIES, ())
    assert [p.field for p in problems] == ["chosen"]


def test_management_reads_only_what_the_branches_chose() -> None:
    rounds = record_round(make_round("r1", "branch", ("s1", "s2"), ("s1",)), STORIES, ())
    problems = round_problems(make_round("r2", "management", ("s1", "s2"), ("s2",)), STORIES, rounds)
    assert any("s2" in p.message and "management" in p.message for p in problems)


def test_the_board_selection_and_its_reasons_reach_the_teller() -> None:
    rounds: tuple[SelectionRound, ...] = ()
    for new in (make_round("r1", "branch", ("s1", "s2"), ("s1", "s2")),
                make_round("r2", "management", ("s1", "s2"), ("s1",), "Un changement d'autonomie."),
                make_round("r3", "board", ("s1",), ("s1",), "Ce que notre mission promet.")):
        rounds = record_round(new, STORIES, rounds)
    assert [s.story_id for s in selected(STORIES, rounds)] == ["s1"]
    told = {f.story_id: f for f in feedback_to_tellers(STORIES, rounds)}
    assert told["s1"].highest_level == "board" and told["s1"].reasons[-1] == ("board", "Ce que notre mission promet.")
    assert told["s2"].highest_level == "branch" and told["s2"].read_by == ("branch", "management")


def test_a_verified_story_says_by_whom_and_when() -> None:
    story = verify(STORIES[0], by="responsable d'antenne", on=DAY + dt.timedelta(days=30))
    assert story.verified and story.verified_by == "responsable d'antenne"


def test_a_story_cannot_be_verified_before_it_was_told() -> None:
    with pytest.raises(ValueError, match="before it was told"):
        verify(STORIES[0], by="x", on=DAY - dt.timedelta(days=1))
