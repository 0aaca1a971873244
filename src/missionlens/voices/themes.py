"""Themes in notes and feedback: TF-IDF on lemmas, non-negative matrix factorisation, seed labels.

1. Each text's language is detected (language.py) and its content lemmas taken (lemmas.py).
2. The lemmas of all texts, French and English together, are weighted by TF-IDF (sublinear term
   frequency; a lemma in under MIN_DF texts or in over MAX_DF of them is dropped: it is noise or
   it is everywhere, like "loan" in a lender's notes).
3. NMF (scikit-learn; Lee and Seung 1999, NNDSVDa start, fixed seed so the same texts give the
   same themes) splits the matrix into k themes. NMF rather than LDA: on short texts its themes
   are sharper and it is deterministic (O'Callaghan et al. 2015, "An analysis of the coherence
   and generality of topics", Expert Systems with Applications 42).
4. A theme whose top terms' weight falls for at least SEED_SHARE in one seed of seeds.py takes
   the seed's label and dimensions; themes taking the same seed (a French and an English one)
   are merged. Any other theme is labelled by its three top terms.
5. Each text belongs to its dominant theme (the largest weight; none when it has no kept lemma).
   Representative quotes are the texts that weigh most on a theme, pseudonymised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

import numpy as np
import numpy.typing as npt
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfVectorizer

from missionlens.signals.findings import Lang as Output
from missionlens.signals.findings import Text
from missionlens.voices.language import LANGS, Lang, languages
from missionlens.voices.lemmas import Lemmatiser
from missionlens.voices.quotes import MAX_QUOTE, MIN_QUOTE, Quote, Redactor, shorten
from missionlens.voices.seeds import SEEDS, Seed
from missionlens.voices.texts import VoiceText

DEFAULT_THEMES = 10  # per language holding at least a tenth of the texts (their themes merge by seed)
MAX_THEMES = 20
MIN_DF = 2
MAX_DF = 0.5
MAX_FEATURES = 5000
TOP_TERMS = 10
SEED_SHARE = 0.2
QUOTES = 3
_SEED = 20240917

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Theme:
    key: str
    label: Text
    terms: tuple[str, ...]
    seed: str | None
    dimensions: tuple[str, ...]
    count: int
    share: float
    quotes: tuple[Quote, ...] = ()

    def to_json(self, lang: Output = "en") -> dict[str, Any]:
        return {
            "key": self.key, "label": self.label.get(lang), "terms": list(self.terms), "seed": self.seed,
            "dimensions": list(self.dimensions), "count": self.count, "share": round(self.share, 4),
            "quotes": [q.to_json() for q in self.quotes],
        }


@dataclass(frozen=True)
class ThemeModel:
    """The themes of a corpus and, for each text, its theme (index into themes, -1 for none) and
    its weight on that theme (`strength`, the NMF loading: how typical of the theme it is)."""

    themes: tuple[Theme, ...]
    assignment: tuple[int, ...]
    strength: tuple[float, ...]
    languages: tuple[Lang, ...]
    vocabulary: int
    language_counts: Mapping[str, int] = field(default_factory=dict)

    def theme(self, key: str) -> Theme:
        return next(t for t in self.themes if t.key == key)


def _analyzer(lemmas: Sequence[str]) -> Sequence[str]:
    return lemmas


@lru_cache(maxsize=1)
def _seed_lemmas() -> tuple[frozenset[str], ...]:
    lemmatiser = Lemmatiser("lookup")
    out = []
    for seed in SEEDS:
        words = list(seed.french) + list(seed.english)
        langs = cast(list[Lang], ["fr"] * len(seed.french) + ["en"] * len(seed.english))
        lemmas = {lemma for found in lemmatiser.lemmas(words, langs) for lemma in found}
        out.append(frozenset(lemmas | {w.lower() for w in words}))
    return tuple(out)


def _match_seed(terms: Sequence[str], weights: FloatArray) -> Seed | None:
    total = float(weights.sum())
    if total <= 0:
        return None
    best: tuple[float, Seed | None] = (0.0, None)
    for seed, lemmas in zip(SEEDS, _seed_lemmas(), strict=True):
        score = float(sum(w for t, w in zip(terms, weights, strict=True) if t in lemmas)) / total
        if score > best[0]:
            best = (score, seed)
    return best[1] if best[0] >= SEED_SHARE else None


def _top(row: FloatArray, vocabulary: npt.NDArray[np.str_], count: int) -> tuple[list[str], FloatArray]:
    order = np.argsort(row)[::-1][:count]
    order = order[row[order] > 0]
    return [str(vocabulary[i]) for i in order], row[order]


def _groups(components: FloatArray, vocabulary: npt.NDArray[np.str_]) -> list[tuple[Seed | None, list[int]]]:
    """NMF components grouped by seed (components matching the same seed merge)."""
    groups: dict[str, tuple[Seed | None, list[int]]] = {}
    for index, row in enumerate(components):
        terms, weights = _top(row, vocabulary, TOP_TERMS)
        seed = _match_seed(terms, weights)
        key = seed.key if seed is not None else f"_{index}"
        groups.setdefault(key, (seed, []))[1].append(index)
    return list(groups.values())


def _quotes(
    members: npt.NDArray[np.int64], strength: FloatArray, texts: Sequence[VoiceText], redact: Redactor,
) -> tuple[Quote, ...]:
    ranked = members[np.argsort(-strength[members], kind="stable")]
    fitting = [i for i in ranked if MIN_QUOTE <= len(texts[i].text) <= MAX_QUOTE]
    chosen: list[Quote] = []
    seen: set[str] = set()
    for i in [*fitting, *ranked]:
        if texts[i].text in seen:
            continue
        seen.add(texts[i].text)
        text = shorten(redact(texts[i].text))
        day = texts[int(i)].date
        chosen.append(Quote(text, day.strftime("%Y-%m") if day else None, texts[int(i)].role, texts[int(i)].source))
        if len(chosen) == QUOTES:
            break
    return tuple(chosen)


def find_themes(
    texts: Sequence[VoiceText], *, k: int | None = None, lemmatiser: Lemmatiser | None = None,
    identifiers: Iterable[str] = (), names: Iterable[str] = (), seed: int = _SEED,
) -> ThemeModel:
    """The themes of a corpus of notes and feedback (see the module's docstring for the method).

    `k` is the number of NMF components (DEFAULT_THEMES per language present, at most MAX_THEMES
    and a fifth of the texts);
    `identifiers` and `names` are removed from the quotes.
    """
    langs = languages([t.text for t in texts])
    counts: dict[str, int] = {lang: langs.count(lang) for lang in LANGS if lang in langs}
    lemmas = (lemmatiser or Lemmatiser()).lemmas([t.text for t in texts], langs)
    usable = sum(1 for found in lemmas if found)
    present = sum(1 for count in counts.values() if count >= 0.1 * len(texts))
    wanted = k if k is not None else min(MAX_THEMES, DEFAULT_THEMES * max(1, present))
    components = max(1, min(wanted, usable // 5))
    empty = ThemeModel((), tuple([-1] * len(texts)), tuple([0.0] * len(texts)), langs, 0, counts)
    if usable < 2:
        return empty
    vectoriser = TfidfVectorizer(
        analyzer=_analyzer, min_df=min(MIN_DF, usable), max_df=MAX_DF if usable >= 20 else 1.0,
        max_features=MAX_FEATURES, sublinear_tf=True,
    )
    try:
        matrix = vectoriser.fit_transform(lemmas)
    except ValueError:
        return empty
    vocabulary = vectoriser.get_feature_names_out()
    components = min(components, matrix.shape[1])
    model = NMF(n_components=components, init="nndsvda", random_state=seed, max_iter=400)
    weights: FloatArray = model.fit_transform(matrix)
    groups = _groups(model.components_, vocabulary)
    redact = Redactor(identifiers, names)
    merged = np.column_stack([weights[:, idx].sum(axis=1) for _, idx in groups])
    totals = merged.sum(axis=1)
    dominant = np.where(totals > 0, np.argmax(merged, axis=1), -1)
    # A text's weight on its theme (its NMF loading): the texts that weigh most on a theme are
    # its most typical ones, better quotes than short texts that happen to touch one theme only.
    strength = np.where(totals > 0, merged.max(axis=1), 0.0)
    themes = []
    for index, (found_seed, idx) in enumerate(groups):
        row = model.components_[idx].sum(axis=0)
        terms, _ = _top(row, vocabulary, TOP_TERMS)
        members = np.flatnonzero(dominant == index)
        if found_seed is not None:
            key, label, dims = found_seed.key, found_seed.label, found_seed.dimensions
        else:
            key = "theme_" + "_".join(_key_word(t) for t in terms[:2])
            words = " · ".join(terms[:3])
            label, dims = Text(words, words), ()
        themes.append(Theme(key, label, tuple(terms), found_seed.key if found_seed else None, dims,
                            int(members.size), members.size / len(texts),
                            _quotes(members, strength, texts, redact)))
    order = sorted(range(len(themes)), key=lambda i: (-themes[i].count, themes[i].key))
    rank = {old: new for new, old in enumerate(order)}
    assignment = tuple(rank[int(d)] if d >= 0 else -1 for d in dominant)
    return ThemeModel(tuple(_unique(themes[i] for i in order)), assignment,
                      tuple(float(s) for s in strength), langs, int(matrix.shape[1]), counts)


def _key_word(term: str) -> str:
    ascii_word = "".join(c for c in term.lower() if "a" <= c <= "z" or "0" <= c <= "9")
    return ascii_word or "x"


def _unique(themes: Iterable[Theme]) -> list[Theme]:
    """Theme keys are unique (two unlabelled themes may share their first terms' ASCII form)."""
    seen: dict[str, int] = {}
    out = []
    for theme in themes:
        count = seen.get(theme.key, 0)
        seen[theme.key] = count + 1
        if count:
            theme = Theme(f"{theme.key}_{count + 1}", theme.label, theme.terms, theme.seed, theme.dimensions,
                          theme.count, theme.share, theme.quotes)
        out.append(theme)
    return out
