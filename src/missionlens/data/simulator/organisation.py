"""The organisation's branches: where they are, what kind of territory they serve, their size."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from missionlens.data.simulator.timeline import FloatArray, IntArray

ZONES = ("urban", "rural", "mixed")
U, R, M = 0, 1, 2

# (town, zone) by region: public place names only.
TOWNS: dict[str, tuple[tuple[str, int], ...]] = {
    "Hauts-de-France": (("Lille", U), ("Roubaix", U), ("Amiens", M), ("Arras", M), ("Saint-Quentin", M),
                        ("Avesnes-sur-Helpe", R), ("Lens", U), ("Calais", M), ("Hirson", R)),
    "Île-de-France": (("Saint-Denis", U), ("Paris 19e", U), ("Créteil", U), ("Argenteuil", U),
                      ("Évry-Courcouronnes", U), ("Mantes-la-Jolie", U), ("Meaux", M), ("Nemours", R)),
    "Auvergne-Rhône-Alpes": (("Lyon", U), ("Vénissieux", U), ("Grenoble", U), ("Saint-Étienne", U),
                             ("Clermont-Ferrand", M), ("Aurillac", R), ("Le Puy-en-Velay", R),
                             ("Annonay", R), ("Valence", M)),
    "Provence-Alpes-Côte d'Azur": (("Marseille", U), ("Nice", U), ("Toulon", U), ("Avignon", M),
                                   ("Digne-les-Bains", R), ("Gap", R), ("Arles", M)),
    "Occitanie": (("Toulouse", U), ("Montpellier", U), ("Nîmes", M), ("Perpignan", M), ("Béziers", M),
                  ("Rodez", R), ("Mende", R), ("Foix", R), ("Tarbes", M)),
    "Nouvelle-Aquitaine": (("Bordeaux", U), ("Limoges", M), ("Poitiers", M), ("Pau", M), ("Guéret", R),
                           ("Périgueux", R), ("La Rochelle", M), ("Mont-de-Marsan", R)),
    "Grand Est": (("Strasbourg", U), ("Mulhouse", U), ("Metz", U), ("Reims", M), ("Charleville-Mézières", M),
                  ("Épinal", R), ("Chaumont", R), ("Troyes", M)),
    "Bretagne": (("Rennes", U), ("Brest", M), ("Lorient", M), ("Saint-Brieuc", M), ("Carhaix", R),
                 ("Pontivy", R)),
    "Normandie": (("Rouen", U), ("Le Havre", U), ("Caen", M), ("Évreux", M), ("Alençon", R), ("Flers", R)),
    "Pays de la Loire": (("Nantes", U), ("Angers", M), ("Le Mans", M), ("Saint-Nazaire", M),
                         ("La Roche-sur-Yon", R), ("Laval", R)),
    "Bourgogne-Franche-Comté": (("Dijon", M), ("Besançon", M), ("Chalon-sur-Saône", M), ("Nevers", R),
                                ("Montbard", R), ("Belfort", M)),
    "Centre-Val de Loire": (("Tours", M), ("Orléans", M), ("Bourges", R), ("Blois", R), ("Vierzon", R),
                            ("Châteauroux", R)),
    "Corse": (("Ajaccio", M), ("Bastia", M), ("Corte", R)),
}


@dataclass(frozen=True)
class Branches:
    ids: list[str]
    names: list[str]
    regions: list[str]
    zones: IntArray  # index into ZONES
    weights: FloatArray  # share of the organisation's activity, sums to 1

    @property
    def count(self) -> int:
        return len(self.ids)


def build_branches(rng: np.random.Generator, size: float, lang: str) -> Branches:
    """About 4 branches in one region at size 1, about 125 in every region at size 100."""
    n_regions = int(np.clip(round(1 + 4 * math.log10(max(size, 1.0))), 1, len(TOWNS)))
    n_branches = max(2, int(round(4 * size**0.75)))
    region_names = list(TOWNS)
    first = int(rng.integers(len(region_names)))
    chosen = [region_names[(first + k) % len(region_names)] for k in range(n_regions)]
    per_region = np.bincount(np.arange(n_branches) % n_regions, minlength=n_regions)
    names: list[str] = []
    regions: list[str] = []
    zones: list[int] = []
    for region, count in zip(chosen, per_region.tolist(), strict=True):
        towns = TOWNS[region]
        for k in range(count):
            town, zone = towns[k % len(towns)]
            round_no = k // len(towns)
            label = town if round_no == 0 else f"{town} {round_no + 1}"
            names.append(f"Antenne de {label}" if lang == "fr" else f"{label} branch")
            regions.append(region)
            zones.append(zone)
    zone_arr = np.array(zones, dtype=np.int64)
    weights = rng.lognormal(0.0, 0.35, n_branches) * np.where(zone_arr == U, 1.3, 1.0)
    width = max(2, len(str(n_branches)))
    ids = [f"AG{k + 1:0{width}d}" for k in range(n_branches)]
    return Branches(ids, names, regions, zone_arr, weights / weights.sum())
