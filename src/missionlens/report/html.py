"""The report as one HTML page: a Review laid out by mission dimension, with no naked numbers.

Every figure travels with its n, its period and a link to its card and definition; every chart
is an inline SVG (charts.py), so the page needs no network and no JavaScript, and the PDF
(pdf.py) is printed from this very page. The layout: an overview (the story the findings tell,
dated and evidenced, findings.py; key figures per dimension; the attention balance and the
silence map, overview.py), then one section per dimension, each alert beside its indicator
with the chart marking where the change starts, then the methods annex.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from missionlens.report import charts, overview
from missionlens.report.findings import FindingView, findings_for, markers, story
from missionlens.report.voices import voices_by_dimension
from missionlens.report.labels import NBSP, Lang, count, date_text, figure, number, percent, period, text, word
from missionlens.review.model import IndicatorReview, Point, Review, Target

PRESSURE_ORDER = ("none", "internal", "funding", "pay")
TREND_WINDOW = 3  # months averaged at each end of the year-on-year comparison
TREND_FLAT = 0.05  # relative change under which the trend is shown as flat
KEY_FIGURES = 3  # indicators per dimension on the overview


@dataclass(frozen=True)
class Trend:
    arrow: str
    change: str
    direction: str  # up | down | flat


@dataclass(frozen=True)
class Latest:
    value: str
    n: str
    period: str
    interval: str | None
    too_few: bool
    partial: str | None


@dataclass(frozen=True)
class TargetView:
    value: str
    period: str
    pressure: str
    pressure_word: str
    set_by: str


@dataclass(frozen=True)
class IndicatorView:
    key: str
    title: str
    unit: str
    core: bool
    no_data: bool
    latest: Latest | None
    trend: Trend | None
    chart: Markup | None
    thin_points: bool
    band: bool
    start_windows: bool  # a change's mark stands over the shaded starts its figures allow
    hides: tuple[str, ...]
    perverse: tuple[str, ...]
    read_with: tuple[tuple[str, str], ...]
    use: str
    use_key: str
    use_note: str
    status: str
    status_key: str
    review_by: str | None
    version: int | None
    defined_with: tuple[str, ...]
    definition: str
    dimensions: tuple[str, ...]
    targets: tuple[TargetView, ...]
    findings: tuple[FindingView, ...]


@dataclass(frozen=True)
class DimensionView:
    key: str
    title: str
    description: str
    standards: tuple[str, ...]
    primary: tuple[IndicatorView, ...]
    also: tuple[IndicatorView, ...]
    key_figures: tuple[IndicatorView, ...]
    findings: tuple[FindingView, ...]
    targets: int
    pressure: str
    silence: str | None


def trend(points: Sequence[Point]) -> tuple[str, float, float] | None:
    """Mean of the last TREND_WINDOW valued months against the same months a year earlier.

    Returns (direction, relative change, absolute change); None when either window lacks a
    value. Comparing the same months of two years keeps the seasons out of the arrow.
    """
    values = {p.period: p.value for p in points}
    valued = [p for p in points if p.value is not None]
    if not valued:
        return None
    year, month = map(int, valued[-1].period.split("-"))
    recent: list[float] = []
    before: list[float] = []
    for back in range(TREND_WINDOW):
        index = year * 12 + month - 1 - back
        now_value = values.get(f"{index // 12}-{index % 12 + 1:02d}")
        then_value = values.get(f"{(index - 12) // 12}-{(index - 12) % 12 + 1:02d}")
        if now_value is None or then_value is None:
            return None
        recent.append(now_value)
        before.append(then_value)
    old, new = sum(before) / len(before), sum(recent) / len(recent)
    if old == 0:
        return ("flat", 0.0, 0.0) if new == 0 else None
    change = (new - old) / abs(old)
    if abs(change) < TREND_FLAT:
        return "flat", change, new - old
    return ("up" if change > 0 else "down"), change, new - old


def _trend_view(points: Sequence[Point], unit: str, lang: Lang) -> Trend | None:
    seen = trend(points)
    if seen is None:
        return None
    direction, change, difference = seen
    arrow = {"up": "↗", "down": "↘", "flat": "→"}[direction]
    if unit == "share":
        # A share moves in percentage points: "+12 pts" reads better than "+40 %" of a share.
        shown = number(100 * difference, lang, 0 if abs(difference) >= 0.1 else 1)
        sign = "+" if difference > 0 and shown.strip("0,.") else ""
        return Trend(arrow=arrow, change=f"{sign}{shown}{NBSP}pts", direction=direction)
    sign = "+" if change > 0 else ""
    return Trend(arrow=arrow, change=sign + percent(change, lang, 0), direction=direction)


def incomplete_month(review: Review) -> str | None:
    """The month the data ends inside (YYYY-MM), if it does not end on that month's last day.

    Its totals are low because of the calendar, not the activity: the latest value and the
    trend are read on complete months (the chart still shows the incomplete one).
    """
    end = review.data.data_end
    if not end or len(end) < 10:
        return None
    year, month = int(end[:4]), int(end[5:7])
    last_day = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return None if int(end[8:10]) >= last_day else end[:7]


def reference_points(item: IndicatorReview, review: Review) -> tuple[Point, ...]:
    """The monthly points a latest value and a trend are read on (complete months)."""
    partial = incomplete_month(review)
    complete = tuple(p for p in item.monthly if p.period != partial)
    return complete if any(p.value is not None for p in complete) else item.monthly


def _latest(item: IndicatorReview, review: Review, lang: Lang) -> Latest | None:
    point = next((p for p in reversed(reference_points(item, review)) if p.value is not None), None)
    if point is None:
        return None
    interval = None
    if point.low is not None and point.high is not None:
        interval = f"{figure(point.low, item.unit, lang)} – {figure(point.high, item.unit, lang)}"
    partial = None
    if point.period == incomplete_month(review) and review.data.data_end:
        partial = text(lang, "partial", day=date_text(review.data.data_end, lang))
    return Latest(
        value=figure(point.value, item.unit, lang),
        n=count(point.n, lang),
        period=period(point.period, lang),
        interval=interval,
        too_few=point.too_few,
        partial=partial,
    )


def _target_view(target: Target, unit: str, lang: Lang) -> TargetView:
    return TargetView(
        value=figure(target.value, unit, lang),
        period=word(lang, target.period),
        pressure=target.pressure,
        pressure_word=word(lang, target.pressure),
        set_by=target.set_by,
    )


def indicator_view(item: IndicatorReview, review: Review, lang: Lang) -> IndicatorView:
    card = item.card
    no_data = item.status == "no_data" or item.latest() is None
    monthly_target = next((t.value for t in item.targets if t.period == "month"), None)
    chart = None
    marks = markers(item.key, review, lang)
    if not no_data:
        chart = Markup(
            charts.trend_svg(
                item.monthly,
                unit=item.unit,
                lang=lang,
                title=item.title,
                markers=marks,
                target=monthly_target,
            )
        )
    read_with = tuple(
        (key, other.title if (other := review.indicator(key)) is not None else key) for key in card.read_with
    )
    findings = findings_for(item.key, review, lang)
    return IndicatorView(
        key=item.key,
        title=item.title,
        unit=word(lang, item.unit),
        core=item.core,
        no_data=no_data,
        latest=_latest(item, review, lang),
        trend=_trend_view(reference_points(item, review), item.unit, lang),
        chart=chart,
        thin_points=any(p.too_few and p.value is not None for p in item.monthly),
        band=item.unit == "share" and any(p.low is not None for p in item.monthly),
        start_windows=chart is not None and any(m.shaded is not None for m in marks),
        hides=card.hides,
        perverse=card.perverse_effects,
        read_with=read_with,
        use=word(lang, card.use),
        use_key=card.use,
        use_note=card.use_note,
        status=word(lang, card.status),
        status_key=card.status,
        review_by=date_text(card.review_by, lang) if card.review_by else None,
        version=card.version,
        defined_with=card.defined_with,
        definition=item.definition,
        dimensions=item.dimensions,
        targets=tuple(_target_view(t, item.unit, lang) for t in item.targets),
        findings=findings,
    )


def _key_figures(items: Sequence[IndicatorView]) -> tuple[IndicatorView, ...]:
    """Targeted numbers first (the reader must see where pressure sits), then core, then the rest."""
    ranked = sorted(
        (v for v in items if not v.no_data), key=lambda v: (not v.targets, not v.core)
    )
    return tuple(ranked[:KEY_FIGURES])


def _strongest(pressures: Sequence[str]) -> str:
    return max(pressures, key=PRESSURE_ORDER.index, default="none")


def dimension_views(review: Review, views: dict[str, IndicatorView], lang: Lang) -> list[DimensionView]:
    keys = [d.key for d in review.dimensions]
    out: list[DimensionView] = []
    silences = {s.dimension: s.status for s in review.silences}
    for dimension in review.dimensions:
        members = [views[i.key] for i in review.in_dimension(dimension.key)]
        primary = tuple(v for v in members if next(d for d in v.dimensions if d in keys) == dimension.key)
        also = tuple(v for v in members if v not in primary)
        # The dimension's box lists each finding once (a tension is beside both its sides).
        findings = tuple({(f.title, f.evidence): f for v in primary for f in v.findings}.values())
        targets = [t for v in members for t in v.targets]
        out.append(
            DimensionView(
                key=dimension.key,
                title=dimension.title,
                description=dimension.description,
                standards=dimension.standards,
                primary=primary,
                also=also,
                key_figures=_key_figures(members),
                findings=findings,
                targets=len(targets),
                pressure=_strongest([t.pressure for t in targets]),
                silence=silences.get(dimension.key),
            )
        )
    orphans = tuple(v for v in views.values() if not any(d in keys for d in v.dimensions))
    if orphans:
        out.append(
            DimensionView("other", text(lang, "other_indicators"), text(lang, "other_indicators_desc"), (),
                          orphans, (), _key_figures(orphans), (), 0, "none", None)
        )
    return out


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("missionlens.report", "templates"),
        autoescape=select_autoescape(["html", "j2"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def stylesheet() -> str:
    return resources.files("missionlens.report").joinpath("static/report.css").read_text("utf-8")


def context(review: Review, lang: Lang | None = None) -> dict[str, Any]:
    """Everything the templates print, already formatted in the report's language."""
    language: Lang = lang or review.lang
    views = {i.key: indicator_view(i, review, language) for i in review.indicators}
    data = review.data
    first = period(data.first_month, language) if data.first_month else "–"
    last = period(data.last_month, language) if data.last_month else "–"
    titles = {d.key: d.title for d in review.dimensions}
    run = review.signals
    manifest = data.manifest
    created = manifest.get("created")
    return {
        "lang": language,
        "t": lambda key, **values: text(language, key, **values),
        "w": lambda key: word(language, key),
        "c": "\u00a0:" if language == "fr" else ":",
        "review": review,
        "organisation": review.organisation,
        "span": f"{first} → {last}",
        "version": data.version or "–",
        "imported": date_text(str(created), language) if created else None,
        "generated": date_text(review.generated_at.date().isoformat(), language),
        "dimensions": dimension_views(review, views, language),
        "indicators": list(views.values()),
        "story": story(review, language),
        "signals_run": review.signals_run,
        "signals_note": text(language, "story_as_of", month=period(run.as_of, language), tested=run.tested,
                             alpha=number(100 * run.alpha, language)) if run else None,
        "too_short": [views[k].title if k in views else k for k in run.too_short] if run else [],
        "silence_chart": overview.silence_chart(review, titles, language),
        "attention": overview.attention(review, titles, language),
        "notes_pressure": overview.notes_pressure(review, language),
        "voices": voices_by_dimension(review, language),
        "targets": [(views[t.indicator] if t.indicator in views else None, t) for t in review.targets],
        "rows": [(table, count(n, language)) for table, n in data.rows.items()],
        "sources": list(manifest.get("sources", [])),
        "warnings": manifest.get("warnings", 0),
        "first_month": first,
        "last_month": last,
        "data_end": date_text(data.data_end, language) if data.data_end else "–",
        "min_n": review.methods.min_n,
        "confidence": round(100 * review.methods.confidence),
        "figure": lambda value, unit: figure(value, unit, language),
        "titles": titles,
        "day": lambda iso: date_text(str(iso), language),
        "css": Markup(stylesheet()),
    }


def render_html(review: Review, lang: Lang | None = None, *, audience: str | None = None,
                before_annex: Markup | None = None) -> str:
    """The whole report as one self-contained HTML page (styles and charts inline).

    `audience`: who the report is for ("Board", "Funder"...), printed on the cover. `before_annex`:
    a section an adapter adds (the web app's voices of the period), already escaped HTML."""
    return _environment().get_template("report.html.j2").render(
        **context(review, lang), audience=audience, before_annex=before_annex or Markup(""))
