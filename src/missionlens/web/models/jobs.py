"""Background work people start from the browser: imports and reports, with their progress."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    PENDING = "pending", _("waiting")
    CHECKING = "checking", _("checking")
    REFUSED = "refused", _("refused")
    READY = "ready", _("ready to import")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class ImportJob(models.Model):
    """An upload checked, confirmed and imported; `problems` lists every validation problem
    (file, line, column, message, fix) as the review JSON's errors do."""

    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING)
    progress = models.FloatField(_("progress"), default=0.0)
    stage = models.CharField(_("stage"), max_length=200, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    upload = models.CharField(_("uploaded files"), max_length=500, blank=True)
    version = models.CharField(_("store version"), max_length=32, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(_("created"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("import")


class Audience(models.TextChoices):
    TEAM = "team", _("team")
    BOARD = "board", _("board")
    FUNDER = "funder", _("funder")


class ReportJob(models.Model):
    """A balanced report generated for a period and an audience."""

    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.PENDING)
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    period_start = models.CharField(_("first month"), max_length=7, blank=True)
    period_end = models.CharField(_("last month"), max_length=7, blank=True)
    lang = models.CharField(_("language"), max_length=2, default="fr")
    file = models.CharField(_("file"), max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created = models.DateTimeField(_("created"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("report")
