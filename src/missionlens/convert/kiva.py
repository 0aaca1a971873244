"""`missionlens convert kiva SRC OUT`: Kiva loans into the import contract, one organisation per partner.

Kiva lends through field partners (microfinance institutions); each partner is one organisation
here, written to `OUT/partner-<id>/` as loans, borrowers, installments (API shape only) and notes
(spec/microcredit-data.md). Every mapping choice, and what Kiva cannot say, is in
docs/real-data.md; the short version:

- a borrower row per loan (Kiva 2005-2006 publishes first names, not person identifiers, so a
  person's second loan cannot be told from a new person's first). A group loan is one borrower
  row whose gender is F when every member is a woman, M when every member is a man, and
  `unknown` for a mixed group (`X` is for people, not for mixed groups);
- every loan with a disbursal date is disbursed on that day, except the loans whose only
  repayment is the refund of the whole amount to the lenders, with the status left blank by Kiva
  ("This loan has not been disbursed and is being refunded"): those are approved, then withdrawn;
- Kiva posts only loans its partners approved: application and decision are the earliest of the
  posting, funding and disbursal days, so `approval_rate` is 100 % by construction;
- the interest the partner charged is not in these exports: `annual_rate` is 0 because the
  contract requires a number; no indicator reads it;
- notes: the borrower's story (written by partner staff, dated on posting) and every repayment
  comment (dated on processing), both authored by the partner.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from missionlens.convert.installments import Repayment, add_months, repayment
from missionlens.convert.kiva_source import KivaLoan, KivaSource, Shape, read_source

LOAN_COLUMNS = ("loan_id", "borrower_id", "branch_id", "advisor_id", "product", "application_date", "decision",
                "decision_date", "disbursement_date", "amount", "term_months", "annual_rate", "purpose", "status",
                "closed_date")
BORROWER_COLUMNS = ("borrower_id", "branch_id", "entry_date", "gender", "birth_year", "minimum_benefits", "banked",
                    "monthly_household_income", "priority_area", "education")
INSTALLMENT_COLUMNS = ("loan_id", "number", "due_date", "principal_due", "interest_due", "paid_amount", "paid_date")
NOTE_COLUMNS = ("note_id", "date", "author_role", "staff_id", "borrower_id", "kind", "dimension", "text")

# Kiva API statuses: what became of the loan. Loans Kiva no longer follows (refunded to lenders,
# deleted after disbursal) and loans of the Kaggle shape (no repayments) are "unfollowed".
FOLLOWED = {"paid": "repaid", "defaulted": "written_off", "in_repayment": "active"}
# Kaggle "Personal Use" loans are consumption loans: the contract's `personal` product.
PERSONAL_SECTORS = ("personal use",)


@dataclass
class PartnerSummary:
    """What one partner's conversion wrote and decided, written to its conversion.json."""

    partner_id: str
    folder: str
    rows: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    derived_schedules: int = 0
    moved_payments: int = 0
    excess_paid: float = 0.0
    unfollowed: int = 0
    not_disbursed_refunds: int = 0
    dropped_undated: int = 0
    group_loans: int = 0
    mixed_groups: int = 0
    first_day: str | None = None
    last_day: str | None = None


@dataclass(frozen=True)
class KivaConversion:
    shape: Shape
    source_files: tuple[str, ...]
    out: Path
    partners: tuple[PartnerSummary, ...]

    @property
    def loans(self) -> int:
        return sum(p.rows.get("loans", 0) for p in self.partners)


def _gender(genders: Sequence[str]) -> str:
    if not genders:
        return "unknown"
    if all(g == "F" for g in genders):
        return "F"
    if all(g == "M" for g in genders):
        return "M"
    return "unknown"


def _first(*days: date | None) -> date | None:
    known = [d for d in days if d is not None]
    return min(known) if known else None


def _never_disbursed(loan: KivaLoan) -> bool:
    """Kiva left the status blank and refunded the whole amount: the comment says it was not disbursed."""
    return loan.status == "" and len(loan.payments) == 1 and abs(loan.payments[0].amount - loan.amount) < 0.005


