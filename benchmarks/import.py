"""Benchmark: the full import (validation, pseudonymisation, store) against DuckDB's bare read_csv.

    uv run --frozen python benchmarks/import.py [--scales 1,10,100] [--years 5] [--seed 0] [--repeat 3]

For each scale, simulates a CSV data set (or reuses it under benchmarks/.work/), imports it
into a fresh store in a child process (so that its peak memory is its own), then times
DuckDB reading every CSV file with all columns materialised into a temporary table. Prints a
Markdown table. Goal (issue 2): at least 1M installment rows/s with full validation, within
2x the bare read, and memory bounded as the scale grows. With --repeat N, each measurement is
taken N times, alternating import and read, and the median is printed (a shared machine is noisy).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from missionlens.data.simulator import simulate

WORK = Path(__file__).resolve().parent / ".work"

# Runs in a child: peak RSS (ru_maxrss, KiB on Linux) is then that of the import alone
# (plus the interpreter and its libraries, about 150 MiB).
CHILD = """
import json, resource, sys, time
from datetime import datetime, timezone
from pathlib import Path
from missionlens.data.importer import import_dataset
from missionlens.data.store import Store
import pandas  # loaded lazily by pyarrow on first use; a warm process has it, so keep it out of the timing
store = Store.create(Path(sys.argv[2]))
started = time.perf_counter()
result = import_dataset(Path(sys.argv[1]), store, now=datetime.now(timezone.utc))
wall = time.perf_counter() - started
print(json.dumps({"ok": result.ok, "wall": wall, "rows": result.validation.rows,
                  "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def data_set(scale: float, years: int, seed: int) -> Path:
    folder = WORK / f"csv-scale{scale:g}-years{years}-seed{seed}"
    if not (folder / "truth.json").exists():
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        simulate(folder, scale=scale, years=years, seed=seed, fmt="csv")
        print(f"simulated scale {scale:g} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return folder


def timed_import(folder: Path) -> dict[str, object]:
    store = WORK / "store"
    shutil.rmtree(store, ignore_errors=True)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(folder), str(store)], capture_output=True, text=True, check=True
    )
    shutil.rmtree(store, ignore_errors=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def bare_read(folder: Path) -> float:
    """Seconds for DuckDB to read every CSV file into a temporary table (all columns)."""
    with duckdb.connect() as con:
        started = time.perf_counter()
        for i, path in enumerate(sorted(folder.glob("*.csv"))):
            con.execute(f"CREATE TEMP TABLE t{i} AS SELECT * FROM read_csv(?)", [str(path)])
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", default="1,10,100", help="comma-separated scales (default 1,10,100)")
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=1, help="measurements per scale; the median is shown")
    args = parser.parse_args()
    scales = [float(s) for s in args.scales.split(",") if s.strip()]
    WORK.mkdir(parents=True, exist_ok=True)

    lines = [
        "| scale | rows | installment rows | CSV MiB | import s | rows/s | installment rows/s "
        "| peak RSS MiB | DuckDB read_csv s | import / read |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for scale in scales:
        folder = data_set(scale, args.years, args.seed)
        size = sum(p.stat().st_size for p in folder.glob("*.csv")) / 2**20
        walls: list[float] = []
        reads: list[float] = []
        peaks: list[int] = []
        for _ in range(max(1, args.repeat)):
            measured = timed_import(folder)
            if not measured["ok"]:
                raise SystemExit(f"the simulated data set at scale {scale:g} was refused: see `missionlens check`")
            walls.append(float(str(measured["wall"])))
            peaks.append(int(str(measured["peak_kib"])))
            reads.append(bare_read(folder))
        rows = measured["rows"]
        assert isinstance(rows, dict)
        wall, read = statistics.median(walls), statistics.median(reads)
        total = sum(rows.values())
        installments = rows.get("installments", 0)
        lines.append(
            f"| {scale:g} | {total:,} | {installments:,} | {size:,.0f} | {wall:.2f} | {total / wall:,.0f} "
            f"| {installments / wall:,.0f} | {max(peaks) / 1024:,.0f} | {read:.2f} "
            f"| {wall / read:.2f}x |"
        )
        print(lines[-1], file=sys.stderr)
    print(f"\nImport benchmark ({args.years} years, seed {args.seed}; command: "
          f"uv run --frozen python benchmarks/import.py --scales {args.scales} --repeat {args.repeat}; "
          f"median of {args.repeat})\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
