"""Benchmark of the indicator engine (issue 3, "Benchmarks"): prints rows, wall time, peak RSS and the
ratios of the time of the plain-pandas oracle to the engine's (pandas/t: how many times
faster the engine is) and of each time to the floor's (t/floor), at several scales of
simulated data.

    uv run --frozen python benchmarks/review.py --scales 1,10,100 [--work DIR] [--memory-limit 6GB]
        [--pandas-max-scale 10] [--rounds 2] [--kinds floor,joins,pandas,core,all] [--tile-from 100]

For each scale: simulate a CSV data set (missionlens.data.simulator), import it into a store
(missionlens.data.importer); above --tile-from (scale 1000), repeat the store at that scale with
offset identifiers instead (see `tile`). Then time, each from the version's Parquet files, each
kind --rounds times, alternated (floor, pandas, core, all, then the reverse) so that the engine
and its baselines share the machine's load, and report the fastest of each kind:

- pandas: the plain-pandas oracle (tests/indicators/oracle.py `core_indicators`, the 13 core
  indicators), reading its four tables with pandas; skipped above --pandas-max-scale (it loops
  over every month and loads whole tables: minutes and many GB at scale 100);
- core: the engine's `compute` of the 13 core indicators, per month, on DuckDB;
- all: the engine's `compute` of every registered indicator (36), per month, on DuckDB;
- floor: one DuckDB pass reading every column the review needs from the same files (an aggregate
  per column, so that nothing is skipped);
- joins: the three joins that the 13 core definitions cannot do without, bare, each reduced to one
  aggregate and nothing else computed: installments with their disbursed loans (the portfolio and
  PAR), sessions of the preparation and follow-up kinds with the same borrower's loans disbursed
  within -90..60 days (minutes_per_new_loan, followup_60d_rate) and disbursed loans with their
  borrowers (the shares of people served). A second floor: what any engine running these
  definitions on these identifiers pays before it computes anything (t/joins).

Every time includes opening and reading the Parquet files. Each measure runs in a fresh child
process so that its peak RSS is its own. Goals: the engine at least 10x faster than pandas at
scale 10; within 3x of the floor at scale 100; scale 1000 under 8 GB of peak RSS (DuckDB's
memory_limit and temp_directory make it spill instead).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

# The columns the indicators read (see src/missionlens/indicators/*.py).
NEEDED: dict[str, tuple[str, ...]] = {
    "branches": ("branch_id", "zone_type"),
    "staff": ("staff_id", "branch_id", "role", "fte", "start_date", "end_date"),
    "borrowers": ("borrower_id", "branch_id", "entry_date", "gender", "minimum_benefits", "banked",
                  "monthly_household_income", "priority_area"),
    "loans": ("loan_id", "borrower_id", "branch_id", "product", "application_date", "decision",
              "decision_date", "disbursement_date", "amount", "status", "closed_date"),
    "installments": ("loan_id", "due_date", "principal_due", "paid_date"),
    "sessions": ("borrower_id", "staff_id", "date", "minutes", "kind"),
    "outcomes": ("borrower_id", "observed_on", "business_active", "employed", "banked", "wellbeing"),
    "feedback": ("borrower_id", "date", "recommend", "life_change"),
    "notes": ("date", "author_role", "borrower_id"),
}
# The tables the pandas oracle reads (tests/indicators/oracle.py).
ORACLE_TABLES = ("loans", "borrowers", "sessions", "installments")
KINDS = ("floor", "joins", "pandas", "core", "all")


def prepare(scale: float, work: Path, tile_from: float, memory_limit: str, temp: Path) -> Path:
    """Simulate and import a data set at `scale`, or tile the one at `tile_from` for larger scales
    (see `tile`); returns the folder of its Parquet files (cached in `work`)."""
    if scale > tile_from:
        copies = scale / tile_from
        if copies != int(copies):
            raise SystemExit(f"scale {scale:g} is not a multiple of --tile-from {tile_from:g}")
        source = prepare(tile_from, work, tile_from, memory_limit, temp)
        return tile(source, int(copies), work / f"tiled-{scale:g}", memory_limit, temp)
    from missionlens.data.importer import import_dataset
    from missionlens.data.simulator import simulate
    from missionlens.data.store import Store

    source = work / f"csv-{scale:g}"
    store_path = work / f"store-{scale:g}"
    store = Store.open_or_create(store_path)
    version = store.current()
    if version is None:
        if not (source / "loans.csv").is_file():
            simulate(source, scale=scale, fmt="csv")
        result = import_dataset(source, store, now=datetime(2026, 1, 1, tzinfo=timezone.utc))
        if not result.ok or result.version is None:
            raise SystemExit(f"the simulated data at scale {scale:g} was refused")
        version = result.version
    return version.path


def tile(source: Path, copies: int, target: Path, memory_limit: str, temp: Path) -> Path:
    """A data set `copies` times the size of the version in `source`, written to `target`: every
    table repeated `copies` times, the identifiers (every `*_id` column) of copy k suffixed with
    `~k`. Each copy is the same organisation under new names (its own branches, staff, borrowers,
    loans, installments and sessions, with the same dates), so every per-organisation structure
    (loans per borrower, installments per loan, sessions per borrower, rows per month) is kept and
    only the number of units grows. Simulating scale 1000 directly would take about an hour and
    36 GB of CSV on this machine. Cached in `target`."""
    import duckdb

    target.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(config={"memory_limit": memory_limit, "temp_directory": str(temp), "threads": 2,
                                   "preserve_insertion_order": False})
    for path in sorted(source.glob("*.parquet")):
        out = target / path.name
        if out.is_file():
            continue
        columns = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()]
        parts = []
        for k in range(copies):
            exprs = [f"\"{c}\" || '~{k}' AS \"{c}\"" if c.endswith("_id") else f'"{c}"' for c in columns]
            parts.append(f"SELECT {', '.join(exprs)} FROM read_parquet('{path}')")
        partial = out.with_suffix(".partial")
        con.execute(f"COPY ({' UNION ALL '.join(parts)}) TO '{partial}' (FORMAT parquet, COMPRESSION snappy)")
        partial.rename(out)
    return target


def measure(kind: str, folder: Path, memory_limit: str, temp: Path) -> dict[str, Any]:
    """Run one measure in a child process; returns its JSON (wall seconds, peak RSS, rows)."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--folder", str(folder),
         "--memory-limit", memory_limit, "--temp", str(temp)],
        check=True, capture_output=True, text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def child(kind: str, folder: Path, memory_limit: str, temp: Path) -> None:
    import resource

    import duckdb

    from missionlens.indicators import CORE, compute, open_tables, table_paths

    paths = table_paths(folder)
    start = time.perf_counter()
    if kind == "floor":
        con = duckdb.connect(config={"memory_limit": memory_limit, "temp_directory": str(temp)})
        for name, path in paths.items():
            columns = ", ".join(
                f'count("{c}")' if c.endswith("_id") or c in ("gender", "kind", "role", "decision",
                                                               "status", "product", "zone_type",
                                                               "author_role", "life_change")
                else f'max("{c}")'
                for c in NEEDED[name]
            )
            con.execute(f"SELECT {columns} FROM read_parquet('{path}')").fetchall()
        indicators = 0
    elif kind == "joins":
        con = duckdb.connect(config={"memory_limit": memory_limit, "temp_directory": str(temp)})
        loans = f"(SELECT loan_id, borrower_id, disbursement_date FROM read_parquet('{paths['loans']}') " \
                "WHERE disbursement_date IS NOT NULL)"
        for sql in (
            f"SELECT sum(i.principal_due) FROM read_parquet('{paths['installments']}') i JOIN {loans} l USING (loan_id)",
            f"SELECT count(*) FROM (SELECT borrower_id, date FROM read_parquet('{paths['sessions']}') "
            f"WHERE kind IN ('diagnosis', 'pre_loan', 'follow_up')) s JOIN {loans} l ON s.borrower_id = l.borrower_id "
            "AND s.date >= l.disbursement_date - 90 AND s.date <= l.disbursement_date + 60",
            f"SELECT count(b.gender) FROM {loans} l JOIN read_parquet('{paths['borrowers']}') b USING (borrower_id)",
        ):
            con.execute(sql).fetchall()
        indicators = 0
    elif kind == "pandas":
        import pandas as pd

        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from tests.indicators.oracle import core_indicators

        frames = {name: pd.read_parquet(paths[name]) for name in ORACLE_TABLES if name in paths}
        indicators = len(core_indicators(frames))
    else:
        tables = open_tables(paths, memory_limit=memory_limit, temp_directory=temp)
        indicators = len(compute(tables, CORE if kind == "core" else None))
    wall = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"wall": wall, "peak_mb": peak_kb / 1024, "indicators": indicators}))


