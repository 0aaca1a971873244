"""Signals: pure functions from series (values and sample sizes) to findings.

Drift on every indicator, tensions between declared volumes and qualities, outreach drift,
workload and pressure in the notes, the attention balance and the silence map (issue 4). How
each detector works, and what it assumes: docs/signals.md. How well they work: docs/evaluation.md.
"""

from __future__ import annotations

from missionlens.signals.attention import attention_balance
from missionlens.signals.detection import detect
from missionlens.signals.drift import DriftResult, scan_series
from missionlens.signals.findings import (
    Alert,
    AttentionBalance,
    DimensionAttention,
    OutreachGap,
    SignalsResult,
    SilenceEntry,
    TensionFinding,
    Text,
)
from missionlens.signals.series import SeriesInput
from missionlens.signals.silences import EvidenceItem, silence_map
from missionlens.signals.workload import NoteText, pressure_series
from missionlens.signals.yearly import observed_years, scan_yearly

__all__ = [
    "Alert",
    "AttentionBalance",
    "DimensionAttention",
    "DriftResult",
    "EvidenceItem",
    "NoteText",
    "OutreachGap",
    "SeriesInput",
    "SignalsResult",
    "SilenceEntry",
    "TensionFinding",
    "Text",
    "attention_balance",
    "detect",
    "observed_years",
    "pressure_series",
    "scan_series",
    "scan_yearly",
    "silence_map",
]
