"""Benchmark: bounded load on loopback against the web app, then 50 concurrent writers and lost writes.

    uv run --frozen python benchmarks/web.py --url http://127.0.0.1:8000 [--username manager --password demo]
    uv run --frozen python benchmarks/web.py --start [--data-dir DIR]   # prepares and serves the demo itself

Signs in through /accounts/login/ (Django's form, with its CSRF token), then for each level of
concurrent users (--users 20,50) lets every user send --requests requests in a row to the dashboard,
to an indicator page and to the evidence API (POST, JSON, with the session's CSRF header), and prints
p50 and p95 latency and the error count of each. Then --writers users post evidence for
--write-seconds, and every acknowledged write is looked for when reading the evidence list back
through the API (each carries a unique token in its text): a write answered 2xx but not read back
is lost. Goals (issue 5): dashboard p95 <= 200 ms at 50 users, 0 errors, 0 lost writes.

With --start it prepares the demo itself (`missionlens demo --dir DIR --no-serve`: simulation, import,
review and the three accounts; a --data-dir that holds them is reused), serves it with
`missionlens serve` (gunicorn) on a free loopback port, and stops it at the end. Set
MISSIONLENS_DATABASE_URL to measure on PostgreSQL instead of the demo's SQLite.

--think S gives each user a pause between two of their requests, drawn uniformly from 0 to 2*S
seconds (mean S), and a start spread the same way: a person reading the page before the next
click. With --think 0 (the default) every user sends the next request the moment the previous
answers, so --users requests are in flight at all times: a saturation test, where the latency is
about users / throughput whatever the page costs. The goal is read on both and printed with the
think time it was measured under.

All users share one signed-in session (a login hashes a password for about 0.3 s: 50 of them would
measure the hasher, not the app). Loopback only: the client refuses any other host.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import os
import re
import secrets
import shlex
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

DEFAULT_EVIDENCE = (
    '{"kind": "observation", "dimension": "accompaniment", "indicator": "loans_disbursed", '
    '"text": "Charge de test {token}"}'
)
# `demo --no-serve` simulates, imports and reviews the demo organisation and creates its accounts
# (reused when --data-dir already holds them); `serve` is the production server (gunicorn).
DEFAULT_PREPARE = "missionlens demo --dir {data_dir} --no-serve"
DEFAULT_START = "missionlens serve --bind 127.0.0.1:{port}"


@dataclass
class Sample:
    """What one phase measured: latencies of the successful requests, errors by cause."""

    name: str
    users: int
    latencies: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    wall: float = 0.0

    def error(self, cause: str) -> None:
        self.errors[cause] = self.errors.get(cause, 0) + 1

    @property
    def count(self) -> int:
        return len(self.latencies) + sum(self.errors.values())


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1); NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def evidence_body(template: str, token: str) -> Any:
    """The JSON body of one write: the template with {token} replaced in every string value."""
    def fill(value: Any) -> Any:
        if isinstance(value, str):
            return value.replace("{token}", token)
        if isinstance(value, dict):
            return {key: fill(item) for key, item in value.items()}
        if isinstance(value, list):
            return [fill(item) for item in value]
        return value

    return fill(json.loads(template))


async def sign_in(client: httpx.AsyncClient, username: str, password: str) -> None:
    try:
        login = await client.get("/accounts/login/")
    except httpx.ConnectError:
        raise SystemExit(f"Nothing answers at {client.base_url}: start the app (`missionlens demo`) or pass --start.")
    token = client.cookies.get("csrftoken")
    if login.status_code != 200 or not token:
        raise SystemExit(f"GET /accounts/login/ answered {login.status_code} without a csrftoken cookie.")
    answer = await client.post(
        "/accounts/login/",
        data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        headers={"Referer": str(client.base_url.join("/accounts/login/"))},
    )
    target = answer.headers.get("location", "")
    if answer.status_code != 302 or "/accounts/login/" in target or "sessionid" not in client.cookies:
        raise SystemExit(f"Signing in as {username!r} failed (HTTP {answer.status_code}): check --username/--password.")


def _csrf_headers(client: httpx.AsyncClient) -> dict[str, str]:
    # Django rotates the CSRF token at login; the cookie holds the current one (Django docs, AJAX).
    return {"X-CSRFToken": client.cookies.get("csrftoken") or "", "Referer": str(client.base_url)}


async def _request(client: httpx.AsyncClient, sample: Sample, method: str, path: str,
                   body: Any = None) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        if method == "GET":
            answer = await client.get(path)
        else:
            answer = await client.post(path, json=body, headers=_csrf_headers(client))
    except httpx.HTTPError as exc:
        sample.error(type(exc).__name__)
        return None
    elapsed = time.perf_counter() - started
    if answer.status_code >= 300:
        # A redirect here is the login page: the session was lost, which is an error too.
        sample.error(f"HTTP {answer.status_code}")
        return answer
    sample.latencies.append(elapsed)
    return answer


@dataclass
class Writes:
    prefix: str = field(default_factory=lambda: f"bench-{secrets.token_hex(6)}")
    sent: int = 0
    acknowledged: set[str] = field(default_factory=set)
    unanswered: set[str] = field(default_factory=set)

    def next_token(self) -> str:
        self.sent += 1
        return f"{self.prefix}-{self.sent}"


async def _post_evidence(client: httpx.AsyncClient, sample: Sample, path: str, template: str,
                         writes: Writes) -> None:
    token = writes.next_token()
    answer = await _request(client, sample, "POST", path, evidence_body(template, token))
    if answer is not None and answer.status_code < 300:
        writes.acknowledged.add(token)
    else:
        writes.unanswered.add(token)


async def pause(think: float, rng: random.Random) -> None:
    if think > 0:
        await asyncio.sleep(rng.uniform(0, 2 * think))


async def bounded_load(client: httpx.AsyncClient, name: str, method: str, path: str, users: int,
                       requests: int, template: str, writes: Writes, think: float = 0.0) -> Sample:
    sample = Sample(name=name, users=users)
    rng = random.Random(f"{name}-{users}")

    async def user() -> None:
        for _ in range(requests):
            await pause(think, rng)
            if method == "GET":
                await _request(client, sample, "GET", path)
            else:
                await _post_evidence(client, sample, path, template, writes)

    started = time.perf_counter()
    await asyncio.gather(*(user() for _ in range(users)))
    sample.wall = time.perf_counter() - started
    return sample


async def writers_for(client: httpx.AsyncClient, path: str, writers: int, seconds: float, template: str,
                      writes: Writes) -> Sample:
    sample = Sample(name=f"evidence writers, {seconds:g} s", users=writers)
    deadline = time.monotonic() + seconds

    async def writer() -> None:
        while time.monotonic() < deadline:
            await _post_evidence(client, sample, path, template, writes)

    started = time.perf_counter()
    await asyncio.gather(*(writer() for _ in range(writers)))
    sample.wall = time.perf_counter() - started
    return sample


async def read_back(client: httpx.AsyncClient, path: str, prefix: str, max_pages: int = 10_000) -> set[str] | str:
    """Tokens of this run found in the evidence list, following DRF's `next` links when paginated;
    or why the list could not be read."""
    found: set[str] = set()
    pattern = re.compile(re.escape(prefix) + r"-\d+")
    url: str | None = path
    for _ in range(max_pages):
        if url is None:
            break
        answer = await client.get(url)
        if answer.status_code != 200:
            return f"GET {url} answered HTTP {answer.status_code}"
        found |= set(pattern.findall(answer.text))
        payload = answer.json()
        url = payload.get("next") if isinstance(payload, dict) else None
    return found


def _row(sample: Sample) -> str:
    p50, p95 = (percentile(sample.latencies, q) * 1000 for q in (0.50, 0.95))
    rate = sample.count / sample.wall if sample.wall else math.nan
    errors = sum(sample.errors.values())
    causes = ", ".join(f"{cause} x{n}" for cause, n in sorted(sample.errors.items()))
    return (f"| {sample.name} | {sample.users} | {sample.count} | {errors} | {p50:.1f} | {p95:.1f} | {rate:.1f} |"
            + (f" {causes}" if causes else ""))


async def run(args: argparse.Namespace) -> int:
    limits = httpx.Limits(max_connections=max([*args.users, args.writers]) + 5)
    timeout = httpx.Timeout(args.timeout)
    async with httpx.AsyncClient(base_url=args.url, limits=limits, timeout=timeout, follow_redirects=False) as client:
        await sign_in(client, args.username, args.password)
        writes = Writes()
        samples: list[Sample] = []
        print(f"think time: {args.think:g} s per user between requests (mean; 0: saturation)")
        print("| phase | users | requests | errors | p50 ms | p95 ms | req/s |")
        print("|---|---:|---:|---:|---:|---:|---:|")
        for users in args.users:
            for name, method, path in (("dashboard " + args.dashboard, "GET", args.dashboard),
                                       ("indicator " + args.indicator, "GET", args.indicator),
                                       ("evidence POST " + args.evidence, "POST", args.evidence)):
                sample = await bounded_load(client, name, method, path, users, args.requests, args.body, writes,
                                            args.think)
                samples.append(sample)
                print(_row(sample), flush=True)
        if args.write_seconds > 0:
            # The writers never pause: the lost-writes count is read under the heaviest write load.
            sample = await writers_for(client, args.evidence, args.writers, args.write_seconds, args.body, writes)
            samples.append(sample)
            print(_row(sample), flush=True)
        found = await read_back(client, args.evidence, writes.prefix)
    if isinstance(found, str):
        print(f"\nwrites: {writes.sent} sent, {len(writes.acknowledged)} acknowledged; cannot read them back: {found}")
        return 1
    lost = writes.acknowledged - found
    landed_anyway = writes.unanswered & found
    print()
    print(f"writes: {writes.sent} sent, {len(writes.acknowledged)} acknowledged, "
          f"{len(writes.acknowledged & found)} read back, {len(lost)} lost"
          f" ({len(landed_anyway)} answered with an error but stored anyway)")
    dashboard_50 = [s for s in samples if s.name.startswith("dashboard") and s.users == max(args.users)]
    if dashboard_50:
        p95 = percentile(dashboard_50[0].latencies, 0.95) * 1000
        print(f"goal dashboard p95 <= 200 ms at {max(args.users)} users (think {args.think:g} s): {p95:.1f} ms "
              f"({'met' if p95 <= 200 else 'NOT met'})")
    errors = sum(sum(s.errors.values()) for s in samples)
    print(f"goal 0 errors: {errors} ({'met' if errors == 0 else 'NOT met'})")
    print(f"goal 0 lost writes: {len(lost)} ({'met' if not lost else 'NOT met'})")
    # Slowness is a figure to read; a lost write is a defect, and fails the run.
    return 1 if lost else 0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_environment(data_dir: Path) -> dict[str, str]:
    """The demo's settings (missionlens.web.demo.environment) for a server on plain HTTP on loopback;
    MISSIONLENS_DATABASE_URL, when set, passes through (to measure on PostgreSQL)."""
    from importlib import resources

    mission = resources.files("missionlens.mission").joinpath("templates/demo/mission.toml")
    return {
        **os.environ,
        "MISSIONLENS_DATA_DIR": str(data_dir),
        "MISSIONLENS_SECRET_KEY": secrets.token_urlsafe(50),
        "MISSIONLENS_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MISSIONLENS_HTTPS": "0",
        "MISSIONLENS_MISSION_FILE": str(mission),
        "DJANGO_SETTINGS_MODULE": "missionlens.web.settings",
    }


def prepare_demo(command: str, data_dir: Path, environment: dict[str, str]) -> None:
    log_path = data_dir / "prepare.log"
    argv = shlex.split(command.format(data_dir=data_dir))
    print(f"preparing: {' '.join(argv)} (log: {log_path})", file=sys.stderr, flush=True)
    started = time.perf_counter()
    with log_path.open("wb") as log:
        done = subprocess.run(argv, env=environment, stdout=log, stderr=subprocess.STDOUT, check=False)
    if done.returncode != 0:
        raise SystemExit(f"preparing the demo failed ({done.returncode}); see {log_path}")
    print(f"prepared in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)


@contextmanager
def started_server(command: str, data_dir: Path, port: int, url: str, ready_timeout: float,
                   environment: dict[str, str]) -> Iterator[None]:
    """Run the server command (its own process group, output to data_dir/server.log) until it serves
    the login page; stop the whole group afterwards, on errors too."""
    log_path = data_dir / "server.log"
    argv = shlex.split(command.format(port=port, data_dir=data_dir))
    print(f"starting: {' '.join(argv)} (log: {log_path})", file=sys.stderr, flush=True)
    with log_path.open("wb") as log:
        server = subprocess.Popen(argv, env=environment, stdout=log, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    try:
        deadline = time.monotonic() + ready_timeout
        while True:
            if server.poll() is not None:
                raise SystemExit(f"the server exited with {server.returncode}; see {log_path}")
            try:
                if httpx.get(urljoin(url, "/accounts/login/"), timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"the server did not answer within {ready_timeout:g} s; see {log_path}")
            time.sleep(0.5)
        yield
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()


def _levels(text: str) -> list[int]:
    levels = [int(item) for item in text.split(",") if item.strip()]
    if not levels or min(levels) < 1:
        raise argparse.ArgumentTypeError(f"write concurrency levels as positive numbers, e.g. 20,50, not {text!r}")
    return levels


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--url", default=None, help="the running app (default http://127.0.0.1:8000)")
    parser.add_argument("--username", default="manager")
    parser.add_argument("--password", default="demo")
    parser.add_argument("--dashboard", default="/")
    parser.add_argument("--indicator", default="/indicators/loans_disbursed/")
    parser.add_argument("--evidence", default="/api/evidence/", help="the evidence API: POST to write, GET to list")
    parser.add_argument("--body", default=DEFAULT_EVIDENCE, help="JSON of one evidence write; {token} is filled in")
    parser.add_argument("--users", type=_levels, default=[20, 50], help="concurrency levels (default 20,50)")
    parser.add_argument("--requests", type=int, default=10, help="requests per user and page (default 10)")
    parser.add_argument("--writers", type=int, default=50)
    parser.add_argument("--write-seconds", type=float, default=60.0)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a user pauses between requests (uniform 0..2x; default 0: saturation)")
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds before a request counts as an error")
    parser.add_argument("--start", action="store_true", help="start the server itself (see --start-command)")
    parser.add_argument("--prepare-command", default=DEFAULT_PREPARE,
                        help=f"with --start, run first; {{data_dir}} is filled in (default: {DEFAULT_PREPARE!r}; "
                             "empty: none)")
    parser.add_argument("--start-command", default=DEFAULT_START,
                        help="the server command; {port} and {data_dir} are filled in "
                             f"(default: {DEFAULT_START!r}, with MISSIONLENS_DATA_DIR set to the data dir)")
    parser.add_argument("--data-dir", type=Path, default=None, help="with --start: the data dir (default: a temp dir)")
    parser.add_argument("--ready-timeout", type=float, default=900.0, help="with --start: seconds to wait for it")
    args = parser.parse_args(argv)
    if args.url is None:
        args.url = f"http://127.0.0.1:{_free_port()}" if args.start else "http://127.0.0.1:8000"
    host = urlsplit(args.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        parser.error(f"--url must be on loopback (127.0.0.1 or localhost), not {host!r}: this is a load test")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if not args.start:
        return asyncio.run(run(args))
    port = urlsplit(args.url).port or 80
    with tempfile.TemporaryDirectory(prefix="missionlens-bench-") as scratch:
        data_dir = args.data_dir or Path(scratch)
        data_dir.mkdir(parents=True, exist_ok=True)
        environment = server_environment(data_dir.resolve())
        if args.prepare_command.strip():
            prepare_demo(args.prepare_command, data_dir.resolve(), environment)
        with started_server(args.start_command, data_dir.resolve(), port, args.url, args.ready_timeout, environment):
            return asyncio.run(run(args))


if __name__ == "__main__":
    sys.exit(main())
