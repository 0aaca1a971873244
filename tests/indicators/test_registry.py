from __future__ import annotations

import pytest

from missionlens.indicators import CORE, REGISTRY
from missionlens.indicators.registry import IndicatorDef, Registry
from missionlens.indicators.volume import loans_disbursed

CATALOGUE = (
    "loans_disbursed amount_disbursed avg_loan_amount new_borrowers share_women share_minimum_benefits "
    "share_unbanked approval_rate accompaniment_minutes minutes_per_new_loan followup_60d_rate "
    "portfolio_outstanding par30 share_priority_area loan_to_income repeat_borrower_share active_borrowers "
    "caseload_per_advisor volunteer_share_minutes minutes_per_session followup_minutes_per_borrower "
    "crisis_sessions people_met_per_loan declined_minimum_benefits_share restructured_share par90 "
    "arrears_inflow30 arrears_inflow90 write_off_rate business_active_12m business_active_24m employed_share bank_inclusion wellbeing_mean "
    "recommend_score life_better_share voices_heard borrower_voice_share"
).split()


def test_the_registry_holds_the_whole_catalogue() -> None:
    assert sorted(REGISTRY.keys()) == sorted(CATALOGUE)
    assert set(CORE) <= set(CATALOGUE)


def test_registering_a_key_twice_is_refused() -> None:
    registry = Registry()
    definition = IndicatorDef("x", "count", "total", ("loans",), loans_disbursed)
    registry.register(definition)
    with pytest.raises(ValueError, match="already registered"):
        registry.register(definition)


def test_an_unknown_dimension_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown dimensions"):
        IndicatorDef("x", "count", "total", ("loans",), loans_disbursed, frozenset({"colour"}))  # type: ignore[arg-type]


def test_shares_of_countable_units_carry_intervals() -> None:
    assert REGISTRY["share_women"].interval and not REGISTRY["par30"].interval
