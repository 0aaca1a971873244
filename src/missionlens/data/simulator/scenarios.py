"""Scenarios: the changes injected into the simulated organisation, and their truth.

A scenario moves internal levers (how many loans, how long an interview, who is served...)
from an anchor month. The measurable consequences are declared beside the levers as
`ChangeSpec`s: that list becomes `truth.json`, so every change the generator injects is
listed and nothing is listed that the generator does not inject.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from missionlens.data.simulator.perturbation import Perturbation
from missionlens.data.simulator.timeline import FloatArray, Timeline

Direction = Literal["up", "down"]
ChangeKind = Literal["step", "gradual", "lagged"]

# Levers, all 0 when neutral. "…_x" levers are relative (value × (1 + lever)); the others add.
LEVERS = (
    "volume_x", "approval", "diag_minutes_x", "preloan_count_x", "session_minutes_x", "followup",
    "followup_rate_x", "outreach", "income_x", "amount_x", "risk_x", "prospects_x", "staffing_x", "business",
    "benefit_decline", "pressure", "erosion_voice", "creaming_voice", "rushed_feedback",
)


@dataclass(frozen=True)
class Effect:
    """A lever moved by `delta` from `anchor` + `offset` months, reached linearly over `ramp` months."""

    lever: str
    delta: float
    anchor: str = "P"
    offset: int = 0
    ramp: int = 2  # months to full effect; -1 = until the end of the data


@dataclass(frozen=True)
class ChangeSpec:
    indicator: str
    direction: Direction
    kind: ChangeKind
    dimension: str
    description: str
    anchor: str = "P"
    offset: int = 0


@dataclass(frozen=True)
class VoiceSpec:
    theme: str
    roles: tuple[str, ...]
    description: str
    direction: Direction = "up"
    anchor: str = "P"
    offset: int = 0


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    growth: float  # yearly growth of the baseline volume
    anchors: tuple[tuple[str, float], ...] = ()  # name -> fraction of the observed period
    staff_freeze: str | None = None  # staff stop following activity from this anchor
    effects: tuple[Effect, ...] = ()
    changes: tuple[ChangeSpec, ...] = ()
    voices: tuple[VoiceSpec, ...] = ()


def _push(anchor: str, sign: float, outreach_ramp: int) -> tuple[Effect, ...]:
    """The levers of a loan-count target (sign 1) or of its correction (sign -1)."""
    deltas = {
        "volume_x": 0.45, "approval": 0.12, "diag_minutes_x": -0.33, "preloan_count_x": -0.6,
        "session_minutes_x": -0.25, "followup": -0.35, "followup_rate_x": -0.45, "amount_x": 0.25,
        "risk_x": 1.2, "prospects_x": -0.4, "business": -0.12, "pressure": 0.4,
    }
    effects = [Effect(lever, sign * delta, anchor) for lever, delta in deltas.items()]
    effects.append(Effect("outreach", sign * 1.0, anchor, ramp=outreach_ramp))
    effects.append(Effect("rushed_feedback", sign * 0.3, anchor, offset=3, ramp=6))
    return tuple(effects)


def _c(indicator: str, direction: Direction, kind: ChangeKind, dimension: str, description: str,
       anchor: str = "P", offset: int = 0) -> ChangeSpec:
    return ChangeSpec(indicator, direction, kind, dimension, description, anchor, offset)


def _push_changes(anchor: str, up: Direction, down: Direction, lag_extra: int) -> tuple[ChangeSpec, ...]:
    a = anchor
    changes = (
        _c("loans_disbursed", up, "step", "access", "loan-count target: about 45% more loans", a),
        _c("amount_disbursed", up, "step", "sustainability", "more and larger loans", a),
        _c("new_borrowers", up, "step", "access", "the extra loans go to newcomers", a),
        _c("avg_loan_amount", up, "step", "protection", "loans about 25% larger", a),
        _c("approval_rate", up, "step", "access", "approvals loosen (+12 points)", a),
        _c("minutes_per_new_loan", down, "step", "accompaniment",
           "shorter diagnosis interview and fewer pre-loan meetings", a),
        _c("followup_60d_rate", down, "step", "accompaniment", "fewer follow-ups within 60 days", a),
        _c("minutes_per_session", down, "step", "accompaniment", "shorter sessions", a),
        _c("people_met_per_loan", down, "step", "access", "fewer people met per loan granted", a),
        _c("repeat_borrower_share", down, "step", "access", "volume comes from first loans", a),
        _c("share_minimum_benefits", down, "gradual", "access", "outreach drifts to less excluded people", a),
        _c("share_unbanked", down, "gradual", "access", "more applicants with bank access", a),
        _c("share_priority_area", down, "gradual", "access", "fewer clients from priority areas", a),
        _c("share_women", down, "gradual", "access", "fewer women among those served", a),
        _c("loan_to_income", up, "step", "protection", "larger loans against similar incomes", a),
        _c("active_borrowers", up, "gradual", "sustainability", "the portfolio fills with the extra loans", a),
        _c("portfolio_outstanding", up, "gradual", "sustainability", "outstanding grows with volume", a),
        _c("caseload_per_advisor", up, "gradual", "people", "staff do not grow with the portfolio", a),
        _c("followup_minutes_per_borrower", down, "gradual", "accompaniment",
           "follow-up time thinned over more borrowers", a),
        _c("par30", up, "lagged", "protection", "arrears of the push cohorts appear", a, 8 + lag_extra),
        _c("par90", up, "lagged", "protection", "long arrears follow", a, 11 + lag_extra),
        _c("crisis_sessions", up, "lagged", "accompaniment", "more borrowers in difficulty", a, 8 + lag_extra),
        _c("write_off_rate", up, "lagged", "sustainability", "defaults of the push cohorts written off",
           a, 13 + lag_extra),
        _c("business_active_12m", down, "lagged", "outcomes",
           "businesses financed under the push survive less", a, 10 + lag_extra),
    )
    if up == "up":
        return changes
    return tuple(replace(c, description=f"the correction undoes it: {c.description}") for c in changes)


def _erosion_changes() -> tuple[ChangeSpec, ...]:
    a = "E"
    return (
        _c("minutes_per_new_loan", "down", "gradual", "accompaniment", "interviews slowly shortened", a),
        _c("followup_60d_rate", "down", "gradual", "accompaniment", "follow-ups slowly dropped", a),
        _c("minutes_per_session", "down", "gradual", "accompaniment", "sessions slowly shortened", a),
        _c("followup_minutes_per_borrower", "down", "gradual", "accompaniment",
           "less follow-up time per borrower", a),
        _c("caseload_per_advisor", "up", "gradual", "people", "departures not replaced", a),
    )


def _creaming_changes() -> tuple[ChangeSpec, ...]:
    a = "C"
    return (
        _c("share_minimum_benefits", "down", "gradual", "access", "applicants on minimum benefits turned away", a),
        _c("share_unbanked", "down", "gradual", "access", "recruitment leans to people with bank access", a),
        _c("share_priority_area", "down", "gradual", "access", "fewer clients from priority areas", a),
        _c("share_women", "down", "gradual", "access", "fewer women among those served", a),
        _c("declined_minimum_benefits_share", "up", "gradual", "access",
           "declines concentrate on people on minimum benefits", a),
        _c("loan_to_income", "down", "gradual", "protection", "same loans to better-off households", a),
    )


_ALL_STAFF = ("staff", "volunteer", "manager")

SCENARIO_LIST: tuple[Scenario, ...] = (
    Scenario("steady", "Steady growth (about 6% a year) with staff growing in proportion; no change.", 0.06),
    Scenario(
        "volume_push",
        "A loan-count target arrives 40% into the period: loans rise, time per person and follow-ups "
        "fall, approvals loosen, outreach drifts to less excluded people, arrears rise after a lag, "
        "and staff notes voice pressure.",
        0.03, (("P", 0.4),), "P", _push("P", 1.0, 12), _push_changes("P", "up", "down", 0),
        (VoiceSpec("pressure", _ALL_STAFF, "notes voice targets, pressure and lack of time"),
         VoiceSpec("rushed_service", ("borrower",), "borrowers say they were rushed", offset=3)),
    ),
    Scenario(
        "quiet_erosion",
        "Volumes flat; from 20% into the period accompaniment erodes slowly (shorter interviews, "
        "fewer follow-ups, departures not replaced) until the end.",
        0.0, (("E", 0.2),), None,
        tuple(Effect(lever, delta, "E", ramp=-1) for lever, delta in (
            ("diag_minutes_x", -0.3), ("preloan_count_x", -0.55), ("session_minutes_x", -0.28),
            ("followup", -0.35), ("followup_rate_x", -0.45), ("staffing_x", -0.35), ("erosion_voice", 0.3),
        )),
        _erosion_changes(),
        (VoiceSpec("lack_of_time", _ALL_STAFF, "notes slowly voice a lack of time", anchor="E"),),
    ),
    Scenario(
        "creaming",
        "Volumes flat; from 35% into the period, over 18 months, outreach drifts to less excluded "
        "people (people on minimum benefits declined more often); accompaniment unchanged.",
        0.0, (("C", 0.35),), None,
        (Effect("outreach", 1.0, "C", ramp=18), Effect("income_x", 0.25, "C", ramp=18),
         Effect("benefit_decline", -0.2, "C", ramp=18),
         Effect("creaming_voice", 0.3, "C", ramp=18)),
        _creaming_changes(),
        (VoiceSpec("exclusion", _ALL_STAFF, "notes worry about the people turned away", anchor="C"),),
    ),
    Scenario(
        "recovery",
        "A loan-count target 30% into the period (as in volume_push), then, 65% into the period, "
        "management listens to the field and corrects: volumes come back, accompaniment and "
        "outreach recover, arrears fall after a lag.",
        0.03, (("P", 0.3), ("R", 0.65)), "P",
        _push("P", 1.0, 9) + tuple(e for e in _push("R", -1.0, 9) if e.lever != "volume_x")
        + (Effect("volume_x", -0.35, "R"),),
        _push_changes("P", "up", "down", 0)
        + tuple(c for c in _push_changes("R", "down", "up", 2) if c.indicator != "active_borrowers"),
        (VoiceSpec("pressure", _ALL_STAFF, "notes voice targets and lack of time"),
         VoiceSpec("pressure", _ALL_STAFF, "pressure recedes after the correction", "down", anchor="R")),
    ),
)

SCENARIOS: dict[str, str] = {s.name: s.description for s in SCENARIO_LIST}


def scenario(name: str) -> Scenario:
    for s in SCENARIO_LIST:
        if s.name == name:
            return s
    raise ValueError(f"unknown scenario {name!r}; choose one of: {', '.join(SCENARIOS)}")


@dataclass(frozen=True)
class Plan:
    """A scenario laid on a timeline: lever values per month and the anchor months."""

    scenario: Scenario
    timeline: Timeline
    anchors: dict[str, int]
    levers: dict[str, FloatArray]

    def lever(self, name: str) -> FloatArray:
        return self.levers[name]


def plan(s: Scenario, timeline: Timeline, perturbation: Perturbation) -> Plan:
    anchors = {
        name: timeline.first_observed + int(round(fraction * timeline.observed_months))
        for name, fraction in s.anchors
    }
    months = np.arange(timeline.months, dtype=np.float64)
    levers = {name: np.zeros(timeline.months) for name in LEVERS}
    for e in s.effects:
        begin = anchors[e.anchor] + e.offset
        ramp = timeline.months - begin if e.ramp < 0 else e.ramp
        shape = np.clip((months - begin + 1) / max(ramp, 1), 0.0, 1.0)
        levers[e.lever] = levers[e.lever] + perturbation.effect_size * e.delta * shape
    return Plan(s, timeline, anchors, levers)
