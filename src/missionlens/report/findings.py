"""The findings of a review, written for the reader: the story at the top, and each finding beside
its indicator.

An alert is a question, not a verdict (issue 4): every finding says what was seen, since when and
on how many people or loans, and asks the questions its card raises. The overview tells the story
in the order the study behind missionlens saw it unfold (Drujon d'Astros, Leca, Morales 2024):
volumes pushed up against the qualities they can crush, accompaniment thinning, the mission's
people drifting out of reach, arrears surfacing after a lag, the people who do the work under
pressure, then what the borrowers say.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from missionlens.report.charts import Marker
from missionlens.report.labels import Lang, figure, percent, period, text, word
from missionlens.review.model import Alert, OutreachGap, Review, Tension

NOTES_PRESSURE = "pressure_notes_share"
NOTES_PRESSURE_ANCHOR = "notes-pressure"
OVERVIEW_QUESTIONS = 2  # questions per finding on the overview; all of them beside the indicator
HEADLINE_ITEMS = 4  # findings named per line of the story

# The story's themes, in the order the study saw them unfold. An alert goes to the first theme
# that claims it: its kind (outreach, workload, voice), else its dimensions.
THEMES: tuple[str, ...] = ("tensions", "accompaniment", "outreach", "protection", "work", "voice", "other")
_BY_KIND = {"outreach": "outreach", "workload": "work", "voice": "voice"}
# Dimensions by priority: an alert on accompaniment and access (people met per loan) tells of
# accompaniment; one on access and protection (the approval rate) of protection.
_BY_DIMENSION = (("accompaniment", "accompaniment"), ("protection", "protection"), ("people", "work"),
                 ("dignity", "voice"), ("outcomes", "voice"), ("access", "outreach"))


@dataclass(frozen=True)
class Side:
    """One side of a tension: the volume that rose, or the quality that worsened."""

    title: str
    change: str
    since: str
    anchor: str


@dataclass(frozen=True)
class FindingView:
    """An alert or a detected tension, written for the reader."""

    kind: str
    kind_word: str
    title: str
    evidence: str
    questions: tuple[str, ...]
    meta: str
    anchor: str
    since: str
    levels: str = ""
    sides: tuple[Side, Side] | None = None
    why: str = ""


@dataclass(frozen=True)
class ThemeView:
    key: str
    title: str
    headline: str
    findings: tuple[FindingView, ...]
    gaps: tuple[str, ...] = ()


def indicator_title(review: Review, key: str, lang: Lang) -> str:
    item = review.indicator(key)
    if item is not None:
        return item.title
    return text(lang, "notes_pressure") if key == NOTES_PRESSURE else key.replace("_", " ")


def anchor_of(review: Review, key: str) -> str:
    if review.indicator(key) is None and key == NOTES_PRESSURE:
        return NOTES_PRESSURE_ANCHOR
    return f"card-{key}"


def _unit(review: Review, key: str) -> str:
    item = review.indicator(key)
    return item.unit if item is not None else "share"


def _arrow(direction: str) -> str:
    return "↗" if direction == "up" else "↘"


def _signed(value: float, lang: Lang) -> str:
    return ("+" if value > 0 else "") + percent(value, lang, 0)


def alert_view(alert: Alert, review: Review, lang: Lang) -> FindingView:
    unit = _unit(review, alert.indicator)
    since = period(alert.start, lang)
    levels = ""
    if alert.before is not None and alert.after is not None:
        levels = f"{figure(alert.before, unit, lang)} → {figure(alert.after, unit, lang)}"
    meta = (
        f"{_arrow(alert.direction)} {word(lang, alert.direction)} {_signed(alert.magnitude, lang)} · "
        f"{text(lang, 'since')} {since} · {text(lang, 'confidence')} {percent(alert.confidence, lang, 0)}"
    )
    if alert.n:
        meta += f" · {text(lang, 'n')} = {figure(alert.n, 'count', lang)}"
    return FindingView(
        kind=alert.kind, kind_word=text(lang, f"kind_{alert.kind}"), title=indicator_title(review, alert.indicator, lang),
        evidence=alert.evidence, questions=alert.questions, meta=meta, anchor=anchor_of(review, alert.indicator),
        since=since, levels=levels,
    )


def tension_view(tension: Tension, review: Review, lang: Lang) -> FindingView:
    volume = Side(
        title=indicator_title(review, tension.volume, lang),
        change=f"↗ {_signed(tension.volume_change, lang)}" if tension.volume_change is not None else "↗",
        since=period(tension.volume_start or tension.start, lang),
        anchor=anchor_of(review, tension.volume),
    )
    seen = next((a for a in review.alerts if (a.indicator, a.start) == (tension.quality, tension.quality_start)),
                None)
    change = ""
    if seen is not None and seen.before is not None and seen.after is not None:
        unit = _unit(review, tension.quality)
        change = f"{_arrow(seen.direction)} {figure(seen.before, unit, lang)} → {figure(seen.after, unit, lang)}"
    elif tension.quality_change is not None:
        change = f"{'↘' if tension.quality_change < 0 else '↗'} {_signed(tension.quality_change, lang)}"
    quality = Side(
        title=indicator_title(review, tension.quality, lang),
        change=change,
        since=period(tension.quality_start or tension.start, lang),
        anchor=anchor_of(review, tension.quality),
    )
    meta = f"{text(lang, 'since')} {period(tension.start, lang)}"
    if tension.lag_months:
        meta += f" · {text(lang, 'lag', months=tension.lag_months)}"
    meta += f" · {text(lang, 'confidence')} {percent(tension.confidence, lang, 0)}"
    return FindingView(
        kind="tension", kind_word=text(lang, "kind_tension"), title=f"{volume.title} ↔ {quality.title}",
        evidence=tension.evidence, questions=tension.questions, meta=meta, anchor=quality.anchor,
        since=period(tension.start, lang), sides=(volume, quality), why=tension.why,
    )


def markers(key: str, review: Review, lang: Lang) -> list[Marker]:
    """The months a change starts on this indicator's chart: its alerts, and its side of each tension."""
    starts: list[tuple[str, str, tuple[str, str] | None]] = [
        (a.start, a.direction, a.start_window) for a in review.alerts if a.indicator == key]
    starts += [(t.volume_start or t.start, "up", None) for t in review.tensions if t.volume == key]
    seen: dict[str, tuple[str, tuple[str, str] | None]] = {}
    for start, direction, window in starts:
        if len(start) == 7:
            seen.setdefault(start, (direction, window if window and all(len(w) == 7 for w in window) else None))
    return [Marker(s, f"{_arrow(d)} {period(s, lang, short=True)}", w) for s, (d, w) in sorted(seen.items())]


