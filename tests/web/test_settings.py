"""Production settings pass Django's deployment checklist; a missing secret stops the start."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

PRODUCTION = {
    "MISSIONLENS_SECRET_KEY": "production-like-secret-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF",
    "MISSIONLENS_ALLOWED_HOSTS": "missionlens.example.org",
    "MISSIONLENS_DEBUG": "0",
}


def manage(*args: str, environ: dict[str, str], data_dir: Path) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MISSIONLENS_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-m", "missionlens.web", *args],
        env={**clean, **environ, "MISSIONLENS_DATA_DIR": str(data_dir)},
        capture_output=True, text=True, timeout=120, check=False,
    )


def test_production_settings_pass_check_deploy_without_a_warning(tmp_path: Path) -> None:
    done = manage("check", "--deploy", "--fail-level", "WARNING", environ=PRODUCTION, data_dir=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_the_app_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    environ = {k: v for k, v in PRODUCTION.items() if k != "MISSIONLENS_SECRET_KEY"}
    done = manage("check", environ=environ, data_dir=tmp_path)
    assert done.returncode != 0
    assert "MISSIONLENS_SECRET_KEY is not set" in done.stderr
