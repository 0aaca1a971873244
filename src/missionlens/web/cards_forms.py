"""The forms of the cards workflow. They collect and keep what was typed; the rules live in the
use cases (cards.py, cards_content.py), whose problems come back onto the fields they name."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from missionlens.data.contract import TABLES
from missionlens.mission import Mission
from missionlens.mission.catalogue import UNITS
from missionlens.mission.own_indicators import MEASURES
from missionlens.mission.texts import Lang
from missionlens.web.cards import CHECKLIST, CardError

LINES = _("One item a line.")


def _text(label: Any, *, required: bool = True, lines: int = 2, help_text: Any = "") -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=4000, help_text=help_text,
                           widget=forms.Textarea(attrs={"rows": lines}))


def _line(label: Any, *, required: bool = True, max_length: int = 200) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=max_length)


class CardForm(forms.Form):
    """A card in both languages: its texts, dimensions, use and review date."""

    title_fr = _line(_("Title (French)"))
    title_en = _line(_("Title (English)"))
    dimensions = forms.MultipleChoiceField(label=_("Mission dimensions it informs"), widget=forms.CheckboxSelectMultiple)
    unit = forms.ChoiceField(label=_("Unit"), required=False)
    purpose_fr = _text(_("What it is for (French)"))
    purpose_en = _text(_("What it is for (English)"))
    shows_fr = _text(_("What it shows (French)"))
    shows_en = _text(_("What it shows (English)"))
    hides_fr = _text(_("What it hides (French)"), lines=3, help_text=LINES)
    hides_en = _text(_("What it hides (English)"), lines=3, help_text=LINES)
    perverse_effects_fr = _text(_("Perverse effects once it becomes a target (French)"), lines=3, help_text=LINES)
    perverse_effects_en = _text(_("Perverse effects once it becomes a target (English)"), lines=3, help_text=LINES)
    use = forms.ChoiceField(label=_("Use"), widget=forms.RadioSelect, initial="learning", choices=[
        ("learning", _("learning: to understand and adjust")),
        ("accountability", _("accountability: to report to a board or funder")),
        ("reward", _("reward: pay, bonuses, rankings (strongly discouraged)")),
    ])
    use_note_fr = _text(_("How it should, and should not, be used (French)"), required=False)
    use_note_en = _text(_("How it should, and should not, be used (English)"), required=False)
    defined_with_fr = _text(_("Defined with whom, and who was not consulted (French)"), help_text=LINES)
    defined_with_en = _text(_("Defined with whom, and who was not consulted (English)"), help_text=LINES)
    read_with = _line(_("Read it with (indicator keys, separated by commas)"), required=False, max_length=1000)
    review_by = forms.DateField(label=_("Review by"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = _text(_("Why (kept in the history)"))
    seen = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, mission: Mission, lang: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        language: Lang = "en" if lang == "en" else "fr"
        dimensions: forms.MultipleChoiceField = self.fields["dimensions"]
        dimensions.choices = [(k, d.title.get(language)) for k, d in mission.dimensions.items()]
        unit: forms.ChoiceField = self.fields["unit"]
        unit.choices = [("", "–"), *((u, u) for u in UNITS)]

    def refused(self, error: CardError) -> None:
        """Put the use case's problems on their fields (the typed text stays in the form)."""
        for field, message in error.problems:
            self.add_error(field if field in self.fields else None, message)


class ProposeForm(CardForm):
    """A new indicator: its key, its card and, optionally, how to compute it (mission/own_indicators.py)."""

    key = forms.CharField(label=_("Key"), max_length=64, help_text=_("lowercase letters, digits and _, e.g. share_first_loans"))
    formula_table = forms.ChoiceField(label=_("Table"), required=False,
                                      choices=[("", "–"), *((t, t) for t in TABLES)])
    formula_date = _line(_("Date column that places a row in a month"), required=False, max_length=64)
    formula_measure = forms.ChoiceField(label=_("Measure"), required=False, choices=[("", "–"), *((m, m) for m in MEASURES)])
    formula_column = _line(_("Column (for a sum or a mean)"), required=False, max_length=64)
    formula_where = _line(_("Rows counted (where)"), required=False, max_length=1000)
    formula_of = _line(_("Rows of the denominator, for a share (of)"), required=False, max_length=1000)

    field_order = ["key", "title_fr", "title_en"]


class ReasonForm(forms.Form):
    """Adopt, contest or retire: always with a reason."""

    reason = _text(_("Why (kept in the history)"), lines=3)
    seen = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ChecklistForm(forms.Form):
    """Muller's checklist: every question answered."""

    seen = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, question in CHECKLIST:
            self.fields[name] = _text(question, lines=2)

    def refused(self, error: CardError) -> None:
        for field, message in error.problems:
            self.add_error(field if field in self.fields else None, message)


PAIRS = ("purpose", "shows", "hides", "perverse_effects", "use_note", "defined_with")


def layout(form: CardForm) -> dict[str, Any]:
    """The form's fields in the order the page shows them: French and English side by side."""
    def pick(*names: str) -> list[Any]:
        return [form[n] for n in names if n in form.fields]

    return {
        "number": pick("key"), "titles": pick("title_fr", "title_en"), "scope": pick("dimensions", "unit"),
        "pairs": [pick(f"{name}_fr", f"{name}_en") for name in PAIRS],
        "use": pick("use", "read_with", "review_by"),
        "formula": [form[n] for n in form.fields if n.startswith("formula_")],
        "why": pick("reason", "seen"),
    }
