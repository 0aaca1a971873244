"""The network review's words, in French and English; numbers are written by report.labels."""

from __future__ import annotations

from missionlens.network.institutions import IndicatorKey
from missionlens.report.labels import NBSP, Lang, number, percent

NAMES: dict[Lang, dict[IndicatorKey, str]] = {
    "fr": {
        "depth": "Profondeur de la portée (prêt moyen / revenu par habitant)",
        "women_share": "Part des femmes parmi les emprunteurs",
        "par30": "Portefeuille à risque à 30 jours (PAR30)",
        "active_borrowers": "Emprunteurs actifs (étendue)",
        "average_loan_balance": "Encours moyen par emprunteur (USD)",
    },
    "en": {
        "depth": "Depth of outreach (average loan / income per capita)",
        "women_share": "Women among borrowers",
        "par30": "Portfolio at risk over 30 days (PAR30)",
        "active_borrowers": "Active borrowers (breadth)",
        "average_loan_balance": "Average loan balance per borrower (USD)",
    },
}
SHORT: dict[Lang, dict[IndicatorKey, str]] = {
    "fr": {"depth": "profondeur", "women_share": "part des femmes", "par30": "PAR30",
           "active_borrowers": "emprunteurs actifs", "average_loan_balance": "encours moyen"},
    "en": {"depth": "depth", "women_share": "women share", "par30": "PAR30",
           "active_borrowers": "active borrowers", "average_loan_balance": "average loan"},
}

