"""docs/indicators.md documents every indicator of the catalogue, with its card."""

from __future__ import annotations

from pathlib import Path

from missionlens.mission import catalogue, load_mission, render_markdown

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_catalogue_indicator_is_documented() -> None:
    text = (DOCS / "indicators.md").read_text(encoding="utf-8")
    missing = [key for key in catalogue() if f"`{key}`" not in text]
    assert not missing, f"undocumented indicators {missing}: regenerate docs/indicators.md (see its header)"


def test_indicators_page_is_up_to_date_with_the_cards() -> None:
    text = (DOCS / "indicators.md").read_text(encoding="utf-8")
    assert text == render_markdown(), "docs/indicators.md is stale: regenerate it (see its header)"


def test_mission_and_cards_docs_exist() -> None:
    assert (DOCS / "mission.md").is_file() and (DOCS / "cards.md").is_file()


def test_example_of_the_mission_docs_loads(tmp_path: Path) -> None:
    text = (DOCS / "mission.md").read_text(encoding="utf-8")
    example = text.split("```toml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "mission.toml"
    path.write_text(example, encoding="utf-8")
    mission = load_mission(path)
    assert mission.custom_indicators[0].computable
    assert "territory" in mission.dimensions
