"""The network review as JSON (spec/institution-panel.md, schema `missionlens.network/1`).

The spec's fields come first and keep their names; the fields added here (allowed: "Fields may be
added") are `drift_status`, `caveats`, quartiles and counts in `by_year` and `by_legal_status`,
`comparison`, `ranking`, `carried_forward_totals` and `warnings`.
"""

from __future__ import annotations

import json
import math
from typing import Any

from missionlens.network.decomposition import Decomposition
from missionlens.network.distribution import Quartiles
from missionlens.network.institutions import INDICATORS
from missionlens.network.model import SCHEMA, InstitutionReview, NetworkAlert, NetworkRefusal, NetworkReview


def _num(value: float | None, places: int = 6) -> float | None:
    if value is None or not math.isfinite(value):
        return None
    return round(value, places)


def alert_json(alert: NetworkAlert) -> dict[str, Any]:
    return {
        "kind": alert.kind, "indicator": alert.indicator, "direction": alert.direction, "start": alert.start,
        "magnitude": _num(alert.magnitude, 4), "confidence": _num(alert.confidence, 4), "evidence": alert.evidence,
        "against_mission": alert.against_mission, "level_before": _num(alert.level_before),
        "level_after": _num(alert.level_after), "p_value": _num(alert.p_value, 4),
        "q_value": _num(alert.q_value, 4), "shape": alert.shape,
    }


def _institution(review: InstitutionReview) -> dict[str, Any]:
    i = review.institution
    return {
        "institution_id": i.institution_id, "name": i.name, "country": i.country, "legal_status": i.legal_status,
        "series": {key: [{"period": str(p.year), "value": _num(p.value)} for p in i.values(key)]
                   for key in INDICATORS},
        "carried_forward": [{"indicator": key, "period": str(p.year)}
                            for key in INDICATORS for p in i.values(key) if p.carried],
        "alerts": [alert_json(a) for a in review.alerts],
        "too_short": review.too_short,
        "drift_status": review.drift_status,
        "legal_statuses": list(i.legal_statuses),
        "caveats": list(review.caveats),
    }


def _quartiles(prefix: str, q: Quartiles) -> dict[str, Any]:
    return {f"{prefix}_median": _num(q.median), f"{prefix}_q1": _num(q.q1), f"{prefix}_q3": _num(q.q3),
            f"{prefix}_n": q.n}


def _decomposition(d: Decomposition) -> dict[str, Any]:
    return {"from": str(d.start), "to": str(d.end), "indicator": d.indicator, "change": _num(d.change),
            "within": _num(d.within), "composition": _num(d.composition), "stayers": d.stayers,
            "entrants": d.entrants, "leavers": d.leavers}


def to_json(review: NetworkReview | NetworkRefusal) -> dict[str, Any]:
    if isinstance(review, NetworkRefusal):
        return {"schema": SCHEMA, "years": None, "institutions": [], "network": None,
                "errors": [p.to_json() for p in review.problems]}
    by_year = []
    for s in review.by_year:
        row: dict[str, Any] = {"period": str(s.year), "institutions": s.institutions, "thin": s.thin,
                               "pooled_average_loan": _num(s.pooled_average_loan, 2)}
        for key in INDICATORS:
            row |= _quartiles(key, s.indicators[key])
            row[f"{key}_carried"] = s.indicators[key].carried
        by_year.append(row)
    by_status = []
    for g in review.by_legal_status:
        row = {"legal_status": g.legal_status, "institutions": g.institutions}
        for key in INDICATORS:
            row |= _quartiles(key, g.indicators[key])
        by_status.append(row)
    return {
        "schema": SCHEMA,
        "years": list(review.years) if review.years else None,
        "institutions": [_institution(r) for r in review.institutions],
        "network": {
            "by_year": by_year,
            "by_legal_status": by_status,
            "decomposition": [_decomposition(d) for d in review.decomposition],
            "alerts": [alert_json(a) for a in review.network_alerts],
            "comparison": [{"indicator": c.indicator, "ngo_median": _num(c.ngo_median), "ngo_n": c.ngo_n,
                            "commercial_median": _num(c.commercial_median), "commercial_n": c.commercial_n,
                            "commercial": ["NBFI", "Bank"], "p_value": _num(c.p_value, 6)}
                           for c in review.comparison],
            "ranking": [{"rank": k + 1, "institution_id": r.institution.institution_id, "name": r.institution.name,
                         "evidence": _num(r.evidence, 4), "alerts": [alert_json(a) for a in r.drift_alerts],
                         "caveats": list(r.caveats)} for k, r in enumerate(review.ranking)],
            "tested_series": review.tested,
            "too_short": review.too_short,
            "carried_forward_totals": {k: {"carried": c, "values": n} for k, (c, n) in review.carried.items()},
            "income_measures": list(review.income_measures),
        },
        "warnings": [p.to_json() for p in review.warnings],
        "errors": [],
    }


def dumps(review: NetworkReview | NetworkRefusal) -> str:
    return json.dumps(to_json(review), ensure_ascii=False, indent=1) + "\n"
