"""The mission dashboard's content, from a precomputed review (reviews.py) and the field's voices.

Pure presentation: no query and no computation of indicators here. Organised by dimension
(issue 5): each dimension with its key indicators (small charts, n, trend), its alerts and
tensions, its latest voices; beside them the silence map and the attention balance (where the
pressure of targets sits). Figures are written by report.labels, as in the report.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from markupsafe import Markup

from missionlens.report.html import PRESSURE_ORDER, trend
from missionlens.report.labels import Lang, count, figure, percent, period, word
from missionlens.review import Point
from missionlens.web.sparklines import pair, sparkline

PERIODS: dict[str, int | None] = {"12": 12, "24": 24, "36": 36, "all": None}
DEFAULT_PERIOD = "24"
TILES = 3


@dataclass(frozen=True)
class Voice:
    text: str
    who: str
    date: str
    kind: str
    dimension: str
    borrower: str = ""
    source: str = "note"  # note (imported) | evidence (recorded here)


@dataclass(frozen=True)
class Tile:
    key: str
    title: str
    value: str
    n: str
    period: str
    interval: str
    trend: str
    direction: str
    spark: Markup
    too_few: bool
    no_data: bool
    targeted: bool
    flagged: bool


@dataclass(frozen=True)
class Finding:
    kind: str
    title: str
    evidence: str
    questions: tuple[str, ...]
    meta: str
    indicator: str
    dimensions: tuple[str, ...]
    spark: Markup
    legend: tuple[str, ...] = ()


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    description: str
    status: str | None
    status_word: str
    tiles: tuple[Tile, ...]
    findings: tuple[Finding, ...]
    voices: tuple[Voice, ...]


@dataclass(frozen=True)
class Pressure:
    dimension: str
    title: str
    targets: int
    pressure: str
    pressure_word: str
    share: float


@dataclass(frozen=True)
class Dashboard:
    organisation: str
    first_month: str
    last_month: str
    version: str
    signals_run: bool
    findings: tuple[Finding, ...]
    panels: tuple[Panel, ...]
    silences: tuple[Mapping[str, Any], ...]
    pressures: tuple[Pressure, ...]
    attention: str
    # "organisation" on a branch's page: the findings are the whole organisation's (reviews.py).
    findings_of: str = ""


def window(series: Sequence[Mapping[str, Any]], months: int | None) -> list[Mapping[str, Any]]:
    return list(series if months is None else series[-months:])


def around_change(series: Sequence[Mapping[str, Any]], start: str, before: int = 12) -> list[Mapping[str, Any]]:
    """A finding's chart: from `before` months ahead of the change it dates to the end, whatever
    the period filter, so that the change is always in view."""
    periods = [str(p.get("period")) for p in series]
    first = max(periods.index(start) - before, 0) if start in periods else max(len(series) - 24, 0)
    return list(series[first:])


def _as_points(series: Sequence[Mapping[str, Any]]) -> list[Point]:
    return [Point(str(p["period"]), p.get("value"), p.get("n"), p.get("low"), p.get("high"), bool(p.get("too_few")))
            for p in series]


def latest_point(item: Mapping[str, Any]) -> Mapping[str, Any] | None:
    return next((p for p in reversed(item.get("series", [])) if p.get("value") is not None), None)


def trend_text(item: Mapping[str, Any], lang: Lang) -> tuple[str, str]:
    """(arrow and change, direction) as the report writes them: year on year, shares in points."""
    seen = trend(_as_points(item.get("series", [])))
    if seen is None:
        return "", "none"
    direction, change, difference = seen
    arrow = {"up": "↗", "down": "↘", "flat": "→"}[direction]
    if item.get("unit") == "share":
        points = f"{'+' if difference > 0 else ''}{100 * difference:.0f}".replace("-", "−")
        return f"{arrow} {points} pts", direction
    return f"{arrow} {'+' if change > 0 else ''}{percent(change, lang, 0)}", direction


def markers_of(review: Mapping[str, Any], key: str) -> list[str]:
    starts = [a["start"] for a in review.get("alerts", []) if a.get("indicator") == key]
    starts += [t["start"] for t in review.get("tensions", []) if key in (t.get("volume"), t.get("quality"))]
    return [s for s in dict.fromkeys(starts) if isinstance(s, str)]


def windows_of(review: Mapping[str, Any], key: str) -> list[tuple[str, str]]:
    """The first and last starts each alert's own figures allow (`start_window`), for its chart."""
    out = []
    for a in review.get("alerts", []):
        span = a.get("start_window")
        if a.get("indicator") == key and isinstance(span, list) and len(span) == 2 and span[0] != span[1]:
            out.append((str(span[0]), str(span[1])))
    return list(dict.fromkeys(out))


