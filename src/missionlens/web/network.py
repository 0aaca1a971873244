"""The precomputed network review the network pages read: the web app's adapter to network.review_network.

A page never runs the drift tests (a minute or more on the MIX panel). `compute_network` reviews a
panel (DATA_DIR/network/institutions.* by default, or any panel path) in French and in English and
writes, under DATA_DIR/network/runs/<time>/:

- `fr.json`, `en.json`: the network review as the spec's JSON (`missionlens.network/1`,
  network.dumps), in each language (the evidence texts and caveats are written in it);

then points DATA_DIR/network/CURRENT at the run, written atomically as reviews.py does. A refused
panel (any error) changes nothing: all or nothing, and every problem is returned with its line and
column. `network_for` parses a run's file once per process and keeps it while it is unchanged.

`accept_panel` is the upload use case (the page; the management command reads a path): the
file is validated whole by data.panel before it replaces the panel, and the change is audited.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from django.utils.translation import gettext

from missionlens.data.panel import PANEL_FILE, read_panel
from missionlens.data.problems import Problem
from missionlens.data.wording import Wording, wording
from missionlens.network import NetworkRefusal, dumps, review_network

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")
Progress = Callable[[str, int, "int | None"], None]
# The panel file's suffixes an upload may have (data.panel reads these dialects).
SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm", ".parquet")


class NetworkUnavailable(RuntimeError):
    """No network review has been computed yet (no panel given)."""


@dataclass(frozen=True)
class NetworkRun:
    path: Path
    institutions: int
    years: tuple[int, int] | None


def network_dir(data_dir: Path) -> Path:
    return data_dir / "network"


def panel_of(data_dir: Path) -> Path:
    """The panel the web app reviews: DATA_DIR/network/institutions.* (a folder read_panel reads)."""
    return network_dir(data_dir)


def has_panel(data_dir: Path) -> bool:
    folder = network_dir(data_dir)
    return folder.is_dir() and any(p.stem.lower() == PANEL_FILE and p.is_file() for p in folder.iterdir())


def compute_network(
    data_dir: Path, *, panel: Path | None = None, now: datetime, progress: Progress | None = None,
) -> NetworkRun | NetworkRefusal:
    """Review the panel in French and English and make it current; a refused panel changes nothing."""
    source = panel if panel is not None else panel_of(data_dir)
    documents: dict[Lang, str] = {}
    for lang in LANGS:
        result = review_network(source, lang=lang, generated=now.date().isoformat(), progress=progress)
        if isinstance(result, NetworkRefusal):
            return result
        documents[lang] = dumps(result)
    runs = network_dir(data_dir) / "runs"
    run = runs / now.strftime("%Y%m%dT%H%M%S%f")
    run.mkdir(parents=True, exist_ok=False)
    for lang, text in documents.items():
        (run / f"{lang}.json").write_text(text, encoding="utf-8")
    pointer = network_dir(data_dir) / "CURRENT"
    temporary = pointer.with_suffix(".tmp")
    temporary.write_text(run.name + "\n", encoding="utf-8")
    os.replace(temporary, pointer)
    first = json.loads(documents["en"])
    years = first.get("years")
    return NetworkRun(run, len(first.get("institutions", [])), (int(years[0]), int(years[1])) if years else None)


def current_run(data_dir: Path) -> Path | None:
    try:
        name = (network_dir(data_dir) / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    run = network_dir(data_dir) / "runs" / name
    return run if run.is_dir() else None


_cache: dict[Path, tuple[int, dict[str, Any]]] = {}
_lock = threading.Lock()


def network_for(data_dir: Path, lang: str) -> dict[str, Any]:
    """The current network review JSON in `lang` (French when unknown); NetworkUnavailable when none."""
    run = current_run(data_dir)
    if run is None:
        raise NetworkUnavailable(gettext("no network review has been computed yet: give a panel of institutions"))
    path = run / f"{lang if lang in LANGS else LANGS[0]}.json"
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        raise NetworkUnavailable(gettext("the current network review is incomplete: compute it again")) from None
    with _lock:
        cached = _cache.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    with _lock:
        _cache[path] = (stamp, document)
    return document


@dataclass(frozen=True)
class PanelChecked:
    """An uploaded panel: accepted (it is now the panel) or refused with every problem."""

    accepted: bool
    problems: tuple[Problem, ...]
    rows: int = 0


def accept_panel(data_dir: Path, name: str, chunks: Iterable[bytes]) -> PanelChecked:
    """Validate an uploaded panel whole; only a panel without errors replaces the current one.

    The file keeps its suffix (its dialect) and is renamed institutions.<suffix>, the only panel
    file of DATA_DIR/network, so that the next compute_network reads it.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        return PanelChecked(False, (Problem(
            Path(name).name or "upload", None, None, f"a file of type {suffix or '(none)'} cannot hold a panel",
            "send institutions.csv, .xlsx or .parquet (one row per institution and year)", code="wrong_type",
        ),))
    folder = network_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix="upload-", dir=folder))
    try:
        staged = staging / f"{PANEL_FILE}{suffix}"
        with staged.open("wb") as out:
            for chunk in chunks:
                out.write(chunk)
        validation = read_panel(staged)
        problems = tuple(_named(p, name) for p in validation.problems)
        if not validation.ok:
            return PanelChecked(False, problems)
        for old in folder.iterdir():
            if old.is_file() and old.stem.lower() == PANEL_FILE and old.suffix.lower() != suffix:
                old.unlink()
        os.replace(staged, folder / staged.name)
        return PanelChecked(True, problems, validation.rows)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


# The French of the refusal above (data.wording shows it in the reader's language).
WORDING: tuple[Wording, ...] = (
    wording("a file of type {suffix} cannot hold a panel", "un fichier de type {suffix} ne peut pas contenir un panel"),
    wording("send institutions.csv, .xlsx or .parquet (one row per institution and year)",
            "envoyez institutions.csv, .xlsx ou .parquet (une ligne par institution et par année)"),
)


def _named(problem: Problem, name: str) -> Problem:
    """The problem located in the file as the person named it (not the staging copy)."""
    if problem.file.lower().startswith(PANEL_FILE):
        return Problem(Path(name).name, problem.line, problem.column, problem.message, problem.fix,
                       problem.severity, problem.code, problem.sheet)
    return problem


def pending_since(data_dir: Path) -> str | None:
    """When the review of a newly accepted panel started, while it runs (None otherwise)."""
    try:
        return (network_dir(data_dir) / "PENDING").read_text(encoding="utf-8").strip() or None
    except FileNotFoundError:
        return None


def review_in_background(data_dir: Path, *, now: datetime) -> threading.Thread:
    """Review the accepted panel in a thread of this process (a minute or more on a large panel):
    the pages keep showing the current run until the new one is switched in."""
    marker = network_dir(data_dir) / "PENDING"
    marker.write_text(now.isoformat(timespec="seconds"), encoding="utf-8")

    def work() -> None:
        try:
            compute_network(data_dir, now=now)
        finally:
            marker.unlink(missing_ok=True)

    thread = threading.Thread(target=work, name="network-review", daemon=True)
    thread.start()
    return thread
