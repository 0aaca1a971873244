"""A card's review against the Muller checklist, kept with the version it examined.

Muller, *The Tyranny of Metrics* (2018), ends with a checklist to ask of any measure before
relying on it; a card cannot be adopted until its current version has been through it (cards.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from missionlens.web.models.cards import CardVersion


class CardReview(models.Model):
    """The answers to every question of the checklist (cards.CHECKLIST keys -> text)."""

    card_version = models.ForeignKey(CardVersion, on_delete=models.PROTECT, related_name="reviews")
    answers = models.JSONField(_("answers"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("card review")

    def __str__(self) -> str:
        return f"review of {self.card_version}"
