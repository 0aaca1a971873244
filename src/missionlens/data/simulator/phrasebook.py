"""Vectorised text composition: sentences with slots, filled for many rows at once.

A `Bank` holds sentence templates such as "Visite sur le marché de {place}." Filling draws one
template and one value per slot for every row, with numpy string operations (no loop per row).
Texts are composed from several banks (an opening, a core, a detail, a closing), so that a
few hundred fragments give tens of thousands of distinct notes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np

TEXT = np.dtypes.StringDType()
_SLOT = re.compile(r"\{(\w+)\}")


def text_array(values: Sequence[str]) -> np.ndarray:
    return np.array(list(values), dtype=TEXT)


class Bank:
    """Templates with `{slot}` placeholders; every slot must exist in the pools given to `fill`."""

    def __init__(self, templates: Sequence[str]) -> None:
        if not templates:
            raise ValueError("a bank needs at least one template")
        parsed = [_SLOT.split(t) for t in templates]  # literal, slot, literal, slot, ..., literal
        width = max(len(p) for p in parsed)
        self.size = len(templates)
        self.pieces = np.array([p + [""] * (width - len(p)) for p in parsed], dtype=TEXT)
        self.slot_names = sorted({name for p in parsed for name in p[1::2]})
        self.width = width

    def fill(self, rng: np.random.Generator, n: int, pools: Mapping[str, np.ndarray]) -> np.ndarray:
        choice = rng.integers(0, self.size, n)
        out = np.full(n, "", dtype=TEXT)
        for k in range(self.width):
            piece = self.pieces[choice, k]
            if k % 2 == 1:
                for name in self.slot_names:
                    rows = np.flatnonzero(piece == name)
                    if rows.size:
                        pool = pools[name]
                        piece[rows] = pool[rng.integers(0, pool.shape[0], rows.size)]
            out = np.strings.add(out, piece)
        # A sentence that opens on a slot ("{count} personnes reçues") starts with a capital.
        rows = np.flatnonzero((self.pieces[choice, 0] == "") & (self.width > 1))
        if rows.size:
            head = out[rows]
            out[rows] = np.strings.add(np.strings.upper(np.strings.slice(head, 0, 1)), np.strings.slice(head, 1, None))
        return elide(out)


# French elision: "activité de épicerie" -> "activité d'épicerie" once a slot is filled.
_ELISIONS = tuple((f" de {v}", f" d'{v}") for v in "aeiouéèêâîôûAEIOUÉÈÊÂÎÔÛ")


def elide(text: np.ndarray) -> np.ndarray:
    for before, after in _ELISIONS:
        text = np.strings.replace(text, before, after)
    return text


def join(parts: Sequence[tuple[np.ndarray, np.ndarray | None]]) -> np.ndarray:
    """Join sentences with a space; a part with a mask is included only where the mask is true."""
    out = parts[0][0].copy()
    for text, mask in parts[1:]:
        spaced = np.strings.add(np.strings.add(out, " "), text)
        out = spaced if mask is None else np.where(mask, spaced, out)
    return np.asarray(out, dtype=TEXT)


def compose(rng: np.random.Generator, n: int, banks: Sequence[tuple[Bank, float]],
            pools: Mapping[str, np.ndarray]) -> np.ndarray:
    """One sentence from each bank, the first always, the others each with its probability."""
    parts: list[tuple[np.ndarray, np.ndarray | None]] = []
    for k, (bank, probability) in enumerate(banks):
        text = bank.fill(rng, n, pools)
        mask = None if k == 0 or probability >= 1 else rng.random(n) < probability
        parts.append((text, mask))
    return join(parts)
