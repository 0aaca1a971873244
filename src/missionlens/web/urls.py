"""Every URL of the app. Each view is wrapped in access.allow (tests/web enumerate this list)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from missionlens.web.access import allow
from missionlens.web.views import audit, cards, dashboard, evidence, indicators, people, system
from missionlens.web.views import network as network_views
from missionlens.web.views import imports as import_views
from missionlens.web.views import reports as report_views
from missionlens.web.views import coding as coding_views
from missionlens.web.views import stories as story_views

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("indicators/<slug:key>/", indicators.indicator, name="indicator"),
    path("indicators/<slug:key>/discussion/", indicators.discuss, name="indicator-discuss"),
    path("accounts/login/", allow("public")(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
         name="login"),
    path("accounts/logout/", allow("public")(auth_views.LogoutView.as_view()), name="logout"),
    path("i18n/setlang/", allow("public")(set_language), name="set_language"),
    path("healthz", system.health, name="health"),
    path("network/", network_views.network, name="network"),
    path("network/panel/", network_views.upload, name="network-upload"),
    path("network/institutions/<path:institution_id>/", network_views.institution, name="network-institution"),
    path("evidence/", evidence.listing, name="evidence-list"),
    path("evidence/new/", evidence.capture, name="evidence-new"),
    path("evidence/<int:pk>/edit/", evidence.edit, name="evidence-edit"),
    path("api/", include("missionlens.web.api.urls")),
    path("cards/", cards.card_list, name="cards"),
    path("cards/new/", cards.propose, name="card-propose"),
    path("cards/<slug:key>/", cards.card, name="card"),
    path("cards/<slug:key>/revise/", cards.revise, name="card-revise"),
    path("cards/<slug:key>/review/", cards.review, name="card-review"),
    path("cards/<slug:key>/adopt/", cards.adopt, name="card-adopt"),
    path("cards/<slug:key>/contest/", cards.contest, name="card-contest"),
    path("cards/<slug:key>/retire/", cards.retire, name="card-retire"),
    path("audit/", audit.audit, name="audit"),
    path("people/", people.people, name="people"),
    path("people/<str:username>/", people.change, name="people-change"),
    path("imports/", import_views.imports_page, name="imports"),
    path("imports/<int:pk>/", import_views.import_job, name="import-job"),
    path("imports/<int:pk>/status.json", import_views.import_status, name="import-job-status"),
    path("imports/<int:pk>/confirm/", import_views.import_confirm, name="import-job-confirm"),
    path("imports/<int:pk>/cancel/", import_views.import_cancel, name="import-job-cancel"),
    path("reports/", report_views.reports_page, name="reports"),
    path("reports/<int:pk>/", report_views.report_job, name="report-job"),
    path("reports/<int:pk>/status.json", report_views.report_status, name="report-job-status"),
    path("reports/<int:pk>/<str:fmt>/", report_views.report_download, name="report-download"),
    path("coding/", coding_views.coding, name="coding"),
    path("coding/codebook/", coding_views.codebook, name="codebook"),
    path("coding/codebook/<int:pk>/", coding_views.code_edit, name="code-edit"),
    path("coding/suggestions/", coding_views.suggestions, name="code-suggestions"),
    path("coding/codebook.qdc", coding_views.codebook_export, name="codebook-export"),
    path("coding/project.qdpx", coding_views.project_export, name="project-export"),
    path("coding/codings/<int:pk>/remove/", coding_views.coding_remove, name="coding-remove"),
    path("coding/<slug:kind>/<slug:ref>/", coding_views.code_text, name="code-text"),
    path("stories/", story_views.stories, name="stories"),
    path("stories/new/", story_views.tell, name="story-new"),
    path("stories/select/", story_views.select, name="story-select"),
    path("stories/<int:pk>/", story_views.story, name="story"),
    path("stories/<int:pk>/verify/", story_views.verify, name="story-verify"),
]
