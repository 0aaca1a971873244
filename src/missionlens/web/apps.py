"""The web app: one Django app holding what people write (evidence, cards, discussions, jobs, audit)."""

from __future__ import annotations

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "missionlens.web"
    label = "missionlens"
    verbose_name = "missionlens"
    default_auto_field = "django.db.models.BigAutoField"
