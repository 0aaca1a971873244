"""The evaluation harness: the detectors against the simulator's truth (issue 4, docs/evaluation.md).

One run = simulate a scenario (data/simulator) -> import it into a fresh store (data/importer) ->
compute the monthly series with the engine (indicators) -> detect() -> compare with truth.json:

- recall: an injected change is found when an alert (or, for a pure volume, a change of the
  volume scan after the same false-discovery control, since volumes raise no alert by design) has
  the same indicator and direction and starts within TOLERANCE months of the injected start;
  the notes' pressure (truth's voice changes "pressure" and "lack_of_time") is matched by
  `pressure_notes_share`;
- false alarms: in the `steady` scenario, alerts on anything but the pure volumes, starting after
  the first SEASONING_MONTHS months of the data;
- detection delay: detect() is run again on the data cut at a few months after each injected
  start (what a monthly review would have seen then); the delay is the first cut at which the
  change is found, in months after its start (censored at the last cut);
- the oracle (oracle.py): whether the drift test, told where (within the tolerance) and which way
  to look, sees each injected change at 5 %: the ceiling the recall is read against.

Nothing here is fitted to the simulator: the detectors have no threshold to tune, the runs only
measure them.
"""

from __future__ import annotations

import datetime as dt
import json
import statistics
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from missionlens.data.importer import import_dataset
from missionlens.data.simulator import Perturbation, simulate
from missionlens.data.store import Store
from missionlens.indicators import Series, compute, open_tables, table_paths
from missionlens.mission import Mission, load_mission
from missionlens.signals.detection import detect, tested_series
from missionlens.signals.fdr import hierarchical
from missionlens.signals.oracle import visible
from missionlens.signals.stocks import scan_key
from missionlens.signals.series import (
    SEASONING_MONTHS,
    VOLUME_KEYS,
    SeriesInput,
    period_index,
    period_label,
    seasoning_end,
)
from missionlens.signals.workload import PRESSURE_KEY, NoteText

TOLERANCE = {"step": 3, "gradual": 6, "lagged": 6}
DELAY_OFFSETS = (1, 2, 3, 4, 6, 9, 12)
PRESSURE_THEMES = frozenset({"pressure", "lack_of_time"})
# Periods without data at the data's end: the follow-up within 60 days is "no data" for the last
# two months (spec/microcredit-data.md); a cut must hide them too.
_END_BLIND = {"followup_60d_rate": 2}

PERTURBATIONS: dict[str, Perturbation] = {
    "base": Perturbation(),
    "season x2 shifted 3 months": Perturbation(season_amplitude=2.0, season_phase=3.0),
    "noise +1": Perturbation(noise=1.0),
    "size 0.3x": Perturbation(size=0.3),
    "size 10x": Perturbation(size=10.0),
    "effects x0.5": Perturbation(effect_size=0.5),
}


@dataclass(frozen=True)
class Dataset:
    scenario: str
    seed: int
    label: str
    truth: Mapping[str, Any]
    series: Mapping[str, SeriesInput]
    notes: tuple[NoteText, ...]
    first: str
    end: str


@dataclass(frozen=True)
class ChangeScore:
    indicator: str
    direction: str
    kind: str
    start: str
    found: bool
    found_start: str | None
    volume: bool
    delay: int | None = None
    delay_censored: bool = False
    visible: bool | None = None  # the oracle's verdict (oracle.py); None when not asked


@dataclass(frozen=True)
class RunScore:
    scenario: str
    seed: int
    label: str
    changes: tuple[ChangeScore, ...]
    false_alarms: tuple[str, ...]
    other_alerts: tuple[str, ...]


def to_input(series: Series, dimensions: Sequence[str]) -> SeriesInput:
    """The engine's series as the signals' input; a value marked "too few to say" is no value."""
    values = [None if p.too_few else p.value for p in series.points]
    return SeriesInput(series.key, [p.period for p in series.points], values, [p.n for p in series.points],
                       series.unit, tuple(dimensions))


def _notes(path: Path | None) -> tuple[NoteText, ...]:
    if path is None:
        return ()
    table = pq.read_table(path, columns=["date", "author_role", "text"]).to_pydict()
    return tuple(NoteText(d, r, t) for d, r, t in zip(table["date"], table["author_role"], table["text"],
                                                      strict=True))


