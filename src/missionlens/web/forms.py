"""The forms of the pages, each refusing bad input with a message that says what to do."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from missionlens.web.discussions import MIN_CONTEST_LENGTH
from missionlens.web.models import CommentKind


class CommentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CommentKind.choices, initial=CommentKind.COMMENT,
                             widget=forms.RadioSelect)
    text = forms.CharField(label=_("Your comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        text = str(cleaned.get("text") or "").strip()
        if cleaned.get("kind") == CommentKind.CONTEST and text and len(text) < MIN_CONTEST_LENGTH:
            self.add_error("text", _("Say why this number misleads, in at least %(n)d characters.")
                           % {"n": MIN_CONTEST_LENGTH})
        return cleaned
