"""Which borrower a piece of evidence is about, named by their pseudonym and nothing else.

The person writing types the file number they know (or a pseudonym `b_…` read on a page); the
number is turned into the store's pseudonym (data/pseudonyms.py: HMAC-SHA-256 under the store's
secret) and dropped: evidence keeps only the pseudonym (spec/microcredit-data.md, "Import rules").
The borrowers table of the store's current version says which branch each pseudonym belongs to,
so that an advisor links only borrowers of their own branch (access.py).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from missionlens.data.pseudonyms import pseudonym
from missionlens.data.store import Store, StoreError
from missionlens.web.reviews import store_dir

PSEUDONYM = re.compile(r"b_[0-9a-f]{16}")


@dataclass(frozen=True)
class BorrowerBook:
    """The current version's borrowers: pseudonym -> branch code, and the secret to name them."""

    branches: Mapping[str, str] = field(default_factory=dict)
    secret: bytes | None = None

    def pseudonym_of(self, typed: str) -> str | None:
        """The pseudonym for a typed pseudonym or file number; None when it names no borrower."""
        text = typed.strip()
        if PSEUDONYM.fullmatch(text.lower()):
            found = text.lower()
        elif self.secret is not None:
            found = pseudonym(text, self.secret)
        else:
            return None
        return found if found in self.branches else None

    def branch_of(self, pseudonym_: str) -> str | None:
        return self.branches.get(pseudonym_)


_cache: dict[Path, tuple[str, BorrowerBook]] = {}
_lock = threading.Lock()


def book_for(data_dir: Path) -> BorrowerBook:
    """The borrowers of the store's current version (read once per version); empty without a store."""
    folder = store_dir(data_dir)
    try:
        store = Store(folder)
        version = store.current()
    except (StoreError, OSError):
        return BorrowerBook()
    if version is None:
        return BorrowerBook()
    with _lock:
        cached = _cache.get(folder)
        if cached is not None and cached[0] == version.name:
            return cached[1]
    path = version.table_path("borrowers")
    branches: dict[str, str] = {}
    if path is not None:
        import pyarrow.parquet as pq

        rows = pq.read_table(path, columns=["borrower_id", "branch_id"]).to_pylist()
        branches = {str(r["borrower_id"]): str(r["branch_id"] or "") for r in rows if r["borrower_id"]}
    try:
        secret: bytes | None = store.secret
    except (ValueError, OSError):
        secret = None
    book = BorrowerBook(branches, secret)
    with _lock:
        _cache[folder] = (version.name, book)
    return book
