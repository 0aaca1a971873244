from __future__ import annotations

from missionlens.voices import pseudonymise
from missionlens.voices.quotes import shorten


def test_a_store_pseudonym_never_appears_in_a_quote() -> None:
    assert pseudonymise("Vu b_3fa1c2d4e5f60718 ce matin.") == "Vu [id] ce matin."


def test_raw_identifiers_given_by_the_caller_are_removed() -> None:
    assert pseudonymise("Dossier de 48213-A revu.", identifiers=["48213-A"]) == "Dossier de [id] revu."


def test_identifier_like_codes_phones_and_mails_are_removed() -> None:
    text = pseudonymise("Client N000123, tél. 06 12 34 56 78, mail jo@exemple.fr")
    assert text == "Client [id], tél. [id], mail [id]"


def test_names_given_by_the_caller_are_replaced() -> None:
    assert pseudonymise("Rosa sells vegetables.", names=["Rosa"]) == "[nom] sells vegetables."


def test_amounts_and_dates_are_kept() -> None:
    text = "Prêt de 1 500 euros décaissé le 2023-07-15, 3 enfants."
    assert pseudonymise(text) == text


def test_a_long_quote_is_cut_at_a_word_with_an_ellipsis() -> None:
    assert shorten("un deux trois quatre", limit=12) == "un deux…"
