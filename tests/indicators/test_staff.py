from __future__ import annotations

from pathlib import Path

from tests.indicators.builders import D, make_loan, make_session, make_staff, open_dataset, values


def test_caseload_divides_active_borrowers_by_employee_fte_in_post(tmp_path: Path) -> None:
    staff = [make_staff("e1", fte=0.5), make_staff("e2", fte=1.0, start=D(2024, 2, 1)),
             make_staff("v", role="volunteer", fte=0.0), make_staff("gone", end=D(2024, 1, 31))]
    loans = [make_loan(borrower_id="a", disbursed=D(2024, 1, 1)), make_loan(borrower_id="b", disbursed=D(2024, 2, 1))]
    tables = open_dataset(tmp_path, loans=loans, staff=staff)
    # January: 1 borrower / 0.5 (the leaver's end date is not after d); February: 2 / 1.5.
    assert values(tables, "caseload_per_advisor") == {"2024-01": 2.0, "2024-02": 2 / 1.5}


def test_caseload_is_no_data_when_no_employee_is_in_post(tmp_path: Path) -> None:
    tables = open_dataset(tmp_path, loans=[make_loan()], staff=[make_staff(role="volunteer", fte=0.0)])
    assert values(tables, "caseload_per_advisor") == {"2024-01": None}


def test_volunteer_share_counts_only_sessions_led_by_known_staff(tmp_path: Path) -> None:
    staff = [make_staff("e"), make_staff("v", role="volunteer", fte=0.0)]
    sessions = [make_session(minutes=30, staff_id="v"), make_session(minutes=90, staff_id="e"),
                make_session(minutes=500, staff_id="stranger"), make_session(minutes=700, staff_id=None)]
    tables = open_dataset(tmp_path, loans=[make_loan()], staff=staff, sessions=sessions)
    assert values(tables, "volunteer_share_minutes")["2024-01"] == 0.25
