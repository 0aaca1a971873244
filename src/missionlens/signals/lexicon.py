"""A small French and English lexicon of pressure and lack of time in staff notes.

The study behind missionlens (Drujon d'Astros, Leca, Morales 2024) heard field staff speak of
targets, of being rushed and of having no time left for people. Until the voices package brings
real text analysis, a note voices pressure when it contains one of these expressions, matched on
lowercased text stripped of accents, at word boundaries. The list is written from how people
speak of workload in French and English, not fitted to any data set.
"""

from __future__ import annotations

import re
import unicodedata

_FRENCH = (
    "pression", "sous pression", "objectif chiffre", "objectifs chiffres", "faire du chiffre", "du chiffre",
    "pas le temps", "plus le temps", "manque de temps", "faute de temps", "pas eu le temps",
    "deborde", "debordee", "debordes", "debordees", "surcharge", "surchargee", "surmenage", "a la chaine",
    "cadence", "cadences", "rendement", "epuise", "epuisee", "epuisement", "a bout", "stress", "stresse",
    "stressee", "quota", "quotas", "trop de dossiers", "course aux dossiers", "bacle", "baclee", "bacler",
    "expedie", "expedier", "au pas de course", "en urgence", "a flux tendu", "charge de travail",
    "on court", "course contre la montre", "productivite",
)
_ENGLISH = (
    "pressure", "pressured", "no time", "not enough time", "lack of time", "short of time", "ran out of time",
    "overloaded", "overworked", "overwhelmed", "swamped", "rushed", "rushing", "rush", "targets", "target",
    "quota", "quotas", "burnout", "burned out", "burnt out", "exhausted", "exhaustion", "too many files",
    "too many cases", "caseload is", "behind schedule", "cut short", "stretched thin", "stretched",
    "workload", "productivity", "numbers game", "hit the numbers",
)


def _normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


_PATTERN = re.compile(
    r"\b(?:" + "|".join(re.escape(_normalise(t)) for t in sorted({*_FRENCH, *_ENGLISH}, key=len, reverse=True))
    + r")\b"
)


def voices_pressure(text: str | None) -> bool:
    """Whether a note speaks of pressure or lack of time."""
    if not text:
        return False
    return _PATTERN.search(_normalise(text)) is not None
