"""Accompaniment sessions: diagnosis interviews, pre-loan meetings, follow-ups, training, crises, calls.

Calibration (docs/simulator.md): a 90-minute diagnosis interview and about two pre-loan
meetings per application; a first follow-up within 60 days for nearly 9 loans in 10; then a
visit every three to four months; training workshops for a third of business borrowers; a
crisis meeting when repayments break down. Levers shorten or drop sessions from the month a
scenario says so.
"""

from __future__ import annotations

import numpy as np

from missionlens.data.simulator.context import World, round_to
from missionlens.data.simulator.phrasebook import TEXT
from missionlens.data.simulator.timeline import add_months

KINDS = ("diagnosis", "pre_loan", "follow_up", "training", "crisis", "phone", "other")
DIAGNOSIS, PRE_LOAN, FOLLOW_UP, TRAINING, CRISIS, PHONE, OTHER = range(7)


def _repeat(counts: np.ndarray, *columns: np.ndarray) -> list[np.ndarray]:
    return [np.repeat(c, counts) for c in columns]


def sessions(rng: np.random.Generator, world: World, loans: dict[str, np.ndarray], loan_ids: np.ndarray,
             advisor: np.ndarray, people: dict[str, np.ndarray], people_ids: np.ndarray) -> dict[str, np.ndarray]:
    """Sessions of a chunk's applications (`loans`, global indices `loan_ids`) and of its prospects."""
    end = world.end_day
    noise = 1 + world.noise
    n = loans["app_day"].shape[0]
    rows: list[dict[str, np.ndarray]] = []

    def add(kind: int, idx: np.ndarray, day: np.ndarray, minutes: np.ndarray, volunteer_share: float,
            with_loan: bool = True) -> None:
        branch = loans["branch"][idx]
        rows.append({
            "borrower": loans["borrower"][idx], "loan": loan_ids[idx] if with_loan else np.full(idx.shape[0], -1),
            "staff": world.assign(rng, branch, day, advisor[idx], volunteer_share), "day": day,
            "minutes": minutes, "kind": np.full(idx.shape[0], kind),
        })

    # Diagnosis: every first application; a third of returning borrowers are seen again.
    new = ~loans["repeat"]
    again = loans["repeat"] & (rng.random(n) < 0.35)
    idx = np.flatnonzero(new | again)
    first_diag = world.book.borrowers["first_diag"][loans["borrower"][idx]]
    day = np.where(new[idx], first_diag, loans["app_day"][idx] - rng.integers(0, 16, idx.shape[0]))
    base = np.where(new[idx], 90.0, 60.0)
    minutes = rng.normal(base, 12 * noise) * (1 + world.lever("diag_minutes_x", day))
    add(DIAGNOSIS, idx, day, round_to(minutes, 5, 20), 0.0)

    # Pre-loan meetings between application and decision (fewer when the person withdraws).
    withdrawn = loans["decision"] == 2
    extra = 1.2 * (1 + world.lever("preloan_count_x", loans["app_day"]))
    count = np.where(withdrawn, rng.poisson(0.8, n), 1 + rng.poisson(np.maximum(extra, 0.0)))
    upper = np.where(loans["decision_day"] >= 0, loans["decision_day"], end)
    idx = np.repeat(np.arange(n), count)
    span = upper[idx] - loans["app_day"][idx]
    day = loans["app_day"][idx] + np.floor(rng.random(idx.shape[0]) * (np.maximum(span, 0) + 1)).astype(np.int64)
    minutes = rng.normal(55, 15 * noise, idx.shape[0]) * (1 + world.lever("session_minutes_x", day))
    add(PRE_LOAN, idx, day, round_to(minutes, 5, 15), 0.0)

    # Calls around the application.
    idx = np.repeat(np.arange(n), rng.poisson(0.6, n))
    window = np.maximum(upper - loans["app_day"], 0)[idx] + 11
    day = loans["app_day"][idx] - 10 + np.floor(rng.random(idx.shape[0]) * window).astype(np.int64)
    add(PHONE, idx, day, round_to(rng.normal(14, 5 * noise, idx.shape[0]), 1, 3), 0.05)

    disb = loans["disb_day"]
    out = np.flatnonzero(disb >= 0)
    stop = np.where(loans["closed_day"][out] >= 0, loans["closed_day"][out], end)
    life = np.maximum(stop - disb[out], 0)

    # First follow-up: within 60 days for most loans, later for some of the others.
    p_first = np.clip(0.88 + world.lever("followup", disb[out]), 0.02, 0.99)
    timely = rng.random(out.shape[0]) < p_first
    late = ~timely & (rng.random(out.shape[0]) < 0.6)
    idx = out[timely | late]
    day = disb[idx] + np.where(timely[timely | late], rng.integers(7, 56, idx.shape[0]),
                               rng.integers(61, 151, idx.shape[0]))
    minutes = rng.normal(50, 15 * noise, idx.shape[0]) * (1 + world.lever("session_minutes_x", day))
    add(FOLLOW_UP, idx, day, round_to(minutes, 5, 10), 0.25)

    # Later follow-ups every 3-4 months while the loan runs, dropped when a scenario thins them.
    count = rng.poisson(np.maximum(life - 61, 0) / 30.4 / 3.5)
    idx, start, length = _repeat(count, out, disb[out] + 61, np.maximum(life - 61, 1))
    day = start + np.floor(rng.random(idx.shape[0]) * length).astype(np.int64)
    keep = rng.random(idx.shape[0]) < np.clip(1 + world.lever("followup_rate_x", day), 0.0, 1.0)
    idx, day = idx[keep], day[keep]
    minutes = rng.normal(45, 15 * noise, idx.shape[0]) * (1 + world.lever("session_minutes_x", day))
    add(FOLLOW_UP, idx, day, round_to(minutes, 5, 10), 0.25)

    # Crisis meetings when repayments break down.
    trouble = np.where(loans["default_k"][out] > 0, loans["default_k"][out], loans["episode_s"][out])
    hit = (trouble > 0) & (rng.random(out.shape[0]) < 0.7)
    idx = out[hit]
    day = add_months(disb[idx], trouble[hit]) + rng.integers(10, 46, idx.shape[0])
    add(CRISIS, idx, day, round_to(rng.normal(60, 20 * noise, idx.shape[0]), 5, 15), 0.0)

    # Training workshops, often run by volunteers.
    business = loans["product"][out] != 1
    trained = business & (rng.random(out.shape[0]) < 0.3)
    count = np.where(trained, 1 + (rng.random(out.shape[0]) < 0.3), 0)
    idx = np.repeat(out, count)
    day = disb[idx] + rng.integers(5, 181, idx.shape[0])
    add(TRAINING, idx, day, rng.choice(np.array([120, 150, 180, 180, 240]), idx.shape[0]), 0.6)

    # Calls and other contacts during the loan.
    idx, start, length = _repeat(rng.poisson(life / 30.4 * 0.12), out, disb[out], np.maximum(life, 1))
    day = start + np.floor(rng.random(idx.shape[0]) * length).astype(np.int64)
    add(PHONE, idx, day, round_to(rng.normal(15, 6 * noise, idx.shape[0]), 1, 3), 0.1)
    other = rng.random(out.shape[0]) < 0.08
    idx = out[other]
    day = disb[idx] + np.floor(rng.random(idx.shape[0]) * np.maximum(life[other], 1)).astype(np.int64)
    add(OTHER, idx, day, round_to(rng.normal(30, 8 * noise, idx.shape[0]), 5, 5), 0.2)

    # People met once: a diagnosis interview (a call first for some), never an application.
    p = np.flatnonzero(people["prospect"])
    day = people["first_diag"][p]
    minutes = rng.normal(80, 15 * noise, p.shape[0]) * (1 + world.lever("diag_minutes_x", day))
    call = np.asarray(rng.random(p.shape[0]) < 0.3)
    for kind, sel, d, m in ((DIAGNOSIS, p, day, round_to(minutes, 5, 20)),
                            (PHONE, p[call], day[call] - rng.integers(1, 11, int(call.sum())),
                             round_to(rng.normal(12, 4, int(call.sum())), 1, 3))):
        branch = people["branch"][sel]
        rows.append({
            "borrower": people_ids[sel], "loan": np.full(sel.shape[0], -1),
            "staff": world.assign(rng, branch, d, np.full(sel.shape[0], -1), 0.0), "day": d,
            "minutes": m, "kind": np.full(sel.shape[0], kind),
        })

    table = {k: np.concatenate([r[k] for r in rows]) for k in rows[0]}
    # Contract: a person's entry_date is on or before their first session (calls come after entry).
    table["day"] = np.maximum(table["day"], world.book.borrowers["entry_day"][table["borrower"]])
    keep = table["day"] <= end
    order = np.argsort(table["day"][keep], kind="stable")
    table = {k: v[keep][order] for k, v in table.items()}
    offsets, values = _topics(rng, world, table["kind"])
    table["topic_offsets"], table["topic_values"] = offsets, values
    table["note"] = _notes(rng, world, table["kind"])
    return table


