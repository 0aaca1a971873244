"""Bilingual text: every user-facing word of a mission exists in French and in English.

A mission file may give a text as a plain string (the organisation's own words, used in both
languages, since they are the truth of that organisation) or as a table `{fr = "...", en = "..."}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar

from missionlens.mission.problems import Place

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")

T = TypeVar("T")


@dataclass(frozen=True)
class Bilingual(Generic[T]):
    """The same text in French and English."""

    fr: T
    en: T

    def get(self, lang: Lang) -> T:
        return self.fr if lang == "fr" else self.en

    def replaced(self, parts: dict[Lang, T]) -> Bilingual[T]:
        return Bilingual(fr=parts.get("fr", self.fr), en=parts.get("en", self.en))

    @staticmethod
    def from_parts(parts: dict[Lang, T]) -> Bilingual[T]:
        """Both languages from what was given; a missing language takes the other's words."""
        fr = parts["fr"] if "fr" in parts else parts["en"]
        en = parts["en"] if "en" in parts else parts["fr"]
        return Bilingual(fr=fr, en=en)


def _one_text(value: Any, place: Place, field: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        place.error(field, f"expected a non-empty text, got {value!r}", 'Write it between quotes: "…".')
        return None
    return value.strip()


def _one_list(value: Any, place: Place, field: str) -> tuple[str, ...] | None:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        place.error(field, f"expected a list of non-empty texts, got {value!r}", 'Write ["…", "…"].')
        return None
    return tuple(v.strip() for v in value)


def _by_language(value: Any, place: Place, field: str) -> dict[Lang, Any] | None:
    if not isinstance(value, dict):
        return {"fr": value, "en": value}
    unknown = sorted(set(value) - set(LANGS))
    if unknown or not value:
        place.error(field, f"languages {unknown or '(none)'} are not known", "Use fr and/or en.")
        return None
    return {lang: value[lang] for lang in LANGS if lang in value}


def parse_text(value: Any, place: Place, field: str) -> dict[Lang, str] | None:
    """A text in one or both languages; None (with an error recorded) when it is not one."""
    parts = _by_language(value, place, field)
    if parts is None:
        return None
    out: dict[Lang, str] = {}
    for lang, v in parts.items():
        text = _one_text(v, place, f"{field}.{lang}" if isinstance(value, dict) else field)
        if text is None:
            return None
        out[lang] = text
    return out


def parse_text_list(value: Any, place: Place, field: str) -> dict[Lang, tuple[str, ...]] | None:
    """A list of texts in one or both languages."""
    parts = _by_language(value, place, field)
    if parts is None:
        return None
    out: dict[Lang, tuple[str, ...]] = {}
    for lang, v in parts.items():
        items = _one_list(v, place, f"{field}.{lang}" if isinstance(value, dict) else field)
        if items is None:
            return None
        out[lang] = items
    return out
