"""Who works where: branches (agences) of the organisation and each user's role and branch."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Branch(models.Model):
    """A branch as named in the imported data (branches.branch_id), so evidence and data meet."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    region = models.CharField(_("region"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", _("administrator")
    MANAGER = "manager", _("manager")
    ADVISOR = "advisor", _("advisor")
    BOARD = "board", _("board or funder")
    # A network, federation or social investor: the network pages only, nothing of any borrower
    # nor of any organisation's evidence (issue 7; access.py).
    INVESTOR = "investor", _("investor or federation")


class Profile(models.Model):
    """A user's role and branch. A user without a profile has no access (access.py)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.PROTECT, related_name="people")

    class Meta:
        verbose_name = _("profile")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="advisor") | models.Q(branch__isnull=False),
                name="advisor_has_a_branch",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.role})"
