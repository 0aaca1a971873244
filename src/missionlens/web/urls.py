"""Every URL of the app. Each view is wrapped in access.allow (tests/web enumerate this list)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path
from django.views.i18n import set_language

from missionlens.web.access import allow
from missionlens.web.views import dashboard, indicators, system

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("indicators/<slug:key>/", indicators.indicator, name="indicator"),
    path("indicators/<slug:key>/discussion/", indicators.discuss, name="indicator-discuss"),
    path("accounts/login/", allow("public")(auth_views.LoginView.as_view(redirect_authenticated_user=True)),
         name="login"),
    path("accounts/logout/", allow("public")(auth_views.LogoutView.as_view()), name="logout"),
    path("i18n/setlang/", allow("public")(set_language), name="set_language"),
    path("healthz", system.health, name="health"),
]
