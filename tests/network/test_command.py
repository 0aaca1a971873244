"""`missionlens network` and `missionlens convert` from the command line: outputs and exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

from missionlens.cli import app

from click.testing import Result  # isort: skip
from typer.testing import CliRunner  # isort: skip  # after cli, which imports typer quietly
from tests.network.builders import institution_rows, write_panel_csv

runner = CliRunner()


def invoke(*args: str | Path) -> Result:
    return runner.invoke(app, [str(a) for a in args])


def test_network_writes_its_json_and_exits_0(tmp_path: Path) -> None:
    panel = write_panel_csv(tmp_path / "panel", institution_rows("A", list(range(2010, 2014))))
    result = invoke("network", panel, "--json", tmp_path / "network.json")
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "network.json").read_text(encoding="utf-8"))
    assert data["schema"] == "missionlens.network/1" and data["institutions"][0]["too_short"] is True


def test_network_refuses_a_faulty_panel_with_exit_2_and_located_problems(tmp_path: Path) -> None:
    panel = write_panel_csv(tmp_path / "panel", institution_rows("A", [2010, 2011], par30=[0.1, -0.2]))
    result = invoke("network", panel, "--json", tmp_path / "network.json")
    assert result.exit_code == 2
    assert "institutions.csv line 3, column par30" in result.output
    assert json.loads((tmp_path / "network.json").read_text(encoding="utf-8"))["errors"]


def test_convert_kiva_refuses_a_folder_without_a_kiva_export(tmp_path: Path) -> None:
    result = invoke("convert", "kiva", tmp_path, tmp_path / "out")
    assert result.exit_code == 2
    assert "no Kiva export found" in result.output


def test_convert_mix_refuses_a_folder_without_the_panel(tmp_path: Path) -> None:
    result = invoke("convert", "mix", tmp_path, tmp_path / "out")
    assert result.exit_code == 2
    assert "amelia.csv not found" in result.output
