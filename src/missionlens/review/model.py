"""The Review: what a mission review says, as plain value objects (spec/review-json.md).

A Review is assembled once (review.build) and then written by every entry point: the JSON
(review.serialise), the HTML and PDF report (report), later the web app. Texts are already in
the review's language; numbers stay numbers (the report formats them).

Alerts, tensions, silences, the attention balance and the outreach gaps are filled by the
signals package (issue 4, review.findings) from the review's own monthly series, its notes and
its feedback. A review whose signals were not run keeps them empty (`signals_run` false): a
review never invents a finding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

SCHEMA = "missionlens.review/1"

Lang = Literal["fr", "en"]
Unit = Literal["count", "amount", "share", "minutes", "ratio", "score"]
Grain = Literal["month", "quarter", "year"]
Pressure = Literal["none", "internal", "funding", "pay"]
Direction = Literal["up", "down"]
SilenceStatus = Literal["silent", "thin", "covered"]
AlertKind = Literal["drift", "tension", "outreach", "workload", "voice"]
SeriesStatus = Literal["ok", "no_data"]


@dataclass(frozen=True)
class Point:
    """One period of a series. `value` is None when the period has no data (never 0 by default).

    `n` is the denominator (or the count of units behind the value); `low`/`high` the 95 % Wilson
    interval of a share; `too_few` marks a value computed on fewer units than the engine's MIN_N.
    """

    period: str
    value: float | None
    n: int | None = None
    low: float | None = None
    high: float | None = None
    too_few: bool = False


@dataclass(frozen=True)
class Dimension:
    key: str
    title: str
    description: str
    standards: tuple[str, ...] = ()


@dataclass(frozen=True)
class CardText:
    """An indicator card in the review's language (mission cards, after the organisation's edits)."""

    title: str
    purpose: str
    shows: str
    hides: tuple[str, ...]
    perverse_effects: tuple[str, ...]
    read_with: tuple[str, ...]
    use: str
    defined_with: tuple[str, ...]
    status: str
    review_by: str | None
    version: int | None
    use_note: str = ""
    source: str = "template"


@dataclass(frozen=True)
class Target:
    indicator: str
    value: float
    period: str
    pressure: Pressure
    set_by: str


@dataclass(frozen=True)
class DeclaredTension:
    """A tension the mission declares: a volume and the qualities it can crush."""

    volume: str
    quality: tuple[str, ...]
    why: str


@dataclass(frozen=True)
class IndicatorReview:
    key: str
    title: str
    dimensions: tuple[str, ...]
    unit: Unit
    core: bool
    definition: str
    card: CardText
    monthly: tuple[Point, ...]
    quarterly: tuple[Point, ...] = ()
    yearly: tuple[Point, ...] = ()
    status: SeriesStatus = "ok"
    targets: tuple[Target, ...] = ()

    def latest(self) -> Point | None:
        """The last month that has a value (the latest months may have none yet)."""
        for point in reversed(self.monthly):
            if point.value is not None:
                return point
        return None


@dataclass(frozen=True)
class Alert:
    """A change seen in one indicator's series: a question to ask, not a verdict."""

    kind: AlertKind
    indicator: str
    dimensions: tuple[str, ...]
    direction: Direction
    start: str
    magnitude: float
    confidence: float
    evidence: str
    questions: tuple[str, ...] = ()
    before: float | None = None
    after: float | None = None
    n: int | None = None
    n_before: int | None = None
    n_after: int | None = None
    shape: Literal["step", "ramp"] = "step"
    p_value: float | None = None
    # A voice alert (kind "voice", voices/alerts.py) names the theme of the notes that moved,
    # its label in the review's language, a representative quote and the notes behind the rise.
    theme: str | None = None
    label: str | None = None
    quote: Mapping[str, Any] | None = None
    count_after: int | None = None
    q_value: float | None = None
    # When the change started, as surely as the data say (signals/dating.py): the first and last
    # starts the indicator's own figures allow, and the indicators it is dated with.
    start_window: tuple[str, str] | None = None
    dated_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tension:
    """A declared tension seen at work: the volume rose while a paired quality fell."""

    volume: str
    quality: str
    start: str
    confidence: float
    evidence: str
    dimensions: tuple[str, ...] = ()
    volume_change: float | None = None
    quality_change: float | None = None
    lag_months: int | None = None
    questions: tuple[str, ...] = ()
    volume_start: str | None = None
    quality_start: str | None = None
    why: str = ""


