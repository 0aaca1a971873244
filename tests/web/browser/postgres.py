"""A throw-away PostgreSQL 15 cluster for a test run: initdb + pg_ctl on a free loopback port.

Each pytest process (each xdist worker) starts its own cluster under a temp dir and stops it at the
end; there is nothing to share, lock or reference-count between workers. A cluster costs about a
second to create and a few MB of memory. A run that was killed (SIGKILL, a lost CI job) leaves a
cluster behind: `sweep_leftover_clusters` stops those whose owner process is gone, at the next start.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PREFIX = "missionlens-pg-"
OWNER_FILE = "owner.pid"
DATABASE = "missionlens"
# Durability off: a test cluster is thrown away, and fsync on 2 shared cores costs seconds per test.
SERVER_OPTIONS = (
    "-c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off "
    "-c full_page_writes=off -c shared_buffers=32MB -c max_connections=200"
)


class ClusterError(RuntimeError):
    """The cluster could not be created or started; the message carries the server log."""


@dataclass(frozen=True)
class PostgresCluster:
    root: Path
    port: int

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_file(self) -> Path:
        return self.root / "server.log"

    @property
    def url(self) -> str:
        """The address of the project's database, as MISSIONLENS_DATABASE_URL takes it."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/{DATABASE}"

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"


def missing_binaries() -> list[str]:
    return [name for name in ("initdb", "pg_ctl", "postgres") if not (PG_BIN / name).is_file()]


def _as_owner(command: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; the Debian package's `postgres` user owns the cluster then.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def _run(command: list[str], cluster_root: Path) -> None:
    done = subprocess.run(_as_owner(command), capture_output=True, text=True, timeout=120, check=False)
    if done.returncode != 0:
        log = (cluster_root / "server.log").read_text(errors="replace") if (cluster_root / "server.log").exists() else ""
        raise ClusterError(f"{' '.join(command)} failed ({done.returncode}):\n{done.stdout}{done.stderr}\n{log}")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_cluster(base: Path | None = None, *, attempts: int = 3) -> PostgresCluster:
    """Create and start a cluster with trust authentication on loopback, and its `missionlens` database."""
    import psycopg

    sweep_leftover_clusters(base)
    root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-", dir=base))
    (root / OWNER_FILE).write_text(str(os.getpid()))
    if os.geteuid() == 0:
        shutil.chown(root, user="postgres", group="postgres")
    cluster = PostgresCluster(root=root, port=0)
    _run([str(PG_BIN / "initdb"), "-D", str(cluster.data_dir), "-U", "postgres", "--auth=trust",
          "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync", "--no-instructions"], root)
    # Another process may take the probed port before the server binds it: try a fresh one.
    for attempt in range(attempts):
        cluster = PostgresCluster(root=root, port=free_port())
        try:
            _run([str(PG_BIN / "pg_ctl"), "start", "-w", "-t", "60", "-D", str(cluster.data_dir),
                  "-l", str(cluster.log_file), "-o", f"-p {cluster.port} {SERVER_OPTIONS}"], root)
            break
        except ClusterError:
            if attempt == attempts - 1:
                stop_cluster(cluster)
                raise
    with psycopg.connect(cluster.admin_url, autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {DATABASE}")
    return cluster


def _postmaster_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / "postmaster.pid").read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_cluster(cluster: PostgresCluster) -> None:
    """Stop the server (fast, then by signal if it does not answer) and delete the cluster's files."""
    if (cluster.data_dir / "postmaster.pid").exists():
        subprocess.run(_as_owner([str(PG_BIN / "pg_ctl"), "stop", "-w", "-t", "20", "-m", "fast",
                                  "-D", str(cluster.data_dir)]), capture_output=True, timeout=60, check=False)
    _kill_postmaster(cluster.data_dir)
    shutil.rmtree(cluster.root, ignore_errors=True)


def _kill_postmaster(data_dir: Path) -> None:
    pid = _postmaster_pid(data_dir)
    if pid is None or not _alive(pid):
        return
    # The backends exit on their own once the postmaster is gone (PostgreSQL's postmaster-death check).
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)


def sweep_leftover_clusters(base: Path | None = None) -> list[Path]:
    """Stop and delete clusters left by test processes that no longer exist; returns their folders."""
    swept = []
    for root in Path(base or tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            owner = int((root / OWNER_FILE).read_text())
        except (OSError, ValueError):
            continue
        if _alive(owner):
            continue
        stop_cluster(PostgresCluster(root=root, port=0))
        swept.append(root)
    return swept
