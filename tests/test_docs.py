"""Docs are tested against the code: an undocumented command or setting fails here."""

from __future__ import annotations

import re
from pathlib import Path

from missionlens.cli import app

ROOT = Path(__file__).resolve().parents[1]


def _documented_text() -> str:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(page.read_text(encoding="utf-8") for page in pages)


def _command_names() -> list[str]:
    names = []
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        names.append(name.rstrip("_").replace("_", "-"))
    return names


def test_every_cli_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in _command_names() if f"missionlens {name}" not in readme]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_setting_read_from_the_environment_is_documented() -> None:
    used = set()
    for source in (ROOT / "src").rglob("*.py"):
        used |= set(re.findall(r"MISSIONLENS_[A-Z_]+", source.read_text(encoding="utf-8")))
    text = _documented_text()
    missing = sorted(name for name in used if name not in text)
    assert used, "no setting found: the scan itself is broken"
    assert not missing, f"settings missing from the docs: {missing}"


def test_the_readme_names_the_two_commands_of_the_set_up() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.rstrip().endswith("make test"), ".ci/run must run exactly the README's test command"
