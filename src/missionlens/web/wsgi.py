"""The WSGI application that `missionlens serve` hands to gunicorn."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missionlens.web.settings")
application = get_wsgi_application()
