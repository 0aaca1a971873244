"""A validated panel as one yearly series per institution and indicator (spec/institution-panel.md).

The indicator keys of the network review: `depth` (average_loan_balance / income_per_capita, the
depth of outreach: a smaller loan relative to income reaches poorer people), `women_share`,
`par30`, `active_borrowers` (breadth) and `average_loan_balance`. Each yearly value keeps whether
it repeats the year before unchanged (carried.py): a possible artefact, never a sign of stability.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import pyarrow as pa

from missionlens.network.carried import carried_flags

IndicatorKey = Literal["depth", "women_share", "par30", "active_borrowers", "average_loan_balance"]
INDICATORS: tuple[IndicatorKey, ...] = ("depth", "women_share", "par30", "active_borrowers", "average_loan_balance")
UNITS: dict[IndicatorKey, str] = {
    "depth": "ratio", "women_share": "share", "par30": "share", "active_borrowers": "count",
    "average_loan_balance": "amount",
}
# The legal statuses read as commercial when NGOs are compared with them (Mersland & Strøm 2010;
# Cull, Demirgüç-Kunt & Morduch 2007 compare NGOs with non-bank financial institutions and banks).
COMMERCIAL = ("NBFI", "Bank")


@dataclass(frozen=True)
class YearValue:
    year: int
    value: float
    carried: bool  # equal to the value of the year before: possibly carried forward


@dataclass(frozen=True)
class Institution:
    """One institution's rows, in year order; `legal_status` is that of its latest year."""

    institution_id: str
    name: str
    country: str
    legal_status: str
    legal_statuses: tuple[str, ...]
    years: tuple[int, ...]
    series: Mapping[IndicatorKey, tuple[YearValue, ...]]
    income_measures: tuple[str, ...]

    def values(self, key: IndicatorKey) -> tuple[YearValue, ...]:
        return self.series.get(key, ())

    def value_in(self, key: IndicatorKey, year: int) -> float | None:
        for point in self.values(key):
            if point.year == year:
                return point.value
        return None


def _depth(balance: float | None, income: float | None) -> float | None:
    if balance is None or income is None or income <= 0:
        return None
    return balance / income


def _series(years: Sequence[int], values: Sequence[float | None]) -> tuple[YearValue, ...]:
    flags = carried_flags(list(zip(years, values, strict=True)))
    return tuple(YearValue(y, v, f) for y, v, f in zip(years, values, flags, strict=True) if v is not None)


def _build(rows: Sequence[dict[str, object]]) -> Institution:
    rows = sorted(rows, key=lambda r: int(str(r["year"])))
    years = [int(str(r["year"])) for r in rows]

    def column(name: str) -> list[float | None]:
        return [None if r.get(name) is None else float(str(r[name])) for r in rows]

    balance = column("average_loan_balance")
    income = column("income_per_capita")
    series: dict[IndicatorKey, tuple[YearValue, ...]] = {
        "women_share": _series(years, column("women_share")),
        "par30": _series(years, column("par30")),
        "active_borrowers": _series(years, column("active_borrowers")),
        "average_loan_balance": _series(years, balance),
    }
    balance_carried = {p.year for p in series["average_loan_balance"] if p.carried}
    # Depth moves with income even when the loan balance was carried forward: it inherits the
    # balance's flag, since the institution's own figure did not change.
    series["depth"] = tuple(
        YearValue(y, d, y in balance_carried)
        for y, b, i in zip(years, balance, income, strict=True)
        if (d := _depth(b, i)) is not None
    )
    statuses = tuple(dict.fromkeys(str(r["legal_status"]) for r in rows))
    last = rows[-1]
    return Institution(
        institution_id=str(last["institution_id"]),
        name=str(last["name"]),
        country=str(last["country"]),
        legal_status=str(last["legal_status"]),
        legal_statuses=statuses,
        years=tuple(years),
        series=series,
        income_measures=tuple(sorted({str(r["income_measure"]) for r in rows if r.get("income_measure")})),
    )


def institutions_of(table: pa.Table) -> list[Institution]:
    """The institutions of a validated panel table (data.panel.read_panel), in panel order."""
    groups: dict[str, list[dict[str, object]]] = {}
    for row in table.to_pylist():
        groups.setdefault(str(row["institution_id"]), []).append(row)
    return [_build(rows) for rows in groups.values()]


def is_commercial(legal_status: str) -> bool:
    return legal_status in COMMERCIAL
