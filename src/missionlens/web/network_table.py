"""The network page's table: one row per institution from the precomputed network JSON, its
filters (legal status, country or region, year range, drift evidence) and its sorting.

Pure functions over the JSON (`missionlens.network/1`, network.serialise): the page never runs
a test. With a year range, an institution is listed when it reports a year inside it, and each
figure is its latest value inside it (its year and whether it was carried forward are shown).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from missionlens.web.network_regions import region_of

Drift = Literal["against", "none", "too_short"]
DRIFTS: tuple[Drift, ...] = ("against", "none", "too_short")
# The columns of the table, in the spec's words: depth of outreach, breadth, women, PAR30.
SHOWN = ("depth", "active_borrowers", "women_share", "par30")
SORTS = ("name", "country", "legal_status", "years", "depth", "active_borrowers", "women_share", "par30",
         "evidence", "carried")
# Sorted from the largest first unless asked otherwise: the strongest evidence, the broadest reach.
DESCENDING_FIRST = frozenset({"evidence", "years", "active_borrowers", "carried"})


@dataclass(frozen=True)
class Query:
    legal_status: str = ""
    country: str = ""
    region: str = ""
    year_from: int | None = None
    year_to: int | None = None
    drift: Drift | Literal[""] = ""
    sort: str = "evidence"
    descending: bool = True

    @property
    def filtered(self) -> bool:
        return bool(self.legal_status or self.country or self.region or self.drift
                    or self.year_from is not None or self.year_to is not None)


@dataclass(frozen=True)
class Latest:
    value: float | None
    year: str = ""
    carried: bool = False


@dataclass(frozen=True)
class Row:
    institution_id: str
    name: str
    country: str
    region: str
    legal_status: str
    legal_statuses: tuple[str, ...]
    first: int | None
    last: int | None
    years: int
    latest: Mapping[str, Latest]
    carried: Mapping[str, int]
    drift: Drift
    evidence: float
    strongest: Mapping[str, Any] | None = None
    caveats: tuple[str, ...] = field(default=())

    @property
    def carried_total(self) -> int:
        return sum(self.carried.values())


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    text = text.strip()
    return int(text) if text.isdigit() and 1900 <= int(text) <= 2100 else None


def read_query(params: Mapping[str, str]) -> Query:
    """The filters and sort from a query string; a value that makes no sense is ignored, not an error."""
    drift = params.get("drift", "")
    key = params.get("sort", "evidence")
    if key not in SORTS:
        key = "evidence"
    order = params.get("order", "")
    descending = order == "desc" if order in ("asc", "desc") else key in DESCENDING_FIRST
    return Query(
        legal_status=params.get("status", "").strip(), country=params.get("country", "").strip(),
        region=params.get("region", "").strip(), year_from=_year(params.get("from")), year_to=_year(params.get("to")),
        drift=drift if drift in DRIFTS else "",  # type: ignore[arg-type]
        sort=key, descending=descending,
    )


def _in_range(period: str, query: Query) -> bool:
    year = _year(period)
    if year is None:
        return False
    return (query.year_from is None or year >= query.year_from) and (query.year_to is None or year <= query.year_to)


def _drift(institution: Mapping[str, Any]) -> tuple[Drift, float, Mapping[str, Any] | None]:
    against = sorted((a for a in institution.get("alerts", []) if a.get("against_mission")),
                     key=lambda a: (-(a.get("confidence") or 0.0), -abs(a.get("magnitude") or 0.0)))
    if against:
        return "against", float(against[0].get("confidence") or 0.0), against[0]
    if institution.get("too_short"):
        return "too_short", 0.0, None
    return "none", 0.0, None


def row_of(institution: Mapping[str, Any], query: Query = Query()) -> Row:
    """One institution's row; its figures are the latest inside the query's year range."""
    carried_years = {(c["indicator"], str(c["period"])) for c in institution.get("carried_forward", [])}
    series: Mapping[str, Sequence[Mapping[str, Any]]] = institution.get("series", {})
    latest = {}
    for key in SHOWN:
        points = [p for p in series.get(key, []) if p.get("value") is not None and _in_range(str(p["period"]), query)]
        if points:
            last = points[-1]
            latest[key] = Latest(float(last["value"]), str(last["period"]), (key, str(last["period"])) in carried_years)
        else:
            latest[key] = Latest(None)
    years = sorted({y for points in series.values() for p in points if (y := _year(str(p.get("period")))) is not None})
    carried: dict[str, int] = {}
    for indicator, _ in carried_years:
        carried[indicator] = carried.get(indicator, 0) + 1
    drift, evidence, strongest = _drift(institution)
    return Row(
        institution_id=str(institution["institution_id"]), name=str(institution.get("name", "")),
        country=str(institution.get("country", "")), region=region_of(str(institution.get("country", ""))),
        legal_status=str(institution.get("legal_status", "")),
        legal_statuses=tuple(institution.get("legal_statuses", ()) or (institution.get("legal_status", ""),)),
        first=years[0] if years else None, last=years[-1] if years else None, years=len(years),
        latest=latest, carried=carried, drift=drift, evidence=evidence, strongest=strongest,
        caveats=tuple(institution.get("caveats", ())),
    )


def _reports_in_range(institution: Mapping[str, Any], query: Query) -> bool:
    if query.year_from is None and query.year_to is None:
        return True
    return any(_in_range(str(p.get("period")), query) for points in institution.get("series", {}).values()
               for p in points)


def _sort_value(row: Row, key: str) -> Any:
    if key in ("name", "country", "legal_status"):
        return str(getattr(row, key)).casefold()
    if key == "years":
        return row.years
    if key == "evidence":
        return (row.evidence, {"against": 2, "none": 1, "too_short": 0}[row.drift])
    if key == "carried":
        return row.carried_total
    return row.latest[key].value


# Rows without a year range, per document (network_for keeps one parsed document per file): the
# table is then a filter and a sort, not 900 rows rebuilt at each request.
_rows: dict[int, tuple[Mapping[str, Any], dict[str, Row]]] = {}
_KEPT = 4


def _whole_rows(document: Mapping[str, Any]) -> dict[str, Row]:
    cached = _rows.get(id(document))
    if cached is not None and cached[0] is document:
        return cached[1]
    rows = {str(i["institution_id"]): row_of(i) for i in document.get("institutions", [])}
    if len(_rows) >= _KEPT:
        _rows.pop(next(iter(_rows)))
    _rows[id(document)] = (document, rows)
    return rows


def table(document: Mapping[str, Any], query: Query) -> list[Row]:
    """The institutions the query keeps, sorted; blank figures always last."""
    whole = None if query.year_from is not None or query.year_to is not None else _whole_rows(document)
    rows = []
    for institution in document.get("institutions", []):
        if query.legal_status and institution.get("legal_status") != query.legal_status:
            continue
        if query.country and institution.get("country") != query.country:
            continue
        if query.region and region_of(str(institution.get("country", ""))) != query.region:
            continue
        if not _reports_in_range(institution, query):
            continue
        row = whole[str(institution["institution_id"])] if whole is not None else row_of(institution, query)
        if query.drift and row.drift != query.drift:
            continue
        rows.append(row)
    known = [r for r in rows if _sort_value(r, query.sort) is not None]
    blank = [r for r in rows if _sort_value(r, query.sort) is None]
    known.sort(key=lambda r: r.name.casefold())
    known.sort(key=lambda r: _sort_value(r, query.sort), reverse=query.descending)
    blank.sort(key=lambda r: r.name.casefold())
    return known + blank


@dataclass(frozen=True)
class Choices:
    legal_statuses: tuple[str, ...]
    countries: tuple[str, ...]
    regions: tuple[str, ...]
    years: tuple[int, ...]


def choices(document: Mapping[str, Any]) -> Choices:
    """What the filters offer: the values present in the panel."""
    institutions = document.get("institutions", [])
    countries = sorted({str(i.get("country", "")) for i in institutions if i.get("country")}, key=str.casefold)
    span = document.get("years") or []
    years = tuple(range(int(span[0]), int(span[1]) + 1)) if len(span) == 2 else ()
    return Choices(
        legal_statuses=tuple(sorted({str(i.get("legal_status", "")) for i in institutions if i.get("legal_status")})),
        countries=tuple(countries),
        regions=tuple(sorted({r for c in countries if (r := region_of(c))})),
        years=years,
    )


def institution_in(document: Mapping[str, Any], institution_id: str) -> Mapping[str, Any] | None:
    return next((i for i in document.get("institutions", []) if str(i.get("institution_id")) == institution_id), None)


def toggled(query: Query, key: str) -> Query:
    """The query sorted by `key`: the other direction when it is already the sort."""
    if query.sort == key:
        return replace(query, descending=not query.descending)
    return replace(query, sort=key, descending=key in DESCENDING_FIRST)


def query_string(query: Query, **changes: Any) -> str:
    """The query as URL parameters (for the sort links and the pages)."""
    from urllib.parse import urlencode

    chosen = replace(query, **changes) if changes else query
    params = {"status": chosen.legal_status, "country": chosen.country, "region": chosen.region,
              "from": "" if chosen.year_from is None else str(chosen.year_from),
              "to": "" if chosen.year_to is None else str(chosen.year_to), "drift": chosen.drift,
              "sort": chosen.sort, "order": "desc" if chosen.descending else "asc"}
    return urlencode({k: v for k, v in params.items() if v})
