"""The Kiva converter on the real 2005-2006 API snapshot and the Kaggle subsets (issue 7).

Figures checked by hand from the raw JSON (docs/real-data.md, "Figures checked by hand").
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from missionlens.convert.kiva import KivaConversion, convert_kiva
from missionlens.data.importer import check_dataset
from tests.convert.shared_data import shared_data


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> KivaConversion:
    return convert_kiva(shared_data("kiva-api-2005-2006"), tmp_path_factory.mktemp("kiva-api"))


@pytest.fixture(scope="module")
def kaggle(tmp_path_factory: pytest.TempPathFactory) -> KivaConversion:
    return convert_kiva(shared_data("kiva-kaggle-subsets"), tmp_path_factory.mktemp("kiva-kaggle"))


def partner(conversion: KivaConversion, partner_id: str) -> Path:
    return conversion.out / f"partner-{partner_id}"


def test_every_dated_loan_of_the_snapshot_lands_in_one_partner_folder(api: KivaConversion) -> None:
    # 1,000 loans, of which 7 deleted loans carry no date at all.
    assert api.shape == "api"
    assert api.loans == 993
    assert len(api.partners) == 17
    summary = json.loads((api.out / "conversion.json").read_text(encoding="utf-8"))
    assert summary["dropped_undated_loans"] == 7


def test_partner_6_loans_amounts_and_women_match_the_raw_json(api: KivaConversion) -> None:
    loans = rows(partner(api, "6") / "loans.csv")
    disbursed = [r for r in loans if r["disbursement_date"]]
    assert len(loans) == 246
    assert len(disbursed) == 244
    assert sum(float(r["amount"]) for r in disbursed) == 92975
    women = {r["borrower_id"] for r in rows(partner(api, "6") / "borrowers.csv") if r["gender"] == "F"}
    assert sum(1 for r in disbursed if r["borrower_id"] in women) == 242


def test_defaulted_loans_become_written_off(api: KivaConversion) -> None:
    written_off = {p: sum(1 for r in rows(partner(api, p) / "loans.csv") if r["status"] == "written_off")
                   for p in ("1", "2", "3", "6")}
    assert written_off == {"1": 7, "2": 7, "3": 4, "6": 3}


def test_a_loan_refunded_before_disbursal_is_withdrawn_not_disbursed(api: KivaConversion) -> None:
    # Loan 294: "This loan has not been disbursed and is being refunded to you now."
    loan = next(r for r in rows(partner(api, "6") / "loans.csv") if r["loan_id"] == "294")
    assert (loan["decision"], loan["status"], loan["disbursement_date"]) == ("approved", "withdrawn", "")


def test_scheduled_repayments_become_installments_paid_first_in_first_out(api: KivaConversion) -> None:
    # Loan 313 (partner 6): twelve repayments of 50 due from 2006-08-16.
    installments = [r for r in rows(partner(api, "6") / "installments.csv") if r["loan_id"] == "313"]
    assert [r["due_date"] for r in installments[:2]] == ["2006-08-16", "2006-09-16"]
    assert sum(float(r["principal_due"]) for r in installments) == 600
    assert all(r["paid_date"] for r in installments)


def test_loans_without_a_schedule_get_one_derived_from_their_term(api: KivaConversion) -> None:
    # Loan 84 (partner 1): 500 over 6 months, no schedule in the source.
    installments = [r for r in rows(partner(api, "1") / "installments.csv") if r["loan_id"] == "84"]
    assert len(installments) == 6
    assert installments[0]["due_date"] == "2005-05-14"
    assert sum(float(r["principal_due"]) for r in installments) == 500


def test_descriptions_and_payment_comments_become_partner_notes(api: KivaConversion) -> None:
    notes = rows(partner(api, "1") / "notes.csv")
    story = next(n for n in notes if n["note_id"] == "story-84")
    assert story["author_role"] == "partner" and story["kind"] == "story"
    assert "<" not in story["text"] and "Justine" in story["text"]
    comment = next(n for n in notes if n["note_id"] == "repayment-8")
    assert comment["date"] == "2005-04-19" and comment["kind"] == "observation"


def test_no_accompaniment_table_is_written_so_it_reads_no_data(api: KivaConversion) -> None:
    written = {p.name for p in partner(api, "5").iterdir()}
    assert written == {"loans.csv", "borrowers.csv", "installments.csv", "notes.csv", "conversion.json"}


def test_every_partner_passes_the_import_checks_without_a_warning(api: KivaConversion) -> None:
    for summary in api.partners:
        validation = check_dataset(api.out / summary.folder)
        assert validation.ok, [str(p) for p in validation.errors]
        assert not validation.warnings, [str(p) for p in validation.warnings]


def test_the_kaggle_subsets_are_read_once_per_loan_without_repayments(kaggle: KivaConversion) -> None:
    # 1,218 + 500 loans; 4 loans of the El Salvador sample are also in the first subset.
    assert kaggle.shape == "kaggle"
    assert kaggle.loans == 1714
    el_salvador = rows(partner(kaggle, "199") / "loans.csv")
    assert len(el_salvador) == 671
    assert not (partner(kaggle, "199") / "installments.csv").exists()


def test_a_mixed_group_loan_has_gender_unknown(kaggle: KivaConversion) -> None:
    summary = json.loads((partner(kaggle, "333") / "conversion.json").read_text(encoding="utf-8"))
    assert summary["group_loans"] == 2 and summary["mixed_groups_gender_unknown"] == 1
    genders = sorted(r["gender"] for r in rows(partner(kaggle, "333") / "borrowers.csv"))
    assert genders == ["M", "unknown"]


def test_the_kaggle_partners_pass_the_import_checks(kaggle: KivaConversion) -> None:
    for summary in kaggle.partners[:5]:
        assert check_dataset(kaggle.out / summary.folder).ok


def test_a_loan_kiva_stopped_following_is_out_of_the_portfolio_and_closes_at_its_term(api: KivaConversion) -> None:
    # Loans 574 and 575 (partner 14): deleted after disbursal, no term given, 18 and 10 scheduled repayments.
    loans = {r["loan_id"]: r for r in rows(partner(api, "14") / "loans.csv")}
    assert (loans["574"]["status"], loans["574"]["term_months"], loans["574"]["closed_date"]) == (
        "active", "18", "2008-02-25")
    assert rows(partner(api, "14") / "installments.csv") == []
