"""The evaluation of the signals against the simulator's truth (issue 4); prints the tables of
docs/evaluation.md.

    uv run --frozen python benchmarks/signals.py                       # 20 seeds, every scenario, base world
    uv run --frozen python benchmarks/signals.py --perturbed --seeds 5 # also the perturbed worlds
    uv run --frozen python benchmarks/signals.py --seeds 2 --jobs 2 --delay-seeds 1
    uv run --frozen python benchmarks/signals.py --from-json base.json delays.json  # tables of saved runs

Each run simulates 5 years (plus the simulator's 3 years of history), imports them into a fresh
store, computes the monthly series with the engine and runs the detectors; see
src/missionlens/signals/evaluation.py for what is counted. Slow (tens of seconds a run): keep it
out of the test suite.
"""

from __future__ import annotations

import os

# One BLAS thread per worker: the detectors multiply small matrices, where threads only contend.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from concurrent.futures import ProcessPoolExecutor, as_completed  # noqa: E402
from dataclasses import asdict  # noqa: E402
from pathlib import Path  # noqa: E402

from missionlens.signals.evaluation import (  # noqa: E402
    PERTURBATIONS,
    ChangeScore,
    RunScore,
    Summary,
    evaluate_one,
    missed,
    ratio,
    summarise,
)

SCENARIOS = ("steady", "volume_push", "quiet_erosion", "creaming", "recovery")


def _fmt(value: float | None, pattern: str = "{:.2f}") -> str:
    return "-" if value is None else pattern.format(value)


def table(rows: list[Summary]) -> str:
    out = [
        "| world | scenario | runs | changes | recall | recall (mission indicators) | oracle | recall of what "
        "the oracle sees | false alarms / run | other alerts / run | median delay (months) "
        "| delays measured (censored) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        out.append(
            f"| {r.label} | {r.scenario} | {r.runs} | {r.changes} | {_fmt(r.recall)} | {_fmt(r.mission_recall)} "
            f"| {_fmt(r.oracle_recall)} | {_fmt(r.recall_of_visible)} "
            f"| {_fmt(r.false_alarms_per_run)} | {r.other_alerts_per_run:.2f} | {_fmt(r.median_delay, '{:.1f}')} "
            f"| {r.delays} ({r.censored}) |"
        )
    return "\n".join(out)


def totals(rows: list[Summary], scores: list[RunScore]) -> str:
    out = ["| world | recall | recall (mission indicators) | oracle | recall of what the oracle sees "
           "| false alarms / steady run | median delay (months) |",
           "|---|---|---|---|---|---|---|"]
    for label in dict.fromkeys(r.label for r in rows):
        group = [r for r in rows if r.label == label]
        changes = sum(r.changes for r in group)
        found = sum(r.found for r in group)
        m_changes = sum(r.mission_changes for r in group)
        m_found = sum(r.mission_found for r in group)
        seen = sum(r.visible for r in group)
        seen_found = sum(r.visible_found for r in group)
        steady = [r for r in group if r.scenario == "steady"]
        fa = steady[0].false_alarms_per_run if steady else None
        delays = [c.delay for s in scores if s.label == label for c in s.changes if c.found and c.delay is not None]
        out.append(f"| {label} | {_fmt(ratio(found, changes))} "
                   f"| {_fmt(ratio(m_found, m_changes))} "
                   f"| {_fmt(ratio(seen, changes))} | {_fmt(ratio(seen_found, seen))} "
                   f"| {_fmt(fa)} "
                   f"| {_fmt(statistics.median(delays) if delays else None, '{:.1f}')} |")
    return "\n".join(out)


def by_kind(scores: list[RunScore]) -> str:
    """Recall and delay per kind of injected change (step, gradual, lagged), mission indicators apart."""
    out = ["| world | kind | changes | recall | recall (mission indicators) | oracle | recall of what the oracle sees "
           "| median delay (months) | delays measured (censored) |", "|---|---|---|---|---|---|---|---|---|"]
    groups: dict[tuple[str, str], list[ChangeScore]] = {}
    for s in scores:
        for c in s.changes:
            groups.setdefault((s.label, c.kind), []).append(c)
    for (label, kind), changes in groups.items():
        mission = [c for c in changes if not c.volume]
        timed = [c.delay for c in changes if c.found and c.delay is not None]
        censored = sum(c.delay_censored for c in changes if c.found and c.delay is not None)
        seen = [c for c in changes if c.visible]
        out.append(f"| {label} | {kind} | {len(changes)} | {_fmt(sum(c.found for c in changes) / len(changes))} "
                   f"| {_fmt(ratio(sum(c.found for c in mission), len(mission)))} "
                   f"| {_fmt(len(seen) / len(changes))} "
                   f"| {_fmt(ratio(sum(c.found for c in seen), len(seen)))} "
                   f"| {_fmt(statistics.median(timed) if timed else None, '{:.1f}')} | {len(timed)} ({censored}) |")
    return "\n".join(out)


