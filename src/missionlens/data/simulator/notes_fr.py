"""French phrase banks: field notes by theme, session remarks and borrowers' feedback.

Each theme has an opening, a core, a detail and a closing bank; a note draws one sentence from
each (the later ones optionally). Written in the clipped style of real field notes.
"""

from __future__ import annotations

NOTES: dict[str, dict[str, tuple[str, ...]]] = {
    "accompaniment": {
        "open": (
            "Visite de suivi {weekday} à {place}.", "Passage sur place, {spot}.", "RDV de suivi à l'agence.",
            "Point téléphonique puis visite.", "Suivi à {months} du décaissement.", "Deuxième visite depuis le prêt.",
            "Rencontre {spot} à {time}.", "Suivi fait avec un bénévole de l'antenne.",
        ),
        "core": (
            "L'activité de {sector} démarre doucement, les premiers clients reviennent.",
            "Le cahier de recettes est tenu mais les dépenses perso et pro sont mélangées.",
            "Elle a acheté {equipment} comme prévu, facture vue.",
            "Il n'a pas encore fait sa déclaration URSSAF, on l'a faite ensemble.",
            "La trésorerie est tendue en fin de mois, on a revu le prix de vente.",
            "Bonne dynamique : {count} clients réguliers, bouche-à-oreille qui marche.",
            "Il hésite à prendre un local, on a comparé avec la situation actuelle.",
            "Elle a besoin d'aide pour les devis, on a préparé un modèle ensemble.",
            "Le chiffre d'affaires est irrégulier, très dépendant du {weekday}.",
            "Remboursements à jour, la cliente gère bien son échéancier.",
            "On a parlé de l'assurance professionnelle, toujours pas souscrite.",
            "Il a perdu du temps avec {partner}, dossier enfin débloqué.",
        ),
        "detail": (
            "Environ {small_amount} de recettes par jour de marché.",
            "Stock estimé à {amount}.",
            "Elle se dit {feeling_f}.", "Il se dit {feeling_m} mais tient le cap.",
            "Orientée vers l'atelier compta du mois prochain.",
            "Contact pris avec {partner} pour la suite.",
            "À revoir dans {weeks}.", "Pas de difficulté de remboursement à signaler.",
            "Le conjoint aide le {weekday}.", "Besoin d'un site simple, piste à creuser avec un bénévole.",
        ),
        "close": (
            "Prochain RDV fixé.", "À suivre.", "RAS pour l'instant.", "Je repasse dans {weeks}.",
            "Rappel prévu en fin de mois.", "Dossier mis à jour.",
        ),
    },
    "outcomes": {
        "open": (
            "Belle histoire à partager.", "Nouvelles d'une cliente financée il y a {months}.",
            "Retour d'un client ancien de l'antenne.", "Croisé par hasard {spot}.",
            "Bilan à {months} avec la porteuse de projet.", "Changement important à noter.",
        ),
        "core": (
            "Elle a quitté le RSA et vit maintenant de son activité de {sector}.",
            "Il a embauché une première personne en CDD pour l'été.",
            "Grâce à la voiture réparée, elle a gardé son emploi à {place}.",
            "L'activité de {sector} a trouvé sa clientèle, il envisage un deuxième prêt.",
            "Elle a ouvert un compte professionnel, ce qui lui semblait impossible au départ.",
            "Il a arrêté son activité de {sector} mais a retrouvé un emploi salarié grâce au réseau fait au marché.",
            "Le stand {spot} est devenu un point de rencontre du quartier.",
            "Elle forme maintenant sa nièce au métier.",
            "Il rembourse sans retard et a pu solder une dette ancienne.",
            "Après {problem}, l'activité a redémarré sans nouvel emprunt.",
        ),
        "detail": (
            "Revenus estimés autour de {amount} par mois désormais.",
            "Elle dit qu'elle est fière d'avoir tenu.",
            "Ses enfants l'aident le {weekday}.",
            "Il parle de s'installer à {place}.",
            "Le prêt de {amount} a servi de déclic, selon elle.",
        ),
        "close": (
            "Témoignage possible pour le rapport annuel, à lui demander.", "Ça fait du bien.",
            "À raconter en réunion d'équipe.", "Exemple de ce que l'accompagnement permet.",
        ),
    },
    "protection": {
        "open": (
            "Inquiétude sur un dossier.", "Alerte impayés.", "Situation fragile repérée en visite.",
            "Appel de la cliente, très tendue.", "Point sur les retards du mois.",
        ),
        "core": (
            "{count} échéances en retard, il n'ose plus répondre au téléphone.",
            "Elle a pris un crédit à la consommation en plus du nôtre pour tenir.",
            "Après {problem}, plus de recettes depuis {weeks}.",
            "Le montant accordé était peut-être trop élevé pour son activité de {sector}.",
            "Il cumule loyer en retard et échéances, risque de surendettement.",
            "Le prévisionnel était trop optimiste, le chiffre d'affaires fait la moitié.",
            "Elle paie nos échéances en sautant des repas, elle me l'a dit à demi-mot.",
        ),
        "detail": (
            "Proposition de report de deux échéances.", "Orientation vers {partner}.",
            "Reste à payer autour de {amount}.", "On envisage un rééchelonnement.",
            "Rendez-vous de crise fixé {weekday}.", "Dossier signalé au responsable d'antenne.",
        ),
        "close": (
            "Ne pas laisser traîner.", "Je rappelle dans {weeks}.", "À discuter en comité.",
            "Il faut surtout garder le contact.",
        ),
    },
    "access": {
        "open": (
            "Permanence à {place} ce {weekday}.", "Réunion d'information au CCAS.", "Observation sur les demandes du mois.",
            "Retour de la permanence {spot}.", "Point sur les nouveaux contacts.",
        ),
        "core": (
            "{count} personnes reçues, dont plusieurs au RSA sans aucun accès bancaire.",
            "Beaucoup de femmes seules avec enfants cette fois, projets de {sector} surtout.",
            "Les demandes arrivent surtout via {partner}.",
            "Une personne sans domicile stable voulait lancer une activité de {sector}, on a pris le temps.",
            "Peu de monde des quartiers prioritaires, il faudrait retourner sur place.",
            "Plusieurs jeunes venus de la mission locale avec des projets de {sector}.",
            "La banque a refusé trois fois ce client, son projet tient pourtant la route.",
        ),
        "detail": (
            "Besoin moyen autour de {amount}.", "La barrière de la langue complique les dossiers.",
            "Il manque souvent un justificatif de domicile.", "Permanence à renouveler dans {weeks}.",
            "Deux dossiers partent en instruction.",
        ),
        "close": ("À suivre.", "À partager avec l'équipe.", "On continue.", "Bonne matinée malgré tout."),
    },
    "dignity": {
        "open": (
            "Ce que je veux dire à l'association :", "Mon témoignage.", "Quelques mots après mon prêt.",
            "Je remercie mon conseiller.", "Pour ceux qui hésitent à venir :",
        ),
        "core": (
            "On m'a écoutée comme une vraie cheffe d'entreprise, pas comme une assistée.",
            "Avec mon activité de {sector}, je ne demande plus rien à personne.",
            "La banque m'avait fermé la porte, ici on a regardé mon projet.",
            "Je me suis sentie {feeling_f} le jour où j'ai eu mon premier client.",
            "J'ai eu honte d'avoir du retard, mais on ne m'a pas jugé.",
            "Le prêt de {amount} m'a permis d'acheter {equipment}.",
            "Je vends maintenant {spot} et les gens me reconnaissent.",
            "Mon conseiller m'a appelé après {problem}, ça m'a aidé à ne pas lâcher.",
            "Au début je ne comprenais rien aux papiers, maintenant je fais mes déclarations seule.",
        ),
        "detail": (
            "Mes enfants sont fiers de moi.", "J'ai repris confiance.", "Je recommande à mes voisines.",
            "Il faudrait juste des rendez-vous plus près de {place}.", "Les ateliers m'ont beaucoup servi.",
        ),
        "close": ("Merci.", "Merci à toute l'équipe.", "Je reviendrai pour un deuxième prêt.", "Continuez."),
    },
    "people": {
        "open": (
            "Réunion d'équipe ce {weekday}.", "Note pour le responsable d'antenne.", "Vie de l'antenne.",
            "Retour de formation interne.", "Accueil d'une nouvelle bénévole.",
        ),
        "core": (
            "L'équipe apprécie le binôme salarié-bénévole sur les suivis.",
            "On a partagé les cas difficiles, ça aide à ne pas rester seul.",
            "Les bénévoles voudraient être davantage associés aux comités de crédit.",
            "La formation sur l'écoute a été très utile pour les entretiens.",
            "Bonne entraide cette semaine pour couvrir les congés.",
        ),
        "detail": (
            "{count} dossiers en cours chacun en moyenne.", "Prochaine réunion dans {weeks}.",
            "Un bénévole expert-comptable rejoint l'antenne.",
        ),
        "close": ("Bonne ambiance.", "À reconduire.", "À suivre."),
    },
    "sustainability": {
        "open": ("Note de gestion.", "Point financier mensuel.", "Retour du comité financier."),
        "core": (
            "Encours stable, les remboursements rentrent normalement.",
            "Le financement régional est reconduit pour un an.",
            "Les frais de fonctionnement de l'antenne de {place} dépassent le budget.",
            "Les pertes restent dans la fourchette habituelle.",
            "Un partenaire bancaire réduit son enveloppe de refinancement.",
        ),
        "detail": ("Écart d'environ {amount} sur le trimestre.", "À présenter au conseil.", "Rien d'alarmant."),
        "close": ("À suivre au prochain comité.", "Pour information."),
    },
    "pressure": {
        "open": (
            "Encore une réunion sur les chiffres.", "Message de la direction ce matin.", "Semaine intenable.",
            "Je le note ici parce que personne ne le demande.", "Point objectifs du mois.",
            "Retour du comité régional.",
        ),
        "core": (
            "Objectif de {count} dossiers décaissés par conseiller ce mois-ci, on court partout.",
            "On nous demande d'accélérer les instructions : l'entretien de diagnostic est passé à 45 minutes.",
            "Je n'ai pas pu faire les visites de suivi, tout le temps part dans les nouveaux dossiers.",
            "Trop de dossiers en même temps, je rappelle les clients au lieu d'aller les voir.",
            "La réunion d'équipe n'a parlé que du nombre de prêts, rien sur les clients en difficulté.",
            "On pousse des dossiers que j'aurais fait mûrir avant, le comité valide presque tout.",
            "Le tableau de bord compte les décaissements, pas le temps passé avec les gens.",
            "On me reproche d'être en retard sur l'objectif alors que j'ai {count} clients en crise.",
            "Les bénévoles ne sont plus sollicités, on n'a plus le temps de les coordonner.",
            "Je priorise les dossiers faciles pour tenir le chiffre, ça me gêne.",
            "Les premiers suivis à deux mois sautent, on fait au mieux par SMS.",
        ),
        "detail": (
            "Je suis {feeling}.", "Plusieurs collègues parlent de partir.", "On manque de temps pour tout.",
            "Le chiffre du mois est bon, mais à quel prix ?", "Les retards vont arriver dans quelques mois.",
            "Je ne reconnais plus le métier.", "J'ai fini à 20 h trois soirs de suite.",
        ),
        "close": (
            "Il faudrait en parler au conseil.", "Je le signale.", "À remonter.", "Pas sûr que ça tienne.",
            "Qui va suivre tous ces clients ?",
        ),
    },
    "lack_of_time": {
        "open": (
            "Remarque sur l'organisation.", "Je note pour mémoire.", "Depuis le départ d'une collègue.",
            "Suivi du mois.",
        ),
        "core": (
            "Je reprends le portefeuille d'une collègue partie, non remplacée.",
            "Les entretiens raccourcissent sans que personne ne l'ait décidé.",
            "Je fais les suivis par téléphone faute de temps pour me déplacer à {place}.",
            "Plus le temps de faire les ateliers, on les espace.",
            "Chaque conseiller suit maintenant bien plus de clients qu'avant.",
            "Les visites sur place deviennent l'exception.",
        ),
        "detail": (
            "On s'habitue, c'est ça le problème.", "Les clients le sentent.", "Je suis {feeling}.",
            "{count} dossiers de plus qu'il y a un an.",
        ),
        "close": ("À suivre.", "À remonter.", "Je le note."),
    },
    "exclusion": {
        "open": (
            "Comité de crédit de ce {weekday}.", "Je m'interroge.", "Remarque sur les refus.",
            "Retour de permanence.",
        ),
        "core": (
            "Deux dossiers de personnes au RSA refusés, trop risqués selon le comité.",
            "On finance surtout des projets déjà bancables, ce n'est pas notre mission.",
            "On oriente les plus fragiles vers d'autres structures au lieu de les accompagner.",
            "Les dossiers des quartiers prioritaires sont jugés trop longs à monter.",
            "On privilégie les profils solides pour améliorer le taux d'impayés.",
            "Une cliente au RSA avec un beau projet de {sector} a été refusée, je ne comprends pas.",
        ),
        "detail": (
            "On perd ceux pour qui on existe.", "Les partenaires sociaux nous envoient moins de monde.",
            "Je suis {feeling}.", "Ce n'est écrit nulle part, mais c'est la tendance.",
        ),
        "close": ("À discuter en équipe.", "À remonter au conseil.", "Je le note ici."),
    },
}

