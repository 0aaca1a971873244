"""Small builders for the voices tests: hand-written French field notes, Kiva texts, answers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np

from missionlens.voices import FeedbackAnswer, VoiceText
from tests.convert.shared_data import shared_data

def kiva() -> Path:
    """The Kiva snapshot of the shared data: a skip where it is absent, a failure under CI."""
    return shared_data("kiva-api-2005-2006")


# Written for these tests in the style of real field notes (not taken from any data set).
FRENCH_NOTES: dict[str, tuple[str, ...]] = {
    "pressure": (
        "Encore une réunion sur les objectifs chiffrés, la direction veut plus de dossiers décaissés ce mois-ci.",
        "On nous demande d'accélérer : objectif de quinze dossiers par conseiller, on court partout.",
        "Le tableau de bord ne compte que le nombre de prêts décaissés, rien sur les clients.",
        "Pression de la direction sur les chiffres du trimestre, je priorise les dossiers faciles.",
        "Point objectifs du mois : on est en retard sur le chiffre, réunion tendue avec la direction.",
        "Les objectifs de décaissement ont encore augmenté, je ne reconnais plus le métier.",
    ),
    "arrears": (
        "Trois échéances en retard, elle n'ose plus répondre au téléphone, risque de surendettement.",
        "Il cumule loyer en retard et échéances impayées, on envisage un rééchelonnement.",
        "Alerte impayés : deux échéances en retard depuis la panne du camion, report proposé.",
        "Elle a pris un crédit à la consommation pour payer nos échéances, situation de surendettement.",
        "Échéances impayées depuis deux mois, orientation vers le point conseil budget.",
        "Retard de paiement sur trois échéances, dette de loyer en plus, dossier de surendettement.",
    ),
    "family": (
        "Son fils est malade, elle passe ses journées à l'hôpital et le commerce est fermé.",
        "Décès du mari en mars, elle reprend seule l'activité avec ses enfants.",
        "Les enfants aident au marché le samedi, la famille tient bon malgré la maladie du père.",
        "Problème de santé du conjoint, hospitalisation, la famille est inquiète.",
        "Elle garde ses petits-enfants, la santé de sa mère l'inquiète beaucoup.",
        "Maladie de l'enfant, rendez-vous à l'hôpital chaque semaine, la famille s'organise.",
    ),
}


def french_notes(role: str = "staff") -> list[VoiceText]:
    return [VoiceText(text, dt.date(2024, 3, 1 + i), role) for i, texts in enumerate(FRENCH_NOTES.values())
            for text in texts]


def answer(recommend: int | None = None, life: str | None = None, **segments: str) -> FeedbackAnswer:
    return FeedbackAnswer(dt.date(2024, 5, 1), recommend, life, dict(segments))


def rising_notes(months: int, start: int, per_month: int, before: float, after: float, seed: int) -> list[VoiceText]:
    """Staff notes from January 2021: a share `before` speak of pressure, then `after` from month `start`."""
    rng = np.random.default_rng(seed)
    ordinary = [t for key, texts in FRENCH_NOTES.items() if key != "pressure" for t in texts]
    out = []
    for month in range(months):
        day = dt.date(2021 + month // 12, month % 12 + 1, 10)
        share = after if month >= start else before
        for _ in range(per_month):
            bank = FRENCH_NOTES["pressure"] if rng.random() < share else ordinary
            out.append(VoiceText(bank[int(rng.integers(len(bank)))], day, "staff"))
    return out
