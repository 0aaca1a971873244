"""The mission: what an organisation says it is for, and how it wants its numbers read.

A mission file (TOML, documented in docs/mission.md) starts from a built-in template and
adapts it: dimensions in the organisation's words, tensions, targets and the pressure they
carry, card overrides and the organisation's own indicators. Every problem of the file is
reported at once, each with its file, line and field, and what to do.
"""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from missionlens.mission.cards import Card, apply_patch, parse_card_patch, template_cards
from missionlens.mission.catalogue import IndicatorEntry, catalogue
from missionlens.mission.dimensions import Dimension, Source, merge_dimension
from missionlens.mission.own_indicators import CustomIndicator, parse_own_indicator
from missionlens.mission.problems import Collector, Locator, MissionError, Place, Problem, suggestion
from missionlens.mission.targets import Target, choice, parse_target
from missionlens.mission.tensions import Tension, parse_tension
from missionlens.mission.texts import LANGS, Bilingual, Lang

TEMPLATES: tuple[str, ...] = ("microcredit",)
_TOP = ("organisation", "language", "template", "dimension", "tension", "target", "card", "indicator")
# A proposed card is to be written within the template's first review cycle.
_PLACEHOLDER_REVIEW = dt.date(2026, 12, 31)
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True)
class Mission:
    organisation: str
    language: Lang
    template: str
    dimensions: Mapping[str, Dimension]
    tensions: tuple[Tension, ...]
    targets: tuple[Target, ...]
    cards: Mapping[str, Card]
    indicators: Mapping[str, IndicatorEntry]
    custom_indicators: tuple[CustomIndicator, ...] = ()
    warnings: tuple[Problem, ...] = ()
    path: Path | None = None

    @property
    def indicator_keys(self) -> tuple[str, ...]:
        """Built-in and own indicators: one registry."""
        return (*self.indicators, *(c.key for c in self.custom_indicators))

    def title(self, key: str, lang: Lang) -> str:
        if key in self.indicators:
            return self.indicators[key].title.get(lang)
        for own in self.custom_indicators:
            if own.key == key:
                return own.title.get(lang)
        raise KeyError(key)

    def dimensions_of(self, key: str) -> tuple[str, ...]:
        if key in self.indicators:
            return self.indicators[key].dimensions
        return next(c.dimensions for c in self.custom_indicators if c.key == key)

    def targets_for(self, key: str) -> tuple[Target, ...]:
        return tuple(t for t in self.targets if t.indicator == key)

    def with_cards(self, cards: Mapping[str, Card]) -> Mission:
        """The mission with later versions of some of its cards (a card adopted, contested or
        revised since the mission file was written, as the web app's cards workflow keeps them).
        A card for an indicator the mission does not hold is left out: it has no figure to carry."""
        kept = {key: card for key, card in cards.items() if key in self.cards}
        return replace(self, cards={**self.cards, **kept}) if kept else self


def _array(raw: dict[str, Any], name: str, place: Place) -> list[dict[str, Any]]:
    items = raw.get(name, [])
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        place.error(name, f"{name} must be written as [[{name}]] tables.", f"Start each one with a [[{name}]] line.")
        return []
    return items


def _placeholder_card(key: str) -> Card:
    """The card of an own indicator whose card is not written yet: honest about it."""
    fr = "Fiche à écrire avec celles et ceux qui produisent ce chiffre et ceux qui l'utilisent."
    en = "Card to be written with the people who produce this number and those who use it."
    unknown: Bilingual[tuple[str, ...]] = Bilingual(fr=("Pas encore discuté.",), en=("Not discussed yet.",))
    return Card(
        key=key, purpose=Bilingual(fr, en), shows=Bilingual(fr, en), hides=unknown, perverse_effects=unknown,
        read_with=(), use="learning", use_note=Bilingual(fr, en), defined_with=unknown, status="proposed",
        review_by=_PLACEHOLDER_REVIEW, version=1,
    )


