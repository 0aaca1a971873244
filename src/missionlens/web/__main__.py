"""`python -m missionlens.web ARGS`: Django's manage.py for this project (e.g. `migrate`, `check --deploy`)."""

from __future__ import annotations

import os
import sys

from django.core.management import execute_from_command_line


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missionlens.web.settings")
    execute_from_command_line(["missionlens.web", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
