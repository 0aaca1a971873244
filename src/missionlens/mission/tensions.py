"""Tensions: a volume indicator paired with the quality indicators it can crush.

A tension is declared, not discovered: the organisation says which numbers pull against each
other (Drujon d'Astros, Leca, Morales 2024: the number of loans against the time given to each
person). The signals layer then watches each pair for a volume rising while its quality falls.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from missionlens.mission.dimensions import Source
from missionlens.mission.problems import Place, suggestion
from missionlens.mission.texts import Bilingual, parse_text

_FIELDS = ("volume", "quality", "why", "lag_months")


@dataclass(frozen=True)
class Tension:
    volume: str
    quality: tuple[str, ...]
    why: Bilingual[str]
    # Months after which the quality is expected to show the damage (arrears surface late).
    lag_months: int | None = None
    source: Source = "template"

    @property
    def key(self) -> str:
        return f"{self.volume}~{'+'.join(self.quality)}"


def _known(value: Any, place: Place, field: str, known: Collection[str]) -> bool:
    if isinstance(value, str) and value in known:
        return True
    place.error(
        field,
        f"{value!r} is not a known indicator.",
        "Use a key of the catalogue (docs/indicators.md) or declare it under [[indicator]]."
        + (suggestion(value, known) if isinstance(value, str) else ""),
    )
    return False


def parse_tension(raw: dict[str, Any], place: Place, known: Collection[str], source: Source) -> Tension | None:
    place.check_fields(raw, _FIELDS)
    ok = True
    volume = raw.get("volume")
    if volume is None:
        place.error("volume", "a tension needs its volume indicator.", 'Add volume = "loans_disbursed" (for example).')
        ok = False
    elif not _known(volume, place, "volume", known):
        ok = False
    quality = raw.get("quality")
    if isinstance(quality, str):
        quality = [quality]
    if not isinstance(quality, list) or not quality:
        place.error("quality", "a tension needs the quality indicators the volume can crush.",
                    'Add quality = ["minutes_per_new_loan"] (for example).')
        return None
    for q in quality:
        ok = _known(q, place, "quality", known) and ok
    if ok and volume in quality:
        place.error("quality", f'"{volume}" cannot be in tension with itself.', "Remove it from quality.")
        ok = False
    why = parse_text(raw["why"], place, "why") if "why" in raw else None
    if "why" not in raw:
        place.error("why", "a tension must say why these numbers pull against each other.",
                    "Add why = \"…\" in your own words.")
    lag = raw.get("lag_months")
    if lag is not None and (not isinstance(lag, int) or isinstance(lag, bool) or not 0 <= lag <= 36):
        place.error("lag_months", f"{lag!r} is not a number of months from 0 to 36.", "Write e.g. lag_months = 6.")
        ok = False
    if not ok or why is None:
        return None
    return Tension(
        volume=str(volume),
        quality=tuple(str(q) for q in quality),
        why=Bilingual.from_parts(why),
        lag_months=lag,
        source=source,
    )
