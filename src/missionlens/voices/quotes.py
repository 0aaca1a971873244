"""Quotes that can be shown: pseudonymised text, never a borrower identifier (the brief's rule).

A quote is a note or an answer as written, with every identifier removed before it leaves the
package: the raw identifiers and pseudonyms the caller knows of (borrower, staff, loan ids),
the store's pseudonyms ("b_" + 16 hex), e-mail addresses, telephone numbers, IBAN-like and any
other token that mixes letters and digits the way identifiers do ("N000123", "ST0042",
"AB12345"), and long digit runs. Names given by the caller (first names in Kiva's stories) are
replaced as well. The date is kept to the month and the author to a role.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

ID_MARK = "[id]"
NAME_MARK = "[nom]"

_PATTERNS = (
    re.compile(r"\bb_[0-9a-f]{16}\b", re.IGNORECASE),
    re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
    re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){2,7}\b"),
    re.compile(r"(?:\+\d{1,3}[\s.]?)?\(?0?\d\)?(?:[\s.-]?\d{2}){4}\b"),
    re.compile(r"\(?\b\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}\b"),
    re.compile(r"\b(?=[A-Za-z_-]*\d)(?=\w*[A-Za-z])[A-Za-z0-9_-]*\d{3,}[A-Za-z0-9_-]*\b"),
    re.compile(r"\b\d{6,}\b"),
)


_TOKEN = re.compile(r"[\w.@+-]+")


class Redactor:
    """Removes known identifiers and names from texts; built once for many quotes.

    Identifiers are matched as whole tokens (letters, digits and . @ + - _), in a set, so that
    the tens of thousands of pseudonyms of a data set cost one lookup per word of the quote.
    """

    def __init__(self, identifiers: Iterable[str] = (), names: Iterable[str] = ()) -> None:
        self.identifiers = frozenset(i for i in identifiers if i)
        self.names = frozenset(n.lower() for n in names if n and len(n) > 1)

    def _token(self, match: re.Match[str]) -> str:
        word = match.group()
        if word in self.identifiers or word.rstrip(".") in self.identifiers:
            return ID_MARK
        if word.lower().rstrip(".") in self.names:
            return NAME_MARK + ("." if word.endswith(".") else "")
        return word

    def __call__(self, text: str) -> str:
        out = _TOKEN.sub(self._token, text) if (self.identifiers or self.names) else text
        for pattern in _PATTERNS:
            out = pattern.sub(ID_MARK, out)
        return out


def pseudonymise(text: str, identifiers: Iterable[str] = (), names: Iterable[str] = ()) -> str:
    """The text with identifiers replaced by "[id]" and the given names by "[nom]"."""
    return Redactor(identifiers, names)(text)


@dataclass(frozen=True)
class Quote:
    text: str
    period: str | None
    role: str | None
    source: str

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "period": self.period, "role": self.role, "source": self.source}


# A representative quote reads as a sentence or two: long enough to say something, short
# enough to sit beside a number in a report.
MIN_QUOTE = 40
MAX_QUOTE = 320


def shorten(text: str, limit: int = MAX_QUOTE) -> str:
    """The text cut at a word boundary with an ellipsis when it is longer than `limit`."""
    clean = " ".join(text.split())
    if len(clean) <= limit:
        return clean
    cut = clean[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
