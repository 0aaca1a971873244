"""Evidence in plain words, French and English, with the numbers and the sample sizes behind them.

"Minutes of accompaniment per new loan fell from 160 to 98 from July 2023; 1,250 loans behind
these figures" (issue 4). Every sentence names the indicator in the mission's words, both
levels, the first period of the change and the count of units it rests on, so that a reader can
judge how much weight it bears. Questions come from the perverse effects on the indicator's card.
"""

from __future__ import annotations

from missionlens.mission import Mission
from missionlens.signals.findings import Text
from missionlens.signals.series import Grain

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
              "October", "November", "December")
_MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
              "octobre", "novembre", "décembre")

# What the n of each indicator counts (the catalogue's denominators).
_LOANS = Text("prêts", "loans")
_BORROWERS = Text("personnes", "borrowers")
_SESSIONS = Text("rendez-vous", "sessions")
_NOUNS: dict[str, Text] = {
    **dict.fromkeys(("loans_disbursed", "avg_loan_amount", "minutes_per_new_loan", "followup_60d_rate",
                     "loan_to_income", "repeat_borrower_share", "restructured_share", "amount_disbursed",
                     "par30", "par90", "write_off_rate"), _LOANS),
    **dict.fromkeys(("arrears_inflow30", "arrears_inflow90"), Text("prêts sains", "performing loans")),
    **dict.fromkeys(("share_women", "share_minimum_benefits", "share_unbanked", "share_priority_area",
                     "new_borrowers", "active_borrowers", "caseload_per_advisor",
                     "followup_minutes_per_borrower", "people_met_per_loan"), _BORROWERS),
    **dict.fromkeys(("minutes_per_session", "volunteer_share_minutes", "crisis_sessions",
                     "accompaniment_minutes"), _SESSIONS),
    "approval_rate": Text("décisions", "decisions"),
    "declined_minimum_benefits_share": Text("refus", "declined applications"),
    "pressure_notes_share": Text("notes de l'équipe", "staff notes"),
    "recommend_score": Text("avis", "feedback answers"),
    "life_better_share": Text("avis", "feedback answers"),
    "voices_heard": Text("notes et avis", "notes and feedback"),
    "borrower_voice_share": Text("notes et avis", "notes and feedback"),
}
_DEFAULT_NOUN = Text("observations", "observations")


def period_words(period: str, grain: Grain) -> Text:
    """'2023-07' -> 'July 2023' / 'juillet 2023'; quarters 'Q3 2023' / 'T3 2023'; years unchanged."""
    if grain == "month" and len(period) == 7:
        month = int(period[5:7]) - 1
        return Text(f"{_MONTHS_FR[month]} {period[:4]}", f"{_MONTHS_EN[month]} {period[:4]}")
    if grain == "quarter" and "Q" in period:
        return Text(f"T{period[-1]} {period[:4]}", f"Q{period[-1]} {period[:4]}")
    return Text(period, period)


def _grouped(value: float, decimals: int, lang: str) -> str:
    text = f"{value:,.{decimals}f}"
    if lang == "fr":
        text = text.replace(",", "\u202f").replace(".", ",")
    return text


def number(value: float, unit: str, lang: str) -> str:
    """A value as a reader expects it: shares in per cent, counts grouped, ratios with decimals."""
    if unit == "share":
        pct = _grouped(100 * value, 0 if abs(value) >= 0.1 else 1, lang)
        return f"{pct}\u00a0%" if lang == "fr" else f"{pct}%"
    if unit in ("count", "amount", "minutes"):
        return _grouped(value, 0 if abs(value) >= 10 else 1, lang)
    return _grouped(value, 2 if abs(value) < 10 else 1, lang)


def count(value: int, lang: str) -> str:
    return _grouped(float(value), 0, lang)


def title(mission: Mission | None, key: str) -> Text:
    if mission is not None:
        try:
            return Text(mission.title(key, "fr"), mission.title(key, "en"))
        except (KeyError, StopIteration):
            pass
    words = key.replace("_", " ")
    return Text(words, words)


def noun(key: str) -> Text:
    return _NOUNS.get(key, _DEFAULT_NOUN)


