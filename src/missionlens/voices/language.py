"""Which language a text is written in (French, English or Spanish), offline and in microseconds.

The method is a stop-word profile (the "short words" method of Grefenstette 1995, "Comparing two
language identification schemes", JADT): function words are the most frequent words of any text
and each language has its own. The profiles are spaCy's French, English and Spanish stop-word lists,
each without the words it shares with another ("a", "on", "de", "la"...). Spanish is recognised
because real field notes from Latin America sit beside English ones (Kiva's partners); the
field's themes are labelled in French and English. French elisions (l', d', qu', j', n', c', s')
count for French, as they are function words glued to the next word. A text scores one point per
word found in a profile; the largest score wins. Letters with French diacritics break a tie, and a
text with no evidence either way (a name, a number) is None: the caller decides, usually with
the corpus' majority language (`majority_language`).

Field notes are short (one to five sentences) and rich in function words, where the method is
reliable; a character n-gram model would need training data that cannot be fetched here.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from collections.abc import Sequence
from typing import Literal

with warnings.catch_warnings():
    # spaCy's package imports its CLI, hence typer 0.20, which reads click.utils names that
    # click 8.3 deprecates (as in missionlens/cli.py); harmless, and the suite makes warnings errors.
    warnings.simplefilter("ignore", DeprecationWarning)
    from spacy.lang.en.stop_words import STOP_WORDS as _EN_STOP
    from spacy.lang.es.stop_words import STOP_WORDS as _ES_STOP
    from spacy.lang.fr.stop_words import STOP_WORDS as _FR_STOP

Lang = Literal["fr", "en", "es"]
LANGS: tuple[Lang, ...] = ("fr", "en", "es")


def _words(stop: set[str]) -> frozenset[str]:
    return frozenset(w for w in stop if "'" not in w and "’" not in w)


_FRENCH_ONLY = _words(_FR_STOP) - _EN_STOP - _ES_STOP
_ENGLISH_ONLY = _words(_EN_STOP) - _FR_STOP - _ES_STOP
_SPANISH_ONLY = _words(_ES_STOP) - _FR_STOP - _EN_STOP
_WORD = re.compile(r"[^\W\d_]+(?:['’])?", re.UNICODE)
_ELISIONS = frozenset({"l'", "d'", "qu'", "j'", "n'", "c'", "s'", "m'", "t'", "jusqu'", "lorsqu'", "puisqu'"})
_DIACRITICS = re.compile(r"[éèêàâçùûîïôœë]")


def language_scores(text: str) -> tuple[int, int, int]:
    """(French, English, Spanish evidence): the words of the text found in each profile."""
    french = english = spanish = 0
    for match in _WORD.finditer(text.lower()):
        word = match.group().replace("’", "'")
        if word in _ELISIONS:
            french += 1
            continue
        word = word.rstrip("'")
        if word in _FRENCH_ONLY:
            french += 1
        elif word in _ENGLISH_ONLY:
            english += 1
        elif word in _SPANISH_ONLY:
            spanish += 1
    return french, english, spanish


def detect_language(text: str | None) -> Lang | None:
    """"fr", "en" or "es" for a text, None when it carries no evidence for any."""
    if not text:
        return None
    scores = dict(zip(LANGS, language_scores(text), strict=True))
    best = max(scores.values())
    leaders = [lang for lang, score in scores.items() if score == best]
    if best > 0 and len(leaders) == 1:
        return leaders[0]
    if "fr" in leaders and _DIACRITICS.search(text.lower()):
        return "fr"
    return None


def majority_language(found: Sequence[Lang | None], default: Lang = "fr") -> Lang:
    """The most frequent language among texts, `default` when none was recognised or on a tie."""
    counts = Counter(lang for lang in found if lang is not None)
    if not counts:
        return default
    ranked = counts.most_common()
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return default
    return ranked[0][0]


def languages(texts: Sequence[str | None], default: Lang = "fr") -> tuple[Lang, ...]:
    """Each text's language; texts without evidence take the corpus' majority language."""
    found = [detect_language(t) for t in texts]
    fallback = majority_language(found, default)
    return tuple(lang if lang is not None else fallback for lang in found)
