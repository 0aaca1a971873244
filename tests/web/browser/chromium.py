"""The system's Chromium under Playwright, and what a failing browser test leaves behind.

Playwright cannot download its own browsers here (no internet), so the Debian package is launched by
path. Playwright gives every launch a fresh temporary profile (--user-data-dir), deleted on close.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM = Path("/usr/bin/chromium")
# Quiet and offline: no GPU, no QUIC, no first-run, update or sync traffic; --no-sandbox because CI
# containers run as root, where Chromium's sandbox cannot start.
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"

PHONE: dict[str, Any] = {
    # An iPhone 12-14 sized screen: the evidence form must work there in under a minute (issue 5).
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}


def launch_options() -> dict[str, Any]:
    return {"executable_path": str(CHROMIUM), "args": list(CHROMIUM_ARGS), "headless": True}


def artifact_stem(nodeid: str) -> str:
    """A file name for a test: `tests/web/test_x.py::test_y[sqlite]` -> `tests-web-test_x.py--test_y-sqlite`."""
    return re.sub(r"[^A-Za-z0-9_.]+", "-", nodeid).strip("-")[:180]


def save_failure_artifacts(pages: Iterable[Page], nodeid: str, directory: Path = ARTIFACTS) -> list[Path]:
    """Save a full-page screenshot and the HTML of each open page; returns the files written.

    A page that cannot be captured any more (closed, crashed) is skipped: the report of the failure
    itself matters more than its picture.
    """
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for index, page in enumerate(pages):
        if page.is_closed():
            continue
        stem = artifact_stem(nodeid) + (f"-{index}" if index else "")
        screenshot, html = directory / f"{stem}.png", directory / f"{stem}.html"
        try:
            page.screenshot(path=str(screenshot), full_page=True, timeout=10_000)
            written.append(screenshot)
            html.write_text(page.content(), encoding="utf-8")
            written.append(html)
        except Exception:  # noqa: BLE001 - any Playwright error: keep what was saved, report the test.
            continue
    return written
