from __future__ import annotations

import pytest

from missionlens.voices import Lemmatiser


def test_french_words_are_lemmatised_without_stop_words(lemmatiser: Lemmatiser) -> None:
    [lemmas] = lemmatiser.lemmas(["Les conseillers sont débordés par les dossiers décaissés."], ["fr"])
    assert lemmas == ("conseiller", "déborder", "dossier", "décaisser")


def test_english_words_are_lemmatised_with_the_lookup_table(lemmatiser: Lemmatiser) -> None:
    [lemmas] = lemmatiser.lemmas(["The women repaid their loans and bought cows."], ["en"])
    assert lemmas == ("woman", "repay", "loan", "buy", "cow")


def test_names_written_with_a_capital_inside_sentences_are_dropped(lemmatiser: Lemmatiser) -> None:
    found = lemmatiser.lemmas(["She met Rosa at the market.", "The market in Kampala is busy."], ["en", "en"])
    assert all("rosa" not in lemmas and "kampala" not in lemmas for lemmas in found)
    assert "market" in found[0]


@pytest.mark.slow
def test_the_french_model_lemmatises_by_part_of_speech() -> None:
    [lemmas] = Lemmatiser("model").lemmas(["Les visites de suivi raccourcissent."], ["fr"])
    assert "visite" in lemmas and "raccourcir" in lemmas


def test_texts_and_languages_must_pair_up(lemmatiser: Lemmatiser) -> None:
    with pytest.raises(ValueError, match="2 texts but 1 languages"):
        lemmatiser.lemmas(["a", "b"], ["fr"])
