"""`python -m missionlens.web network_review [PANEL]`: precompute the network pages' review.

Reads PANEL (a folder holding institutions.csv, or the file; by default DATA_DIR/network), runs
network.review_network in French and English and switches the pages to it (web/network.py). A
refused panel changes nothing: every problem is printed with its line and column, exit status 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from missionlens.network import NetworkRefusal
from missionlens.web.network import compute_network


class Command(BaseCommand):
    help = "Review a panel of institutions for the network pages (default: MISSIONLENS_DATA_DIR/network)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("panel", nargs="?", type=Path, help="A folder holding institutions.csv, or the file.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = compute_network(settings.DATA_DIR, panel=options.get("panel"), now=timezone.now())
        if isinstance(result, NetworkRefusal):
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError("the panel is refused: nothing was changed; fix the problems above", returncode=2)
        years = f"{result.years[0]}-{result.years[1]}" if result.years else "no year"
        self.stdout.write(f"Reviewed {result.institutions} institutions ({years}): {result.path}")
