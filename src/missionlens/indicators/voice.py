"""Voice: what the borrowers say and who is heard (feedback and notes dated in P).

- recommend_score: the net promoter score of feedback with recommend known:
  100 x (share 9-10 - share 0-6), in [-100, 100]; num = 100 x (promoters - detractors),
  den = respondents, so a quarter's score is computed from the quarter's answers.
- life_better_share: feedback with life_change known: the share better or much_better.
- voices_heard: notes + feedback dated in P; by author role, feedback counts as "borrower".
- borrower_voice_share: of notes + feedback dated in P, the share authored by borrowers (notes with
  author_role borrower, plus all feedback).

Either table alone is enough for the last two: an organisation that keeps notes but runs no
survey is still heard.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from missionlens.indicators.periods import Periods
from missionlens.indicators.registry import BORROWER_DIMENSIONS, MIN_N, IndicatorDef, per_period, register, rows
from missionlens.indicators.tables import Dimension, Tables


def recommend_score(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    feedback = tables.grouped(tables["feedback"], by)
    known = feedback.filter(feedback.recommend.notnull())
    t = per_period(
        known,
        "date",
        periods,
        promoters=lambda t: (t.recommend >= 9).sum(),
        detractors=lambda t: (t.recommend <= 6).sum(),
        answers=lambda t: t.count(),
    )
    return rows(t, num=(t.promoters - t.detractors) * 100, den=t.answers, n=t.answers)


def life_better_share(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    feedback = tables.grouped(tables["feedback"], by)
    known = feedback.filter(feedback.life_change.notnull())
    t = per_period(
        known,
        "date",
        periods,
        better=lambda t: t.life_change.isin(("better", "much_better")).sum(),
        answers=lambda t: t.count(),
    )
    return rows(t, num=t.better, den=t.answers, n=t.answers)


def _voices(tables: Tables, by: Dimension | None) -> ir.Table:
    """One row per note or feedback: grp, date, by_borrower."""
    parts: list[ir.Table] = []
    if tables.has("notes"):
        notes = tables["notes"]
        notes = notes.select("date", "borrower_id", role=notes.author_role)
        grouped = tables.grouped(notes, by, role="role")
        parts.append(grouped.select("grp", "date", by_borrower=grouped.role == "borrower"))
    if tables.has("feedback"):
        feedback = tables["feedback"]
        feedback = feedback.select("date", "borrower_id", role=ibis.literal("borrower"))
        grouped = tables.grouped(feedback, by, role="role")
        parts.append(grouped.select("grp", "date", by_borrower=ibis.literal(True)))
    return parts[0] if len(parts) == 1 else parts[0].union(parts[1])


def voices_heard(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    t = per_period(_voices(tables, by), "date", periods, voices=lambda t: t.count())
    return rows(t, num=t.voices, n=t.voices)


def borrower_voice_share(tables: Tables, periods: Periods, by: Dimension | None) -> ir.Table:
    t = per_period(
        _voices(tables, by), "date", periods, borrowers=lambda t: t.by_borrower.sum(), voices=lambda t: t.count()
    )
    return rows(t, num=t.borrowers, den=t.voices, n=t.voices)


VOICE_DIMENSIONS: frozenset[Dimension] = BORROWER_DIMENSIONS | {"author_role"}
for _definition in (
    IndicatorDef("recommend_score", "score", "ratio", ("feedback",), recommend_score, BORROWER_DIMENSIONS,
                 min_n=MIN_N, definition="NPS of feedback dated in P: 100 x (share 9-10 - share 0-6)"),
    IndicatorDef("life_better_share", "share", "ratio", ("feedback",), life_better_share,
                 BORROWER_DIMENSIONS, interval=True, min_n=MIN_N,
                 definition="feedback dated in P with life_change known: share better or much_better"),
    IndicatorDef("voices_heard", "count", "total", (), voices_heard, VOICE_DIMENSIONS,
                 requires_any=("notes", "feedback"), definition="notes + feedback dated in P"),
    IndicatorDef("borrower_voice_share", "share", "ratio", (), borrower_voice_share,
                 BORROWER_DIMENSIONS, requires_any=("notes", "feedback"), interval=True, min_n=MIN_N,
                 definition="share of notes + feedback dated in P authored by borrowers"),
):
    register(_definition)
