"""The review use case: a data set and a mission in, a Review (or a Refusal) out.

spec/review-json.md: DATA is a store made by `missionlens import` (its current version is
reviewed) or a data folder in the import contract (checked and imported into a temporary store
first; a refused data set gives a Refusal listing every problem). Without a mission file the
built-in micro-credit template is used. Every indicator of the mission is computed per month,
quarter and year by the engine; every core indicator appears with every month of the data, a
month without data being null, never 0. The signals (review.findings) then run on the monthly
series, the notes and the feedback: alerts, tensions, silences and the attention balance.
"""

from __future__ import annotations

from dataclasses import replace
import contextlib
import math
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal, cast

from missionlens.data.importer import Progress, import_dataset
from missionlens.data.store import Store, StoreError, Version
from missionlens.indicators import MIN_N, REGISTRY, compute, open_tables, periods_of
from missionlens.mission import CORE_KEYS, Card, Mission, MissionError, load_mission
from missionlens.signals import EvidenceItem
from missionlens.voices import SelectionRound, Story, VoicesAnalysis
from missionlens.review.findings import (
    VOICE_TABLES,
    FieldEvidence,
    field_evidence,
    field_voices,
    find,
    last_complete_month,
)
from missionlens.review.model import (
    CardText,
    DataSummary,
    DeclaredTension,
    Dimension,
    Grain,
    IndicatorReview,
    Lang,
    Methods,
    Point,
    Refusal,
    Review,
    ReviewError,
    Target,
    Unit,
)

GRAINS: tuple[Grain, ...] = ("month", "quarter", "year")


def build_review(
    source: Path,
    *,
    mission_path: Path | None,
    lang: Lang | None,
    now: datetime,
    progress: Progress | None = None,
    grains: Sequence[Grain] = GRAINS,
) -> Review | Refusal:
    """Review `source` (a store or a data folder) against the mission; nothing is written.

    `grains`: the periods computed (months always; quarters and years for the report's tables and
    the JSON's `series_quarterly`/`series_yearly`, left out when only the months are needed).
    Without `lang`, the review speaks the mission file's language.
    """
    if lang is None:
        try:
            lang = load_mission(mission_path, lang="fr").language
        except MissionError as exc:
            return Refusal(source=str(source), problems=tuple(_mission_error(p) for p in exc.problems), lang="en")
    found = build_reviews(source, mission_path=mission_path, langs=(lang,), now=now, progress=progress, grains=grains)
    return found if isinstance(found, Refusal) else found[lang]


def build_reviews(
    source: Path,
    *,
    mission_path: Path | None,
    langs: Sequence[Lang],
    now: datetime,
    progress: Progress | None = None,
    grains: Sequence[Grain] = GRAINS,
    stories: Sequence[Story] = (),
    rounds: Sequence[SelectionRound] = (),
    evidence_items: Sequence[EvidenceItem] = (),
    cards: Mapping[str, Card] | None = None,
) -> dict[Lang, Review] | Refusal:
    """The same review in several languages: the indicators, the voices and the evidence are read
    once (the costly part), then each language is assembled and its signals worded.

    `stories` and `rounds` (Most Significant Change, kept by the web app) put the stories the board
    selected in the voices; `evidence_items` (captured evidence, selected stories) join the notes
    and feedback on the silence map. `cards`: the latest version of cards changed since the mission
    file (the web app's cards workflow), carried by the review in place of the file's.
    """
    first = langs[0]
    try:
        missions = {lang: load_mission(mission_path, lang=lang).with_cards(cards or {}) for lang in langs}
    except MissionError as exc:
        return Refusal(source=str(source), problems=tuple(_mission_error(p) for p in exc.problems), lang=first)
    mission = missions[first]
    with _opened(Path(source), now=now, progress=progress) as opened:
        if isinstance(opened, tuple):
            return _refusal(mission, first, str(source), opened)
        computed, span = _compute(opened, tuple(mission.indicator_keys), progress, grains)
        data = data_summary(opened, span)
        evidence = field_evidence(mission, opened.table_path("notes"), opened.table_path("feedback"))
        evidence = replace(evidence, items=evidence.items + tuple(evidence_items))
        if progress is not None:
            progress("reading the voices", 0, 1)
        voices = field_voices(
            {name: opened.table_path(name) for name in VOICE_TABLES},
            last_complete_month(data.last_month, data.data_end),
        )
    reviews: dict[Lang, Review] = {}
    for done, lang in enumerate(langs):
        if progress is not None:
            progress("reading the signals", done, len(langs))
        reviews[lang] = assemble(
            missions[lang], lang, computed, data, now=now, evidence=evidence, signals=True, voices=voices,
            stories=stories, rounds=rounds,
        )
    if progress is not None:
        progress("reading the signals", len(langs), len(langs))
    return reviews


