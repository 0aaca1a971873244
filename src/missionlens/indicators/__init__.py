"""The indicator engine: definitions as Ibis expressions over the contract's tables, computed on
DuckDB (or PySpark) per month, quarter or year, with disaggregations, n, Wilson intervals and a
"too few to say" flag. Importing the package registers the built-in indicators in REGISTRY."""

from __future__ import annotations

from missionlens.indicators import (  # noqa: F401  (importing registers the built-in indicators)
    accompaniment,
    outcomes,
    outreach,
    portfolio,
    staff,
    voice,
    volume,
)
from missionlens.indicators.engine import Point, Series, Status, compute, compute_monthly
from missionlens.indicators.periods import Grain, Periods, periods_of
from missionlens.indicators.registry import MIN_N, REGISTRY, IndicatorDef, Registry, register
from missionlens.indicators.tables import DIMENSIONS, Dimension, Tables, open_tables, table_paths

CORE = (
    "loans_disbursed", "amount_disbursed", "avg_loan_amount", "new_borrowers", "share_women",
    "share_minimum_benefits", "share_unbanked", "approval_rate", "accompaniment_minutes",
    "minutes_per_new_loan", "followup_60d_rate", "portfolio_outstanding", "par30",
)

__all__ = [
    "CORE", "DIMENSIONS", "MIN_N", "REGISTRY", "Dimension", "Grain", "IndicatorDef", "Periods", "Point",
    "Registry", "Series", "Status", "Tables", "compute", "compute_monthly", "open_tables", "periods_of",
    "register", "table_paths",
]