SESSION_NOTES: dict[str, tuple[str, ...]] = {
    "diagnosis": (
        "Projet de {sector} encore flou, à retravailler.", "Orienté par {partner}.",
        "Besoin estimé à {amount}.", "Situation administrative à régulariser d'abord.",
        "Projet solide, expérience de plusieurs années en {sector}.", "Pas de projet pour l'instant, orientée vers {partner}.",
    ),
    "pre_loan": (
        "Pièces manquantes : avis d'imposition.", "Devis pour {equipment} reçu.", "Prévisionnel revu à la baisse.",
        "Garant trouvé.", "Dossier prêt pour le comité.", "Montant ramené à {amount}.",
    ),
    "follow_up": (
        "RAS.", "Tout va bien.", "Trésorerie juste.", "Visite {spot}.", "Rendez-vous décalé à sa demande.",
        "Stock à {amount}.", "Orientation vers l'atelier compta.",
    ),
    "training": ("Atelier collectif.", "Très participative.", "Atelier en visio.", "À refaire dans {weeks}."),
    "crisis": (
        "Après {problem}, report proposé.", "Orientation vers {partner}.", "Plan d'apurement discuté.",
        "Client en pleurs, beaucoup d'écoute.", "Accord pour deux mois de report.",
    ),
    "phone": ("Message laissé.", "Rappel prévu {weekday}.", "Pièce demandée.", "Nouvelles rassurantes."),
    "other": ("Attestation envoyée.", "Courrier à {partner}.", "Mise en relation avec {partner}."),
}