def build_dataset(
    scenario: str, seed: int, *, workdir: Path, mission: Mission, scale: float = 1.0, years: int = 5,
    label: str = "base", perturbation: Perturbation | None = None,
) -> Dataset:
    """Simulate, import into a new store and compute the monthly series of one run."""
    sim = workdir / "sim"
    simulate(sim, scale=scale, years=years, seed=seed, scenario=scenario, fmt="parquet", lang="fr",
             perturbation=perturbation)
    truth = json.loads((sim / "truth.json").read_text(encoding="utf-8"))
    store = Store.create(workdir / "store")
    result = import_dataset(sim, store, now=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    if not result.ok or result.version is None:
        raise RuntimeError(f"the simulated {scenario} data (seed {seed}) was refused by the importer")
    paths = table_paths(result.version.path)
    computed = compute(open_tables(paths), grain="month")
    series = {
        key: to_input(found[0], mission.dimensions_of(key) if key in mission.indicator_keys else ())
        for key, found in computed.items() if found and found[0].status == "ok"
    }
    periods = [p for s in series.values() for p, v in zip(s.periods, s.values, strict=True) if v is not None]
    return Dataset(scenario, seed, label, truth, series, _notes(paths.get("notes")), min(periods), truth["end"])


def _months_between(a: str, b: str) -> int:
    return period_index(b, "month") - period_index(a, "month")


def _matches(indicator: str, direction: str, start: str, kind: str, found: Sequence[tuple[str, str, str]]) -> str | None:
    for key, way, when in found:
        if key == indicator and way == direction and abs(_months_between(start, when)) <= TOLERANCE.get(kind, 3):
            return when
    return None


def _volume_changes(series: Mapping[str, SeriesInput], as_of: str) -> list[tuple[str, str, str]]:
    """Changes of the pure volumes, after the same false-discovery control as the alerts."""
    last = period_index(as_of, "month")
    first = seasoning_end(series, "month")
    scans = {key: scan_key(series, key, last_index=last, first_index=first)[0] for key in series if key in VOLUME_KEYS}
    family = {k: [c.p_value for c in sorted(r.changes, key=lambda c: c.order)] for k, r in scans.items()}
    out: list[tuple[str, str, str]] = []
    for key, qs in hierarchical(family).items():
        ordered = sorted(scans[key].changes, key=lambda c: c.order)
        out.extend((key, c.direction, c.start) for c, _ in zip(ordered, qs, strict=False))
    return out


def _truth_changes(truth: Mapping[str, Any]) -> list[dict[str, str]]:
    changes = [dict(c) for c in truth["changes"]]
    for voice in truth.get("voice_changes", ()):
        if voice["theme"] in PRESSURE_THEMES:
            changes.append({"indicator": PRESSURE_KEY, "direction": voice["direction"], "start": voice["start"],
                            "kind": "gradual" if voice["theme"] == "lack_of_time" else "step"})
    return changes


def cut(series: Mapping[str, SeriesInput], as_of: str) -> dict[str, SeriesInput]:
    """The series as a review run at the end of `as_of` would have seen them."""
    last = period_index(as_of, "month")
    out = {}
    for key, s in series.items():
        blind = _END_BLIND.get(key, 0)
        values = [v if period_index(p, "month") <= last - blind else None
                  for p, v in zip(s.periods, s.values, strict=True)]
        out[key] = replace(s, values=values)
    return out


def _found(ds: Dataset, series: Mapping[str, SeriesInput], as_of: str, mission: Mission) -> list[tuple[str, str, str]]:
    notes = tuple(n for n in ds.notes if period_index(f"{n.date:%Y-%m}", "month") <= period_index(as_of, "month"))
    result = detect(series, mission=mission, as_of=as_of, notes=notes)
    return [(a.indicator, a.direction, a.start) for a in result.alerts] + _volume_changes(series, as_of)


def score_run(ds: Dataset, mission: Mission, *, delays: bool = False, oracle: bool = True) -> RunScore:
    result = detect(ds.series, mission=mission, as_of=ds.end, notes=ds.notes)
    found = [(a.indicator, a.direction, a.start) for a in result.alerts] + _volume_changes(ds.series, ds.end)
    truth = _truth_changes(ds.truth)
    seen: list[bool | None] = [None] * len(truth)
    if oracle:
        tested = tested_series(ds.series, ds.notes, "month")
        seen = visible(tested, truth, TOLERANCE, last_index=period_index(ds.end, "month"),
                       first_index=seasoning_end(tested, "month"))
    changes = []
    for c, sees in zip(truth, seen, strict=True):
        when = _matches(c["indicator"], c["direction"], c["start"], c["kind"], found)
        changes.append(ChangeScore(c["indicator"], c["direction"], c["kind"], c["start"], when is not None, when,
                                   c["indicator"] in VOLUME_KEYS, visible=sees))
    if delays:
        changes = _with_delays(ds, changes, mission)
    seasoned = period_label(period_index(ds.first, "month") + SEASONING_MONTHS, "month")
    truth_keys = {c.indicator for c in changes}
    alerts = [f"{a.indicator}@{a.start}" for a in result.alerts if a.start >= seasoned]
    false_alarms = tuple(alerts) if ds.scenario == "steady" else ()
    others = tuple(a for a in alerts if a.split("@")[0] not in truth_keys) if ds.scenario != "steady" else ()
    return RunScore(ds.scenario, ds.seed, ds.label, tuple(changes), false_alarms, others)


def _with_delays(ds: Dataset, changes: list[ChangeScore], mission: Mission) -> list[ChangeScore]:
    last = period_index(ds.end, "month")
    cuts: dict[str, list[tuple[str, str, str]]] = {}
    out = []
    for change in changes:
        if not change.found:
            out.append(change)
            continue
        delay = None
        for offset in DELAY_OFFSETS:
            at = period_index(change.start, "month") + offset
            if at > last:
                break
            label = period_label(at, "month")
            if label not in cuts:
                cuts[label] = _found(ds, cut(ds.series, label), label, mission)
            if _matches(change.indicator, change.direction, change.start, change.kind, cuts[label]):
                delay = offset
                break
        out.append(replace(change, delay=delay if delay is not None else DELAY_OFFSETS[-1],
                           delay_censored=delay is None))
    return out


def evaluate_one(
    scenario: str, seed: int, *, label: str = "base", scale: float = 1.0, years: int = 5, delays: bool = False,
) -> RunScore:
    """One full run in a temporary folder (what a worker process does)."""
    mission = load_mission(None)
    with tempfile.TemporaryDirectory(prefix="missionlens-eval-") as tmp:
        ds = build_dataset(scenario, seed, workdir=Path(tmp), mission=mission, scale=scale, years=years,
                           label=label, perturbation=PERTURBATIONS[label])
    return score_run(ds, mission, delays=delays)


def ratio(part: int, whole: int) -> float | None:
    """part / whole, or None when there is nothing to divide by (no change of that kind)."""
    return part / whole if whole else None


@dataclass(frozen=True)
class Summary:
    label: str
    scenario: str
    runs: int
    changes: int
    found: int
    mission_changes: int
    mission_found: int
    false_alarms_per_run: float | None
    other_alerts_per_run: float
    median_delay: float | None
    delays: int
    censored: int
    visible: int = 0  # changes the oracle sees (oracle.py)
    visible_found: int = 0  # of those, found by the detectors

    @property
    def oracle_recall(self) -> float | None:
        return ratio(self.visible, self.changes)

    @property
    def recall_of_visible(self) -> float | None:
        return ratio(self.visible_found, self.visible)

    @property
    def recall(self) -> float | None:
        return ratio(self.found, self.changes)

    @property
    def mission_recall(self) -> float | None:
        return ratio(self.mission_found, self.mission_changes)


def summarise(scores: Sequence[RunScore]) -> list[Summary]:
    groups: dict[tuple[str, str], list[RunScore]] = {}
    for s in scores:
        groups.setdefault((s.label, s.scenario), []).append(s)
    out = []
    for (label, scenario), runs in groups.items():
        changes = [c for r in runs for c in r.changes]
        mission = [c for c in changes if not c.volume]
        timed = [c for c in changes if c.found and c.delay is not None]
        out.append(Summary(
            label, scenario, len(runs), len(changes), sum(c.found for c in changes), len(mission),
            sum(c.found for c in mission),
            sum(len(r.false_alarms) for r in runs) / len(runs) if scenario == "steady" else None,
            sum(len(r.other_alerts) for r in runs) / len(runs),
            statistics.median(c.delay for c in timed if c.delay is not None) if timed else None,
            len(timed), sum(c.delay_censored for c in timed),
            sum(bool(c.visible) for c in changes), sum(bool(c.visible) and c.found for c in changes),
        ))
    return out


def missed(scores: Sequence[RunScore]) -> dict[tuple[str, str, str], tuple[int, int, int]]:
    """(label, scenario, indicator) -> (missed, missed by the oracle too, total): where the detectors fail."""
    out: dict[tuple[str, str, str], tuple[int, int, int]] = {}
    for s in scores:
        for c in s.changes:
            key = (s.label, s.scenario, f"{c.indicator} {c.direction} ({c.kind})")
            miss, unseen, total = out.get(key, (0, 0, 0))
            out[key] = (miss + (not c.found), unseen + (c.visible is False), total + 1)
    return out
