from __future__ import annotations

import pytest

from missionlens.signals.evaluation import evaluate_one, summarise


@pytest.mark.slow
def test_a_small_volume_push_run_finds_injected_changes_with_their_direction() -> None:
    score = evaluate_one("volume_push", 0, scale=0.3)
    assert score.changes, "the simulator's truth lists the injected changes"
    found = [c for c in score.changes if c.found and not c.volume]
    assert found
    [summary] = summarise([score])
    assert summary.recall is not None and 0 < summary.recall <= 1
