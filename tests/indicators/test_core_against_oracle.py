"""The engine's 13 core indicators against the independent plain-pandas oracle (issue 3, "Correctness").

Simulator data from every scenario, written in every dialect, imported into a store; every month of
every core indicator must agree: None at the same months, values within 1e-9 (relative or absolute).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Literal, cast

import pandas as pd
import pyarrow.parquet as pq
import pytest

from missionlens.data.contract import TABLES
from missionlens.data.importer import import_dataset
from missionlens.data.simulator import SCENARIOS, simulate
from missionlens.data.store import Store
from missionlens.indicators.engine import compute
from missionlens.indicators.tables import open_tables
from tests.indicators.oracle import CORE_KEYS, core_indicators
from tests.indicators.oracle_builders import edge_case_tables, write_csv_dataset

Format = Literal["csv", "fr-csv", "xlsx", "parquet"]
FORMATS: tuple[Format, ...] = ("csv", "fr-csv", "xlsx", "parquet")
SCALE = 0.15
YEARS = 2
SEED = 7
IMPORTED_ON = datetime(2026, 1, 1, 12, 0)
TOLERANCE = 1e-9

Values = dict[str, float | None]


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


@cache
def _imported(scenario: str, fmt: str, root: Path) -> dict[str, Path]:
    """Simulate, write in `fmt`, import into a fresh store; the stored tables' paths."""
    source = root / f"{scenario}-{fmt}" / "source"
    simulate(source, scale=SCALE, years=YEARS, seed=SEED, scenario=scenario, fmt=cast(Format, fmt))
    store = Store.create(root / f"{scenario}-{fmt}" / "store")
    result = import_dataset(source, store, now=IMPORTED_ON)
    assert result.ok, result.validation
    version = store.current()
    assert version is not None
    paths = {name: version.table_path(name) for name in TABLES}
    return {name: path for name, path in paths.items() if path is not None}


@cache
def _oracle(scenario: str, fmt: str, root: Path) -> dict[str, Values]:
    stored = {name: pq.read_table(path).to_pandas() for name, path in _imported(scenario, fmt, root).items()}
    return core_indicators(stored)


def _engine_values(paths: dict[str, Path]) -> dict[str, Values]:
    """The engine's overall (not disaggregated) monthly series of each core indicator."""
    computed = compute(open_tables(paths), list(CORE_KEYS), grain="month")
    out: dict[str, Values] = {}
    for key in CORE_KEYS:
        overall = [series for series in computed[key] if series.group is None]
        assert len(overall) == 1, f"{key}: expected one overall series, got {len(overall)}"
        out[key] = {
            point.period: None if point.value is None else float(point.value) for point in overall[0].points
        }
    return out


def _differences(engine: dict[str, Values], oracle: dict[str, Values], *, same_months: bool = True) -> list[str]:
    """Every month of the oracle whose value the engine misses or differs on; with `same_months`,
    also any indicator whose months are not exactly the oracle's."""
    problems = []
    for key in CORE_KEYS:
        if same_months and list(engine[key]) != list(oracle[key]):
            only_engine = sorted(set(engine[key]) - set(oracle[key]))
            only_oracle = sorted(set(oracle[key]) - set(engine[key]))
            problems.append(f"{key}: months only in the engine {only_engine}, only in the oracle {only_oracle}")
            continue
        for month, expected in oracle[key].items():
            if month not in engine[key]:
                problems.append(f"{key} {month}: missing from the engine, oracle {expected!r}")
            elif not _close(engine[key][month], expected):
                problems.append(f"{key} {month}: engine {engine[key][month]!r}, oracle {expected!r}")
    return problems


def _import_edge_cases(tables: dict[str, pd.DataFrame], folder: Path) -> dict[str, Path]:
    store = Store.create(folder / "store")
    result = import_dataset(write_csv_dataset(tables, folder / "source"), store, now=IMPORTED_ON)
    assert result.ok, result.validation
    version = store.current()
    assert version is not None
    return {name: path for name in TABLES if (path := version.table_path(name)) is not None}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("core-against-oracle")


def _cases(formats: tuple[str, ...]) -> list[object]:
    """Every scenario in every format. Each scenario in plain CSV and each format on `steady` run
    in the fast suite; the rest of the cross product (xlsx writing is the slow part) is marked slow."""
    return [
        pytest.param(
            scenario, fmt, id=f"{scenario}-{fmt}",
            marks=() if scenario == "steady" or fmt == "csv" else (pytest.mark.slow,),
        )
        for scenario in sorted(SCENARIOS)
        for fmt in formats
    ]


@pytest.mark.parametrize(("scenario", "fmt"), _cases(FORMATS))
def test_engine_core_indicators_match_the_oracle_every_month(scenario: str, fmt: str, root: Path) -> None:
    oracle = _oracle(scenario, fmt, root)
    assert any(oracle["loans_disbursed"].values()), "the simulated data set disbursed nothing"
    problems = _differences(_engine_values(_imported(scenario, fmt, root)), oracle)
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize(("scenario", "fmt"), _cases(tuple(f for f in FORMATS if f != "csv")))
def test_every_dialect_gives_the_core_indicators_of_the_plain_csv(scenario: str, fmt: str, root: Path) -> None:
    # The same simulation written in another dialect must land as the same numbers: a misread
    # decimal comma or date would pass the engine-versus-oracle test, both reading the same store.
    problems = _differences(_oracle(scenario, fmt, root), _oracle(scenario, "csv", root))
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize(
    "left_out", [(), ("sessions",), ("installments",), ("sessions", "installments")], ids=str
)
def test_engine_matches_the_oracle_on_the_hand_built_edge_cases(left_out: tuple[str, ...], tmp_path: Path) -> None:
    # Months without loans, unknown gender, repeat borrowers, loans closed mid-month and on the last
    # day, installments paid after the month's end, write-offs, pending and withdrawn decisions,
    # PAR30 at d - 30 and d - 31 days, the -90..0 minutes window and the follow-up tail.
    tables = {name: frame for name, frame in edge_case_tables().items() if name not in left_out}
    paths = _import_edge_cases(tables, tmp_path)
    oracle = core_indicators({name: pq.read_table(path).to_pandas() for name, path in paths.items()})
    assert oracle == core_indicators(tables), "the import changed the edge cases"
    problems = _differences(_engine_values(paths), oracle)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("case", ["entry_before_the_first_loan", "write_off_after_the_data_end"])
def test_engine_reports_the_months_of_the_oracle(case: str, tmp_path: Path) -> None:
    tables = edge_case_tables()
    if case == "write_off_after_the_data_end":
        # Without sessions and installments the data end is the last disbursement (2024-04-10), and
        # L12's write-off on 2024-05-31 comes after it. Entry dates moved to the first application.
        del tables["sessions"], tables["installments"]
        tables["borrowers"]["entry_date"] = date(2023, 12, 20)
    # Otherwise the borrowers entered on 2023-01-01, nine months before the first session.
    paths = _import_edge_cases(tables, tmp_path)
    oracle = core_indicators({name: pq.read_table(path).to_pandas() for name, path in paths.items()})
    engine = _engine_values(paths)
    assert {key: list(engine[key]) for key in CORE_KEYS} == {key: list(oracle[key]) for key in CORE_KEYS}
