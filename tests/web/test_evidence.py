"""Evidence capture, the list, edits and their history (web/evidence.py, web/views/evidence.py),
told with the personas on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.web.personas import Cast, lille_story, make_evidence, make_user, signed_in
from tests.web.review_files import PSEUDONYM_NORTH, PSEUDONYM_SOUTH

SECRET = bytes(range(32))


@pytest.fixture
def borrowers(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The store's borrowers as the capture sees them: one in Lille, one in Arras, and the secret."""
    from missionlens.web import evidence_borrowers

    book = evidence_borrowers.BorrowerBook({PSEUDONYM_NORTH: "AG01", PSEUDONYM_SOUTH: "AG02"}, SECRET)
    monkeypatch.setattr(evidence_borrowers, "book_for", lambda data_dir: book)
    return book


def capture_fields(**changes: Any) -> dict[str, Any]:
    fields = {"kind": "observation", "text": "Mme D. starts sewing again, two regular clients.",
              "dimension": "access", "indicator": "loans_disbursed", "borrower": "", "observed_on": "2025-12-02"}
    return {**fields, **changes}


def test_an_advisor_records_an_observation_for_their_own_branch(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import AuditEntry, Evidence

    response = signed_in(client, cast.advisor).post("/evidence/new/", capture_fields())
    assert response.status_code == 302
    item = Evidence.objects.get()
    assert (item.branch, item.author, item.published) == (cast.arras, cast.advisor, False)
    assert AuditEntry.objects.filter(action="evidence.record", target_id=str(item.pk)).exists()


def test_a_testimony_without_consent_is_refused_and_the_typed_text_kept(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import Evidence

    typed = "She said: I no longer dare to call when I am late."
    response = signed_in(client, cast.advisor).post("/evidence/new/", capture_fields(kind="testimony", text=typed))
    assert response.status_code == 400
    assert response.context["form"].errors["consent"]
    assert typed in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_refused_capture_names_each_field_at_fault(cast: Cast, reviewed: Path, client: Any) -> None:
    response = signed_in(client, cast.advisor).post(
        "/evidence/new/", capture_fields(text="", dimension="nowhere", observed_on="2-12-25"))
    assert set(response.context["form"].errors) == {"text", "dimension", "observed_on"}


def test_a_date_in_the_future_is_refused(cast: Cast, reviewed: Path, client: Any) -> None:
    response = signed_in(client, cast.advisor).post("/evidence/new/", capture_fields(observed_on="2999-01-01"))
    assert "futur" in " ".join(response.context["form"].errors["observed_on"])  # futur (fr), future (en)


def test_an_advisor_cannot_link_a_borrower_of_another_branch(cast: Cast, reviewed: Path, client: Any, borrowers: Any) -> None:
    from missionlens.web.models import Evidence

    response = signed_in(client, cast.advisor).post("/evidence/new/", capture_fields(borrower=PSEUDONYM_NORTH))
    assert response.context["form"].errors["borrower"]
    assert not Evidence.objects.exists()


def test_a_file_number_is_kept_only_as_its_pseudonym(cast: Cast, reviewed: Path, client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from missionlens.data.pseudonyms import pseudonym
    from missionlens.web import evidence_borrowers
    from missionlens.web.models import AuditEntry, Evidence

    file_number = "P-7F3K-Q2"
    book = evidence_borrowers.BorrowerBook({pseudonym(file_number, SECRET): "AG02"}, SECRET)
    monkeypatch.setattr(evidence_borrowers, "book_for", lambda data_dir: book)
    signed_in(client, cast.advisor).post("/evidence/new/", capture_fields(borrower=file_number))
    item = Evidence.objects.get()
    assert item.borrower == pseudonym(file_number, SECRET)
    assert not AuditEntry.objects.filter(summary__contains=file_number).exists()


def test_recorded_evidence_shows_in_the_latest_voices_of_its_dimension(cast: Cast, reviewed: Path, client: Any) -> None:
    signed_in(client, cast.advisor).post("/evidence/new/", capture_fields(text="Field voice recorded on a phone"))
    assert "Field voice recorded on a phone" in client.get("/").content.decode()


def test_recorded_evidence_shows_on_its_indicator_page(cast: Cast, reviewed: Path, client: Any) -> None:
    signed_in(client, cast.advisor).post("/evidence/new/", capture_fields(text="Linked to the loans"))
    assert "Linked to the loans" in client.get("/indicators/loans_disbursed/").content.decode()


def test_an_advisor_of_another_branch_does_not_list_lille_s_evidence(cast: Cast, reviewed: Path, client: Any) -> None:
    lille_story(cast)
    make_evidence(cast.advisor, cast.arras, text="Arras observation")
    page = signed_in(client, cast.advisor).get("/evidence/").content.decode()
    assert "Arras observation" in page and "Lille" not in page


def test_a_board_viewer_lists_published_evidence_without_pseudonyms(cast: Cast, reviewed: Path, client: Any) -> None:
    lille_story(cast)
    page = signed_in(client, cast.board).get("/evidence/").content.decode()
    assert "Published voice from Lille" in page
    assert "Unpublished note" not in page and PSEUDONYM_NORTH not in page


def test_the_list_filters_by_kind_dimension_and_author(cast: Cast, reviewed: Path, client: Any) -> None:
    make_evidence(cast.manager, cast.lille, text="About access by the manager")
    make_evidence(cast.manager, cast.lille, text="About accompaniment by the manager", dimension="accompaniment")
    make_evidence(cast.advisor, cast.arras, text="About access by the advisor")
    page = signed_in(client, cast.manager).get(
        "/evidence/", {"kind": "observation", "dimension": "access", "author": "claire"}).content.decode()
    assert "About access by the manager" in page
    assert "accompaniment by the manager" not in page and "by the advisor" not in page


def test_the_list_filters_by_branch_and_dates(cast: Cast, reviewed: Path, client: Any) -> None:
    make_evidence(cast.manager, cast.lille, text="Lille in December")
    make_evidence(cast.manager, cast.arras, text="Arras in December")
    page = signed_in(client, cast.manager).get(
        "/evidence/", {"branch": "AG02", "since": "2025-12-01", "until": "2025-12-31"}).content.decode()
    assert "Arras in December" in page and "Lille in December" not in page


def test_a_bad_date_filter_is_named_and_the_list_still_shows(cast: Cast, reviewed: Path, client: Any) -> None:
    make_evidence(cast.manager, cast.lille, text="Still listed")
    response = signed_in(client, cast.manager).get("/evidence/", {"since": "last week"})
    assert response.context["form"].errors["since"]
    assert "Still listed" in response.content.decode()


def _edit_fields(item: Any, **changes: Any) -> dict[str, Any]:
    from missionlens.web.evidence import stamp

    return capture_fields(**{"text": item.text, "edited": stamp(item), **changes})


def test_an_edit_keeps_the_earlier_version_in_the_history(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import AuditEntry

    item = make_evidence(cast.advisor, cast.arras, text="First words")
    response = signed_in(client, cast.advisor).post(f"/evidence/{item.pk}/edit/", _edit_fields(item, text="Better words"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "Better words"
    assert item.edits.get().before["text"] == "First words"
    entry = AuditEntry.objects.get(action="evidence.edit")
    assert entry.changes["text"] == ["First words", "Better words"]
    assert "First words" in client.get(f"/evidence/{item.pk}/edit/").content.decode()


def test_an_edit_of_a_version_someone_else_changed_is_refused(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import EvidenceEdit

    item = make_evidence(cast.advisor, cast.arras, text="First words")
    stale = _edit_fields(item, text="Mine")
    signed_in(client, cast.manager).post(f"/evidence/{item.pk}/edit/", _edit_fields(item, text="The manager's", branch="AG02"))
    response = signed_in(client, cast.advisor).post(f"/evidence/{item.pk}/edit/", stale)
    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    item.refresh_from_db()
    assert item.text == "The manager's" and EvidenceEdit.objects.count() == 1


def test_an_advisor_cannot_edit_someone_else_s_evidence(cast: Cast, reviewed: Path, client: Any) -> None:
    colleague = make_user("amel", "advisor", cast.arras)
    item = make_evidence(colleague, cast.arras, text="Amel's words")
    response = signed_in(client, cast.advisor).post(f"/evidence/{item.pk}/edit/", _edit_fields(item, text="Karim's"))
    assert response.status_code == 403


def test_only_a_manager_publishes_evidence(cast: Cast, reviewed: Path) -> None:
    from missionlens.web.access import Viewer
    from missionlens.web.evidence import Draft, EvidenceRefused, Vocabulary, record_evidence
    from missionlens.web.evidence_borrowers import BorrowerBook

    words = Vocabulary((("access", "Access"),), ())
    advisor = Viewer(cast.advisor.pk, "karim", "advisor", cast.arras)
    draft = Draft(kind="observation", text="Publish me", dimension="access", observed_on=date(2025, 12, 1), published=True)
    with pytest.raises(EvidenceRefused) as refused:
        record_evidence(draft, by=cast.advisor, viewer=advisor, words=words, borrowers=BorrowerBook(), today=date(2025, 12, 2))
    assert "published" in refused.value.errors


def test_a_manager_publishes_evidence_the_board_then_reads(cast: Cast, reviewed: Path, client: Any) -> None:
    signed_in(client, cast.manager).post("/evidence/new/", capture_fields(text="For the board", branch="AG01", published="on"))
    client.logout()
    assert "For the board" in signed_in(client, cast.board).get("/evidence/").content.decode()


def _in_threads(count: int, work: Callable[[int], None]) -> list[BaseException]:
    from django.db import connections

    failures: list[BaseException] = []

    def run(index: int) -> None:
        try:
            work(index)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted by the test
            failures.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return failures


def test_concurrent_captures_all_land(transactional_db: str, reviewed: Path) -> None:
    from missionlens.web.access import Viewer
    from missionlens.web.evidence import Draft, Vocabulary, record_evidence
    from missionlens.web.evidence_borrowers import BorrowerBook
    from missionlens.web.models import AuditEntry, Branch, Evidence

    branch = Branch.objects.create(code="AG02", name="Arras")
    author = make_user("karim", "advisor", branch)
    viewer = Viewer(author.pk, "karim", "advisor", branch)
    words = Vocabulary((("access", "Access"),), ())

    def write(index: int) -> None:
        for n in range(5):
            record_evidence(Draft(kind="concern", text=f"writer {index} note {n}", dimension="access",
                                  observed_on=date(2025, 12, 1)),
                            by=author, viewer=viewer, words=words, borrowers=BorrowerBook(), today=date(2025, 12, 2))

    assert _in_threads(6, write) == []
    assert Evidence.objects.count() == 30 and AuditEntry.objects.filter(action="evidence.record").count() == 30


def test_two_concurrent_edits_of_one_version_let_exactly_one_win(transactional_db: str, reviewed: Path) -> None:
    from missionlens.web.access import Viewer
    from missionlens.web.evidence import Draft, EvidenceConflict, Vocabulary, edit_evidence, stamp
    from missionlens.web.evidence_borrowers import BorrowerBook
    from missionlens.web.models import Branch, EvidenceEdit

    branch = Branch.objects.create(code="AG02", name="Arras")
    manager = make_user("claire", "manager")
    item = make_evidence(manager, branch, text="Original")
    seen = stamp(item)
    viewer = Viewer(manager.pk, "claire", "manager", None)
    words = Vocabulary((("access", "Access"),), (("loans_disbursed", "Loans"),))

    def edit(index: int) -> None:
        edit_evidence(item.pk, Draft(kind="observation", text=f"version {index}", dimension="access",
                                     observed_on=date(2025, 12, 1), indicator="loans_disbursed", branch="AG02"),
                      by=manager, viewer=viewer, words=words, borrowers=BorrowerBook(), today=date(2025, 12, 2), seen=seen)

    failures = _in_threads(2, edit)
    assert len(failures) == 1 and isinstance(failures[0], EvidenceConflict)
    assert EvidenceEdit.objects.count() == 1


def test_the_capture_form_offers_today_as_an_iso_date_a_phone_s_date_picker_reads(cast: Cast, reviewed: Path, client: Any) -> None:
    from django.utils import timezone

    page = signed_in(client, cast.advisor).get("/evidence/new/").content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page
