"""Kiva loans as read from the two public export shapes, before any mapping to the contract.

- The Kiva API snapshot (build.kiva.org, `loans/<page>.json`): one JSON page of up to 500 loans,
  each with its borrowers, the schedule of repayments to lenders (`terms.scheduled_payments`), the
  repayments received (`payments`, with field-partner comments) and the borrower's story
  (`description.texts.en`, in HTML).
- The Kaggle "Data Science for Good: Kiva" `kiva_loans.csv` shape (loans posted 2014-2017): one
  row per loan, without repayments, with the borrowers' genders either as a list
  (`borrower_genders`: "female, female, male") or collapsed to one value (`gender`).

Both are read into the same `KivaLoan` records; kiva.py maps those to the import contract.
"""

from __future__ import annotations

import csv
import html
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

Shape = Literal["api", "kaggle"]

_TAG = re.compile(r"<[^>]+>")
_BREAK = re.compile(r"<\s*br\s*/?\s*>|</\s*p\s*>", re.IGNORECASE)
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n{3,}")


class KivaSourceError(ValueError):
    """The source folder holds no Kiva export this converter can read."""


@dataclass(frozen=True)
class KivaPayment:
    """A repayment received by Kiva for one loan (API shape only)."""

    payment_id: str
    processed: date
    amount: float
    comment: str | None


@dataclass(frozen=True)
class KivaLoan:
    """One Kiva loan, as the source says it; dates are UTC calendar days."""

    loan_id: str
    partner_id: str
    status: str  # API: paid, refunded, defaulted, deleted, in_repayment, fundraising, "" ...
    amount: float  # loan_amount, in US dollars
    posted: date | None
    funded: date | None
    disbursed: date | None
    paid: date | None  # API `paid_date`: the day the loan ended (repaid, or closed as defaulted)
    term_months: int | None
    country_code: str | None
    sector: str | None
    activity: str | None
    use: str | None
    genders: tuple[str, ...]  # one "F" or "M" per borrower, as listed
    description: str | None
    schedule: tuple[tuple[date, float], ...] = ()  # (due date, amount) of the repayments to lenders
    payments: tuple[KivaPayment, ...] = ()


