"""The precomputed reviews the pages read: the web app's one adapter to the review use case.

A page never computes indicators. After each import, `compute_reviews` writes, under
DATA_DIR/reviews/<run>/:

- `<lang>/all.json`: the organisation's review (review.build_review, as review.to_json gives it),
  in French and in English;
- `<lang>/branch-<code>.json`: the same review on one branch's series (the engine's branch split,
  assembled by review.assemble; the detectors' findings are the organisation's);
- `breakdowns/<key>.json`: each indicator's monthly series split by branch, gender, zone, minimum
  benefits, product and author role (where the indicator can be split that way);
- `voices.json`: the latest imported notes per dimension, with their branch, for the pages to
  filter by role (access.py);

then points DATA_DIR/reviews/CURRENT at the run (written atomically, as the store's CURRENT).
`load` parses a file once per process and keeps it while the file is unchanged, so that the
dashboard answers in milliseconds.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from django.utils.translation import gettext

from missionlens.data.store import Store, Version
from missionlens.indicators import DIMENSIONS, REGISTRY, Grain, compute, open_tables, periods_of
from missionlens.mission import load_mission
from missionlens.review import Refusal, Review, assemble, build_reviews, to_json
from missionlens.review.build import GRAINS, data_summary
from missionlens.web.field_evidence_types import AppEvidence

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")
Progress = Callable[[str, int, int | None], None]
VOICES_PER_DIMENSION = 30


class ReviewUnavailable(RuntimeError):
    """No review has been computed yet (nothing imported) or the store cannot be reviewed."""


@dataclass(frozen=True)
class Run:
    """One set of precomputed reviews."""

    path: Path
    version: str


def reviews_dir(data_dir: Path) -> Path:
    return data_dir / "reviews"


def store_dir(data_dir: Path) -> Path:
    return data_dir / "store"


def compute_reviews(
    data_dir: Path,
    *,
    mission_path: Path | None,
    now: datetime,
    progress: Progress | None = None,
    evidence: AppEvidence | None = None,
) -> Run:
    """Compute every review of the store's current version, in French and English, and make
    them current. The detectors' findings come with build_review's organisation-wide review.

    `evidence`: what the app holds (web.field_evidence.app_evidence(): captured evidence, stories
    and their selection rounds), read by the caller so that this module needs no database."""
    store = store_dir(data_dir)
    version = Store(store).current() if (store / "versions").is_dir() else None
    if version is None:
        raise ReviewUnavailable(f"{store}: the store holds no version yet; import a data set first")
    run = reviews_dir(data_dir) / f"{version.name}-{now.strftime('%Y%m%dT%H%M%S%f')}"
    run.mkdir(parents=True, exist_ok=False)
    tables = open_tables({n: p for n in version.manifest.get("tables", {}) if (p := version.table_path(n))})
    periods = periods_of(tables)
    by_branch: dict[Grain, dict[str, Any]] | None = None
    # One reading of the store for both languages: the engine, the voices and the evidence are
    # the costly part; each language only words the same findings.
    held = evidence or AppEvidence((), (), ())
    results = build_reviews(
        store, mission_path=mission_path, langs=LANGS, now=now, progress=progress,
        stories=held.stories, rounds=held.rounds, evidence_items=held.items, cards=held.cards,
    )
    if isinstance(results, Refusal):
        raise ReviewUnavailable("; ".join(str(p) for p in results.problems))
    for lang in LANGS:
        result = results[lang]
        (run / lang).mkdir()
        whole = to_json(result)
        _write_json(run / lang / "all.json", whole)
        mission = load_mission(mission_path, lang=lang).with_cards(held.cards)
        keys = [k for k in mission.indicator_keys if k in REGISTRY]
        if by_branch is None:
            if progress is not None:
                progress("reviewing each branch", 0, 1)
            by_branch = {g: compute(tables, keys, grain=g, by="branch", periods=periods) for g in GRAINS}
            (run / "breakdowns").mkdir()
            for key, split in _breakdowns(tables, keys, periods, by_branch["month"]).items():
                _write_json(run / "breakdowns" / f"{_safe(key)}.json", split)
        for code in sorted({s.group for found in by_branch["month"].values() for s in found if s.group}):
            computed = {
                grain: {k: [s for s in found if s.group == code] or None for k, found in per_key.items()}
                for grain, per_key in by_branch.items()
            }
            branch_review = assemble(mission, lang, computed, data_summary(version, _span(result)), now=now)
            _write_json(run / lang / f"branch-{_safe(code)}.json", with_findings_of(to_json(branch_review), whole))
    _write_json(run / "voices.json", _voices(version))
    _write_json(run / "branches.json", _branches(version))
    pointer = reviews_dir(data_dir) / "CURRENT"
    temporary = pointer.with_suffix(".tmp")
    temporary.write_text(run.name + "\n", encoding="utf-8")
    os.replace(temporary, pointer)
    return Run(run, version.name)


# The detectors run once, on the organisation's series (one family of tests under one control of
# false discoveries). A branch's page shows those findings, marked as the organisation's
# ("findings_of"), rather than none, which would read as "nothing to see".
FINDINGS = ("alerts", "tensions", "silences", "attention", "signals_run", "signals")


def with_findings_of(branch: dict[str, Any], whole: dict[str, Any]) -> dict[str, Any]:
    """A branch's review JSON with the organisation's findings, marked as such."""
    return {**branch, **{key: whole[key] for key in FINDINGS if key in whole}, "findings_of": "organisation"}


def _span(review: Review) -> tuple[str, str] | None:
    first, last = review.data.first_month, review.data.last_month
    return (first, last) if first and last else None


def _safe(code: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in code)


def _write_json(path: Path, document: Any) -> None:
    path.write_text(json.dumps(document, ensure_ascii=False, allow_nan=False), encoding="utf-8")


def _points(series: Any) -> list[dict[str, Any]]:
    return [
        {"period": str(p.period)[:7], "value": p.value, "n": p.n, "low": p.low, "high": p.high, "too_few": p.too_few}
        for p in series.points
    ]


def _breakdowns(tables: Any, keys: list[str], periods: Any, by_branch: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, dict[str, list[dict[str, Any]]]] = {k: {} for k in keys}
    for dimension in DIMENSIONS:
        found = by_branch if dimension == "branch" else compute(tables, keys, grain="month", by=dimension, periods=periods)
        for key, series in found.items():
            groups = [{"group": s.group, "points": _points(s)} for s in series if s.status == "ok" and s.group]
            if groups:
                out[key][dimension] = groups
    return out


def _voices(version: Version) -> dict[str, list[dict[str, Any]]]:
    """The latest notes per dimension, with the branch of their staff author or borrower."""
    import duckdb

    notes = version.table_path("notes")
    if notes is None:
        return {}
    staff, borrowers = version.table_path("staff"), version.table_path("borrowers")
    staff_join = f"LEFT JOIN read_parquet('{staff}') s ON s.staff_id = n.staff_id" if staff else ""
    borrower_join = f"LEFT JOIN read_parquet('{borrowers}') b ON b.borrower_id = n.borrower_id" if borrowers else ""
    branch = "coalesce(" + ", ".join(
        [*(["s.branch_id"] if staff else []), *(["b.branch_id"] if borrowers else []), "NULL"]
    ) + ")"
    query = f"""
        SELECT n.dimension, CAST(n.date AS VARCHAR) AS day, n.author_role, n.kind, n.text, n.borrower_id,
               {branch} AS branch
        FROM read_parquet('{notes}') n {staff_join} {borrower_join}
        WHERE n.dimension IS NOT NULL
        QUALIFY row_number() OVER (PARTITION BY n.dimension ORDER BY n.date DESC, n.note_id DESC)
                <= {VOICES_PER_DIMENSION}
        ORDER BY n.dimension, day DESC
    """
    out: dict[str, list[dict[str, Any]]] = {}
    with duckdb.connect() as connection:
        for dimension, day, role, kind, text, borrower, code in connection.execute(query).fetchall():
            out.setdefault(str(dimension), []).append(
                {"date": day, "author_role": role, "kind": kind, "text": text, "borrower": borrower or "",
                 "branch": code}
            )
    return out


def _branches(version: Version) -> list[dict[str, str]]:
    path = version.table_path("branches")
    if path is None:
        return []
    import pyarrow.parquet as pq

    rows = pq.read_table(path, columns=["branch_id", "name", "region"]).to_pylist()
    return [{"code": str(r["branch_id"]), "name": str(r["name"]), "region": str(r["region"] or "")} for r in rows]


def current_run(data_dir: Path) -> Path | None:
    pointer = reviews_dir(data_dir) / "CURRENT"
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    run = reviews_dir(data_dir) / name
    return run if run.is_dir() else None


_cache: dict[Path, tuple[int, Any]] = {}
_lock = threading.Lock()


def load(data_dir: Path, name: str) -> Any:
    """A file of the current run (`all.json`, `branch-<code>.json`, ...), parsed once per change.

    Raises ReviewUnavailable when nothing has been reviewed yet; None when the file is absent.
    """
    found = _loaded(data_dir, name)
    return None if found is None else found[1]


def _loaded(data_dir: Path, name: str) -> tuple[str, Any] | None:
    run = current_run(data_dir)
    if run is None:
        raise ReviewUnavailable(gettext("no review has been computed yet: import a data set first"))
    path = run / name
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    key = f"{path}@{stamp}"
    with _lock:
        cached = _cache.get(path)
        if cached is not None and cached[0] == stamp:
            return key, cached[1]
    document = json.loads(path.read_text(encoding="utf-8"))
    with _lock:
        _cache[path] = (stamp, document)
    return key, document


def review_for(data_dir: Path, branch: str | None, lang: str) -> dict[str, Any]:
    """The review JSON of the whole organisation, or of one branch when it has one."""
    return dict(keyed_review(data_dir, branch, lang)[1])


def keyed_review(data_dir: Path, branch: str | None, lang: str) -> tuple[str, Any]:
    """(key, review) as review_for, with a key that names the file read and its version
    (data folder, run, file, modification time), under which a page may keep what it drew
    from that review: a new run or a rewritten file gives a new key."""
    language = lang if lang in LANGS else LANGS[0]
    names = ([f"{language}/branch-{_safe(branch)}.json"] if branch else []) + [f"{language}/all.json"]
    for name in names:
        found = _loaded(data_dir, name)
        if found is not None:
            return found
    raise ReviewUnavailable(gettext("the current review run is incomplete: compute the reviews again"))


def breakdown_for(data_dir: Path, key: str) -> dict[str, list[dict[str, Any]]]:
    """An indicator's monthly series per group, for each way it can be split ({} when none)."""
    return dict(load(data_dir, f"breakdowns/{_safe(key)}.json") or {})


def notes_for(data_dir: Path) -> dict[str, list[dict[str, Any]]]:
    """The latest imported notes per dimension (unfiltered: pages filter them through access.py)."""
    return dict(load(data_dir, "voices.json") or {})


def branches_of(data_dir: Path) -> list[dict[str, str]]:
    """The branches of the reviewed data (code, name, region)."""
    try:
        return list(load(data_dir, "branches.json") or [])
    except ReviewUnavailable:
        return []