def theme_of(alert: Alert) -> str:
    if alert.kind in _BY_KIND:
        return _BY_KIND[alert.kind]
    return next((theme for dim, theme in _BY_DIMENSION if dim in alert.dimensions), "other")


def _chip(alert: Alert, review: Review, lang: Lang) -> str:
    unit = _unit(review, alert.indicator)
    title = indicator_title(review, alert.indicator, lang)
    if alert.before is not None and alert.after is not None:
        change = f"{figure(alert.before, unit, lang)} → {figure(alert.after, unit, lang)}"
    else:
        change = _signed(alert.magnitude, lang)
    return f"{title} {_arrow(alert.direction)} {change} ({period(alert.start, lang, short=True)})"


def _tension_headline(tensions: Sequence[Tension], review: Review, lang: Lang) -> str:
    # The volumes in the order the mission declares its tensions (its main volume first).
    declared = list(dict.fromkeys(t.volume for t in review.declared_tensions))
    volumes: dict[str, str] = {}
    rank = {key: i for i, key in enumerate(declared)}
    for t in sorted(tensions, key=lambda t: (rank.get(t.volume, len(rank)), t.volume_start or t.start)):
        change = f" {_signed(t.volume_change, lang)}" if t.volume_change is not None else ""
        volumes.setdefault(t.volume, f"{indicator_title(review, t.volume, lang)}{change} "
                                     f"({period(t.volume_start or t.start, lang, short=True)})")
    qualities = list(dict.fromkeys(indicator_title(review, t.quality, lang) for t in tensions))
    return text(lang, "story_tensions", volumes=", ".join(volumes.values()),
                qualities=", ".join(qualities[:HEADLINE_ITEMS + 2]))


def _gap_text(gap: OutreachGap) -> str:
    return gap.evidence


def story(review: Review, lang: Lang) -> list[ThemeView]:
    """The findings grouped by theme, in the order of the story; themes without finding are left out."""
    grouped: dict[str, list[Alert]] = {key: [] for key in THEMES}
    for alert in review.alerts:
        grouped[theme_of(alert)].append(alert)
    themes: list[ThemeView] = []
    if review.tensions:
        themes.append(ThemeView(
            "tensions", text(lang, "theme_tensions"), _tension_headline(review.tensions, review, lang),
            tuple(tension_view(t, review, lang) for t in review.tensions),
        ))
    # An alert that is the quality side of a tension is told there, with both sides; its theme's
    # line of the story still names it.
    told = {(t.quality, t.quality_start or t.start) for t in review.tensions}
    for key in THEMES[1:]:
        alerts = sorted(grouped[key], key=lambda a: (a.start, a.indicator))
        gaps = tuple(_gap_text(g) for g in review.outreach_gaps if g.p_value < 0.05) if key == "outreach" else ()
        if not alerts and not gaps:
            continue
        chips = [_chip(a, review, lang) for a in sorted(alerts, key=lambda a: -a.confidence)[:HEADLINE_ITEMS]]
        more = len(alerts) - len(chips)
        headline = "; ".join(chips) + (f" {text(lang, 'and_more', n=more)}" if more > 0 else "")
        themes.append(ThemeView(
            key, text(lang, f"theme_{key}"), headline or gaps[0],
            tuple(alert_view(a, review, lang) for a in alerts if (a.indicator, a.start) not in told), gaps,
        ))
    return themes


def findings_for(key: str, review: Review, lang: Lang) -> tuple[FindingView, ...]:
    """The findings to show beside one indicator: its alerts, then the tensions it is a side of."""
    return tuple(alert_view(a, review, lang) for a in review.alerts if a.indicator == key) + tuple(
        tension_view(t, review, lang) for t in review.tensions if key in (t.volume, t.quality)
    )
