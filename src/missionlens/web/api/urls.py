"""The API's routes, mounted under /api/ by web/urls.py (names start with `api-`)."""

from __future__ import annotations

from django.urls import path

from missionlens.web.api import docs, views
from missionlens.web.api.permissions import guarded

urlpatterns = [
    path("review/", guarded(views.ReviewView), name="api-review"),
    path("evidence/", guarded(views.EvidenceList), name="api-evidence"),
    path("evidence/<int:pk>/", guarded(views.EvidenceDetail), name="api-evidence-detail"),
    path("indicators/<slug:key>/discussion/", guarded(views.DiscussionView), name="api-discussion"),
    path("token/", guarded(views.TokenView), name="api-token"),
    path("schema/", guarded(docs.SchemaView), name="api-schema"),
    path("docs/", docs.docs, name="api-docs"),
    path("token/page/", docs.token, name="api-token-page"),
]
