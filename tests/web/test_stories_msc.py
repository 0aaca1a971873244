"""Most Significant Change in the web app (web/stories.py, web/views/stories.py): stories told with
consent, panels choosing with their reasons at each level, feedback to the tellers, verification,
and the board's selections where the review and the dashboard read them; SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import jsonschema

from tests.web.personas import Cast, signed_in


def story_fields(**changes: Any) -> dict[str, Any]:
    fields = {"domain": "access", "teller_role": "borrower", "title": "The bakery reopened",
              "text": "I could reopen the bakery after the bank refused me twice.",
              "why_significant": "Because my children see me working again.", "told_on": "2025-11-03",
              "consent": "on"}
    return {**fields, **changes}


def round_fields(level: str, chosen: list[int], **changes: Any) -> dict[str, Any]:
    fields = {"level": level, "domain": "access", "panel": f"The {level} panel", "held_on": "2025-12-01",
              "candidates": [str(c) for c in chosen], "chosen": [str(c) for c in chosen],
              "reasons": "It shows access for someone the banks turned away."}
    return {**fields, **changes}


def told(client: Any, **changes: Any) -> Any:
    from missionlens.web.models import StoryRecord

    response = client.post("/stories/new/", story_fields(**changes))
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return StoryRecord.objects.latest("pk")


def chosen_up_to_the_board(cast: Cast, client: Any) -> Any:
    story = told(signed_in(client, cast.advisor))
    assert client.post("/stories/select/", round_fields("branch", [story.pk])).status_code == 302
    manager = signed_in(client, cast.manager)
    assert manager.post("/stories/select/", round_fields("management", [story.pk])).status_code == 302
    assert manager.post("/stories/select/", round_fields("board", [story.pk], reasons="The board keeps it: "
                                                         "access is the mission's first word.")).status_code == 302
    return story


def test_an_advisor_tells_a_story_for_their_branch_from_the_phone_form(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import AuditEntry

    story = told(signed_in(client, cast.advisor))
    assert (story.branch, story.dimension, story.consent, story.recorded_by) == (cast.arras, "access", True, cast.advisor)
    assert AuditEntry.objects.filter(action="story.tell", target_id=str(story.pk)).exists()


def test_a_story_without_consent_is_not_kept(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import StoryRecord

    fields = story_fields()
    del fields["consent"]
    response = signed_in(client, cast.advisor).post("/stories/new/", fields)
    assert response.status_code == 400 and response.context["form"].errors["consent"]
    assert not StoryRecord.objects.exists()


def test_a_story_told_in_the_future_is_refused(cast: Cast, reviewed: Path, client: Any) -> None:
    response = signed_in(client, cast.advisor).post("/stories/new/", story_fields(told_on="2999-01-01"))
    assert response.status_code == 400 and response.context["form"].errors["told_on"]


def test_a_story_without_why_it_is_significant_is_refused(cast: Cast, reviewed: Path, client: Any) -> None:
    response = signed_in(client, cast.advisor).post("/stories/new/", story_fields(why_significant=" "))
    assert response.status_code == 400 and response.context["form"].errors["why_significant"]


def test_a_panel_selects_a_story_with_reasons_and_the_board_report_reads_it(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.voices import VOICES_SCHEMA
    from missionlens.web.stories import selected_stories, stories_json

    story = chosen_up_to_the_board(cast, client)
    assert [s.story_id for s in selected_stories()] == [str(story.pk)]
    shown = stories_json()
    jsonschema.validate(shown, VOICES_SCHEMA["properties"]["stories"])
    assert [s["level"] for s in shown[0]["selections"]] == ["branch", "management", "board"]
    assert "access is the mission's first word" in shown[0]["selections"][2]["reasons"]


def test_the_board_s_choice_shows_in_its_dimension_on_the_dashboard(cast: Cast, reviewed: Path, client: Any) -> None:
    chosen_up_to_the_board(cast, client)
    page = signed_in(client, cast.board).get("/").content.decode()
    assert "The bakery reopened" in page


def test_a_selected_story_counts_in_the_silence_map(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.stories import story_evidence

    chosen_up_to_the_board(cast, client)
    (item,) = story_evidence()
    assert (item.dimension, item.date, item.author_role, item.kind) == ("access", date(2025, 11, 3), "borrower", "story")


def test_a_round_without_reasons_is_refused_and_nothing_half_saved(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import SelectionRoundRecord

    story = told(signed_in(client, cast.advisor))
    response = client.post("/stories/select/", round_fields("branch", [story.pk], reasons="good"))
    assert response.status_code == 400
    assert "reasons" in response.context["form"].errors
    assert not SelectionRoundRecord.objects.exists()


def test_management_cannot_choose_a_story_no_branch_chose(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import SelectionRoundRecord

    story = told(signed_in(client, cast.advisor))
    response = signed_in(client, cast.manager).post("/stories/select/", round_fields("management", [story.pk]))
    assert response.status_code == 400
    assert not SelectionRoundRecord.objects.exists()


def test_a_panel_may_not_choose_a_story_it_did_not_read(cast: Cast, reviewed: Path, client: Any) -> None:
    first = told(signed_in(client, cast.advisor))
    second = told(client, title="A second story")
    response = client.post("/stories/select/", round_fields("branch", [second.pk], candidates=[str(first.pk)]))
    assert response.status_code == 400
    assert "not among the stories this panel read" in " ".join(response.context["form"].errors["chosen"])


def test_an_advisor_may_not_record_the_management_panel_s_choice(cast: Cast, reviewed: Path, client: Any) -> None:
    story = told(signed_in(client, cast.advisor))
    assert client.post("/stories/select/", round_fields("management", [story.pk])).status_code == 403


def test_the_teller_is_told_how_far_the_story_went_and_why(cast: Cast, reviewed: Path, client: Any) -> None:
    story = chosen_up_to_the_board(cast, client)
    page = signed_in(client, cast.advisor).get(f"/stories/{story.pk}/").content.decode()
    assert "It shows access for someone the banks turned away." in page
    assert "access is the mission&#x27;s first word" in page


def test_the_board_reads_only_the_stories_that_reached_it(cast: Cast, reviewed: Path, client: Any) -> None:
    story = told(signed_in(client, cast.advisor))
    board = signed_in(client, cast.board)
    assert board.get(f"/stories/{story.pk}/").status_code == 404
    signed_in(client, cast.advisor).post("/stories/select/", round_fields("branch", [story.pk]))
    signed_in(client, cast.manager).post("/stories/select/", round_fields("management", [story.pk]))
    assert signed_in(client, cast.board).get(f"/stories/{story.pk}/").status_code == 200


def test_a_manager_verifies_a_story(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import AuditEntry

    story = told(signed_in(client, cast.advisor))
    assert signed_in(client, cast.manager).post(f"/stories/{story.pk}/verify/").status_code == 302
    story.refresh_from_db()
    assert story.verified_by == cast.manager and story.verified_on is not None
    assert AuditEntry.objects.filter(action="story.verify", target_id=str(story.pk)).exists()


def test_the_boards_story_reaches_the_review_and_the_silence_map(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.voices import voices_section
    from missionlens.web.field_evidence import app_evidence

    story = chosen_up_to_the_board(cast, client)
    held = app_evidence()
    section = voices_section(texts=(), themes=None, stories=held.stories, rounds=held.rounds)
    assert [s["title"] for s in section["stories"]] == [story.title]
    assert any(i.kind == "story" and i.dimension == "access" for i in held.items)
