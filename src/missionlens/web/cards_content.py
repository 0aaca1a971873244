"""A card's content as the cards workflow stores it (CardVersion.content), checked and compared.

The content holds both languages, as the template's card files do (docs/cards.md):

    {"title": {"fr", "en"}, "dimensions": [...], "unit": "share" | None,
     "purpose" | "shows" | "use_note": {"fr": text, "en": text},
     "hides" | "perverse_effects" | "defined_with": {"fr": [texts], "en": [texts]},
     "read_with": [keys], "use": "learning", "review_by": "2027-06-30",
     "definition": {"fr", "en"} | None,  # the catalogue's words, for a built-in indicator
     "formula": {"table", "date", "measure", ...} | None,  # an organisation's own indicator
     "source": "template" | "organisation" | "proposed"}

One checker serves the page and any other entry point; its problems name the form field
(`purpose_fr`, `formula_table`...) and say what to write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext

from missionlens.mission import Bilingual, Card, Mission
from missionlens.mission.catalogue import UNITS
from missionlens.mission.own_indicators import DEFINITION_FIELDS, parse_own_indicator
from missionlens.mission.problems import Collector, Locator
from missionlens.mission.targets import USES
from missionlens.mission.texts import LANGS, Lang
from missionlens.review.serialise import joined

TEXTS = ("title", "purpose", "shows", "use_note")
LISTS = ("hides", "perverse_effects", "defined_with")
REQUIRED_TEXTS = ("title", "purpose", "shows")
MAX_TEXT = 2000
# The order fields are compared and shown in.
ORDER = ("title", "dimensions", "unit", "purpose", "shows", "hides", "perverse_effects", "read_with", "use",
         "use_note", "defined_with", "review_by", "definition", "formula")

Problem = tuple[str | None, str]


def from_mission(mission: Mission, key: str) -> dict[str, Any]:
    """Version 1 of a card: the mission's card (the template's, or the organisation's override)."""
    card = mission.cards[key]
    entry = mission.indicators.get(key)
    own = next((c for c in mission.custom_indicators if c.key == key), None)
    formula = None
    if own is not None and own.computable:
        formula = {name: value for name, value in (("table", own.table), ("date", own.date_column),
                   ("measure", own.measure), ("column", own.column), ("where", own.where), ("of", own.of)) if value}
    return {
        "title": {lang: mission.title(key, lang) for lang in LANGS},
        "dimensions": list(mission.dimensions_of(key)),
        "unit": entry.unit if entry is not None else (own.unit if own is not None else None),
        **{name: {lang: getattr(card, name).get(lang) for lang in LANGS} for name in ("purpose", "shows", "use_note")},
        **{name: {lang: list(getattr(card, name).get(lang)) for lang in LANGS} for name in LISTS},
        "read_with": list(card.read_with),
        "use": card.use,
        "review_by": card.review_by.isoformat(),
        "definition": {lang: entry.definition.get(lang) for lang in LANGS} if entry is not None else None,
        "formula": formula,
        "source": card.source,
    }


def as_card(key: str, content: Mapping[str, Any], *, status: str, version: int) -> Card:
    """A stored version as the mission's Card, for the review to carry (review.build_reviews
    `cards`): its texts in both languages, its use, status and version number."""
    def text(name: str) -> Bilingual[str]:
        parts = content.get(name) or {}
        return Bilingual(fr=str(parts.get("fr") or parts.get("en") or ""), en=str(parts.get("en") or parts.get("fr") or ""))

    def items(name: str) -> Bilingual[tuple[str, ...]]:
        parts = content.get(name) or {}
        fr, en = tuple(parts.get("fr") or ()), tuple(parts.get("en") or ())
        return Bilingual(fr=fr or en, en=en or fr)

    review_by = content.get("review_by")
    return Card(
        key=key, purpose=text("purpose"), shows=text("shows"), hides=items("hides"),
        perverse_effects=items("perverse_effects"), read_with=tuple(content.get("read_with") or ()),
        use=content.get("use") or "learning", use_note=text("use_note"), defined_with=items("defined_with"),
        status=status,  # type: ignore[arg-type]
        review_by=dt.date.fromisoformat(review_by) if review_by else dt.date.max, version=version,
        source="template" if content.get("source") == "template" else "organisation",
    )


