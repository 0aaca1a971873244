from __future__ import annotations

import datetime as dt

from missionlens.voices import Lemmatiser, VoiceText, find_themes, theme_series, theme_trends
from tests.voices.builders import french_notes


def test_a_theme_trend_counts_its_notes_out_of_all_notes_of_the_role(lemmatiser: Lemmatiser) -> None:
    texts = [*french_notes("staff"), *french_notes("volunteer")[:6]]
    model = find_themes(texts, k=3, lemmatiser=lemmatiser)
    pressure = next(t for t in theme_trends(model, texts) if t.theme == "pressure")
    points = {(p.period, p.role): (p.count, p.total) for p in pressure.points}
    assert points[("2024-03", "staff")] == (6, 18) and points[("2024-03", "volunteer")] == (6, 6)


def test_a_month_without_notes_of_the_roles_has_no_value_not_zero(lemmatiser: Lemmatiser) -> None:
    texts = [VoiceText(t.text, dt.date(2024, 1 + 2 * (i % 2), 5), "staff") for i, t in enumerate(french_notes())]
    model = find_themes(texts, k=3, lemmatiser=lemmatiser)
    series = theme_series(model, texts, 0, roles={"staff"})
    assert series is not None and list(series.periods) == ["2024-01", "2024-02", "2024-03"]
    assert series.values[1] is None and series.n[1] is None
