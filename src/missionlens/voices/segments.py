"""Who the feedback hears, and the segments never heard: groups served but absent from feedback.

Segments (issue 6): gender, zone (the branch's zone_type), minimum benefits at entry, branch and
product (the product of the person's latest loan disbursed on or before the answer, or in the
window for the people served). Anonymous answers count in the overall figures but in no segment.

The rule for "never heard" (docs/voices.md): over a window, the people served (a loan disbursed
in the window) are split by segment; the answers attributed to a person are split the same way.
If the feedback heard every segment in proportion, a segment holding S of the T people served
would give E = H x S / T of the H attributed answers. A segment with at least MIN_SERVED people
served is
- "never_heard" when it gave no answer although E >= 3 (zero answers when three are expected
  happens by chance about one time in twenty: Poisson(3) at 0 is 5 %);
- "barely_heard" when it gave at most a quarter of E and a one-sided binomial test of its
  answers against its share of the people served says p < 0.05.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
from scipy.stats import binomtest

from missionlens.voices.feedback import SEGMENTS, FeedbackAnswer

MIN_SERVED = 10
MIN_EXPECTED = 3.0
BARELY = 0.25
P_BARELY = 0.05
HeardStatus = Literal["never_heard", "barely_heard"]


@dataclass(frozen=True)
class Served:
    """One person served in the window, with their segments."""

    segments: Mapping[str, str]


@dataclass(frozen=True)
class UnheardSegment:
    dimension: str
    value: str
    served: int
    heard: int
    expected: float
    status: HeardStatus
    p_value: float

    def to_json(self) -> dict[str, Any]:
        return {"segment": self.dimension, "value": self.value, "served": self.served, "heard": self.heard,
                "expected": round(self.expected, 2), "status": self.status, "p_value": round(self.p_value, 6)}


def never_heard(
    served: Sequence[Served], answers: Sequence[FeedbackAnswer], dimensions: Sequence[str] = SEGMENTS,
) -> tuple[UnheardSegment, ...]:
    """The segments served but absent or nearly absent from the attributed answers (module rule)."""
    out = []
    for dimension in dimensions:
        people: dict[str, int] = {}
        for person in served:
            value = person.segments.get(dimension)
            if value is not None:
                people[value] = people.get(value, 0) + 1
        heard: dict[str, int] = {}
        for answer in answers:
            value = answer.segments.get(dimension)
            if value is not None:
                heard[value] = heard.get(value, 0) + 1
        total_served = sum(people.values())
        total_heard = sum(heard.values())
        if total_served == 0 or total_heard == 0:
            continue
        for value in sorted(people):
            count = people[value]
            if count < MIN_SERVED:
                continue
            got = heard.get(value, 0)
            share = count / total_served
            expected = total_heard * share
            p_value = float(binomtest(got, total_heard, share, alternative="less").pvalue) if share < 1 else 1.0
            if got == 0 and expected >= MIN_EXPECTED:
                out.append(UnheardSegment(dimension, value, count, got, expected, "never_heard", p_value))
            elif got <= BARELY * expected and p_value < P_BARELY:
                out.append(UnheardSegment(dimension, value, count, got, expected, "barely_heard", p_value))
    return tuple(out)


def _label(value: Any) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value).strip()
    if text.lower() in ("true", "false"):
        return text.lower()
    return text or None


def _people(borrowers: pd.DataFrame, branches: pd.DataFrame | None) -> dict[str, dict[str, str]]:
    zones: dict[str, str] = {}
    if branches is not None and "zone_type" in branches:
        zones = {str(b): str(z) for b, z in zip(branches["branch_id"], branches["zone_type"], strict=True)
                 if _label(z) is not None}
    out: dict[str, dict[str, str]] = {}
    for record in borrowers.to_dict("records"):
        segments = {}
        for dimension, column in (("gender", "gender"), ("minimum_benefits", "minimum_benefits"),
                                  ("branch", "branch_id")):
            value = _label(record.get(column))
            if value is not None:
                segments[dimension] = value
        zone = zones.get(str(record.get("branch_id")))
        if zone is not None:
            segments["zone"] = zone
        out[str(record["borrower_id"])] = segments
    return out


def _disbursed(loans: pd.DataFrame | None) -> pd.DataFrame:
    if loans is None or "disbursement_date" not in loans:
        return pd.DataFrame({"borrower_id": [], "day": [], "product": []})
    frame = pd.DataFrame({
        "borrower_id": loans["borrower_id"].astype(str),
        "day": pd.to_datetime(loans["disbursement_date"], errors="coerce"),
        "product": loans["product"].astype(str) if "product" in loans else "",
    }).dropna(subset=["day"])
    return frame.sort_values("day", kind="stable")


def feedback_answers(
    feedback: pd.DataFrame, borrowers: pd.DataFrame | None = None, loans: pd.DataFrame | None = None,
    branches: pd.DataFrame | None = None,
) -> list[FeedbackAnswer]:
    """The feedback table as answers with the segments of the person who answered (none if anonymous)."""
    people = _people(borrowers, branches) if borrowers is not None else {}
    disbursed = _disbursed(loans)
    latest: dict[str, list[tuple[pd.Timestamp, str]]] = {}
    for borrower, day, product in zip(disbursed["borrower_id"], disbursed["day"], disbursed["product"], strict=True):
        latest.setdefault(borrower, []).append((day, product))
    out = []
    for record in feedback.to_dict("records"):
        day = pd.Timestamp(record["date"])
        borrower = _label(record.get("borrower_id"))
        segments: dict[str, str] = dict(people.get(borrower, {})) if borrower else {}
        if borrower and borrower in latest:
            before = [p for d, p in latest[borrower] if d <= day]
            if before:
                segments["product"] = before[-1]
        recommend = record.get("recommend")
        life = _label(record.get("life_change"))
        out.append(FeedbackAnswer(
            day.date(), None if recommend is None or pd.isna(recommend) else int(recommend), life, segments,
        ))
    return out


def served_people(
    borrowers: pd.DataFrame, loans: pd.DataFrame, branches: pd.DataFrame | None = None, *,
    since: dt.date, until: dt.date,
) -> list[Served]:
    """The people with a loan disbursed from `since` to `until` (both included), with their segments."""
    people = _people(borrowers, branches)
    disbursed = _disbursed(loans)
    window = disbursed[(disbursed["day"] >= pd.Timestamp(since)) & (disbursed["day"] <= pd.Timestamp(until))]
    last = window.groupby("borrower_id", sort=True)["product"].last()
    out = []
    for borrower, product in last.items():
        segments = dict(people.get(str(borrower), {}))
        segments["product"] = str(product)
        out.append(Served(segments))
    return out
