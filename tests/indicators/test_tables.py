from __future__ import annotations

from pathlib import Path

import pytest

from missionlens.indicators.tables import NotDisaggregable, open_tables, table_paths
from tests.indicators.builders import make_borrower, make_loan, write_dataset


def test_table_paths_finds_the_contract_tables_of_a_folder(tmp_path: Path) -> None:
    write_dataset(tmp_path, loans=[make_loan()], borrowers=[make_borrower()])
    (tmp_path / "other.parquet").write_bytes(b"")
    assert sorted(table_paths(tmp_path)) == ["borrowers", "loans"]


def test_opened_tables_drop_the_source_line(tmp_path: Path) -> None:
    tables = open_tables(write_dataset(tmp_path, loans=[make_loan()], borrowers=[make_borrower()]))
    assert "_line" not in tables["loans"].columns and "amount" in tables["loans"].columns


def test_a_file_that_is_not_a_contract_table_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not tables of the contract: wages"):
        open_tables({"wages": tmp_path / "wages.parquet"})


def test_an_unknown_backend_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown backend"):
        open_tables({}, backend="sqlite")  # type: ignore[arg-type]


def test_grouping_a_unit_without_a_product_is_refused(tmp_path: Path) -> None:
    tables = open_tables(write_dataset(tmp_path, loans=[make_loan()], borrowers=[make_borrower()]))
    with pytest.raises(NotDisaggregable):
        tables.grouped(tables["borrowers"], "product")
