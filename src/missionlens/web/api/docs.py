"""The OpenAPI schema, its documentation page, and the page where a person gets their API token.

drf-spectacular's Swagger and Redoc pages load JavaScript from a CDN, which a deployment may not
reach; the documentation page is drawn here, on the server, from the same schema.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authtoken.models import Token

from missionlens.web.access import Capability, allow
from missionlens.web.api.permissions import HasCapability
from missionlens.web.models import record

METHODS = ("get", "post", "put", "patch", "delete")


class SchemaView(SpectacularAPIView):
    """OpenAPI 3 schema: YAML by default, JSON with `?format=json`."""

    permission_classes = [HasCapability]
    capabilities: ClassVar[dict[str, Capability]] = {"GET": "public"}


def schema() -> dict[str, Any]:
    return dict(SchemaGenerator().get_schema(request=None, public=True))  # type: ignore[no-untyped-call]


def operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    """Each path and method with its summary, parameters, body and answers, for the page."""
    out = []
    for path, item in document.get("paths", {}).items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            out.append({
                "method": method.upper(), "path": path, "summary": operation.get("description", ""),
                "parameters": [(p["name"], p.get("in", ""), p.get("description", "")) for p in operation.get("parameters", [])],
                "body": str(body.get("$ref", "")).rsplit("/", 1)[-1],
                "answers": sorted(operation.get("responses", {})),
            })
    return out


@allow("public")
def docs(request: HttpRequest) -> HttpResponse:
    document = schema()
    components = document.get("components", {}).get("schemas", {})
    shapes = [{"name": name, "fields": [(field, spec.get("type", spec.get("$ref", "")).rsplit("/", 1)[-1],
                                         field in shape.get("required", []), spec.get("description", ""))
                                        for field, spec in shape.get("properties", {}).items()]}
              for name, shape in sorted(components.items())]
    return render(request, "missionlens/api_docs.html", {
        "info": document.get("info", {}), "operations": operations(document), "shapes": shapes,
    })


@allow("view_aggregates")
def token(request: HttpRequest) -> HttpResponse:
    """Show one's API token; POST makes a new one (the old one stops working)."""
    if request.method == "POST":
        with transaction.atomic():
            Token.objects.filter(user=request.user).delete()
            made = Token.objects.create(user=request.user)
            record(request.user, "token.renew", made.user, summary=_("API token renewed"))
        messages.success(request, _("A new token is ready; the previous one no longer works."))
        return redirect("api-token-page")
    found = Token.objects.filter(user=request.user).first()
    return render(request, "missionlens/api_token.html", {"token": found.key if found else ""})
