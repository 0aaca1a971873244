"""Pages outside the mission: the health check a load balancer polls."""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest, JsonResponse

from missionlens.web.access import allow


@allow("public")
def health(request: HttpRequest) -> JsonResponse:
    """200 when the database answers; says nothing about the data (no information leaks)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
