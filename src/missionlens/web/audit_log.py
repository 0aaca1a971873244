"""Reading the audit log (models/audit.py): who changed what, filtered by person, area, dates and words.

An entry's area is the first part of its action (`card.adopt` -> `card`): cards, evidence, imports,
roles, reports, each feature naming its actions that way when it calls `record`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.http import urlencode
from django.utils.translation import gettext

from missionlens.web.models import AuditEntry

KNOWN_AREAS = ("card", "evidence", "import", "report", "role")


@dataclass(frozen=True)
class AuditFilters:
    who: str = ""
    area: str = ""
    since: dt.date | None = None
    until: dt.date | None = None
    words: str = ""
    problems: tuple[str, ...] = ()

    def query(self) -> str:
        """The filters as a query string, for the pager's links."""
        parts = {"who": self.who, "area": self.area, "since": self.since.isoformat() if self.since else "",
                 "until": self.until.isoformat() if self.until else "", "q": self.words}
        return urlencode({k: v for k, v in parts.items() if v})


def _date(text: str, problems: list[str]) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        problems.append(gettext("%(text)s is not a date; write it as 2026-11-30.") % {"text": repr(text.strip())})
        return None


def read(params: Mapping[str, str]) -> AuditFilters:
    """Filters from a query string; a bad date is reported and ignored, the rest still applies."""
    problems: list[str] = []
    since = _date(params.get("since", ""), problems)
    until = _date(params.get("until", ""), problems)
    return AuditFilters(who=params.get("who", "").strip()[:150], area=params.get("area", "").strip()[:64],
                        since=since, until=until, words=params.get("q", "").strip()[:200], problems=tuple(problems))


def areas() -> list[str]:
    """The known areas and any other found in the log."""
    found = {a.split(".", 1)[0] for a in AuditEntry.objects.values_list("action", flat=True).distinct()}
    return sorted(set(KNOWN_AREAS) | found)


def entries(filters: AuditFilters) -> QuerySet[AuditEntry]:
    found = AuditEntry.objects.select_related("actor").order_by("-at", "-pk")
    if filters.who:
        found = found.filter(actor__username=filters.who)
    if filters.area:
        found = found.filter(Q(action=filters.area) | Q(action__startswith=filters.area + "."))
    if filters.since:
        found = found.filter(at__date__gte=filters.since)
    if filters.until:
        found = found.filter(at__date__lte=filters.until)
    if filters.words:
        found = found.filter(Q(summary__icontains=filters.words) | Q(target_id=filters.words)
                             | Q(action__icontains=filters.words))
    return found
