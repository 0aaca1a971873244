"""The field's own evidence: observations, judgements, testimonies, concerns and stories."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from missionlens.web.models.organisations import Branch


class EvidenceKind(models.TextChoices):
    OBSERVATION = "observation", _("observation")
    JUDGEMENT = "judgement", _("professional judgement")
    TESTIMONY = "testimony", _("testimony")
    CONCERN = "concern", _("concern")
    STORY = "story", _("story of change")


class Evidence(models.Model):
    """One piece of evidence. A testimony quotes a person: it needs their recorded consent.

    `borrower` is a pseudonym from the store (b_…), never a name or a raw file number.
    """

    kind = models.CharField(_("kind"), max_length=16, choices=EvidenceKind.choices)
    text = models.TextField(_("text"))
    dimension = models.CharField(_("mission dimension"), max_length=64)
    indicator = models.CharField(_("indicator"), max_length=64, blank=True)
    borrower = models.CharField(_("borrower (pseudonym)"), max_length=32, blank=True)
    consent = models.BooleanField(_("consent to be quoted"), default=False)
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="evidence")
    published = models.BooleanField(_("published"), default=False)
    observed_on = models.DateField(_("observed on"))
    created = models.DateTimeField(_("created"), auto_now_add=True)
    edited = models.DateTimeField(_("edited"), auto_now=True)

    class Meta:
        ordering = ["-observed_on", "-created"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        # The dashboard reads the latest few of each dimension (voices.py): the index gives them in order.
        indexes = [models.Index(fields=["dimension", "-observed_on", "-created"], name="evidence_latest_by_dimension"),
                   models.Index(fields=["indicator"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind="testimony") | models.Q(consent=True), name="testimony_needs_consent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.observed_on})"


class EvidenceEdit(models.Model):
    """The text and fields of a piece of evidence before one edit: the edit history."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="edits")
    editor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("edited at"), auto_now_add=True)
    before = models.JSONField(_("before"))

    class Meta:
        ordering = ["-at"]
        verbose_name = _("evidence edit")