def change_sentence(
    name: Text, unit: str, direction: str, before: float, after: float, start: str, grain: Grain,
    n: int, key: str, gradual: bool,
) -> Text:
    when = period_words(start, grain)
    units = noun(key)
    if gradual:
        verb = Text("baisse progressivement" if direction == "down" else "monte progressivement",
                    "falling gradually" if direction == "down" else "rising gradually")
        fr = (f"{name.fr} : {verb.fr} depuis {when.fr}, de {number(before, unit, 'fr')} "
              f"à {number(after, unit, 'fr')}")
        # A colon, as in French: "has been" would not agree with plural names ("Crisis sessions per
        # 100 active borrowers").
        en = f"{name.en}: {verb.en} since {when.en}, from {number(before, unit, 'en')} to {number(after, unit, 'en')}"
    else:
        verb = Text("en baisse" if direction == "down" else "en hausse", "fell" if direction == "down" else "rose")
        fr = (f"{name.fr} : {verb.fr}, de {number(before, unit, 'fr')} à {number(after, unit, 'fr')} "
              f"à partir de {when.fr}")
        en = f"{name.en} {verb.en} from {number(before, unit, 'en')} to {number(after, unit, 'en')} from {when.en}"
    if n > 0:
        fr += f" ; {count(n, 'fr')} {units.fr} derrière ces chiffres"
        en += f"; {count(n, 'en')} {units.en} behind these figures"
    return Text(fr + ".", en + ".")


def questions(mission: Mission | None, key: str, start: str, grain: Grain, limit: int = 3) -> tuple[Text, ...]:
    """A question about the change itself, then one per perverse effect on the indicator's card."""
    when = period_words(start, grain)
    out = [Text(
        f"Qu'est-ce qui a changé vers {when.fr}, et qu'en disent les personnes sur le terrain ?",
        f"What changed around {when.en}, and what do the people in the field say about it?",
    )]
    card = mission.cards.get(key) if mission is not None else None
    if card is not None:
        pairs = zip(card.perverse_effects.fr, card.perverse_effects.en, strict=False)
        for fr, en in list(pairs)[:limit]:
            out.append(Text(f"Est-ce ce qui se passe ici ? {fr}", f"Is this happening here? {en}"))
    return tuple(out)


def lowered(text: str) -> str:
    """A name or sentence set inside another sentence: its first letter in lower case."""
    return text[:1].lower() + text[1:]


# Beyond this many, the indicators a start is shared with are counted, not named: the evidence of
# an outreach drift shared by seven indicators would otherwise list six names in every alert.
NAMED_AT_MOST = 3


def _listed(names: list[str], lang: str) -> str:
    """'a', 'a and b', 'a, b and c', or 'a, b and 4 other indicators' (French alike)."""
    if len(names) > NAMED_AT_MOST:
        rest = len(names) - (NAMED_AT_MOST - 1)
        names = [*names[:NAMED_AT_MOST - 1], f"{rest} autres indicateurs" if lang == "fr" else f"{rest} other indicators"]
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} {'et' if lang == 'fr' else 'and'} {names[-1]}"


def timing_sentence(window: tuple[str, str], shared_with: list[Text], grain: Grain) -> Text | None:
    """How surely the start is known: the first and last starts the indicator's own figures allow
    (drift.py), and the indicators whose common start it is dated at (dating.py). None for a start
    its figures pin to one period, with no other indicator."""
    first, last = (period_words(p, grain) for p in window)
    if shared_with:
        fr_names = _listed([lowered(n.fr) for n in shared_with], "fr")
        en_names = _listed([lowered(n.en) for n in shared_with], "en")
        fr = f"Daté au début qu'il partage avec {fr_names}"
        en = f"Dated at the start it shares with {en_names}"
        if window[0] != window[1]:
            fr += f" ; ses propres chiffres situent ce début entre {first.fr} et {last.fr}"
            en += f"; its own figures place that start between {first.en} and {last.en}"
        return Text(fr + ".", en + ".")
    if window[0] == window[1]:
        return None
    return Text(f"Ses chiffres situent le début entre {first.fr} et {last.fr}.",
                f"Its figures place the start between {first.en} and {last.en}.")


def inflow_sentence(name: Text, before: float, after: float) -> Text:
    """The inflow behind a stock's change (stocks.py): 'Behind it, loans entering arrears ...: from
    1.5% to 2.6% of performing loans a period.'"""
    fr = f"En amont, {lowered(name.fr)} : de {number(before, 'share', 'fr')} à {number(after, 'share', 'fr')}"
    en = f"Behind it, {lowered(name.en)}: from {number(before, 'share', 'en')} to {number(after, 'share', 'en')}"
    return Text(fr + ".", en + ".")


def per_units(name: Text, exposure: Text, per: int) -> Text:
    """'Crisis sessions' per 100 'Active borrowers' -> 'Crisis sessions per 100 active borrowers'."""
    return Text(f"{name.fr} pour {per} {lowered(exposure.fr)}", f"{name.en} per {per} {lowered(exposure.en)}")
