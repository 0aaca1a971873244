"""Mission dimensions: the parts of the mission an organisation names in its own words.

Each dimension may relate to dimensions of the SPTF/Cerise Universal Standards for Social and
Environmental Performance Management, so that a review can be read against that framework.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

from missionlens.mission.problems import Place, suggestion
from missionlens.mission.texts import Bilingual, parse_text

Source = Literal["template", "organisation"]

# The seven dimensions of the Universal Standards (SPTF/Cerise, 2022 edition).
STANDARDS: tuple[str, ...] = (
    "strategy",
    "governance",
    "client-centred products",
    "client protection",
    "responsible HR",
    "responsible growth and returns",
    "environment",
)

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELDS = ("key", "title", "description", "standards")


@dataclass(frozen=True)
class Dimension:
    key: str
    title: Bilingual[str]
    description: Bilingual[str]
    standards: tuple[str, ...]
    source: Source = "template"


def _standard_key(name: str) -> str:
    return name.lower().replace("-", " ").replace("centered", "centred").strip()


_BY_KEY = {_standard_key(s): s for s in STANDARDS}


def parse_standards(value: Any, place: Place) -> tuple[str, ...] | None:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        place.error("standards", f"expected a list of texts, got {value!r}", f"Use some of: {', '.join(STANDARDS)}.")
        return None
    out: list[str] = []
    for name in value:
        canonical = _BY_KEY.get(_standard_key(name))
        if canonical is None:
            place.error(
                "standards",
                f'"{name}" is not a Universal Standards dimension.',
                f"Use some of: {', '.join(STANDARDS)}.{suggestion(name, STANDARDS)}",
            )
            return None
        out.append(canonical)
    return tuple(out)


def check_key(value: Any, place: Place, field: str = "key") -> str | None:
    if not isinstance(value, str) or not KEY_PATTERN.match(value):
        place.error(
            field,
            f"{value!r} is not a usable key.",
            "A key is lowercase letters, digits and underscores, starting with a letter (e.g. access).",
        )
        return None
    return value


def merge_dimension(
    raw: dict[str, Any], place: Place, base: Dimension | None, source: Source, *, known: Collection[str] = ()
) -> Dimension | None:
    """A dimension from a [[dimension]] table, over the template's dimension of the same key."""
    place.check_fields(raw, _FIELDS)
    key = check_key(raw.get("key"), place)
    if key is None:
        return None
    title = parse_text(raw["title"], place, "title") if "title" in raw else None
    description = parse_text(raw["description"], place, "description") if "description" in raw else None
    standards = parse_standards(raw["standards"], place) if "standards" in raw else None
    if base is None:
        if title is None:
            if "title" not in raw:
                place.error("title", f'the new dimension "{key}" has no title.',
                            f"Name it in your own words, or use the key of a template dimension.{suggestion(key, known)}")
            return None
        return Dimension(
            key=key,
            title=Bilingual.from_parts(title),
            description=Bilingual.from_parts(description) if description else Bilingual("", ""),
            standards=standards or (),
            source=source,
        )
    return Dimension(
        key=key,
        title=base.title.replaced(title) if title else base.title,
        description=base.description.replaced(description) if description else base.description,
        standards=standards if standards is not None else base.standards,
        source=source,
    )
