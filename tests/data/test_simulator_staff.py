"""The simulator's staffing: hired up to the need, departures unreplaced while above it."""

from __future__ import annotations

import numpy as np

from missionlens.data.simulator.staff import OPEN, hire_and_leave

MONTHS = 96


def _headcount(branch: np.ndarray, first: np.ndarray, last: np.ndarray, n_branches: int) -> np.ndarray:
    out = np.zeros((n_branches, MONTHS), dtype=np.int64)
    for b, f, lst in zip(branch, first, last, strict=True):
        out[b, f: MONTHS if lst == OPEN else lst + 1] += 1
    return out


def test_a_steady_need_is_met_every_month() -> None:
    need = np.full((3, MONTHS), 10, dtype=np.int64)
    branch, first, last = hire_and_leave(np.random.default_rng(1), need, 54.0)
    assert (_headcount(branch, first, last, 3) == need).all()
    assert len(branch) > 30  # people left and were replaced


def test_when_the_need_falls_whoever_leaves_is_not_replaced() -> None:
    # The need falls from 10 to 5 between months 24 and 72, as departures go unreplaced.
    need = np.tile(np.round(np.interp(np.arange(MONTHS), [24, 72], [10, 5])).astype(np.int64), (4, 1))
    branch, first, last = hire_and_leave(np.random.default_rng(2), need, 54.0)
    count = _headcount(branch, first, last, 4)
    assert (count >= need).all()
    # Nobody is hired while a branch has more people than it needs...
    for b, f in zip(branch, first, strict=True):
        if f > 0:
            assert count[b, f - 1] - np.sum((branch == b) & (last == f - 1)) < need[b, f]
    # ...so the headcount follows the need down, within about a tenure's hazard of it.
    assert count[:, -1].mean() <= 6.5
    assert count[:, 48].mean() < 9.5
