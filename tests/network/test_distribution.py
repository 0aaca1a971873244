"""The network's distributions per year and legal status (network/distribution.py)."""

from __future__ import annotations

import pytest

from missionlens.network.distribution import by_legal_status, by_year, compare_ngos, quartiles
from tests.network.builders import institution_rows, institutions


def test_quartiles_of_a_year() -> None:
    q = quartiles([1.0, 2.0, 3.0, 4.0, 5.0])
    assert (q.n, q.median, q.q1, q.q3) == (5, 3.0, 2.0, 4.0)


def test_each_year_counts_its_carried_values_and_pools_the_average_loan() -> None:
    panel = institutions(
        institution_rows("A", [2010, 2011], women=[0.6, 0.6], balance=[100, 110], borrowers=[1000, 1000])
        + institution_rows("B", [2011], balance=[400], borrowers=[3000])
    )
    year_2011 = by_year(panel)[1]
    assert year_2011.institutions == 2
    assert year_2011.indicators["women_share"].carried == 1
    assert year_2011.pooled_average_loan == pytest.approx((110 * 1000 + 400 * 3000) / 4000)


def test_an_institution_counts_once_in_its_legal_status_by_its_median() -> None:
    panel = institutions(institution_rows("A", [2010, 2011, 2012], women=[0.9, 0.8, 0.7])
                         + institution_rows("B", [2010], women=[0.5], legal_status="Bank"))
    groups = {g.legal_status: g for g in by_legal_status(panel)}
    assert groups["NGO"].institutions == 1 and groups["NGO"].indicators["women_share"].median == pytest.approx(0.8)


def test_ngos_are_compared_with_nbfis_and_banks_together() -> None:
    ngos = [institution_rows(f"N{k}", [2010], women=[0.8 + k / 100]) for k in range(4)]
    others = [institution_rows(f"C{k}", [2010], women=[0.4 + k / 100], legal_status=s)
              for k, s in enumerate(["NBFI", "Bank", "NBFI", "Bank"])]
    panel = institutions([r for rows in ngos + others for r in rows])
    women = next(c for c in compare_ngos(panel) if c.indicator == "women_share")
    assert (women.ngo_n, women.commercial_n) == (4, 4)
    assert women.ngo_median is not None and women.commercial_median is not None
    assert women.ngo_median > women.commercial_median
    assert women.p_value is not None and women.p_value < 0.05
