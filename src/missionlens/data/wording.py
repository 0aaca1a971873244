"""Problems in the reader's language: a stored Problem described in French or English at display time.

The validators write every problem in English (the CLI's words and `check --json`'s); the web
pages show them later, from the stored JSON, in whatever language the reader chose. So the
French is found from the English text itself: a catalogue of English templates (`{name}` marks
a part that varies: a value, a column, a count) each with its French template. A text no
template matches is shown in English, unchanged: an old job or a new message never breaks a
page. Values, column names and file names stay as written; numbers take the French form.
The French vocabulary follows shared/GLOSSARY.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from missionlens.data.problems import Problem

Lang = Literal["fr", "en"]
NBSP = "\u00a0"

# What a `{name}` part may match when it is more than any text (the default).
_PARTS = {
    "line": r"\d+", "count": r"\d[\d,]*", "cells": r"\d+", "bound": r"[-+\d.e]+", "mib": r"\d+", "ratio": r"\d+",
    "date": r"\S+", "later": r"\w+", "earlier": r"\w+", "column": r"\S+", "q": "['\"]",
}


@dataclass(frozen=True)
class Wording:
    """One English template (compiled, its parts named) and the French that says the same."""

    english: re.Pattern[str]
    french: str


@dataclass(frozen=True)
class Described:
    """A problem in one language: where it is, what is wrong, what to do, and all of it in a sentence."""

    file: str
    location: str
    message: str
    fix: str
    text: str


def wording(english: str, french: str) -> Wording:
    """A catalogue entry: `english` is the validator's text with `{name}` parts, matched whole."""
    pattern, seen = "", set()
    for literal, name in re.findall(r"([^{]*)(?:\{(\w+)\})?", english):
        pattern += re.escape(literal)
        if name in seen:
            pattern += f"(?P={name})"
        elif name:
            seen.add(name)
            pattern += f"(?P<{name}>{_PARTS.get(name.rstrip('0123456789'), '.+?')})"
    return Wording(re.compile(pattern, re.DOTALL), french)


def _number(text: str) -> str:
    """1,234.5 as French writes it: 1 234,5 (no-break space, decimal comma)."""
    return text.replace(",", NBSP).replace(".", ",")


def _label(text: str) -> str:
    return re.sub(r" \(sheet (.+)\)$", r" (feuille \1)", text)


def _pairs(text: str) -> str | None:
    """`loan_id "L1" with number "3"` (a repeated key) as `loan_id « L1 » avec number « 3 »`."""
    found = re.fullmatch(r'(\w+) "(.*?)"((?: with \w+ ".*?")*)', text, re.DOTALL)
    if found is None:
        return None
    pairs = re.findall(r'(?:^| with )(\w+) "(.*?)"(?= with \w+ "|$)', text, re.DOTALL)
    return " avec ".join(f"{key} « {value} »" for key, value in pairs) if pairs else None


_NOUNS = {"branch": "l’agence", "borrower": "l’emprunteur", "loan": "le prêt", "staff member": "le membre de l’équipe"}
_ENCODINGS = {"UTF-8 with BOM": "UTF-8 avec BOM"}

# How a part is said in French, by its name; None: this template cannot say it (the next is tried).
_FRENCH_PARTS: Mapping[str, Callable[[str], str | None]] = {
    "value": lambda v: "(identifiant masqué)" if v == "(hidden identifier)" else v,
    "count": _number, "bound": _number, "mib": _number, "ratio": _number,
    "label": _label,
    "noun": _NOUNS.get,
    "keys": lambda v: v.replace(" and ", " et "),
    "pairs": _pairs,
    "encoding": lambda v: _ENCODINGS.get(v, v),
    "suffix": lambda v: "(aucun)" if v == "(none)" else v,
}
_FILES = {"(data set)": "(jeu de données)", "(upload)": "(envoi)", "(import)": "(import)"}


def _french_part(name: str, text: str) -> str | None:
    say = _FRENCH_PARTS.get(name.rstrip("0123456789"))
    return text if say is None else say(text)


def french(text: str, catalogue: Iterable[Wording]) -> str | None:
    """The French of one English text, or None when no template of `catalogue` says it."""
    for entry in catalogue:
        found = entry.english.fullmatch(text)
        if found is None:
            continue
        parts = {name: _french_part(name, value) for name, value in found.groupdict().items()}
        if any(v is None for v in parts.values()):
            continue
        return entry.french.format(**parts)
    return None


