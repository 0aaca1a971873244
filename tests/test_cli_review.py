"""`missionlens review`: exit 0 written, 2 refused (problems on stderr and in the JSON), 1 otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from missionlens.cli import app
from missionlens.review import validation_errors

from typer.testing import CliRunner  # isort: skip  # after cli, which imports typer quietly
from tests.review.builders import write_dataset, write_refused_dataset

runner = CliRunner()


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, Path]:
    root = tmp_path_factory.mktemp("cli")
    data = write_dataset(root / "data", months=4, per_month=8)
    result = runner.invoke(
        app, ["review", str(data), "--json", str(root / "r.json"), "--html", str(root / "r.html"), "--lang", "en"]
    )
    return result.exit_code, root


def test_review_exits_zero_when_written(reviewed: tuple[int, Path]) -> None:
    assert reviewed[0] == 0


def test_review_writes_a_json_that_validates(reviewed: tuple[int, Path]) -> None:
    document = json.loads((reviewed[1] / "r.json").read_text(encoding="utf-8"))
    assert validation_errors(document) == [] and document["lang"] == "en"


def test_review_writes_the_html_report(reviewed: tuple[int, Path]) -> None:
    assert "What this number does not show" in (reviewed[1] / "r.html").read_text(encoding="utf-8")


def test_refused_data_exits_two_with_the_errors_in_the_json(tmp_path: Path) -> None:
    data = write_refused_dataset(tmp_path / "bad")
    result = runner.invoke(app, ["review", str(data), "--json", str(tmp_path / "r.json")])
    assert result.exit_code == 2
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["errors"]


def test_refused_data_lists_its_problems_on_stderr(tmp_path: Path) -> None:
    result = runner.invoke(app, ["review", str(write_refused_dataset(tmp_path / "bad"))])
    assert result.exit_code == 2 and "loans.csv line 2" in result.stderr


def test_missing_data_folder_exits_two(tmp_path: Path) -> None:
    assert runner.invoke(app, ["review", str(tmp_path / "nowhere")]).exit_code == 2


@pytest.mark.slow
def test_review_writes_a_pdf(tmp_path: Path) -> None:
    data = write_dataset(tmp_path / "data", months=3, per_month=6)
    result = runner.invoke(app, ["review", str(data), "--pdf", str(tmp_path / "r.pdf")])
    assert result.exit_code == 0 and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
