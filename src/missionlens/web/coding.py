"""Manual coding of the field's texts: the organisation's codebook, passages tagged with a code,
and the REFI-QDA export (issue 6). One use case for the pages (and any later API).

- The codebook: codes with a key, a name, a description, an optional parent and a colour. Anyone
  who codes may add a code; only a manager renames, moves or recolours one (it changes what
  everyone's codings mean).
- A text to code is a piece of evidence recorded here or an imported note (reviews.notes_for),
  as the access rules let the viewer read it: an advisor codes their own branch's texts, a
  manager every text, a board viewer none.
- A coding keeps the passage and its offsets in code points from 0, end excluded (the REFI-QDA
  PlainTextSelection), on a copy of the text (CodedSource) so that an edit never moves it.
- The export is missionlens.voices.qda's: the codebook as .qdc, the coded texts as .qdpx.

Every change is atomic and audited; a refusal names its field and what to do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.utils.text import slugify
from django.utils.translation import gettext as _

from missionlens.voices import Code as QdaCode
from missionlens.voices import Codebook, CodedText
from missionlens.voices import Coding as QdaCoding
from missionlens.voices import codebook_qdc, project_qdpx
from missionlens.web.access import ADVISOR, Viewer, coded_sources_visible_to, evidence_visible_to
from missionlens.web.models import Branch, Code, CodedSource, Coding, record
from missionlens.web.reviews import notes_for

COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
KEY = re.compile(r"[a-z][a-z0-9_-]{0,63}")
MAX_PASSAGE = 4000


class CodingRefused(ValueError):
    """Nothing was saved; `errors` maps each field to what is wrong and what to do."""

    def __init__(self, errors: Mapping[str, list[str]]) -> None:
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = {k: list(v) for k, v in errors.items()}


# The codebook --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class CodeDraft:
    name: str
    key: str = ""
    description: str = ""
    parent: str = ""  # a code's key, or "" for a top-level code
    colour: str = ""


def _checked_code(draft: CodeDraft, *, editing: Code | None) -> tuple[str, str, Code | None, str]:
    errors: dict[str, list[str]] = {}
    name = draft.name.strip()
    if not name:
        errors.setdefault("name", []).append(_("Give the code a short name (a few words)."))
    key = draft.key.strip().lower() or slugify(name).replace("-", "_")[:64]
    if editing is not None:
        key = editing.key  # the key names the code in exports: it never changes
    elif not KEY.fullmatch(key):
        errors.setdefault("key", []).append(_("The key is lowercase letters, digits and _ , starting with a letter."))
    elif Code.objects.filter(key=key).exists():
        errors.setdefault("key", []).append(_("The codebook already has a code %(key)s: choose another key or name.")
                                            % {"key": key})
    colour = draft.colour.strip()
    if colour and not COLOUR.fullmatch(colour):
        errors.setdefault("colour", []).append(_("Write the colour as #RRGGBB (for example #1f77b4), or leave it empty."))
    parent = None
    if draft.parent:
        parent = Code.objects.filter(key=draft.parent).first()
        if parent is None:
            errors.setdefault("parent", []).append(_("No code has the key %(key)s: choose the parent in the list.")
                                                   % {"key": draft.parent})
        elif editing is not None and _is_within(parent, editing):
            errors.setdefault("parent", []).append(_("A code cannot be placed under itself or one of its sub-codes."))
    if errors:
        raise CodingRefused(errors)
    return key, name, parent, colour


def _is_within(code: Code, ancestor: Code) -> bool:
    current: Code | None = code
    while current is not None:
        if current.pk == ancestor.pk:
            return True
        current = current.parent
    return False


@transaction.atomic
def add_code(draft: CodeDraft, *, by: AbstractBaseUser, viewer: Viewer) -> Code:
    if not viewer.can("write_evidence"):
        raise CodingRefused({"name": [_("Your role reads the voices but does not code them.")]})
    key, name, parent, colour = _checked_code(draft, editing=None)
    code = Code.objects.create(key=key, name=name, description=draft.description.strip(), parent=parent,
                               colour=colour, created_by=by)
    record(by, "code.add", code, summary=f"{key}: {name}")
    return code


@transaction.atomic
def edit_code(pk: int, draft: CodeDraft, *, by: AbstractBaseUser, viewer: Viewer) -> Code:
    if not viewer.can("manage"):
        raise PermissionError(_("Only a manager changes a code of the codebook."))
    code = Code.objects.select_for_update().get(pk=pk)
    _key, name, parent, colour = _checked_code(draft, editing=code)
    before = {"name": code.name, "description": code.description, "parent": code.parent.key if code.parent else "",
              "colour": code.colour}
    code.name, code.description, code.parent, code.colour = name, draft.description.strip(), parent, colour
    after = {"name": code.name, "description": code.description, "parent": parent.key if parent else "",
             "colour": code.colour}
    changes: dict[str, object] = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        code.save()
        record(by, "code.edit", code, summary=f"{code.key}: {', '.join(changes)}", changes=changes)
    return code


def codebook() -> Codebook:
    """The organisation's codebook as REFI-QDA values (sub-codes under their parent)."""
    codes = list(Code.objects.all().order_by("name"))
    children: dict[int | None, list[Code]] = {}
    for code in codes:
        children.setdefault(code.parent_id, []).append(code)

    def tree(code: Code) -> QdaCode:
        return QdaCode(code.key, code.name, code.description, code.colour or None,
                       tuple(tree(c) for c in children.get(code.pk, [])))

    return Codebook(tuple(tree(c) for c in children.get(None, [])))