@contextlib.contextmanager
def _opened(
    source: Path, *, now: datetime, progress: Progress | None
) -> Iterator[Version | tuple[ReviewError, ...]]:
    """The store version to review, or the problems that refuse the input.

    A data folder is imported into a temporary store that lives as long as the review is being
    computed (the engine reads its Parquet files lazily) and is then removed.
    """
    if not source.exists():
        yield (ReviewError(
            message=f"{source}: no such file or folder.",
            fix="Give a data folder (loans and borrowers files) or a store made by `missionlens import`.",
            code="missing",
        ),)
        return
    if (source / "versions").is_dir():
        try:
            current = Store(source).current()
        except StoreError as exc:
            yield (ReviewError(message=str(exc), file=str(source), code="store"),)
            return
        if current is None:
            yield (ReviewError(
                message=f"{source}: the store holds no version yet.",
                fix="Import a data set first: missionlens import DATA --store STORE.",
                file=str(source),
                code="empty_store",
            ),)
            return
        yield current
        return
    with tempfile.TemporaryDirectory(prefix="missionlens-review-") as tmp:
        store = Store.create(Path(tmp) / "store")
        result = import_dataset(source, store, now=now, progress=progress)
        if not result.ok or result.version is None:
            yield tuple(_data_error(p) for p in result.validation.problems)
            return
        yield result.version


def _data_error(problem: Any) -> ReviewError:
    severity: Literal["error", "warning"] = "warning" if getattr(problem, "severity", "error") == "warning" else "error"
    column = getattr(problem, "column", None)
    return ReviewError(
        message=str(problem.message),
        file=str(problem.file),
        line=getattr(problem, "line", None),
        column=None if column is None else str(column),
        fix=str(getattr(problem, "fix", "") or ""),
        severity=severity,
        code=getattr(problem, "code", None),
        sheet=getattr(problem, "sheet", None),
        text=str(problem),
    )


def _mission_error(problem: Any) -> ReviewError:
    column = getattr(problem, "column", None)
    return ReviewError(
        message=str(problem.message),
        file=str(problem.file),
        line=problem.line,
        column=None if column is None else str(column),
        fix=str(problem.fix or ""),
        code="mission",
        text=str(problem),
    )


def _refusal(mission: Mission, lang: Lang, source: str, problems: Sequence[ReviewError]) -> Refusal:
    return Refusal(
        source=source,
        problems=tuple(problems),
        organisation=mission.organisation,
        lang=lang,
        dimensions=_dimensions(mission, lang),
    )


def _compute(
    version: Version, keys: Sequence[str], progress: Progress | None, grains: Sequence[Grain] = GRAINS
) -> tuple[dict[Grain, dict[str, Any]], tuple[str, str] | None]:
    """The engine's series per grain, and the months they span (the engine's periods: from the
    first disbursement, decision or session to the data's end date)."""
    paths = {name: path for name in version.manifest.get("tables", {}) if (path := version.table_path(name))}
    tables = open_tables(paths)
    periods = periods_of(tables)
    known = [key for key in keys if key in REGISTRY]
    out: dict[Grain, dict[str, Any]] = {}
    wanted = tuple(dict.fromkeys(("month", *grains)))
    for done, grain in enumerate(wanted):
        if progress is not None:
            progress(f"computing indicators ({grain})", done, len(wanted))
        out[grain] = dict(compute(tables, known, grain=grain, periods=periods))
    if progress is not None:
        progress("computing indicators", len(wanted), len(wanted))
    if periods is None:
        return out, None
    return out, (periods.first_month.strftime("%Y-%m"), periods.last_month.strftime("%Y-%m"))


