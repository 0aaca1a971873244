"""The report: a Review as HTML and PDF, organised by mission dimension, with no naked numbers."""

from __future__ import annotations

from missionlens.report.charts import Marker, SilenceRow, silence_svg, sparkline_svg, trend_svg
from missionlens.report.findings import story
from missionlens.report.html import render_html
from missionlens.report.pdf import html_to_pdf, render_pdf

__all__ = [
    "Marker",
    "SilenceRow",
    "html_to_pdf",
    "render_html",
    "render_pdf",
    "silence_svg",
    "sparkline_svg",
    "story",
    "trend_svg",
]
