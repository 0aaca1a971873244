"""The report as a print-quality PDF: the HTML report printed by WeasyPrint.

The PDF is the same page as the HTML (same templates, same stylesheet, same SVG charts), laid
out by the stylesheet's print rules: A4, a running header with the organisation and the
period, page numbers, and a new page for each mission dimension.
"""

from __future__ import annotations

import logging
from pathlib import Path

from missionlens.report.html import render_html
from missionlens.report.labels import Lang
from missionlens.review.model import Review


def html_to_pdf(html: str) -> bytes:
    """Print an HTML report (self-contained: no file or network is fetched)."""
    from weasyprint import HTML

    # WeasyPrint logs every CSS property it does not support at WARNING; the report's screen
    # rules (grid, custom properties in media queries) are deliberate, so keep the logs quiet.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    document: bytes = HTML(string=html, base_url=str(Path.cwd())).write_pdf()
    return document


def render_pdf(review: Review, lang: Lang | None = None) -> bytes:
    """The whole report as PDF bytes."""
    return html_to_pdf(render_html(review, lang))
