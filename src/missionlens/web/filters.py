"""The filters every aggregate page shares: branch and period, read from the query string.

An unknown branch or period is not an error the user can fix in a form: it falls back to the
whole organisation and the default period, and the page says what it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.http import HttpRequest

from missionlens.web.dashboard import DEFAULT_PERIOD, PERIODS
from missionlens.web.reviews import branches_of


@dataclass(frozen=True)
class Filters:
    branch: str | None
    branch_name: str
    period: str
    months: int | None
    branches: tuple[tuple[str, str], ...]

    def query(self) -> str:
        parts = [f"period={self.period}"]
        if self.branch:
            parts.append(f"branch={self.branch}")
        return "&".join(parts)


def read(request: HttpRequest, data_dir: Path) -> Filters:
    known = tuple((b["code"], b["name"]) for b in branches_of(data_dir))
    asked = request.GET.get("branch", "").strip()
    branch = asked if asked in dict(known) else None
    period = request.GET.get("period", DEFAULT_PERIOD)
    if period not in PERIODS:
        period = DEFAULT_PERIOD
    return Filters(branch, dict(known).get(branch or "", ""), period, PERIODS[period], known)
