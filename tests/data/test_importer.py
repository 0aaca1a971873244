from __future__ import annotations

import csv
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from missionlens.data.contract import SCHEMA_VERSION
from missionlens.data.importer import ImportResult, check_dataset, import_dataset
from missionlens.data.pseudonyms import pseudonym, pseudonymise
from missionlens.data.store import Store

NOW = datetime(2025, 6, 30, 12, 0, tzinfo=timezone.utc)
START = date(2023, 1, 2)


def raw_id(i: int) -> str:
    """A raw borrower identifier distinctive enough to be searched for in any byte stream."""
    return f"QZRAW{i:05d}XQ"


def write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def write_dataset(
    folder: Path, *, borrowers: int = 20, installments_per_loan: int = 6, bad_amount_line: int | None = None
) -> Path:
    """A small valid data set (borrowers, loans, installments, sessions) in plain CSV.

    `bad_amount_line` puts an unreadable amount on that spreadsheet line of loans.csv.
    """
    folder.mkdir(parents=True, exist_ok=True)
    people, loans, installments, sessions = [], [], [], []
    for i in range(borrowers):
        day = START + timedelta(days=i % 300)
        people.append({
            "borrower_id": raw_id(i), "branch_id": "BR1", "entry_date": day.isoformat(),
            "gender": "FMX"[i % 3], "birth_year": 1980 + i % 30, "minimum_benefits": "true",
            "banked": "false", "monthly_household_income": "1200.5", "priority_area": "",
            "education": "",
        })
        disbursed = day + timedelta(days=20)
        amount = "abc" if bad_amount_line == i + 2 else "3500"
        loans.append({
            "loan_id": f"L{i}", "borrower_id": raw_id(i), "branch_id": "BR1", "advisor_id": "",
            "product": "business", "application_date": (day + timedelta(days=5)).isoformat(),
            "decision": "approved", "decision_date": (day + timedelta(days=10)).isoformat(),
            "disbursement_date": disbursed.isoformat(), "amount": amount, "term_months": 12,
            "annual_rate": "0.075", "purpose": "van", "status": "active", "closed_date": "",
        })
        for n in range(1, installments_per_loan + 1):
            due = disbursed + timedelta(days=30 * n)
            installments.append({
                "loan_id": f"L{i}", "number": n, "due_date": due.isoformat(), "principal_due": "290",
                "interest_due": "20", "paid_amount": "310" if n <= 2 else "0",
                "paid_date": due.isoformat() if n <= 2 else "",
            })
        sessions.append({
            "session_id": f"S{i}", "borrower_id": raw_id(i), "loan_id": f"L{i}", "staff_id": "",
            "date": day.isoformat(), "minutes": 90, "kind": "diagnosis", "topics": "budget;market",
            "note": "first meeting",
        })
    write_csv(folder / "borrowers.csv", people)
    write_csv(folder / "loans.csv", loans)
    write_csv(folder / "installments.csv", installments)
    write_csv(folder / "sessions.csv", sessions)
    return folder


def run_import(source: Path, store: Store) -> ImportResult:
    return import_dataset(source, store, now=NOW, environ={})


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.create(tmp_path / "store", environ={})


def test_import_creates_the_first_version(tmp_path: Path, store: Store) -> None:
    result = run_import(write_dataset(tmp_path / "d", borrowers=7), store)
    assert result.ok and result.version is not None
    assert result.version.name == "v000001"
    assert result.version.rows["loans"] == 7


def test_manifest_holds_schema_sources_time_and_row_counts(tmp_path: Path, store: Store) -> None:
    result = run_import(write_dataset(tmp_path / "d", borrowers=5, installments_per_loan=3), store)
    assert result.version is not None
    m = result.version.manifest
    assert m["schema_version"] == SCHEMA_VERSION
    assert m["created"] == NOW.isoformat()
    assert m["rows"] == {"borrowers": 5, "loans": 5, "installments": 15, "sessions": 5}
    assert {s["file"] for s in m["sources"]} >= {"borrowers.csv", "loans.csv"}
    assert all(len(s["sha256"]) == 64 for s in m["sources"])
    assert m["dialects"] == ["csv"]


