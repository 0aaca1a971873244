"""What the per-chunk generators share: the plan, the book, the staff, the phrases, the noise."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from missionlens.data.simulator.language import Phrases
from missionlens.data.simulator.loans import Book
from missionlens.data.simulator.scenarios import Plan
from missionlens.data.simulator.staff import StaffIndex
from missionlens.data.simulator.timeline import FloatArray, IntArray


@dataclass(frozen=True)
class World:
    plan: Plan
    book: Book
    staff: StaffIndex
    phrases: Phrases
    noise: float
    size: float

    @property
    def end_day(self) -> int:
        return self.plan.timeline.end_day

    def month(self, days: IntArray) -> IntArray:
        return np.clip(self.plan.timeline.month_of(days), 0, self.plan.timeline.months - 1)

    def lever(self, name: str, days: IntArray) -> FloatArray:
        """A lever's value at the month of each day."""
        return self.plan.lever(name)[self.month(days)]

    def assign(self, rng: np.random.Generator, branch: IntArray, days: IntArray, advisor: IntArray,
               volunteer_share: float | FloatArray) -> IntArray:
        """Who held each session: a volunteer for a share of them, else the advisor if present, else a colleague."""
        month = self.month(days)
        chosen = self.staff.pick(rng, branch, month, volunteer=False)
        chosen = np.where(self.staff.present(advisor, month), advisor, chosen)
        wants_volunteer = rng.random(branch.shape[0]) < volunteer_share
        volunteer = self.staff.pick(rng, branch, month, volunteer=True)
        return np.where(wants_volunteer & (volunteer >= 0), volunteer, chosen)


def round_to(values: npt.ArrayLike, step: int, minimum: int) -> IntArray:
    return np.maximum(minimum, np.round(np.asarray(values, dtype=np.float64) / step) * step).astype(np.int64)


def trend(world: World, month: int) -> float:
    """The organisation's baseline size in a month (growth only, no scenario lever, no season)."""
    timeline = world.plan.timeline
    return float(world.size * (1 + world.plan.scenario.growth) ** ((month - timeline.first_observed) / 12))


def dated_counts(rng: np.random.Generator, world: World, months: range, rates: np.ndarray) -> tuple[np.ndarray, ...]:
    """(kind, month, day) of a chunk's voices: Poisson counts per month (× size) and kind (rates)."""
    starts = world.plan.timeline.month_starts()
    month_list = np.array(list(months), dtype=np.int64)
    sizes = np.array([trend(world, i) for i in months])
    counts = rng.poisson(np.outer(sizes, rates)).ravel()
    who = np.repeat(np.tile(np.arange(rates.shape[0]), month_list.shape[0]), counts)
    month = np.repeat(np.repeat(month_list, rates.shape[0]), counts)
    length = starts[month + 1] - starts[month]
    day = np.minimum(starts[month] + np.floor(rng.random(month.shape[0]) * length).astype(np.int64), world.end_day)
    return who, month, day
