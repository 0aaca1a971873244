"""A subprocess import killed with SIGKILL at random points leaves the store at a complete version.

A `python -c` parent loads the libraries once and forks one child per trial; each child runs
`import_dataset` and is killed with SIGKILL after a random delay. Forking keeps a trial at a
fraction of a second (a fresh interpreter would spend most of the time loading pyarrow and
pandas). The child sleeps MISSIONLENS_IMPORT_DELAY_S between the stages of the import (a
test-only hook) so that kills land in every stage: validation, manifest, fsync, rename, switch.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from missionlens.data.importer import import_dataset
from missionlens.data.store import Store
from tests.data.test_importer import write_dataset

NOW = datetime(2025, 6, 30, 12, 0, tzinfo=timezone.utc)
TRIALS = 25

# Protocol on stdin/stdout: "go" -> forks a child that imports, answers its pid; "reap" ->
# waits for that child, answers its exit status. The child is reaped only when the test says
# so, so the pid the test kills is always that child's (alive or a zombie), never a reused one.
FORKER = """
import os, sys
from datetime import datetime, timezone
from pathlib import Path
import pandas
from missionlens.data.importer import import_dataset
from missionlens.data.store import Store
store_path, data = Path(sys.argv[1]), Path(sys.argv[2])
print("ready", flush=True)
for command in sys.stdin:
    if command.strip() == "go":
        pid = os.fork()
        if pid == 0:
            result = import_dataset(data, Store(store_path), now=datetime(2025, 7, 1, tzinfo=timezone.utc))
            os._exit(0 if result.ok else 3)
        print(pid, flush=True)
    elif command.strip() == "reap":
        print(os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), flush=True)
"""


class Forker:
    def __init__(self, store: Path, data: Path) -> None:
        env = {**os.environ, "MISSIONLENS_IMPORT_DELAY_S": "0.03"}
        env.pop("MISSIONLENS_SECRET", None)
        self.process = subprocess.Popen(
            [sys.executable, "-c", FORKER, str(store), str(data)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True,
        )
        assert self.ask(None) == "ready"

    def ask(self, command: str | None) -> str:
        assert self.process.stdin is not None and self.process.stdout is not None
        if command is not None:
            self.process.stdin.write(command + "\n")
            self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def close(self) -> None:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.process.stdout.close()


def assert_readable(store: Path, allowed_rows: list[dict[str, int]]) -> str:
    """CURRENT names a complete version whose manifest and tables read back; returns its name."""
    current = Store(store, environ={}).current()
    assert current is not None
    assert current.rows in allowed_rows
    for table, rows in current.rows.items():
        path = current.table_path(table)
        assert path is not None
        assert pq.read_table(path).num_rows == rows
    return current.name


@pytest.mark.slow
def test_import_killed_at_random_points_leaves_the_store_at_a_complete_version(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "store", environ={})
    first = import_dataset(write_dataset(tmp_path / "a", borrowers=100), store, now=NOW, environ={})
    assert first.version is not None
    second = write_dataset(tmp_path / "b", borrowers=400, installments_per_loan=10)
    forker = Forker(store.path, second)
    try:
        started = time.monotonic()  # an unkilled run sizes the kill window
        forker.ask("go")
        assert forker.ask("reap") == "0"
        window = (time.monotonic() - started) * 1.2
        complete = Store(store.path, environ={}).current()
        assert complete is not None
        allowed = [first.version.rows, complete.rows]
        store.rollback(first.version.name, now=NOW)

        rng = random.Random(20250630)
        for _ in range(TRIALS):
            pid = int(forker.ask("go"))
            time.sleep(rng.uniform(0, window))
            os.kill(pid, signal.SIGKILL)
            assert forker.ask("reap") in ("0", str(-signal.SIGKILL))
            assert_readable(store.path, allowed)
    finally:
        forker.close()

    after = import_dataset(second, Store(store.path, environ={}), now=NOW, environ={})
    assert after.ok and after.version is not None and after.version.current
    assert assert_readable(store.path, allowed) == after.version.name
    assert list(store.staging_dir.iterdir()) == []