def plain_text(markup: str | None) -> str | None:
    """Kiva's HTML story as plain text: line breaks kept, tags dropped, entities decoded."""
    if markup is None:
        return None
    text = _BREAK.sub("\n", markup)
    text = html.unescape(_TAG.sub("", text)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    cleaned = _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
    return cleaned or None


def day(text: str | None) -> date | None:
    """The calendar day of an ISO timestamp ("2005-04-14T05:27:55Z", "2017-01-23 08:00:00+00:00")."""
    if text is None or not str(text).strip():
        return None
    return date.fromisoformat(str(text).strip()[:10])


def _gender_word(word: str) -> str | None:
    low = word.strip().lower()
    if low in ("f", "female"):
        return "F"
    if low in ("m", "male"):
        return "M"
    return None


def genders_of(text: str | None) -> tuple[str, ...]:
    """Kaggle's `borrower_genders` ("female, female, male") as ("F", "F", "M"); unknown words dropped."""
    if not text:
        return ()
    return tuple(g for g in (_gender_word(w) for w in text.split(",")) if g is not None)


def _whole(value: Any) -> int | None:
    if value is None or str(value).strip() == "":
        return None
    return int(round(float(value)))


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _api_loan(raw: dict[str, Any]) -> KivaLoan:
    terms = raw.get("terms") or {}
    location = raw.get("location") or {}
    description = ((raw.get("description") or {}).get("texts") or {}).get("en")
    schedule = tuple(sorted(
        (d, float(p["amount"])) for p in terms.get("scheduled_payments") or ()
        if (d := day(p.get("due_date"))) is not None
    ))
    payments = tuple(sorted(
        (KivaPayment(str(p["payment_id"]), d, float(p["amount"]), plain_text(p.get("comment")))
         for p in raw.get("payments") or () if (d := day(p.get("processed_date"))) is not None),
        key=lambda p: (p.processed, p.payment_id),
    ))
    return KivaLoan(
        loan_id=str(raw["id"]),
        partner_id=str(raw.get("partner_id")),
        status=str(raw.get("status") or ""),
        amount=float(raw["loan_amount"]),
        posted=day(raw.get("posted_date")),
        funded=day(raw.get("funded_date")),
        disbursed=day(terms.get("disbursal_date")),
        paid=day(raw.get("paid_date")),
        term_months=_whole(terms.get("repayment_term")),
        country_code=_text(location.get("country_code")),
        sector=_text(raw.get("sector")),
        activity=_text(raw.get("activity")),
        use=_text(raw.get("use")),
        genders=tuple(g for g in (_gender_word(b.get("gender") or "") for b in raw.get("borrowers") or ())
                      if g is not None),
        description=plain_text(description),
        schedule=schedule,
        payments=payments,
    )


def read_api_pages(pages: Sequence[Path]) -> list[KivaLoan]:
    """Every loan of the API snapshot pages, in page order."""
    loans: list[KivaLoan] = []
    for page in pages:
        with page.open(encoding="utf-8") as f:
            document = json.load(f)
        loans.extend(_api_loan(raw) for raw in document.get("loans", ()))
    return loans


def _kaggle_loan(row: dict[str, str]) -> KivaLoan:
    genders = genders_of(row.get("borrower_genders") or row.get("gender"))
    partner = _whole(row.get("partner_id"))
    return KivaLoan(
        loan_id=str(int(float(row["id"]))),
        partner_id="unknown" if partner is None else str(partner),
        status="",
        amount=float(row["loan_amount"]),
        posted=day(row.get("posted_time")),
        funded=day(row.get("funded_time")),
        disbursed=day(row.get("disbursed_time")),
        paid=None,
        term_months=_whole(row.get("term_in_months")),
        country_code=_text(row.get("country_code")),
        sector=_text(row.get("sector")),
        activity=_text(row.get("activity")),
        use=_text(row.get("use")),
        genders=genders,
        description=None,
    )


def _kaggle_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        yield from csv.DictReader(f)


def is_kaggle_file(path: Path) -> bool:
    """A CSV whose header has the Kaggle `kiva_loans.csv` columns this reader needs."""
    with path.open(encoding="utf-8", newline="") as f:
        header = next(csv.reader(f), [])
    names = {h.strip() for h in header}
    return {"id", "loan_amount", "partner_id", "disbursed_time", "posted_time"} <= names


def read_kaggle(files: Sequence[Path]) -> list[KivaLoan]:
    """Every loan of the Kaggle-shaped files; a loan found in two files is kept once (the first)."""
    seen: dict[str, KivaLoan] = {}
    for path in files:
        for row in _kaggle_rows(path):
            loan = _kaggle_loan(row)
            seen.setdefault(loan.loan_id, loan)
    return list(seen.values())


@dataclass(frozen=True)
class KivaSource:
    shape: Shape
    files: tuple[Path, ...]
    loans: tuple[KivaLoan, ...]


def read_source(source: Path) -> KivaSource:
    """Read a Kiva export: API pages (`*.json` with a `loans` list) or Kaggle-shaped CSV files.

    `source` is a folder or one file. API pages win when both are present: they hold repayments.
    """
    if not source.exists():
        raise KivaSourceError(f"{source}: no such file or folder")
    files = [source] if source.is_file() else sorted(p for p in source.iterdir() if p.is_file())
    pages = [p for p in files if p.suffix.lower() == ".json" and p.name != "conversion.json"]
    if pages:
        return KivaSource("api", tuple(pages), tuple(read_api_pages(pages)))
    kaggle = [p for p in files if p.suffix.lower() == ".csv" and is_kaggle_file(p)]
    if kaggle:
        return KivaSource("kaggle", tuple(kaggle), tuple(read_kaggle(kaggle)))
    raise KivaSourceError(
        f"{source}: no Kiva export found. Fix: give the folder of the API snapshot pages (loans_page1.json, ...) "
        "or of Kaggle kiva_loans.csv-shaped files (columns id, loan_amount, partner_id, posted_time, "
        "disbursed_time)"
    )
