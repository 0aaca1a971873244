"""The typed readers of the MISSIONLENS_* settings refuse bad values with a message that says what to write."""

from __future__ import annotations

from pathlib import Path

import pytest

from missionlens.web.environment import SettingError, database, env_bool, env_int, env_list, secret_key


def test_a_boolean_setting_refuses_yes_please() -> None:
    with pytest.raises(SettingError, match="MISSIONLENS_DEBUG must be 1 or 0"):
        env_bool("MISSIONLENS_DEBUG", environ={"MISSIONLENS_DEBUG": "yes please"})


def test_a_boolean_setting_reads_the_usual_spellings() -> None:
    assert env_bool("X", environ={"X": "on"}) and not env_bool("X", environ={"X": "0"})


def test_a_number_setting_refuses_a_word() -> None:
    with pytest.raises(SettingError, match="whole number"):
        env_int("MISSIONLENS_HSTS_SECONDS", default=1, environ={"MISSIONLENS_HSTS_SECONDS": "a year"})


def test_a_list_setting_refuses_an_empty_item() -> None:
    with pytest.raises(SettingError, match="empty item"):
        env_list("MISSIONLENS_ALLOWED_HOSTS", environ={"MISSIONLENS_ALLOWED_HOSTS": "a.org,,b.org"})


def test_the_secret_key_is_required_outside_debug() -> None:
    with pytest.raises(SettingError, match="MISSIONLENS_SECRET_KEY is not set"):
        secret_key(debug=False, environ={})


def test_a_short_secret_key_is_refused() -> None:
    with pytest.raises(SettingError, match="too weak"):
        secret_key(debug=False, environ={"MISSIONLENS_SECRET_KEY": "hunter2"})


def test_debug_runs_without_a_secret_key() -> None:
    assert len(secret_key(debug=True, environ={})) >= 50


def test_a_postgresql_address_becomes_django_settings() -> None:
    config = database("postgresql://ml:s%40cret@db.example:5433/missionlens", default_sqlite=Path("x"))
    assert (config["ENGINE"], config["NAME"], config["USER"], config["PASSWORD"], config["HOST"], config["PORT"]) == (
        "django.db.backends.postgresql", "missionlens", "ml", "s@cret", "db.example", "5433")


def test_an_absolute_sqlite_address_keeps_its_path() -> None:
    assert database("sqlite:////var/lib/ml/db.sqlite3", default_sqlite=Path("x"))["NAME"] == "/var/lib/ml/db.sqlite3"


def test_no_address_means_sqlite_in_the_data_folder() -> None:
    assert database("", default_sqlite=Path("/data/ml.sqlite3"))["NAME"] == "/data/ml.sqlite3"


def test_an_unknown_database_scheme_is_refused() -> None:
    with pytest.raises(SettingError, match="must start with sqlite:/// or postgresql://"):
        database("mysql://u@h/db", default_sqlite=Path("x"))


def test_a_postgresql_address_without_a_database_name_is_refused() -> None:
    with pytest.raises(SettingError, match="names no database"):
        database("postgresql://u@h:5432/", default_sqlite=Path("x"))
