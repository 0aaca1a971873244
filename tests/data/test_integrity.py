"""Cross-row and cross-table checks: keys, references, date coherence."""

from __future__ import annotations

from pathlib import Path

from tests.data.test_validation import Row, errors, run, valid_tables, write_data_set

from missionlens.data.validation import Validation


def validate(tmp_path: Path, tables: dict[str, list[Row]]) -> Validation:
    return run(write_data_set(tmp_path / "d", tables=tables), tmp_path)


def located(result: Validation, code: str) -> set[tuple[str, int | None, str | None, str]]:
    return {(p.file, p.line, p.column, p.severity) for p in result.problems if p.code == code}


def test_import_rejects_a_repeated_loan_id(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["loans"][2]["loan_id"] = "L1"
    result = validate(tmp_path, tables)
    assert located(result, "duplicate_key") == {("loans.csv", 4, "loan_id", "error")}
    assert "already on line 2" in next(p.message for p in result.problems if p.code == "duplicate_key")


def test_import_rejects_a_repeated_installment_number(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["installments"][1]["number"] = "1"
    assert located(validate(tmp_path, tables), "duplicate_key") == {("installments.csv", 3, "loan_id", "error")}


def test_import_rejects_unknown_borrower(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["loans"][1]["borrower_id"] = "RAW-NOBODY"
    result = validate(tmp_path, tables)
    assert located(result, "unknown_borrower") == {("loans.csv", 3, "borrower_id", "error")}
    assert "RAW-NOBODY" not in str(result.problems)


def test_import_rejects_an_installment_of_an_unknown_loan(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["installments"][0]["loan_id"] = "L404"
    result = validate(tmp_path, tables)
    assert located(result, "unknown_loan") == {("installments.csv", 2, "loan_id", "error")}
    assert '"L404"' in next(p.message for p in result.problems if p.code == "unknown_loan")


def test_a_session_of_an_unknown_loan_is_a_warning(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["sessions"][0]["loan_id"] = "L404"
    result = validate(tmp_path, tables)
    assert result.ok
    assert located(result, "unknown_loan") == {("sessions.csv", 2, "loan_id", "warning")}


def test_staff_references_are_checked_only_when_staff_is_given(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["loans"][0]["advisor_id"] = "ST9"
    assert not located(validate(tmp_path, tables), "unknown_staff")
    tables["staff"] = [{"staff_id": "ST1", "branch_id": "BR1", "role": "employee", "fte": "1",
                        "start_date": "2020-01-01", "end_date": ""}]
    assert located(validate(tmp_path, tables), "unknown_staff") == {("loans.csv", 2, "advisor_id", "warning")}


def test_a_staff_branch_must_exist_when_branches_are_given(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["staff"] = [{"staff_id": "ST1", "branch_id": "BR9", "role": "employee", "fte": "1",
                        "start_date": "2020-01-01", "end_date": ""}]
    tables["branches"] = [{"branch_id": "BR1", "name": "Évry", "region": "IDF", "zone_type": "urban"}]
    assert located(validate(tmp_path, tables), "unknown_branch") == {("staff.csv", 2, "branch_id", "error")}


def test_import_rejects_disbursement_before_application(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["loans"][0]["disbursement_date"] = "2023-01-01"
    codes = located(validate(tmp_path, tables), "date_order")
    assert ("loans.csv", 2, "disbursement_date", "error") in codes


def test_import_rejects_a_decision_before_the_application(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["loans"][1]["decision_date"] = "2023-01-01"
    assert located(validate(tmp_path, tables), "date_order") == {("loans.csv", 3, "decision_date", "error")}


def test_import_rejects_a_loan_closed_before_disbursement(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["loans"][0]["closed_date"] = "2023-01-25"
    assert located(validate(tmp_path, tables), "date_order") == {("loans.csv", 2, "closed_date", "error")}


def test_import_rejects_a_payment_before_disbursement(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["installments"][0]["paid_date"] = "2023-01-15"
    result = validate(tmp_path, tables)
    assert located(result, "date_order") == {("installments.csv", 2, "paid_date", "error")}
    assert "loans.csv line 2" in next(p.message for p in result.problems if p.code == "date_order")


def test_a_decided_loan_needs_its_decision_date(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["loans"][1]["decision_date"] = ""
    assert located(validate(tmp_path, tables), "missing_date") == {("loans.csv", 3, "decision_date", "error")}


def test_a_paid_out_loan_needs_its_disbursement_date(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["loans"][0]["disbursement_date"] = ""
    tables["installments"] = []
    tables.pop("installments")
    assert located(validate(tmp_path, tables), "missing_date") == {("loans.csv", 2, "disbursement_date", "error")}


def test_a_disbursement_of_a_declined_loan_is_a_warning(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["loans"][1]["disbursement_date"] = "2023-02-20"
    result = validate(tmp_path, tables)
    assert located(result, "unexpected_disbursement") == {("loans.csv", 3, "disbursement_date", "warning")}


def test_a_status_that_does_not_follow_the_decision_is_a_warning(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["loans"][1]["status"] = "active"
    result = validate(tmp_path, tables)
    assert located(result, "incoherent_status") == {("loans.csv", 3, "status", "warning")}


def test_an_entry_after_the_first_session_is_a_warning(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["borrowers"][0]["entry_date"] = "2023-01-12"
    result = validate(tmp_path, tables)
    assert result.ok
    assert located(result, "entry_after_session") == {("borrowers.csv", 2, "entry_date", "warning")}


def test_problems_across_files_are_all_reported_at_once(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["loans"][0]["amount"] = "x"
    tables["installments"][0]["loan_id"] = "L404"
    tables["loans"][2]["loan_id"] = "L1"
    codes = {p.code for p in errors(validate(tmp_path, tables))}
    assert codes >= {"not_a_number", "unknown_loan", "duplicate_key"}
