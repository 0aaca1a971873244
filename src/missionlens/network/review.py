"""The network review use case: a panel in, a NetworkReview (or a NetworkRefusal) out.

One function for every entry point (the CLI now, the web page later): read and validate the
panel whole (data.panel), build each institution's series, flag carried-forward values, test the
yearly series for drift with network-wide false-discovery control (yearly.py), and summarise the
network (distribution.py, decomposition.py). Time is passed in (`generated`), never read here.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from missionlens.data.dialects import Forced
from missionlens.data.panel import read_panel
from missionlens.network import labels
from missionlens.network.decomposition import covered_years, decompositions
from missionlens.network.distribution import (
    YearSummary,
    by_legal_status,
    by_legal_status_year,
    by_year,
    compare_ngos,
)
from missionlens.network.institutions import INDICATORS, IndicatorKey, Institution, institutions_of
from missionlens.network.model import InstitutionReview, NetworkAlert, NetworkRefusal, NetworkReview
from missionlens.network.yearly import (
    AGAINST_MISSION,
    MODEL_UNIT,
    SCANNED,
    YEARLY_MIN_POINTS,
    Progress,
    YearlyChange,
    scan_network,
)
from missionlens.report.labels import Lang
from missionlens.signals import SeriesInput, scan_series
from missionlens.signals.fdr import ALPHA, q_values

# The network's own medians are tested on these (spec: depth rising, women share falling).
NETWORK_SCANNED: tuple[IndicatorKey, ...] = ("depth", "women_share", "par30")
FEW_YEARS = YEARLY_MIN_POINTS + 1
STATUS_CHARTED: tuple[IndicatorKey, ...] = ("depth", "women_share")


def _shape(shape: str, lang: Lang) -> str:
    return labels.text(lang, "gradual" if shape == "ramp" else "step")


def _alert(change: YearlyChange, lang: Lang) -> NetworkAlert:
    left = labels.text(lang, "left_out", n=change.left_out) if change.left_out else ""
    evidence = labels.text(
        lang, "evidence", name=labels.NAMES[lang][change.indicator],
        before=labels.value(change.indicator, change.level_before, lang),
        after=labels.value(change.indicator, change.level_after, lang), start=change.start,
        shape=_shape(change.shape, lang), points=change.points, left=left,
    )
    return NetworkAlert(
        indicator=change.indicator, direction=change.direction, start=change.start, magnitude=change.magnitude,
        confidence=change.confidence, evidence=evidence, against_mission=change.against_mission,
        level_before=change.level_before, level_after=change.level_after, p_value=change.p_value,
        q_value=change.q_value, shape=change.shape, before_from=change.before_from, after_to=change.after_to,
    )


def _caveats(institution: Institution, lang: Lang) -> tuple[str, ...]:
    out = []
    if len(institution.legal_statuses) > 1:
        out.append(labels.text(lang, "caveat_status_change", statuses=" → ".join(institution.legal_statuses)))
    years = institution.years
    if years and years[-1] - years[0] + 1 > len(years):
        out.append(labels.text(lang, "caveat_gaps"))
    for key in SCANNED:
        carried = sum(1 for p in institution.values(key) if p.carried)
        if carried:
            out.append(labels.text(lang, "caveat_carried_i", n=carried, what=labels.SHORT[lang][key]))
    observed = max((sum(1 for p in institution.values(k) if not p.carried) for k in SCANNED), default=0)
    if YEARLY_MIN_POINTS <= observed <= FEW_YEARS:
        out.append(labels.text(lang, "caveat_few", n=observed))
    return tuple(out)


def _network_alerts(
    institutions: Sequence[Institution], lang: Lang, summaries: Sequence[YearSummary]
) -> list[NetworkAlert]:
    """Drift of the network's yearly medians, over the well-covered years, BH over the indicators."""
    covered = set(covered_years(institutions))
    years = [s for s in summaries if s.year in covered]
    found = {}
    for key in NETWORK_SCANNED:
        points = [(s.year, s.indicators[key].median) for s in years if s.indicators[key].median is not None]
        series = SeriesInput(key, [str(y) for y, _ in points], [v for _, v in points], [None] * len(points),
                             MODEL_UNIT[key])
        result = scan_series(series, grain="year")
        if result.status == "tested" and result.change is not None:
            found[key] = result.change
    qs = q_values({k: c.p_value for k, c in found.items()})
    out = []
    for key, change in found.items():
        q = qs[key]
        if q > ALPHA:
            continue
        evidence = labels.text(
            lang, "network_evidence", name=labels.SHORT[lang][key],
            before=labels.value(key, change.level_before, lang), after=labels.value(key, change.level_after, lang),
            start=change.start, shape=_shape(change.shape, lang),
        )
        out.append(NetworkAlert(
            indicator=key, direction=change.direction, start=change.start, magnitude=change.magnitude,
            confidence=1 - q, evidence=evidence, against_mission=AGAINST_MISSION[key] == change.direction,
            level_before=change.level_before, level_after=change.level_after, p_value=change.p_value, q_value=q,
            shape=change.shape, before_from=change.before_from, after_to=change.after_to,
        ))
    return out


def review_network(
    panel: Path, *, lang: Lang = "en", generated: str, dialect: Forced = "auto", progress: Progress | None = None,
) -> NetworkReview | NetworkRefusal:
    """Review a panel (a folder holding institutions.csv, or the file); refused whole on any error."""
    validation = read_panel(Path(panel), dialect=dialect)
    if not validation.ok or validation.table is None:
        return NetworkRefusal(str(panel), lang, validation.problems)
    institutions = institutions_of(validation.table)
    scanned = scan_network(institutions, progress=progress)
    by_institution: dict[str, list[YearlyChange]] = {}
    for change in scanned.changes:
        by_institution.setdefault(change.institution_id, []).append(change)
    reviews = []
    for institution in institutions:
        status = {key: scanned.status[(institution.institution_id, key)] for key in SCANNED}
        reviews.append(InstitutionReview(
            institution=institution,
            alerts=tuple(_alert(c, lang) for c in by_institution.get(institution.institution_id, ())),
            too_short=all(s in ("too_short", "no_data") for s in status.values()),
            drift_status={str(k): str(v) for k, v in status.items()},
            caveats=_caveats(institution, lang),
        ))
    summaries = by_year(institutions)
    carried = {
        key: (sum(1 for i in institutions for p in i.values(key) if p.carried),
              sum(len(i.values(key)) for i in institutions))
        for key in INDICATORS
    }
    years = sorted({y for i in institutions for y in i.years})
    return NetworkReview(
        source=str(panel), lang=lang, generated=generated,
        years=(years[0], years[-1]) if years else None,
        institutions=tuple(reviews),
        by_year=tuple(summaries),
        by_legal_status=tuple(by_legal_status(institutions)),
        by_legal_status_year={key: tuple(by_legal_status_year(institutions, key)) for key in STATUS_CHARTED},
        comparison=tuple(compare_ngos(institutions)),
        decomposition=tuple(decompositions(institutions)),
        network_alerts=tuple(_network_alerts(institutions, lang, summaries)),
        tested=scanned.tested,
        carried=carried,
        income_measures=tuple(sorted({m for i in institutions for m in i.income_measures})),
        warnings=tuple(p for p in validation.problems if p.severity == "warning"),
    )