def test_manifest_gives_the_data_end_as_the_latest_activity_date(tmp_path: Path, store: Store) -> None:
    result = run_import(write_dataset(tmp_path / "d", borrowers=3, installments_per_loan=3), store)
    assert result.version is not None
    # borrower 2: entry 2023-01-04, disbursed 2023-01-24, installment 2 paid 60 days later
    assert result.version.manifest["data_end"] == "2023-03-25"
    assert result.version.manifest["first_month"] == "2023-01"


def test_manifest_names_the_tables_not_given(tmp_path: Path, store: Store) -> None:
    result = run_import(write_dataset(tmp_path / "d", borrowers=2), store)
    assert result.version is not None
    assert "notes" in result.version.manifest["missing_tables"]
    assert result.version.table_path("notes") is None


def test_stored_borrower_ids_are_pseudonyms_of_the_raw_ids(tmp_path: Path, store: Store) -> None:
    result = run_import(write_dataset(tmp_path / "d", borrowers=4), store)
    assert result.version is not None
    path = result.version.table_path("loans")
    assert path is not None
    stored = pq.read_table(path)["borrower_id"].to_pylist()
    assert stored == [pseudonym(raw_id(i), store.secret) for i in range(4)]


def test_pseudonyms_are_stable_across_imports(tmp_path: Path, store: Store) -> None:
    first = run_import(write_dataset(tmp_path / "a", borrowers=5), store).version
    second = run_import(write_dataset(tmp_path / "b", borrowers=8), store).version
    assert first is not None and second is not None
    ids = [pq.read_table(v.path / "borrowers.parquet")["borrower_id"].to_pylist() for v in (first, second)]
    assert ids[1][:5] == ids[0]


def test_stores_with_different_secrets_give_different_pseudonyms(tmp_path: Path, store: Store) -> None:
    other = Store.create(tmp_path / "other", environ={})
    data = write_dataset(tmp_path / "d", borrowers=3)
    versions = [run_import(data, s).version for s in (store, other)]
    ids = [pq.read_table(v.path / "borrowers.parquet")["borrower_id"].to_pylist() for v in versions if v]
    assert set(ids[0]).isdisjoint(ids[1])


def test_environment_secret_gives_the_same_pseudonyms_in_a_new_store(tmp_path: Path) -> None:
    env = {"MISSIONLENS_SECRET": "cd" * 32}
    data = write_dataset(tmp_path / "d", borrowers=3)
    versions = [
        import_dataset(data, Store.create(tmp_path / name, environ=env), now=NOW, environ={}).version
        for name in ("s1", "s2")
    ]
    ids = [pq.read_table(v.path / "borrowers.parquet")["borrower_id"].to_pylist() for v in versions if v]
    assert ids[0] == ids[1] == [pseudonym(raw_id(i), bytes.fromhex("cd" * 32)) for i in range(3)]


def all_text_in(folder: Path) -> list[bytes]:
    """Every file's raw bytes, plus every Parquet file's decoded cells and metadata."""
    found = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        found.append(path.read_bytes())
        if path.suffix == ".parquet":
            table = pq.read_table(path)
            found.append(json.dumps(table.to_pylist(), default=str).encode())
            found.append(str(table.schema.metadata).encode())
    return found


def test_no_raw_borrower_identifier_reaches_the_store(tmp_path: Path, store: Store) -> None:
    run_import(write_dataset(tmp_path / "d", borrowers=30), store)
    blobs = all_text_in(store.path)
    leaked = [raw_id(i) for i in range(30) if any(raw_id(i).encode() in b for b in blobs)]
    assert leaked == []
    assert any(pseudonym(raw_id(0), store.secret).encode() in b for b in blobs)  # the search works


