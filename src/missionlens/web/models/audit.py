"""Who changed what: one row per change to cards, evidence, imports and roles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64)
    target_type = models.CharField(_("what"), max_length=64)
    target_id = models.CharField(_("which"), max_length=64, blank=True)
    summary = models.CharField(_("summary"), max_length=500, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["target_type", "target_id"])]


def record(actor: object, action: str, target: object, summary: str = "", changes: dict[str, object] | None = None) -> AuditEntry:
    """Write one audit row; every feature that changes something calls this, inside its transaction."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=type(target).__name__.lower() if not isinstance(target, str) else target,
        target_id=str(getattr(target, "pk", "") or ""),
        summary=summary[:500],
        changes=changes or {},
    )
