"""Reading the two Kiva export shapes (convert/kiva_source.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from missionlens.convert.kiva_source import KivaSourceError, day, genders_of, plain_text, read_source


def test_html_stories_become_plain_text_with_their_line_breaks() -> None:
    assert plain_text("<i>Written by Moses:</i><br><br>Justine &amp; Co.  sell goats") == (
        "Written by Moses:\n\nJustine & Co. sell goats")


def test_kaggle_gender_lists_are_read_one_per_borrower() -> None:
    assert genders_of("female, female, male") == ("F", "F", "M")
    assert genders_of("") == ()


def test_timestamps_are_read_as_their_calendar_day() -> None:
    assert day("2005-04-14T05:27:55Z") == date(2005, 4, 14)
    assert day("2017-01-23 08:00:00+00:00") == date(2017, 1, 23)
    assert day(None) is None


def test_a_folder_without_a_kiva_export_is_refused_with_what_to_give(tmp_path: Path) -> None:
    (tmp_path / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(KivaSourceError, match="loans_page1.json"):
        read_source(tmp_path)