def data_summary(version: Version, span: tuple[str, str] | None = None) -> DataSummary:
    """The data behind the review; `span` (the engine's months) wins over the manifest's."""
    manifest = dict(version.manifest)
    rows = manifest.get("rows") or {t: int(i["rows"]) for t, i in manifest.get("tables", {}).items()}
    first, last = span if span is not None else (manifest.get("first_month"), manifest.get("last_month"))
    return DataSummary(
        first_month=first,
        last_month=last,
        rows={str(t): int(n) for t, n in rows.items()},
        version=version.name,
        data_end=manifest.get("data_end"),
        manifest=manifest,
    )


# Assembly (pure: mission + computed series -> Review) ------------------------------------------


def months(first: str | None, last: str | None) -> list[str]:
    """Every month from first to last, both included ('YYYY-MM')."""
    if not first or not last:
        return []
    start = int(first[:4]) * 12 + int(first[5:7]) - 1
    end = int(last[:4]) * 12 + int(last[5:7]) - 1
    return [f"{m // 12}-{m % 12 + 1:02d}" for m in range(start, end + 1)]


def period_label(value: object, grain: Grain) -> str:
    """The spec's period text: YYYY-MM, YYYY-Qn or YYYY, from what the engine gives."""
    if isinstance(value, date | datetime):
        if grain == "month":
            return f"{value.year}-{value.month:02d}"
        if grain == "quarter":
            return f"{value.year}-Q{(value.month - 1) // 3 + 1}"
        return str(value.year)
    text = str(value)
    if grain == "month":
        return text[:7]
    if grain == "quarter" and "Q" not in text and len(text) >= 7:
        return f"{text[:4]}-Q{(int(text[5:7]) - 1) // 3 + 1}"
    return text if grain == "quarter" else text[:4]


def _float(value: object) -> float | None:
    if value is None:
        return None
    number = float(cast(float, value))
    return None if math.isnan(number) or math.isinf(number) else number


def _points(series: Any, grain: Grain) -> dict[str, Point]:
    out: dict[str, Point] = {}
    for p in getattr(series, "points", ()) if series is not None else ():
        label = period_label(p.period, grain)
        n = getattr(p, "n", None)
        out[label] = Point(
            period=label,
            value=_float(p.value),
            n=None if n is None else int(n),
            low=_float(getattr(p, "low", None)),
            high=_float(getattr(p, "high", None)),
            too_few=bool(getattr(p, "too_few", False)),
        )
    return out


def _overall(found: object) -> Any:
    """The whole-organisation series among what the engine returned for one key."""
    if found is None:
        return None
    if not isinstance(found, list | tuple):
        return found
    return next((s for s in found if getattr(s, "group", None) in (None, "*", "all")), found[0] if found else None)


def _dimensions(mission: Mission, lang: Lang) -> tuple[Dimension, ...]:
    return tuple(
        Dimension(key=d.key, title=d.title.get(lang), description=d.description.get(lang), standards=d.standards)
        for d in mission.dimensions.values()
    )


def _card(mission: Mission, key: str, lang: Lang, title: str) -> CardText:
    card = mission.cards.get(key)
    if card is None:
        return CardText(title, "", "", (), (), (), "learning", (), "proposed", None, None)
    return CardText(
        title=title,
        purpose=card.purpose.get(lang),
        shows=card.shows.get(lang),
        hides=tuple(card.hides.get(lang)),
        perverse_effects=tuple(card.perverse_effects.get(lang)),
        read_with=tuple(card.read_with),
        use=card.use,
        defined_with=tuple(card.defined_with.get(lang)),
        status=card.status,
        review_by=card.review_by.isoformat(),
        version=card.version,
        use_note=card.use_note.get(lang),
        source=card.source,
    )


def _definition(mission: Mission, key: str, lang: Lang) -> str:
    if key in mission.indicators:
        return mission.indicators[key].definition.get(lang)
    own = next((c for c in mission.custom_indicators if c.key == key), None)
    if own is None or not own.computable:
        return ""
    parts = [f"{own.measure} {own.column or ''} {own.of or ''}".strip(), f"({own.table}.{own.date_column})"]
    if own.where:
        parts.append(f"where {own.where}")
    return " ".join(parts)


