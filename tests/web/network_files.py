"""Builders of the network pages' inputs: a small institution panel (CSV text, for the real review
and the upload) and a small precomputed network run (the JSON web/network.py writes), so that page
tests need neither the MIX panel nor a minute of drift tests.

Three institutions: MFI-1 (Kenya, an NGO turned NBFI, its depth rising, women share values carried
forward, one alert against the mission), MFI-2 (Senegal, a cooperative with three years: too short
to say) and MFI-3 (South Africa, a bank, tested and steady).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

HEADER = ("institution_id,year,name,country,legal_status,active_borrowers,gross_loan_portfolio,average_loan_balance,"
          "women_share,par30,write_off_ratio,operational_self_sufficiency,personnel,income_per_capita,income_measure,"
          "currency")


def panel_row(institution: str, year: int, *, name: str, country: str, status: str, borrowers: int | str = 1000,
              balance: float | str = 300.0, women: float | str = 0.7, par30: float | str = 0.03,
              income: float | str = 1000.0) -> str:
    return (f"{institution},{year},{name},{country},{status},{borrowers},{'' if balance == '' else 100000},"
            f"{balance},{women},{par30},0.01,1.1,20,{income},gdp,USD")


def make_panel(*, years: range = range(2005, 2015)) -> str:
    """The three institutions as institutions.csv text (MFI-1's depth rises from 2010)."""
    rows = [HEADER]
    for i, year in enumerate(years):
        rows.append(panel_row("MFI-1", year, name="Alpha Microfinance", country="Kenya",
                              status="NGO" if year < 2010 else "NBFI", borrowers=1000 + 100 * i,
                              balance=200.0 + (400.0 if year >= 2010 else 0.0) + i, women=0.8 if i < 3 else 0.6 - 0.01 * i))
        rows.append(panel_row("MFI-3", year, name="Gamma Bank", country="South Africa", status="Bank",
                              borrowers=5000 + 10 * i, balance=900.0 + (i % 2) * 7, women=0.5 + (i % 3) * 0.01,
                              par30=0.04 + (i % 2) * 0.005, income=5000.0))
    for year in (2008, 2009, 2010):
        rows.append(panel_row("MFI-2", year, name="Beta Savings", country="Senegal", status="Cooperative",
                              borrowers=400, balance=150.0 + year - 2008, women=0.9))
    return "\n".join(rows) + "\n"


def _points(values: dict[int, float]) -> list[dict[str, Any]]:
    return [{"period": str(y), "value": v} for y, v in sorted(values.items())]


def make_network(lang: str = "fr") -> dict[str, Any]:
    """A network review JSON as network.serialise writes it, in `lang`'s words."""
    years = range(2005, 2015)
    depth = {y: (0.2 if y < 2010 else 0.6) + 0.001 * (y - 2005) for y in years}
    evidence = ("Profondeur : de 0,20 à 0,60 à partir de 2010 (d’un coup) ; 10 années observées."
                if lang == "fr" else "Depth went from 0.20 to 0.60 from 2010 (as a step); 10 observed years.")
    alpha = {
        "institution_id": "MFI-1", "name": "Alpha Microfinance", "country": "Kenya", "legal_status": "NBFI",
        "series": {
            "depth": _points(depth), "women_share": _points({y: 0.8 if y < 2008 else 0.55 for y in years}),
            "par30": _points({y: 0.03 for y in years}), "active_borrowers": _points({y: 1000.0 + 100 * (y - 2005) for y in years}),
            "average_loan_balance": _points({y: 200.0 + 400.0 * (y >= 2010) for y in years}),
        },
        "carried_forward": [{"indicator": "women_share", "period": str(y)} for y in (2006, 2007, 2014)],
        "alerts": [{"kind": "drift", "indicator": "depth", "direction": "up", "start": "2010", "magnitude": 1.1,
                    "confidence": 0.97, "evidence": evidence, "against_mission": True, "level_before": 0.2,
                    "level_after": 0.6, "p_value": 0.001, "q_value": 0.03, "shape": "step"}],
        "too_short": False, "drift_status": {"depth": "tested", "women_share": "too_short", "par30": "steady"},
        "legal_statuses": ["NGO", "NBFI"],
        "caveats": ["statut changé : NGO → NBFI" if lang == "fr" else "legal status changed: NGO → NBFI"],
    }
    beta = {
        "institution_id": "MFI-2", "name": "Beta Savings", "country": "Senegal", "legal_status": "Cooperative",
        "series": {"depth": _points({2008: 0.15, 2009: 0.16, 2010: 0.17}), "women_share": _points({2008: 0.9, 2009: 0.9, 2010: 0.9}),
                   "par30": [], "active_borrowers": _points({2008: 400.0, 2009: 400.0, 2010: 400.0}),
                   "average_loan_balance": _points({2008: 150.0, 2009: 151.0, 2010: 152.0})},
        "carried_forward": [{"indicator": "women_share", "period": "2009"}, {"indicator": "women_share", "period": "2010"}],
        "alerts": [], "too_short": True,
        "drift_status": {"depth": "too_short", "women_share": "too_short", "par30": "no_data"},
        "legal_statuses": ["Cooperative"], "caveats": [],
    }
    gamma = {
        "institution_id": "MFI-3", "name": "Gamma Bank", "country": "South Africa", "legal_status": "Bank",
        "series": {"depth": _points({y: 0.18 for y in years}), "women_share": _points({y: 0.5 + 0.01 * (y % 3) for y in years}),
                   "par30": _points({y: 0.04 for y in years}), "active_borrowers": _points({y: 5000.0 + y - 2005 for y in years}),
                   "average_loan_balance": _points({y: 900.0 for y in years})},
        "carried_forward": [], "alerts": [], "too_short": False,
        "drift_status": {"depth": "steady", "women_share": "steady", "par30": "steady"},
        "legal_statuses": ["Bank"], "caveats": [],
    }
    by_year = [{"period": str(y), "institutions": 2 + (2008 <= y <= 2010), "thin": True, "pooled_average_loan": 500.0,
                "depth_median": 0.2, "depth_q1": 0.18, "depth_q3": 0.4, "depth_n": 2,
                "women_share_median": 0.6, "women_share_q1": 0.5, "women_share_q3": 0.8, "women_share_n": 2,
                "par30_median": 0.035, "par30_q1": 0.03, "par30_q3": 0.04, "par30_n": 2} for y in years]
    return {
        "schema": "missionlens.network/1", "years": [2005, 2014], "institutions": [alpha, beta, gamma],
        "network": {
            "by_year": by_year, "by_legal_status": [], "decomposition": [], "alerts": [],
            "comparison": [{"indicator": "depth", "ngo_median": 0.2, "ngo_n": 1, "commercial_median": 0.3,
                            "commercial_n": 2, "commercial": ["NBFI", "Bank"], "p_value": 0.5}],
            "ranking": [{"rank": 1, "institution_id": "MFI-1", "name": "Alpha Microfinance", "evidence": 0.97,
                         "alerts": alpha["alerts"], "caveats": alpha["caveats"]}],
            "tested_series": 4, "too_short": 1,
            "carried_forward_totals": {"women_share": {"carried": 5, "values": 23}},
            "income_measures": ["gdp"],
        },
        "warnings": [], "errors": [],
    }


def write_network(data_dir: Path, name: str = "20250101T000000000000") -> Path:
    """Write a network run into data_dir/network/runs and make it current."""
    run = data_dir / "network" / "runs" / name
    run.mkdir(parents=True, exist_ok=True)
    for lang in ("fr", "en"):
        (run / f"{lang}.json").write_text(json.dumps(make_network(lang)), encoding="utf-8")
    (data_dir / "network" / "CURRENT").write_text(name + "\n", encoding="utf-8")
    return run
