"""`missionlens convert mix SRC OUT`: the MIX Market African panel (amelia.csv) as an institution panel.

The source (shared/data/mix-africa, a thesis data set built from MIX Market and the World Bank's
WDI) holds one row per microfinance institution and year, 1999-2019, in US dollars, encoded in
Latin-1. It is written as `OUT/institutions.csv` in the panel contract
(spec/institution-panel.md), with `OUT/conversion.json` saying what was changed. The choices:

- GNI per capita is absent from the source: `gdp_per_capita_2010us$` (GDP per capita, constant
  2010 dollars) stands in for it, and `income_measure` says `gdp`. Depth of outreach is therefore
  the average loan over GDP per capita, not over GNI per capita as in the MIX's own ratio;
- a value the panel contract cannot hold is left blank and counted, never forced into range:
  PAR30 above 1, a negative write-off ratio or operational self-sufficiency;
- counts that are not whole (borrowers, personnel; the preparer imputed some values) are
  rounded to the nearest whole number and counted;
- legal statuses are written in the panel's words: NGO, NBFI, Bank, Cooperative ("Credit Union/
  Cooperative"), Rural bank.
Nothing else is changed: values carried forward by the preparer stay as they are, and the
network review flags them (network/carried.py).
"""

from __future__ import annotations

import csv
import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

PANEL_COLUMNS = (
    "institution_id", "year", "name", "country", "legal_status", "active_borrowers", "gross_loan_portfolio",
    "average_loan_balance", "women_share", "par30", "write_off_ratio", "operational_self_sufficiency",
    "personnel", "income_per_capita", "income_measure", "currency",
)
# panel column -> (source column, kind, minimum, maximum); kind: whole | decimal
MEASURES: dict[str, tuple[str, str, float | None, float | None]] = {
    "active_borrowers": ("number_of_active_borrowers", "whole", 0, None),
    "gross_loan_portfolio": ("gross_loan_portfolio", "decimal", 0, None),
    "average_loan_balance": ("average_loan_balance_per_borrower", "decimal", 0, None),
    "women_share": ("percent_of_female_borrowers", "decimal", 0, 1),
    "par30": ("portfolio_at_risk30_days", "decimal", 0, 1),
    "write_off_ratio": ("write-off_ratio", "decimal", 0, None),
    "operational_self_sufficiency": ("operational_self_sufficiency", "decimal", 0, None),
    "personnel": ("personnel", "whole", 0, None),
    "income_per_capita": ("gdp_per_capita_2010us$", "decimal", None, None),
}
LEGAL_STATUSES = {
    "ngo": "NGO", "nbfi": "NBFI", "bank": "Bank", "credit union/ cooperative": "Cooperative",
    "credit union/cooperative": "Cooperative", "rural bank": "Rural bank",
}
SOURCE_ENCODING = "latin-1"  # shared/data/mix-africa/SOURCE.md


class MixSourceError(ValueError):
    """The source is not the MIX Market panel this converter reads."""


@dataclass(frozen=True)
class MixConversion:
    out: Path
    rows: int
    institutions: int
    years: tuple[int, int]
    blanked: dict[str, int]
    rounded: dict[str, int]


def _number(text: str | None) -> float | None:
    if text is None or text.strip() in ("", "NA", "NaN", "nan"):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _cell(value: float, kind: str) -> str:
    if kind == "whole":
        return str(int(round(value)))
    return f"{value:.6f}".rstrip("0").rstrip(".")


def _source_file(source: Path) -> Path:
    if source.is_file():
        return source
    candidate = source / "amelia.csv"
    if candidate.is_file():
        return candidate
    raise MixSourceError(f"{source}: amelia.csv not found. Fix: give the mix-africa folder or the file itself")


def convert_mix(source: Path, out: Path) -> MixConversion:
    """Write the MIX panel as `out/institutions.csv` (+ conversion.json); returns what was done."""
    path = _source_file(Path(source))
    blanked: Counter[str] = Counter()
    rounded: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    rows: list[dict[str, str]] = []
    with path.open(encoding=SOURCE_ENCODING, newline="") as f:
        reader = csv.DictReader(f)
        missing = {"mfiid", "year", "mfiname", "country", "currentlegalstatus"} - set(reader.fieldnames or ())
        if missing:
            raise MixSourceError(f"{path.name}: the columns {', '.join(sorted(missing))} are missing; "
                                 "this is not the MIX Market panel of shared/data/mix-africa")
        for raw in reader:
            status = (raw["currentlegalstatus"] or "").strip()
            legal = LEGAL_STATUSES.get(status.lower(), status or "Other")
            statuses[legal] += 1
            row = {
                "institution_id": raw["mfiid"].strip(), "year": str(int(float(raw["year"]))),
                "name": raw["mfiname"].strip(), "country": raw["country"].strip(), "legal_status": legal,
                "currency": (raw.get("currency") or "USD").strip() or "USD",
            }
            for column, (name, kind, low, high) in MEASURES.items():
                value = _number(raw.get(name))
                if value is None:
                    row[column] = ""
                    continue
                if (low is not None and value < low) or (high is not None and value > high) or (
                        column == "income_per_capita" and value <= 0):
                    blanked[column] += 1
                    row[column] = ""
                    continue
                if kind == "whole" and value != round(value):
                    rounded[column] += 1
                row[column] = _cell(value, kind)
            row["income_measure"] = "gdp" if row["income_per_capita"] else ""
            rows.append(row)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with (out / "institutions.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(PANEL_COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    years = sorted(int(r["year"]) for r in rows)
    result = MixConversion(out, len(rows), len({r["institution_id"] for r in rows}),
                           (years[0], years[-1]) if years else (0, 0), dict(blanked), dict(rounded))
    (out / "conversion.json").write_text(json.dumps({
        "source": path.name,
        "source_encoding": SOURCE_ENCODING,
        "rows": result.rows,
        "institutions": result.institutions,
        "years": list(result.years),
        "legal_statuses": dict(statuses),
        "blanked_out_of_contract": result.blanked,
        "rounded_to_whole": result.rounded,
        "income_measure": "gdp: GDP per capita in constant 2010 US dollars stands in for GNI per capita, "
                          "which the source lacks",
        "see": "docs/real-data.md",
    }, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return result
