"""Small builders of yearly panels for the network tests."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa

from missionlens.data.panel import INSTITUTIONS
from missionlens.network.institutions import Institution, institutions_of

COLUMNS = [c.name for c in INSTITUTIONS.columns]


def institution_rows(
    institution_id: str,
    years: Sequence[int],
    *,
    balance: Sequence[float | None] | None = None,
    women: Sequence[float | None] | None = None,
    par30: Sequence[float | None] | None = None,
    borrowers: Sequence[int | None] | None = None,
    income: float = 1000.0,
    legal_status: str | Sequence[str] = "NGO",
    name: str | None = None,
) -> list[dict[str, object]]:
    n = len(years)
    statuses = [legal_status] * n if isinstance(legal_status, str) else list(legal_status)
    return [{
        "institution_id": institution_id, "year": year, "name": name or f"Institution {institution_id}",
        "country": "Kenya", "legal_status": statuses[k],
        "active_borrowers": (borrowers or [1000] * n)[k], "gross_loan_portfolio": None,
        "average_loan_balance": (balance or [300.0] * n)[k], "women_share": (women or [0.6] * n)[k],
        "par30": (par30 or [0.05] * n)[k], "write_off_ratio": None, "operational_self_sufficiency": None,
        "personnel": None, "income_per_capita": income, "income_measure": "gdp", "currency": "USD",
    } for k, year in enumerate(years)]


def panel_table(rows: Sequence[dict[str, object]]) -> pa.Table:
    return pa.Table.from_pylist([dict(r, _line=k + 2) for k, r in enumerate(rows)])


def institutions(rows: Sequence[dict[str, object]]) -> list[Institution]:
    return institutions_of(panel_table(rows))


def write_panel_csv(folder: Path, rows: Sequence[dict[str, object]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = [",".join(COLUMNS)]
    lines += [",".join("" if r.get(c) is None else str(r[c]) for c in COLUMNS) for r in rows]
    (folder / "institutions.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
