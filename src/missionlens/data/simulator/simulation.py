"""simulate(): the whole simulated organisation, written in one format, with its truth.json."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np

from missionlens.data.simulator import records
from missionlens.data.simulator.context import World
from missionlens.data.simulator.feedback import feedback
from missionlens.data.simulator.language import phrases
from missionlens.data.simulator.loans import LOANS_PER_MONTH, originate
from missionlens.data.simulator.notes import notes
from missionlens.data.simulator.organisation import build_branches
from missionlens.data.simulator.outcomes import outcomes
from missionlens.data.simulator.perturbation import Perturbation
from missionlens.data.simulator.scenarios import plan as make_plan
from missionlens.data.simulator.scenarios import scenario as find_scenario
from missionlens.data.simulator.schedules import installments
from missionlens.data.simulator.sessions import sessions
from missionlens.data.simulator.staff import StaffIndex, active_loans, build_staff
from missionlens.data.simulator.timeline import Timeline, parse_month
from missionlens.data.simulator.truth import truth
from missionlens.data.simulator.voices import RecentBorrowers
from missionlens.data.simulator.writer import EXCEL_MAX_ROWS, FORMATS, Format, Writer

CHUNK_LOANS = 60_000  # applications per written chunk: bounds memory at any scale
Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class SimulationSummary:
    out: Path
    scenario: str
    seed: int
    scale: float
    start: str  # first observed month
    end: str  # last month
    history_start: str  # first month of the written history (three years before start)
    fmt: str
    lang: str
    rows: dict[str, int]
    changes: int  # number of changes listed in truth.json


def _stream(seed: int, *words: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, *words]))


def _chunks(month_start: np.ndarray) -> list[tuple[int, int]]:
    """Month ranges [a, b) holding about CHUNK_LOANS applications each."""
    bounds, a = [], 0
    months = month_start.shape[0] - 1
    for b in range(1, months + 1):
        if month_start[b] - month_start[a] >= CHUNK_LOANS or b == months:
            bounds.append((a, b))
            a = b
    return bounds


def simulate(out: Path, *, scale: float = 1.0, years: int = 5, start: str = "2021-01", seed: int = 0,
             scenario: str = "steady", fmt: Format = "csv", lang: Literal["fr", "en"] = "fr",
             perturbation: Perturbation | None = None, progress: Progress | None = None) -> SimulationSummary:
    """Simulate a social micro-credit organisation into `out` (see docs/simulator.md)."""
    if not scale > 0:
        raise ValueError("scale must be > 0")
    if years < 1:
        raise ValueError("years must be >= 1")
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if lang not in ("fr", "en"):
        raise ValueError(f"lang must be fr or en, not {lang!r}")
    year, month = parse_month(start)
    chosen = find_scenario(scenario)
    perturbation = perturbation or Perturbation()
    report: Progress = progress or (lambda label, fraction: None)
    size = scale * perturbation.size
    timeline = Timeline(year, month, years)
    plan = make_plan(chosen, timeline, perturbation)
    # About 25 installment rows per application: refuse before writing what Excel cannot hold.
    if fmt == "xlsx" and LOANS_PER_MONTH * size * timeline.months * 25 > EXCEL_MAX_ROWS:
        raise ValueError(
            f"scale {scale} over {years} years gives more installment rows than an Excel sheet holds "
            f"({EXCEL_MAX_ROWS:,}); use --format parquet or csv, or a smaller --scale or --years")

    branches = build_branches(_stream(seed, 1), size, lang)
    book = originate(_stream(seed, 2), plan, branches, perturbation, size,
                     lambda f: report("loans", 0.3 * f))
    staff = build_staff(_stream(seed, 3), active_loans(book, plan, branches.count), plan)
    index = StaffIndex(staff, branches.count, timeline.months)
    world = World(plan, book, index, phrases(lang), perturbation.noise, size)
    recent = RecentBorrowers.from_book(book)
    ids = records.Identifiers.for_book(book, staff.count)

    writer = Writer(out, fmt)
    writer.write("branches", records.branches_table(branches))
    writer.write("staff", records.staff_table(staff, ids, branches.ids))
    advisor_rng = _stream(seed, 4)
    session_count = 0
    chunks = _chunks(book.loan_month_start)
    for number, (a, b) in enumerate(chunks):
        lo, hi = int(book.loan_month_start[a]), int(book.loan_month_start[b])
        plo, phi = int(book.borrower_month_start[a]), int(book.borrower_month_start[b])
        loans = {k: v[lo:hi] for k, v in book.loans.items()}
        people = {k: v[plo:phi] for k, v in book.borrowers.items()}
        rng = _stream(seed, 5, number)
        advisor = index.pick(advisor_rng, loans["branch"], world.month(loans["app_day"]), volunteer=False)
        writer.write("borrowers", records.borrowers_table(people, np.arange(plo, phi), ids, branches.ids,
                                                          world.phrases.education))
        writer.write("loans", records.loans_table(rng, world, loans, np.arange(lo, hi), advisor, ids,
                                                  branches.ids))
        disbursed = np.flatnonzero(loans["disb_day"] >= 0)
        plan_rows = installments(rng, {k: v[disbursed] for k, v in loans.items()}, timeline.end_day)
        writer.write("installments", records.installments_table(plan_rows, lo + disbursed, ids))
        table = sessions(rng, world, loans, np.arange(lo, hi), advisor, people, np.arange(plo, phi))
        writer.write("sessions", records.sessions_table(table, session_count, ids))
        session_count += table["day"].shape[0]
        writer.write("outcomes", records.outcomes_table(outcomes(rng, world, loans), ids))
        months = range(a, b)
        writer.write("feedback", records.feedback_table(feedback(rng, world, recent, months),
                                                        writer.rows["feedback"], ids))
        writer.write("notes", records.notes_table(notes(rng, world, recent, months, branches.weights),
                                                  writer.rows["notes"], ids))
        report("tables", 0.3 + 0.7 * (number + 1) / len(chunks))
    rows = writer.close()
    document = truth(plan, seed, scale, lang, perturbation)
    (out / "truth.json").write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    report("done", 1.0)
    return SimulationSummary(out, scenario, seed, scale, document["start"], document["end"],
                             document["history_start"], fmt, lang, rows, len(document["changes"]))
