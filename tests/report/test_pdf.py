"""The PDF report: WeasyPrint prints the HTML page, one section per dimension."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from missionlens.report.pdf import render_pdf
from tests.report.builders import make_review


@pytest.fixture(scope="module")
def pdf() -> bytes:
    review = make_review("fr")
    # A few indicators keep the test fast; every dimension still gets its page.
    keep = {"loans_disbursed", "share_minimum_benefits", "minutes_per_new_loan", "par30", "voices_heard"}
    return render_pdf(replace(review, indicators=tuple(i for i in review.indicators if i.key in keep)))


def _pages(document: bytes, tmp_path: Path) -> int:
    if shutil.which("pdfinfo"):
        path = tmp_path / "review.pdf"
        path.write_bytes(document)
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return document.count(b"/Type /Page") - document.count(b"/Type /Pages")


def test_pdf_is_a_pdf(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF")


def test_pdf_has_a_page_per_dimension_at_least(pdf: bytes, tmp_path: Path) -> None:
    assert _pages(pdf, tmp_path) > 3


def test_pdf_opens_on_the_story_of_the_findings(tmp_path: Path) -> None:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from tests.review.worlds import reviewed

    review = reviewed("volume_push")
    keep = {"minutes_per_new_loan"}
    path = tmp_path / "review.pdf"
    path.write_bytes(render_pdf(replace(review, indicators=tuple(i for i in review.indicators if i.key in keep))))
    second_page = subprocess.run(["pdftotext", "-f", "2", "-l", "2", str(path), "-"], capture_output=True,
                                 text=True, check=True).stdout
    assert "What the period says" in second_page and "Volumes up" in second_page
