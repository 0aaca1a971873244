"""Simulator throughput: rows written per second and peak memory, per format and scale.

Usage: uv run --frozen python benchmarks/simulate.py [--years 5] [--big]
Each run happens in its own process so that its peak RSS is its own. Scale 100 runs for csv
and parquet only with --big (a few minutes each on 2 cores); xlsx stops at Excel's row limit.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = """
import json, resource, sys, time
from pathlib import Path
from missionlens.data.simulator import simulate
out, scale, years, fmt = Path(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
began = time.perf_counter()
try:
    summary = simulate(out, scale=scale, years=years, fmt=fmt, scenario="volume_push")
except ValueError as error:
    print(json.dumps({"refused": str(error)}))
    sys.exit(0)
seconds = time.perf_counter() - began
rows = sum(summary.rows.values())
size = sum(p.stat().st_size for p in out.iterdir())
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"rows": rows, "seconds": seconds, "peak_mib": peak, "mib_written": size / 2**20}))
"""


def run(scale: float, years: int, fmt: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        result = subprocess.run([sys.executable, "-c", CHILD, str(Path(folder) / "out"), str(scale), str(years), fmt],
                                capture_output=True, text=True, check=True)
    return dict(json.loads(result.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--big", action="store_true", help="also scale 100 for csv and parquet")
    args = parser.parse_args()
    plan = [(1.0, fmt) for fmt in ("csv", "fr-csv", "xlsx", "parquet")]
    plan += [(10.0, fmt) for fmt in ("csv", "fr-csv", "xlsx", "parquet")]
    if args.big:
        plan += [(100.0, "parquet"), (100.0, "csv")]
    print(f"volume_push, {args.years} years (+3 years of history); one process per run")
    print(f"{'scale':>6} {'format':<8} {'rows':>12} {'seconds':>8} {'rows/s':>10} {'peak MiB':>9} {'MiB out':>8}")
    began = time.perf_counter()
    for scale, fmt in plan:
        figures = run(scale, args.years, fmt)
        if "refused" in figures:
            print(f"{scale:>6g} {fmt:<8} refused: {figures['refused']}")
            continue
        rows, seconds = int(str(figures["rows"])), float(str(figures["seconds"]))
        print(f"{scale:>6g} {fmt:<8} {rows:>12,} {seconds:>8.1f} {rows / seconds:>10,.0f} "
              f"{float(str(figures['peak_mib'])):>9.0f} {float(str(figures['mib_written'])):>8.1f}")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"total {time.perf_counter() - began:.0f} s; this driver's peak {own:.0f} MiB")


if __name__ == "__main__":
    main()
