"""The import contract as data: every table and column of spec/microcredit-data.md.

This module is the single place that says what the contract is. The reader, the
validator, the simulator's writer, the store and the indicator engine all read it,
so that a column added to the contract is added everywhere at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

SCHEMA_VERSION = "missionlens.microcredit/1"

ColumnType = Literal["text", "date", "decimal", "integer", "boolean", "enum"]


@dataclass(frozen=True)
class Column:
    """One column of a contract table.

    `nullable` says whether a blank cell is allowed; `minimum`/`maximum` bound numbers;
    `exclusive_minimum` means the bound itself is refused (amount > 0).
    """

    name: str
    type: ColumnType
    nullable: bool = False
    values: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    open_enum: bool = False  # product: the listed values plus any other text
    list_of_text: bool = False  # sessions.topics: a list inside one cell


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str
    target: str
    # "always": the target table is required; "when_present": checked only when that table is given
    when: Literal["always", "when_present"] = "always"
    # "error" refuses the import. The spec names three checks (a loan's borrower, an
    # installment's loan, a session's borrower) and staff.branch_id; the other links are
    # reported as warnings so that data valid under the contract is never refused.
    severity: Literal["error", "warning"] = "error"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    required: bool = False
    key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


GENDERS = ("F", "M", "X", "unknown")
ZONE_TYPES = ("urban", "rural", "mixed")
STAFF_ROLES = ("employee", "volunteer")
PRODUCTS = ("business", "personal", "honour")
DECISIONS = ("approved", "declined", "withdrawn", "pending")
LOAN_STATUSES = (
    "pending", "declined", "withdrawn", "approved", "active", "repaid", "written_off", "restructured",
)
SESSION_KINDS = ("diagnosis", "pre_loan", "follow_up", "training", "crisis", "phone", "other")
OUTCOME_SOURCES = ("survey", "advisor", "administrative")
FEEDBACK_CHANNELS = ("survey", "interview", "phone", "form")
LIFE_CHANGES = ("much_worse", "worse", "same", "better", "much_better")
AUTHOR_ROLES = ("staff", "volunteer", "borrower", "manager", "board", "partner")
NOTE_KINDS = ("observation", "testimony", "story", "concern")

BRANCHES = Table(
    "branches",
    (
        Column("branch_id", "text"),
        Column("name", "text"),
        Column("region", "text"),
        Column("zone_type", "enum", values=ZONE_TYPES),
    ),
    key=("branch_id",),
)

STAFF = Table(
    "staff",
    (
        Column("staff_id", "text"),
        Column("branch_id", "text"),
        Column("role", "enum", values=STAFF_ROLES),
        Column("fte", "decimal", minimum=0, maximum=1),
        Column("start_date", "date"),
        Column("end_date", "date", nullable=True),
    ),
    key=("staff_id",),
    foreign_keys=(ForeignKey("branch_id", "branches", "branch_id", when="when_present"),),
)

BORROWERS = Table(
    "borrowers",
    (
        Column("borrower_id", "text"),
        Column("branch_id", "text"),
        Column("entry_date", "date"),
        Column("gender", "enum", values=GENDERS),
        Column("birth_year", "integer", nullable=True, minimum=1900, maximum=2100),
        Column("minimum_benefits", "boolean", nullable=True),
        Column("banked", "boolean", nullable=True),
        Column("monthly_household_income", "decimal", nullable=True, minimum=0),
        Column("priority_area", "boolean", nullable=True),
        Column("education", "text", nullable=True),
    ),
    required=True,
    key=("borrower_id",),
)

LOANS = Table(
    "loans",
    (
        Column("loan_id", "text"),
        Column("borrower_id", "text"),
        Column("branch_id", "text"),
        Column("advisor_id", "text", nullable=True),
        Column("product", "enum", values=PRODUCTS, open_enum=True),
        Column("application_date", "date"),
        Column("decision", "enum", values=DECISIONS),
        Column("decision_date", "date", nullable=True),
        Column("disbursement_date", "date", nullable=True),
        Column("amount", "decimal", minimum=0, exclusive_minimum=True),
        Column("term_months", "integer", minimum=1),
        Column("annual_rate", "decimal", minimum=0),
        Column("purpose", "text", nullable=True),
        Column("status", "enum", values=LOAN_STATUSES),
        Column("closed_date", "date", nullable=True),
    ),
    required=True,
    key=("loan_id",),
    foreign_keys=(
        ForeignKey("borrower_id", "borrowers", "borrower_id"),
        ForeignKey("advisor_id", "staff", "staff_id", when="when_present", severity="warning"),
    ),
)

INSTALLMENTS = Table(
    "installments",
    (
        Column("loan_id", "text"),
        Column("number", "integer", minimum=1),
        Column("due_date", "date"),
        Column("principal_due", "decimal", minimum=0),
        Column("interest_due", "decimal", minimum=0),
        Column("paid_amount", "decimal", minimum=0),
        Column("paid_date", "date", nullable=True),
    ),
    key=("loan_id", "number"),
    foreign_keys=(ForeignKey("loan_id", "loans", "loan_id"),),
)

SESSIONS = Table(
    "sessions",
    (
        Column("session_id", "text"),
        Column("borrower_id", "text"),
        Column("loan_id", "text", nullable=True),
        Column("staff_id", "text", nullable=True),
        Column("date", "date"),
        Column("minutes", "integer", minimum=1),
        Column("kind", "enum", values=SESSION_KINDS),
        Column("topics", "text", nullable=True, list_of_text=True),
        Column("note", "text", nullable=True),
    ),
    key=("session_id",),
    foreign_keys=(
        ForeignKey("borrower_id", "borrowers", "borrower_id"),
        ForeignKey("loan_id", "loans", "loan_id", severity="warning"),
        ForeignKey("staff_id", "staff", "staff_id", when="when_present", severity="warning"),
    ),
)

OUTCOMES = Table(
    "outcomes",
    (
        Column("borrower_id", "text"),
        Column("observed_on", "date"),
        Column("source", "enum", values=OUTCOME_SOURCES),
        Column("business_active", "boolean", nullable=True),
        Column("employed", "boolean", nullable=True),
        Column("income_change", "decimal", nullable=True),
        Column("banked", "boolean", nullable=True),
        Column("wellbeing", "integer", nullable=True, minimum=1, maximum=5),
    ),
    foreign_keys=(ForeignKey("borrower_id", "borrowers", "borrower_id", severity="warning"),),
)

FEEDBACK = Table(
    "feedback",
    (
        Column("feedback_id", "text"),
        Column("borrower_id", "text", nullable=True),
        Column("date", "date"),
        Column("channel", "enum", values=FEEDBACK_CHANNELS),
        Column("recommend", "integer", nullable=True, minimum=0, maximum=10),
        Column("life_change", "enum", nullable=True, values=LIFE_CHANGES),
        Column("text", "text", nullable=True),
    ),
    key=("feedback_id",),
    foreign_keys=(ForeignKey("borrower_id", "borrowers", "borrower_id", severity="warning"),),
)

NOTES = Table(
    "notes",
    (
        Column("note_id", "text"),
        Column("date", "date"),
        Column("author_role", "enum", values=AUTHOR_ROLES),
        Column("staff_id", "text", nullable=True),
        Column("borrower_id", "text", nullable=True),
        Column("kind", "enum", values=NOTE_KINDS),
        Column("dimension", "text", nullable=True),
        Column("text", "text"),
    ),
    key=("note_id",),
    foreign_keys=(
        ForeignKey("borrower_id", "borrowers", "borrower_id", severity="warning"),
        ForeignKey("staff_id", "staff", "staff_id", when="when_present", severity="warning"),
    ),
)

# Order matters: a table's foreign keys point to tables listed before it.
TABLES: dict[str, Table] = {
    t.name: t
    for t in (BRANCHES, STAFF, BORROWERS, LOANS, INSTALLMENTS, SESSIONS, OUTCOMES, FEEDBACK, NOTES)
}

# Columns that hold a borrower identifier: pseudonymised before anything is stored.
BORROWER_ID_COLUMNS: dict[str, str] = {
    name: "borrower_id" for name, t in TABLES.items() if "borrower_id" in t.column_names
}
