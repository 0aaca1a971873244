"""The balanced report for a period and an audience, generated in the background, then downloaded.

The report is the domain's (review.build_review, report.render_html and html_to_pdf): the same
pages as `missionlens review --pdf`, narrowed to the months asked (reports_period.within). The
web app adds what only it knows: who the report is for on the cover, and the field's voices of
the period, chosen by the access rules of the audience's reader. A team report reads as a
manager does (every voice, borrower pseudonyms shown); a board or funder report reads as a board
viewer does: published evidence only, never an imported working note, never a pseudonym.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext
from markupsafe import Markup

from missionlens.report import html_to_pdf, render_html
from missionlens.report.labels import Lang
from missionlens.review import Refusal, build_reviews
from missionlens.web.field_evidence import app_evidence
from missionlens.web import jobs
from missionlens.web.access import ADMIN, BOARD, MANAGER, Viewer
from missionlens.web.models import Audience, ReportJob, record
from missionlens.web.reports_period import MONTH, within
from missionlens.web.reviews import notes_for, store_dir
from missionlens.web.voices import voices_for

FORMATS = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}
# Who may ask for which report: managers for everyone; a board viewer the board's and the funders'.
AUDIENCES: dict[str, tuple[str, ...]] = {
    ADMIN: ("team", "board", "funder"), MANAGER: ("team", "board", "funder"), BOARD: ("board", "funder"),
}


class ReportRefused(ValueError):
    """A report that cannot be asked for; the message says why."""


def audiences_for(viewer: Viewer) -> tuple[str, ...]:
    return AUDIENCES.get(viewer.role, ())


def reports_for(viewer: Viewer) -> QuerySet[ReportJob]:
    return ReportJob.objects.filter(audience__in=audiences_for(viewer)).select_related("requested_by")


def report_folder(data_dir: Path, pk: int) -> Path:
    return Path(data_dir) / "reports" / f"report-{pk}"


def report_file(data_dir: Path, job: ReportJob, fmt: str) -> Path | None:
    """The generated file in `fmt` (pdf or html), when the job is done and the file is there."""
    if job.status != "done" or fmt not in FORMATS or not job.file:
        return None
    path = Path(data_dir) / Path(job.file).with_suffix(f".{fmt}")
    return path if path.is_file() else None


def request(viewer: Viewer, *, by: AbstractBaseUser, audience: str, first: str, last: str, lang: str,
            data_dir: Path, mission_path: Path | None) -> ReportJob:
    """Ask for a report; it is generated in the background (ReportJob's status says when it is ready)."""
    if audience not in audiences_for(viewer):
        raise ReportRefused(gettext("you may not ask for a report for this audience (%(audience)s)")
                            % {"audience": dict(Audience.choices).get(audience, audience)})
    if not (MONTH.fullmatch(first) and MONTH.fullmatch(last)) or first > last:
        raise ReportRefused(gettext("write the first and the last month as YYYY-MM, the first on or before the last"))
    if lang not in ("fr", "en"):
        raise ReportRefused(gettext("choose French (fr) or English (en)"))
    with transaction.atomic():
        job = ReportJob.objects.create(audience=audience, period_start=first, period_end=last, lang=lang,
                                       requested_by=by)
        with jobs.held_for(data_dir, "report", job.pk) as held:
            record(by, "report.request", job, summary=f"{audience} {first}..{last} {lang}")
            transaction.on_commit(lambda: jobs.submit(held, lambda: run(job.pk, data_dir=data_dir,
                                                                        mission_path=mission_path)))
    return job


def run(pk: int, *, data_dir: Path, mission_path: Path | None) -> None:
    """Generate the report's HTML and PDF under DATA_DIR/reports/report-<pk>/."""
    job = ReportJob.objects.select_related("requested_by").get(pk=pk)
    ReportJob.objects.filter(pk=pk).update(status="running")
    now = datetime.now(timezone.utc)
    lang: Lang = "en" if job.lang == "en" else "fr"
    try:
        held = app_evidence()
        reviews = build_reviews(
            store_dir(data_dir), mission_path=mission_path, langs=(lang,), now=now,
            stories=held.stories, rounds=held.rounds, evidence_items=held.items, cards=held.cards,
        )
        if isinstance(reviews, Refusal):
            # A background thread: the job's language, not the server's (the problems are the domain's words).
            with translation.override(lang):
                why = "; ".join(str(p) for p in reviews.problems) or gettext("nothing has been imported yet")
            raise ReportRefused(why)
        review = reviews[lang]
        with translation.override(lang):
            audience, voices = dressing(job, data_dir)
        html = render_html(within(review, job.period_start, job.period_end), lang, audience=audience,
                           before_annex=voices)
        pdf = html_to_pdf(html)
        folder = report_folder(data_dir, pk)
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"{job.audience}-{job.period_start}-{job.period_end}-{lang}"
        (folder / f"{stem}.html").write_text(html, encoding="utf-8")
        (folder / f"{stem}.pdf").write_bytes(pdf)
    except Exception as exc:  # noqa: BLE001 - the job says why; the page shows it
        ReportJob.objects.filter(pk=pk).update(status="failed", error=f"{type(exc).__name__}: {exc}"[:2000],
                                               finished=datetime.now(timezone.utc))
        record(job.requested_by, "report.failed", job, summary=str(exc)[:500])
        return
    ReportJob.objects.filter(pk=pk).update(status="done", finished=datetime.now(timezone.utc),
                                           file=str((folder / stem).relative_to(data_dir)))
    record(job.requested_by, "report.done", job, summary=stem)


def reader(audience: str) -> Viewer:
    """The reader the access rules picture for an audience: a manager for the team, else the board."""
    return Viewer(user_id=0, username="", role=MANAGER if audience == "team" else BOARD, branch=None)


def dressing(job: ReportJob, data_dir: Path) -> tuple[str, Markup]:
    """What the app adds to the domain's report: the audience for its cover and the period's voices
    (as its reader may read them), the section that goes before the annex."""
    voices = voices_for(reader(job.audience), notes_for(data_dir), None)
    chosen = sorted(
        (v for found in voices.values() for v in found if job.period_start <= v.date[:7] <= job.period_end),
        key=lambda v: (v.dimension, v.date), reverse=False,
    )
    section = render_to_string("missionlens/report_voices.html", {"voices": chosen, "job": job})
    return str(dict(Audience.choices)[job.audience]), Markup(section)


def abandon(pk: int, status: str, *, now: datetime) -> bool:
    """Mark failed a report a dead server left `status`; False when it moved on meanwhile."""
    # In the language the report was asked in: recovery runs outside any request.
    with translation.override(ReportJob.objects.filter(pk=pk).values_list("lang", flat=True).first() or "fr"):
        error = gettext("the server stopped while the report was being made: ask again")
    changed = ReportJob.objects.filter(pk=pk, status=status).update(status="failed", finished=now, error=error)
    if changed:
        record(None, "report.abandoned", ReportJob.objects.get(pk=pk), summary="the server stopped")
    return bool(changed)
