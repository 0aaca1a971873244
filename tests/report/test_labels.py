"""Figures written the way each language's readers expect them."""

from __future__ import annotations

from missionlens.report.labels import NBSP, NNBSP, date_text, figure, number, percent, period


def test_french_groups_thousands_with_a_narrow_no_break_space() -> None:
    assert number(1234567, "fr") == f"1{NNBSP}234{NNBSP}567"


def test_french_uses_a_decimal_comma() -> None:
    assert number(3.25, "fr", 2) == "3,25"


def test_french_percent_has_a_no_break_space_before_the_sign() -> None:
    assert percent(0.29, "fr") == f"29{NBSP}%"


def test_english_percent_is_tight_with_comma_thousands() -> None:
    assert percent(0.061, "en") == "6.1%" and number(1412, "en") == "1,412"


def test_small_shares_keep_one_decimal() -> None:
    assert percent(0.061, "fr") == f"6,1{NBSP}%"


def test_minutes_carry_their_unit() -> None:
    assert figure(96.4, "minutes", "fr") == f"96{NBSP}min"


def test_millions_are_abbreviated() -> None:
    assert figure(11_512_340, "amount", "fr") == f"11,5{NBSP}M"


def test_missing_value_is_a_dash_not_zero() -> None:
    assert figure(None, "count", "fr") == "–"


def test_months_are_named_in_the_language() -> None:
    assert period("2025-03", "fr") == f"mars{NBSP}2025" and period("2025-03", "en") == f"March{NBSP}2025"


def test_quarters_use_the_french_t() -> None:
    assert period("2025-Q1", "fr") == f"T1{NBSP}2025"


def test_dates_are_written_in_full() -> None:
    assert date_text("2026-06-30", "fr") == f"30{NBSP}juin{NBSP}2026"


def test_negative_numbers_use_a_true_minus_sign() -> None:
    assert number(-12, "en") == "−12"


def test_short_french_months_follow_the_usual_abbreviations() -> None:
    assert [period(f"2023-{m:02d}", "fr", short=True) for m in (6, 7, 12)] == [
        "juin\u00a02023", "juil.\u00a02023", "déc.\u00a02023"]
