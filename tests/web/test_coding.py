"""Manual coding of the voices (web/coding.py, web/views/coding.py): the codebook, a passage
tagged with a code, suggestions from the themes, the REFI-QDA exports; SQLite and PostgreSQL."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import xmlschema

from tests.web.personas import Cast, make_evidence, signed_in
from tests.web.review_files import NOTES

SCHEMAS = Path(__file__).resolve().parents[2] / "src" / "missionlens" / "voices" / "schemas"
ARRAS_NOTE = NOTES["access"][1]  # "Note from Arras about access", of the advisor's branch
LILLE_NOTE = NOTES["access"][0]


def make_code(cast: Cast, key: str = "pressure", name: str = "Pressure", **fields: Any) -> Any:
    from missionlens.web.models import Code

    return Code.objects.create(key=key, name=name, created_by=cast.manager, **fields)


def note_url(row: dict[str, Any]) -> str:
    from missionlens.web.coding import note_key

    return f"/coding/note/{note_key(row)}/"


def test_an_advisor_codes_a_note_of_their_branch_by_copying_the_passage(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import AuditEntry, Coding

    make_code(cast)
    response = signed_in(client, cast.advisor).post(note_url(ARRAS_NOTE), {"code": "pressure", "passage": "Arras"})
    assert response.status_code == 302
    coding = Coding.objects.select_related("source").get()
    assert (coding.start, coding.end, coding.passage) == (10, 15, "Arras")
    assert coding.source.text == ARRAS_NOTE["text"] and coding.source.branch == cast.arras
    assert AuditEntry.objects.filter(action="coding.add", target_id=str(coding.pk)).exists()


def test_offsets_from_a_selection_count_code_points(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import Coding

    make_code(cast)
    item = make_evidence(cast.advisor, cast.arras, text="Échéance 😊 ratée: trop de dossiers à monter.")
    start = item.text.index("trop")
    signed_in(client, cast.advisor).post(f"/coding/evidence/{item.pk}/", {
        "code": "pressure", "passage": "trop de dossiers", "start": start, "end": start + 16})
    coding = Coding.objects.get()
    assert item.text[coding.start:coding.end] == "trop de dossiers"


def test_an_advisor_may_not_code_a_note_of_another_branch(cast: Cast, reviewed: Path, client: Any) -> None:
    make_code(cast)
    response = signed_in(client, cast.advisor).post(note_url(LILLE_NOTE), {"code": "pressure", "passage": "Lille"})
    assert response.status_code == 404


def test_a_passage_not_in_the_text_is_refused_and_nothing_saved(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import CodedSource, Coding

    make_code(cast)
    response = signed_in(client, cast.advisor).post(note_url(ARRAS_NOTE), {"code": "pressure", "passage": "Lens"})
    assert response.status_code == 400
    assert "copiez-le exactement" in " ".join(response.context["form"].errors["passage"])
    assert not Coding.objects.exists() and not CodedSource.objects.exists()


def test_a_passage_found_twice_asks_for_more_words(cast: Cast, reviewed: Path, client: Any) -> None:
    make_code(cast)
    item = make_evidence(cast.advisor, cast.arras, text="Trop de retard, encore du retard.")
    response = signed_in(client, cast.advisor).post(f"/coding/evidence/{item.pk}/", {"code": "pressure",
                                                                                     "passage": "retard"})
    assert response.status_code == 400
    assert "2" in " ".join(response.context["form"].errors["passage"])


def test_a_code_outside_the_codebook_is_refused(cast: Cast, reviewed: Path, client: Any) -> None:
    make_code(cast)
    response = signed_in(client, cast.advisor).post(note_url(ARRAS_NOTE), {"code": "nowhere", "passage": "Arras"})
    assert response.status_code == 400 and response.context["form"].errors["code"]


def test_an_advisor_adds_a_sub_code_with_its_colour(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import AuditEntry, Code

    make_code(cast)
    response = signed_in(client, cast.advisor).post("/coding/codebook/", {
        "name": "Targets from the funder", "description": "A number imposed from outside", "parent": "pressure",
        "colour": "#1f77b4"})
    assert response.status_code == 302
    code = Code.objects.get(key="targets_from_the_funder")
    assert (code.parent.key, code.colour) == ("pressure", "#1f77b4")
    assert AuditEntry.objects.filter(action="code.add", target_id=str(code.pk)).exists()


def test_a_code_with_a_bad_colour_or_a_taken_key_is_refused(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import Code

    make_code(cast)
    response = signed_in(client, cast.advisor).post("/coding/codebook/", {"name": "Pressure", "colour": "blue"})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"key", "colour"}
    assert Code.objects.count() == 1


def test_a_manager_renames_a_code_but_not_under_its_own_sub_code(cast: Cast, reviewed: Path, client: Any) -> None:
    parent = make_code(cast)
    make_code(cast, "targets", "Targets", parent=parent)
    page = signed_in(client, cast.manager)
    refused = page.post(f"/coding/codebook/{parent.pk}/", {"name": "Pressure", "parent": "targets"})
    assert refused.status_code == 400 and refused.context["form"].errors["parent"]
    assert page.post(f"/coding/codebook/{parent.pk}/", {"name": "Pressure of targets"}).status_code == 302
    parent.refresh_from_db()
    assert (parent.key, parent.name) == ("pressure", "Pressure of targets")


def test_the_codebook_export_validates_against_the_refi_qda_schema(cast: Cast, reviewed: Path, client: Any) -> None:
    parent = make_code(cast, colour="#D62728")
    make_code(cast, "targets", "Targets", parent=parent, description="Imposed numbers")
    response = signed_in(client, cast.advisor).get("/coding/codebook.qdc")
    assert response["Content-Disposition"].endswith('.qdc"')
    xmlschema.XMLSchema(SCHEMAS / "Codebook.xsd").validate(response.content.decode("utf-8"))


def test_the_project_export_validates_and_holds_the_coded_passages(cast: Cast, reviewed: Path, client: Any) -> None:
    make_code(cast)
    page = signed_in(client, cast.advisor)
    page.post(note_url(ARRAS_NOTE), {"code": "pressure", "passage": "Arras"})
    archive = zipfile.ZipFile(io.BytesIO(page.get("/coding/project.qdpx").content))
    project = archive.read("project.qde").decode("utf-8")
    xmlschema.XMLSchema(SCHEMAS / "Project-mrt2019.xsd").validate(project)
    assert 'startPosition="10"' in project and 'endPosition="15"' in project
    assert [archive.read(n).decode() for n in archive.namelist() if n.startswith("sources/")] == [ARRAS_NOTE["text"]]


def test_the_project_export_of_an_advisor_leaves_out_other_branches(cast: Cast, reviewed: Path, client: Any) -> None:
    make_code(cast)
    signed_in(client, cast.manager).post(note_url(LILLE_NOTE), {"code": "pressure", "passage": "Lille"})
    archive = zipfile.ZipFile(io.BytesIO(signed_in(client, cast.advisor).get("/coding/project.qdpx").content))
    assert not [n for n in archive.namelist() if n.startswith("sources/")]


def test_an_empty_codebook_is_not_exported_and_the_reason_shown(cast: Cast, reviewed: Path, client: Any) -> None:
    response = signed_in(client, cast.advisor).get("/coding/codebook.qdc", follow=True)
    import html

    assert "Ajoutez un code au livre de codes avant de l'exporter." in html.unescape(response.content.decode())


def test_the_themes_of_the_review_are_suggested_and_one_is_adopted(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import Code

    for lang in ("fr", "en"):
        path = reviewed / lang / "all.json"
        review = json.loads(path.read_text(encoding="utf-8"))
        review["voices"] = {"themes": [{"key": "pressure", "label": "Pressure and targets",
                                        "terms": ["dossier", "chiffre", "objectif"]}]}
        path.write_text(json.dumps(review), encoding="utf-8")
    page = signed_in(client, cast.advisor)
    shown = page.get("/coding/suggestions/").content.decode()
    assert "Pressure and targets" in shown and "dossier, chiffre, objectif" in shown
    page.post("/coding/codebook/", {"name": "Pressure and targets", "key": "pressure",
                                    "description": "dossier, chiffre, objectif"})
    assert Code.objects.get().key == "pressure"


def test_the_author_removes_their_coding_and_the_audit_keeps_it(cast: Cast, reviewed: Path, client: Any) -> None:
    from missionlens.web.models import AuditEntry, Coding

    make_code(cast)
    page = signed_in(client, cast.advisor)
    page.post(note_url(ARRAS_NOTE), {"code": "pressure", "passage": "Arras"})
    assert page.post(f"/coding/codings/{Coding.objects.get().pk}/remove/").status_code == 302
    assert not Coding.objects.exists()
    assert AuditEntry.objects.get(action="coding.remove").changes["passage"] == "Arras"


def test_the_coded_texts_list_shows_the_text_and_its_codes(cast: Cast, reviewed: Path, client: Any) -> None:
    make_code(cast, name="Pressure of targets")
    page = signed_in(client, cast.advisor)
    page.post(note_url(ARRAS_NOTE), {"code": "pressure", "passage": "Arras"})
    listing = page.get("/coding/").content.decode()
    assert "Note from Arras about access" in listing and "Pressure of targets" in listing
    assert "Note from Lille about access" not in listing
