"""What the voices package reads: one text with its date, its author's role and where it came from.

Notes (author_role staff, volunteer, borrower, manager, board, partner) and feedback texts (the
borrower's own voice: role "borrower") become the same value, so that notes and feedback go
through the same theme analysis (issue 6). Identifiers are not carried: a quote can never leak
the borrower it is about (quotes.py strips identifiers from the text itself).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

Source = Literal["note", "feedback"]
ROLES: tuple[str, ...] = ("staff", "volunteer", "manager", "borrower", "partner", "board")
STAFF_ROLES: frozenset[str] = frozenset({"staff", "volunteer", "manager"})


@dataclass(frozen=True)
class VoiceText:
    text: str
    date: dt.date | None = None
    role: str | None = None
    source: Source = "note"
    dimension: str | None = None
    kind: str | None = None


def _date(value: Any) -> dt.date | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value)
    if text in ("", "NaT", "nan", "None"):
        return None
    return dt.date.fromisoformat(text[:10])


def _text(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _column(rows: Any, name: str) -> list[Any]:
    if name not in rows:
        return [None] * len(rows)
    return list(rows[name])


def from_notes(rows: Any) -> list[VoiceText]:
    """VoiceTexts from a notes table (a pandas DataFrame in the import contract); empty texts skipped."""
    out = []
    for text, day, role, dimension, kind in zip(
        _column(rows, "text"), _column(rows, "date"), _column(rows, "author_role"),
        _column(rows, "dimension"), _column(rows, "kind"), strict=True,
    ):
        body = _text(text)
        if body is not None:
            out.append(VoiceText(body, _date(day), _text(role), "note", _text(dimension), _text(kind)))
    return out


def from_feedback(rows: Any) -> list[VoiceText]:
    """VoiceTexts from a feedback table: every answer is the borrower's own voice."""
    out = []
    for text, day in zip(_column(rows, "text"), _column(rows, "date"), strict=True):
        body = _text(text)
        if body is not None:
            out.append(VoiceText(body, _date(day), "borrower", "feedback", "dignity", None))
    return out


def plain(texts: Iterable[str], role: str | None = None) -> list[VoiceText]:
    """Undated texts (a corpus read from elsewhere, tests)."""
    return [VoiceText(t, None, role) for t in texts]


def strings(texts: Sequence[VoiceText]) -> list[str]:
    return [t.text for t in texts]