def _money(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _product(loan: KivaLoan) -> str:
    return "personal" if (loan.sector or "").strip().lower() in PERSONAL_SECTORS else "business"


def _purpose(loan: KivaLoan) -> str:
    parts = [p for p in (loan.sector, loan.activity) if p]
    head = " / ".join(parts)
    if loan.use:
        return f"{head}: {loan.use}" if head else loan.use
    return head


class _Partner:
    """Rows of one partner's data set, built loan by loan."""

    def __init__(self, partner_id: str, shape: Shape) -> None:
        self.summary = PartnerSummary(partner_id, f"partner-{partner_id}")
        self.shape = shape
        self.loans: list[dict[str, str]] = []
        self.borrowers: list[dict[str, str]] = []
        self.installments: list[dict[str, str]] = []
        self.notes: list[dict[str, str]] = []
        self.days: list[date] = []

    def add(self, loan: KivaLoan) -> None:
        applied = _first(loan.posted, loan.funded, loan.disbursed)
        if applied is None:
            # Deleted before posting: no date at all places it in time.
            self.summary.dropped_undated += 1
            return
        s = self.summary
        borrower = f"kiva-{loan.loan_id}"
        branch = loan.country_code or "unknown"
        term = _term(loan)
        status, closed, repaid = self._fate(loan, loan.disbursed, term)
        disbursed = None if status in ("withdrawn", "approved") else loan.disbursed
        decision = "approved"
        s.statuses[status] = s.statuses.get(status, 0) + 1
        if len(loan.genders) > 1:
            s.group_loans += 1
            s.mixed_groups += int(_gender(loan.genders) == "unknown")
        self.loans.append({
            "loan_id": loan.loan_id, "borrower_id": borrower, "branch_id": branch, "advisor_id": "",
            "product": _product(loan), "application_date": _day(applied), "decision": decision,
            "decision_date": _day(applied), "disbursement_date": _day(disbursed),
            "amount": _money(loan.amount), "term_months": str(term), "annual_rate": "0",
            "purpose": _purpose(loan), "status": status, "closed_date": _day(closed),
        })
        self.borrowers.append({
            "borrower_id": borrower, "branch_id": branch, "entry_date": _day(applied),
            "gender": _gender(loan.genders),
        })
        self.days.append(applied)
        if repaid is not None:
            s.derived_schedules += int(repaid.derived)
            s.moved_payments += repaid.moved_payments
            s.excess_paid += repaid.excess
            for i in repaid.installments:
                self.installments.append({
                    "loan_id": loan.loan_id, "number": str(i.number), "due_date": _day(i.due),
                    "principal_due": _money(i.principal_due), "interest_due": "0",
                    "paid_amount": _money(i.paid_amount), "paid_date": _day(i.paid_date),
                })
                if i.paid_date is not None:
                    self.days.append(i.paid_date)
        self._notes(loan, borrower, applied)

    def _fate(self, loan: KivaLoan, disbursed: date | None, term: int) -> tuple[str, date | None, Repayment | None]:
        """Status, closing day and installments of a loan."""
        s = self.summary
        if disbursed is None:
            # Posted on Kiva (so approved by the partner), not yet paid out.
            return "approved", None, None
        if _never_disbursed(loan):
            s.not_disbursed_refunds += 1
            return "withdrawn", None, None
        if self.shape == "api" and loan.status in FOLLOWED:
            repaid = repayment(loan.schedule, loan.payments, disbursed=disbursed, amount=loan.amount,
                               term_months=term)
            status = FOLLOWED[loan.status]
            closed: date | None = None
            if status == "repaid":
                closed = loan.paid or _last_payment(loan)
            elif status == "written_off":
                closed = loan.paid or (loan.schedule[-1][0] if loan.schedule else _last_payment(loan))
            return status, None if closed is None else max(closed, disbursed), repaid
        # Unfollowed: refunded to lenders or deleted after disbursal (API), or any Kaggle loan.
        # The outcome is unknown: no installment (out of the portfolio and its arrears), and the
        # loan is taken as closed at the end of its term, so that it leaves the active borrowers.
        s.unfollowed += 1
        return "active", add_months(disbursed, term), None

    def _notes(self, loan: KivaLoan, borrower: str, applied: date) -> None:
        if loan.description:
            self.notes.append({
                "note_id": f"story-{loan.loan_id}", "date": _day(loan.posted or applied), "author_role": "partner",
                "borrower_id": borrower, "kind": "story", "text": loan.description,
            })
        for payment in loan.payments:
            if payment.comment:
                self.notes.append({
                    "note_id": f"repayment-{payment.payment_id}", "date": _day(payment.processed),
                    "author_role": "partner", "borrower_id": borrower, "kind": "observation",
                    "text": payment.comment,
                })

    def write(self, out: Path) -> PartnerSummary:
        folder = out / self.summary.folder
        folder.mkdir(parents=True, exist_ok=True)
        tables: list[tuple[str, Sequence[str], list[dict[str, str]]]] = [
            ("loans", LOAN_COLUMNS, self.loans), ("borrowers", BORROWER_COLUMNS, self.borrowers),
        ]
        if self.shape == "api":
            # The Kaggle shape has neither repayments nor stories: no file, so "no data", not zero.
            tables.append(("installments", INSTALLMENT_COLUMNS, self.installments))
            tables.append(("notes", NOTE_COLUMNS, self.notes))
        for name, columns, rows in tables:
            _write_csv(folder / f"{name}.csv", columns, rows)
            self.summary.rows[name] = len(rows)
        if self.days:
            self.summary.first_day, self.summary.last_day = _day(min(self.days)), _day(max(self.days))
        return self.summary


def _term(loan: KivaLoan) -> int:
    """The term in months; when Kiva gives none (2 loans deleted after disbursal), the number of
    scheduled monthly repayments, else 1 (the contract requires a term)."""
    if loan.term_months is not None and loan.term_months > 0:
        return loan.term_months
    return max(1, len(loan.schedule))


def _last_payment(loan: KivaLoan) -> date | None:
    return loan.payments[-1].processed if loan.payments else None


def _write_csv(path: Path, columns: Sequence[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(columns), restval="", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _summary_json(summary: PartnerSummary, source: KivaSource) -> dict[str, Any]:
    return {
        "source_shape": source.shape,
        "source_files": [p.name for p in source.files],
        "partner_id": summary.partner_id,
        "rows": summary.rows,
        "statuses": summary.statuses,
        "first_day": summary.first_day,
        "last_day": summary.last_day,
        "derived_schedules": summary.derived_schedules,
        "payments_moved_to_disbursal_day": summary.moved_payments,
        "paid_beyond_schedule": round(summary.excess_paid, 2),
        "unfollowed_loans": summary.unfollowed,
        "not_disbursed_refunds": summary.not_disbursed_refunds,
        "dropped_undated_loans": summary.dropped_undated,
        "group_loans": summary.group_loans,
        "mixed_groups_gender_unknown": summary.mixed_groups,
        "currency": "USD",
        "not_in_source": [
            "sessions (no accompaniment is recorded: its indicators read no data)",
            "staff and branches", "outcomes", "feedback",
            "annual_rate (written as 0: the contract requires a number)",
            "borrower identity across loans (one borrower row per loan)",
            "declined applications (approval_rate is 100 % by construction)",
            "minimum_benefits, banked, household income, priority area, birth year, education",
        ],
        "see": "docs/real-data.md",
    }


def convert_kiva(source: Path, out: Path) -> KivaConversion:
    """Convert a Kiva export (a folder or file) into one contract data set per field partner."""
    read = read_source(Path(source))
    partners: dict[str, _Partner] = {}
    for loan in read.loans:
        partners.setdefault(loan.partner_id, _Partner(loan.partner_id, read.shape)).add(loan)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written: list[PartnerSummary] = []
    dropped = sum(p.summary.dropped_undated for p in partners.values())
    for key in sorted(partners, key=lambda k: (len(k), k)):
        partner = partners[key]
        if not partner.loans:
            continue
        summary = partner.write(out)
        (out / summary.folder / "conversion.json").write_text(
            json.dumps(_summary_json(summary, read), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        written.append(summary)
    conversion = KivaConversion(read.shape, tuple(p.name for p in read.files), out, tuple(written))
    (out / "conversion.json").write_text(json.dumps({
        "source_shape": read.shape, "source_files": list(conversion.source_files),
        "partners": {p.partner_id: {"folder": p.folder, "rows": p.rows, "statuses": p.statuses} for p in written},
        "dropped_undated_loans": dropped,
    }, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return conversion
