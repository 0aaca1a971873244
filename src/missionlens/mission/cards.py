"""Indicator cards: what a number is for, what it shows, what it hides and how it can be gamed.

Cards are data. The template's cards are TOML files (one per indicator, both languages in it,
under templates/<template>/cards/); an organisation overrides any field in its mission file
under [card.<key>]. An override is recorded on the card (source "organisation" and the fields
it changed); it never bumps the version by itself, since only the people who debate a card
decide that it has a new version.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any, Literal, get_args

from missionlens.mission.dimensions import Source
from missionlens.mission.problems import Collector, Locator, MissionError, Place, Problem
from missionlens.mission.targets import USES, Use, choice
from missionlens.mission.texts import LANGS, Bilingual, Lang, parse_text, parse_text_list

Status = Literal["proposed", "adopted", "contested", "retired"]
STATUSES: tuple[str, ...] = get_args(Status)

TEXT_FIELDS: tuple[str, ...] = ("purpose", "shows", "use_note")
LIST_FIELDS: tuple[str, ...] = ("hides", "perverse_effects", "defined_with")
PLAIN_FIELDS: tuple[str, ...] = ("read_with", "use", "status", "review_by", "version")
FIELDS: tuple[str, ...] = TEXT_FIELDS + LIST_FIELDS + PLAIN_FIELDS


@dataclass(frozen=True)
class Card:
    key: str
    purpose: Bilingual[str]
    shows: Bilingual[str]
    hides: Bilingual[tuple[str, ...]]
    perverse_effects: Bilingual[tuple[str, ...]]
    read_with: tuple[str, ...]
    use: Use
    # How the number should (and should not) be used: "watch it, never target it".
    use_note: Bilingual[str]
    defined_with: Bilingual[tuple[str, ...]]
    status: Status
    review_by: dt.date
    version: int
    source: Source = "template"
    overridden: tuple[str, ...] = ()

    def text(self, field: str, lang: Lang) -> str | tuple[str, ...]:
        """A text field (purpose, shows, hides, perverse_effects, use_note, defined_with) in one language."""
        if field not in TEXT_FIELDS + LIST_FIELDS:
            raise KeyError(f"{field} is not a text field of a card; text fields: {TEXT_FIELDS + LIST_FIELDS}")
        value: Bilingual[Any] = getattr(self, field)
        result: str | tuple[str, ...] = value.get(lang)
        return result


@dataclass(frozen=True)
class CardPatch:
    """The fields a card file or a [card.<key>] table gives, parsed and checked."""

    plain: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, dict[Lang, Any]] = field(default_factory=dict)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(f for f in FIELDS if f in self.plain or f in self.texts)


def _parse_plain(name: str, value: Any, place: Place) -> Any:
    if name == "use":
        return value if choice(value, USES, place, "use") else None
    if name == "status":
        return value if choice(value, STATUSES, place, "status") else None
    if name == "version":
        if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
            return value
        place.error("version", f"{value!r} is not a version number.", "Write a whole number from 1, e.g. version = 2.")
        return None
    if name == "review_by":
        if isinstance(value, dt.date):
            return value if not isinstance(value, dt.datetime) else value.date()
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            place.error("review_by", f"{value!r} is not a date.", "Write it as 2026-06-30.")
            return None
    # read_with: keys are checked against the mission's indicators by the caller.
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    place.error("read_with", f"{value!r} is not a list of indicator keys.", 'Write ["par30", "followup_60d_rate"].')
    return None


def _add_text(patch: CardPatch, name: str, value: Any, place: Place) -> None:
    parsed: dict[Lang, Any] | None = (
        parse_text(value, place, name) if name in TEXT_FIELDS else parse_text_list(value, place, name)
    )
    if parsed is not None:
        patch.texts.setdefault(name, {}).update(parsed)


def parse_card_patch(raw: dict[str, Any], place: Place, *, key: str) -> CardPatch:
    """Read a card's fields; texts may be plain (both languages) or split into [fr]/[en] tables."""
    place.check_fields(raw, FIELDS + LANGS + ("key",))
    if "key" in raw and raw["key"] != key:
        place.error("key", f'the card says key "{raw["key"]}" but belongs to "{key}".', f'Write key = "{key}".')
    patch = CardPatch()
    for name, value in raw.items():
        if name in PLAIN_FIELDS:
            parsed = _parse_plain(name, value, place)
            if parsed is not None:
                patch.plain[name] = parsed
        elif name in TEXT_FIELDS + LIST_FIELDS:
            _add_text(patch, name, value, place)
    for lang in LANGS:
        sub = raw.get(lang)
        if sub is None:
            continue
        sub_place = place.child(lang)
        if not isinstance(sub, dict):
            place.error(lang, f"[{lang}] must be a table of texts.", f"Write [{place.table}.{lang}] then the texts.")
            continue
        sub_place.check_fields(sub, TEXT_FIELDS + LIST_FIELDS)
        for name, value in sub.items():
            if name in TEXT_FIELDS + LIST_FIELDS:
                _add_text(patch, name, {lang: value}, sub_place)
    return patch


def build_card(key: str, patch: CardPatch, place: Place) -> Card | None:
    """A complete card from a patch that gives every field in both languages (a template card)."""
    missing = [f for f in FIELDS if f not in patch.plain and f not in patch.texts]
    missing += [f"{f}.{lang}" for f, parts in patch.texts.items() for lang in LANGS if lang not in parts]
    if missing:
        place.error(None, f'the card of "{key}" lacks {", ".join(missing)}.', "Every field, in fr and en.")
        return None
    fields: dict[str, Any] = {name: Bilingual(fr=parts["fr"], en=parts["en"]) for name, parts in patch.texts.items()}
    fields.update(patch.plain)
    return Card(key=key, **fields)


def apply_patch(card: Card, patch: CardPatch) -> Card:
    """The card with an organisation's overrides, recorded as such; the version is left as it is."""
    changes: dict[str, Any] = dict(patch.plain)
    for name, parts in patch.texts.items():
        # A plain text was already given to both languages; a [card.<key>.fr] table only to one.
        current: Bilingual[Any] = getattr(card, name)
        changes[name] = current.replaced(parts)
    overridden = tuple(dict.fromkeys(card.overridden + patch.fields))
    return replace(card, **changes, source="organisation", overridden=overridden)


def read_card_file(key: str, text: str, file: str) -> tuple[Card | None, list[Problem]]:
    """One template card file; the problems are returned, not raised, to be reported together."""
    collector = Collector(file=file, locator=Locator(text))
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        return None, [Problem(file=file, line=None, where="", field=None, message=str(exc))]
    place = collector.place()
    card = build_card(key, parse_card_patch(raw, place, key=key), place)
    return card, collector.problems


@cache
def template_cards(template: str = "microcredit") -> dict[str, Card]:
    """The built-in cards of a template, one TOML file per indicator (read from the package)."""
    folder = resources.files("missionlens.mission").joinpath("templates", template, "cards")
    cards: dict[str, Card] = {}
    problems: list[Problem] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        key = entry.name.removesuffix(".toml")
        card, found = read_card_file(key, entry.read_text(encoding="utf-8"), f"templates/{template}/cards/{entry.name}")
        problems += found
        if card is not None:
            cards[key] = card
    if problems:
        raise MissionError(problems)
    return cards
