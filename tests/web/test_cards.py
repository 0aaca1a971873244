"""The cards workflow (web/cards.py): propose, review with Muller's checklist, adopt, contest, revise,
retire; every version kept; reasons and the checklist required; bad input said, typed text kept."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.web.personas import Cast, signed_in

TODAY = date(2026, 11, 30)
REASON = "Discussed with the advisors of both branches in November."
ANSWERS = {name: f"An answer to {name}, long enough." for name in
           ("measured", "useful", "cost", "purpose", "defined_by", "target")}


@pytest.fixture
def cast(cast: Cast, db: str) -> Iterator[Cast]:
    """The personas; the use cases' messages in English (the pages' language is the request's).
    `db` is asked again so that pytest parametrizes the override by database too."""
    from django.utils import translation

    with translation.override("en"):
        yield cast


def make_content(**changes: Any) -> dict[str, Any]:
    content: dict[str, Any] = {
        "title": {"fr": "Part des premiers prêts", "en": "Share of first loans"},
        "dimensions": ["access"], "unit": "share",
        "purpose": {"fr": "Voir qui entre.", "en": "See who comes in."},
        "shows": {"fr": "Les nouveaux emprunteurs.", "en": "New borrowers."},
        "use_note": {"fr": "", "en": ""},
        "hides": {"fr": ["Les refus."], "en": ["Declined applicants."]},
        "perverse_effects": {"fr": ["Prêter trop vite."], "en": ["Lending too fast."]},
        "defined_with": {"fr": ["les conseillers"], "en": ["the advisors"]},
        "read_with": ["loans_disbursed"], "use": "learning", "review_by": "2027-06-30",
        "definition": None, "formula": None, "source": "proposed",
    }
    content.update(changes)
    return content


def form_fields(**changes: str) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "key": "share_first_loans", "title_fr": "Part des premiers prêts", "title_en": "Share of first loans",
        "dimensions": ["access"], "unit": "share", "purpose_fr": "Voir qui entre.", "purpose_en": "See who comes in.",
        "shows_fr": "Les nouveaux.", "shows_en": "New borrowers.", "hides_fr": "Les refus.", "hides_en": "Declined.",
        "perverse_effects_fr": "Prêter trop vite.", "perverse_effects_en": "Lending too fast.",
        "defined_with_fr": "les conseillers", "defined_with_en": "the advisors", "use": "learning",
        "review_by": "2030-06-30", "reason": REASON,
    }
    fields.update(changes)
    return fields


def versions(key: str) -> list[tuple[int, str]]:
    from missionlens.web.models import CardVersion

    return list(CardVersion.objects.filter(indicator=key).order_by("version").values_list("version", "status"))


def test_a_built_in_card_enters_the_history_as_version_1_when_first_contested(cast: Cast) -> None:
    from missionlens.web import cards

    cards.contest("loans_disbursed", by=cast.advisor, reason="This number misleads because it rewards volume.")
    assert versions("loans_disbursed") == [(1, "adopted"), (2, "contested")]


def test_every_version_is_kept_through_contest_revision_review_and_adoption(cast: Cast) -> None:
    from missionlens.web import cards, cards_content
    from missionlens.web.models import CardVersion

    cards.contest("par30", by=cast.advisor, reason="This number misleads because restructured loans vanish.")
    changed = {**cards.latest("par30").content, "hides": {"fr": ["Les restructurations."], "en": ["Restructured loans."]}}  # type: ignore[union-attr]
    cards.revise("par30", changed, by=cast.advisor, reason=REASON, today=TODAY)
    cards.review("par30", ANSWERS, by=cast.advisor)
    cards.adopt("par30", by=cast.manager, reason=REASON)
    assert versions("par30") == [(1, "adopted"), (2, "contested"), (3, "proposed"), (4, "adopted")]
    first, last = (CardVersion.objects.get(indicator="par30", version=v).content for v in (1, 4))
    assert [d.field for d in cards_content.differences(first, last)] == ["hides", "hides"]


def test_the_reviews_carry_a_card_s_latest_version_in_both_languages(cast: Cast) -> None:
    from missionlens.mission import template_mission
    from missionlens.web import cards
    from missionlens.web.field_evidence import app_evidence

    cards.contest("par30", by=cast.advisor, reason="This number misleads because restructured loans vanish.")
    changed = {**cards.latest("par30").content, "hides": {"fr": ["Les restructurations."], "en": ["Restructured loans."]}}  # type: ignore[union-attr]
    cards.revise("par30", changed, by=cast.advisor, reason=REASON, today=TODAY)
    carried = app_evidence().cards
    assert set(carried) == {"par30"}
    card = carried["par30"]
    assert (card.status, card.version) == ("proposed", 3)
    assert (card.hides.fr, card.hides.en) == (("Les restructurations.",), ("Restructured loans.",))
    assert card.purpose == template_mission("fr").cards["par30"].purpose
    assert template_mission("fr").with_cards(carried).cards["par30"].version == 3


def test_a_contest_without_a_reason_is_refused_and_nothing_is_saved(cast: Cast) -> None:
    from missionlens.web import cards
    from missionlens.web.models import AuditEntry, CardVersion

    with pytest.raises(cards.CardError) as refused:
        cards.contest("loans_disbursed", by=cast.advisor, reason="misleads")
    assert refused.value.problems[0][0] == "reason"
    assert not CardVersion.objects.exists() and not AuditEntry.objects.exists()


def test_adoption_needs_the_checklist_answered_for_the_current_version(cast: Cast) -> None:
    from missionlens.web import cards

    cards.propose("share_first_loans", make_content(), by=cast.advisor, reason=REASON, today=TODAY)
    with pytest.raises(cards.CardError, match="checklist"):
        cards.adopt("share_first_loans", by=cast.manager, reason=REASON)
    cards.review("share_first_loans", ANSWERS, by=cast.advisor)
    assert cards.adopt("share_first_loans", by=cast.manager, reason=REASON).status == "adopted"


def test_a_review_needs_every_question_answered(cast: Cast) -> None:
    from missionlens.web import cards
    from missionlens.web.models import CardReview

    with pytest.raises(cards.CardError) as refused:
        cards.review("par30", {**ANSWERS, "cost": "", "target": "dunno"}, by=cast.advisor)
    assert {field for field, _ in refused.value.problems} == {"cost", "target"}
    assert not CardReview.objects.exists()


def test_an_advisor_may_not_adopt_nor_retire(cast: Cast) -> None:
    from missionlens.web import cards

    with pytest.raises(cards.NotAllowed):
        cards.retire("par30", by=cast.advisor, reason=REASON)


def test_an_advisor_is_told_in_french_who_adopts_a_card(cast: Cast) -> None:
    from django.utils import translation

    from missionlens.web import cards

    with translation.override("fr"), pytest.raises(cards.NotAllowed, match="Seul un responsable ou un "
                                                                            "administrateur adopte une fiche."):
        cards.adopt("par30", by=cast.advisor, reason=REASON)


def test_a_retired_number_cannot_be_contested(cast: Cast) -> None:
    from missionlens.web import cards

    cards.retire("crisis_sessions", by=cast.manager, reason="No longer recorded since the new file.")
    with pytest.raises(cards.CardError, match="retired"):
        cards.contest("crisis_sessions", by=cast.advisor, reason="This number misleads because it is gone.")


def test_a_decision_on_a_version_someone_else_replaced_is_refused(cast: Cast) -> None:
    from missionlens.web import cards

    cards.contest("par30", by=cast.advisor, reason="This number misleads because restructured loans vanish.")
    with pytest.raises(cards.CardError, match="version 2"):
        cards.retire("par30", by=cast.manager, reason=REASON, seen=1)


def test_a_proposal_is_version_1_proposed_and_audited(cast: Cast) -> None:
    from missionlens.web import cards
    from missionlens.web.models import AuditEntry

    made = cards.propose("share_first_loans", make_content(), by=cast.advisor, reason=REASON, today=TODAY)
    assert (made.version, made.status) == (1, "proposed")
    assert AuditEntry.objects.filter(action="card.propose", actor=cast.advisor).count() == 1


def test_a_proposal_names_every_problem_by_its_field(cast: Cast) -> None:
    from missionlens.web import cards

    bad = make_content(dimensions=["nowhere"], review_by="2020-01-01", purpose={"fr": "", "en": "x"},
                       read_with=["loans_disbursd"])
    with pytest.raises(cards.CardError) as refused:
        cards.propose("loans_disbursed", bad, by=cast.advisor, reason=REASON, today=TODAY)
    assert {f for f, _ in refused.value.problems} == {"key", "dimensions", "review_by", "purpose_fr", "read_with"}


def test_a_proposed_definition_is_checked_as_a_mission_file_s_own_indicator(cast: Cast) -> None:
    from missionlens.web import cards

    formula = {"table": "loans", "date": "disbursement_date", "measure": "share", "where": "colour = 'red'"}
    with pytest.raises(cards.CardError) as refused:
        cards.propose("share_red", make_content(formula=formula), by=cast.advisor, reason=REASON, today=TODAY)
    assert any(f == "formula_where" and "colour" in m for f, m in refused.value.problems)


def test_the_proposal_page_keeps_the_typed_text_when_it_refuses(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import CardVersion

    response = signed_in(client, cast.advisor).post("/cards/new/", form_fields(review_by="2001-01-01", reason="short"))
    page = response.content.decode()
    assert response.status_code == 400
    assert "Part des premiers prêts" in page and "Voir qui entre." in page
    assert "2001-01-01" in page and not CardVersion.objects.exists()


def test_a_staff_member_proposes_an_indicator_from_the_page(cast: Cast, reviewed: Path, client: Any) -> None:
    response = signed_in(client, cast.advisor).post("/cards/new/", form_fields())
    assert response.status_code == 302 and response["Location"] == "/cards/share_first_loans/"
    assert versions("share_first_loans") == [(1, "proposed")]


def test_a_contest_in_the_indicator_discussion_flags_its_card(cast: Cast, reviewed: Path, client: Any) -> None:
    signed_in(client, cast.advisor).post("/indicators/loans_disbursed/discussion/", {
        "kind": "contest", "text": "This number misleads because it counts refinanced loans twice."})
    assert versions("loans_disbursed") == [(1, "adopted"), (2, "contested")]
    page = client.get("/indicators/loans_disbursed/").content.decode()
    assert "v2" in page and "/cards/loans_disbursed/" in page


def test_a_too_short_contest_is_refused_in_french_on_the_indicator_page(
    cast: Cast, reviewed: Path, client: Any
) -> None:
    response = signed_in(client, cast.advisor).post("/indicators/loans_disbursed/discussion/", {
        "kind": "contest", "text": "Wrong."})
    assert response.status_code == 400
    assert "Dites pourquoi ce chiffre trompe, en au moins 20 caractères." in response.content.decode()
    assert versions("loans_disbursed") == []


def test_the_card_page_shows_what_each_version_changed(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web import cards

    content = {**cards.cards_content.from_mission(cards.mission(), "par30"), "use_note": {"fr": "Nouvelle note.",
                                                                                       "en": "A new note."}}
    cards.revise("par30", content, by=cast.advisor, reason=REASON, today=TODAY)
    page = signed_in(client, cast.board).get("/cards/par30/").content.decode()
    assert "Nouvelle note." in page and REASON in page
    assert "card-adopt" not in page and "/cards/par30/adopt/" not in page


def test_the_manager_adopting_without_a_review_is_told_what_to_do(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web import cards

    cards.contest("par30", by=cast.advisor, reason="This number misleads because restructured loans vanish.")
    response = signed_in(client, cast.manager).post("/cards/par30/adopt/", {"adopt-reason": REASON})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Examinez la version 2 avec la liste de questions avant de l’adopter." in page and REASON in page


def test_differences_list_the_items_added_and_removed() -> None:
    from missionlens.web.cards_content import differences

    found = differences({"hides": {"en": ["a", "b"]}}, {"hides": {"en": ["b", "c"]}})
    assert [(d.field, d.lang, d.added, d.removed) for d in found] == [("hides", "en", ("c",), ("a",))]
