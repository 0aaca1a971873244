from __future__ import annotations

import numpy as np

from missionlens.signals import SeriesInput
from missionlens.signals.detection import detect
from missionlens.signals.drift import scan_series
from missionlens.signals.series import period_index
from missionlens.signals.stocks import scan_stock
from tests.signals.builders import months, step

T = 72
LOANS = 2000


def _arrears(entry: np.ndarray, cure: float, seed: int) -> tuple[SeriesInput, SeriesInput]:
    """A portfolio of LOANS loans where each month a share `entry[t]` of the performing loans falls
    behind and a share `cure` of the late ones leave arrears: the inflow (a share of the performing
    loans) and the stock (the late share of all loans), both with binomial noise."""
    rng = np.random.default_rng(seed)
    late = int(0.05 * LOANS)
    flows: list[float | None] = []
    stocks: list[float | None] = []
    performing: list[int | None] = []
    for t in range(T):
        healthy = LOANS - late
        entering = int(rng.binomial(healthy, entry[t]))
        leaving = int(rng.binomial(late, cure))
        flows.append(entering / healthy)
        performing.append(healthy)
        late += entering - leaving
        stocks.append(late / LOANS)
    periods = months(T, "2019-01")
    return (SeriesInput("par30", periods, stocks, [LOANS] * T, "share", ("protection",)),
            SeriesInput("arrears_inflow30", periods, flows, performing, "share", ("protection",)))


def test_a_rise_in_loans_entering_arrears_is_reported_on_par30_from_its_start() -> None:
    stock, inflow = _arrears(0.015 + step(T, 40, 0.006), cure=0.25, seed=3)
    result, behind = scan_stock(stock, inflow)
    change = result.change
    assert result.key == "par30" and change is not None and change.direction == "up"
    assert abs(change.start_index - period_index(months(T, "2019-01")[40], "month")) <= 3
    assert change.level_before < change.level_after  # the stock's own levels, not the inflow's
    assert change.level_after > 0.05
    assert behind[change.start].key == "arrears_inflow30"


def test_the_inflow_finds_what_the_stock_alone_misses() -> None:
    stock, inflow = _arrears(0.015 + step(T, 40, 0.004), cure=0.08, seed=5)
    alone = scan_series(stock)
    through, _ = scan_stock(stock, inflow)
    assert through.p_value is not None and through.p_value <= 0.01
    assert alone.p_value is None or alone.p_value > through.p_value


def test_an_inflow_change_the_stock_did_not_follow_is_not_reported_on_it() -> None:
    stock, inflow = _arrears(0.015 + step(T, 40, 0.006), cure=0.25, seed=3)
    falling = SeriesInput("par30", stock.periods, [0.2 - 0.001 * i for i in range(T)], stock.n, "share")
    result, _ = scan_stock(falling, inflow)
    assert result.changes == ()


def test_detect_tests_par30_through_its_inflow_and_names_it_in_the_evidence() -> None:
    stock, inflow = _arrears(0.015 + step(T, 40, 0.006), cure=0.25, seed=3)
    found = detect({"par30": stock, "arrears_inflow30": inflow}, mission=None, as_of="2024-12")
    assert [a.indicator for a in found.alerts] == ["par30"]
    assert "arrears inflow30" in found.alerts[0].evidence.en


def test_crisis_sessions_are_tested_per_active_borrower_not_as_a_count() -> None:
    rng = np.random.default_rng(7)
    periods = months(T, "2019-01")
    active = 1000 * 1.02 ** np.arange(T)  # growth alone: the count rises, the rate does not
    crisis = rng.poisson(0.02 * active)
    series = {
        "active_borrowers": SeriesInput("active_borrowers", periods, list(active), [int(a) for a in active], "count"),
        "crisis_sessions": SeriesInput("crisis_sessions", periods, [float(c) for c in crisis],
                                       [int(c) for c in crisis], "count"),
    }
    assert detect(series, mission=None, as_of="2024-12").alerts == ()
    rate = 0.02 + step(T, 40, 0.012)
    more = rng.poisson(rate * active)
    series["crisis_sessions"] = SeriesInput("crisis_sessions", periods, [float(c) for c in more],
                                            [int(c) for c in more], "count")
    alerts = detect(series, mission=None, as_of="2024-12").alerts
    assert [(a.indicator, a.direction) for a in alerts] == [("crisis_sessions", "up")]
    assert "per 100 active borrowers" in alerts[0].evidence.en


def test_active_borrowers_are_dated_where_the_loans_disbursed_step_and_read_in_people() -> None:
    # 100 loans a month, each outstanding for 30 months, then 145 from month 40: the stock of
    # active borrowers bends slowly while the loans disbursed step at once.
    rng = np.random.default_rng(11)
    loans = rng.poisson(100 + step(T, 40, 45)).astype(float)
    active = np.array([loans[max(0, t - 29): t + 1].sum() for t in range(T)])
    periods = months(T, "2019-01")
    stock = SeriesInput("active_borrowers", periods, [float(a) for a in active], [int(a) for a in active], "count")
    inflow = SeriesInput("loans_disbursed", periods, [float(x) for x in loans], [int(x) for x in loans], "count")
    result, behind = scan_stock(stock, inflow, first_index=period_index(periods[30], "month"))
    change = result.changes[0]
    assert change.direction == "up"
    assert abs(change.start_index - period_index(periods[40], "month")) <= 3
    # Levels in borrowers (about 3,000 before, more after), not in logarithms.
    assert 2500 < change.level_before < 3500 < change.level_after
    assert behind[change.start].key == "loans_disbursed"
