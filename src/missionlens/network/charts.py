"""The network report's charts: Vega-Lite specs written with Altair, drawn to SVG by report.charts.

The same machinery as the mission review (report/charts.py: vl-convert, no JavaScript, unique ids
per page), with yearly axes: the network's median and quartile band per year, the medians per
legal status, and one institution's yearly series with its carried-forward values drawn hollow
(they are not observations) and the start of a change marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import altair as alt

from missionlens.network.distribution import YearSummary
from missionlens.network.institutions import IndicatorKey, YearValue
from missionlens.report.charts import ACCENT, BAND, FONT, GRID, INK, MUTED, to_svg
from missionlens.report.labels import Lang

STATUS_COLOURS = {"NGO": "#2f6f4f", "NBFI": "#c2691c", "Bank": "#1d3557", "Cooperative": "#6b4fa0",
                  "Rural bank": "#8a94a6"}


def _data(rows: list[dict[str, Any]]) -> Any:
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def _format(key: IndicatorKey) -> str:
    return {"women_share": ".0%", "par30": ".0%", "depth": ".2f"}.get(key, ",.0f")


def _finish(chart: Any, width: int, height: int) -> alt.LayerChart:
    return cast(alt.LayerChart, (
        chart.properties(width=width, height=height)
        .configure(font=FONT, background="transparent")
        .configure_view(stroke=None)
        .configure_axis(labelFontSize=9, labelFont=FONT, titleFontSize=9, titleColor=MUTED)
        .configure_legend(labelFontSize=9, titleFontSize=9, orient="bottom")
    ))


def _x() -> alt.X:
    return alt.X("year:Q", title=None, scale=alt.Scale(zero=False, nice=False),
                 axis=alt.Axis(format="d", tickMinStep=1, labelAngle=0, grid=False, labelColor=MUTED, tickColor=GRID))


def _y(key: IndicatorKey, field: str = "median") -> alt.Y:
    return alt.Y(f"{field}:Q", title=None, scale=alt.Scale(zero=key in ("women_share", "par30")),
                 axis=alt.Axis(format=_format(key), tickCount=4, grid=True, gridColor=GRID, domain=False, ticks=False,
                               labelColor=MUTED))


def network_svg(summaries: Sequence[YearSummary], key: IndicatorKey, lang: Lang, title: str) -> str:
    """The network's median (line) and quartiles (band) per year; thin years as hollow points."""
    rows = [{"year": s.year, "median": q.median, "q1": q.q1, "q3": q.q3, "thin": s.thin}
            for s in summaries if (q := s.indicators[key]).median is not None]
    base = alt.Chart(_data(rows)).encode(x=_x())
    layers = [
        base.mark_area(color=BAND, opacity=0.3).encode(y=_y(key, "q1"), y2="q3:Q"),
        base.mark_line(color=INK, strokeWidth=1.6).encode(y=_y(key)),
        base.mark_point(filled=True, size=22, color=INK).encode(
            y=_y(key), fill=alt.condition("datum.thin", alt.value("white"), alt.value(INK)),
            stroke=alt.condition("datum.thin", alt.value(MUTED), alt.value(INK))),
    ]
    return to_svg(_finish(alt.layer(*layers), 300, 120), lang, title=title)


def pooled_svg(summaries: Sequence[YearSummary], lang: Lang, title: str) -> str:
    """The sector's pooled average loan per year (total portfolio / total borrowers)."""
    rows = [{"year": s.year, "median": s.pooled_average_loan, "thin": s.thin}
            for s in summaries if s.pooled_average_loan is not None]
    base = alt.Chart(_data(rows)).encode(x=_x(), y=_y("average_loan_balance"))
    layers = [base.mark_line(color=ACCENT, strokeWidth=1.6), base.mark_point(filled=True, size=22, color=ACCENT)]
    return to_svg(_finish(alt.layer(*layers), 300, 120), lang, title=title)


def count_svg(summaries: Sequence[YearSummary], lang: Lang, title: str) -> str:
    rows = [{"year": s.year, "median": s.institutions} for s in summaries]
    chart = alt.Chart(_data(rows)).mark_bar(color=MUTED, width=8).encode(x=_x(), y=_y("active_borrowers"))
    return to_svg(_finish(chart, 300, 120), lang, title=title)


def status_svg(rows: Sequence[tuple[str, int, float, int]], key: IndicatorKey, lang: Lang, title: str) -> str:
    """Medians per legal status and year (groups of at least five institutions)."""
    data = [{"status": s, "year": y, "median": m, "n": n} for s, y, m, n in rows]
    order = list(STATUS_COLOURS)
    statuses = sorted({s for s, _, _, _ in rows}, key=lambda s: order.index(s) if s in order else len(order))
    colour = alt.Color("status:N", title=None, scale=alt.Scale(
        domain=statuses, range=[STATUS_COLOURS.get(s, MUTED) for s in statuses]))
    base = alt.Chart(_data(data)).encode(x=_x(), y=_y(key), color=colour)
    layers = [base.mark_line(strokeWidth=1.5), base.mark_point(filled=True, size=14)]
    return to_svg(_finish(alt.layer(*layers), 300, 130), lang, title=title)


def institution_svg(points: Sequence[YearValue], key: IndicatorKey, lang: Lang, title: str,
                    start: str | None = None) -> str:
    """One institution's yearly series: observed points filled, carried-forward ones hollow."""
    rows = [{"year": p.year, "median": p.value, "carried": p.carried} for p in points]
    base = alt.Chart(_data(rows)).encode(x=_x(), y=_y(key))
    layers: list[Any] = [
        base.mark_line(color=INK, strokeWidth=1.2),
        base.mark_point(filled=True, size=18).encode(
            fill=alt.condition("datum.carried", alt.value("white"), alt.value(INK)),
            stroke=alt.condition("datum.carried", alt.value(MUTED), alt.value(INK))),
    ]
    if start is not None:
        layers.append(alt.Chart(_data([{"year": int(start)}])).mark_rule(
            color=ACCENT, strokeDash=[4, 3], strokeWidth=1.3).encode(x=alt.X("year:Q")))
    return to_svg(_finish(alt.layer(*layers), 170, 55), lang, title=title)
