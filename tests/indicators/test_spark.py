"""The same definitions on PySpark and DuckDB: every value of every indicator must agree.

A small organisation (a few hundred loans over 18 months, with every optional table) is written as
Parquet, opened on both backends and computed per month and per quarter.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from missionlens.indicators import compute, open_tables
from missionlens.indicators.engine import Series
from missionlens.indicators.tables import Tables
from tests.indicators.builders import (
    D,
    Row,
    make_borrower,
    make_branch,
    make_feedback,
    make_installment,
    make_loan,
    make_note,
    make_outcome,
    make_session,
    make_staff,
    write_dataset,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("java") is None, reason="PySpark needs a Java runtime (java not on PATH)"),
    # py4j leaves its sockets to the garbage collector; harmless, and not ours to close.
    pytest.mark.filterwarnings("ignore:unclosed <socket:ResourceWarning"),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning"),
]

START = D(2023, 1, 1)
MONTHS = 18


def _day(rng: random.Random, first: dt.date, span: int) -> dt.date:
    return first + dt.timedelta(days=rng.randrange(span))


def organisation(seed: int = 7) -> dict[str, list[Row]]:
    """A small organisation with the spec's edge cases: declined, pending and withdrawn decisions,
    repeat borrowers, late and never-paid installments, write-offs, unknown attributes."""
    rng = random.Random(seed)
    branches = [make_branch("br1", "urban"), make_branch("br2", "rural"), make_branch("br3", "mixed")]
    staff = [make_staff(f"e{i}", fte=rng.choice([0.5, 0.8, 1.0]), branch_id=f"br{i % 3 + 1}",
                        start=_day(rng, D(2022, 6, 1), 300), end=rng.choice([None, None, _day(rng, D(2023, 9, 1), 200)]))
             for i in range(6)]
    staff += [make_staff(f"v{i}", role="volunteer", fte=0.0, branch_id=f"br{i % 3 + 1}") for i in range(3)]
    people = [make_borrower(
        f"b{i}", branch_id=f"br{i % 3 + 1}", gender=rng.choice(["F", "F", "M", "X", "unknown"]),
        minimum_benefits=rng.choice([True, False, None]), banked=rng.choice([True, False, False, None]),
        monthly_household_income=rng.choice([0.0, None, 800.0, 1250.5, 2100.0]),
        priority_area=rng.choice([True, False, None]), education=rng.choice(["none", "secondary", None]),
    ) for i in range(160)]
    loans: list[Row] = []
    installments: list[Row] = []
    sessions: list[Row] = []
    for i in range(320):
        who = f"b{rng.randrange(160)}"
        applied = _day(rng, START, MONTHS * 30)
        decided = applied + dt.timedelta(days=rng.randrange(1, 20))
        decision = rng.choice(["approved"] * 6 + ["declined", "withdrawn", "pending"])
        loan_id = f"L{i}"
        product = rng.choice(["business", "personal", "honour", "green"])
        sessions.append(make_session(who, applied - dt.timedelta(days=rng.randrange(0, 100)),
                                     rng.choice([30, 45, 60]), rng.choice(["diagnosis", "pre_loan"]),
                                     staff_id=rng.choice(["e1", "v0", "x9", None])))
        if decision != "approved":
            loans.append(make_loan(loan_id, who, None, round(rng.uniform(300, 5000), 2), decision=decision,
                                   decision_date=None if decision == "pending" else decided, status=decision,
                                   application_date=applied, product=product, branch_id=f"br{rng.randrange(1, 4)}"))
            continue
        disbursed = decided + dt.timedelta(days=rng.randrange(0, 10))
        amount = round(rng.uniform(500, 8000), 2)
        term = rng.randrange(3, 13)
        fate = rng.choice(["good", "good", "late", "lost", "restructured"])
        closed = None
        for k in range(1, term + 1):
            due = disbursed + dt.timedelta(days=30 * k)
            paid: dt.date | None = due + dt.timedelta(days=rng.choice([0, 0, 3, 45, 100]) if fate != "good" else 0)
            if fate == "lost" and k > term // 2:
                paid = None
            installments.append(make_installment(loan_id, due, round(amount / term, 2), paid, number=k))
        if fate == "lost":
            closed = disbursed + dt.timedelta(days=30 * (term // 2) + rng.randrange(40, 120))
        elif fate == "good" and rng.random() < 0.5:
            closed = disbursed + dt.timedelta(days=30 * term)
        status = {"lost": "written_off", "restructured": "restructured"}.get(fate, "repaid" if closed else "active")
        loans.append(make_loan(loan_id, who, disbursed, amount, decision_date=decided, application_date=applied,
                               status=status, closed_date=closed, product=product, term_months=term,
                               branch_id=f"br{rng.randrange(1, 4)}"))
        for _ in range(rng.randrange(0, 3)):
            sessions.append(make_session(who, disbursed + dt.timedelta(days=rng.randrange(-5, 90)),
                                         rng.choice([15, 30, 90]), rng.choice(["follow_up", "crisis", "phone"]),
                                         staff_id=rng.choice(["e2", "v1", None])))
    outcomes = [make_outcome(f"b{rng.randrange(160)}", _day(rng, D(2023, 6, 1), 400),
                             business_active=rng.choice([True, False, None]), employed=rng.choice([True, False, None]),
                             banked=rng.choice([True, False, None]), wellbeing=rng.choice([1, 3, 5, None]))
                for _ in range(150)]
    feedback = [make_feedback(_day(rng, START, MONTHS * 30), rng.choice([f"b{rng.randrange(160)}", None]),
                              recommend=rng.choice([0, 5, 7, 8, 9, 10, None]),
                              life_change=rng.choice(["much_worse", "same", "better", "much_better", None]))
                for _ in range(120)]
    notes = [make_note(_day(rng, START, MONTHS * 30), rng.choice(["staff", "volunteer", "borrower", "board"]),
                       borrower_id=rng.choice([f"b{rng.randrange(160)}", None])) for _ in range(80)]
    return dict(branches=branches, staff=staff, borrowers=people, loans=loans, installments=installments,
                sessions=sessions, outcomes=outcomes, feedback=feedback, notes=notes)


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Tables, Tables]]:
    paths = write_dataset(tmp_path_factory.mktemp("org"), **organisation())
    spark = open_tables(paths, backend="pyspark")
    yield open_tables(paths), spark
    spark.connection.disconnect()


def _flat(result: dict[str, list[Series]]) -> dict[tuple[str, str | None, str], Any]:
    return {(k, s.group, p.period): (p.value, p.n, p.low, p.high, p.too_few, s.status)
            for k, series in result.items() for s in series for p in s.points}


def _disagreements(duck: dict[tuple[str, str | None, str], Any],
                   spark: dict[tuple[str, str | None, str], Any]) -> list[str]:
    assert duck.keys() == spark.keys()
    problems = []
    for where, a in duck.items():
        b = spark[where]
        same = all(x == y or (isinstance(x, float) and isinstance(y, float) and abs(x - y) <= 1e-9 * max(1, abs(x)))
                   for x, y in zip(a, b, strict=True))
        if not same:
            problems.append(f"{where}: duckdb {a}, spark {b}")
    return problems


@pytest.mark.parametrize(("grain", "by"), [("month", None), ("quarter", None)])
def test_spark_and_duckdb_agree_on_every_value(both: tuple[Tables, Tables], grain: Any, by: Any) -> None:
    duck, spark = both
    expected = _flat(compute(duck, grain=grain, by=by))
    assert sum(1 for v in expected.values() if v[0] not in (None, 0.0)) > 200  # a data set that says something
    assert _disagreements(expected, _flat(compute(spark, grain=grain, by=by))) == []
