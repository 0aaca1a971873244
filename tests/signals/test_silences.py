from __future__ import annotations

import datetime as dt

from missionlens.mission import load_mission
from missionlens.signals import EvidenceItem, SeriesInput, SilenceEntry, silence_map
from missionlens.signals.silences import status_of

MISSION = load_mission(None)


def _series(key: str, dims: tuple[str, ...], last: str = "2025-12") -> SeriesInput:
    return SeriesInput(key, ["2024-06", last], [0.5, 0.5], [40, 40], "share", dims)


def _item(dimension: str, day: dt.date, role: str) -> EvidenceItem:
    return EvidenceItem(dimension, day, role, "observation")


def _by_dimension(series: dict[str, SeriesInput], items: list[EvidenceItem]) -> dict[str, SilenceEntry]:
    return {e.dimension: e for e in silence_map(MISSION, series, items, "2025-12")}


def test_a_dimension_with_neither_numbers_nor_voices_is_silent() -> None:
    entry = _by_dimension({}, [])["outcomes"]
    assert entry.status == "silent" and entry.indicators == 0 and entry.last_evidence is None


def test_numbers_without_voices_are_thin() -> None:
    entry = _by_dimension({"share_women": _series("share_women", ("access",))}, [])["access"]
    assert entry.status == "thin" and entry.indicators == 1


def test_numbers_with_several_voices_are_covered() -> None:
    items = [_item("access", dt.date(2025, m, 3), role) for m, role in ((3, "staff"), (6, "borrower"), (9, "staff"))]
    entry = _by_dimension({"share_women": _series("share_women", ("access",))}, items)["access"]
    assert entry.status == "covered"
    assert entry.voices == {"borrower": 1, "staff": 2}
    assert entry.last_evidence == "2025-09-03"


def test_old_evidence_and_old_numbers_do_not_cover_a_dimension() -> None:
    items = [_item("dignity", dt.date(2023, 5, 1), "borrower")] * 5
    old = SeriesInput("recommend_score", ["2023-01"], [40.0], [30], "score", ("dignity",))
    entry = _by_dimension({"recommend_score": old}, items)["dignity"]
    assert entry.status == "silent" and entry.evidence_items == 0
    assert entry.last_evidence == "2023-05-01"


def test_evidence_after_the_review_date_is_not_counted() -> None:
    items = [_item("people", dt.date(2026, 2, 1), "staff")]
    entry = _by_dimension({}, items)["people"]
    assert entry.evidence_items == 0 and entry.last_evidence is None


def test_the_status_rule_is_documented_in_its_thresholds() -> None:
    assert status_of(0, 0, 0) == "silent"
    assert status_of(0, 5, 3) == "thin"
    assert status_of(2, 2, 2) == "thin"
    assert status_of(1, 3, 2) == "covered"