TEXT: dict[Lang, dict[str, str]] = {
    "fr": {
        "title": "Revue du réseau",
        "lead": "Les institutions suivies ensemble, année par année : la profondeur de leur portée, leur étendue, "
        "la part des femmes et le risque du portefeuille. Une alerte est une question à poser, pas un verdict.",
        "source": "Panel", "years": "Années", "institutions": "Institutions", "generated": "Revue produite le",
        "caveats_title": "À lire avant les chiffres",
        "caveat_income": "La profondeur divise le prêt moyen par le {measure} par habitant du pays{proxy}.",
        "caveat_proxy": " : le PIB remplace le RNB, absent de la source, et il est en dollars constants de 2010 "
        "quand les prêts sont en dollars courants",
        "caveat_carried": "{share} des valeurs répètent exactement celles de l’année précédente (part des femmes : "
        "{women}). Ce peut être une copie faite par qui a assemblé le panel : ces valeurs sont signalées, écartées "
        "des tests de dérive et jamais lues comme de la stabilité.",
        "caveat_alert": "Une alerte dit qu’un niveau a changé plus que le hasard ne l’explique, avec une confiance "
        "contrôlée sur tout le réseau (Benjamini-Hochberg). Elle ne dit pas pourquoi : transformation en société "
        "commerciale, nouveau produit, changement de méthode comptable ou erreur de saisie.",
        "caveat_short": "{n} institutions ont moins de {min} années observées sur chaque indicateur : trop court "
        "pour dire quoi que ce soit de leur trajectoire.",
        "network_title": "Le réseau année par année",
        "network_lead": "Médiane (trait) et quartiles (bande) sur les institutions présentes chaque année ; les "
        "années à moins de {thin} institutions sont en pointillés.",
        "institutions_per_year": "Institutions présentes par année",
        "pooled": "Prêt moyen du secteur (portefeuille total / emprunteurs totaux)",
        "decomposition_title": "Dérive des institutions ou changement de composition ?",
        "decomposition_lead": "Variation de la moyenne du réseau entre deux années, séparée entre les institutions "
        "présentes les deux années (intra) et les entrées et sorties du panel (composition).",
        "from_to": "De → à", "change": "Variation", "within": "Intra", "composition": "Composition",
        "stayers": "présentes les deux années", "entrants": "entrées", "leavers": "sorties",
        "status_title": "ONG, IFNB et banques",
        "status_lead": "Chaque institution compte une fois, par la médiane de ses années.",
        "legal_status": "Statut", "median": "Médiane", "ngo_vs": "ONG contre IFNB et banques",
        "test": "test de Mann-Whitney", "ngo": "ONG", "commercial": "IFNB et banques",
        "depth_by_status": "Profondeur médiane par statut", "women_by_status": "Part des femmes médiane par statut",
        "ranking_title": "Institutions classées par force des signes de dérive",
        "ranking_lead": "Seuls les changements contraires à la mission sont classés : profondeur en hausse, part "
        "des femmes en baisse, PAR30 en hausse. Les {shown} premières sur {total}.",
        "ranking_none": "Aucune institution ne montre de changement contraire à la mission assez net pour "
        "survivre au contrôle des fausses découvertes sur tout le réseau.",
        "rank": "Rang", "institution": "Institution", "country": "Pays", "what": "Ce qui a changé",
        "confidence": "confiance", "caveats": "Réserves",
        "network_alerts_title": "Le réseau dans son ensemble",
        "network_alerts_none": "Les médianes du réseau ne montrent aucun changement net.",
        "methods_title": "Méthodes",
        "methods": "Tests : ceux du paquet signals (saut ou rampe de trois ans contre un niveau constant, "
        "statistique sup-F, valeur p par bootstrap paramétrique), sur au moins {min} années observées, trois avant "
        "un changement et deux après ; chaque année pèse autant ; profondeur en logarithme. Les valeurs reportées "
        "sont écartées. Fausses découvertes contrôlées sur les {tested} séries testées du réseau (q ≤ 0,05). "
        "Décomposition : intra = variation de la moyenne des institutions présentes les deux années ; "
        "composition = le reste. Détails : docs/network.md.",
        "gradual": "progressivement", "step": "d’un coup",
        "evidence": "{name} : de {before} à {after} à partir de {start} ({shape}) ; {points} années "
        "observées{left}.",
        "left_out": ", {n} valeur(s) reportée(s) écartée(s)",
        "network_evidence": "La médiane du réseau ({name}) est passée de {before} à {after} à partir de {start} "
        "({shape}) ; la composition du panel change aussi (voir la décomposition).",
        "caveat_status_change": "statut changé : {statuses}",
        "caveat_gaps": "années manquantes dans la série",
        "caveat_few": "seulement {n} années observées",
        "caveat_carried_i": "{n} valeur(s) reportée(s) écartée(s) ({what})",
        "none": "–",
        "up": "hausse", "down": "baisse",
        "carried_title": "Valeurs reportées d’une année sur l’autre",
        "carried_lead": "Valeurs identiques à celles de l’année précédente de la même institution. Elles restent "
        "dans les niveaux (c’est le dernier chiffre connu) mais jamais dans les tendances.",
        "values": "Valeurs", "carried": "Reportées",
        "findings_title": "Ce que les détecteurs ont vu",
        "summary_ranked": "{n} institutions sur {total} montrent un changement contraire à la mission "
        "(profondeur en hausse : {depth} ; part des femmes en baisse : {women} ; PAR30 en hausse : {par}). "
        "En tête : {first}.",
        "summary_none": "Aucune institution ne montre de changement contraire à la mission assez net.",
        "summary_compare": "Médianes par institution : profondeur {ngo_depth} pour les ONG contre {com_depth} pour "
        "les IFNB et banques ; part des femmes {ngo_women} contre {com_women}.",
    },
    "en": {
        "title": "Network review",
        "lead": "The institutions followed together, year by year: the depth of their outreach, its breadth, the "
        "share of women and the portfolio's risk. An alert is a question to ask, not a verdict.",
        "source": "Panel", "years": "Years", "institutions": "Institutions", "generated": "Review produced on",
        "caveats_title": "Read this before the figures",
        "caveat_income": "Depth divides the average loan by the country's {measure} per capita{proxy}.",
        "caveat_proxy": ": GDP stands in for GNI, which the source lacks, and it is in constant 2010 dollars "
        "while loans are in current dollars",
        "caveat_carried": "{share} of the values repeat the year before exactly (women share: {women}). They may "
        "be copies made by whoever assembled the panel: they are flagged, left out of the drift tests and never "
        "read as stability.",
        "caveat_alert": "An alert says that a level changed more than chance explains, with confidence "
        "controlled over the whole network (Benjamini-Hochberg). It does not say why: a transformation into a "
        "commercial company, a new product, a change of accounting method or a typing error.",
        "caveat_short": "{n} institutions have fewer than {min} observed years on every indicator: too short to "
        "say anything of their path.",
        "network_title": "The network year by year",
        "network_lead": "Median (line) and quartiles (band) over the institutions present each year; years with "
        "fewer than {thin} institutions are dotted.",
        "institutions_per_year": "Institutions present each year",
        "pooled": "The sector's average loan (total portfolio / total borrowers)",
        "decomposition_title": "Institutions drifting, or a changing panel?",
        "decomposition_lead": "Change of the network's mean between two years, split between the institutions "
        "present both years (within) and those entering or leaving the panel (composition).",
        "from_to": "From → to", "change": "Change", "within": "Within", "composition": "Composition",
        "stayers": "present both years", "entrants": "entered", "leavers": "left",
        "status_title": "NGOs, NBFIs and banks",
        "status_lead": "Each institution counts once, by the median of its years.",
        "legal_status": "Legal status", "median": "Median", "ngo_vs": "NGOs against NBFIs and banks",
        "test": "Mann-Whitney test", "ngo": "NGOs", "commercial": "NBFIs and banks",
        "depth_by_status": "Median depth by legal status", "women_by_status": "Median women share by legal status",
        "ranking_title": "Institutions ranked by the strength of their drift evidence",
        "ranking_lead": "Only changes against the mission are ranked: depth up, women share down, PAR30 up. "
        "The first {shown} of {total}.",
        "ranking_none": "No institution shows a change against the mission clear enough to survive the "
        "network-wide control of false discoveries.",
        "rank": "Rank", "institution": "Institution", "country": "Country", "what": "What changed",
        "confidence": "confidence", "caveats": "Caveats",
        "network_alerts_title": "The network as a whole",
        "network_alerts_none": "The network's medians show no clear change.",
        "methods_title": "Methods",
        "methods": "Tests: the signals package's (a step or a three-year ramp against a constant level, sup-F "
        "statistic, parametric-bootstrap p-value), on at least {min} observed years, three before a change and "
        "two after; every year weighs the same; depth on a log scale. Carried-forward values are left out. False "
        "discoveries controlled over the network's {tested} tested series (q ≤ 0.05). Decomposition: within = "
        "change of the mean of the institutions present both years; composition = the rest. Details: "
        "docs/network.md.",
        "gradual": "gradually", "step": "as a step",
        "evidence": "{name} went from {before} to {after} from {start} ({shape}); {points} observed years{left}.",
        "left_out": ", {n} carried-forward value(s) left out",
        "network_evidence": "The network's median {name} went from {before} to {after} from {start} ({shape}); "
        "the panel's composition changes too (see the decomposition).",
        "caveat_status_change": "legal status changed: {statuses}",
        "caveat_gaps": "years missing in the series",
        "caveat_few": "only {n} observed years",
        "caveat_carried_i": "{n} carried-forward value(s) left out ({what})",
        "none": "–",
        "up": "up", "down": "down",
        "carried_title": "Values carried from one year to the next",
        "carried_lead": "Values equal to the same institution's value of the year before. They stay in the levels "
        "(they are the latest figure known) but never in the trends.",
        "values": "Values", "carried": "Carried",
        "findings_title": "What the detectors saw",
        "summary_ranked": "{n} of {total} institutions show a change against the mission (depth up: {depth}; "
        "women share down: {women}; PAR30 up: {par}). First: {first}.",
        "summary_none": "No institution shows a clear change against the mission.",
        "summary_compare": "Institution medians: depth {ngo_depth} for NGOs against {com_depth} for NBFIs and "
        "banks; women share {ngo_women} against {com_women}.",
    },
}


def text(lang: Lang, key: str, **values: object) -> str:
    return TEXT[lang][key].format(**values) if values else TEXT[lang][key]


def value(key: IndicatorKey, amount: float | None, lang: Lang) -> str:
    """A value of a network indicator, written for the reader."""
    if amount is None:
        return "–"
    if key in ("women_share", "par30"):
        return percent(amount, lang)
    if key == "depth":
        return number(amount, lang, 2)
    if key == "average_loan_balance":
        return f"{number(amount, lang)}{NBSP}$" if lang == "fr" else f"${number(amount, lang)}"
    return number(amount, lang)


def signed(key: IndicatorKey, amount: float, lang: Lang) -> str:
    """A change, with its sign: points for shares."""
    sign = "+" if amount > 0 else "−" if amount < 0 else ""
    if key in ("women_share", "par30"):
        pts = number(abs(amount) * 100, lang, 1)
        return f"{sign}{pts}{NBSP}pt" + ("s" if lang == "en" else "")
    if key == "depth":
        return sign + number(abs(amount), lang, 2)
    return sign + number(abs(amount), lang)
