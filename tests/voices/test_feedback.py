from __future__ import annotations

import pytest

from missionlens.voices import by_segment, life_better, life_change_distribution, recommend_score
from tests.voices.builders import answer


def test_the_recommend_score_is_promoters_minus_detractors_with_its_n() -> None:
    score = recommend_score([answer(10), answer(9), answer(8), answer(3), answer(None)])
    assert score.value == pytest.approx(25.0) and score.n == 4


def test_the_recommend_interval_holds_the_score_and_stays_within_bounds() -> None:
    score = recommend_score([answer(10)] * 5)
    assert score.low is not None and score.high is not None
    assert -100 <= score.low < 100 == score.value and score.high <= 100


def test_a_larger_sample_gives_a_narrower_recommend_interval() -> None:
    small = recommend_score([answer(10), answer(2)] * 5)
    large = recommend_score([answer(10), answer(2)] * 200)
    assert (large.high or 0) - (large.low or 0) < (small.high or 0) - (small.low or 0)


def test_no_answer_gives_no_score_not_zero() -> None:
    assert recommend_score([answer(None)]).value is None


def test_life_better_is_the_share_better_or_much_better_with_a_wilson_interval() -> None:
    share = life_better([answer(life="better"), answer(life="much_better"), answer(life="same"), answer(life="worse")])
    assert share.value == 0.5 and share.n == 4 and share.low is not None and 0 < share.low < 0.5


def test_the_life_change_distribution_counts_every_answer_given() -> None:
    found = life_change_distribution([answer(life="better"), answer(life="better"), answer(life="same"), answer()])
    assert found["n"] == 3 and found["counts"]["better"] == 2 and found["shares"]["same"] == pytest.approx(1 / 3, abs=1e-4)


def test_figures_by_segment_leave_anonymous_answers_out() -> None:
    figures = by_segment([answer(10, gender="F"), answer(0, gender="M"), answer(10)], ("gender",))
    assert [(f.value, f.answers, f.recommend.value) for f in figures] == [("F", 1, 100.0), ("M", 1, -100.0)]
