"""What the network pages show, assembled from the precomputed network JSON: the network's summary
above the table, and each institution's mini-report (its yearly series as small inline SVG charts
with carried-forward values hollow, its signals with their caveats, its figures year by year).

Charts are web/sparklines.py's inline SVG, drawn in microseconds: report.charts (vl-convert) takes
seconds to start in a server worker. Words come from network.labels, numbers from its `value`.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any, cast

from markupsafe import Markup

from missionlens.network import labels
from missionlens.network.institutions import INDICATORS, IndicatorKey
from missionlens.report.labels import Lang
from missionlens.web.network_regions import region_of
from missionlens.web.sparklines import sparkline, trend

# The mission-drift reading of each tested indicator (network/yearly.py, AGAINST_MISSION).
TESTED: tuple[IndicatorKey, ...] = ("depth", "women_share", "par30")


def _written(key: IndicatorKey, lang: Lang, value: float) -> str:
    return labels.value(key, value, lang)


def _year_points(series: Sequence[Mapping[str, Any]], carried: set[str], span: Sequence[int]) -> list[dict[str, Any]]:
    """One point per year of the span (blank where the institution reports nothing), carried ones
    marked `too_few` so that the chart draws them hollow."""
    by_year = {str(p["period"]): p.get("value") for p in series}
    return [{"period": str(y), "value": by_year.get(str(y)), "too_few": str(y) in carried} for y in span]


def _span(institution: Mapping[str, Any]) -> list[int]:
    years = sorted({int(p["period"]) for points in institution.get("series", {}).values() for p in points})
    return list(range(years[0], years[-1] + 1)) if years else []


def _medians(document: Mapping[str, Any], key: IndicatorKey) -> dict[str, float | None]:
    network = document.get("network") or {}
    return {str(y["period"]): y.get(f"{key}_median") for y in network.get("by_year", [])}


def institution_report(institution: Mapping[str, Any], document: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """The mini-report's parts: charts, alerts, caveats, drift status per indicator, yearly figures."""
    span = _span(institution)
    carried: dict[str, set[str]] = {}
    for c in institution.get("carried_forward", []):
        carried.setdefault(str(c["indicator"]), set()).add(str(c["period"]))
    series: Mapping[str, Sequence[Mapping[str, Any]]] = institution.get("series", {})
    alerts = list(institution.get("alerts", []))
    status = institution.get("drift_status", {})
    charts = []
    for key in INDICATORS:
        points = _year_points(series.get(key, []), carried.get(key, set()), span)
        valued = [p for p in points if p["value"] is not None]
        starts = [str(a["start"]) for a in alerts if a.get("indicator") == key]
        charts.append({
            "key": key, "name": labels.NAMES[lang][key],
            "chart": Markup(trend(points, markers=starts, label=labels.NAMES[lang][key], width=420, height=150,
                                  value_text=functools.partial(_written, key, lang))),
            "latest": labels.value(key, valued[-1]["value"], lang) if valued else "",
            "latest_year": valued[-1]["period"] if valued else "",
            "latest_carried": bool(valued and valued[-1]["too_few"]),
            "carried": len(carried.get(key, set())),
            "values": len(valued),
            "status": status.get(key, "") if key in TESTED else "",
        })
    medians = {key: _medians(document, key) for key in TESTED}
    years = []
    for y in span:
        cells = []
        for key in INDICATORS:
            value = next((p.get("value") for p in series.get(key, []) if str(p["period"]) == str(y)), None)
            cells.append({"text": labels.value(key, value, lang) if value is not None else "",
                          "carried": str(y) in carried.get(key, set())})
        years.append({"year": y, "cells": cells,
                      "network": [labels.value(k, medians[k].get(str(y)), lang) for k in TESTED]})
    return {
        "institution": institution,
        "region": region_of(str(institution.get("country", ""))),
        "span": (span[0], span[-1]) if span else None,
        "charts": charts,
        "against": [a for a in alerts if a.get("against_mission")],
        "other_alerts": [a for a in alerts if not a.get("against_mission")],
        "caveats": list(institution.get("caveats", [])),
        "years": years,
        "names": [labels.SHORT[lang][k] for k in INDICATORS],
        "network_names": [labels.SHORT[lang][k] for k in TESTED],
        "carried_total": sum(len(v) for v in carried.values()),
    }


def network_summary(document: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    """Above the table: the years, how many institutions are too short to judge, the network's
    medians year by year, its own alerts, NGOs against NBFIs and banks, the carried values."""
    network = document.get("network") or {}
    by_year = network.get("by_year", [])
    lines = []
    for key in TESTED:
        points = [{"period": y["period"], "value": y.get(f"{key}_median"), "low": y.get(f"{key}_q1"),
                   "high": y.get(f"{key}_q3"), "too_few": bool(y.get("thin"))} for y in by_year]
        valued = [p for p in points if p["value"] is not None]
        lines.append({
            "name": labels.NAMES[lang][key],
            "chart": Markup(sparkline(points, label=labels.NAMES[lang][key], width=220, height=48)),
            "first": labels.value(key, valued[0]["value"], lang) if valued else "",
            "first_year": valued[0]["period"] if valued else "",
            "last": labels.value(key, valued[-1]["value"], lang) if valued else "",
            "last_year": valued[-1]["period"] if valued else "",
        })
    comparison = [
        {"name": labels.SHORT[lang][cast(IndicatorKey, c["indicator"])],
         "ngo": labels.value(c["indicator"], c.get("ngo_median"), lang), "ngo_n": c.get("ngo_n"),
         "commercial": labels.value(c["indicator"], c.get("commercial_median"), lang),
         "commercial_n": c.get("commercial_n"), "p_value": c.get("p_value")}
        for c in network.get("comparison", []) if c.get("indicator") in INDICATORS
    ]
    totals = network.get("carried_forward_totals", {})
    carried = [{"name": labels.SHORT[lang][cast(IndicatorKey, k)], "carried": v.get("carried", 0),
                "values": v.get("values", 0)} for k, v in totals.items() if k in INDICATORS]
    return {
        "years": document.get("years"),
        "institutions": len(document.get("institutions", [])),
        "too_short": network.get("too_short", 0),
        "tested": network.get("tested_series", 0),
        "ranked": len(network.get("ranking", [])),
        "lines": lines,
        "alerts": network.get("alerts", []),
        "comparison": comparison,
        "carried": carried,
        "income_measures": network.get("income_measures", []),
    }


def figure(key: str, value: float | None, lang: Lang) -> str:
    """A table cell: the value written as the network report writes it."""
    return labels.value(cast(IndicatorKey, key), value, lang) if value is not None else ""
