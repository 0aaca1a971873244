"""Small inline SVG trend lines for the dashboard, drawn in Python in microseconds.

The report's charts (report.charts, Vega-Lite through vl-convert) are used on the indicator
page; the dashboard shows some forty small lines per request and must answer within 200 ms, so
these are plain polylines: the monthly values, the interval band of a share, hollow points
where there are too few cases, and a dashed mark at the month a signal dates a change.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

WIDTH = 160
HEIGHT = 40
PAD = 3


def sparkline(
    points: Sequence[Mapping[str, Any]], *, markers: Sequence[str] = (), label: str = "", width: int = WIDTH,
    height: int = HEIGHT,
) -> str:
    """SVG text of one series (`points` as in the review JSON: period, value, low, high, too_few)."""
    valued = [(i, p) for i, p in enumerate(points) if p.get("value") is not None]
    if not valued:
        return ""
    values = [float(p["value"]) for _, p in valued]
    values += [float(p[k]) for _, p in valued for k in ("low", "high") if p.get(k) is not None]
    low, high = min(values), max(values)
    span = (high - low) or abs(high) or 1.0
    last = max(len(points) - 1, 1)

    def x(i: int) -> float:
        return PAD + (width - 2 * PAD) * i / last

    def y(v: float) -> float:
        return height - PAD - (height - 2 * PAD) * (v - low) / span

    parts = [
        f'<svg class="spark" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}" preserveAspectRatio="none">'
    ]
    banded = [(i, p) for i, p in valued if p.get("low") is not None and p.get("high") is not None]
    if banded:
        top = " ".join(f"{x(i):.1f},{y(float(p['high'])):.1f}" for i, p in banded)
        bottom = " ".join(f"{x(i):.1f},{y(float(p['low'])):.1f}" for i, p in reversed(banded))
        parts.append(f'<polygon class="spark-band" points="{top} {bottom}"/>')
    periods = [str(p.get("period")) for p in points]
    for period in markers:
        if period in periods:
            at = x(periods.index(period))
            parts.append(f'<line class="spark-mark" x1="{at:.1f}" x2="{at:.1f}" y1="0" y2="{height}"/>')
    line = " ".join(f"{x(i):.1f},{y(float(p['value'])):.1f}" for i, p in valued)
    parts.append(f'<polyline class="spark-line" points="{line}"/>')
    for i, p in valued:
        if p.get("too_few"):
            parts.append(f'<circle class="spark-thin" cx="{x(i):.1f}" cy="{y(float(p["value"])):.1f}" r="1.6"/>')
    i, p = valued[-1]
    parts.append(f'<circle class="spark-last" cx="{x(i):.1f}" cy="{y(float(p["value"])):.1f}" r="2.2"/>')
    parts.append("</svg>")
    return "".join(parts)


def _ticks(low: float, high: float) -> tuple[float, float]:
    return (low, high) if high > low else (low - 1, high + 1)


def trend(
    points: Sequence[Mapping[str, Any]],
    *,
    markers: Sequence[str] = (),
    target: float | None = None,
    label: str = "",
    value_text: Callable[[float], str] = str,
    width: int = 640,
    height: int = 200,
    windows: Sequence[tuple[str, str]] = (),
) -> str:
    """The indicator page's chart: the line, the band of a share, thin points, change marks over
    the shaded starts each change's figures allow (`windows`, first and last month), the target,
    with the lowest and highest values and the first and last months written on it."""
    valued = [(i, p) for i, p in enumerate(points) if p.get("value") is not None]
    if not valued:
        return ""
    values = [float(p["value"]) for _, p in valued]
    values += [float(p[k]) for _, p in valued for k in ("low", "high") if p.get(k) is not None]
    if target is not None:
        values.append(float(target))
    low, high = _ticks(min(values), max(values))
    left, right, top, bottom = 64, 8, 10, 24
    last = max(len(points) - 1, 1)

    def x(i: int) -> float:
        return left + (width - left - right) * i / last

    def y(v: float) -> float:
        return top + (height - top - bottom) * (1 - (v - low) / (high - low))

    parts = [f'<svg class="trend" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}">']
    for v in (low, (low + high) / 2, high):
        parts.append(f'<line class="trend-grid" x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}"/>')
        parts.append(f'<text class="trend-axis" x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">'
                     f"{escape(value_text(v))}</text>")
    for i in sorted({0, len(points) - 1}):
        anchor = "start" if i == 0 else "end"
        parts.append(f'<text class="trend-axis" x="{x(i):.1f}" y="{height - 6}" text-anchor="{anchor}">'
                     f'{escape(str(points[i].get("period", "")))}</text>')
    banded = [(i, p) for i, p in valued if p.get("low") is not None and p.get("high") is not None]
    if banded:
        upper = " ".join(f"{x(i):.1f},{y(float(p['high'])):.1f}" for i, p in banded)
        lower = " ".join(f"{x(i):.1f},{y(float(p['low'])):.1f}" for i, p in reversed(banded))
        parts.append(f'<polygon class="spark-band" points="{upper} {lower}"/>')
    if target is not None:
        parts.append(f'<line class="trend-target" x1="{left}" x2="{width - right}" y1="{y(target):.1f}" '
                     f'y2="{y(target):.1f}"/>')
    periods = [str(p.get("period")) for p in points]
    for first, final in windows:
        # Clipped to the months shown: a window may begin before the chosen period.
        inside = [i for i, p in enumerate(periods) if first <= p <= final]
        if len(inside) > 1:
            parts.append(f'<rect class="trend-window" x="{x(inside[0]):.1f}" y="{top}" '
                         f'width="{x(inside[-1]) - x(inside[0]):.1f}" height="{height - bottom - top}"/>')
    for period in markers:
        if period in periods:
            at = x(periods.index(period))
            parts.append(f'<line class="spark-mark" x1="{at:.1f}" x2="{at:.1f}" y1="{top}" y2="{height - bottom}"/>')
            parts.append(f'<text class="trend-mark" x="{at + 3:.1f}" y="{top + 9}">{escape(period)}</text>')
    parts.append('<polyline class="spark-line" points="'
                 + " ".join(f"{x(i):.1f},{y(float(p['value'])):.1f}" for i, p in valued) + '"/>')
    for i, p in valued:
        css = "spark-thin" if p.get("too_few") else "trend-point"
        parts.append(f'<circle class="{css}" cx="{x(i):.1f}" cy="{y(float(p["value"])):.1f}" r="2.4">'
                     f'<title>{escape(str(p.get("period")))}: {escape(value_text(float(p["value"])))}'
                     f'{" · n = " + str(p.get("n")) if p.get("n") is not None else ""}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def pair(
    volume: Sequence[Mapping[str, Any]], quality: Sequence[Mapping[str, Any]], *, start: str = "", label: str = "",
    width: int = 300, height: int = 64,
) -> str:
    """A tension's two series on one small chart, each on its own scale (their shapes, not their
    units, are compared), with the month the tension starts shaded onward."""
    lines = []
    periods = [str(p.get("period")) for p in volume] or [str(p.get("period")) for p in quality]
    last = max(len(periods) - 1, 1)
    for css, series in (("pair-volume", volume), ("pair-quality", quality)):
        valued = [(i, float(p["value"])) for i, p in enumerate(series) if p.get("value") is not None]
        if not valued:
            continue
        low, high = min(v for _, v in valued), max(v for _, v in valued)
        span = (high - low) or 1.0
        coords = " ".join(
            f"{PAD + (width - 2 * PAD) * i / last:.1f},{height - PAD - (height - 2 * PAD) * (v - low) / span:.1f}"
            for i, v in valued
        )
        lines.append(f'<polyline class="{css}" points="{coords}"/>')
    if not lines:
        return ""
    shade = ""
    if start in periods:
        at = PAD + (width - 2 * PAD) * periods.index(start) / last
        shade = f'<rect class="pair-since" x="{at:.1f}" y="0" width="{width - at:.1f}" height="{height}"/>'
    return (f'<svg class="spark pair" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
            f'aria-label="{escape(label)}" preserveAspectRatio="none">{shade}{"".join(lines)}</svg>')
