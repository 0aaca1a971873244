"""The indicator catalogue: what each built-in indicator is, in both languages.

The keys, units and dimensions follow the project brief; the definitions of the 13 core
indicators restate spec/microcredit-data.md ("Core indicator definitions") word for word in
substance. The engine (missionlens.indicators) implements them; this module only describes
them. The data live in templates/<template>/catalogue.toml, beside the cards.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Literal, get_args

from missionlens.mission.cards import template_cards
from missionlens.mission.texts import Bilingual

Unit = Literal["count", "amount", "share", "minutes", "ratio", "score"]
UNITS: tuple[str, ...] = get_args(Unit)

# spec/microcredit-data.md, section "Core indicator definitions".
CORE_KEYS: tuple[str, ...] = (
    "loans_disbursed",
    "amount_disbursed",
    "avg_loan_amount",
    "new_borrowers",
    "share_women",
    "share_minimum_benefits",
    "share_unbanked",
    "approval_rate",
    "accompaniment_minutes",
    "minutes_per_new_loan",
    "followup_60d_rate",
    "portfolio_outstanding",
    "par30",
)


@dataclass(frozen=True)
class IndicatorEntry:
    key: str
    title: Bilingual[str]
    unit: Unit
    dimensions: tuple[str, ...]
    core: bool
    definition: Bilingual[str]


def _entry(key: str, raw: dict[str, object]) -> IndicatorEntry:
    title = raw["title"]
    definition = raw["definition"]
    unit = raw["unit"]
    dimensions = raw["dimensions"]
    if not (isinstance(title, dict) and isinstance(definition, dict) and isinstance(dimensions, list)):
        raise ValueError(f"catalogue.toml [{key}]: title and definition need fr and en, dimensions a list")
    if unit not in UNITS:
        raise ValueError(f"catalogue.toml [{key}]: unit {unit!r} is not one of {UNITS}")
    return IndicatorEntry(
        key=key,
        title=Bilingual(fr=str(title["fr"]), en=str(title["en"])),
        unit=unit,  # type: ignore[arg-type]
        dimensions=tuple(str(d) for d in dimensions),
        core=bool(raw.get("core", False)),
        definition=Bilingual(fr=str(definition["fr"]).strip(), en=str(definition["en"]).strip()),
    )


@cache
def catalogue(template: str = "microcredit") -> Mapping[str, IndicatorEntry]:
    """The built-in indicators of a template, in the catalogue's order."""
    text = resources.files("missionlens.mission").joinpath("templates", template, "catalogue.toml")
    raw = tomllib.loads(text.read_text(encoding="utf-8"))
    return MappingProxyType({key: _entry(key, value) for key, value in raw.items()})


def _bullets(items: tuple[str, ...]) -> list[str]:
    return [f"  - {item}" for item in items]


def render_markdown(template: str = "microcredit") -> str:
    """docs/indicators.md: every indicator of the catalogue with the summary of its card."""
    cards = template_cards(template)
    out = [
        "# Indicators",
        "",
        "Every built-in indicator of the social micro-credit template, with the summary of its card.",
        "This page is generated from the catalogue and the cards",
        "(`src/missionlens/mission/templates/microcredit/`): regenerate it with",
        "`uv run --frozen python -c \"from missionlens.mission.catalogue import write_markdown; write_markdown()\"`.",
        "",
        "Periods are calendar months (quarters and years aggregate months); *d* is the last day of the",
        "period P; \"served in P\" means the borrowers with at least one loan disbursed in P. The 13 core",
        "indicators are defined in the import contract (spec/microcredit-data.md) and computed exactly",
        "as written there. A share is in 0..1. How cards work: [cards.md](cards.md).",
        "",
    ]
    for entry in catalogue(template).values():
        card = cards[entry.key]
        out += [
            f"## `{entry.key}`: {entry.title.en} / {entry.title.fr}",
            "",
            f"- **Unit:** {entry.unit}. **Dimensions:** {', '.join(entry.dimensions)}."
            + (" **Core** (spec/microcredit-data.md)." if entry.core else ""),
            f"- **Definition.** {entry.definition.en}",
            f"- **Définition.** {entry.definition.fr}",
            f"- **Purpose.** {card.purpose.en}",
            "- **What it hides.**",
            *_bullets(card.hides.en),
            "- **Perverse effects when it becomes a target.**",
            *_bullets(card.perverse_effects.en),
            f"- **Read it with.** {', '.join(f'`{k}`' for k in card.read_with)}.",
            f"- **Use.** {card.use}: {card.use_note.en} **Status:** {card.status}, "
            f"version {card.version}, review by {card.review_by.isoformat()}.",
            "",
        ]
    return "\n".join(out)


def write_markdown(template: str = "microcredit") -> None:
    """Write docs/indicators.md of a source checkout (the docs test compares it with render_markdown)."""
    root = Path(__file__).resolve().parents[3]
    (root / "docs" / "indicators.md").write_text(render_markdown(template), encoding="utf-8")
