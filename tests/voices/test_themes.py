from __future__ import annotations

import pandas as pd

from missionlens.voices import Lemmatiser, find_themes
from missionlens.voices.texts import plain
from tests.voices.builders import french_notes, kiva


def test_hand_written_french_notes_give_their_three_themes_with_seed_labels(lemmatiser: Lemmatiser) -> None:
    model = find_themes(french_notes(), k=3, lemmatiser=lemmatiser)
    assert {t.key for t in model.themes} == {"pressure", "over_indebtedness", "family_health"}
    assert model.theme("pressure").label.fr == "Pression et objectifs chiffrés"


def test_every_note_belongs_to_the_theme_it_was_written_for(lemmatiser: Lemmatiser) -> None:
    texts = french_notes()
    model = find_themes(texts, k=3, lemmatiser=lemmatiser)
    keys = [model.themes[i].key for i in model.assignment]
    assert keys[:6] == ["pressure"] * 6 and keys[6:12] == ["over_indebtedness"] * 6


def test_a_theme_carries_its_top_terms_and_quotes(lemmatiser: Lemmatiser) -> None:
    theme = find_themes(french_notes(), k=3, lemmatiser=lemmatiser).theme("over_indebtedness")
    assert "échéance" in theme.terms and "surendettement" in theme.terms
    assert theme.count == 6 and len(theme.quotes) == 3 and theme.quotes[0].period == "2024-03"


def test_a_corpus_without_content_words_has_no_theme(lemmatiser: Lemmatiser) -> None:
    model = find_themes(plain(["Oui.", "Non, et toi ?", "Ok"]), lemmatiser=lemmatiser)
    assert model.themes == () and model.assignment == (-1, -1, -1)


def test_kiva_repayment_comments_give_a_recognisable_repayments_theme(lemmatiser: Lemmatiser) -> None:
    comments = pd.read_csv(kiva() / "payments.csv")["comment"].dropna().head(1200).tolist()
    model = find_themes(plain(comments), lemmatiser=lemmatiser)
    repayments = model.theme("repayment")
    assert repayments.label.en == "Repayments" and {"payment", "repayment"} <= set(repayments.terms)


def test_kiva_borrower_stories_give_farming_and_trade_themes(lemmatiser: Lemmatiser) -> None:
    stories = pd.read_csv(kiva() / "loans.csv")["description_en"].dropna().tolist()
    keys = {t.key for t in find_themes(plain(stories), lemmatiser=lemmatiser).themes}
    assert {"farming_livestock", "trade_and_sales"} <= keys


def test_no_name_of_a_kiva_borrower_town_is_a_top_term(lemmatiser: Lemmatiser) -> None:
    stories = pd.read_csv(kiva() / "loans.csv")["description_en"].dropna().tolist()
    terms = {term for t in find_themes(plain(stories), lemmatiser=lemmatiser).themes for term in t.terms}
    assert not terms & {"kampala", "phnom", "penh", "guayaquil", "salaam"}
