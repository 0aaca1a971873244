from __future__ import annotations

from missionlens.voices import detect_language, languages


def test_a_french_field_note_is_french() -> None:
    assert detect_language("Visite de suivi à l'agence, la trésorerie est tendue en fin de mois.") == "fr"


def test_an_english_repayment_comment_is_english() -> None:
    assert detect_language("She repaid the second installment on time and her shop is doing well.") == "en"


def test_a_spanish_comment_is_spanish() -> None:
    assert detect_language("Pago de la segunda cuota, el negocio tiene problemas por la lluvia.") == "es"


def test_a_text_without_function_words_takes_the_majority_language() -> None:
    found = languages(["Suivi fait avec la cliente à la maison.", "RDV 12/03", "On a revu le prix de vente."])
    assert found == ("fr", "fr", "fr")
