from __future__ import annotations

from missionlens.signals.evidence import change_sentence, per_units, timing_sentence
from missionlens.signals.findings import Text


def test_a_gradual_change_of_a_plural_name_reads_without_a_verb_to_agree() -> None:
    name = per_units(Text("Séances de crise", "Crisis sessions"), Text("Emprunteurs en cours", "Active borrowers"), 100)
    words = change_sentence(name, "rate", "up", 1.56, 2.61, "2023-04", "month", 4044, "crisis_sessions", gradual=True)
    assert words.en == ("Crisis sessions per 100 active borrowers: rising gradually since April 2023, from 1.56 to "
                        "2.61; 4,044 sessions behind these figures.")
    assert words.fr == ("Séances de crise pour 100 emprunteurs en cours : monte progressivement depuis avril 2023, "
                        "de 1,56 à 2,61 ; 4\u202f044 rendez-vous derrière ces chiffres.")


def _names(*words: str) -> list[Text]:
    return [Text(f"Part {w}", f"Share {w}") for w in words]


def test_the_timing_says_which_starts_the_figures_allow() -> None:
    words = timing_sentence(("2023-03", "2024-06"), [], "month")
    assert words == Text("Ses chiffres situent le début entre mars 2023 et juin 2024.",
                         "Its figures place the start between March 2023 and June 2024.")
    assert timing_sentence(("2023-03", "2023-03"), [], "month") is None


def test_a_shared_start_names_a_few_indicators_and_counts_the_rest() -> None:
    two = timing_sentence(("2023-03", "2023-03"), _names("women", "unbanked"), "month")
    assert two is not None
    assert two.en == "Dated at the start it shares with share women and share unbanked."
    assert two.fr == "Daté au début qu'il partage avec part women et part unbanked."
    six = timing_sentence(("2022-01", "2023-05"), _names("a", "b", "c", "d", "e", "f"), "month")
    assert six is not None
    assert six.en == ("Dated at the start it shares with share a, share b and 4 other indicators; its own figures "
                      "place that start between January 2022 and May 2023.")
    assert "part a, part b et 4 autres indicateurs ; ses propres chiffres situent ce début entre janvier 2022" in six.fr
