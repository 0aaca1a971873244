"""Field notes: staff and volunteer observations, concerns, stories; borrowers' testimonies.

A steady number of notes a month (it follows the organisation's size, not a scenario), whose
themes shift with the scenario: under a loan-count target, notes voicing pressure, lack of
time and targets rise from the push month (the study's fourth observation: the devaluation
of human work is voiced before it is counted).
"""

from __future__ import annotations

import numpy as np

from missionlens.data.simulator.context import World, dated_counts
from missionlens.data.simulator.phrasebook import TEXT, Bank
from missionlens.data.simulator.voices import RecentBorrowers

ROLES = ("staff", "volunteer", "borrower", "manager", "board", "partner")
KINDS = ("observation", "testimony", "story", "concern")
THEMES = ("accompaniment", "outcomes", "protection", "access", "dignity", "people", "sustainability",
          "pressure", "lack_of_time", "exclusion")
# theme -> (kind weights over KINDS, dimension candidates)
SHAPE: dict[str, tuple[tuple[float, float, float, float], tuple[str, ...]]] = {
    "accompaniment": ((0.9, 0, 0.05, 0.05), ("accompaniment",)),
    "outcomes": ((0.15, 0, 0.85, 0), ("outcomes",)),
    "protection": ((0.25, 0, 0, 0.75), ("protection",)),
    "access": ((0.85, 0, 0, 0.15), ("access",)),
    "dignity": ((0, 0.7, 0.3, 0), ("dignity",)),
    "people": ((0.85, 0, 0.05, 0.1), ("people",)),
    "sustainability": ((0.9, 0, 0, 0.1), ("sustainability",)),
    "pressure": ((0.35, 0, 0, 0.65), ("people", "accompaniment")),
    "lack_of_time": ((0.5, 0, 0, 0.5), ("accompaniment", "people")),
    "exclusion": ((0.3, 0, 0, 0.7), ("access",)),
}
# Base theme mix by role (role index -> weights over the first seven themes).
MIX: dict[int, tuple[float, ...]] = {
    0: (0.42, 0.17, 0.15, 0.14, 0, 0.12, 0), 1: (0.45, 0.2, 0.1, 0.15, 0, 0.1, 0),
    2: (0, 0, 0, 0, 1, 0, 0), 3: (0.1, 0.05, 0.15, 0.15, 0, 0.3, 0.25),
    4: (0, 0.2, 0, 0.3, 0, 0, 0.5), 5: (0.1, 0.4, 0, 0.5, 0, 0, 0),
}
PARTS = (("open", 0.6), ("core", 1.0), ("detail", 0.6), ("close", 0.4))


def _compose(rng: np.random.Generator, banks: dict[str, Bank], n: int, pools: dict[str, np.ndarray]) -> np.ndarray:
    out: np.ndarray = np.full(n, "", dtype=TEXT)
    for part, probability in PARTS:
        text = banks[part].fill(rng, n, pools)
        spaced = np.where(out == "", text, np.strings.add(np.strings.add(out, " "), text))
        out = spaced if probability >= 1 else np.where(rng.random(n) < probability, spaced, out)
    return out


def notes(rng: np.random.Generator, world: World, recent: RecentBorrowers, months: range,
          branch_weights: np.ndarray) -> dict[str, np.ndarray]:
    plan = world.plan
    role, month, day = dated_counts(rng, world, months, np.array([14.0, 4.0, 3.0, 1.6, 0.25, 0.4]))
    n = role.shape[0]
    theme = np.zeros(n, dtype=np.int64)
    for r, weights in MIX.items():
        rows = role == r
        w = np.array(weights)
        theme[rows] = rng.choice(np.arange(7), int(rows.sum()), p=w / w.sum())
    # Scenario voices replace part of the ordinary notes of staff, volunteers and managers.
    speaks = np.isin(role, (0, 1, 3))
    u = rng.random(n)
    p_pressure = 0.04 + plan.lever("pressure")[month]
    p_time = p_pressure + plan.lever("erosion_voice")[month]
    p_excl = p_time + plan.lever("creaming_voice")[month]
    theme = np.where(speaks & (u < p_pressure), 7, np.where(speaks & (u < p_time), 8,
                     np.where(speaks & (u < p_excl), 9, theme)))
    text = np.full(n, "", dtype=TEXT)
    kind = np.zeros(n, dtype=np.int64)
    dimension = np.full(n, "", dtype=TEXT)
    for code, name in enumerate(THEMES):
        rows = np.flatnonzero(theme == code)
        if not rows.size:
            continue
        text[rows] = _compose(rng, world.phrases.notes[name], rows.size, world.phrases.pools)
        weights, dimensions = SHAPE[name]
        kind[rows] = rng.choice(np.arange(4), rows.size, p=np.array(weights) / sum(weights))
        dimension[rows] = np.array(dimensions, dtype=TEXT)[rng.integers(0, len(dimensions), rows.size)]
    dimension[rng.random(n) < 0.05] = ""
    # About a client: borrowers' own notes, and half the staff notes on clients.
    about = (role == 2) | (np.isin(theme, (0, 1, 2)) & (role <= 1) & (rng.random(n) < 0.5))
    loan = np.where(about, recent.draw(rng, day, 720, 20), -1)
    known = loan >= 0
    safe = np.maximum(loan, 0)
    borrower = np.where(known, recent.borrower[safe], -1) if recent.day.size else np.full(n, -1)
    branch = np.asarray(rng.choice(branch_weights.shape[0], n, p=branch_weights), dtype=np.int64)
    if recent.day.size:
        branch = np.where(known, recent.branch[safe], branch)
    employee = world.staff.pick(rng, branch, month, volunteer=False)
    volunteer = world.staff.pick(rng, branch, month, volunteer=True)
    staff = np.where(role == 1, volunteer, np.where(np.isin(role, (0, 3)), employee, -1))
    role = np.where((role == 1) & (volunteer < 0), 0, role)
    staff = np.where((role == 0) & (staff < 0), employee, staff)
    # A borrower's note needs a borrower financed recently enough to be drawn.
    keep = (role != 2) | (borrower >= 0)
    table = {"day": day, "role": role, "staff": staff, "borrower": borrower, "kind": kind,
             "dimension": dimension, "text": text, "theme": theme}
    order = np.flatnonzero(keep)[np.argsort(day[keep], kind="stable")]
    return {k: v[order] for k, v in table.items()}
