from __future__ import annotations

from pathlib import Path

import pytest

from missionlens.indicators import REGISTRY
from missionlens.indicators.custom import CustomIndicator, CustomIndicatorError, compile_custom, register_custom
from tests.indicators.builders import D, make_borrower, make_loan, make_session, open_dataset, values

NO_EDUCATION = CustomIndicator(
    key="served_without_education", table="loans", date_column="disbursement_date", measure="share",
    where="borrowers.education = 'none'", of="borrowers.education IS NOT NULL", distinct="borrower_id",
)


def test_a_custom_share_of_served_borrowers_goes_through_the_registry(tmp_path: Path) -> None:
    borrowers = [make_borrower("a", education="none"), make_borrower("b", education="degree"),
                 make_borrower("c", education=None)]
    loans = [make_loan(borrower_id="a"), make_loan(borrower_id="a"), make_loan(borrower_id="b"), make_loan(borrower_id="c")]
    registry = REGISTRY.copy()
    register_custom(NO_EDUCATION, registry)
    got = values(open_dataset(tmp_path, loans=loans, borrowers=borrowers), NO_EDUCATION.key, registry=registry)
    assert got == {"2024-01": 0.5}


def test_a_custom_sum_with_a_where_clause(tmp_path: Path) -> None:
    spec = CustomIndicator("long_crisis_minutes", "sessions", "date", "sum:minutes",
                           where="kind IN ('crisis', 'phone') AND minutes >= 30 AND date >= '2024-01-02'")
    sessions = [make_session(kind="crisis", minutes=40, date=D(2024, 1, 5)), make_session(kind="phone", minutes=10),
                make_session(kind="crisis", minutes=50, date=D(2024, 1, 1)), make_session(kind="training", minutes=90)]
    registry = REGISTRY.copy()
    register_custom(spec, registry)
    tables = open_dataset(tmp_path, loans=[make_loan()], sessions=sessions)
    assert values(tables, spec.key, registry=registry) == {"2024-01": 40}


@pytest.mark.parametrize("predicate", [
    "lower(kind) = 'crisis'",
    "minutes > (SELECT 1)",
    "loans.amount > 3",
    "kind = 'crisis'; DROP TABLE sessions",
    "colour = 'red'",
    "minutes IS TRUE",
])
def test_a_predicate_outside_the_allowed_grammar_is_refused(predicate: str) -> None:
    with pytest.raises(CustomIndicatorError, match="sessions_x"):
        compile_custom(CustomIndicator("sessions_x", "sessions", "date", "count", where=predicate))


def test_a_measure_on_a_text_column_is_refused() -> None:
    with pytest.raises(CustomIndicatorError, match="not a number column"):
        compile_custom(CustomIndicator("k", "sessions", "date", "sum:kind"))


def test_a_date_column_that_is_not_a_date_is_refused() -> None:
    with pytest.raises(CustomIndicatorError, match="not a date column"):
        compile_custom(CustomIndicator("k", "sessions", "minutes", "count"))