def test_no_raw_borrower_identifier_reaches_the_store_with_warnings(tmp_path: Path, store: Store) -> None:
    data = write_dataset(tmp_path / "d", borrowers=5)
    write_csv(data / "feedback.csv", [{
        "feedback_id": "F1", "borrower_id": "QZRAWUNKNOWNXQ", "date": "2023-05-01", "channel": "survey",
        "recommend": 9, "life_change": "better", "text": "",
    }])
    run_import(data, store)
    assert not any(b"QZRAW" in b for b in all_text_in(store.path))


def test_refused_import_leaves_the_store_unchanged(tmp_path: Path, store: Store) -> None:
    run_import(write_dataset(tmp_path / "good", borrowers=3), store)
    before = sorted((p.relative_to(store.path), p.read_bytes()) for p in store.path.rglob("*") if p.is_file())
    result = run_import(write_dataset(tmp_path / "bad", borrowers=3, bad_amount_line=3), store)
    after = sorted((p.relative_to(store.path), p.read_bytes()) for p in store.path.rglob("*") if p.is_file())
    assert not result.ok and result.version is None
    assert after == before
    assert list(store.staging_dir.iterdir()) == []


def test_refused_import_reports_the_located_problem(tmp_path: Path, store: Store) -> None:
    result = run_import(write_dataset(tmp_path / "bad", borrowers=3, bad_amount_line=3), store)
    errors = [p for p in result.validation.problems if p.severity == "error"]
    assert [(p.file, p.line, p.column) for p in errors] == [("loans.csv", 3, "amount")]


def test_check_writes_nothing_in_any_store(tmp_path: Path, store: Store) -> None:
    validation = check_dataset(write_dataset(tmp_path / "d", borrowers=3))
    assert validation.ok
    assert store.versions() == []


def test_check_reports_problems_like_an_import(tmp_path: Path) -> None:
    validation = check_dataset(write_dataset(tmp_path / "d", borrowers=3, bad_amount_line=2))
    assert not validation.ok


def test_bad_import_delay_setting_is_refused(tmp_path: Path, store: Store) -> None:
    with pytest.raises(ValueError, match="MISSIONLENS_IMPORT_DELAY_S"):
        import_dataset(tmp_path, store, now=NOW, environ={"MISSIONLENS_IMPORT_DELAY_S": "soon"})


def test_stored_tables_keep_the_source_line(tmp_path: Path, store: Store) -> None:
    version = run_import(write_dataset(tmp_path / "d", borrowers=3), store).version
    assert version is not None
    assert pq.read_table(version.path / "loans.parquet")["_line"].to_pylist() == [2, 3, 4]
    assert pq.read_table(version.path / "loans.parquet").schema.field("disbursement_date").type == pa.date32()


@pytest.fixture(scope="module")
def simulated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small simulated organisation, written in every format from the same seed."""
    from missionlens.data.simulator import simulate

    base = tmp_path_factory.mktemp("simulated")
    for fmt in ("parquet", "csv", "fr-csv", "xlsx"):
        simulate(base / fmt, scale=0.03, years=1, seed=3, fmt=fmt)
    return base


@pytest.mark.parametrize("fmt", ["csv", "fr-csv", "xlsx", "parquet"])
def test_round_trip_stores_what_the_simulator_wrote(simulated: Path, tmp_path: Path, fmt: str) -> None:
    store = Store.create(tmp_path / "store", environ={})
    result = run_import(simulated / fmt, store)
    assert result.ok and result.version is not None
    for written in sorted((simulated / "parquet").glob("*.parquet")):
        expected = pq.read_table(written).to_pandas()
        if "borrower_id" in expected:
            expected["borrower_id"] = pseudonymise(pa.array(expected["borrower_id"]), store.secret).to_pandas()
        path = result.version.table_path(written.stem)
        assert path is not None, written.stem
        stored = pq.read_table(path).to_pandas().drop(columns="_line")
        pd.testing.assert_frame_equal(stored, expected, check_exact=False, rtol=1e-9, obj=written.stem)
