"""The capture form (mobile-first: big chips, not dropdowns, for what is chosen most) and the list's filters.

The form only reads what was typed; the rules live in evidence.py, shared with the API. A refusal
comes back on its field, with the typed text kept.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from missionlens.web.access import Viewer
from missionlens.web.evidence import Draft, EvidenceRefused, Search, Vocabulary
from missionlens.web.models import Branch, EvidenceKind


# An HTML date input reads and writes ISO dates only, whatever the language of the page.
class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is it?"), choices=EvidenceKind.choices, initial=EvidenceKind.OBSERVATION,
                             widget=forms.RadioSelect)
    text = forms.CharField(label=_("What you saw or heard"), max_length=4000, strip=False,
                           widget=forms.Textarea(attrs={"rows": 4}),
                           help_text=_("No name: the person is named by their file number only."))
    dimension = forms.ChoiceField(label=_("Mission dimension"), choices=(), widget=forms.RadioSelect)
    indicator = forms.ChoiceField(label=_("Indicator concerned (optional)"), choices=(), required=False)
    borrower = forms.CharField(label=_("File number (optional)"), max_length=64, required=False)
    consent = forms.BooleanField(label=_("The person agreed that their words be quoted (testimony)"), required=False)
    observed_on = forms.DateField(label=_("Seen or heard on"), widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                                  error_messages={"invalid": _("Give the date as YYYY-MM-DD."),
                                                  "required": _("Give the date it was seen or heard (YYYY-MM-DD).")})
    branch = forms.ChoiceField(label=_("Branch"), choices=(), required=False)
    published = forms.BooleanField(label=_("Published (the board may read it)"), required=False)
    edited = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, viewer: Viewer, words: Vocabulary, today: date, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("observed_on", today)
        super().__init__(*args, **kwargs)
        self.fields["dimension"].choices = list(words.dimensions)
        self.fields["indicator"].choices = [("", "–"), *words.indicators]
        if viewer.role == "advisor":
            del self.fields["branch"]
        else:
            self.fields["branch"].choices = [("", _("whole organisation")),
                                             *Branch.objects.values_list("code", "name")]
        if not viewer.can("manage"):
            del self.fields["published"]
        for name in ("text", "borrower", "indicator", "branch", "observed_on"):
            if name in self.fields:
                self.fields[name].widget.attrs.setdefault("class", "wide")

    def draft(self) -> Draft:
        data: dict[str, Any] = getattr(self, "cleaned_data", {})  # an unbound form filters nothing
        return Draft(
            kind=data["kind"], text=data["text"], dimension=data["dimension"], observed_on=data["observed_on"],
            indicator=data.get("indicator") or "", borrower=data.get("borrower") or "",
            consent=bool(data.get("consent")), branch=data.get("branch") or "",
            published=bool(data["published"]) if "published" in self.fields else None,
        )

    def refused(self, problem: EvidenceRefused) -> None:
        """Put each refusal on its field (or on the form as a whole)."""
        for name, messages in problem.errors.items():
            for message in messages:
                self.add_error(name if name in self.fields and name != "edited" else None, message)


class SearchForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("all")), *EvidenceKind.choices], required=False)
    dimension = forms.ChoiceField(label=_("Mission dimension"), choices=(), required=False)
    indicator = forms.ChoiceField(label=_("Indicator"), choices=(), required=False)
    branch = forms.ChoiceField(label=_("Branch"), choices=(), required=False)
    author = forms.CharField(label=_("Author"), max_length=150, required=False)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                            error_messages={"invalid": _("Give the date as YYYY-MM-DD.")})
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
                            error_messages={"invalid": _("Give the date as YYYY-MM-DD.")})

    def __init__(self, *args: Any, viewer: Viewer, words: Vocabulary, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["dimension"].choices = [("", _("all")), *words.dimensions]
        self.fields["indicator"].choices = [("", _("all")), *words.indicators]
        branches = Branch.objects.values_list("code", "name")
        if not viewer.sees_all_branches:
            branches = branches.filter(pk=viewer.branch.pk if viewer.branch else None)
        self.fields["branch"].choices = [("", _("all")), *branches]

    def search(self) -> Search:
        self.is_valid()  # a bad date is shown on its field; the valid filters still apply
        data: dict[str, Any] = getattr(self, "cleaned_data", {})  # an unbound form filters nothing
        return Search.of(data)
