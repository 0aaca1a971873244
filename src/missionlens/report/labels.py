"""The report's words and number formats, in French and English (GLOSSARY.md for the field's terms).

Numbers are never shown bare: the templates put every figure beside its n, its period and a
link to its card; this module only writes each figure the way a reader of that language
expects (French: decimal comma, narrow no-break space between thousands, "29 %").
"""

from __future__ import annotations

import math
from typing import Literal

Lang = Literal["fr", "en"]

NNBSP = "\u202f"  # narrow no-break space: French thousands separator
NBSP = "\u00a0"  # no-break space: before % and units in French

# Abbreviations as the languages' typography writes them (Imprimerie nationale for French).
SHORT_MONTHS: dict[Lang, tuple[str, ...]] = {
    "fr": ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}

MONTHS: dict[Lang, tuple[str, ...]] = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
           "octobre", "novembre", "décembre"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}

TEXT: dict[Lang, dict[str, str]] = {
    "fr": {
        "report": "Revue de la mission",
        "period": "Période",
        "data_version": "Version des données",
        "imported": "importée le",
        "generated": "Revue produite le",
        "contents": "Sommaire",
        "overview": "Vue d’ensemble",
        "overview_lead": "Ce que la période raconte : des questions à se poser, pas des verdicts.",
        "findings": "Ce que les détecteurs ont vu",
        "findings_not_run": "Les détecteurs de dérive, de tension et de silence n’ont pas encore été exécutés sur "
        "ces données. Cette revue ne signale donc aucune alerte : l’absence d’alerte ici ne veut pas dire "
        "qu’il n’y a rien à voir. Lisez chaque courbe avec sa fiche.",
        "findings_none": "Les détecteurs n’ont relevé aucun changement net sur la période. Lisez tout de même "
        "chaque courbe avec sa fiche : un détecteur ne voit que ce qu’on lui donne.",
        "mission_at_a_glance": "La mission, dimension par dimension",
        "key_figures": "Chiffres clés",
        "indicator": "Indicateur",
        "latest": "Dernière valeur",
        "trend": "Tendance",
        "trend_note": "Tendance : moyenne des trois derniers mois comparée aux mêmes mois un an plus tôt "
        "(les parts en points ; → : écart de moins de 5 %).",
        "partial": "mois incomplet : données jusqu’au {day}",
        "no_data_short": "aucune donnée sur la période (ce n’est pas zéro)",
        "pressure_title": "Où pèse la pression",
        "pressure_lead": "Les objectifs fixés et ce qui en dépend.",
        "no_targets": "Aucun objectif n’est fixé dans la mission.",
        "targets_in": "objectif(s)",
        "no_target_here": "aucun objectif",
        "silences_title": "Zones de silence",
        "silence_status": "état",
        "silence_numbers": "chiffres",
        "silence_evidence": "preuves",
        "silence_last": "dernière preuve",
        "silences_not_run": "La carte des silences (ce qu’aucun chiffre ni aucune voix ne couvre) sera dressée "
        "par les détecteurs, qui n’ont pas encore été exécutés.",
        "dimension": "Dimension",
        "standards": "Normes universelles (SPTF/Cerise)",
        "alerts_here": "Signaux dans cette dimension",
        "also_here": "À lire aussi dans cette dimension",
        "see_card": "voir la fiche",
        "definition": "définition",
        "hides": "Ce que ce chiffre ne montre pas",
        "perverse": "Effets pervers s’il devient un objectif",
        "read_with": "À lire avec",
        "use": "Usage",
        "status": "Statut",
        "review_by": "à revoir avant le",
        "defined_with": "Définie avec",
        "card_version": "version",
        "target": "Objectif",
        "pressure": "pression",
        "set_by": "fixé par",
        "per": "par",
        "interval": "IC 95 %",
        "too_few": "trop peu pour conclure",
        "too_few_legend": "point creux : trop peu de cas pour conclure",
        "start_window_legend": "zone ombrée : les débuts que les chiffres permettent",
        "no_data": "Pas de données pour cet indicateur sur la période : les tables nécessaires n’ont pas été "
        "fournies ou sont vides. Ce n’est pas zéro.",
        "no_value": "pas de valeur",
        "change_point": "changement",
        "band_legend": "bande : intervalle de confiance à 95 % (Wilson)",
        "annex": "Annexe : méthodes",
        "annex_lead": "Comment chaque chiffre de cette revue a été obtenu.",
        "definitions": "Définitions des indicateurs",
        "unit": "Unité",
        "rules": "Règles de calcul",
        "rule_null": "Une période sans donnée est vide (null), jamais zéro par défaut.",
        "rule_min_n": "Une valeur calculée sur moins de {min_n} cas est marquée « trop peu pour conclure » "
        "et dessinée en point creux.",
        "rule_wilson": "Les parts portent un intervalle de confiance à {confidence} % de Wilson "
        "(Wilson, 1927), plus fiable que l’intervalle normal pour les petits effectifs et les parts "
        "proches de 0 ou de 1.",
        "rule_n": "n est le dénominateur de la valeur (ou le nombre d’unités derrière un total).",
        "rule_periods": "Les périodes sont des mois civils ; les trimestres et les années agrègent les mois.",
        "data": "Les données",
        "first_month": "Premier mois",
        "last_month": "Dernier mois",
        "data_end": "Fin des données",
        "table": "Table",
        "rows": "Lignes",
        "sources": "Fichiers sources",
        "file": "Fichier",
        "dialect": "Format",
        "sha256": "Empreinte SHA-256",
        "warnings": "Avertissements à l’import",
        "core": "indicateur de base",
        "other_indicators": "Autres indicateurs",
        "other_indicators_desc": "Indicateurs rattachés à aucune dimension de cette mission.",
        "page": "page",
        "question": "À se demander",
        "confidence": "confiance",
        "since": "depuis",
        "tensions_title": "Tensions",
        "n": "n",
        "story_title": "Ce que la période raconte",
        "story_lead": "Chaque constat est daté et appuyé sur les chiffres et le nombre de cas qui le portent. "
        "C’est une question à poser à l’équipe et aux personnes accompagnées, pas un verdict.",
        "story_as_of": "Signaux lus jusqu’à {month} sur {tested} séries ; faux positifs contrôlés "
        "(Benjamini-Hochberg, {alpha} %).",
        "story_details": "Les constats en détail",
        "theme_tensions": "Les volumes montent, la qualité cède",
        "theme_accompaniment": "L’accompagnement s’amenuise",
        "theme_outreach": "Le public de la mission s’éloigne",
        "theme_protection": "Protection : impayés et surendettement",
        "theme_work": "Le travail humain sous pression",
        "theme_voice": "Ce que disent les personnes",
        "theme_other": "Autres changements",
        "story_tensions": "{volumes} en hausse ; en face, la qualité cède : {qualities}.",
        "and_more": "(et {n} autre(s))",
        "kind_drift": "dérive",
        "kind_tension": "tension",
        "kind_outreach": "public",
        "kind_workload": "charge de travail",
        "kind_voice": "parole",
        "lag": "décalage de {months} mois",
        "volume_side": "Volume",
        "quality_side": "Qualité",
        "why": "Pourquoi c’est une tension",
        "notes_pressure": "Part des notes de l’équipe qui disent la pression ou le manque de temps",
        "notes_pressure_desc": "Notes du personnel, des bénévoles et des responsables qui contiennent une "
        "expression de pression ou de manque de temps (« débordé », « pas le temps », « à la chaîne », "
        "« quota »…), sur les notes du mois. Un lexique simple, pas une analyse du texte.",
        "silence_lead": "Pour chaque dimension, sur les douze derniers mois : les indicateurs qui ont des "
        "données, les preuves de terrain (notes, avis, récits) par voix, et la plus récente. Zone de silence : "
        "ni chiffre ni voix ; peu documenté : des chiffres sans voix, ou une voix seule ; couvert : des chiffres "
        "et au moins trois preuves de deux voix différentes.",
        "silence_numbers_long": "indicateurs avec données",
        "silence_evidence_long": "preuves de terrain (12 mois), par voix",
        "attention_title": "L’équilibre de l’attention",
        "attention_lead": "Où pèsent les objectifs chiffrés, avec quelle pression, et à quoi servent les "
        "indicateurs selon leur fiche.",
        "attention_indicators": "indicateurs",
        "attention_targets": "objectifs",
        "attention_uses": "usages déclarés",
        "volume_only": "Tous les objectifs portent sur des volumes : c’est la situation dans laquelle l’étude "
        "a vu l’accompagnement négligé.",
        "gap_title": "Refusés et servis",
        "too_short": "Séries trop courtes pour conclure",
        "signals_not_here": "Aucun signal sur cet indicateur.",
    },
    "en": {
        "report": "Mission review",
        "period": "Period",
        "data_version": "Data version",
        "imported": "imported on",
        "generated": "Review produced on",
        "contents": "Contents",
        "overview": "Overview",
        "overview_lead": "What the period says: questions to ask, not verdicts.",
        "findings": "What the detectors saw",
        "findings_not_run": "The drift, tension and silence detectors have not been run on this data yet. "
        "This review therefore raises no alert: no alert here does not mean there is nothing to see. "
        "Read each chart with its card.",
        "findings_none": "The detectors found no clear change over the period. Still read each chart with its "
        "card: a detector only sees what it is given.",
        "mission_at_a_glance": "The mission, dimension by dimension",
        "key_figures": "Key figures",
        "indicator": "Indicator",
        "latest": "Latest value",
        "trend": "Trend",
        "trend_note": "Trend: mean of the last three months against the same months a year earlier "
        "(shares in points; →: less than 5% apart).",
        "partial": "incomplete month: data to {day}",
        "no_data_short": "no data over the period (this is not zero)",
        "pressure_title": "Where the pressure sits",
        "pressure_lead": "The targets set, and what rides on them.",
        "no_targets": "The mission sets no target.",
        "targets_in": "target(s)",
        "no_target_here": "no target",
        "silences_title": "Silences",
        "silence_status": "status",
        "silence_numbers": "numbers",
        "silence_evidence": "evidence",
        "silence_last": "latest evidence",
        "silences_not_run": "The silence map (what no number and no voice covers) will be drawn by the "
        "detectors, which have not been run yet.",
        "dimension": "Dimension",
        "standards": "Universal Standards (SPTF/Cerise)",
        "alerts_here": "Signals in this dimension",
        "also_here": "Also read in this dimension",
        "see_card": "see the card",
        "definition": "definition",
        "hides": "What this number does not show",
        "perverse": "Perverse effects if it becomes a target",
        "read_with": "Read it with",
        "use": "Use",
        "status": "Status",
        "review_by": "review by",
        "defined_with": "Defined with",
        "card_version": "version",
        "target": "Target",
        "pressure": "pressure",
        "set_by": "set by",
        "per": "per",
        "interval": "95% CI",
        "too_few": "too few to say",
        "too_few_legend": "hollow point: too few cases to say",
        "start_window_legend": "shaded: the starts the figures allow",
        "no_data": "No data for this indicator over the period: the tables it needs were not given or are "
        "empty. This is not zero.",
        "no_value": "no value",
        "change_point": "change",
        "band_legend": "band: 95% confidence interval (Wilson)",
        "annex": "Annex: methods",
        "annex_lead": "How each number of this review was obtained.",
        "definitions": "Indicator definitions",
        "unit": "Unit",
        "rules": "Rules",
        "rule_null": "A period without data is empty (null), never zero by default.",
        "rule_min_n": "A value computed on fewer than {min_n} cases is marked \"too few to say\" and drawn "
        "as a hollow point.",
        "rule_wilson": "Shares carry a {confidence}% Wilson interval (Wilson, 1927), more reliable than the "
        "normal interval for small counts and for shares near 0 or 1.",
        "rule_n": "n is the value's denominator (or the number of units behind a total).",
        "rule_periods": "Periods are calendar months; quarters and years aggregate the months.",
        "data": "The data",
        "first_month": "First month",
        "last_month": "Last month",
        "data_end": "End of data",
        "table": "Table",
        "rows": "Rows",
        "sources": "Source files",
        "file": "File",
        "dialect": "Format",
        "sha256": "SHA-256 fingerprint",
        "warnings": "Import warnings",
        "core": "core indicator",
        "other_indicators": "Other indicators",
        "other_indicators_desc": "Indicators tied to no dimension of this mission.",
        "page": "page",
        "question": "To ask",
        "confidence": "confidence",
        "since": "since",
        "tensions_title": "Tensions",
        "n": "n",
        "story_title": "What the period says",
        "story_lead": "Every finding is dated and rests on the figures and the number of cases behind them. "
        "It is a question to put to the team and to the people served, not a verdict.",
        "story_as_of": "Signals read up to {month} over {tested} series; false discoveries controlled "
        "(Benjamini-Hochberg, {alpha}%).",
        "story_details": "The findings in detail",
        "theme_tensions": "Volumes up, quality giving way",
        "theme_accompaniment": "Accompaniment thinning",
        "theme_outreach": "The mission's people drifting out of reach",
        "theme_protection": "Protection: arrears and over-indebtedness",
        "theme_work": "Human work under pressure",
        "theme_voice": "What people say",
        "theme_other": "Other changes",
        "story_tensions": "{volumes} up; against them, quality gives way: {qualities}.",
        "and_more": "(and {n} more)",
        "kind_drift": "drift",
        "kind_tension": "tension",
        "kind_outreach": "outreach",
        "kind_workload": "workload",
        "kind_voice": "voice",
        "lag": "{months}-month lag",
        "volume_side": "Volume",
        "quality_side": "Quality",
        "why": "Why this is a tension",
        "notes_pressure": "Share of staff notes voicing pressure or lack of time",
        "notes_pressure_desc": "Notes by staff, volunteers and managers that contain an expression of pressure "
        "or lack of time (\"overwhelmed\", \"no time\", \"rushed\", \"quota\"...), over the month's notes. A "
        "simple lexicon, not a text analysis.",
        "silence_lead": "For each dimension, over the last twelve months: the indicators with data, the field's "
        "evidence (notes, feedback, stories) by voice, and the latest. Silent: no number and no voice; thin: "
        "numbers without voices, or a single voice; covered: numbers and at least three pieces of evidence "
        "from two different voices.",
        "silence_numbers_long": "indicators with data",
        "silence_evidence_long": "field evidence (12 months), by voice",
        "attention_title": "The attention balance",
        "attention_lead": "Where the numeric targets sit, under what pressure, and what the indicators are for "
        "according to their cards.",
        "attention_indicators": "indicators",
        "attention_targets": "targets",
        "attention_uses": "declared uses",
        "volume_only": "Every target sits on a volume: the situation in which the study saw accompaniment "
        "neglected.",
        "gap_title": "Declined and served",
        "too_short": "Series too short to say",
        "signals_not_here": "No signal on this indicator.",
    },
}

