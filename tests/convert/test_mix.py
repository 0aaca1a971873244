"""The MIX Market panel converter on the real amelia.csv (convert/mix.py)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from missionlens.convert.mix import MixConversion, MixSourceError, convert_mix
from missionlens.data.panel import read_panel
from tests.convert.shared_data import shared_data


@pytest.fixture(scope="module")
def mix(tmp_path_factory: pytest.TempPathFactory) -> MixConversion:
    return convert_mix(shared_data("mix-africa"), tmp_path_factory.mktemp("mix"))


def test_every_institution_year_is_written(mix: MixConversion) -> None:
    assert (mix.rows, mix.institutions, mix.years) == (4782, 892, (1999, 2019))


def test_values_outside_the_panel_contract_are_blanked_and_counted(mix: MixConversion) -> None:
    assert mix.blanked == {"par30": 4, "write_off_ratio": 22, "operational_self_sufficiency": 6}
    summary = json.loads((mix.out / "conversion.json").read_text(encoding="utf-8"))
    assert summary["blanked_out_of_contract"]["par30"] == 4


def test_gdp_per_capita_stands_in_for_gni_and_says_so(mix: MixConversion) -> None:
    with (mix.out / "institutions.csv").open(encoding="utf-8") as f:
        first = next(csv.DictReader(f))
    # TEBA (South Africa) 2000: average loan 1110, GDP per capita 5937.63 (constant 2010 US$).
    assert (first["name"], first["year"], first["legal_status"]) == ("TEBA", "2000", "Bank")
    assert (first["average_loan_balance"], first["income_measure"]) == ("1110", "gdp")
    assert first["income_per_capita"].startswith("5937.626")


def test_the_converted_panel_passes_the_panel_validation(mix: MixConversion) -> None:
    validation = read_panel(mix.out)
    assert validation.ok and validation.rows == 4782
    assert not validation.problems


def test_a_file_that_is_not_the_mix_panel_is_refused(tmp_path: Path) -> None:
    (tmp_path / "amelia.csv").write_text("a,b\n1,2\n", encoding="latin-1")
    with pytest.raises(MixSourceError, match="mfiid"):
        convert_mix(tmp_path, tmp_path / "out")
