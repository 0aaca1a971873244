"""The simulator writes the contract, deterministically, calibrated, with the changes it claims."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

from missionlens.data.contract import TABLES
from missionlens.data.simulator import SCENARIOS, Perturbation, SimulationSummary, simulate
from missionlens.data.simulator import notes_en, notes_fr, vocabulary_en, vocabulary_fr
from missionlens.data.simulator.language import phrases
from missionlens.data.simulator.tables import schema

SMALL = {"scale": 0.2, "years": 2, "start": "2022-01", "seed": 7}
DATES = {"entry_date", "application_date", "decision_date", "disbursement_date", "closed_date", "due_date",
         "paid_date", "date", "observed_on", "start_date", "end_date"}


def make_data(root: Path, **kwargs: object) -> SimulationSummary:
    arguments = {**SMALL, **kwargs}
    return simulate(root, **arguments)  # type: ignore[arg-type]


def read_csv(folder: Path, name: str) -> pd.DataFrame:
    frame = pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False, na_values=[""])
    for column in DATES & set(frame.columns):
        frame[column] = pd.to_datetime(frame[column], format="%Y-%m-%d")
    return frame


def monthly_push_view(folder: Path) -> pd.DataFrame:
    """Loans disbursed and minutes per new loan (core definitions) by month."""
    loans = read_csv(folder, "loans")
    sessions = read_csv(folder, "sessions")
    sessions["minutes"] = sessions["minutes"].astype(int)
    disbursed = loans[loans["disbursement_date"].notna()][["loan_id", "borrower_id", "disbursement_date"]]
    prep = sessions[sessions["kind"].isin(["diagnosis", "pre_loan"])][["borrower_id", "date", "minutes"]]
    pairs = disbursed.merge(prep, on="borrower_id")
    window = (pairs["date"] >= pairs["disbursement_date"] - pd.Timedelta(days=90)) & (
        pairs["date"] <= pairs["disbursement_date"])
    minutes = pairs[window].groupby("loan_id")["minutes"].sum()
    disbursed = disbursed.assign(minutes=disbursed["loan_id"].map(minutes).fillna(0),
                                 month=disbursed["disbursement_date"].dt.to_period("M"))
    return disbursed.groupby("month").agg(loans=("loan_id", "size"), minutes=("minutes", "mean"))


@pytest.fixture(scope="module")
def steady(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("steady")
    make_data(out)
    return out


@pytest.fixture(scope="module")
def push(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("push")
    make_data(out, scenario="volume_push", scale=0.4, years=4)
    return out


@pytest.fixture(scope="module")
def calibrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("calibrated")
    make_data(out, scale=1.0, years=3, seed=1)
    return out


def test_same_arguments_give_byte_identical_files(tmp_path: Path) -> None:
    for fmt in ("csv", "xlsx"):
        make_data(tmp_path / f"a-{fmt}", scale=0.05, years=1, fmt=fmt)
        make_data(tmp_path / f"b-{fmt}", scale=0.05, years=1, fmt=fmt)
        files = sorted(p.name for p in (tmp_path / f"a-{fmt}").iterdir())
        for name in files:
            assert (tmp_path / f"a-{fmt}" / name).read_bytes() == (tmp_path / f"b-{fmt}" / name).read_bytes(), name


def test_another_seed_gives_other_data(tmp_path: Path, steady: Path) -> None:
    make_data(tmp_path, seed=8)
    assert (tmp_path / "loans.csv").read_bytes() != (steady / "loans.csv").read_bytes()


def test_every_csv_file_has_exactly_the_contract_columns(steady: Path) -> None:
    for name, table in TABLES.items():
        header = (steady / f"{name}.csv").read_text(encoding="utf-8").splitlines()[0]
        assert header.split(",") == list(table.column_names), name


def test_parquet_files_have_the_stored_types(tmp_path: Path) -> None:
    make_data(tmp_path, scale=0.05, years=1, fmt="parquet")
    for name in TABLES:
        assert pq.read_schema(tmp_path / f"{name}.parquet").remove_metadata() == schema(name), name


def test_identifiers_are_unique(steady: Path) -> None:
    for name, table in TABLES.items():
        if table.key:
            frame = read_csv(steady, name)
            assert not frame.duplicated(list(table.key)).any(), name


def test_every_reference_resolves(steady: Path) -> None:
    borrowers = set(read_csv(steady, "borrowers")["borrower_id"])
    loans = read_csv(steady, "loans")
    staff = read_csv(steady, "staff")
    branches = set(read_csv(steady, "branches")["branch_id"])
    assert set(staff["branch_id"]) <= branches
    assert set(loans["borrower_id"]) <= borrowers
    assert set(read_csv(steady, "installments")["loan_id"]) <= set(loans["loan_id"])
    sessions = read_csv(steady, "sessions")
    assert set(sessions["borrower_id"]) <= borrowers
    assert set(sessions["staff_id"].dropna()) <= set(staff["staff_id"])
    assert set(loans["advisor_id"].dropna()) <= set(staff["staff_id"])
    for name in ("outcomes", "feedback", "notes"):
        assert set(read_csv(steady, name)["borrower_id"].dropna()) <= borrowers, name
    assert set(read_csv(steady, "notes")["staff_id"].dropna()) <= set(staff["staff_id"])


def test_loans_respect_the_contract_rules(steady: Path) -> None:
    loans = read_csv(steady, "loans")
    assert (loans["amount"].astype(float) > 0).all()
    assert (loans["decision_date"].isna() == (loans["decision"] == "pending")).all()
    disbursed = loans[loans["disbursement_date"].notna()]
    assert (disbursed["disbursement_date"] >= disbursed["application_date"]).all()
    assert (disbursed["decision"] == "approved").all()
    closed = loans["status"].isin(["repaid", "written_off"])
    assert (loans["closed_date"].notna() == closed).all()
    assert (loans[loans["disbursement_date"].isna()]["status"].isin(
        ["pending", "declined", "withdrawn", "approved"])).all()


def test_installments_are_paid_after_disbursement_and_sum_to_the_amount(steady: Path) -> None:
    loans = read_csv(steady, "loans").set_index("loan_id")
    rows = read_csv(steady, "installments")
    paid = rows[rows["paid_date"].notna()]
    assert (paid["paid_date"].values >= loans.loc[paid["loan_id"], "disbursement_date"].values).all()
    principal = rows.assign(p=rows["principal_due"].astype(float)).groupby("loan_id")["p"].sum()
    amounts = loans.loc[principal.index, "amount"].astype(float)
    assert np.allclose(principal.values, amounts.values, atol=0.005)


def test_people_enter_before_their_first_session(steady: Path) -> None:
    borrowers = read_csv(steady, "borrowers").set_index("borrower_id")
    first = read_csv(steady, "sessions").groupby("borrower_id")["date"].min()
    assert (borrowers.loc[first.index, "entry_date"] <= first).all()


def test_calibration_stays_within_published_bands(calibrated: Path) -> None:
    truth = json.loads((calibrated / "truth.json").read_text())
    start = pd.Timestamp(truth["start"] + "-01")
    loans = read_csv(calibrated, "loans")
    served = loans[loans["disbursement_date"] >= start]
    people = read_csv(calibrated, "borrowers").set_index("borrower_id").loc[served["borrower_id"].unique()]
    amount = served["amount"].astype(float)
    assert 3500 <= amount.mean() <= 4500 and amount.max() <= 12000
    assert 1000 <= len(served) / 3 <= 1500
    assert 27 <= served["term_months"].astype(int).mean() <= 33
    rated = served[served["product"] != "honour"]["annual_rate"].astype(float)
    assert 0.07 <= rated.mean() <= 0.10
    assert (served[served["product"] == "honour"]["annual_rate"].astype(float) == 0).all()
    gender = people["gender"]
    assert 0.38 <= (gender == "F").sum() / gender.isin(["F", "M", "X"]).sum() <= 0.46
    assert 0.31 <= (people["minimum_benefits"].dropna() == "true").mean() <= 0.39
    staff = read_csv(calibrated, "staff")
    end = pd.Timestamp(truth["end"] + "-01") + pd.offsets.MonthEnd(0)
    active = loans[(loans["disbursement_date"] <= end) & loans["closed_date"].isna()]["borrower_id"].nunique()
    employees = staff[(staff["role"] == "employee") & (staff["start_date"] <= end) & staff["end_date"].isna()]
    assert 80 <= active / employees["fte"].astype(float).sum() <= 106


def test_volume_push_raises_loans_and_cuts_minutes_per_new_loan(push: Path) -> None:
    truth = json.loads((push / "truth.json").read_text())
    change = next(c for c in truth["changes"] if c["indicator"] == "loans_disbursed")
    month = pd.Period(change["start"], "M")
    view = monthly_push_view(push)
    before = view.loc[month - 12: month - 1]
    after = view.loc[month + 2: month + 13]
    assert after["loans"].mean() > 1.25 * before["loans"].mean()
    assert after["minutes"].mean() < 0.8 * before["minutes"].mean()


def test_volume_push_notes_voice_pressure_from_the_push_month(push: Path) -> None:
    truth = json.loads((push / "truth.json").read_text())
    month = pd.Period(next(v for v in truth["voice_changes"] if v["theme"] == "pressure")["start"], "M")
    notes = read_csv(push, "notes")
    markers = [s.split("{")[0] for s in notes_fr.NOTES["pressure"]["core"]]
    pressured = notes["text"].apply(lambda text: any(m and m in text for m in markers))
    period = notes["date"].dt.to_period("M")
    assert pressured[period >= month].mean() > pressured[period < month].mean() + 0.2


def test_truth_lists_the_injected_changes(push: Path, steady: Path) -> None:
    truth = json.loads((push / "truth.json").read_text())
    listed = {(c["indicator"], c["direction"]) for c in truth["changes"]}
    assert {("loans_disbursed", "up"), ("minutes_per_new_loan", "down"), ("followup_60d_rate", "down"),
            ("approval_rate", "up"), ("share_minimum_benefits", "down"), ("par30", "up")} <= listed
    par30 = next(c for c in truth["changes"] if c["indicator"] == "par30")
    assert par30["kind"] == "lagged" and par30["start"] > truth["changes"][0]["start"]
    assert json.loads((steady / "truth.json").read_text())["changes"] == []


def test_every_scenario_is_described_and_runs(tmp_path: Path) -> None:
    assert {"steady", "volume_push", "quiet_erosion"} < set(SCENARIOS)
    for name in SCENARIOS:
        summary = make_data(tmp_path / name, scenario=name, scale=0.05, years=2)
        assert summary.rows["loans"] > 0


def test_fr_csv_is_windows_1252_with_semicolons_and_decimal_commas(tmp_path: Path) -> None:
    make_data(tmp_path, scale=0.05, years=1, fmt="fr-csv")
    text = (tmp_path / "loans.csv").read_bytes().decode("cp1252")
    header, first = text.splitlines()[:2]
    assert header.split(";") == list(TABLES["loans"].column_names)
    assert "," in first.split(";")[9] and "/" in first.split(";")[5]
    assert "\u00a0" in text  # thousands separated in amounts >= 1000


def test_xlsx_has_one_sheet_per_table_with_real_dates(tmp_path: Path) -> None:
    make_data(tmp_path, scale=0.05, years=1, fmt="xlsx")
    book = openpyxl.load_workbook(tmp_path / "data.xlsx", read_only=True)
    assert book.sheetnames == list(TABLES)
    row = next(book["loans"].iter_rows(min_row=2, max_row=2, values_only=True))
    assert hasattr(row[5], "year") and isinstance(row[9], int | float)


def test_xlsx_is_refused_beyond_excel_rows(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Excel"):
        make_data(tmp_path, scale=1000, fmt="xlsx")


def test_text_reads_back_the_same_in_every_format(tmp_path: Path) -> None:
    texts = {}
    for fmt in ("csv", "fr-csv", "xlsx", "parquet"):
        make_data(tmp_path / fmt, scale=0.05, years=1, fmt=fmt)
    texts["csv"] = read_csv(tmp_path / "csv", "notes")["text"].tolist()
    texts["fr-csv"] = pd.read_csv(tmp_path / "fr-csv" / "notes.csv", sep=";", encoding="cp1252")["text"].tolist()
    texts["xlsx"] = pd.read_excel(tmp_path / "xlsx" / "data.xlsx", sheet_name="notes")["text"].tolist()
    texts["parquet"] = pq.read_table(tmp_path / "parquet" / "notes.parquet").column("text").to_pylist()
    assert texts["csv"] == texts["fr-csv"] == texts["xlsx"] == texts["parquet"]


def test_every_phrase_can_be_written_in_windows_1252() -> None:
    for module in (notes_fr, notes_en, vocabulary_fr, vocabulary_en):
        for name, value in vars(module).items():
            if name.isupper():
                json.dumps(value, ensure_ascii=False).encode("cp1252")


def test_every_slot_of_every_phrase_has_words_in_its_language() -> None:
    for lang in ("fr", "en"):
        book = phrases(lang)
        banks = [b for parts in book.notes.values() for b in parts.values()]
        banks += [*book.session_notes.values(), *book.feedback.values(), *book.purpose.values()]
        for bank in banks:
            assert set(bank.slot_names) <= set(book.pools), (lang, bank.slot_names)


def test_notes_are_varied(calibrated: Path) -> None:
    sample = read_csv(calibrated, "notes")["text"].head(500)
    assert sample.nunique() > 0.8 * len(sample)


def test_notes_are_in_english_with_lang_en(tmp_path: Path) -> None:
    make_data(tmp_path, scale=0.05, years=1, lang="en")
    text = " ".join(read_csv(tmp_path, "notes")["text"])
    assert " the " in text and " les " not in text


def test_size_perturbation_scales_the_organisation(tmp_path: Path) -> None:
    base = make_data(tmp_path / "base", scale=0.1, years=1)
    bigger = make_data(tmp_path / "big", scale=0.1, years=1, perturbation=Perturbation(size=3.0))
    assert 2.4 < bigger.rows["loans"] / base.rows["loans"] < 3.6


def test_perturbation_refuses_a_size_outside_its_range() -> None:
    with pytest.raises(ValueError, match="size"):
        Perturbation(size=20)


def test_progress_is_reported_up_to_completion(tmp_path: Path) -> None:
    seen: list[float] = []
    make_data(tmp_path, scale=0.05, years=1, progress=lambda label, fraction: seen.append(fraction))
    assert seen == sorted(seen) and seen[-1] == 1.0
