"""What the API reads and writes. Input is only typed here: the rules are evidence.py's and
discussions.py's, so that the page and the API refuse the same things with the same words."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from missionlens.web.access import Viewer, borrower_shown
from missionlens.web.models import CommentKind, Evidence, EvidenceKind

DATE_ERRORS = {"invalid": _("Give the date as YYYY-MM-DD.")}


class EvidenceOut(serializers.ModelSerializer[Evidence]):
    """A piece of evidence as the viewer may read it (the borrower only where access.py allows)."""

    borrower = serializers.SerializerMethodField()
    branch = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()
    edited = serializers.DateTimeField(read_only=True, help_text="The version: send it back as `edited` when editing.")

    class Meta:
        model = Evidence
        fields = ["id", "kind", "text", "dimension", "indicator", "borrower", "consent", "branch", "author",
                  "published", "observed_on", "created", "edited"]

    def _viewer(self) -> Viewer:
        return self.context["viewer"]

    def get_borrower(self, item: Evidence) -> str:
        return borrower_shown(self._viewer(), item.borrower, item.branch.code if item.branch else None)

    def get_branch(self, item: Evidence) -> str:
        return item.branch.code if item.branch else ""

    def get_author(self, item: Evidence) -> str:
        return item.author.get_username()


class EvidenceIn(serializers.Serializer[dict[str, Any]]):
    """New evidence. `borrower`: a file number or a pseudonym (b_…), stored as a pseudonym only."""

    kind = serializers.ChoiceField(choices=EvidenceKind.choices)
    text = serializers.CharField(max_length=4000, trim_whitespace=False)
    dimension = serializers.CharField(max_length=64)
    indicator = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    borrower = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    consent = serializers.BooleanField(required=False, default=False)
    observed_on = serializers.DateField(required=False, allow_null=True, default=None, error_messages=DATE_ERRORS,
                                        help_text="Defaults to today.")
    branch = serializers.CharField(max_length=64, required=False, allow_blank=True, default="",
                                   help_text="A branch code (managers); an advisor's evidence is their branch's.")
    published = serializers.BooleanField(required=False, allow_null=True, default=None,
                                         help_text="Managers only.")


class EvidenceChange(EvidenceIn):
    """An edit: only the fields sent change. `edited` (from the last read) refuses a lost update."""

    kind = serializers.ChoiceField(choices=EvidenceKind.choices, required=False)
    text = serializers.CharField(max_length=4000, trim_whitespace=False, required=False)
    dimension = serializers.CharField(max_length=64, required=False)
    indicator = serializers.CharField(max_length=64, required=False, allow_blank=True)
    borrower = serializers.CharField(max_length=64, required=False, allow_blank=True)
    consent = serializers.BooleanField(required=False)
    observed_on = serializers.DateField(required=False, error_messages=DATE_ERRORS)
    branch = serializers.CharField(max_length=64, required=False, allow_blank=True)
    edited = serializers.CharField(required=False, help_text="The `edited` value last read.")


class EvidenceQuery(serializers.Serializer[dict[str, Any]]):
    kind = serializers.ChoiceField(choices=EvidenceKind.choices, required=False)
    dimension = serializers.CharField(required=False)
    indicator = serializers.CharField(required=False)
    branch = serializers.CharField(required=False, help_text="A branch code.")
    author = serializers.CharField(required=False, help_text="A username.")
    since = serializers.DateField(required=False, error_messages=DATE_ERRORS)
    until = serializers.DateField(required=False, error_messages=DATE_ERRORS)


class ReviewQuery(serializers.Serializer[dict[str, Any]]):
    branch = serializers.CharField(required=False, allow_blank=True, default="",
                                   help_text="A branch code; empty for the whole organisation.")
    lang = serializers.ChoiceField(choices=[("fr", "French"), ("en", "English")], required=False, default="fr")


class CommentIn(serializers.Serializer[dict[str, Any]]):
    kind = serializers.ChoiceField(choices=CommentKind.choices, default=CommentKind.COMMENT)
    text = serializers.CharField(max_length=4000)


class CommentOut(serializers.Serializer[dict[str, Any]]):
    id = serializers.IntegerField()
    indicator = serializers.CharField()
    kind = serializers.CharField()
    text = serializers.CharField()
    author = serializers.CharField(source="author.username")
    created = serializers.DateTimeField()


class ErrorOut(serializers.Serializer[dict[str, Any]]):
    """A refusal: `detail`, or each field's name with its messages."""

    detail = serializers.CharField(required=False)


class TokenOut(serializers.Serializer[dict[str, Any]]):
    token = serializers.CharField()
