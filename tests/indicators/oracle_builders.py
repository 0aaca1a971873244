"""Small builders of stored-shape tables for the oracle's tests, and one data set of edge cases."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def make_borrower(
    borrower_id: str,
    *,
    gender: str = "F",
    minimum_benefits: bool | None = None,
    banked: bool | None = None,
) -> dict[str, Any]:
    return {
        "borrower_id": borrower_id,
        "branch_id": "BR1",
        "entry_date": date(2023, 1, 1),
        "gender": gender,
        "birth_year": 1980,
        "minimum_benefits": minimum_benefits,
        "banked": banked,
        "monthly_household_income": 1200.0,
        "priority_area": None,
        "education": None,
    }


def make_loan(
    loan_id: str,
    borrower_id: str,
    *,
    disbursed: str | None = "2024-01-15",
    amount: float = 1000.0,
    applied: str = "2024-01-02",
    decision: str = "approved",
    decided: str | None = "2024-01-10",
    status: str = "active",
    closed: str | None = None,
) -> dict[str, Any]:
    return {
        "loan_id": loan_id,
        "borrower_id": borrower_id,
        "branch_id": "BR1",
        "advisor_id": None,
        "product": "business",
        "application_date": _day(applied),
        "decision": decision,
        "decision_date": _day(decided),
        "disbursement_date": _day(disbursed),
        "amount": amount,
        "term_months": 12,
        "annual_rate": 0.07,
        "purpose": None,
        "status": status,
        "closed_date": _day(closed),
    }


def make_installment(
    loan_id: str, number: int, *, due: str, principal: float, paid: str | None = None
) -> dict[str, Any]:
    return {
        "loan_id": loan_id,
        "number": number,
        "due_date": _day(due),
        "principal_due": principal,
        "interest_due": 0.0,
        "paid_amount": principal if paid else 0.0,
        "paid_date": _day(paid),
    }


def make_session(
    borrower_id: str, day: str, *, minutes: int = 60, kind: str = "follow_up", loan_id: str | None = None
) -> dict[str, Any]:
    return {
        "session_id": f"S-{borrower_id}-{day}-{kind}-{minutes}",
        "borrower_id": borrower_id,
        "loan_id": loan_id,
        "staff_id": None,
        "date": _day(day),
        "minutes": minutes,
        "kind": kind,
        "topics": None,
        "note": None,
    }


_COLUMNS = {
    "borrowers": list(make_borrower("x")),
    "loans": list(make_loan("x", "x")),
    "installments": list(make_installment("x", 1, due="2024-01-01", principal=0.0)),
    "sessions": list(make_session("x", "2024-01-01")),
}


def make_tables(
    borrowers: list[dict[str, Any]],
    loans: list[dict[str, Any]],
    installments: list[dict[str, Any]] | None = None,
    sessions: list[dict[str, Any]] | None = None,
) -> dict[str, pd.DataFrame]:
    """Tables shaped like the store's, with dates as `datetime.date`; None leaves a table out."""
    given = {"borrowers": borrowers, "loans": loans, "installments": installments, "sessions": sessions}
    return {
        name: pd.DataFrame(rows, columns=_COLUMNS[name]) for name, rows in given.items() if rows is not None
    }