WORDS: dict[Lang, dict[str, str]] = {
    "fr": {
        "none": "aucune", "internal": "pilotage interne", "funding": "financement", "pay": "rémunération",
        "learning": "apprentissage", "accountability": "redevabilité", "reward": "récompense",
        "proposed": "proposée", "adopted": "adoptée", "contested": "contestée", "retired": "retirée",
        "month": "mois", "quarter": "trimestre", "year": "an",
        "count": "nombre", "amount": "montant", "share": "part", "minutes": "minutes", "ratio": "ratio",
        "score": "score", "up": "hausse", "down": "baisse",
        "silent": "zone de silence", "thin": "peu documenté", "covered": "couvert",
        "staff": "salariés", "volunteer": "bénévoles", "borrower": "personnes accompagnées",
        "manager": "responsables", "board": "conseil", "partner": "partenaires",
    },
    "en": {
        "none": "none", "internal": "internal steering", "funding": "funding", "pay": "pay",
        "learning": "learning", "accountability": "accountability", "reward": "reward",
        "proposed": "proposed", "adopted": "adopted", "contested": "contested", "retired": "retired",
        "month": "month", "quarter": "quarter", "year": "year",
        "count": "count", "amount": "amount", "share": "share", "minutes": "minutes", "ratio": "ratio",
        "score": "score", "up": "up", "down": "down",
        "silent": "silent", "thin": "thin", "covered": "covered",
        "staff": "staff", "volunteer": "volunteers", "borrower": "borrowers",
        "manager": "managers", "board": "board", "partner": "partners",
    },
}


