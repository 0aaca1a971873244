"""Hand-built series for the signals tests (numpy, seeded)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from missionlens.signals import SeriesInput

SUMMER = np.array([0, 0, 0, 0, 0, 0, -1.0, -1.0, 0, 0, 0, 0])


def months(count: int, start: str = "2021-01") -> list[str]:
    year, month = int(start[:4]), int(start[5:7]) - 1
    return [f"{year + (month + i) // 12:04d}-{(month + i) % 12 + 1:02d}" for i in range(count)]


def share_series(
    key: str, p: npt.NDArray[np.float64], n: Sequence[int] | npt.NDArray[np.int64], seed: int,
    dimensions: Sequence[str] = ("access",), start: str = "2021-01",
) -> SeriesInput:
    """Monthly shares drawn as binomial counts out of n (the noise a share from n people has)."""
    rng = np.random.default_rng(seed)
    sizes = np.asarray(n, dtype=np.int64)
    hits = rng.binomial(sizes, np.clip(p, 0.0, 1.0))
    values: list[float | None] = [float(h / s) for h, s in zip(hits, sizes, strict=True)]
    return SeriesInput(key, months(len(p), start), values, [int(s) for s in sizes], "share", tuple(dimensions))


def mean_series(
    key: str, level: npt.NDArray[np.float64], n: int, sd: float, seed: int, unit: str = "minutes",
    dimensions: Sequence[str] = ("accompaniment",), start: str = "2021-01",
) -> SeriesInput:
    """Monthly means of n units with unit-level standard deviation sd."""
    rng = np.random.default_rng(seed)
    values: list[float | None] = [float(v) for v in level + rng.standard_normal(len(level)) * sd / np.sqrt(n)]
    return SeriesInput(key, months(len(level), start), values, [n] * len(level), unit, tuple(dimensions))


def count_series(
    key: str, rate: npt.NDArray[np.float64], seed: int, dimensions: Sequence[str] = ("access",),
    start: str = "2021-01",
) -> SeriesInput:
    rng = np.random.default_rng(seed)
    counts = rng.poisson(rate)
    return SeriesInput(key, months(len(rate), start), [float(c) for c in counts], [int(c) for c in counts], "count",
                       tuple(dimensions))


def step(count: int, at: int, size: float) -> npt.NDArray[np.float64]:
    return np.where(np.arange(count) >= at, size, 0.0)


def ramp(count: int, at: int, length: int, size: float) -> npt.NDArray[np.float64]:
    return size * np.clip((np.arange(count) - at + 1) / length, 0.0, 1.0)


def seasonal(count: int, depth: float) -> npt.NDArray[np.float64]:
    result: npt.NDArray[np.float64] = depth * SUMMER[np.arange(count) % 12]
    return result
