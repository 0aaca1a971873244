"""French words that fill the slots of the phrase banks, session topics and loan purposes.

No person's name appears anywhere: people are "la cliente", "il", "la porteuse de projet".
Every character is encodable in Windows-1252 (the French spreadsheet dialect).
"""

from __future__ import annotations

SLOTS: dict[str, tuple[str, ...]] = {
    "sector": (
        "boulangerie", "VTC", "coiffure à domicile", "vente sur les marchés", "couture et retouches",
        "food truck", "nettoyage de bureaux", "maçonnerie", "esthétique", "restauration rapide",
        "livraison à vélo", "création de bijoux", "épicerie fine", "paysagisme", "réparation de vélos",
        "photographie", "traiteur", "brocante", "plomberie", "toilettage canin", "taxi", "peinture en bâtiment",
        "vente de vêtements", "cuisine africaine à emporter", "garde d'enfants", "auto-école", "coaching sportif",
        "vente de fruits et légumes", "électricité", "carrosserie", "fleuriste", "soins à domicile",
        "réparation de téléphones", "pâtisserie orientale", "transport de marchandises", "menuiserie",
    ),
    "equipment": (
        "un four", "une camionnette d'occasion", "un stock de tissus", "une machine à coudre professionnelle",
        "un barnum et des tréteaux", "un fauteuil de coiffure", "un ordinateur portable", "un vélo cargo",
        "une remorque", "du petit outillage", "une vitrine réfrigérée", "un terminal de paiement",
        "un premier stock", "une bétonnière", "un véhicule aux normes VTC", "une friteuse professionnelle",
        "des étagères et une caisse", "un appareil photo", "une table de massage", "un scooter",
    ),
    "place": (
        "Roubaix", "Lille", "Amiens", "Saint-Denis", "Créteil", "Lyon", "Vénissieux", "Grenoble", "Marseille",
        "Nîmes", "Toulouse", "Bordeaux", "Limoges", "Strasbourg", "Mulhouse", "Rennes", "Brest", "Rouen",
        "Le Havre", "Nantes", "Angers", "Dijon", "Besançon", "Tours", "Bourges", "Aurillac", "Guéret", "Foix",
        "Montbard", "Carhaix", "Hirson", "Épinal",
    ),
    "spot": (
        "sur le marché du samedi", "en bas de son immeuble", "dans un local partagé", "sur la place du village",
        "près de la gare", "dans une galerie commerciale", "sur le marché couvert", "à la sortie du métro",
        "dans un garage loué", "chez ses clientes", "devant la zone d'activité", "au rez-de-chaussée de chez elle",
    ),
    "amount": (
        "500 €", "800 €", "1 000 €", "1 200 €", "1 500 €", "2 000 €", "2 500 €", "3 000 €", "3 500 €",
        "4 000 €", "4 500 €", "5 000 €", "6 000 €", "7 500 €", "8 000 €", "10 000 €", "12 000 €",
    ),
    "small_amount": ("40 €", "60 €", "80 €", "120 €", "150 €", "200 €", "250 €", "300 €", "350 €", "450 €"),
    "months": ("deux mois", "trois mois", "quatre mois", "six mois", "huit mois", "un an", "dix-huit mois"),
    "weeks": ("une semaine", "deux semaines", "trois semaines", "un mois"),
    "count": ("trois", "quatre", "cinq", "six", "huit", "dix", "douze", "quinze"),
    "weekday": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"),
    "partner": (
        "la CAF", "France Travail", "la mairie", "le CCAS", "la mission locale", "la chambre des métiers",
        "l'assistante sociale", "la banque", "l'URSSAF", "le bailleur", "la plateforme d'initiative locale",
        "un expert-comptable bénévole",
    ),
    "problem": (
        "une panne de camion", "un client qui ne paie pas", "un arrêt maladie", "un vol de matériel",
        "une baisse de fréquentation", "un dégât des eaux dans le local", "une séparation",
        "un retard de versement de la CAF", "une hausse du loyer", "la perte de son emplacement au marché",
        "un contrôle URSSAF", "une hospitalisation d'un enfant", "la fermeture du chantier principal",
    ),
    "feeling_f": (
        "soulagée", "fière", "inquiète", "épuisée", "motivée", "plus sereine", "découragée", "confiante",
        "stressée", "reconnaissante",
    ),
    "feeling_m": (
        "soulagé", "fier", "inquiet", "épuisé", "motivé", "plus serein", "découragé", "confiant", "stressé",
        "reconnaissant",
    ),
    # Said in the first person by staff whose gender the note does not give: invariable phrases.
    "feeling": (
        "à bout", "sous pression", "en colère", "mal à l'aise", "au bord de l'épuisement", "dans le flou",
        "sur les nerfs", "en perte de sens",
    ),
    "time": ("9 h", "10 h 30", "14 h", "16 h", "18 h", "8 h 30"),
}

TOPICS: dict[str, tuple[str, ...]] = {
    "diagnosis": ("projet", "budget familial", "situation administrative", "expérience", "marché visé",
                  "besoin de financement", "statut", "CAF/RSA", "garant"),
    "pre_loan": ("plan de financement", "prévisionnel", "devis", "assurance", "statut micro-entrepreneur",
                 "prix de vente", "garant", "pièces justificatives", "échéancier"),
    "follow_up": ("trésorerie", "comptabilité", "chiffre d'affaires", "clients", "stock", "prix de vente",
                  "déclarations URSSAF", "assurance", "local", "échéancier", "moral"),
    "training": ("comptabilité", "numérique", "réseaux sociaux", "fixer ses prix", "démarches URSSAF",
                 "relation client", "gestion du temps", "vente"),
    "crisis": ("retard de paiement", "échéancier", "surendettement", "santé", "famille", "trésorerie",
               "report d'échéance", "aides d'urgence"),
    "phone": ("rendez-vous", "pièce manquante", "échéance", "relance", "nouvelles", "question administrative"),
    "other": ("courrier", "attestation", "orientation", "administratif", "réseau"),
}

EDUCATION = ("sans diplôme", "CAP/BEP", "baccalauréat", "bac+2", "bac+3 ou plus")

PURPOSE = {
    "business": (
        "Achat de {equipment} pour l'activité de {sector}.",
        "Démarrage d'une activité de {sector} : {equipment} et trésorerie de départ.",
        "Fonds de roulement, activité de {sector}.",
        "Développement de l'activité de {sector} ({spot}).",
        "Reprise d'un petit fonds de {sector}, besoin pour {equipment}.",
        "{equipment} + stock, activité de {sector}",
        "Création micro-entreprise ({sector}), achat de {equipment}.",
        "Trésorerie après {problem}, activité de {sector}.",
    ),
    "personal": (
        "Réparation du véhicule pour aller travailler.",
        "Permis de conduire pour un emploi à {place}.",
        "Achat d'une voiture d'occasion, CDI à {place} sans transport en commun.",
        "Formation qualifiante, frais et transport.",
        "Achat d'un scooter pour des horaires décalés.",
        "Caution et déménagement pour un emploi à {place}.",
        "Réparation de la voiture après {problem}.",
    ),
    "honour": (
        "Prêt d'honneur en complément du microcrédit : {equipment}.",
        "Prêt d'honneur, quasi-fonds propres pour l'activité de {sector}.",
        "Apport personnel pour l'activité de {sector}.",
        "Prêt d'honneur, démarrage {sector}.",
    ),
}