@dataclass(frozen=True)
class Silence:
    """How far a dimension is covered by numbers and voices (the silence map)."""

    dimension: str
    indicators: int
    evidence_items: int
    last_evidence: str | None
    status: SilenceStatus
    voices: Mapping[str, int] = field(default_factory=dict)
    indicator_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class DimensionAttention:
    """Where the pressure of numbers sits in one dimension: its targets, their pressure, the uses."""

    dimension: str
    indicators: int
    targeted: tuple[str, ...]
    pressures: Mapping[str, int]
    uses: Mapping[str, int]


@dataclass(frozen=True)
class Attention:
    """The attention balance of the mission's targets; `volume_only` when every target is a volume."""

    dimensions: tuple[DimensionAttention, ...]
    targets: int
    volume_targets: int
    volume_only: bool
    untargeted_dimensions: tuple[str, ...]
    evidence: str


@dataclass(frozen=True)
class OutreachGap:
    """Who is declined against who is served (people on minimum benefits), over the same months."""

    declined_share: float
    served_share: float
    n_declined: int
    n_served: int
    period_from: str
    period_to: str
    p_value: float
    evidence: str


@dataclass(frozen=True)
class SignalsRun:
    """How the signals were run: the last month they read, the family tested, the series too short."""

    as_of: str
    tested: int
    alpha: float
    too_short: tuple[str, ...] = ()
    notes: int = 0
    feedback: int = 0


@dataclass(frozen=True)
class DataSummary:
    """The data behind the review: its months, rows per table and the store version it came from."""

    first_month: str | None
    last_month: str | None
    rows: Mapping[str, int]
    version: str | None = None
    data_end: str | None = None
    manifest: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Methods:
    """The rules the numbers follow, stated in the methods annex."""

    min_n: int
    confidence: float = 0.95
    interval: str = "wilson"


@dataclass(frozen=True)
class ReviewError:
    """A problem that refused the input, located where the user can find it.

    `text` keeps the wording of the layer that found it (data validation, the mission file),
    so that the terminal and the JSON say the same thing.
    """

    message: str
    file: str | None = None
    line: int | None = None
    column: str | None = None
    fix: str = ""
    severity: Literal["error", "warning"] = "error"
    code: str | None = None
    sheet: str | None = None
    text: str = ""

    def __str__(self) -> str:
        if self.text:
            return self.text
        place = self.file or ""
        if self.line is not None:
            place += f" line {self.line}"
        if self.column:
            place += f", column {self.column}"
        said = f"{place}: {self.message}" if place else self.message
        return f"{said} Fix: {self.fix}" if self.fix else said


@dataclass(frozen=True)
class Review:
    organisation: str
    lang: Lang
    generated_at: datetime
    data: DataSummary
    dimensions: tuple[Dimension, ...]
    indicators: tuple[IndicatorReview, ...]
    methods: Methods
    targets: tuple[Target, ...] = ()
    declared_tensions: tuple[DeclaredTension, ...] = ()
    alerts: tuple[Alert, ...] = ()
    tensions: tuple[Tension, ...] = ()
    silences: tuple[Silence, ...] = ()
    signals_run: bool = False
    attention: Attention | None = None
    outreach_gaps: tuple[OutreachGap, ...] = ()
    signals: SignalsRun | None = None
    # The share of staff notes voicing pressure (signals.workload): a series of the review that
    # is no indicator of the mission, shown with the people who do the work.
    notes_pressure: tuple[Point, ...] = ()
    # The voices section (voices/section.py, VOICES_SCHEMA): themes, the borrowers' figures,
    # segments never heard, stories selected. None when the voices were not read.
    voices: Mapping[str, Any] | None = None

    def indicator(self, key: str) -> IndicatorReview | None:
        for item in self.indicators:
            if item.key == key:
                return item
        return None

    def in_dimension(self, key: str) -> tuple[IndicatorReview, ...]:
        return tuple(i for i in self.indicators if key in i.dimensions)

    def alerts_for(self, key: str) -> tuple[Alert, ...]:
        return tuple(a for a in self.alerts if a.indicator == key)


@dataclass(frozen=True)
class Refusal:
    """The input was refused: nothing was reviewed. The CLI exits 2 and lists every problem."""

    source: str
    problems: tuple[ReviewError, ...]
    organisation: str = ""
    lang: Lang = "en"
    dimensions: tuple[Dimension, ...] = ()
