"""Django settings, read from the environment through typed helpers (environment.py).

One module for every deployment: MISSIONLENS_DEBUG=1 for development, nothing for production
(which then needs MISSIONLENS_SECRET_KEY and MISSIONLENS_ALLOWED_HOSTS and passes
`manage.py check --deploy`). MISSIONLENS_HTTPS=0 is for a laptop demo served on http://127.0.0.1.
"""

from __future__ import annotations

import os
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from missionlens.web.environment import database, env_bool, env_int, env_list, env_path, secret_key

PACKAGE = Path(__file__).resolve().parent

DEBUG = env_bool("MISSIONLENS_DEBUG")
SECRET_KEY = secret_key(debug=DEBUG)
DATA_DIR = env_path("MISSIONLENS_DATA_DIR", default=Path.cwd() / "missionlens-data")
ALLOWED_HOSTS = env_list(
    "MISSIONLENS_ALLOWED_HOSTS", default=("127.0.0.1", "localhost") if DEBUG else ("localhost",)
)
DATABASES = {
    "default": database(os.environ.get("MISSIONLENS_DATABASE_URL", ""), default_sqlite=DATA_DIR / "missionlens.sqlite3")
}
# The mission file reviews are computed against (empty: the built-in template).
MISSION_FILE = os.environ.get("MISSIONLENS_MISSION_FILE", "").strip() or None

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "missionlens.web.apps.WebConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "missionlens.web.urls"
WSGI_APPLICATION = "missionlens.web.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "missionlens.web.access.context",
            ],
        },
    },
]

# The dashboard's HTML drawn from a review alone (views/dashboard.py), kept in each process under a
# key naming the review file and its version: nothing to invalidate across processes, since a new
# review run is a new key. Sessions stay in the database (a per-process cache would keep a signed
# out session alive in the other workers).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "missionlens-default"},
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "missionlens-fragments",
        "TIMEOUT": None,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    },
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": DATA_DIR / "media"}},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# HTTPS everywhere unless told otherwise (a demo on http://127.0.0.1 sets MISSIONLENS_HTTPS=0).
HTTPS = env_bool("MISSIONLENS_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("MISSIONLENS_HSTS_SECONDS", default=31_536_000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("MISSIONLENS_BEHIND_PROXY"):
    # Only behind a proxy that sets X-Forwarded-Proto itself (Django docs, SECURE_PROXY_SSL_HEADER).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("MISSIONLENS_CSRF_TRUSTED_ORIGINS")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# The JSON API (web/api/, docs/api.md): a token or the session; the rules are access.py's
# capabilities (web/api/permissions.py), and an endpoint that names none refuses every request.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["missionlens.web.api.permissions.HasCapability"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "missionlens API",
    "DESCRIPTION": "Read the mission review, list and record the field's evidence, comment on or contest an "
    "indicator. Same roles and rules as the pages. Authenticate with `Authorization: Token <key>`.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "EvidenceKindEnum": "missionlens.web.models.evidence.EvidenceKind",
        "CommentKindEnum": "missionlens.web.models.cards.CommentKind",
    },
}
