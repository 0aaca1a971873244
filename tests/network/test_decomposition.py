"""Within and composition: change = within + composition, as documented (network/decomposition.py)."""

from __future__ import annotations

import pytest

from missionlens.network.decomposition import decompose
from tests.network.builders import institution_rows, institutions


def test_an_entrant_with_large_loans_shows_as_composition_not_within() -> None:
    panel = institutions(
        institution_rows("A", [2010, 2015], balance=[100, 100])
        + institution_rows("B", [2010, 2015], balance=[200, 200])
        + institution_rows("BANK", [2015], balance=[900], legal_status="Bank")
    )
    d = decompose(panel, "depth", 2010, 2015)
    assert d is not None
    # means: 2010 (0.1 + 0.2) / 2 = 0.15; 2015 (0.1 + 0.2 + 0.9) / 3 = 0.4
    assert d.change == pytest.approx(0.25)
    assert d.within == pytest.approx(0.0)
    assert d.composition == pytest.approx(0.25)
    assert (d.stayers, d.entrants, d.leavers) == (2, 1, 0)


def test_stayers_drifting_show_as_within() -> None:
    panel = institutions(
        institution_rows("A", [2010, 2015], women=[0.8, 0.6]) + institution_rows("B", [2010], women=[0.5])
    )
    d = decompose(panel, "women_share", 2010, 2015)
    assert d is not None
    assert d.within == pytest.approx(-0.2)
    assert d.change == pytest.approx(0.6 - 0.65)
    assert d.within + d.composition == pytest.approx(d.change)


def test_no_institution_in_both_years_gives_no_decomposition() -> None:
    panel = institutions(institution_rows("A", [2010]) + institution_rows("B", [2015]))
    assert decompose(panel, "depth", 2010, 2015) is None
