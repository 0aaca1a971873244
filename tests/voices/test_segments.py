from __future__ import annotations

import datetime as dt

import pandas as pd

from missionlens.voices import Served, feedback_answers, never_heard, served_people
from tests.voices.builders import answer


def _served(**counts: int) -> list[Served]:
    return [Served({"zone": zone}) for zone, count in counts.items() for _ in range(count)]


def test_a_segment_served_but_never_heard_is_named() -> None:
    answers = [answer(9, zone="urban")] * 40
    [gap] = never_heard(_served(urban=300, rural=60), answers, ("zone",))
    assert (gap.value, gap.status, gap.heard, gap.served) == ("rural", "never_heard", 0, 60)


def test_a_segment_heard_in_proportion_is_not_named() -> None:
    answers = [answer(9, zone="urban")] * 40 + [answer(9, zone="rural")] * 8
    assert never_heard(_served(urban=300, rural=60), answers, ("zone",)) == ()


def test_a_small_segment_is_not_named_when_silence_could_be_chance() -> None:
    answers = [answer(9, zone="urban")] * 20
    assert never_heard(_served(urban=300, rural=12), answers, ("zone",)) == ()


def test_a_segment_heard_far_below_its_share_is_barely_heard() -> None:
    answers = [answer(9, zone="urban")] * 200 + [answer(9, zone="rural")] * 2
    [gap] = never_heard(_served(urban=300, rural=100), answers, ("zone",))
    assert (gap.value, gap.status) == ("rural", "barely_heard")


def test_answers_take_the_segments_of_the_person_and_of_their_latest_loan() -> None:
    borrowers = pd.DataFrame({"borrower_id": ["b1"], "branch_id": ["A"], "gender": ["F"], "minimum_benefits": [True]})
    loans = pd.DataFrame({"borrower_id": ["b1", "b1"], "disbursement_date": ["2023-01-05", "2024-06-01"],
                          "product": ["business", "personal"]})
    branches = pd.DataFrame({"branch_id": ["A"], "zone_type": ["rural"]})
    feedback = pd.DataFrame({"borrower_id": ["b1", None], "date": ["2024-02-01", "2024-02-01"],
                             "recommend": [9, 7], "life_change": ["better", None]})
    first, anonymous = feedback_answers(feedback, borrowers, loans, branches)
    assert dict(first.segments) == {"gender": "F", "minimum_benefits": "true", "branch": "A", "zone": "rural",
                                    "product": "business"}
    assert dict(anonymous.segments) == {} and anonymous.life_change is None


def test_the_people_served_are_those_with_a_loan_disbursed_in_the_window() -> None:
    borrowers = pd.DataFrame({"borrower_id": ["b1", "b2"], "branch_id": ["A", "A"], "gender": ["F", "M"]})
    loans = pd.DataFrame({"borrower_id": ["b1", "b2"], "disbursement_date": ["2024-03-01", "2020-01-01"],
                          "product": ["honour", "business"]})
    [person] = served_people(borrowers, loans, since=dt.date(2024, 1, 1), until=dt.date(2024, 12, 31))
    assert dict(person.segments) == {"gender": "F", "branch": "A", "product": "honour"}
