"""The precomputed reviews: one run per import, per language and branch, switched atomically."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from missionlens.data.importer import import_dataset
from missionlens.data.simulator import simulate
from missionlens.data.store import Store
from missionlens.web.reviews import ReviewUnavailable, branches_of, breakdown_for, compute_reviews, load, review_for

NOW = datetime(2026, 1, 5, tzinfo=timezone.utc)


def make_data_dir(root: Path) -> Path:
    simulate(root / "data", scale=0.05, years=2, start="2023-01", seed=3, scenario="volume_push", fmt="csv", lang="fr")
    result = import_dataset(root / "data", Store.open_or_create(root / "store"), now=NOW)
    assert result.version is not None
    return root


def test_nothing_to_read_before_the_first_review(tmp_path: Path, django_environment: Path) -> None:
    from django.utils import translation

    with translation.override("en"), pytest.raises(ReviewUnavailable, match="no review has been computed yet"):
        review_for(tmp_path, None, "fr")


def test_nothing_to_read_is_said_in_french_to_a_french_reader(tmp_path: Path, django_environment: Path) -> None:
    from django.utils import translation

    with translation.override("fr"), pytest.raises(ReviewUnavailable, match="aucune revue n’a encore été calculée"):
        review_for(tmp_path, None, "fr")


def test_an_empty_store_cannot_be_reviewed(tmp_path: Path) -> None:
    with pytest.raises(ReviewUnavailable, match="holds no version"):
        compute_reviews(tmp_path, mission_path=None, now=NOW)


@pytest.mark.slow
def test_a_review_run_holds_both_languages_every_branch_and_the_splits(tmp_path: Path) -> None:
    data_dir = make_data_dir(tmp_path)
    run = compute_reviews(data_dir, mission_path=None, now=NOW)
    french, english = review_for(data_dir, None, "fr"), review_for(data_dir, None, "en")
    assert (french["lang"], english["lang"], run.version) == ("fr", "en", "v000001")
    codes = [b["code"] for b in branches_of(data_dir)]
    assert codes and all((run.path / "fr" / f"branch-{code}.json").exists() for code in codes)
    branch = review_for(data_dir, codes[0], "fr")
    whole = {i["key"]: i for i in french["indicators"]}["loans_disbursed"]["series"]
    part = {i["key"]: i for i in branch["indicators"]}["loans_disbursed"]["series"]
    assert sum(p["value"] or 0 for p in part) < sum(p["value"] or 0 for p in whole)
    assert {g["group"] for g in breakdown_for(data_dir, "loans_disbursed")["branch"]} >= set(codes)
    assert (branch["findings_of"], branch["alerts"], branch["tensions"]) == ("organisation", french["alerts"], french["tensions"])
    assert json.loads((run.path / "voices.json").read_text(encoding="utf-8"))
    assert load(data_dir, "fr/all.json") is load(data_dir, "fr/all.json")
