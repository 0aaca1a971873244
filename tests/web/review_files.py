"""Builders of a small precomputed review run (the files reviews.compute_reviews writes), so the
page tests need no simulation: two branches, two dimensions, a tension, notes with pseudonyms."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

MONTHS = [f"2024-{m:02d}" for m in range(1, 13)] + [f"2025-{m:02d}" for m in range(1, 13)]
BRANCHES = [{"code": "AG01", "name": "Lille", "region": "Nord"}, {"code": "AG02", "name": "Arras", "region": "Pas-de-Calais"}]
PSEUDONYM_NORTH = "b_1111aaaa2222bbbb"
PSEUDONYM_SOUTH = "b_3333cccc4444dddd"


def make_series(start: float, step: float, *, share: bool = False) -> list[dict[str, Any]]:
    out = []
    for i, month in enumerate(MONTHS):
        value = start + step * i
        out.append({"period": month, "value": value, "n": 100 + i,
                    "low": value - 0.05 if share else None, "high": value + 0.05 if share else None,
                    "too_few": i == 0})
    return out


def make_indicator(key: str, title: str, dimensions: list[str], unit: str, series: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "key": key, "title": title, "dimensions": dimensions, "unit": unit, "core": True, "status": "ok",
        "definition": f"definition of {key}", "series": series, "latest": series[-1], "targets": [],
        "card": {"purpose": f"purpose of {key}", "shows": "what it shows", "hides": "what it hides",
                 "perverse_effects": "gamed", "defined_with": ["staff"], "status": "adopted", "review_by": "2026-06-30",
                 "title": title, "hides_items": ["what it hides"], "perverse_effects_items": ["gamed"],
                 "read_with": ["minutes_per_new_loan"], "use": "learning", "use_note": "", "source": "template",
                 "version": 1},
    }


def make_review(lang: str = "fr", *, organisation: str = "Microcrédit Test") -> dict[str, Any]:
    loans = make_indicator("loans_disbursed", "Prêts décaissés" if lang == "fr" else "Loans disbursed",
                           ["access", "sustainability"], "count", make_series(80, 3))
    minutes = make_indicator("minutes_per_new_loan", "Minutes par nouveau prêt" if lang == "fr" else "Minutes per new loan",
                             ["accompaniment"], "minutes", make_series(160, -2))
    return {
        "schema": "missionlens.review/1", "organisation": organisation,
        "data": {"first_month": MONTHS[0], "last_month": MONTHS[-1], "rows": {"loans": 2000}, "version": "v000001",
                 "data_end": "2025-12-31", "manifest": {}},
        "mission": {
            "dimensions": [
                {"key": "access", "title": "Accès" if lang == "fr" else "Access", "description": "d", "standards": []},
                {"key": "accompaniment", "title": "Accompagnement" if lang == "fr" else "Accompaniment",
                 "description": "d", "standards": []},
            ],
            "tensions": [{"volume": "loans_disbursed", "quality": ["minutes_per_new_loan"], "why": "w"}],
            "targets": [{"indicator": "loans_disbursed", "value": 120, "period": "month", "pressure": "funding",
                         "set_by": "funder"}],
        },
        "indicators": [loans, minutes],
        "alerts": [{"kind": "drift", "indicator": "minutes_per_new_loan", "dimensions": ["accompaniment"],
                    "direction": "down", "start": "2024-07", "magnitude": -0.38, "confidence": 0.99,
                    "evidence": "Minutes fell by 38 %.", "questions": ["Which interviews were cut short?"],
                    "before": 160, "after": 98, "n": 1412}],
        "tensions": [{"volume": "loans_disbursed", "quality": "minutes_per_new_loan", "start": "2024-07",
                      "confidence": 0.99, "evidence": "More loans, less time for each.", "dimensions": ["access", "accompaniment"],
                      "volume_change": 0.52, "quality_change": -0.38, "lag_months": 0,
                      "questions": ["Was a volume target set?"]}],
        "silences": [{"dimension": "access", "indicators": 1, "evidence_items": 3, "last_evidence": "2025-12-01",
                      "status": "covered", "voices": {}},
                     {"dimension": "accompaniment", "indicators": 1, "evidence_items": 0, "last_evidence": None,
                      "status": "silent", "voices": {}}],
        "errors": [], "lang": lang, "generated_at": "2026-01-01T00:00:00+00:00", "signals_run": True,
        "methods": {"min_n": 30, "confidence": 0.95, "interval": "wilson"},
    }


NOTES = {
    "access": [
        {"date": "2025-12-10", "author_role": "staff", "kind": "observation", "text": "Note from Lille about access",
         "borrower": PSEUDONYM_NORTH, "branch": "AG01"},
        {"date": "2025-12-09", "author_role": "staff", "kind": "concern", "text": "Note from Arras about access",
         "borrower": PSEUDONYM_SOUTH, "branch": "AG02"},
    ],
}


def write_run(data_dir: Path, name: str = "v000001-test") -> Path:
    """Write a review run into data_dir/reviews and make it current."""
    run = data_dir / "reviews" / name
    for lang in ("fr", "en"):
        (run / lang).mkdir(parents=True, exist_ok=True)
        (run / lang / "all.json").write_text(json.dumps(make_review(lang)), encoding="utf-8")
        branch = make_review(lang, organisation="Microcrédit Test")
        branch["indicators"][0]["series"] = make_series(20, 1)
        branch["findings_of"] = "organisation"
        (run / lang / "branch-AG01.json").write_text(json.dumps(branch), encoding="utf-8")
    (run / "breakdowns").mkdir(exist_ok=True)
    (run / "breakdowns" / "loans_disbursed.json").write_text(json.dumps({
        "branch": [{"group": "AG01", "points": make_series(20, 1)}, {"group": "AG02", "points": make_series(60, 2)}],
        "gender": [{"group": "female", "points": make_series(40, 1)}],
    }), encoding="utf-8")
    (run / "voices.json").write_text(json.dumps(NOTES), encoding="utf-8")
    (run / "branches.json").write_text(json.dumps(BRANCHES), encoding="utf-8")
    (data_dir / "reviews" / "CURRENT").write_text(name + "\n", encoding="utf-8")
    return run