def text(lang: Lang, key: str, **values: object) -> str:
    return TEXT[lang][key].format(**values) if values else TEXT[lang][key]


def word(lang: Lang, key: str) -> str:
    """A controlled value (pressure, use, status, unit...) in the reader's language."""
    return WORDS[lang].get(key, key)


def number(value: float, lang: Lang, decimals: int = 0) -> str:
    """Thousands grouped and the decimal mark of the language: 1 234,5 (fr) / 1,234.5 (en)."""
    if math.isnan(value):
        return "–"
    rounded = round(value, decimals)
    if rounded == 0:
        rounded = 0.0  # never print "-0"
    body = f"{abs(rounded):,.{decimals}f}"
    sign = "−" if rounded < 0 else ""
    if lang == "fr":
        body = body.replace(",", NNBSP).replace(".", ",")
    return sign + body


def percent(value: float, lang: Lang, decimals: int | None = None) -> str:
    """A share in 0..1 as a percentage; one decimal under 10 % so that PAR30 keeps its meaning."""
    pct = 100 * value
    places = decimals if decimals is not None else (1 if abs(pct) < 10 else 0)
    return number(pct, lang, places) + (f"{NBSP}%" if lang == "fr" else "%")


def figure(value: float | None, unit: str, lang: Lang) -> str:
    """A value of an indicator, written for its unit."""
    if value is None or math.isnan(value):
        return "–"
    if unit == "share":
        return percent(value, lang)
    if unit == "minutes":
        return number(value, lang) + f"{NBSP}min"
    if unit == "amount" and abs(value) >= 1_000_000:
        millions = "M" if lang == "en" else f"{NBSP}M"
        return number(value / 1_000_000, lang, 2 if abs(value) < 10_000_000 else 1) + millions
    if unit in ("ratio", "score"):
        return number(value, lang, 0 if abs(value) >= 10 else (2 if unit == "ratio" else 1))
    return number(value, lang)


def count(value: int | None, lang: Lang) -> str:
    return "–" if value is None else number(value, lang)


def period(label: str, lang: Lang, *, short: bool = False) -> str:
    """'2025-03' → 'mars 2025' / 'March 2025'; '2025-Q1' → 'T1 2025' / 'Q1 2025'; '2025' stays."""
    if "-Q" in label:
        year, quarter = label.split("-Q")
        return f"{'T' if lang == 'fr' else 'Q'}{quarter}{NBSP}{year}"
    if len(label) == 7:
        year, month = label.split("-")
        name = (SHORT_MONTHS if short else MONTHS)[lang][int(month) - 1]
        return f"{name}{NBSP}{year}"
    return label


def date_text(iso: str, lang: Lang) -> str:
    """'2026-06-30' → '30 juin 2026' / '30 June 2026'."""
    year, month, day = iso[:10].split("-")
    return f"{int(day)}{NBSP}{MONTHS[lang][int(month) - 1]}{NBSP}{year}"