def false_alarms(scores: list[RunScore]) -> str:
    counts: dict[tuple[str, str], int] = {}
    for s in scores:
        for alarm in s.false_alarms:
            key = (s.label, alarm.split("@")[0])
            counts[key] = counts.get(key, 0) + 1
    out = ["| world | indicator | false alarms (all steady runs) |", "|---|---|---|"]
    out += [f"| {label} | {key} | {n} |" for (label, key), n in sorted(counts.items())]
    return "\n".join(out)


def failures(scores: list[RunScore]) -> str:
    out = ["| world | scenario | injected change | missed / runs | not seen by the oracle either |",
           "|---|---|---|---|---|"]
    for (label, scenario, change), (miss, unseen, total) in sorted(missed(scores).items()):
        if miss:
            out.append(f"| {label} | {scenario} | {change} | {miss} / {total} | {unseen} |")
    return "\n".join(out)


def load_scores(path: Path) -> list[RunScore]:
    runs = json.loads(path.read_text(encoding="utf-8"))
    return [
        RunScore(r["scenario"], r["seed"], r["label"], tuple(ChangeScore(**c) for c in r["changes"]),
                 tuple(r["false_alarms"]), tuple(r["other_alerts"]))
        for r in runs
    ]


def report(scores: list[RunScore]) -> None:
    worlds = list(dict.fromkeys(s.label for s in scores))
    order = {(w, s): i for i, (w, s) in enumerate((w, s) for w in worlds for s in SCENARIOS)}
    rows = sorted(summarise(scores), key=lambda r: order.get((r.label, r.scenario), len(order)))
    print(f"## Per scenario\n\n{table(rows)}\n\n## Per world\n\n{totals(rows, scores)}\n\n"
          f"## Per kind of change\n\n{by_kind(scores)}\n\n"
          f"## Where the detectors fail\n\n{failures(scores)}\n\n## False alarms\n\n{false_alarms(scores)}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--first-seed", type=int, default=0)
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--perturbed", action="store_true", help="also run every perturbed world")
    parser.add_argument("--worlds", default="", help="comma-separated perturbation labels (overrides)")
    parser.add_argument("--delay-seeds", type=int, default=5, help="seeds per scenario whose delay is measured")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2)))
    parser.add_argument("--json", type=Path, help="write every run's score here")
    parser.add_argument("--from-json", type=Path, nargs="+",
                        help="print the tables of runs saved with --json, run nothing; a run in a later file "
                             "replaces the same world, scenario and seed in an earlier one (e.g. with delays)")
    args = parser.parse_args()
    if args.from_json:
        merged = {(s.label, s.scenario, s.seed): s for path in args.from_json for s in load_scores(path)}
        report(list(merged.values()))
        return

    worlds = [w for w in args.worlds.split(",") if w] or (list(PERTURBATIONS) if args.perturbed else ["base"])
    unknown = [w for w in worlds if w not in PERTURBATIONS]
    if unknown:
        sys.exit(f"unknown world(s) {unknown}; choose among {list(PERTURBATIONS)}")
    # Seed by seed across every world and scenario, so that an interrupted run still covers them all.
    jobs = [
        (scenario, seed, world, seed - args.first_seed < args.delay_seeds)
        for seed in range(args.first_seed, args.first_seed + args.seeds)
        for world in worlds for scenario in args.scenarios.split(",")
    ]
    started = time.perf_counter()
    scores: list[RunScore] = []
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = {
            pool.submit(evaluate_one, scenario, seed, label=world, scale=args.scale, delays=delays):
                (scenario, seed, world)
            for scenario, seed, world, delays in jobs
        }
        for i, future in enumerate(as_completed(futures), 1):
            scores.append(future.result())
            if args.json:  # after every run: a long evaluation cut short keeps what it measured
                args.json.write_text(json.dumps([asdict(s) for s in scores], indent=1), encoding="utf-8")
            scenario, seed, world = futures[future]
            print(f"[{i}/{len(jobs)}] {world} {scenario} seed {seed} "
                  f"({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    report(scores)
    print(f"{len(jobs)} runs in {time.perf_counter() - started:.0f} s with {args.jobs} worker(s).")


if __name__ == "__main__":
    main()
