from __future__ import annotations

import json
import stat
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from missionlens.data.pseudonyms import SecretError
from missionlens.data.store import MANIFEST_FORMAT, Store, StoreBusy, StoreError, Version

NOW = datetime(2025, 6, 30, 12, 0, tzinfo=timezone.utc)
SECRET_HEX = "ab" * 32


def make_store(tmp_path: Path) -> Store:
    return Store.create(tmp_path / "store", environ={})


def land(store: Store, *, loans: int = 3, when: datetime = NOW) -> Version:
    """Commit a version holding a loans table of `loans` rows, as an import would."""
    with store.lock(), store.staging() as staging:
        pq.write_table(pa.table({"loan_id": [f"L{i}" for i in range(loans)]}), staging / "loans.parquet")
        name = store.next_version_name()
        manifest = {
            "manifest_format": MANIFEST_FORMAT,
            "created": when.isoformat(),
            "tables": {"loans": {"file": "loans.parquet", "rows": loans}},
        }
        return store.commit(staging, manifest, name=name, now=when)


def test_new_store_has_no_current_version(tmp_path: Path) -> None:
    assert make_store(tmp_path).current() is None


def test_secret_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    assert stat.S_IMODE((store.path / "secret.key").stat().st_mode) == 0o600
    assert len(store.secret) == 32


def test_secret_given_by_environment_is_not_written_in_the_store(tmp_path: Path) -> None:
    store = Store.create(tmp_path / "s", environ={"MISSIONLENS_SECRET": SECRET_HEX})
    assert not (store.path / "secret.key").exists()
    assert store.secret == bytes.fromhex(SECRET_HEX)


def test_store_without_its_environment_secret_is_refused(tmp_path: Path) -> None:
    Store.create(tmp_path / "s", environ={"MISSIONLENS_SECRET": SECRET_HEX})
    with pytest.raises(SecretError, match="MISSIONLENS_SECRET"):
        _ = Store(tmp_path / "s", environ={}).secret


def test_environment_secret_differing_from_the_secret_file_is_refused(tmp_path: Path) -> None:
    make_store(tmp_path)
    with pytest.raises(SecretError, match="differs"):
        _ = Store(tmp_path / "store", environ={"MISSIONLENS_SECRET": SECRET_HEX}).secret


def test_too_short_environment_secret_refuses_store_creation(tmp_path: Path) -> None:
    with pytest.raises(SecretError, match="too short"):
        Store.create(tmp_path / "s", environ={"MISSIONLENS_SECRET": "abcd"})


def test_open_refuses_a_folder_that_is_not_a_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a missionlens store"):
        Store.open(tmp_path)


def test_create_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("x")
    with pytest.raises(StoreError, match="not an empty folder"):
        Store.create(tmp_path)


def test_open_or_create_opens_an_existing_store(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    land(store)
    assert Store.open_or_create(store.path, environ={}).current() is not None


def test_commit_makes_the_new_version_current(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    version = land(store, loans=5)
    current = store.current()
    assert current is not None
    assert (current.name, current.rows) == ("v000001", {"loans": 5})
    assert (store.path / "CURRENT").read_text().strip() == version.name


def test_commit_leaves_no_staging_folder(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    land(store)
    assert list(store.staging_dir.iterdir()) == []


def test_versions_are_listed_oldest_first_with_the_current_flagged(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    land(store)
    land(store)
    assert [(v.name, v.current) for v in store.versions()] == [("v000001", False), ("v000002", True)]


def test_table_path_points_at_the_parquet_file(tmp_path: Path) -> None:
    version = land(make_store(tmp_path), loans=4)
    path = version.table_path("loans")
    assert path is not None
    assert pq.read_table(path).num_rows == 4


def test_table_path_is_none_for_a_table_not_given(tmp_path: Path) -> None:
    assert land(make_store(tmp_path)).table_path("sessions") is None


def test_created_is_read_from_the_manifest(tmp_path: Path) -> None:
    assert land(make_store(tmp_path)).created == NOW


def test_rollback_makes_an_earlier_version_current(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    land(store, loans=1)
    land(store, loans=2)
    store.rollback("v000001", now=NOW)
    current = store.current()
    assert current is not None and current.rows == {"loans": 1}


def test_rollback_keeps_every_version(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    land(store)
    land(store)
    store.rollback("v1", now=NOW)
    assert [v.name for v in store.versions()] == ["v000001", "v000002"]


def test_rollback_refuses_an_unknown_version(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    land(store)
    with pytest.raises(StoreError, match="no complete version v000009"):
        store.rollback("v000009", now=NOW)
    current = store.current()
    assert current is not None and current.name == "v000001"


def test_get_accepts_short_version_names(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    land(store)
    assert store.get("1").name == store.get("v1").name == "v000001"


def test_get_refuses_a_name_that_is_not_a_version(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="not a version name"):
        make_store(tmp_path).get("latest")


def test_history_logs_imports_and_rollbacks_in_order(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    land(store)
    land(store)
    store.rollback("v000001", now=NOW)
    assert [(e["action"], e["version"], e["previous"]) for e in store.history()] == [
        ("import", "v000001", None),
        ("import", "v000002", "v000001"),
        ("rollback", "v000001", "v000002"),
    ]


def test_version_folder_without_a_complete_manifest_is_ignored(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    land(store)
    broken = store.versions_dir / "v000002"
    broken.mkdir()
    (broken / "manifest.json").write_text('{"manifest_format": 1, "tab')
    assert [v.name for v in store.versions()] == ["v000001"]


def test_next_version_never_reuses_the_name_of_an_incomplete_folder(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    (store.versions_dir / "v000001").mkdir()
    assert land(store).name == "v000002"


def test_manifest_naming_a_missing_table_file_makes_the_version_incomplete(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    version = land(store)
    manifest = json.loads((version.path / "manifest.json").read_text())
    folder = store.versions_dir / "v000005"
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps(manifest))
    assert [v.name for v in store.versions()] == ["v000001"]


def test_stale_staging_folders_are_removed_by_the_next_import(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    stale = store.staging_dir / "deadbeef"
    stale.mkdir()
    (stale / "loans.parquet").write_bytes(b"partial")
    land(store)
    assert not stale.exists()


def test_second_lock_holder_is_refused(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    with store.lock(), pytest.raises(StoreBusy, match="Another import"):
        with Store(store.path, environ={}).lock():
            pass


def test_failed_import_leaves_current_untouched(tmp_path: Path) -> None:
    store = make_store(tmp_path)
    land(store)
    with pytest.raises(RuntimeError), store.lock(), store.staging() as staging:
        pq.write_table(pa.table({"loan_id": ["L"]}), staging / "loans.parquet")
        raise RuntimeError("validation crashed")
    assert [v.name for v in store.versions()] == ["v000001"]
    assert list(store.staging_dir.iterdir()) == []