def tile(review: Mapping[str, Any], item: Mapping[str, Any], lang: Lang, months: int | None) -> Tile:
    point = latest_point(item)
    unit = str(item.get("unit", "count"))
    arrow, direction = trend_text(item, lang)
    interval = ""
    if point is not None and point.get("low") is not None and point.get("high") is not None:
        interval = f"{figure(point['low'], unit, lang)} – {figure(point['high'], unit, lang)}"
    shown = window(item.get("series", []), months)
    return Tile(
        key=str(item["key"]),
        title=str(item.get("title") or item["key"]),
        value=figure(point["value"], unit, lang) if point else "",
        n=count(point.get("n"), lang) if point and point.get("n") is not None else "",
        period=period(str(point["period"]), lang) if point else "",
        interval=interval,
        trend=arrow,
        direction=direction,
        spark=Markup(sparkline(shown, markers=markers_of(review, str(item["key"])), label=str(item.get("title", "")))),
        too_few=bool(point and point.get("too_few")),
        no_data=point is None,
        targeted=bool(item.get("targets")),
        flagged=bool(markers_of(review, str(item["key"]))),
    )


def _title(review: Mapping[str, Any], key: str) -> str:
    found = next((i for i in review.get("indicators", []) if i.get("key") == key), None)
    return str(found.get("title") or key) if found else key


