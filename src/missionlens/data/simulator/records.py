"""Rows of each contract table, from the generators' arrays (identifiers, labels, nulls)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from missionlens.data.simulator import tables as t
from missionlens.data.simulator.context import World
from missionlens.data.simulator.feedback import CHANNELS, LIFE
from missionlens.data.simulator.loans import DECISIONS, PRODUCTS, Book
from missionlens.data.simulator.notes import KINDS as NOTE_KINDS
from missionlens.data.simulator.notes import ROLES
from missionlens.data.simulator.organisation import ZONES, Branches
from missionlens.data.simulator.outcomes import SOURCES
from missionlens.data.simulator.phrasebook import TEXT
from missionlens.data.simulator.repayment import STATUS
from missionlens.data.simulator.sessions import KINDS as SESSION_KINDS
from missionlens.data.simulator.staff import Staff

GENDERS = ("F", "M", "X", "unknown")


def _width(count: int) -> int:
    return max(6, len(str(max(count, 1))))


@dataclass(frozen=True)
class Identifiers:
    """Identifier widths, fixed once from the book so every chunk writes the same shape."""

    borrower_width: int
    loan_width: int
    staff_width: int
    session: int
    voice: int

    @classmethod
    def for_book(cls, book: Book, staff_count: int) -> Identifiers:
        loans = book.loans["app_day"].shape[0]
        return cls(_width(book.borrowers["entry_day"].shape[0]), _width(loans), max(4, len(str(staff_count))),
                   _width(loans * 30), _width(loans))

    def borrowers(self, index: np.ndarray) -> pa.Array:
        return t.ids("C", index, self.borrower_width)

    def loans(self, index: np.ndarray) -> pa.Array:
        return t.ids("L", index, self.loan_width)

    def staff(self, index: np.ndarray) -> pa.Array:
        return t.ids("ST", index, self.staff_width)


def branches_table(branches: Branches) -> pa.Table:
    return t.table("branches", {
        "branch_id": pa.array(branches.ids), "name": pa.array(branches.names),
        "region": pa.array(branches.regions), "zone_type": t.lookup(ZONES, branches.zones),
    })


def staff_table(staff: Staff, ids: Identifiers, branch_ids: list[str]) -> pa.Table:
    return t.table("staff", {
        "staff_id": ids.staff(np.arange(staff.count) + 1), "branch_id": t.lookup(branch_ids, staff.branch),
        "role": t.lookup(("employee", "volunteer"), staff.volunteer.astype(np.int64)),
        "fte": t.decimals(staff.fte), "start_date": t.dates(staff.start_day), "end_date": t.dates(staff.end_day),
    })


def borrowers_table(people: dict[str, np.ndarray], index: np.ndarray, ids: Identifiers, branch_ids: list[str],
                    education: tuple[str, ...]) -> pa.Table:
    return t.table("borrowers", {
        "borrower_id": ids.borrowers(index + 1), "branch_id": t.lookup(branch_ids, people["branch"]),
        "entry_date": t.dates(people["entry_day"]), "gender": t.lookup(GENDERS, people["gender"]),
        "birth_year": t.integers(people["birth_year"]), "minimum_benefits": t.booleans(people["benefits"]),
        "banked": t.booleans(people["banked"]), "monthly_household_income": t.decimals(people["income"]),
        "priority_area": t.booleans(people["priority"]), "education": t.lookup(education, people["education"]),
    })


def loans_table(rng: np.random.Generator, world: World, loans: dict[str, np.ndarray], index: np.ndarray,
                advisor: np.ndarray, ids: Identifiers, branch_ids: list[str]) -> pa.Table:
    purpose = np.full(index.shape[0], "", dtype=TEXT)
    written = rng.random(index.shape[0]) < 0.85
    for code, name in enumerate(PRODUCTS):
        rows = np.flatnonzero(written & (loans["product"] == code))
        purpose[rows] = world.phrases.purpose[name].fill(rng, rows.size, world.phrases.pools)
    return t.table("loans", {
        "loan_id": ids.loans(index + 1), "borrower_id": ids.borrowers(loans["borrower"] + 1),
        "branch_id": t.lookup(branch_ids, loans["branch"]), "advisor_id": ids.staff(np.where(advisor >= 0, advisor + 1, -1)),
        "product": t.lookup(PRODUCTS, loans["product"]), "application_date": t.dates(loans["app_day"]),
        "decision": t.lookup(DECISIONS, loans["decision"]), "decision_date": t.dates(loans["decision_day"]),
        "disbursement_date": t.dates(loans["disb_day"]), "amount": t.decimals(loans["amount"]),
        "term_months": t.integers(loans["term"]), "annual_rate": t.decimals(loans["rate"], 4),
        "purpose": t.texts(purpose), "status": t.lookup(STATUS, loans["status"]),
        "closed_date": t.dates(loans["closed_day"]),
    })


def installments_table(rows: dict[str, np.ndarray], loan_index: np.ndarray, ids: Identifiers) -> pa.Table:
    loan_ids = ids.loans(loan_index + 1)
    return t.table("installments", {
        "loan_id": loan_ids.take(pa.array(rows["loan"])), "number": t.integers(rows["number"]),
        "due_date": t.dates(rows["due_day"]), "principal_due": t.decimals(rows["principal"]),
        "interest_due": t.decimals(rows["interest"]), "paid_amount": t.decimals(rows["paid_amount"]),
        "paid_date": t.dates(rows["paid_day"]),
    })


def sessions_table(rows: dict[str, np.ndarray], first: int, ids: Identifiers) -> pa.Table:
    n = rows["day"].shape[0]
    return t.table("sessions", {
        "session_id": t.ids("S", first + np.arange(n) + 1, ids.session),
        "borrower_id": ids.borrowers(rows["borrower"] + 1),
        "loan_id": ids.loans(np.where(rows["loan"] >= 0, rows["loan"] + 1, -1)),
        "staff_id": ids.staff(np.where(rows["staff"] >= 0, rows["staff"] + 1, -1)),
        "date": t.dates(rows["day"]), "minutes": t.integers(rows["minutes"]),
        "kind": t.lookup(SESSION_KINDS, rows["kind"]),
        "topics": t.topic_lists(rows["topic_offsets"], rows["topic_values"]), "note": t.texts(rows["note"]),
    })


def outcomes_table(rows: dict[str, np.ndarray], ids: Identifiers) -> pa.Table:
    return t.table("outcomes", {
        "borrower_id": ids.borrowers(rows["borrower"] + 1), "observed_on": t.dates(rows["day"]),
        "source": t.lookup(SOURCES, rows["source"]), "business_active": t.booleans(rows["business_active"]),
        "employed": t.booleans(rows["employed"]), "income_change": t.decimals(rows["income_change"]),
        "banked": t.booleans(rows["banked"]), "wellbeing": t.integers(rows["wellbeing"]),
    })


def feedback_table(rows: dict[str, np.ndarray], first: int, ids: Identifiers) -> pa.Table:
    n = rows["day"].shape[0]
    return t.table("feedback", {
        "feedback_id": t.ids("F", first + np.arange(n) + 1, ids.voice),
        "borrower_id": ids.borrowers(np.where(rows["borrower"] >= 0, rows["borrower"] + 1, -1)),
        "date": t.dates(rows["day"]), "channel": t.lookup(CHANNELS, rows["channel"]),
        "recommend": t.integers(rows["recommend"]), "life_change": t.lookup(LIFE, rows["life_change"]),
        "text": t.texts(rows["text"]),
    })


def notes_table(rows: dict[str, np.ndarray], first: int, ids: Identifiers) -> pa.Table:
    n = rows["day"].shape[0]
    return t.table("notes", {
        "note_id": t.ids("N", first + np.arange(n) + 1, ids.voice), "date": t.dates(rows["day"]),
        "author_role": t.lookup(ROLES, rows["role"]),
        "staff_id": ids.staff(np.where(rows["staff"] >= 0, rows["staff"] + 1, -1)),
        "borrower_id": ids.borrowers(np.where(rows["borrower"] >= 0, rows["borrower"] + 1, -1)),
        "kind": t.lookup(NOTE_KINDS, rows["kind"]), "dimension": t.texts(rows["dimension"]),
        "text": t.texts(rows["text"]),
    })
