"""Where the workplace's real public data lie for the tests: ../shared/data from the repository root.

The tests that read it are skipped, with the reason, only where the folder is absent (a user's
machine); under CI (env CI=true) its absence is a failure, never a skip (issue 7).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED_DATA = ROOT.parent / "shared" / "data"


def shared_data(name: str) -> Path:
    """The folder `name` of the shared data, or a skip (a failure under CI) when it is absent."""
    folder = SHARED_DATA / name
    if folder.is_dir():
        return folder
    reason = f"the real data folder {folder} is absent (it lies beside the repository in the workplace)"
    if os.environ.get("CI", "").strip().lower() == "true":
        pytest.fail(f"{reason}; under CI it must be present")
    pytest.skip(reason)
