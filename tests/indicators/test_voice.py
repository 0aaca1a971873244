from __future__ import annotations

from pathlib import Path

from tests.indicators.builders import make_feedback, make_loan, make_note, open_dataset, series, values


def test_recommend_score_is_promoters_minus_detractors_in_points(tmp_path: Path) -> None:
    feedback = [make_feedback(recommend=r) for r in (10, 9, 8, 6, None)]
    tables = open_dataset(tmp_path, loans=[make_loan()], feedback=feedback)
    point = series(tables, "recommend_score")[0].points[0]
    assert (point.value, point.n, point.low) == (25.0, 4, None)


def test_life_better_share_counts_better_and_much_better(tmp_path: Path) -> None:
    feedback = [make_feedback(life_change=c) for c in ("better", "much_better", "same", "worse", None)]
    tables = open_dataset(tmp_path, loans=[make_loan()], feedback=feedback)
    assert values(tables, "life_better_share")["2024-01"] == 0.5


def test_voices_heard_adds_notes_and_feedback(tmp_path: Path) -> None:
    tables = open_dataset(tmp_path, loans=[make_loan()], notes=[make_note(), make_note()], feedback=[make_feedback()])
    assert values(tables, "voices_heard")["2024-01"] == 3


def test_voices_heard_needs_only_one_of_notes_and_feedback(tmp_path: Path) -> None:
    tables = open_dataset(tmp_path, loans=[make_loan()], notes=[make_note()])
    assert values(tables, "voices_heard")["2024-01"] == 1


def test_voices_heard_by_author_role_counts_feedback_as_borrowers(tmp_path: Path) -> None:
    notes = [make_note(author_role="staff"), make_note(author_role="borrower")]
    tables = open_dataset(tmp_path, loans=[make_loan()], notes=notes, feedback=[make_feedback()])
    got = {s.group: s.points[0].value for s in series(tables, "voices_heard", by="author_role")}
    assert got == {"borrower": 2, "staff": 1}


def test_borrower_voice_share_is_the_borrowers_part_of_all_voices(tmp_path: Path) -> None:
    notes = [make_note(author_role="staff"), make_note(author_role="borrower")]
    tables = open_dataset(tmp_path, loans=[make_loan()], notes=notes, feedback=[make_feedback(), make_feedback()])
    assert values(tables, "borrower_voice_share")["2024-01"] == 0.75
