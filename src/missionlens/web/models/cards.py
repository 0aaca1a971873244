"""Indicator cards as people edit and debate them: every version kept, and the discussion."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CardStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    ADOPTED = "adopted", _("adopted")
    CONTESTED = "contested", _("contested")
    RETIRED = "retired", _("retired")


class CardVersion(models.Model):
    """One version of an indicator's card. `content` holds the card's fields (purpose, shows,
    hides, perverse_effects, read_with, use, defined_with...), as in the review JSON's card."""

    indicator = models.CharField(_("indicator"), max_length=64)
    version = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=16, choices=CardStatus.choices)
    content = models.JSONField(_("content"))
    reason = models.TextField(_("reason"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["indicator", "-version"]
        verbose_name = _("card version")
        constraints = [models.UniqueConstraint(fields=["indicator", "version"], name="one_card_version_number")]

    def __str__(self) -> str:
        return f"{self.indicator} v{self.version}"


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("comment")
    CONTEST = "contest", _("contest")


class Comment(models.Model):
    """A word in an indicator's discussion; a contest says why the number misleads."""

    indicator = models.CharField(_("indicator"), max_length=64)
    card_version = models.ForeignKey(CardVersion, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments")
    kind = models.CharField(_("kind"), max_length=16, choices=CommentKind.choices, default=CommentKind.COMMENT)
    text = models.TextField(_("text"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments")
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created"]
        verbose_name = _("comment")
        indexes = [models.Index(fields=["indicator", "created"])]
