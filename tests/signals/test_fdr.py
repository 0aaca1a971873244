from __future__ import annotations

import numpy as np

from missionlens.signals.fdr import ALPHA, discoveries, q_values


def test_q_values_follow_benjamini_hochberg() -> None:
    q = q_values({"a": 0.01, "b": 0.04, "c": 0.03, "d": 0.5})
    # Sorted p: 0.01, 0.03, 0.04, 0.5 with m = 4: q = min over later ranks of p * m / rank.
    assert q["a"] == 0.04 and q["c"] == q["b"] == 0.04 / 3 * 4 and q["d"] == 0.5


def test_no_p_values_give_no_q_values() -> None:
    assert q_values({}) == {}


def test_bh_keeps_false_alarms_rare_when_nothing_changed() -> None:
    rng = np.random.default_rng(0)
    runs = 2000
    any_alarm = sum(bool(discoveries({str(i): float(p) for i, p in enumerate(rng.uniform(size=30))}))
                    for _ in range(runs))
    # Under the global null BH's FDR is the chance of any discovery: at most ALPHA.
    assert any_alarm / runs <= ALPHA + 3 * np.sqrt(ALPHA * (1 - ALPHA) / runs)


def test_bh_keeps_the_false_discovery_proportion_below_alpha_among_true_changes() -> None:
    rng = np.random.default_rng(1)
    proportions = []
    for _ in range(500):
        nulls = {f"null{i}": float(p) for i, p in enumerate(rng.uniform(size=20))}
        real = {f"real{i}": float(p) for i, p in enumerate(rng.uniform(0, 1e-4, size=10))}
        found = discoveries({**nulls, **real})
        false = sum(1 for k in found if k.startswith("null"))
        proportions.append(false / max(1, len(found)))
    assert float(np.mean(proportions)) <= ALPHA
