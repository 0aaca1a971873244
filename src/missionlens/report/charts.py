"""Trend charts: Vega-Lite specs written with Altair, rendered to SVG by vl-convert.

The same SVG goes into the HTML page and the PDF (DESIGN.md, "charts"): no JavaScript, no
network. A chart shows the monthly values; for a share, the band of its 95 % Wilson interval;
values computed on too few cases as hollow points; and, when a signal gives one, the month a
change started (a marker), so that the reader sees the evidence behind each finding.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import count
from typing import Any, Literal, cast

import altair as alt
import vl_convert

from missionlens.report.labels import Lang, text
from missionlens.review.model import Point

# Altair 5.5 writes Vega-Lite 5.20 specs; render with the same version.
VEGA_LITE = "5.20"
FONT = "DejaVu Sans"
INK = "#1d3557"
BAND = "#7d9cc0"
MUTED = "#8a94a6"
ACCENT = "#c2691c"
TARGET = "#6b4fa0"
GRID = "#e6e9ef"

Locale = Literal["fr-FR", "en-GB"]
_LOCALE: dict[str, Locale] = {"fr": "fr-FR", "en": "en-GB"}
_ids = count(1)


@dataclass(frozen=True)
class Marker:
    """A month to mark on a chart: where a change starts (an alert's `start`)."""

    period: str
    label: str


def _data(rows: list[dict[str, Any]]) -> Any:
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def _rows(points: Sequence[Point]) -> list[dict[str, Any]]:
    return [
        {
            "month": f"{p.period}-01",
            "value": p.value,
            "low": p.low if p.value is not None else None,
            "high": p.high if p.value is not None else None,
            "too_few": bool(p.too_few),
        }
        for p in points
    ]


def _y_format(unit: str, points: Sequence[Point]) -> str:
    if unit == "share":
        return ".0%"
    peak = max((abs(p.value) for p in points if p.value is not None), default=0.0)
    if unit == "amount" and peak >= 100_000:
        return ".2~s"
    if unit in ("ratio", "score") and peak < 10:
        return ".1f"
    return ",.0f"


def trend_chart(
    points: Sequence[Point],
    *,
    unit: str,
    lang: Lang,
    markers: Sequence[Marker] = (),
    target: float | None = None,
    width: int = 470,
    height: int = 105,
) -> alt.LayerChart:
    """The monthly trend of one indicator, with its interval band, thin points and markers."""
    data = _data(_rows(points))
    x = alt.X(
        "month:T",
        title=None,
        axis=alt.Axis(format="%b %y", labelAngle=0, tickCount=8, grid=False, labelColor=MUTED, tickColor=GRID),
    )
    y_axis = alt.Axis(format=_y_format(unit, points), tickCount=4, grid=True, gridColor=GRID, domain=False,
                      ticks=False, labelColor=MUTED, labelPadding=4)
    y = alt.Y("value:Q", title=None, axis=y_axis, scale=alt.Scale(zero=unit != "share" and unit != "score"))
    base = alt.Chart(data).encode(x=x)
    layers: list[Any] = []
    if unit == "share" and any(p.low is not None for p in points):
        layers.append(
            base.mark_area(color=BAND, opacity=0.28).encode(
                y=alt.Y("low:Q", title=None, axis=y_axis), y2="high:Q"
            )
        )
    layers.append(base.mark_line(color=INK, strokeWidth=1.6).encode(y=y))
    layers.append(
        base.transform_filter("datum.too_few && datum.value != null")
        .mark_point(shape="circle", filled=True, fill="white", stroke=MUTED, size=24, strokeWidth=1.2, opacity=1)
        .encode(y=y)
    )
    valued = [p for p in points if p.value is not None]
    if valued:
        last = valued[-1]
        layers.append(
            alt.Chart(_data([{"month": f"{last.period}-01", "value": last.value}]))
            .mark_point(shape="circle", filled=True, color=MUTED if last.too_few else INK, size=30)
            .encode(x=alt.X("month:T"), y=alt.Y("value:Q"))
        )
    if target is not None:
        layers.append(
            alt.Chart(_data([{"target": target}]))
            .mark_rule(color=TARGET, strokeDash=[2, 3], strokeWidth=1.2)
            .encode(y="target:Q")
        )
    if markers:
        rows = [{"month": f"{m.period}-01", "label": m.label} for m in markers]
        rule = alt.Chart(_data(rows)).encode(x=alt.X("month:T"))
        layers.append(rule.mark_rule(color=ACCENT, strokeDash=[4, 3], strokeWidth=1.4))
        layers.append(
            rule.mark_text(color=ACCENT, align="left", baseline="top", dx=3, dy=-2, fontSize=9, y=0)
            .encode(text="label:N")
        )
    return cast(alt.LayerChart, (
        alt.layer(*layers)
        .properties(width=width, height=height)
        .configure(font=FONT, background="transparent")
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=9, labelFont=FONT)
    ))


def sparkline_chart(points: Sequence[Point], *, unit: str, width: int = 130, height: int = 30) -> alt.LayerChart:
    """A small line without axes, for the overview: the shape of the trend only."""
    data = _data(_rows(points))
    base = alt.Chart(data).encode(
        x=alt.X("month:T", axis=None),
        y=alt.Y("value:Q", axis=None, scale=alt.Scale(zero=False)),
    )
    layers: list[Any] = [base.mark_line(color=INK, strokeWidth=1.3, interpolate="monotone")]
    valued = [p for p in points if p.value is not None]
    if valued:
        last = valued[-1]
        layers.append(
            alt.Chart(_data([{"month": f"{last.period}-01", "value": last.value}]))
            .mark_point(shape="circle", filled=True, color=INK, size=14)
            .encode(x=alt.X("month:T", axis=None), y=alt.Y("value:Q", axis=None))
        )
    return cast(alt.LayerChart, (
        alt.layer(*layers)
        .properties(width=width, height=height)
        .configure(background="transparent", padding=2)
        .configure_view(stroke=None)
    ))


def to_svg(chart: alt.TopLevelMixin, lang: Lang, *, title: str = "") -> str:
    """The chart as an SVG string whose ids are unique in the page (many charts share one HTML)."""
    return _unique_ids(_render(json.dumps(chart.to_dict(validate=False), sort_keys=True), lang), title)


@lru_cache(maxsize=512)
def _render(spec: str, lang: Lang) -> str:
    # Cached by spec: the same review rendered as HTML then PDF, or in two languages' drafts,
    # draws each chart once.
    svg: str = vl_convert.vegalite_to_svg(
        json.loads(spec), vl_version=VEGA_LITE, format_locale=_LOCALE[lang], time_format_locale=_LOCALE[lang]
    )
    return svg


def _unique_ids(svg: str, title: str) -> str:
    prefix = f"c{next(_ids)}-"
    svg = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", svg)
    if title:
        svg = svg.replace(">", f' role="img" aria-label="{_attr(title)}">', 1)
    return svg


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def trend_svg(
    points: Sequence[Point],
    *,
    unit: str,
    lang: Lang,
    title: str = "",
    markers: Sequence[Marker] = (),
    target: float | None = None,
) -> str:
    """The trend chart of one indicator as SVG (see trend_chart)."""
    chart = trend_chart(points, unit=unit, lang=lang, markers=markers, target=target)
    return to_svg(chart, lang, title=title or text(lang, "trend"))


def sparkline_svg(points: Sequence[Point], *, unit: str, lang: Lang, title: str = "") -> str:
    return to_svg(sparkline_chart(points, unit=unit), lang, title=title)
