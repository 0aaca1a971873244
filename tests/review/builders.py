"""Small data sets in the import contract, written as CSV, for the review and report tests.

`write_dataset` makes a little organisation over two years (deterministic for a seed): enough
loans a month for shares to carry an interval, installments with some arrears, and accompaniment
sessions unless `sessions=False` (then every accompaniment indicator must be null, never 0).
"""

from __future__ import annotations

import csv
import random
from datetime import date, timedelta
from pathlib import Path

START = date(2023, 1, 1)
END = date(2024, 12, 31)  # no payment recorded after the data's end


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(["" if v is None else v for v in row] for row in rows)


def write_dataset(folder: Path, *, months: int = 24, per_month: int = 30, seed: int = 1,
                  sessions: bool = True) -> Path:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder / "branches.csv", ["branch_id", "name", "region", "zone_type"],
           [["B1", "Lille", "Hauts-de-France", "urban"], ["B2", "Arras", "Hauts-de-France", "rural"]])
    _write(folder / "staff.csv", ["staff_id", "branch_id", "role", "fte", "start_date", "end_date"],
           [["S1", "B1", "employee", 1, "2020-01-01", None], ["S2", "B2", "employee", 0.8, "2020-01-01", None],
            ["V1", "B1", "volunteer", 0, "2021-01-01", None]])
    borrowers: list[list[object]] = []
    loans: list[list[object]] = []
    installments: list[list[object]] = []
    meetings: list[list[object]] = []
    loan_number = 0
    for month in range(months):
        first = date(START.year + month // 12, month % 12 + 1, 1)
        for _ in range(per_month + rng.randint(-4, 4)):
            loan_number += 1
            person = f"P{loan_number:05d}"
            branch = rng.choice(["B1", "B2"])
            applied = first + timedelta(days=rng.randint(0, 20))
            entry = applied - timedelta(days=rng.randint(10, 60))
            borrowers.append([person, branch, entry.isoformat(), rng.choice(["F", "M", "F", "unknown"]), 1985,
                              rng.choice(["true", "false", ""]), rng.choice(["true", "false"]),
                              rng.randint(500, 1800), rng.choice(["true", "false"]), None])
            declined = rng.random() < 0.15
            decided = applied + timedelta(days=rng.randint(1, 7))
            amount = rng.randint(8, 60) * 100
            if declined:
                loans.append([f"L{loan_number:05d}", person, branch, "S1", "business", applied.isoformat(),
                              "declined", decided.isoformat(), None, amount, 24, 0.07, None, "declined", None])
                continue
            paid_out = decided + timedelta(days=rng.randint(1, 5))
            written_off = rng.random() < 0.03
            loans.append([f"L{loan_number:05d}", person, branch, rng.choice(["S1", "S2"]), "business",
                          applied.isoformat(), "approved", decided.isoformat(), paid_out.isoformat(), amount, 12,
                          0.07, None, "written_off" if written_off else "active", None])
            late = rng.random() < 0.1
            for k in range(1, 13):
                due = paid_out + timedelta(days=30 * k)
                paid = due + timedelta(days=rng.randint(0, 5))
                if (late and k > 3) or paid > END:
                    paid = None
                installments.append([f"L{loan_number:05d}", k, due.isoformat(), round(amount / 12, 2), 3,
                                     0 if paid is None else round(amount / 12, 2) + 3,
                                     None if paid is None else paid.isoformat()])
            if sessions:
                meetings.append([f"M{loan_number:05d}a", person, f"L{loan_number:05d}", "S1",
                                 (paid_out - timedelta(days=20)).isoformat(), rng.randint(45, 120), "diagnosis",
                                 "budget;projet", None])
                follow = paid_out + timedelta(days=rng.randint(5, 50))
                if rng.random() < 0.7 and follow <= END:
                    meetings.append([f"M{loan_number:05d}b", person, f"L{loan_number:05d}",
                                     rng.choice(["S2", "V1"]), follow.isoformat(),
                                     rng.randint(20, 60), "follow_up", None, None])
    _write(folder / "borrowers.csv",
           ["borrower_id", "branch_id", "entry_date", "gender", "birth_year", "minimum_benefits", "banked",
            "monthly_household_income", "priority_area", "education"], borrowers)
    _write(folder / "loans.csv",
           ["loan_id", "borrower_id", "branch_id", "advisor_id", "product", "application_date", "decision",
            "decision_date", "disbursement_date", "amount", "term_months", "annual_rate", "purpose", "status",
            "closed_date"], loans)
    _write(folder / "installments.csv",
           ["loan_id", "number", "due_date", "principal_due", "interest_due", "paid_amount", "paid_date"],
           installments)
    if sessions:
        _write(folder / "sessions.csv",
               ["session_id", "borrower_id", "loan_id", "staff_id", "date", "minutes", "kind", "topics", "note"],
               meetings)
    return folder


def write_refused_dataset(folder: Path) -> Path:
    """A data set an import refuses: a loan of an unknown borrower and an amount that is not a number."""
    write_dataset(folder, months=2, per_month=3, sessions=False)
    loans = (folder / "loans.csv").read_text(encoding="utf-8").splitlines()
    header, first, *rest = loans
    cells = first.split(",")
    cells[1] = "NOBODY"
    cells[9] = "12.5O"
    (folder / "loans.csv").write_text("\n".join([header, ",".join(cells), *rest]) + "\n", encoding="utf-8")
    return folder
