from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema

from missionlens.voices import Code, Codebook, CodedText, Coding, codebook_qdc, project_qdpx

SCHEMAS = Path(__file__).resolve().parents[2] / "src" / "missionlens" / "voices" / "schemas"
WHEN = dt.datetime(2025, 6, 30, 12, 0, tzinfo=dt.UTC)


def make_codebook() -> Codebook:
    return Codebook((
        Code("pressure", "Pression et objectifs", "Objectifs chiffrés, cadence", "#C0392B",
             (Code("targets", "Objectifs"),)),
        Code("time", "Manque de temps"),
    ))


def make_text() -> CodedText:
    text = "Objectif de 15 dossiers ce mois-ci, je n'ai plus le temps de faire les suivis."
    return CodedText("n1", "Note 2025-06", text, (Coding("targets", 0, 24), Coding("time", 35, 55)))


def test_the_codebook_validates_against_the_refi_qda_codebook_schema() -> None:
    xmlschema.XMLSchema(SCHEMAS / "Codebook.xsd").validate(codebook_qdc(make_codebook()).decode("utf-8"))


def test_the_project_validates_against_the_refi_qda_project_schema() -> None:
    archive = zipfile.ZipFile(io.BytesIO(project_qdpx(make_codebook(), [make_text()], name="Notes", created=WHEN)))
    xmlschema.XMLSchema(SCHEMAS / "Project-mrt2019.xsd").validate(archive.read("project.qde").decode("utf-8"))


def test_the_project_carries_each_source_text_and_its_selections() -> None:
    archive = zipfile.ZipFile(io.BytesIO(project_qdpx(make_codebook(), [make_text()], name="Notes", created=WHEN)))
    root = ET.fromstring(archive.read("project.qde"))
    ns = {"q": "urn:QDA-XML:project:1.0"}
    source = root.find("q:Sources/q:TextSource", ns)
    assert source is not None
    path = source.get("plainTextPath", "").removeprefix("internal://")
    assert archive.read(f"sources/{path}").decode("utf-8") == make_text().text
    starts = [s.get("startPosition") for s in source.findall("q:PlainTextSelection", ns)]
    assert starts == ["0", "35"]


def test_the_same_codebook_exports_to_the_same_bytes() -> None:
    assert codebook_qdc(make_codebook()) == codebook_qdc(make_codebook())


def test_a_coding_with_an_unknown_code_is_refused() -> None:
    text = CodedText("n1", "Note", "Un texte.", (Coding("missing", 0, 3),))
    with pytest.raises(ValueError, match="missing"):
        project_qdpx(make_codebook(), [text], name="Notes", created=WHEN)


def test_a_selection_outside_the_text_is_refused() -> None:
    text = CodedText("n1", "Note", "Court.", (Coding("time", 0, 99),))
    with pytest.raises(ValueError, match="outside"):
        project_qdpx(make_codebook(), [text], name="Notes", created=WHEN)