FEEDBACK: dict[str, tuple[str, ...]] = {
    "good": (
        "Très bon accompagnement, merci.", "Mon conseiller a toujours été disponible.",
        "Sans vous mon activité de {sector} n'existerait pas.", "On m'a fait confiance quand la banque refusait.",
        "Les ateliers m'ont beaucoup appris.", "Accueil chaleureux et sans jugement.",
        "J'ai pu acheter {equipment} et développer mon activité.", "Je recommande à tout le monde.",
    ),
    "mixed": (
        "Le prêt m'a aidé mais les démarches sont longues.", "Bon accompagnement au début, moins ensuite.",
        "Les taux pourraient être plus bas.", "Il faudrait une permanence plus près de {place}.",
        "Content du prêt, l'activité reste difficile.", "Trop de papiers à fournir.",
    ),
    "bad": (
        "Je me suis senti seul après le prêt.", "Les échéances sont trop lourdes pour moi.",
        "Personne ne m'a rappelé quand j'ai eu {problem}.", "Montant trop élevé, je regrette.",
        "Pas assez de suivi.",
    ),
    "rushed": (
        "Tout est allé très vite, je n'ai pas eu le temps de poser mes questions.",
        "On ne m'a plus appelé après le décaissement.", "Mon conseiller semblait débordé.",
        "Le rendez-vous a duré vingt minutes, c'était trop court.", "J'ai eu le prêt mais pas l'accompagnement promis.",
    ),
}
