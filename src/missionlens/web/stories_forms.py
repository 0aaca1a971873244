"""The story collection form (phone first: chips, one column) and the selection round's form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from missionlens.voices import Domain
from missionlens.voices.stories import TELLER_ROLES
from missionlens.web.access import Viewer
from missionlens.web.models import Branch
from missionlens.web.stories import RoundDraft, StoryDraft, StoryRefused, domain_title

TELLERS = {"borrower": _("a borrower"), "staff": _("an advisor"), "volunteer": _("a volunteer"),
           "manager": _("a manager"), "partner": _("a partner"), "board": _("a board member")}
LEVEL_WORDS = {"branch": _("branch panel"), "management": _("management panel"), "board": _("board panel")}


def _refused(form: forms.Form, problem: StoryRefused) -> None:
    for name, messages in problem.errors.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)


class StoryForm(forms.Form):
    domain = forms.ChoiceField(label=_("Domain of change"), choices=(), widget=forms.RadioSelect)
    teller_role = forms.ChoiceField(label=_("Who told it"), widget=forms.RadioSelect,
                                    choices=[(r, TELLERS[r]) for r in TELLER_ROLES])
    title = forms.CharField(label=_("A short title"), max_length=200, required=False)
    text = forms.CharField(label=_("The change, in the teller's words"), widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("What changed, for whom, since when. No name: the teller is not identified."))
    why_significant = forms.CharField(label=_("Why the teller thinks this change is the most significant"),
                                      widget=forms.Textarea(attrs={"rows": 3}))
    told_on = forms.DateField(label=_("Told on"), widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": _("Give the date as YYYY-MM-DD.")})
    branch = forms.ChoiceField(label=_("Branch"), choices=(), required=False)
    consent = forms.BooleanField(label=_("The teller agreed that the story be read by the panels and quoted in the "
                                         "reports, without their name"), required=False)

    def __init__(self, *args: Any, viewer: Viewer, domains: Sequence[Domain], lang: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["domain"].choices = [(d.key, domain_title(d, lang)) for d in domains]
        if viewer.role == "advisor":
            del self.fields["branch"]
        else:
            self.fields["branch"].choices = [("", _("whole organisation")), *Branch.objects.values_list("code", "name")]

    def draft(self) -> StoryDraft:
        data = self.cleaned_data
        return StoryDraft(domain=data["domain"], teller_role=data["teller_role"], told_on=data["told_on"],
                          title=data.get("title") or "", text=data["text"], why_significant=data["why_significant"],
                          consent=bool(data.get("consent")), branch=data.get("branch") or "")

    def refused(self, problem: StoryRefused) -> None:
        _refused(self, problem)


class RoundForm(forms.Form):
    """The stories read (candidates) and chosen, and the panel's reasons."""

    level = forms.ChoiceField(choices=[(k, v) for k, v in LEVEL_WORDS.items()], widget=forms.HiddenInput)
    domain = forms.CharField(widget=forms.HiddenInput)
    branch = forms.CharField(widget=forms.HiddenInput, required=False)
    panel = forms.CharField(label=_("Panel (who met)"), max_length=200)
    held_on = forms.DateField(label=_("Met on"), widget=forms.DateInput(attrs={"type": "date"}),
                              error_messages={"invalid": _("Give the date as YYYY-MM-DD.")})
    candidates = forms.MultipleChoiceField(label=_("Stories the panel read"), choices=(), required=False,
                                           widget=forms.CheckboxSelectMultiple)
    chosen = forms.MultipleChoiceField(label=_("Stories the panel chose"), choices=(), required=False,
                                       widget=forms.CheckboxSelectMultiple)
    reasons = forms.CharField(label=_("The panel's reasons (the tellers will read them)"),
                              widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, stories: Sequence[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["candidates"].choices = list(stories)
        # Any story id is accepted here: voices.round_problems says why one may not be chosen.
        self.fields["chosen"].choices = list(stories)

    def draft(self) -> RoundDraft:
        data = self.cleaned_data
        return RoundDraft(level=data["level"], domain=data["domain"], panel=data["panel"], held_on=data["held_on"],
                          candidates=tuple(data.get("candidates") or ()), chosen=tuple(data.get("chosen") or ()),
                          reasons=data["reasons"], branch=data.get("branch") or "")

    def refused(self, problem: StoryRefused) -> None:
        _refused(self, problem)
