"""Small simulated organisations, reviewed once per test session: the stories the signals must tell.

`reviewed(scenario)` simulates a small organisation (scale 0.3, five years, parquet), imports it
into a temporary store, reviews it with the demo mission (the template and its funder's volume
target) and keeps the Review for the session; the store is removed once the review is built.
Reviews are cached so that tests/review and tests/report share one build per scenario.
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timezone
from functools import cache
from importlib import resources
from pathlib import Path

from missionlens.data.importer import import_dataset
from missionlens.data.simulator import simulate
from missionlens.data.store import Store
from missionlens.review import Review, build_review
from missionlens.review.model import Lang

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=timezone.utc)
SCALE = 0.3
YEARS = 5
SEED = 7


def demo_mission() -> Path:
    return Path(str(resources.files("missionlens.mission").joinpath("templates/demo/mission.toml")))


@cache
def reviewed(scenario: str, lang: Lang = "en") -> Review:
    with tempfile.TemporaryDirectory(prefix="missionlens-world-") as tmp:
        folder = Path(tmp) / "data"
        simulate(folder, scale=SCALE, years=YEARS, seed=SEED, scenario=scenario, fmt="parquet", lang=lang)
        store = Store.create(Path(tmp) / "store")
        result = import_dataset(folder, store, now=NOW)
        assert result.version is not None, f"the simulated {scenario} world was refused"
        # Months only: the signals read monthly series; quarters and years would triple the engine's work.
        review = build_review(Path(tmp) / "store", mission_path=demo_mission(), lang=lang, now=NOW, grains=("month",))
    assert isinstance(review, Review), review
    return review