# The texts to code ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Codable:
    """A text the viewer may code: a piece of evidence, or an imported note (by its key)."""

    kind: str  # "evidence" | "note"
    ref: str
    text: str
    branch: str | None
    dimension: str
    observed_on: dt.date | None
    who: str


def note_key(row: Mapping[str, Any]) -> str:
    """An imported note's key: the review's notes carry no id, so the note is named by what it is."""
    parts = "\x1f".join(str(row.get(k) or "") for k in ("date", "author_role", "branch", "kind", "text"))
    return hashlib.sha256(parts.encode("utf-8")).hexdigest()[:16]


def _day(value: object) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def codable_texts(viewer: Viewer, data_dir: Path) -> list[Codable]:
    """Evidence and the latest imported notes the viewer may code (none for a reader only)."""
    if not viewer.can("write_evidence"):
        return []
    out = [Codable("evidence", str(e.pk), e.text, e.branch.code if e.branch else None, e.dimension, e.observed_on,
                   e.get_kind_display())
           for e in evidence_visible_to(viewer).select_related("branch").order_by("-observed_on", "-created")[:200]]
    own = viewer.branch.code if viewer.branch else None
    try:
        notes = notes_for(data_dir)
    except Exception:  # noqa: BLE001 - before any import there are no notes, only evidence
        notes = {}
    for dimension, rows in notes.items():
        for row in rows:
            code = row.get("branch")
            if viewer.role == ADVISOR and code != own:
                continue
            out.append(Codable("note", note_key(row), str(row.get("text") or ""), code, dimension,
                               _day(row.get("date")), str(row.get("author_role") or "")))
    return out


def codable(viewer: Viewer, data_dir: Path, kind: str, ref: str) -> Codable | None:
    return next((t for t in codable_texts(viewer, data_dir) if t.kind == kind and t.ref == ref), None)


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_of(target: Codable) -> CodedSource | None:
    return CodedSource.objects.filter(kind=target.kind, ref=target.ref, digest=digest(target.text)).first()


def _offsets(text: str, passage: str, start: int | None, end: int | None) -> tuple[int, int]:
    """Where the passage is: the offsets given when they hold it, else its only occurrence."""
    if not passage.strip():
        raise CodingRefused({"passage": [_("Select or copy the passage to code.")]})
    if len(passage) > MAX_PASSAGE:
        raise CodingRefused({"passage": [_("Code a passage of under %(n)d characters.") % {"n": MAX_PASSAGE}]})
    if start is not None and end is not None and 0 <= start < end <= len(text) and text[start:end] == passage:
        return start, end
    found = [m.start() for m in re.finditer(re.escape(passage), text)]
    if not found:
        raise CodingRefused({"passage": [_("This passage is not in the text: copy it exactly as written.")]})
    if len(found) > 1:
        raise CodingRefused({"passage": [_("This passage appears %(n)d times in the text: copy a few more words "
                                           "around it so that it is found once.") % {"n": len(found)}]})
    return found[0], found[0] + len(passage)


