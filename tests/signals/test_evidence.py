from __future__ import annotations

from missionlens.signals.evidence import change_sentence, per_units
from missionlens.signals.findings import Text


def test_a_gradual_change_of_a_plural_name_reads_without_a_verb_to_agree() -> None:
    name = per_units(Text("Séances de crise", "Crisis sessions"), Text("Emprunteurs en cours", "Active borrowers"), 100)
    words = change_sentence(name, "rate", "up", 1.56, 2.61, "2023-04", "month", 4044, "crisis_sessions", gradual=True)
    assert words.en == ("Crisis sessions per 100 active borrowers: rising gradually since April 2023, from 1.56 to "
                        "2.61; 4,044 sessions behind these figures.")
    assert words.fr == ("Séances de crise pour 100 emprunteurs en cours : monte progressivement depuis avril 2023, "
                        "de 1,56 à 2,61 ; 4\u202f044 rendez-vous derrière ces chiffres.")