def _apply(raw: dict[str, Any], base: Mission, collector: Collector, source: Source) -> Mission:
    """The mission file's content over a base mission (the template, or nothing)."""
    top = collector.place()
    top.check_fields(raw, _TOP)
    organisation = raw.get("organisation", base.organisation)
    if not isinstance(organisation, str) or not organisation.strip():
        top.error("organisation", "the organisation is not named.", 'Add organisation = "Your organisation".')
        organisation = ""
    language = raw.get("language", base.language)
    if not choice(language, LANGS, top, "language"):
        language = base.language

    dimensions = dict(base.dimensions)
    for i, item in enumerate(_array(raw, "dimension", top)):
        key = item.get("key")
        dim = merge_dimension(item, collector.place("dimension", i), dimensions.get(str(key)), source, known=dimensions)
        if dim is not None:
            dimensions[dim.key] = dim

    own = list(base.custom_indicators)
    for i, item in enumerate(_array(raw, "indicator", top)):
        taken = [*base.indicators, *(c.key for c in own)]
        parsed = parse_own_indicator(item, collector.place("indicator", i), taken=taken, dimensions=dimensions)
        if parsed is not None:
            own.append(parsed)
    known = [*base.indicators, *(c.key for c in own)]

    tensions = {t.key: t for t in base.tensions}
    for i, item in enumerate(_array(raw, "tension", top)):
        tension = parse_tension(item, collector.place("tension", i), known, source)
        if tension is not None:
            tensions[tension.key] = tension

    targets = list(base.targets)
    for i, item in enumerate(_array(raw, "target", top)):
        target = parse_target(item, collector.place("target", i), known)
        if target is not None:
            targets.append(target)

    cards = dict(base.cards)
    for c in own:
        cards.setdefault(c.key, _placeholder_card(c.key))
    patches = raw.get("card", {})
    if not isinstance(patches, dict):
        top.error("card", "cards are overridden as [card.<indicator key>] tables.", "Write [card.loans_disbursed].")
        patches = {}
    for key, item in patches.items():
        place = collector.place(f"card.{key}")
        if key not in cards or not isinstance(item, dict):
            place.error(None, f'"{key}" is not a known indicator.', "Override the card of a catalogue key or of an own "
                        f"indicator.{suggestion(key, cards)}")
            continue
        patch = parse_card_patch(item, place, key=key)
        for ref in patch.plain.get("read_with", ()):
            if ref not in cards:
                place.error("read_with", f'"{ref}" is not a known indicator.', f"Use indicator keys.{suggestion(ref, cards)}")
        cards[key] = apply_patch(cards[key], patch)

    mission = replace(
        base, organisation=organisation.strip(), language=language, dimensions=dimensions,
        tensions=tuple(tensions.values()), targets=tuple(targets), cards=cards, custom_indicators=tuple(own),
    )
    _warn_about_targets(mission, collector)
    return mission


def _warn_about_targets(mission: Mission, collector: Collector) -> None:
    """Muller (2018): a number tied to pay is gamed; a learning number made a target stops teaching."""
    for i, target in enumerate(mission.targets):
        place = collector.place("target", i)
        card = mission.cards.get(target.indicator)
        if target.pressure == "pay":
            place.warn("pressure", f'pay depends on "{target.indicator}": expect the perverse effects its card lists.',
                       "Prefer pressure = \"internal\" or \"none\" and discuss the number instead.")
        if card is not None and card.use == "learning" and target.pressure in ("funding", "pay"):
            place.warn("indicator", f'"{target.indicator}" is a learning number (its card) under {target.pressure} '
                       "pressure.", "Keep it for learning, or revise its card with those who defined it.")
        if card is not None and card.status in ("contested", "retired"):
            place.warn("indicator", f'the card of "{target.indicator}" is {card.status}.',
                       "Settle the card before targeting the number.")


def _read(path: Path) -> tuple[dict[str, Any], Collector]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MissionError([Problem(str(path), None, "", None, f"cannot be read ({exc}).",
                                    "Give the path of a UTF-8 TOML mission file.")]) from exc
    collector = Collector(file=str(path), locator=Locator(text))
    try:
        return tomllib.loads(text), collector
    except tomllib.TOMLDecodeError as exc:
        at = _TOML_AT.search(str(exc))
        line, column = (int(at.group(1)), int(at.group(2))) if at else (len(text.splitlines()) or 1, None)
        message = _TOML_AT.sub("", str(exc)).strip()
        raise MissionError([Problem(str(path), line, "", None, f"this is not valid TOML ({message}).",
                                    "Check quotes, brackets and '=' on that line (see docs/mission.md).",
                                    column)]) from exc


@cache
def _template(template: str) -> Mission:
    entries = catalogue(template)
    cards = template_cards(template)
    empty = Mission(organisation="", language="fr", template=template, dimensions={}, tensions=(),
                    targets=(), cards=cards, indicators=entries)
    resource = resources.files("missionlens.mission").joinpath("templates", template, "mission.toml")
    text = resource.read_text(encoding="utf-8")
    collector = Collector(file=f"templates/{template}/mission.toml", locator=Locator(text))
    mission = _apply(tomllib.loads(text), empty, collector, "template")
    collector.raise_if_any()
    return mission


def template_mission(lang: Lang = "fr", template: str = "microcredit") -> Mission:
    """The built-in template as a mission, in the given language."""
    return replace(_template(template), language=lang)


def load_mission(path: Path | None, *, lang: Lang = "fr") -> Mission:
    """A mission file merged over its template; None gives the built-in template (in `lang`).

    Raises MissionError listing every problem (file, line, field, what to do); the warnings
    (an own indicator not computable yet, a target tied to pay...) are kept in Mission.warnings.
    """
    if path is None:
        return template_mission(lang)
    raw, collector = _read(path)
    name = raw.get("template", "microcredit")
    if name not in TEMPLATES:
        collector.place().error("template", f"{name!r} is not a built-in template.",
                                f"Use one of: {', '.join(TEMPLATES)}.")
        collector.raise_if_any()
    if "organisation" not in raw:
        collector.place().error("organisation", "the organisation is not named.", 'Add organisation = "…".')
    if "language" not in raw:
        collector.place().error("language", "the language is not given.", 'Add language = "fr" (or "en").')
    mission = _apply(raw, _template(str(name)), collector, "organisation")
    collector.raise_if_any()
    return replace(mission, path=path, warnings=tuple(collector.warnings))