def _series(review: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    found = next((i for i in review.get("indicators", []) if i.get("key") == key), None)
    return list(found.get("series", [])) if found else []


def findings(review: Mapping[str, Any], lang: Lang, since: str, confidence: str) -> tuple[Finding, ...]:
    """Tensions first (the volume ↔ quality story), then alerts; each a question with its evidence."""
    out: list[Finding] = []
    for t in review.get("tensions", []):
        volume, quality = str(t.get("volume")), str(t.get("quality"))
        out.append(Finding(
            kind="tension",
            title=f"{_title(review, volume)} ↔ {_title(review, quality)}",
            evidence=str(t.get("evidence", "")),
            questions=tuple(t.get("questions", ())),
            meta=f"{since} {period(str(t.get('start')), lang)} · {confidence} {figure(t.get('confidence'), 'ratio', lang)}",
            indicator=quality,
            dimensions=tuple(t.get("dimensions", ())),
            spark=Markup(pair(around_change(_series(review, volume), str(t.get("start"))),
                              around_change(_series(review, quality), str(t.get("start"))),
                              start=str(t.get("start")), label=f"{_title(review, volume)} ↔ {_title(review, quality)}")),
            legend=(_title(review, volume), _title(review, quality)),
        ))
    for a in review.get("alerts", []):
        key = str(a.get("indicator"))
        meta = (f"{word(lang, str(a.get('direction')))} {percent(float(a.get('magnitude') or 0), lang, 0)} · "
                f"{since} {period(str(a.get('start')), lang)} · {confidence} {figure(a.get('confidence'), 'ratio', lang)}")
        out.append(Finding(
            kind=str(a.get("kind", "drift")),
            title=_title(review, key),
            evidence=str(a.get("evidence", "")),
            questions=tuple(a.get("questions", ())),
            meta=meta,
            indicator=key,
            dimensions=tuple(a.get("dimensions", ())),
            spark=Markup(sparkline(around_change(_series(review, key), str(a.get("start"))), markers=[str(a.get("start"))],
                                   label=_title(review, key))),
        ))
    rank = {"tension": 0, "outreach": 1, "drift": 2}
    return tuple(sorted(out, key=lambda f: rank.get(f.kind, 3)))


def dots(count_: int) -> str:
    """How much covers a cell of the silence map: ○ nothing, ● a little, ●● some, ●●● plenty."""
    return "○" if count_ <= 0 else "●" if count_ < 3 else "●●" if count_ < 10 else "●●●"


def coverage_dots(silence: Mapping[str, Any]) -> tuple[str, ...]:
    """Numbers, staff, volunteers and borrowers covering one dimension (the sketch's columns)."""
    voices = silence.get("voices") or {}
    staff = int(voices.get("staff", 0)) + int(voices.get("manager", 0))
    return (dots(int(silence.get("indicators", 0))), dots(staff), dots(int(voices.get("volunteer", 0))),
            dots(int(voices.get("borrower", 0))))


def _key_tiles(tiles: list[Tile]) -> tuple[Tile, ...]:
    """Flagged and targeted numbers first (the reader must see where pressure sits), then the rest."""
    ranked = sorted((t for t in tiles if not t.no_data), key=lambda t: (not t.flagged, not t.targeted))
    return tuple(ranked[:TILES])


def pressures(review: Mapping[str, Any], lang: Lang) -> tuple[Pressure, ...]:
    """Targets per dimension and the strongest pressure riding on them (the attention balance).

    The detectors' own balance (`attention` in the review) is used when present; otherwise it is
    read from the mission's targets.
    """
    dimensions = review.get("mission", {}).get("dimensions", [])
    attention = {a.get("dimension"): a for a in (review.get("attention") or {}).get("dimensions", [])}
    of_key = {i["key"]: i.get("dimensions", []) for i in review.get("indicators", [])}
    targets = review.get("mission", {}).get("targets", [])
    rows: list[tuple[Mapping[str, Any], int, list[str]]] = []
    for d in dimensions:
        seen = attention.get(d["key"])
        if seen is not None:
            count_ = len(seen.get("targeted", []))
            kinds = [str(k) for k, n in (seen.get("pressures") or {}).items() if n]
        else:
            mine = [t for t in targets if d["key"] in of_key.get(t.get("indicator"), [])]
            count_, kinds = len(mine), [str(t.get("pressure", "none")) for t in mine]
        rows.append((d, count_, kinds))
    most = max([1, *(n for _, n, _ in rows)])
    out = []
    for d, n, kinds in rows:
        strongest = max((k for k in kinds if k in PRESSURE_ORDER), key=PRESSURE_ORDER.index, default="none")
        out.append(Pressure(str(d["key"]), str(d["title"]), n, strongest, word(lang, strongest), n / most))
    return tuple(out)


def build(
    review: Mapping[str, Any],
    *,
    lang: Lang,
    months: int | None,
    voices: Mapping[str, Sequence[Voice]],
    since: str,
    confidence: str,
) -> Dashboard:
    every = findings(review, lang, since, confidence)
    silences = {s["dimension"]: s for s in review.get("silences", [])}
    panels = []
    for d in review.get("mission", {}).get("dimensions", []):
        key = str(d["key"])
        members = [i for i in review.get("indicators", []) if key in i.get("dimensions", [])]
        status = silences.get(key, {}).get("status")
        panels.append(Panel(
            key=key,
            title=str(d["title"]),
            description=str(d.get("description", "")),
            status=status,
            status_word=word(lang, status) if status else "",
            tiles=_key_tiles([tile(review, i, lang, months) for i in members]),
            findings=tuple(f for f in every if key in f.dimensions),
            voices=tuple(voices.get(key, ())),
        ))
    data = review.get("data", {})
    titles = {d["key"]: d["title"] for d in review.get("mission", {}).get("dimensions", [])}
    return Dashboard(
        organisation=str(review.get("organisation", "")),
        first_month=period(data["first_month"], lang) if data.get("first_month") else "–",
        last_month=period(data["last_month"], lang) if data.get("last_month") else "–",
        version=str(data.get("version") or "–"),
        signals_run=bool(review.get("signals_run")),
        findings=every,
        panels=tuple(panels),
        silences=tuple(
            {**s, "title": titles.get(s.get("dimension"), s.get("dimension")), "status_word": word(lang, s["status"]),
             "dots": coverage_dots(s)}
            for s in review.get("silences", []) if s.get("status")
        ),
        pressures=pressures(review, lang),
        attention=str((review.get("attention") or {}).get("evidence", "")),
        findings_of=str(review.get("findings_of") or ""),
    )


def with_voices(page: Dashboard, voices: Mapping[str, Sequence[Voice]]) -> Dashboard:
    """The page with one viewer's voices in each dimension: the rest of a page depends only on the
    review, so it is built once per review and filter and kept (views/dashboard.py)."""
    return replace(page, panels=tuple(replace(p, voices=tuple(voices.get(p.key, ()))) for p in page.panels))