def from_fields(data: Mapping[str, Any], *, base: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Content from a form's fields (`purpose_fr`, `hides_en` one item a line, `dimensions` a list...).

    A revision starts from `base`, so that what the form does not show (the catalogue's definition)
    is kept as it was.
    """
    content: dict[str, Any] = dict(base or {})
    for name in TEXTS:
        content[name] = {lang: str(data.get(f"{name}_{lang}") or "").strip() for lang in LANGS}
    for name in LISTS:
        content[name] = {lang: _lines(data.get(f"{name}_{lang}")) for lang in LANGS}
    content["dimensions"] = [str(d) for d in (data.get("dimensions") or [])]
    content["unit"] = str(data.get("unit") or "") or None
    content["use"] = str(data.get("use") or "")
    review_by = data.get("review_by")
    content["review_by"] = review_by.isoformat() if isinstance(review_by, dt.date) else str(review_by or "").strip()
    content["read_with"] = [k.strip() for k in str(data.get("read_with") or "").replace(";", ",").split(",") if k.strip()]
    if any(f"formula_{name}" in data for name in DEFINITION_FIELDS):
        formula = {name: str(data.get(f"formula_{name}") or "").strip() for name in DEFINITION_FIELDS}
        content["formula"] = {name: value for name, value in formula.items() if value} or None
    content.setdefault("definition", None)
    content.setdefault("formula", None)
    content.setdefault("source", "proposed")
    return content


def to_fields(content: Mapping[str, Any]) -> dict[str, Any]:
    """The form's initial values for a revision (the inverse of from_fields)."""
    fields: dict[str, Any] = {}
    for name in TEXTS:
        for lang in LANGS:
            fields[f"{name}_{lang}"] = (content.get(name) or {}).get(lang, "")
    for name in LISTS:
        for lang in LANGS:
            fields[f"{name}_{lang}"] = "\n".join((content.get(name) or {}).get(lang, []))
    fields["dimensions"] = list(content.get("dimensions", []))
    fields["unit"] = content.get("unit") or ""
    fields["use"] = content.get("use", "learning")
    fields["review_by"] = content.get("review_by", "")
    fields["read_with"] = ", ".join(content.get("read_with", []))
    return fields


def _lines(value: Any) -> list[str]:
    return [line.strip().lstrip("-•").strip() for line in str(value or "").splitlines() if line.strip().lstrip("-•").strip()]


def check(content: Mapping[str, Any], *, mission: Mission, today: dt.date, key: str, known: set[str]) -> list[Problem]:
    """Every problem of a card's content, each with the field to fix and what to write."""
    problems: list[Problem] = []
    for name in TEXTS:
        for lang in LANGS:
            text = str((content.get(name) or {}).get(lang, ""))
            if name in REQUIRED_TEXTS and not text:
                problems.append((f"{name}_{lang}", _required(lang)))
            elif len(text) > MAX_TEXT:
                problems.append((f"{name}_{lang}", gettext("At most %(n)d characters; shorten it.") % {"n": MAX_TEXT}))
    for name in LISTS:
        for lang in LANGS:
            if not (content.get(name) or {}).get(lang):
                problems.append((f"{name}_{lang}", gettext("Write at least one item, one a line.")))
    dimensions = list(content.get("dimensions") or [])
    if not dimensions:
        problems.append(("dimensions", gettext("Choose the mission dimensions this number informs.")))
    problems += [("dimensions", gettext('"%(d)s" is not a dimension of this mission; choose among %(known)s.')
                  % {"d": d, "known": ", ".join(mission.dimensions)}) for d in dimensions if d not in mission.dimensions]
    if content.get("unit") is not None and content.get("unit") not in UNITS:
        problems.append(("unit", gettext("Choose a unit among %(units)s, or none.") % {"units": ", ".join(UNITS)}))
    if content.get("use") not in USES:
        problems.append(("use", gettext("Choose learning, accountability or reward.")))
    problems += _check_review_by(str(content.get("review_by") or ""), today)
    problems += [("read_with", gettext('"%(key)s" is not an indicator; write indicator keys separated by commas.')
                  % {"key": k}) for k in content.get("read_with", []) if k not in known]
    formula = content.get("formula")
    if formula:
        problems += _check_formula(key, content, dict(formula), mission, known - {key})
    return problems


def _required(lang: str) -> str:
    return gettext("Write it in French.") if lang == "fr" else gettext("Write it in English.")


def _check_review_by(text: str, today: dt.date) -> list[Problem]:
    try:
        when = dt.date.fromisoformat(text)
    except ValueError:
        return [("review_by", gettext("%(text)s is not a date; write it as 2027-06-30.") % {"text": repr(text)})]
    if when <= today:
        # A number nobody questions any more is the one most likely to have drifted (docs/cards.md).
        return [("review_by", gettext("%(when)s is not after today (%(today)s); choose a later date.")
                 % {"when": when.isoformat(), "today": today.isoformat()})]
    return []


def _check_formula(key: str, content: Mapping[str, Any], formula: dict[str, str], mission: Mission,
                   taken: set[str]) -> list[Problem]:
    """The same rules as a mission file's [[indicator]] (mission/own_indicators.py)."""
    collector = Collector(file="form", locator=Locator(""))
    raw: dict[str, Any] = {"key": key, "title": dict(content.get("title") or {}),
                           "dimensions": list(content.get("dimensions") or []) or ["?"], **formula}
    if content.get("unit"):
        raw["unit"] = content["unit"]
    parse_own_indicator(raw, collector.place(), taken=taken, dimensions=list(mission.dimensions))
    out: list[Problem] = []
    for problem in collector.problems:
        if problem.field in DEFINITION_FIELDS:
            out.append((f"formula_{problem.field}", f"{problem.message} {problem.fix}".strip()))
        elif problem.field == "unit":
            out.append(("unit", f"{problem.message} {problem.fix}".strip()))
    return out


def as_toml(key: str, content: Mapping[str, Any]) -> str:
    """The [[indicator]] table to paste into the mission file so the engine computes the number."""
    formula = content.get("formula") or {}
    title = content.get("title") or {}
    lines = ["[[indicator]]", f'key = "{key}"', f'title = {{ fr = {_quoted(title.get("fr", ""))}, en = {_quoted(title.get("en", ""))} }}',
             "dimensions = [" + ", ".join(_quoted(d) for d in content.get("dimensions", [])) + "]"]
    if content.get("unit"):
        lines.append(f'unit = "{content["unit"]}"')
    lines += [f"{name} = {_quoted(formula[name])}" for name in DEFINITION_FIELDS if name in formula]
    return "\n".join(lines)


def _quoted(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def shown(content: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """The content in one language, with the keys of the review's card (review/serialise.card_json)."""
    def text(name: str) -> str:
        return str((content.get(name) or {}).get(lang, ""))

    def items(name: str) -> list[str]:
        return list((content.get(name) or {}).get(lang, []))

    return {
        "title": text("title"), "purpose": text("purpose"), "shows": text("shows"), "use_note": text("use_note"),
        "hides": joined(items("hides")), "hides_items": items("hides"),
        "perverse_effects": joined(items("perverse_effects")), "perverse_effects_items": items("perverse_effects"),
        "defined_with": items("defined_with"), "read_with": list(content.get("read_with", [])),
        "use": content.get("use", ""), "review_by": content.get("review_by", ""),
        "dimensions": list(content.get("dimensions", [])), "unit": content.get("unit") or "",
        "definition": text("definition") if content.get("definition") else "",
        "formula": dict(content.get("formula") or {}), "source": content.get("source", ""),
    }


@dataclass(frozen=True)
class Difference:
    """One field changed between two versions; lists show what was added and removed."""

    field: str
    lang: str
    before: str
    after: str
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()


def differences(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Difference]:
    """What a version changed in the card's content, field by field and language by language."""
    out: list[Difference] = []
    for name in ORDER:
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if isinstance(old, dict) or isinstance(new, dict):
            old_d, new_d = dict(old or {}), dict(new or {})
            for part in sorted(set(old_d) | set(new_d)):
                out += _difference(name, part, old_d.get(part), new_d.get(part))
        else:
            out += _difference(name, "", old, new)
    return out


def _difference(name: str, lang: str, old: Any, new: Any) -> list[Difference]:
    if old == new:
        return []
    if isinstance(old, list) or isinstance(new, list):
        old_l, new_l = [str(x) for x in old or []], [str(x) for x in new or []]
        return [Difference(name, lang, "", "", added=tuple(x for x in new_l if x not in old_l),
                           removed=tuple(x for x in old_l if x not in new_l))]
    return [Difference(name, lang, "" if old is None else str(old), "" if new is None else str(new))]
