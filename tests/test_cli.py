from __future__ import annotations

import json
from pathlib import Path

import pytest

from missionlens import cli
from missionlens.cli import app, env_flag

from click.testing import Result  # isort: skip
from typer.testing import CliRunner  # isort: skip  # after cli, which imports typer quietly
from tests.data.test_importer import write_dataset

runner = CliRunner()


def invoke(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MISSIONLENS_SECRET", "MISSIONLENS_DEBUG", "MISSIONLENS_IMPORT_DELAY_S"):
        monkeypatch.delenv(name, raising=False)


def with_ghost_borrower(folder: Path) -> Path:
    """The data set plus a loan (line 4 of loans.csv... appended last) whose borrower does not exist."""
    with open(folder / "loans.csv", "a", encoding="utf-8") as f:
        f.write("LGHOST,QZRAWGHOSTXQ,BR1,,business,2023-02-01,approved,2023-02-05,2023-02-10,"
                "1000,12,0.05,van,active,\n")
    return folder


@pytest.mark.parametrize("command", ["simulate", "check", "import", "versions", "rollback"])
def test_every_subcommand_explains_itself_with_help(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Usage" in result.output and "--" in result.output


def test_main_help_lists_every_subcommand() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("simulate", "check", "import", "versions", "rollback"):
        assert command in result.output


def test_simulate_writes_a_data_set_and_its_truth(tmp_path: Path) -> None:
    result = invoke("simulate", tmp_path / "sim", "--scale", "0.02", "--years", "1", "--seed", "4")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "sim" / "loans.csv").exists() and (tmp_path / "sim" / "truth.json").exists()
    assert "loans" in result.stdout


def test_simulate_refuses_an_unknown_scenario(tmp_path: Path) -> None:
    result = invoke("simulate", tmp_path / "sim", "--scenario", "nope")
    assert result.exit_code == 2
    assert "volume_push" in result.stderr


def test_simulate_refuses_a_start_that_is_not_a_month(tmp_path: Path) -> None:
    result = invoke("simulate", tmp_path / "sim", "--start", "2021-13")
    assert result.exit_code == 2
    assert "YYYY-MM" in result.stderr


def test_simulate_refuses_an_unknown_format(tmp_path: Path) -> None:
    assert invoke("simulate", tmp_path / "sim", "--format", "ods").exit_code == 2


def test_check_of_a_valid_data_set_exits_0(tmp_path: Path) -> None:
    result = invoke("check", write_dataset(tmp_path / "d", borrowers=4))
    assert result.exit_code == 0, result.output
    assert "valid" in result.stdout


def test_check_of_a_faulty_data_set_exits_2_with_the_located_problem(tmp_path: Path) -> None:
    result = invoke("check", write_dataset(tmp_path / "d", borrowers=4, bad_amount_line=3))
    assert result.exit_code == 2
    assert "loans.csv line 3, column amount" in result.stderr
    assert "1 error(s)" in result.stderr


def test_check_json_lists_errors_and_warnings(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    invoke("check", write_dataset(tmp_path / "d", borrowers=4, bad_amount_line=3), "--json", report)
    data = json.loads(report.read_text())
    assert data["ok"] is False
    assert [(e["file"], e["line"], e["column"]) for e in data["errors"]] == [("loans.csv", 3, "amount")]
    assert data["warnings"] == []


def test_check_of_a_missing_folder_exits_2(tmp_path: Path) -> None:
    result = invoke("check", tmp_path / "nowhere")
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr


def test_check_refuses_an_unknown_dialect(tmp_path: Path) -> None:
    assert invoke("check", write_dataset(tmp_path / "d"), "--dialect", "ods").exit_code == 2


def test_import_creates_the_store_and_prints_the_summary(tmp_path: Path) -> None:
    result = invoke("import", write_dataset(tmp_path / "d", borrowers=4), "--store", tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert "v000001" in result.stdout and "installments" in result.stdout
    assert (tmp_path / "store" / "CURRENT").read_text().strip() == "v000001"


def test_import_json_names_the_new_version(tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    invoke("import", write_dataset(tmp_path / "d"), "--store", tmp_path / "s", "--json", report)
    data = json.loads(report.read_text())
    assert (data["ok"], data["version"], data["rows"]["borrowers"]) == (True, "v000001", 20)


def test_refused_import_exits_2_and_leaves_the_store_unchanged(tmp_path: Path) -> None:
    invoke("import", write_dataset(tmp_path / "good"), "--store", tmp_path / "s")
    result = invoke("import", write_dataset(tmp_path / "bad", bad_amount_line=5), "--store", tmp_path / "s")
    assert result.exit_code == 2
    assert "nothing was imported" in result.stderr
    assert [p.name for p in (tmp_path / "s" / "versions").iterdir()] == ["v000001"]


def test_import_into_a_folder_that_is_not_a_store_exits_1(tmp_path: Path) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "thesis.docx").write_text("x")
    result = invoke("import", write_dataset(tmp_path / "d"), "--store", tmp_path / "busy")
    assert result.exit_code == 1
    assert "not an empty folder" in result.stderr


def test_no_raw_borrower_identifier_is_printed_or_written(tmp_path: Path) -> None:
    data = with_ghost_borrower(write_dataset(tmp_path / "d", borrowers=3))
    report = tmp_path / "r.json"
    result = invoke("import", data, "--store", tmp_path / "s", "--json", report)
    assert result.exit_code == 2
    assert "QZRAW" not in result.stdout + result.stderr + report.read_text()


def test_versions_json_lists_versions_with_the_current_one(tmp_path: Path) -> None:
    data = write_dataset(tmp_path / "d", borrowers=2)
    invoke("import", data, "--store", tmp_path / "s")
    invoke("import", data, "--store", tmp_path / "s")
    result = invoke("versions", "--store", tmp_path / "s", "--json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [(v["name"], v["current"]) for v in listed] == [("v000001", False), ("v000002", True)]


def test_versions_table_marks_the_current_version(tmp_path: Path) -> None:
    invoke("import", write_dataset(tmp_path / "d", borrowers=2), "--store", tmp_path / "s")
    result = invoke("versions", "--store", tmp_path / "s")
    assert result.exit_code == 0
    assert "v000001" in result.stdout and "*" in result.stdout


def test_versions_of_a_folder_that_is_not_a_store_exits_1(tmp_path: Path) -> None:
    result = invoke("versions", "--store", tmp_path)
    assert result.exit_code == 1
    assert "not a missionlens store" in result.stderr


def test_rollback_makes_an_earlier_version_current(tmp_path: Path) -> None:
    data = write_dataset(tmp_path / "d", borrowers=2)
    invoke("import", data, "--store", tmp_path / "s")
    invoke("import", data, "--store", tmp_path / "s")
    result = invoke("rollback", "v1", "--store", tmp_path / "s")
    assert result.exit_code == 0
    assert (tmp_path / "s" / "CURRENT").read_text().strip() == "v000001"


def test_rollback_to_an_unknown_version_exits_2(tmp_path: Path) -> None:
    invoke("import", write_dataset(tmp_path / "d", borrowers=2), "--store", tmp_path / "s")
    result = invoke("rollback", "v7", "--store", tmp_path / "s")
    assert result.exit_code == 2
    assert "no complete version v000007" in result.stderr


def explode(*args: object, **kwargs: object) -> None:
    raise RuntimeError("disk on fire")


def test_unexpected_failure_exits_1_with_a_short_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("missionlens.data.importer.check_dataset", explode)
    result = invoke("check", write_dataset(tmp_path / "d", borrowers=2))
    assert result.exit_code == 1
    assert "disk on fire" in result.stderr and "Traceback" not in result.stderr


def test_debug_setting_lets_the_traceback_through(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("missionlens.data.importer.check_dataset", explode)
    monkeypatch.setenv("MISSIONLENS_DEBUG", "1")
    result = invoke("check", write_dataset(tmp_path / "d", borrowers=2))
    assert isinstance(result.exception, RuntimeError)


def test_debug_setting_refuses_a_value_that_is_not_a_boolean() -> None:
    with pytest.raises(ValueError, match="MISSIONLENS_DEBUG must be 1 or 0"):
        env_flag("MISSIONLENS_DEBUG", {"MISSIONLENS_DEBUG": "maybe"})


def test_cli_module_stays_thin() -> None:
    assert len(Path(cli.__file__).read_text().splitlines()) < 400


def test_serve_without_a_secret_key_says_which_setting_to_give_and_refuses(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    environment = {k: v for k, v in os.environ.items() if not k.startswith(("MISSIONLENS_", "DJANGO_"))}
    environment["MISSIONLENS_DATA_DIR"] = str(tmp_path)
    done = subprocess.run([sys.executable, "-m", "missionlens.cli", "serve", "--bind", "127.0.0.1:1"],
                          env=environment, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "MISSIONLENS_SECRET_KEY" in done.stderr and "unexpected" not in done.stderr
