"""Who can speak in a month: borrowers with a loan disbursed recently, picked at random."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from missionlens.data.simulator.loans import Book
from missionlens.data.simulator.timeline import IntArray


@dataclass(frozen=True)
class RecentBorrowers:
    """Disbursed loans sorted by disbursement day, to draw borrowers financed in a window."""

    day: IntArray
    borrower: IntArray
    branch: IntArray
    defaulted: np.ndarray

    @classmethod
    def from_book(cls, book: Book) -> RecentBorrowers:
        loans = book.loans
        rows = np.flatnonzero(loans["disb_day"] >= 0)
        order = rows[np.argsort(loans["disb_day"][rows], kind="stable")]
        return cls(loans["disb_day"][order], loans["borrower"][order], loans["branch"][order],
                   loans["default_k"][order] > 0)

    def draw(self, rng: np.random.Generator, on: IntArray, earliest: int, latest: int) -> IntArray:
        """Row of a loan disbursed between `on - earliest` and `on - latest` days (-1 if none)."""
        lo = np.searchsorted(self.day, on - earliest)
        hi = np.searchsorted(self.day, on - latest, side="right")
        pick = lo + np.floor(rng.random(on.shape[0]) * np.maximum(hi - lo, 0)).astype(np.int64)
        return np.where(hi > lo, np.minimum(pick, max(self.day.shape[0] - 1, 0)), -1)
