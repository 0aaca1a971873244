"""Trend charts: Vega-Lite specs written with Altair, rendered to SVG by vl-convert.

The same SVG goes into the HTML page and the PDF (DESIGN.md, "charts"): no JavaScript, no
network. A chart shows the monthly values; for a share, the band of its 95 % Wilson interval;
values computed on too few cases as hollow points; and, when a signal gives one, the month a
change started (a marker, over a shaded band: the starts the figures allow), so that the reader
sees the evidence behind each finding.
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
    """A month to mark on a chart: where a change starts (an alert's `start`), and the first and
    last starts the indicator's own figures allow (its `start_window`), shaded behind it."""

    period: str
    label: str
    window: tuple[str, str] | None = None

    @property
    def shaded(self) -> tuple[str, str] | None:
        """The window when it spans more than one month (one month is the mark itself)."""
        return self.window if self.window is not None and self.window[0] != self.window[1] else None


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
    windows = [{"from": f"{m.shaded[0]}-01", "to": f"{m.shaded[1]}-01"} for m in markers if m.shaded is not None]
    if windows:
        layers.insert(0, alt.Chart(_data(windows)).mark_rect(color=ACCENT, opacity=0.12)
                      .encode(x=alt.X("from:T"), x2="to:T"))
    if markers:
        rows = [{"month": f"{m.period}-01", "label": m.label} for m in markers]
        rule = alt.Chart(_data(rows)).encode(x=alt.X("month:T"))
        layers.append(rule.mark_rule(color=ACCENT, strokeDash=[4, 3], strokeWidth=1.4))
        # Labels of changes close in time would overlap: every other one goes a line lower.
        for row in (0, 1):
            labels = rows[row::2]
            if labels:
                layers.append(
                    alt.Chart(_data(labels)).encode(x=alt.X("month:T"))
                    .mark_text(color=ACCENT, align="left", baseline="top", dx=3, dy=-2 + 11 * row, fontSize=9, y=0)
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


# The silence map (issue 4): per dimension, its status, the indicators with data and the
# evidence items of the last twelve months by voice, and the date of the latest.
STATUS_COLOURS = {"silent": "#9b1c1c", "thin": "#d08a3c", "covered": "#2f6f4f"}
VOICE_ORDER = ("borrower", "staff", "volunteer", "manager", "partner", "board")
VOICE_COLOURS = ("#c2691c", "#1d3557", "#5a86b8", "#8a94a6", "#6b4fa0", "#b9c5d6")


@dataclass(frozen=True)
class SilenceRow:
    """One dimension of the silence map, its words already in the reader's language."""

    dimension: str
    status: str
    status_word: str
    indicators: int
    voices: tuple[tuple[str, str, int], ...]  # (role, role in words, items)
    latest: str


def silence_chart(rows: Sequence[SilenceRow], *, lang: Lang, width: int = 640) -> alt.HConcatChart:
    """Four aligned panels, one line per dimension: status, numbers, voices, latest evidence."""
    order = [r.dimension for r in rows]
    no_axis = alt.Y("dimension:N", sort=order, title=None, axis=None)
    height = 24 * max(1, len(rows))
    base_rows = [{"dimension": r.dimension, "status": r.status, "word": r.status_word, "indicators": r.indicators,
                  "items": sum(n for _, _, n in r.voices), "latest": r.latest} for r in rows]
    colours = alt.Scale(domain=list(STATUS_COLOURS), range=list(STATUS_COLOURS.values()))
    # Dimension titles are long: left-aligned in a band of their own, clear of the status tiles.
    labels = alt.Axis(labelFontSize=10, labelLimit=238, ticks=False, domain=False, labelAlign="left",
                      labelPadding=250)
    status = alt.Chart(_data(base_rows)).encode(y=alt.Y("dimension:N", sort=order, title=None, axis=labels))
    status_panel = alt.layer(
        status.mark_rect(cornerRadius=3, opacity=0.9, height=18).encode(
            x=alt.value(0), x2=alt.value(92), color=alt.Color("status:N", scale=colours, legend=None)),
        status.mark_text(color="white", fontSize=9, fontWeight="bold", align="center").encode(
            x=alt.value(46), text="word:N"),
    ).properties(width=92, height=height, title=text(lang, "silence_status"))
    peak = max([r.indicators for r in rows] + [1])
    numbers = alt.Chart(_data(base_rows)).encode(y=no_axis)
    numbers_panel = alt.layer(
        numbers.mark_bar(color=INK, height=12).encode(
            x=alt.X("indicators:Q", title=None, axis=None, scale=alt.Scale(domain=[0, peak * 1.25]))),
        numbers.mark_text(align="left", dx=3, fontSize=9, color=INK).encode(
            x=alt.X("indicators:Q", scale=alt.Scale(domain=[0, peak * 1.25])), text="indicators:Q"),
    ).properties(width=110, height=height, title=text(lang, "silence_numbers_long"))
    voice_rows = [{"dimension": r.dimension, "role": role, "who": who, "items": n, "rank": VOICE_ORDER.index(role)
                   if role in VOICE_ORDER else len(VOICE_ORDER)} for r in rows for role, who, n in r.voices if n]
    roles = [role for role in VOICE_ORDER if any(v["role"] == role for v in voice_rows)]
    roles += sorted({str(v["role"]) for v in voice_rows} - set(roles))
    words = {str(v["role"]): str(v["who"]) for v in voice_rows}
    items_peak = max([sum(n for _, _, n in r.voices) for r in rows] + [1])
    scale = alt.Scale(domain=[0, items_peak * 1.3])
    voices_base = alt.Chart(_data(voice_rows or [{"dimension": order[0] if order else "", "role": "", "who": "",
                                                 "items": 0, "rank": 0}]))
    palette = (list(VOICE_COLOURS) * 2)[: len(roles)] or [MUTED]
    voices_panel = alt.layer(
        voices_base.mark_bar(height=12).encode(
            y=no_axis,
            x=alt.X("sum(items):Q", title=None, axis=None, scale=scale, stack="zero"),
            color=alt.Color("who:N", title=None, scale=alt.Scale(domain=[words[r] for r in roles] or [""],
                                                                 range=palette),
                            legend=alt.Legend(orient="bottom", direction="horizontal", labelFontSize=9,
                                              symbolSize=60, columns=3)),
            order=alt.Order("rank:Q"),
        ),
        alt.Chart(_data(base_rows)).mark_text(align="left", dx=3, fontSize=9, color=INK).encode(
            y=no_axis, x=alt.X("items:Q", scale=scale), text="items:Q"),
    ).properties(width=220, height=height, title=text(lang, "silence_evidence_long"))
    latest_panel = alt.Chart(_data(base_rows)).mark_text(align="left", fontSize=9, color=MUTED).encode(
        y=no_axis, x=alt.value(0), text="latest:N",
    ).properties(width=max(80, width - 92 - 110 - 220 - 250), height=height, title=text(lang, "silence_last"))
    return cast(alt.HConcatChart, (
        alt.hconcat(status_panel, numbers_panel, voices_panel, latest_panel, spacing=12)
        .resolve_scale(color="independent")
        .configure(font=FONT, background="transparent")
        .configure_view(stroke=None)
        .configure_title(fontSize=9, color=MUTED, anchor="start", fontWeight="normal", font=FONT)
        .configure_axis(labelFont=FONT)
    ))


def silence_svg(rows: Sequence[SilenceRow], *, lang: Lang, title: str = "") -> str:
    return to_svg(silence_chart(rows, lang=lang), lang, title=title or text(lang, "silences_title"))