def edge_case_tables() -> dict[str, pd.DataFrame]:
    """One small data set holding every edge case of issue 3 at once, for the engine-versus-oracle test.

    Range: 2023-10 (the first session) to 2024-06 (data end 2024-06-29, the last session), with no
    loan disbursed from 2023-10 to 2023-12 nor in February and March 2024.
    """
    borrowers = [
        make_borrower("b1", gender="F", minimum_benefits=True, banked=False),
        make_borrower("b2", gender="M", minimum_benefits=False, banked=True),
        make_borrower("b3", gender="unknown", minimum_benefits=None, banked=None),
        make_borrower("b4", gender="X", minimum_benefits=True, banked=False),
        make_borrower("b5", gender="F", minimum_benefits=None, banked=False),
        make_borrower("b6", gender="M"),
        make_borrower("b7", gender="F"),
    ]
    loans = [
        # An installment paid after the month's end (due 03-15, paid 04-20).
        make_loan("L1", "b1", applied="2023-12-20", decided="2024-01-05", disbursed="2024-01-15", amount=400.0),
        # Repaid early and closed mid-month (2024-03-20).
        make_loan("L2", "b2", applied="2024-01-03", decided="2024-01-25", disbursed="2024-01-31", amount=600.0,
                  status="repaid", closed="2024-03-20"),
        # Written off on 2024-05-10 after paying nothing.
        make_loan("L3", "b3", disbursed="2024-01-20", amount=600.0, status="written_off", closed="2024-05-10"),
        # PAR30 at 2024-03-31: due exactly d - 30 days (03-01), not late.
        make_loan("L4", "b4", amount=200.0),
        # PAR30 at 2024-03-31: due d - 31 days (02-29), late: all its 300 at risk.
        make_loan("L5", "b5", disbursed="2024-01-10", amount=300.0),
        # b5 comes back: a repeat loan, not a new borrower.
        make_loan("L6", "b5", applied="2024-03-25", decided="2024-04-05", disbursed="2024-04-10", amount=500.0),
        make_loan("L7", "b6", applied="2024-02-01", decision="declined", decided="2024-02-05", disbursed=None,
                  status="declined"),
        make_loan("L8", "b7", applied="2024-03-01", decision="pending", decided=None, disbursed=None,
                  status="pending"),
        make_loan("L9", "b2", applied="2024-03-28", decision="withdrawn", decided="2024-04-02", disbursed=None,
                  status="withdrawn"),
        make_loan("L10", "b1", applied="2024-04-10", decided="2024-04-20", disbursed=None, status="approved"),
        make_loan("L11", "b5", applied="2024-04-01", decision="declined", decided="2024-04-05", disbursed=None,
                  status="declined"),
        # Written off on the last day of May with one installment unpaid: out of the portfolio at d.
        make_loan("L12", "b4", applied="2024-03-20", decided="2024-03-28", disbursed="2024-04-02", amount=200.0,
                  status="written_off", closed="2024-05-31"),
    ]
    installments = [
        make_installment("L1", 1, due="2024-02-15", principal=100.0, paid="2024-02-15"),
        make_installment("L1", 2, due="2024-03-15", principal=100.0, paid="2024-04-20"),
        make_installment("L1", 3, due="2024-04-15", principal=100.0),
        make_installment("L1", 4, due="2024-05-15", principal=100.0),
        make_installment("L2", 1, due="2024-02-29", principal=200.0, paid="2024-02-29"),
        make_installment("L2", 2, due="2024-03-31", principal=200.0, paid="2024-03-20"),
        make_installment("L2", 3, due="2024-04-30", principal=200.0, paid="2024-03-20"),
        make_installment("L3", 1, due="2024-02-20", principal=300.0),
        make_installment("L3", 2, due="2024-03-20", principal=300.0),
        make_installment("L4", 1, due="2024-03-01", principal=100.0),
        make_installment("L4", 2, due="2024-04-01", principal=100.0),
        make_installment("L5", 1, due="2024-02-29", principal=50.0),
        make_installment("L5", 2, due="2024-03-29", principal=250.0),
        make_installment("L6", 1, due="2024-05-10", principal=250.0),
        make_installment("L6", 2, due="2024-06-10", principal=250.0),
        make_installment("L12", 1, due="2024-05-02", principal=100.0, paid="2024-05-31"),
        make_installment("L12", 2, due="2024-06-02", principal=100.0),
    ]
    sessions = [
        # L1 disbursed 2024-01-15: day -91 (out), -90 (in), 0 (in), +1 (out); follow-up on day 60.
        make_session("b1", "2023-10-16", minutes=1, kind="diagnosis"),
        make_session("b1", "2023-10-17", minutes=10, kind="diagnosis"),
        make_session("b1", "2024-01-15", minutes=100, kind="pre_loan"),
        make_session("b1", "2024-01-16", minutes=1000, kind="pre_loan"),
        make_session("b1", "2024-03-15", minutes=45),
        # L2 disbursed 2024-01-31: follow-up on day 61 only.
        make_session("b2", "2024-04-01", minutes=30),
        # L3 disbursed 2024-01-20: follow-up on day 0 only.
        make_session("b3", "2024-01-20", minutes=20),
        # L4 disbursed 2024-01-15: follow-up on day 1, a diagnosis linked to no loan.
        make_session("b4", "2024-01-16", minutes=25),
        make_session("b4", "2024-01-02", minutes=50, kind="diagnosis"),
        # b5: a pre_loan 2 days before L5 and 93 days before L6 counts for L5 only.
        make_session("b5", "2024-01-08", minutes=70, kind="pre_loan", loan_id="L5"),
        make_session("b5", "2024-04-30", minutes=15, kind="crisis"),
        make_session("b5", "2024-05-15", minutes=35),
        # The data end: 2024-04-30 + 60 days = 2024-06-29, so April's follow-up rate is known, May's not.
        make_session("b6", "2024-06-29", minutes=5, kind="other"),
    ]
    return make_tables(borrowers, loans, installments, sessions)


def write_csv_dataset(tables: dict[str, pd.DataFrame], folder: Path) -> Path:
    """The tables as a comma-separated data set (ISO dates, blank nulls), ready to import."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame.to_csv(folder / f"{name}.csv", index=False)
    return folder
