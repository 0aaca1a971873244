"""REFI-QDA export: the codebook (.qdc) and a project of coded texts (.qdpx), so that researchers
can go on in Taguette, QualCoder, ATLAS.ti, MAXQDA or NVivo.

The formats are the REFI-QDA standard's (www.qdasoftware.org): a codebook is a `CodeBook`
document in the namespace urn:QDA-XML:codebook:1.0 (Codebook.xsd); a project is a zip holding
`project.qde` (a `Project` document in urn:QDA-XML:project:1.0, Project-mrt2019.xsd) and its
sources under `sources/`, each text source referring to its plain text file as
"internal://<guid>.txt". Selections count characters (Unicode code points) from 0, end excluded,
as the standard's PlainTextSelection does. GUIDs are derived from the codes' and texts' keys
(UUID version 5), so the same codebook exports to the same file. Both schemas are vendored in
`schemas/` (see SOURCE.md there) and the tests validate every export against them.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
ORIGIN = "missionlens"
_NAMESPACE = uuid.UUID("6f1c9d52-33a5-4c1e-9a51-6d0f7b1e2a10")


@dataclass(frozen=True)
class Code:
    key: str
    name: str
    description: str = ""
    color: str | None = None  # "#RRGGBB"
    children: tuple[Code, ...] = ()


@dataclass(frozen=True)
class Codebook:
    codes: tuple[Code, ...]


@dataclass(frozen=True)
class Coding:
    code: str  # a Code.key
    start: int
    end: int
    author: str | None = None


@dataclass(frozen=True)
class CodedText:
    key: str
    name: str
    text: str
    codings: tuple[Coding, ...] = ()


def guid(kind: str, key: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, f"{kind}:{key}"))


def _all_codes(codes: Sequence[Code]) -> list[Code]:
    out: list[Code] = []
    for code in codes:
        out.append(code)
        out.extend(_all_codes(code.children))
    return out


def _code_element(parent: ET.Element, code: Code, ns: str) -> None:
    attributes = {"guid": guid("code", code.key), "name": code.name, "isCodable": "true"}
    if code.color:
        attributes["color"] = code.color
    element = ET.SubElement(parent, f"{{{ns}}}Code", attributes)
    if code.description:
        ET.SubElement(element, f"{{{ns}}}Description").text = code.description
    for child in code.children:
        _code_element(element, child, ns)


def _check(codebook: Codebook) -> None:
    keys = [c.key for c in _all_codes(codebook.codes)]
    if not keys:
        raise ValueError("the codebook has no code: REFI-QDA needs at least one")
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise ValueError(f"code keys must be unique; repeated: {', '.join(duplicates)}")


def _bytes(root: ET.Element, ns: str) -> bytes:
    ET.register_namespace("", ns)
    buffer = io.BytesIO()
    ET.ElementTree(root).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue()


def codebook_qdc(codebook: Codebook) -> bytes:
    """The codebook as a REFI-QDA .qdc document."""
    _check(codebook)
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": ORIGIN})
    codes = ET.SubElement(root, f"{{{CODEBOOK_NS}}}Codes")
    for code in codebook.codes:
        _code_element(codes, code, CODEBOOK_NS)
    return _bytes(root, CODEBOOK_NS)


def _stamp(moment: dt.datetime) -> str:
    return moment.replace(microsecond=0).isoformat()


def project_qde(codebook: Codebook, texts: Sequence[CodedText], *, name: str, created: dt.datetime) -> bytes:
    """The project.qde document of a .qdpx: users, codebook and the coded text sources."""
    _check(codebook)
    known = {c.key for c in _all_codes(codebook.codes)}
    ns = PROJECT_NS
    user = guid("user", ORIGIN)
    stamp = _stamp(created)
    root = ET.Element(f"{{{ns}}}Project", {"name": name, "origin": ORIGIN, "creatingUserGUID": user,
                                            "creationDateTime": stamp})
    users = ET.SubElement(root, f"{{{ns}}}Users")
    ET.SubElement(users, f"{{{ns}}}User", {"guid": user, "name": ORIGIN})
    book = ET.SubElement(root, f"{{{ns}}}CodeBook")
    codes = ET.SubElement(book, f"{{{ns}}}Codes")
    for code in codebook.codes:
        _code_element(codes, code, ns)
    if texts:
        sources = ET.SubElement(root, f"{{{ns}}}Sources")
        for text in texts:
            source_guid = guid("source", text.key)
            source = ET.SubElement(sources, f"{{{ns}}}TextSource", {
                "guid": source_guid, "name": text.name, "plainTextPath": f"internal://{source_guid}.txt",
                "creatingUser": user, "creationDateTime": stamp,
            })
            for number, coding in enumerate(text.codings):
                if coding.code not in known:
                    raise ValueError(f"text {text.name!r} is coded with {coding.code!r}, which is not in the codebook")
                if not 0 <= coding.start < coding.end <= len(text.text):
                    raise ValueError(f"text {text.name!r}: selection {coding.start}..{coding.end} is outside "
                                     f"the text (0..{len(text.text)})")
                selection = ET.SubElement(source, f"{{{ns}}}PlainTextSelection", {
                    "guid": guid("selection", f"{text.key}:{number}"),
                    "name": text.text[coding.start:coding.end][:60],
                    "startPosition": str(coding.start), "endPosition": str(coding.end),
                    "creatingUser": user, "creationDateTime": stamp,
                })
                applied = ET.SubElement(selection, f"{{{ns}}}Coding", {
                    "guid": guid("coding", f"{text.key}:{number}"), "creatingUser": user, "creationDateTime": stamp,
                })
                ET.SubElement(applied, f"{{{ns}}}CodeRef", {"targetGUID": guid("code", coding.code)})
    return _bytes(root, ns)


def project_qdpx(codebook: Codebook, texts: Sequence[CodedText], *, name: str, created: dt.datetime) -> bytes:
    """The .qdpx archive: project.qde and each text as sources/<guid>.txt (UTF-8)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project_qde(codebook, texts, name=name, created=created))
        for text in texts:
            archive.writestr(f"sources/{guid('source', text.key)}.txt", text.text.encode("utf-8"))
    return buffer.getvalue()


def codebook_from_themes(themes: Sequence[tuple[str, str, Sequence[str]]]) -> Codebook:
    """A starting codebook from the themes found (key, label, top terms): suggestions to code with."""
    return Codebook(tuple(Code(key, label, "Suggested from the themes found; top terms: " + ", ".join(terms))
                          for key, label, terms in themes))
