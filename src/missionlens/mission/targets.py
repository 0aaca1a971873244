"""Targets, and the pressure they carry.

Muller (The Tyranny of Metrics, 2018): the more a number is tied to rewards and punishments,
the more it is gamed. A target therefore says who set it and what rides on it: nothing
(`none`), the organisation's own steering (`internal`), a funding agreement (`funding`) or
people's pay (`pay`). The review shows this pressure beside every targeted number.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal, get_args

from missionlens.mission.problems import Place, suggestion

Period = Literal["month", "quarter", "year"]
Pressure = Literal["none", "internal", "funding", "pay"]
Use = Literal["learning", "accountability", "reward"]

PERIODS: tuple[str, ...] = get_args(Period)
PRESSURES: tuple[str, ...] = get_args(Pressure)
USES: tuple[str, ...] = get_args(Use)

_FIELDS = ("indicator", "value", "period", "pressure", "set_by", "use")


@dataclass(frozen=True)
class Target:
    indicator: str
    value: float
    period: Period
    pressure: Pressure
    set_by: str
    use: Use | None = None


def choice(value: Any, choices: tuple[str, ...], place: Place, field: str) -> bool:
    if isinstance(value, str) and value in choices:
        return True
    place.error(
        field,
        f"{value!r} is not one of {', '.join(choices)}.",
        f"Write one of them.{suggestion(value, choices) if isinstance(value, str) else ''}",
    )
    return False


def parse_target(raw: dict[str, Any], place: Place, known: Collection[str]) -> Target | None:
    place.check_fields(raw, _FIELDS)
    ok = True
    indicator = raw.get("indicator")
    if not (isinstance(indicator, str) and indicator in known):
        place.error(
            "indicator",
            f"{indicator!r} is not a known indicator.",
            "Use a key of the catalogue (docs/indicators.md) or declare it under [[indicator]]."
            + (suggestion(indicator, known) if isinstance(indicator, str) else ""),
        )
        ok = False
    value = raw.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float):
        place.error("value", f"{value!r} is not a number.", "Write the target as a number, e.g. value = 1800 or 0.3.")
        ok = False
    ok = choice(raw.get("period"), PERIODS, place, "period") and ok
    ok = choice(raw.get("pressure"), PRESSURES, place, "pressure") and ok
    set_by = raw.get("set_by")
    if not isinstance(set_by, str) or not set_by.strip():
        place.error("set_by", "a target must say who set it and when.", 'Add e.g. set_by = "board, 2025".')
        ok = False
    use = raw.get("use")
    if use is not None:
        ok = choice(use, USES, place, "use") and ok
    if not ok:
        return None
    return Target(
        indicator=str(indicator),
        value=float(value),  # type: ignore[arg-type]
        period=raw["period"],
        pressure=raw["pressure"],
        set_by=str(set_by).strip(),
        use=use,
    )