@transaction.atomic
def code_passage(target: Codable, *, code_key: str, passage: str, start: int | None = None, end: int | None = None,
                 by: AbstractBaseUser, viewer: Viewer) -> Coding:
    """Tag a passage of a text the viewer may code with a code of the codebook."""
    if not viewer.can("write_evidence"):
        raise CodingRefused({"code": [_("Your role reads the voices but does not code them.")]})
    code = Code.objects.filter(key=code_key).first()
    errors: dict[str, list[str]] = {}
    if code is None:
        errors["code"] = [_("Choose a code of the codebook (or add one first).")]
    try:
        first, last = _offsets(target.text, passage, start, end)
    except CodingRefused as refused:
        errors.update(refused.errors)
    if errors:
        raise CodingRefused(errors)
    assert code is not None
    source, _created = CodedSource.objects.get_or_create(
        kind=target.kind, ref=target.ref, digest=digest(target.text),
        defaults={"text": target.text, "dimension": target.dimension, "observed_on": target.observed_on,
                  "branch": Branch.objects.filter(code=target.branch).first() if target.branch else None},
    )
    coding = Coding.objects.create(source=source, code=code, start=first, end=last, passage=target.text[first:last],
                                   author=by)
    record(by, "coding.add", coding, summary=f"{code.key} on {target.kind} {target.ref} [{first}:{last}]")
    return coding


@transaction.atomic
def remove_coding(pk: int, *, by: AbstractBaseUser, viewer: Viewer) -> None:
    """Remove one's own coding (any, for a manager) of a text one may read."""
    coding = Coding.objects.select_related("source", "code").filter(
        pk=pk, source__in=coded_sources_visible_to(viewer)).first()
    if coding is None:
        raise Coding.DoesNotExist(pk)
    if not (viewer.can("manage") or coding.author_id == viewer.user_id):
        raise PermissionError(_("You may remove your own codings only."))
    record(by, "coding.remove", coding, summary=f"{coding.code.key} on {coding.source.kind} {coding.source.ref}",
           changes={"passage": coding.passage, "start": coding.start, "end": coding.end})
    coding.delete()


def coded_texts(viewer: Viewer) -> QuerySet[CodedSource]:
    return coded_sources_visible_to(viewer).select_related("branch").prefetch_related("codings__code")


# The export ----------------------------------------------------------------------------------------

def export_codebook() -> bytes:
    """The codebook as a REFI-QDA .qdc; CodingRefused when it has no code yet."""
    try:
        return codebook_qdc(codebook())
    except ValueError as exc:
        raise CodingRefused({"codebook": [_("Add a code to the codebook before exporting it.")]}) from exc


def export_project(viewer: Viewer, *, name: str, created: dt.datetime) -> bytes:
    """The texts the viewer may read with their codings, and the codebook, as a REFI-QDA .qdpx."""
    texts: list[CodedText] = []
    for source in coded_texts(viewer):
        label = f"{source.kind} {source.ref} · {source.dimension} · {source.observed_on or ''}".strip()
        codings = tuple(QdaCoding(c.code.key, c.start, c.end) for c in source.codings.all())
        texts.append(CodedText(f"{source.kind}-{source.ref}-{source.digest[:12]}", label, source.text, codings))
    try:
        return project_qdpx(codebook(), texts, name=name, created=created)
    except ValueError as exc:
        raise CodingRefused({"codebook": [_("Add a code to the codebook before exporting it.")]}) from exc


# Suggestions from the themes -----------------------------------------------------------------------

@dataclass(frozen=True)
class Suggestion:
    key: str
    name: str
    terms: tuple[str, ...]
    known: bool  # the codebook already has this key


def suggestions(review: Mapping[str, Any] | None, texts: Sequence[Codable], lang: str = "en") -> list[Suggestion]:
    """Codes suggested by the themes: the review's `voices.themes` when the review has them, else
    the themes found now in the texts the viewer may code (voices.find_themes)."""
    found: list[tuple[str, str, tuple[str, ...]]] = []
    themes = ((review or {}).get("voices") or {}).get("themes") or []
    if themes:
        found = [(str(t["key"]), str(t["label"]), tuple(str(x) for x in t.get("terms", [])[:6])) for t in themes]
    elif len(texts) >= 5:
        from missionlens.voices import VoiceText, find_themes

        model = find_themes([VoiceText(t.text, t.observed_on) for t in texts])
        found = [(t.key, t.label.get("fr" if lang == "fr" else "en"), t.terms[:6]) for t in model.themes]
    known = set(Code.objects.values_list("key", flat=True))
    return [Suggestion(key, name, terms, key in known) for key, name, terms in found]