def _french_location(problem: Problem) -> str:
    parts = [_FILES.get(problem.file, problem.file)]
    if problem.sheet:
        parts.append(f"feuille {problem.sheet}")
    if problem.line is not None:
        parts.append(f"ligne {problem.line}")
    if problem.column is not None:
        parts.append(f"colonne {problem.column}")
    return ", ".join(parts)


def describe(problem: Problem, lang: Lang, extra: Iterable[Wording] = ()) -> Described:
    """The problem in `lang`; `extra` adds the templates of problems made outside the validators
    (the web upload's own). A text without French is given in English, as it was stored."""
    if lang == "en":
        return Described(problem.file, problem.location, problem.message, problem.fix, str(problem))
    catalogue = (*tuple(extra), *CATALOGUE)
    message = french(problem.message, catalogue) or problem.message
    fix = (french(problem.fix, catalogue) or problem.fix) if problem.fix else ""
    location = _french_location(problem)
    text = f"{location} : {message}" + (f". Corrigez : {fix}" if fix else "")
    return Described(_FILES.get(problem.file, problem.file), location, message, fix, text)


# Every message and fix the validators write (cells, validation, integrity, sources, panel and the
# problem log's summary line), most specific first: the first template that matches says it.
CATALOGUE: tuple[Wording, ...] = tuple(wording(en, fr) for en, fr in (
    # cells.py: one cell that cannot be read
    ('"{value}" is not a number', "« {value} » n’est pas un nombre"),
    ('"{value}" is not a whole number', "« {value} » n’est pas un nombre entier"),
    ('"{value}" is not a date', "« {value} » n’est pas une date qui existe"),
    ('"{value}" is not yes or no', "« {value} » n’est ni oui ni non"),
    ('"{value}" is not one of {listed}', "« {value} » ne fait pas partie des valeurs admises ({listed})"),
    ('"{value}" must be greater than {bound}', "« {value} » doit être strictement supérieur à {bound}"),
    ('"{value}" is below the minimum of {bound}', "« {value} » est inférieur au minimum ({bound})"),
    ('"{value}" is above the maximum of {bound}', "« {value} » est supérieur au maximum ({bound})"),
    ("the cell is empty", "la cellule est vide"),
    ("write a whole number, e.g. 24", "écrivez un nombre entier, par exemple 24"),
    ("write a number with , for decimals, e.g. 12,50 (no currency sign)",
     "écrivez un nombre avec une virgule pour les décimales, par exemple 12,50 (sans symbole monétaire)"),
    ("write a number with . for decimals, e.g. 12.50 (no currency sign)",
     "écrivez un nombre avec un point pour les décimales, par exemple 12.50 (sans symbole monétaire)"),
    ("write a real date as 2024-03-31 or {order}", "écrivez une date qui existe, sous la forme 2024-03-31 ou {order}"),
    ("write true/false, yes/no, oui/non, vrai/faux, 1/0, y/n or o/n",
     "écrivez oui/non, vrai/faux, o/n, true/false, yes/no, y/n ou 1/0"),
    ("write one of: {listed}", "écrivez l’une de ces valeurs : {listed}"),
    ("write a value of at least {bound} (not the bound itself)", "écrivez une valeur strictement supérieure à {bound}"),
    ("write a value of at least {bound}", "écrivez une valeur d’au moins {bound}"),
    ("write a value of at most {bound}", "écrivez une valeur d’au plus {bound}"),
    ("fill in {column}: it is required", "remplissez {column} : cette colonne est obligatoire"),
    # problems.py: the summary of a kind of problem repeated beyond the listed ones
    ("… and 1 more lines like this in column {column}", "… et 1 autre ligne comme celle-ci dans la colonne {column}"),
    ("… and 1 more lines like this", "… et 1 autre ligne comme celle-ci"),
    ("… and {count} more lines like this in column {column}",
     "… et {count} autres lignes comme celle-ci dans la colonne {column}"),
    ("… and {count} more lines like this", "… et {count} autres lignes comme celle-ci"),
    # validation.py: the header, the files and the tables
    ("the column {name} appears twice in the header", "la colonne {name} apparaît deux fois dans l’en-tête"),
    ("keep one column of each name", "ne gardez qu’une colonne de chaque nom"),
    ("the column {name} is not in the contract of {table}: it is kept as text",
     "la colonne {name} ne fait pas partie du contrat de la table {table} : elle est conservée comme texte"),
    ("nothing to do if you want it kept; if it was meant to be {close}, rename it",
     "rien à faire si vous voulez la garder ; si elle devait s’appeler {close}, renommez-la"),
    ("nothing to do if you want it kept", "rien à faire si vous voulez la garder"),
    ("the optional column {name} is missing: it is read as empty",
     "la colonne facultative {name} est absente : elle est lue comme vide"),
    ("add a column {name} if you have the data", "ajoutez une colonne {name} si vous avez ces données"),
    ("the required column {name} is missing", "la colonne obligatoire {name} est absente"),
    ("add a column named {name} to the header (line 1); check the separator if the header looks right",
     "ajoutez une colonne nommée {name} à l’en-tête (ligne 1) ; si l’en-tête semble juste, vérifiez le séparateur"),
    # A detail cut at 300 characters may have lost its closing parenthesis: it is kept as it came.
    ("the file cannot be read ({detail}", "le fichier ne peut pas être lu ({detail}"),
    ("open it in a spreadsheet program and save it again as .csv or .xlsx",
     "ouvrez-le dans un tableur et enregistrez-le de nouveau en .csv ou .xlsx"),
    ("the table is empty: no header line was found", "la table est vide : aucune ligne d’en-tête n’a été trouvée"),
    ("put the column names on line 1, then one row per line",
     "mettez les noms des colonnes sur la ligne 1, puis un enregistrement par ligne"),
    ("the table {name} is missing: it is required", "la table {name} est absente : elle est obligatoire"),
    ("add {name}.csv (or a sheet named {name} in the workbook)",
     "ajoutez {name}.csv (ou une feuille nommée {name} dans le classeur)"),
    ("the cross-table checks failed ({detail}", "les contrôles entre tables ont échoué ({detail}"),
    ("report this problem to the missionlens maintainers", "signalez ce problème aux mainteneurs de missionlens"),
    # integrity.py: keys, references and dates across rows and tables
    ('institution_id "{value}" with year {year} is already on line {line}',
     "institution_id « {value} » figure déjà pour l’année {year}, à la ligne {line}"),
    ("this {column} is already on line {line}", "cette valeur de {column} figure déjà à la ligne {line}"),
    ("{pairs} is already on line {line}", "{pairs} figure déjà à la ligne {line}"),
    ("give each row its own {keys}, or remove the repeated row",
     "donnez à chaque ligne sa propre valeur de {keys}, ou supprimez la ligne répétée"),
    ("give each institution one row per year, or remove the repeated row",
     "donnez à chaque institution une seule ligne par année, ou supprimez la ligne répétée"),
    ("this borrower is not in {label}", "cet emprunteur n’est pas dans {label}"),
    ('{noun} "{value}" is not in {label}', "{noun} « {value} » n’est pas dans {label}"),
    ("add the {noun} to {label} or correct the {column}", "ajoutez {noun} à {label} ou corrigez {column}"),
    ("{later} {date} is before {earlier} {date2} (money paid out before it was asked for)",
     "{later} {date} est antérieure à {earlier} {date2} (de l’argent versé avant d’être demandé)"),
    ("{later} {date} is before {earlier} {date2} (a decision before the application)",
     "{later} {date} est antérieure à {earlier} {date2} (une décision avant la demande)"),
    ("{later} {date} is before {earlier} {date2} (closed before it was paid out)",
     "{later} {date} est antérieure à {earlier} {date2} (un prêt clos avant d’être décaissé)"),
    ("check both dates: a loan is disbursed on or after its application",
     "vérifiez les deux dates : un prêt est décaissé le jour de sa demande ou après"),
    ("check both dates: a decision comes on or after the application",
     "vérifiez les deux dates : la décision vient le jour de la demande ou après"),
    ("check both dates: a loan is closed on or after its disbursement",
     "vérifiez les deux dates : un prêt est clos le jour de son décaissement ou après"),
    ("a loan whose decision is {decision} needs its decision date",
     "un prêt dont la décision est {decision} doit avoir sa date de décision"),
    ("fill in decision_date: it may only be empty while the decision is pending",
     "remplissez decision_date : elle ne peut rester vide que tant que la décision est en attente (pending)"),
    ("a loan with status {status} was paid out but has no disbursement date",
     "un prêt au statut {status} a été décaissé mais n’a pas de date de décaissement"),
    ("fill in disbursement_date, or correct the status", "remplissez disbursement_date, ou corrigez le statut"),
    ("a loan whose decision is {decision} has a disbursement date",
     "un prêt dont la décision est {decision} a une date de décaissement"),
    ("check the decision (only approved loans are paid out) or clear disbursement_date",
     "vérifiez la décision (seuls les prêts accordés, approved, sont décaissés) ou videz disbursement_date"),
    ("status {status} does not fit the decision {decision}",
     "le statut {status} ne correspond pas à la décision {decision}"),
    ("check the status and the decision of this loan", "vérifiez le statut et la décision de ce prêt"),
    ("paid_date {date} is before the loan's disbursement_date {date2} ({label} line {line})",
     "paid_date {date} est antérieure à la date de décaissement du prêt, {date2} ({label}, ligne {line})"),
    ("check the payment date and the loan's disbursement date",
     "vérifiez la date du paiement et la date de décaissement du prêt"),
    ("entry_date {date} is after this borrower's first session on {date2} (in {label})",
     "entry_date {date} est postérieure à la première séance de cet emprunteur, le {date2} (dans {label})"),
    ("entry_date is the first contact: set it on or before the first session",
     "entry_date est la date du premier contact : mettez-la au plus tard le jour de la première séance"),
    # sources.py: finding the tables and reading their lines
    ("the workbook cannot be opened ({detail}", "le classeur ne peut pas être ouvert ({detail}"),
    ("save it again from the spreadsheet program as .xlsx", "enregistrez-le de nouveau en .xlsx depuis votre tableur"),
    ("the sheet {q}{sheet}{q} is not a table of the contract", "la feuille « {sheet} » n’est pas une table du contrat"),
    ("name each sheet like its table (loans, borrowers, ...); this sheet was ignored",
     "nommez chaque feuille comme sa table (loans, borrowers, ...) ; cette feuille a été ignorée"),
    ("this folder or file does not exist", "ce dossier ou ce fichier n’existe pas"),
    ("give the folder that holds loans.csv, borrowers.csv, ...",
     "indiquez le dossier qui contient loans.csv, borrowers.csv, ..."),
    ("this file was not read", "ce fichier n’a pas été lu"),
    ("save tables as .csv, .xlsx or .parquet named like the table (and matching the dialect asked for)",
     "enregistrez les tables en .csv, .xlsx ou .parquet, nommées comme la table (et dans le format demandé)"),
    ("the file name is not a table of the contract", "le nom du fichier n’est celui d’aucune table du contrat"),
    ("name the file like its table (loans.csv, borrowers.csv, ...); it was ignored",
     "nommez le fichier comme sa table (loans.csv, borrowers.csv, ...) ; il a été ignoré"),
    ("the table {table} is also given by {label}", "la table {table} est aussi fournie par {label}"),
    ("keep one file per table", "gardez un seul fichier par table"),
    ("the line cannot be read ({detail}", "la ligne ne peut pas être lue ({detail}"),
    ("check the separators and quotes of this line: a value holding the separator ({separator}) or a line "
     "break must stand between double quotes",
     "vérifiez les séparateurs et les guillemets de cette ligne : une valeur qui contient le séparateur "
     "({separator}) ou un retour à la ligne doit être entre guillemets doubles (\")"),
    ("the line has {cells} cells where the header has {cells2}",
     "la ligne a {cells} cellules alors que l’en-tête en a {cells2}"),
    ("the cell holds bytes that are not {encoding} text",
     "la cellule contient des octets qui ne sont pas du texte {encoding}"),
    ("save the file again as UTF-8 (or Windows-1252) text",
     "enregistrez de nouveau le fichier en texte UTF-8 (ou Windows-1252)"),
    # panel.py: the institution panel's own words
    ("give the folder that holds institutions.csv, or the file itself",
     "indiquez le dossier qui contient institutions.csv, ou le fichier lui-même"),
    ("add institutions.csv (one row per institution and year) to the folder",
     "ajoutez institutions.csv (une ligne par institution et par année) au dossier"),
    ("income_per_capita is given without saying which measure it is",
     "income_per_capita est renseigné sans dire de quelle mesure il s’agit"),
    ("write gni, gdp or gdp_ppp in income_measure", "écrivez gni, gdp ou gdp_ppp dans income_measure"),
))
