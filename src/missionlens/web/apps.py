"""The web app: one Django app holding what people write (evidence, cards, discussions, jobs, audit)."""

from __future__ import annotations

from django.apps import AppConfig
from django.core.signals import request_started


class WebConfig(AppConfig):
    name = "missionlens.web"
    label = "missionlens"
    verbose_name = "missionlens"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Start-up recovery of background jobs a crashed server left running (jobs.recover), once
        # per server process, at its first request: Django warns against queries inside ready(),
        # and under gunicorn the workers are forked after it. The job locks tell a dead job from
        # one another live worker is running, so every process may do it safely.
        from missionlens.web import jobs

        request_started.connect(jobs.recover_at_start, dispatch_uid="missionlens.jobs.recover")
