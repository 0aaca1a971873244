"""Attention balance: where the pressure of numbers sits across the mission's dimensions.

From the mission's targets and cards (issue 4): per dimension, how many indicators it has, which
of them carry a target, under what pressure (none, internal, funding, pay: Muller 2018, the more a
number is tied to reward, the more it is gamed) and whether the cards say they serve learning,
accountability or reward. A mission whose targets all sit on volumes is flagged: that is the
situation in which the study (Drujon d'Astros, Leca, Morales 2024) saw accompaniment neglected.
Volumes are the pure volume indicators and the volume side of every declared tension.
"""

from __future__ import annotations

from collections import Counter

from missionlens.mission import Mission
from missionlens.signals import evidence
from missionlens.signals.findings import AttentionBalance, DimensionAttention, Text
from missionlens.signals.series import VOLUME_KEYS


def volume_indicators(mission: Mission) -> frozenset[str]:
    return VOLUME_KEYS | {t.volume for t in mission.tensions}


def attention_balance(mission: Mission) -> AttentionBalance:
    keys = mission.indicator_keys
    volumes = volume_indicators(mission)
    rows: list[DimensionAttention] = []
    for dim in mission.dimensions:
        members = [k for k in keys if dim in mission.dimensions_of(k)]
        targets = [t for t in mission.targets if t.indicator in members]
        uses: Counter[str] = Counter()
        for key in members:
            card = mission.cards.get(key)
            if card is not None:
                uses[card.use] += 1
        for target in targets:
            if target.use is not None:
                uses[target.use] += 1
        rows.append(DimensionAttention(
            dimension=dim,
            indicators=len(members),
            targeted=tuple(dict.fromkeys(t.indicator for t in targets)),
            pressures=dict(Counter(t.pressure for t in targets)),
            uses=dict(uses),
        ))
    total = len(mission.targets)
    on_volumes = sum(1 for t in mission.targets if t.indicator in volumes)
    volume_only = total > 0 and on_volumes == total
    untargeted = tuple(r.dimension for r in rows if not r.targeted)
    if total == 0:
        words = Text("Aucun objectif chiffré n'est déclaré.", "No numeric target is declared.")
    elif volume_only:
        names = sorted({t.indicator for t in mission.targets})
        fr_names = ", ".join(evidence.title(mission, k).fr for k in names)
        en_names = ", ".join(evidence.title(mission, k).en for k in names)
        words = Text(
            f"Tous les objectifs ({total}) portent sur des volumes ({fr_names}) : rien ne tient la qualité de "
            "l'accompagnement, la protection ou la parole des personnes face à cette pression.",
            f"All {total} targets sit on volumes ({en_names}): nothing holds the quality of accompaniment, "
            "protection or people's voice against that pressure.",
        )
    else:
        words = Text(
            f"{on_volumes} objectif(s) sur {total} portent sur des volumes ; "
            f"{len(untargeted)} dimension(s) sans objectif.",
            f"{on_volumes} of {total} targets sit on volumes; {len(untargeted)} dimension(s) have no target.",
        )
    return AttentionBalance(tuple(rows), total, on_volumes, volume_only, untargeted, words)
