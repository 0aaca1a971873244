"""A small seed lexicon of the themes field staff and borrowers are known to raise.

Themes are found without supervision (themes.py); a theme whose top terms fall mostly in one
of these seeds takes the seed's readable label and its mission dimensions, so that "pressure
and targets" is called so in French and English whatever words a given organisation uses.
The seeds come from the study behind missionlens (Drujon d'Astros, Leca, Morales 2024: targets,
rushed work, devaluation of human work, neglect of accompaniment), from the client-protection
principles of the Smart Campaign (over-indebtedness) and from the themes of 60 Decibels' client
surveys (business difficulties, family and health, what changed in people's lives). They are
words, lemmatised with the same Lemmatiser as the texts, never fitted to a data set.
"""

from __future__ import annotations

from dataclasses import dataclass

from missionlens.signals.findings import Text


@dataclass(frozen=True)
class Seed:
    key: str
    label: Text
    dimensions: tuple[str, ...]
    french: tuple[str, ...]
    english: tuple[str, ...]


SEEDS: tuple[Seed, ...] = (
    Seed("pressure", Text("Pression et objectifs chiffrés", "Pressure and targets"), ("people", "accompaniment"),
         ("objectif", "objectifs", "chiffre", "chiffres", "pression", "quota", "rendement", "accélérer",
          "décaissés", "décaissement", "tableau", "intenable", "prioriser", "priorise", "reproche", "cadence",
          "pousser", "dossiers", "direction", "nombre"),
         ("target", "targets", "pressure", "quota", "numbers", "disbursed", "speed", "dashboard", "unbearable",
          "blamed", "prioritise", "pace")),
    Seed("lack_of_time", Text("Manque de temps", "Lack of time"), ("accompaniment", "people"),
         ("temps", "manque", "faute", "raccourcir", "raccourcissent", "débordé", "surcharge", "portefeuille",
          "remplacée", "remplacé", "téléphone", "espacer", "épuisé", "collègue", "exception", "ateliers"),
         ("time", "lack", "overloaded", "shorter", "caseload", "replaced", "phone", "exhausted", "colleague",
          "exception", "workshops", "rushed")),
    Seed("over_indebtedness", Text("Impayés et surendettement", "Arrears and over-indebtedness"), ("protection",),
         ("retard", "retards", "impayé", "impayés", "échéance", "échéances", "surendettement", "dette", "crédit",
          "report", "rééchelonnement", "loyer", "crise", "fragile", "inquiétude"),
         ("arrears", "late", "overdue", "debt", "default", "reschedule", "delinquent", "delay", "missed",
          "behind", "rescheduled", "problem", "difficulty")),
    Seed("accompaniment_quality", Text("Qualité de l'accompagnement", "Quality of accompaniment"),
         ("accompaniment",),
         ("suivi", "visite", "accompagnement", "conseiller", "rendez-vous", "atelier", "écoute", "ensemble",
          "bénévole", "compta", "devis", "déclaration", "rdv", "agence"),
         ("visit", "advisor", "training", "workshop", "support", "mentor", "together", "volunteer", "advice",
          "bookkeeping", "follow")),
    Seed("business_difficulties", Text("Difficultés de l'activité", "Business difficulties"),
         ("outcomes", "sustainability"),
         ("trésorerie", "difficile", "difficultés", "concurrence", "irrégulier", "tendue", "baisse", "perte",
          "pertes", "panne", "vol", "fermer", "arrêter"),
         ("difficult", "difficulty", "competition", "slow", "drought", "flood", "decline", "loss", "losses",
          "theft", "stolen", "sick", "bad", "problem", "problems", "closed")),
    Seed("trade_and_sales", Text("Commerce et ventes", "Trade and sales"), ("outcomes",),
         ("clients", "client", "vente", "vendre", "stock", "marché", "boutique", "commerce", "produits", "prix",
          "recettes", "clientèle"),
         ("shop", "store", "customers", "client", "clients", "products", "product", "sell", "sells", "stock",
          "market", "goods", "order", "trade", "merchandise")),
    Seed("farming_livestock", Text("Agriculture et élevage", "Farming and livestock"), ("outcomes",),
         ("vache", "vaches", "lait", "récolte", "élevage", "agriculture", "champ", "champs", "maraîchage",
          "bétail", "semences"),
         ("cow", "cows", "milk", "dairy", "farm", "farming", "maize", "crop", "crops", "harvest", "livestock",
          "goat", "goats", "chicken", "chickens", "pig", "pigs", "seeds", "vegetable", "vegetables")),
    Seed("family_health", Text("Famille et santé", "Family and health"), ("outcomes", "dignity"),
         ("enfant", "enfants", "famille", "santé", "malade", "maladie", "hôpital", "conjoint", "mari", "décès",
          "nièce", "fierté", "fier"),
         ("children", "family", "health", "sick", "illness", "hospital", "husband", "wife", "school", "death",
          "daughter", "son", "married", "widow", "support")),
    Seed("access_exclusion", Text("Accès et exclusion", "Access and exclusion"), ("access",),
         ("refusé", "refusés", "rsa", "banque", "fragiles", "quartier", "quartiers", "exclusion", "bancables",
          "permanence", "personnes", "accès", "justificatif", "langue", "profil"),
         ("refused", "bank", "poor", "excluded", "access", "declined", "poorest", "vulnerable", "collateral")),
    Seed("change_and_success", Text("Réussites et changements de vie", "Success and change in people's lives"),
         ("outcomes",),
         ("embaucher", "emploi", "fier", "confiance", "développer", "ouvrir", "quitter", "réussite", "clientèle",
          "compte", "histoire", "changement"),
         ("expand", "grow", "hire", "proud", "improve", "success", "increase", "profit", "income", "better",
          "buy", "purchase", "additional")),
    Seed("rushed_service", Text("Service pressé", "Rushed service"), ("accompaniment", "dignity"),
         ("vite", "trop", "rappeler", "rappelé", "débordé", "minute", "questions", "promis", "décaissement"),
         ("quick", "quickly", "called", "busy", "minutes", "questions", "promised")),
    Seed("repayment", Text("Remboursements", "Repayments"), ("sustainability",),
         ("remboursement", "remboursements", "rembourser", "versement", "payé", "soldé"),
         ("repayment", "payment", "paid", "repay", "installment", "received", "full", "time", "early", "balance")),
)
SEED_BY_KEY: dict[str, Seed] = {s.key: s for s in SEEDS}
