"""Serving the app: migrate, collect the static files, then gunicorn (never `runserver`)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication


def setup() -> None:
    """Configure Django from the environment (MISSIONLENS_* variables) in this process."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missionlens.web.settings")
    django.setup()


def prepare() -> None:
    """Bring the database schema up to date and gather the static files for whitenoise."""
    from django.core.management import call_command

    from django.conf import settings
    from django.db import connections

    # A first start: the data folder holds the SQLite file and the static files.
    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    # The workers are forked from this process: none may inherit its database connection.
    connections.close_all()


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # Loaded once in the master before the workers fork (preload_app): the URLconf and the
        # domain packages it imports are ready when the first request comes.
        import missionlens.web.urls  # noqa: F401
        from missionlens.web.wsgi import application

        return application


def serve(*, bind: str, workers: int, threads: int = 4) -> None:
    """Run gunicorn in the foreground until interrupted (Ctrl-C)."""
    _Gunicorn({
        "bind": bind,
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "preload_app": True,
        "accesslog": "-",
        "errorlog": "-",
        "timeout": 120,
        # gunicorn closes an idle kept-alive connection after 2 s by default; a client (or proxy)
        # that reuses it at that moment gets a dropped request. Under load the next request on a
        # connection often comes later than that, so idle connections are kept a while longer.
        "keepalive": 20,
        "graceful_timeout": 10,
    }).run()
