"""Typed readers of the MISSIONLENS_* settings: each refuses a bad value with a message that says
which variable, what was found and what to write instead (STYLE.md: no `os.getenv(...) == "1"`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

_TRUE = ("1", "true", "yes", "on")
# Several server processes write to one SQLite file: WAL lets readers run beside the writer, and
# IMMEDIATE transactions with a timeout queue writers instead of failing with "database is locked".
SQLITE_OPTIONS = {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
# Each server thread keeps its connection for a minute rather than opening the file and setting
# WAL again on every request (Django's persistent connections; checked before reuse).
SQLITE_PERSISTENCE = {"CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True}
_FALSE = ("", "0", "false", "no", "off")


class SettingError(ValueError):
    """A MISSIONLENS_* variable holds a value the app cannot use."""


def _raw(name: str, environ: Mapping[str, str] | None) -> str:
    return (os.environ if environ is None else environ).get(name, "").strip()


def env_bool(name: str, *, default: bool = False, environ: Mapping[str, str] | None = None) -> bool:
    text = _raw(name, environ).lower()
    if text == "":
        return default
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise SettingError(f"{name} must be 1 or 0 (true/false, yes/no, on/off), not {text!r}.")


def env_int(name: str, *, default: int, minimum: int = 0, environ: Mapping[str, str] | None = None) -> int:
    text = _raw(name, environ)
    if text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise SettingError(f"{name} must be a whole number, not {text!r}.") from None
    if value < minimum:
        raise SettingError(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, *, default: tuple[str, ...] = (), environ: Mapping[str, str] | None = None) -> list[str]:
    """A comma-separated list; empty items are refused (a stray comma is usually a typo)."""
    text = _raw(name, environ)
    if text == "":
        return list(default)
    items = [item.strip() for item in text.split(",")]
    if any(not item for item in items):
        raise SettingError(f"{name} has an empty item in {text!r}: separate the values with single commas.")
    return items


def env_path(name: str, *, default: Path, environ: Mapping[str, str] | None = None) -> Path:
    text = _raw(name, environ)
    return (Path(text).expanduser() if text else default).resolve()


def secret_key(*, debug: bool, environ: Mapping[str, str] | None = None) -> str:
    """MISSIONLENS_SECRET_KEY: required outside debug, at least 50 characters (Django's check)."""
    name = "MISSIONLENS_SECRET_KEY"
    text = _raw(name, environ)
    if not text:
        if debug:
            return "debug-only-secret-key-never-used-in-production-0123456789abcdef"
        raise SettingError(
            f"{name} is not set. Set it to a long random text (at least 50 characters), e.g. the output of "
            "`python -c \"import secrets; print(secrets.token_urlsafe(50))\"`; only MISSIONLENS_DEBUG=1 runs without it."
        )
    if len(text) < 50 or len(set(text)) < 5:
        raise SettingError(f"{name} is too weak: use at least 50 random characters.")
    return text


def database(url: str, *, default_sqlite: Path) -> dict[str, Any]:
    """Django's DATABASES['default'] from MISSIONLENS_DATABASE_URL.

    sqlite:///relative/or/absolute.sqlite3 (sqlite:////abs for an absolute path written with four
    slashes also works) or postgresql://user:password@host:port/name (postgres:// too). Empty:
    SQLite at `default_sqlite`.
    """
    name = "MISSIONLENS_DATABASE_URL"
    text = url.strip()
    if not text:
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(default_sqlite), "OPTIONS": SQLITE_OPTIONS,
                **SQLITE_PERSISTENCE}
    parts = urlsplit(text)
    if parts.scheme == "sqlite":
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        if parts.netloc or not path:
            raise SettingError(f"{name}: write a SQLite address as sqlite:///path/to/file.sqlite3, not {text!r}.")
        if text.startswith("sqlite:////"):
            path = "/" + path.lstrip("/")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": str(Path(path).expanduser()), "OPTIONS": SQLITE_OPTIONS,
                **SQLITE_PERSISTENCE}
    if parts.scheme in ("postgresql", "postgres"):
        db_name = unquote(parts.path.lstrip("/"))
        if not db_name:
            raise SettingError(f"{name}: the address names no database: postgresql://user:password@host:5432/NAME.")
        try:
            port = parts.port
        except ValueError:
            raise SettingError(f"{name}: the port in {parts.netloc!r} is not a number.") from None
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": db_name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": unquote(parts.hostname or ""),
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise SettingError(
        f"{name} must start with sqlite:/// or postgresql://, not {parts.scheme + '://' if parts.scheme else text!r}."
    )
