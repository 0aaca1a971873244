"""The codebook's and the coding page's forms: they read what was typed; web/coding.py decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from missionlens.web.coding import CodeDraft, CodingRefused
from missionlens.web.models import Code


def _parents(exclude: int | None = None) -> list[tuple[str, str]]:
    codes = Code.objects.order_by("name")
    if exclude is not None:
        codes = codes.exclude(pk=exclude)
    return [("", _("none (a top-level code)")), *((c.key, c.name) for c in codes)]


class CodeForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    key = forms.CharField(label=_("Key (optional: made from the name)"), max_length=64, required=False)
    description = forms.CharField(label=_("Description: when to use this code"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    parent = forms.ChoiceField(label=_("Under"), choices=(), required=False)
    colour = forms.CharField(label=_("Colour"), max_length=7, required=False,
                             widget=forms.TextInput(attrs={"type": "color"}))

    def __init__(self, *args: Any, editing: Code | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = _parents(editing.pk if editing else None)
        if editing is not None:
            del self.fields["key"]

    def draft(self) -> CodeDraft:
        data = self.cleaned_data
        return CodeDraft(name=data["name"], key=data.get("key") or "", description=data.get("description") or "",
                         parent=data.get("parent") or "", colour=data.get("colour") or "")

    def refused(self, problem: CodingRefused) -> None:
        for name, messages in problem.errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)


class PassageForm(forms.Form):
    """Without JavaScript the passage is copied into the box; with it, the selection fills the box
    and the offsets (coding.js)."""

    code = forms.ChoiceField(label=_("Code"), choices=())
    passage = forms.CharField(label=_("Passage"), strip=False, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Select the passage in the text above, or copy it here exactly."))
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(c.key, c.name) for c in Code.objects.order_by("name")]

    def refused(self, problem: CodingRefused) -> None:
        for name, messages in problem.errors.items():
            for message in messages:
                self.add_error(name if name in self.fields else None, message)
