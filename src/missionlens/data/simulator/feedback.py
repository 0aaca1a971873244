"""The borrowers' own voice: a satisfaction survey and forms, a steady number each month.

The number of answers follows the organisation's size, not the number of loans, as a survey
samples a fixed number of borrowers financed 3 to 18 months earlier. Scores give a
recommendation score around +45 and about two thirds saying life got better.
"""

from __future__ import annotations

import numpy as np

from missionlens.data.simulator.context import World, dated_counts
from missionlens.data.simulator.phrasebook import TEXT
from missionlens.data.simulator.voices import RecentBorrowers

CHANNELS = ("survey", "interview", "phone", "form")
LIFE = ("much_worse", "worse", "same", "better", "much_better")
SENTIMENTS = ("good", "mixed", "bad")
# Per sentiment: recommend scores 0..10 and life_change probabilities.
RECOMMEND = {
    0: np.array([0, 0, 0, 0, 0, 0.01, 0.01, 0.05, 0.18, 0.35, 0.4]),
    1: np.array([0, 0, 0.01, 0.02, 0.03, 0.06, 0.1, 0.3, 0.3, 0.12, 0.06]),
    2: np.array([0.1, 0.08, 0.1, 0.12, 0.13, 0.15, 0.12, 0.1, 0.06, 0.03, 0.01]),
}
LIFE_P = {0: np.array([0, 0, 0.1, 0.55, 0.35]), 1: np.array([0.02, 0.08, 0.5, 0.38, 0.02]),
          2: np.array([0.15, 0.35, 0.4, 0.1, 0])}


def feedback(rng: np.random.Generator, world: World, recent: RecentBorrowers, months: range) -> dict[str, np.ndarray]:
    _, month, day = dated_counts(rng, world, months, np.array([22.0]))
    n = day.shape[0]
    row = recent.draw(rng, day, 540, 90)
    known = row >= 0
    safe = np.maximum(row, 0)
    defaulted = np.where(known, recent.defaulted[safe], False) if recent.day.size else np.zeros(n, bool)
    u = rng.random(n)
    sentiment = np.where(defaulted, np.where(u < 0.2, 0, np.where(u < 0.55, 1, 2)),
                         np.where(u < 0.62, 0, np.where(u < 0.88, 1, 2)))
    recommend = np.zeros(n, dtype=np.int64)
    life = np.zeros(n, dtype=np.int64)
    for code in range(3):
        rows = sentiment == code
        recommend[rows] = rng.choice(np.arange(11), int(rows.sum()), p=RECOMMEND[code] / RECOMMEND[code].sum())
        life[rows] = rng.choice(np.arange(5), int(rows.sum()), p=LIFE_P[code])
    recommend[rng.random(n) < 0.05] = -1
    life[rng.random(n) < 0.05] = -1
    # Text: the sentiment's bank, or, as a scenario rushes people, a remark on being rushed.
    text = np.full(n, "", dtype=TEXT)
    written = rng.random(n) < 0.7
    rushed = written & (rng.random(n) < world.plan.lever("rushed_feedback")[month])
    for code, name in enumerate(SENTIMENTS):
        rows = np.flatnonzero(written & ~rushed & (sentiment == code))
        text[rows] = world.phrases.feedback[name].fill(rng, rows.size, world.phrases.pools)
    rows = np.flatnonzero(rushed)
    text[rows] = world.phrases.feedback["rushed"].fill(rng, rows.size, world.phrases.pools)
    anonymous = ~known | (rng.random(n) < 0.2)
    borrower = np.where(anonymous, -1, recent.borrower[safe]) if recent.day.size else np.full(n, -1)
    table = {
        "borrower": borrower, "day": day, "channel": rng.choice(np.arange(4), n, p=np.array([0.55, 0.1, 0.15, 0.2])),
        "recommend": recommend, "life_change": life, "text": text,
    }
    order = np.argsort(day, kind="stable")
    return {k: v[order] for k, v in table.items()}