def rows_of(folder: Path) -> int:
    import pyarrow.parquet as pq

    return sum(pq.read_metadata(p).num_rows for p in folder.glob("*.parquet"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,10,100")
    parser.add_argument("--work", type=Path, default=None, help="where simulated data is kept (reused)")
    parser.add_argument("--memory-limit", default="6GB")
    parser.add_argument("--child", choices=KINDS)
    parser.add_argument("--pandas-max-scale", type=float, default=10.0)
    parser.add_argument("--folder", type=Path)
    parser.add_argument("--rounds", type=int, default=2,
                        help="measures of each kind, alternated (floor, pandas, core, all, then reversed); "
                        "the fastest of each kind is reported")
    parser.add_argument("--tile-from", type=float, default=100.0,
                        help="scales above this one are its data set repeated (see tile())")
    parser.add_argument("--kinds", default=",".join(KINDS), help="which measures to run")
    parser.add_argument("--temp", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.folder, args.memory_limit, args.temp)
        return
    work = args.work or Path(tempfile.gettempdir()) / "missionlens-bench"
    work.mkdir(parents=True, exist_ok=True)
    temp = work / "duckdb-temp"
    temp.mkdir(exist_ok=True)
    print(f"{'scale':>6} {'rows':>12} {'measure':>7} {'wall s':>8} {'peak RSS MB':>12} {'pandas/t':>10} "
          f"{'t/floor':>9} {'t/joins':>9} {'walls (load)':>24}", flush=True)
    kinds = [k for k in KINDS if k in args.kinds.split(",")]
    for text in args.scales.split(","):
        scale = float(text)
        folder = prepare(scale, work, args.tile_from, args.memory_limit, temp)
        rows = rows_of(folder)
        runs: dict[str, list[dict[str, Any]]] = {}
        for round_ in range(args.rounds):
            # Alternated so that the measures of a scale share the machine's load as equally as can be.
            for kind in kinds if round_ % 2 == 0 else kinds[::-1]:
                if kind == "pandas" and scale > args.pandas_max_scale:
                    continue
                result = measure(kind, folder, args.memory_limit, temp)
                result["load"] = os.getloadavg()[0]
                runs.setdefault(kind, []).append(result)
        results = {kind: min(found, key=lambda r: r["wall"]) for kind, found in runs.items()}
        pandas = results.get("pandas")
        floor = results.get("floor")
        joins = results.get("joins")
        for kind, result in results.items():
            wall = result["wall"]
            versus_pandas = f"{pandas['wall'] / wall:>9.1f}x" if pandas and kind in ("core", "all") else f"{'-':>10}"
            versus_floor = f"{wall / floor['wall']:>8.1f}x" if floor else f"{'-':>9}"
            versus_joins = f"{wall / joins['wall']:>8.1f}x" if joins and kind in ("core", "all") else f"{'-':>9}"
            walls = " ".join(f"{r['wall']:.1f}({r['load']:.0f})" for r in runs[kind])
            print(f"{scale:>6g} {rows:>12,} {kind:>7} {wall:>8.2f} {result['peak_mb']:>12.0f} {versus_pandas} "
                  f"{versus_floor} {versus_joins} {walls:>24}", flush=True)


if __name__ == "__main__":
    main()