def _unit(mission: Mission, key: str, series: Any) -> Unit | None:
    if key in mission.indicators:
        return mission.indicators[key].unit
    unit = getattr(series, "unit", None) or next(
        (c.unit for c in mission.custom_indicators if c.key == key), None
    )
    return cast(Unit | None, unit)


def _targets(mission: Mission, key: str) -> tuple[Target, ...]:
    return tuple(
        Target(indicator=t.indicator, value=t.value, period=t.period, pressure=t.pressure, set_by=t.set_by)
        for t in mission.targets_for(key)
    )


def _indicator(
    mission: Mission, key: str, lang: Lang, computed: Mapping[Grain, Mapping[str, Any]], calendar: list[str]
) -> IndicatorReview | None:
    monthly_series = _overall(computed.get("month", {}).get(key))
    unit = _unit(mission, key, monthly_series)
    if unit is None:
        return None
    by_month = _points(monthly_series, "month")
    periods = sorted(set(calendar) | set(by_month))
    monthly = tuple(by_month.get(p, Point(p, None)) for p in periods)
    quarterly = tuple(sorted(_points(_overall(computed.get("quarter", {}).get(key)), "quarter").values(),
                             key=lambda p: p.period))
    yearly = tuple(sorted(_points(_overall(computed.get("year", {}).get(key)), "year").values(),
                          key=lambda p: p.period))
    status = getattr(monthly_series, "status", "ok") if monthly_series is not None else "no_data"
    if all(p.value is None for p in monthly):
        status = "no_data"
    title = mission.title(key, lang)
    return IndicatorReview(
        key=key,
        title=title,
        dimensions=tuple(mission.dimensions_of(key)),
        unit=unit,
        core=key in CORE_KEYS,
        definition=_definition(mission, key, lang),
        card=_card(mission, key, lang, title),
        monthly=monthly,
        quarterly=quarterly,
        yearly=yearly,
        status="no_data" if status == "no_data" else "ok",
        targets=_targets(mission, key),
    )


def assemble(
    mission: Mission,
    lang: Lang,
    computed: Mapping[Grain, Mapping[str, Any]],
    data: DataSummary,
    *,
    now: datetime,
    evidence: FieldEvidence | None = None,
    signals: bool = False,
    voices: VoicesAnalysis | None = None,
    stories: Sequence[Story] = (),
    rounds: Sequence[SelectionRound] = (),
) -> Review:
    """The Review of already computed series (engine output per grain, keyed by indicator).

    With `signals` (build_review always asks for them) the signals run on the monthly series, up
    to the last complete month of the data, with the notes and feedback in `evidence`; without,
    the review's findings stay empty and say so (`signals_run` false): a part of the data (one
    branch) is reviewed for its figures, its findings come with the organisation's review.
    """
    calendar = months(data.first_month, data.last_month)
    keys = list(dict.fromkeys([*mission.indicator_keys, *CORE_KEYS]))
    indicators = tuple(i for key in keys if (i := _indicator(mission, key, lang, computed, calendar)) is not None)
    as_of = last_complete_month(data.last_month, data.data_end)
    found = None
    if signals and as_of is not None:
        found = find(
            mission, lang, indicators, as_of=as_of, evidence=evidence or FieldEvidence(), calendar=calendar,
            voices=voices,
        )
    return Review(
        organisation=mission.organisation,
        lang=lang,
        generated_at=now,
        data=data,
        dimensions=_dimensions(mission, lang),
        indicators=indicators,
        methods=Methods(min_n=MIN_N),
        targets=tuple(t for key in mission.indicator_keys for t in _targets(mission, key)),
        declared_tensions=tuple(
            DeclaredTension(volume=t.volume, quality=tuple(t.quality), why=t.why.get(lang)) for t in mission.tensions
        ),
        alerts=found.alerts if found else (),
        tensions=found.tensions if found else (),
        silences=found.silences if found else (),
        signals_run=found is not None,
        attention=found.attention if found else None,
        outreach_gaps=found.outreach_gaps if found else (),
        signals=found.run if found else None,
        notes_pressure=found.notes_pressure if found else (),
        voices=voices.section(lang=lang, stories=stories, rounds=rounds) if found and voices is not None else None,
    )
