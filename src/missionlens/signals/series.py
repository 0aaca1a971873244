"""The signals' input: one indicator's series with its sample sizes, and what the catalogue says of it.

Signals are pure functions from series to findings (DESIGN.md). A series is the simple value
`SeriesInput`, so that the detectors depend on no engine class: the review converts the engine's
series into it, the evaluation and the tests build it by hand, and yearly institution series
(spec/institution-panel.md) use the same type with `grain="year"`.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Grain = Literal["month", "quarter", "year"]
Direction = Literal["up", "down"]
AlertKind = Literal["drift", "tension", "outreach", "workload", "voice"]

_PER_YEAR: dict[Grain, int] = {"month": 12, "quarter": 4, "year": 1}


@dataclass(frozen=True)
class SeriesInput:
    """One indicator over consecutive periods.

    `values[i]` is None when period i has no data (or too few units to say); `n[i]` is the
    denominator of a share or a mean, or the count behind a count or a rate (None when unknown).
    `unit` is the catalogue's unit: count, amount, share, minutes, ratio or score; or "rate", a
    count per RATE_PER units of exposure (`per_exposure`).
    """

    key: str
    periods: Sequence[str]
    values: Sequence[float | None]
    n: Sequence[int | None]
    unit: str
    dimensions: Sequence[str] = ()

    def __post_init__(self) -> None:
        if not len(self.periods) == len(self.values) == len(self.n):
            raise ValueError(
                f"series {self.key}: periods, values and n must have the same length "
                f"({len(self.periods)}, {len(self.values)}, {len(self.n)})"
            )


def periods_per_year(grain: Grain) -> int:
    return _PER_YEAR[grain]


def period_index(period: str, grain: Grain) -> int:
    """A period label as a count of periods since year 0: "2023-07" (month), "2023-Q3", "2023"."""
    try:
        if grain == "year":
            return int(period[:4])
        year = int(period[:4])
        if grain == "quarter":
            return year * 4 + int(period[6]) - 1
        return year * 12 + int(period[5:7]) - 1
    except (ValueError, IndexError) as exc:
        raise ValueError(f"{period!r} is not a {grain} period (YYYY-MM, YYYY-Qn or YYYY)") from exc


def period_label(index: int, grain: Grain) -> str:
    if grain == "year":
        return str(index)
    if grain == "quarter":
        return f"{index // 4}-Q{index % 4 + 1}"
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def season_of(index: int, grain: Grain) -> int:
    """Month of year (0..11) or quarter of year (0..3); always 0 for years."""
    return index % _PER_YEAR[grain]


def as_of_index(as_of: dt.date | str, grain: Grain) -> int:
    """The last period a review may look at: the period holding `as_of` (a date, or the text of a
    date, a month, a quarter or a year)."""
    if isinstance(as_of, str) and "Q" in as_of:
        quarter = period_index(as_of, "quarter")
        return {"year": quarter // 4, "quarter": quarter, "month": quarter * 3 + 2}[grain]
    if isinstance(as_of, str) and len(as_of) == 4:
        year = int(as_of)
        return {"year": year, "quarter": year * 4 + 3, "month": year * 12 + 11}[grain]
    if isinstance(as_of, str):
        month = period_index(as_of[:7], "month")
    else:
        month = as_of.year * 12 + as_of.month - 1
    return {"year": month // 12, "quarter": month // 3, "month": month}[grain]


# The pure volumes of the catalogue (issue 4): they grow with the organisation, so a change in
# them is not by itself a mission alarm. They are still read, as the volume side of tensions.
VOLUME_KEYS: frozenset[str] = frozenset({
    "loans_disbursed", "amount_disbursed", "new_borrowers", "active_borrowers", "portfolio_outstanding",
    "accompaniment_minutes", "voices_heard",
})

# Indicators whose level depends on the age of the portfolio: arrears start near zero and rise as
# loans mature, active-borrower stocks build up, repeat borrowers appear only once first loans are
# repaid. Their first SEASONING_PERIODS months after the series' first value are a seasoning
# period, not a baseline (issue 4). 18 months: over half the usual 30-month term, by when most
# loans have passed their first missed-installment window (docs/signals.md).
SEASONING_KEYS: frozenset[str] = frozenset({
    "par30", "par90", "arrears_inflow30", "arrears_inflow90", "write_off_rate", "restructured_share", "caseload_per_advisor",
    "followup_minutes_per_borrower", "repeat_borrower_share", "crisis_sessions",
})
SEASONING_MONTHS = 18
# Cohort views on the loans' *current* status: restructured_share is the share of the loans
# disbursed in P whose status is restructured today. A loan's status is single (spec
# microcredit-data.md: a restructured loan later repaid reads "repaid"), so each month's value
# depends on the age of its cohort at the extraction: the latest cohorts have not yet had the time
# to be restructured, the oldest have since been repaid, and the series rises and falls with the
# extraction date whatever happened (right- and left-censoring). Its months are not comparable
# along time, so it is not tested for drift (docs/signals.md); an age-matched cohort indicator
# (restructured within a fixed time after disbursement) could be.
CURRENT_STATUS_KEYS: frozenset[str] = frozenset({"restructured_share"})
# Stocks tested through their inflow (docs/signals.md, "Stocks tested through their inflow"): PAR is
# the stock of the loans that fell behind and have not yet caught up, been written off or repaid;
# it carries its past for months (lag-1 autocorrelation 0.85 to 0.95), so a change in how loans
# fall behind moves it slowly and a test of its level has little power. The loans entering
# arrears each period are that change itself, with binomial noise and little memory.
STOCK_INFLOWS: dict[str, str] = {"par30": "arrears_inflow30", "par90": "arrears_inflow90"}
# Volumes that are stocks, tested through what enters them in the same way: the active borrowers
# and the amount outstanding accumulate the loans disbursed over a term of two to three years, so
# a push (or its correction) bends them slowly while the loans disbursed step at once. The
# inflows are volumes in their own right and keep their own test (for the tensions).
VOLUME_INFLOWS: dict[str, str] = {"active_borrowers": "loans_disbursed", "portfolio_outstanding": "amount_disbursed"}
# Counts tested per unit of exposure (docs/signals.md, "Counts tested per unit of exposure"): crisis
# sessions grow with the number of people lent to; what says that more of them are in difficulty
# is their number per active borrower, a Poisson rate whose noise the count gives.
COUNT_EXPOSURES: dict[str, str] = {"crisis_sessions": "active_borrowers"}
RATE_PER = 100
# A young organisation: its first months of lending are below half of what it lends a year later.
START_UP_RATIO = 0.5
# A portfolio is seasoned when its active borrowers per year of loans reach 90 % of their steady level.
SEASONED_SHARE = 0.9

# Indicators where a higher value is worse for the mission (arrears, over-indebtedness, load,
# the poor declined more often). Any other is read as "higher is better" for tensions.
LOWER_IS_BETTER: frozenset[str] = frozenset({
    "par30", "par90", "arrears_inflow30", "arrears_inflow90", "write_off_rate", "restructured_share", "loan_to_income", "caseload_per_advisor",
    "declined_minimum_benefits_share", "pressure_notes_share", "crisis_sessions",
})

OUTREACH_KEYS: frozenset[str] = frozenset({
    "share_minimum_benefits", "share_unbanked", "share_priority_area", "share_women", "loan_to_income",
    "declined_minimum_benefits_share", "avg_loan_amount",
})
WORKLOAD_KEYS: frozenset[str] = frozenset({
    "caseload_per_advisor", "minutes_per_session", "followup_minutes_per_borrower", "volunteer_share_minutes",
    "pressure_notes_share",
})
VOICE_KEYS: frozenset[str] = frozenset({
    "borrower_voice_share", "recommend_score", "life_better_share", "wellbeing_mean",
})


def kind_of(key: str) -> AlertKind:
    if key in OUTREACH_KEYS:
        return "outreach"
    if key in WORKLOAD_KEYS:
        return "workload"
    if key in VOICE_KEYS:
        return "voice"
    return "drift"


def worsening(key: str) -> Direction:
    """The direction in which this indicator moves when the mission suffers."""
    return "up" if key in LOWER_IS_BETTER else "down"


def _points(series: SeriesInput | None, grain: Grain) -> dict[int, float]:
    if series is None:
        return {}
    return {period_index(p, grain): v for p, v in zip(series.periods, series.values, strict=True) if v is not None}


def seasoning_end(series_by_key: Mapping[str, SeriesInput], grain: Grain) -> int | None:
    """The first period after the seasoning of the portfolio the data describe, if it is young.

    A portfolio is seasoned once its stock of active borrowers, per year of loans disbursed, has
    reached SEASONED_SHARE of its steady level (the median over the second half of the data):
    before that, loans have not yet lived a full term, and arrears, the mix of sessions, caseloads
    and returning borrowers are still settling, so nothing there is a baseline. Without the active
    borrowers, data that begin with a start-up (the first three periods lend under START_UP_RATIO
    of the following year's median) are seasoned after SEASONING_MONTHS. None when the data begin
    in an established portfolio. Yearly panels have no seasoning.
    """
    if grain == "year":
        return None
    per_year = periods_per_year(grain)
    loans = _points(series_by_key.get("loans_disbursed"), grain)
    active = _points(series_by_key.get("active_borrowers"), grain)
    if not loans:
        return None
    first = min(loans)
    last = max(loans)
    minimum = first + math.ceil(SEASONING_MONTHS / (12 // per_year))
    if active:
        ratio = {}
        for i in range(first + per_year - 1, last + 1):
            flow = sum(loans.get(j, 0.0) for j in range(i - per_year + 1, i + 1))
            if flow > 0 and i in active:
                ratio[i] = active[i] / flow
        later = sorted(v for i, v in ratio.items() if i >= (first + last) // 2)
        if later:
            steady = later[len(later) // 2]
            early = min(ratio)
            if ratio[early] >= SEASONED_SHARE * steady:
                return None
            return max(minimum, next(i for i in sorted(ratio) if ratio[i] >= SEASONED_SHARE * steady))
    head = [loans[i] for i in sorted(loans) if i < first + 3]
    year = sorted(v for i, v in loans.items() if first + 3 <= i < first + 3 + per_year)
    if len(year) < per_year // 2 or not head:
        return None
    if sum(head) / len(head) >= START_UP_RATIO * year[len(year) // 2]:
        return None
    return minimum


def per_exposure(count: SeriesInput, exposure: SeriesInput) -> SeriesInput:
    """A count as a rate per RATE_PER units of its exposure (crisis sessions per 100 active
    borrowers), with the count as n: its Poisson noise. Periods without exposure have no value."""
    at = dict(zip(exposure.periods, exposure.values, strict=True))
    values: list[float | None] = []
    events: list[int | None] = []
    for period, value in zip(count.periods, count.values, strict=True):
        base = at.get(period)
        if value is None or base is None or base <= 0:
            values.append(None)
            events.append(None)
        else:
            values.append(RATE_PER * value / base)
            events.append(round(value))
    return SeriesInput(count.key, count.periods, values, events, "rate", count.dimensions)