def _topics(rng: np.random.Generator, world: World, kind: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """0 to 3 distinct topics per session from its kind's list, as list offsets and values."""
    n = kind.shape[0]
    count = rng.choice(np.arange(4), n, p=np.array([0.15, 0.4, 0.3, 0.15]))
    chosen = np.full((n, 3), "", dtype=TEXT)
    for code, name in enumerate(KINDS):
        rows = np.flatnonzero(kind == code)
        pool = np.array(world.phrases.topics[name], dtype=TEXT)
        order = np.argsort(rng.random((rows.shape[0], pool.shape[0])), axis=1)[:, :3]
        chosen[rows] = pool[order]
    take = np.arange(3)[None, :] < count[:, None]
    offsets = np.concatenate([[0], np.cumsum(count)])
    return offsets, chosen[take]


def _notes(rng: np.random.Generator, world: World, kind: np.ndarray) -> np.ndarray:
    """A short remark on about one session in five; "" where none."""
    out = np.full(kind.shape[0], "", dtype=TEXT)
    written = rng.random(kind.shape[0]) < 0.2
    for code, name in enumerate(KINDS):
        rows = np.flatnonzero(written & (kind == code))
        if rows.size:
            out[rows] = world.phrases.session_notes[name].fill(rng, rows.size, world.phrases.pools)
    return out
