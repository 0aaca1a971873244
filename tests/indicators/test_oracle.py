"""The plain-pandas oracle checked by hand on tiny data sets (values worked out in comments)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from tests.indicators.oracle import CORE_KEYS, core_indicators, data_end
from tests.indicators.oracle_builders import (
    edge_case_tables,
    make_borrower,
    make_installment,
    make_loan,
    make_session,
    make_tables,
)


def _one_loan_a_month() -> dict[str, pd.DataFrame]:
    return make_tables(
        [make_borrower("b1")],
        [
            make_loan("L1", "b1", applied="2024-01-02", decided="2024-01-05", disbursed="2024-01-15"),
            make_loan("L2", "b1", applied="2024-03-02", decided="2024-03-05", disbursed="2024-03-15"),
        ],
        installments=[],
        sessions=[],
    )


def test_every_core_indicator_is_reported_for_every_month_of_the_range() -> None:
    result = core_indicators(_one_loan_a_month())
    assert set(result) == set(CORE_KEYS)
    for key in CORE_KEYS:
        assert list(result[key]) == ["2024-01", "2024-02", "2024-03"], key


def test_range_starts_at_the_first_application_and_ends_at_the_data_end_month() -> None:
    # First date: application 2023-11-20. Data end: the follow_up session of 2024-04-02.
    tables = make_tables(
        [make_borrower("b1")],
        [make_loan("L1", "b1", applied="2023-11-20", decided="2024-01-05", disbursed="2024-01-15")],
        sessions=[make_session("b1", "2024-04-02")],
    )
    result = core_indicators(tables)
    assert list(result["loans_disbursed"]) == ["2023-11", "2023-12", "2024-01", "2024-02", "2024-03", "2024-04"]


def test_data_end_is_the_latest_disbursement_session_or_payment() -> None:
    # Disbursed 2024-01-15, session 2024-02-01, installment paid 2024-03-09, due 2024-06-30 (not counted).
    tables = make_tables(
        [make_borrower("b1")],
        [make_loan("L1", "b1")],
        installments=[make_installment("L1", 1, due="2024-06-30", principal=100.0, paid="2024-03-09")],
        sessions=[make_session("b1", "2024-02-01")],
    )
    assert data_end(tables) == date(2024, 3, 9)


def test_month_without_loans_has_zero_counts_and_no_ratios() -> None:
    result = core_indicators(_one_loan_a_month())
    # February 2024: no disbursement, no decision, no session.
    assert result["loans_disbursed"]["2024-02"] == 0
    assert result["amount_disbursed"]["2024-02"] == 0
    assert result["new_borrowers"]["2024-02"] == 0
    assert result["accompaniment_minutes"]["2024-02"] == 0
    assert result["portfolio_outstanding"]["2024-02"] == 0
    for ratio in ("avg_loan_amount", "share_women", "share_minimum_benefits", "share_unbanked",
                  "approval_rate", "minutes_per_new_loan", "par30"):
        assert result[ratio]["2024-02"] is None, ratio


def test_amounts_are_summed_and_averaged_over_loans_disbursed_in_the_month() -> None:
    tables = make_tables(
        [make_borrower("b1"), make_borrower("b2")],
        [make_loan("L1", "b1", amount=1000.0), make_loan("L2", "b2", amount=2500.0, disbursed="2024-01-31")],
    )
    result = core_indicators(tables)
    # 1000 + 2500 = 3500 over 2 loans = 1750.
    assert result["amount_disbursed"]["2024-01"] == 3500.0
    assert result["avg_loan_amount"]["2024-01"] == 1750.0


def test_unknown_gender_is_left_out_of_share_women() -> None:
    tables = make_tables(
        [make_borrower("b1", gender="F"), make_borrower("b2", gender="M"), make_borrower("b3", gender="unknown")],
        [make_loan("L1", "b1"), make_loan("L2", "b2"), make_loan("L3", "b3")],
    )
    # F over {F, M}: 1/2; the unknown borrower counts in neither.
    assert core_indicators(tables)["share_women"]["2024-01"] == 0.5


def test_gender_x_counts_in_the_share_women_denominator() -> None:
    tables = make_tables(
        [make_borrower("b1", gender="F"), make_borrower("b2", gender="X")],
        [make_loan("L1", "b1"), make_loan("L2", "b2")],
    )
    assert core_indicators(tables)["share_women"]["2024-01"] == 0.5


def test_a_repeat_borrower_is_served_once_in_a_month() -> None:
    tables = make_tables(
        [make_borrower("b1", gender="F"), make_borrower("b2", gender="M")],
        [make_loan("L1", "b1"), make_loan("L2", "b1", disbursed="2024-01-20"), make_loan("L3", "b2")],
    )
    result = core_indicators(tables)
    # Three loans, but two people served: F 1 of 2, not 2 of 3.
    assert result["loans_disbursed"]["2024-01"] == 3
    assert result["share_women"]["2024-01"] == 0.5


def test_new_borrowers_counts_a_borrower_only_in_the_month_of_the_first_loan() -> None:
    result = core_indicators(_one_loan_a_month())
    # b1: first loan January, second loan March.
    assert result["new_borrowers"] == {"2024-01": 1, "2024-02": 0, "2024-03": 0}
    assert result["loans_disbursed"]["2024-03"] == 1


def test_new_borrowers_ignores_loans_never_disbursed() -> None:
    tables = make_tables(
        [make_borrower("b1")],
        [
            make_loan("L0", "b1", decision="declined", decided="2024-01-05", disbursed=None, status="declined"),
            make_loan("L1", "b1", applied="2024-02-01", decided="2024-02-03", disbursed="2024-02-10"),
        ],
    )
    assert core_indicators(tables)["new_borrowers"] == {"2024-01": 0, "2024-02": 1}


def test_share_minimum_benefits_is_over_borrowers_whose_status_is_known() -> None:
    tables = make_tables(
        [
            make_borrower("b1", minimum_benefits=True),
            make_borrower("b2", minimum_benefits=False),
            make_borrower("b3", minimum_benefits=None),
        ],
        [make_loan("L1", "b1"), make_loan("L2", "b2"), make_loan("L3", "b3")],
    )
    # True over {True, False}: 1/2.
    assert core_indicators(tables)["share_minimum_benefits"]["2024-01"] == 0.5


def test_share_unbanked_counts_banked_false_over_banked_known() -> None:
    tables = make_tables(
        [
            make_borrower("b1", banked=False),
            make_borrower("b2", banked=False),
            make_borrower("b3", banked=True),
            make_borrower("b4", banked=None),
        ],
        [make_loan(f"L{i}", f"b{i}") for i in range(1, 5)],
    )
    # False over {False, False, True}: 2/3.
    assert core_indicators(tables)["share_unbanked"]["2024-01"] == pytest.approx(2 / 3, abs=1e-15)


def test_pending_and_withdrawn_decisions_are_left_out_of_approval_rate() -> None:
    tables = make_tables(
        [make_borrower("b1")],
        [
            make_loan("L1", "b1", decision="approved", decided="2024-01-10"),
            make_loan("L2", "b1", decision="declined", decided="2024-01-11", disbursed=None, status="declined"),
            make_loan("L3", "b1", decision="pending", decided=None, disbursed=None, status="pending"),
            make_loan("L4", "b1", decision="withdrawn", decided="2024-01-12", disbursed=None, status="withdrawn"),
        ],
    )
    # approved 1 over approved or declined 2.
    assert core_indicators(tables)["approval_rate"]["2024-01"] == 0.5


def test_approval_rate_counts_a_loan_in_its_decision_month() -> None:
    tables = make_tables(
        [make_borrower("b1")],
        [make_loan("L1", "b1", applied="2024-01-03", decided="2024-01-30", disbursed="2024-02-05")],
    )
    assert core_indicators(tables)["approval_rate"] == {"2024-01": 1.0, "2024-02": None}


def test_a_loan_disbursed_whatever_its_status_counts_as_disbursed() -> None:
    tables = make_tables(
        [make_borrower("b1")],
        [make_loan("L1", "b1", status="written_off", closed="2024-01-25")],
    )
    assert core_indicators(tables)["loans_disbursed"]["2024-01"] == 1


def _loan_with_installments(closed: str | None, status: str, paid: list[str | None]) -> dict[str, pd.DataFrame]:
    """L1 disbursed 2024-01-15, four installments of 100 due on the 15th of Feb..May."""
    dues = ["2024-02-15", "2024-03-15", "2024-04-15", "2024-05-15"]
    return make_tables(
        [make_borrower("b1")],
        [make_loan("L1", "b1", status=status, closed=closed)],
        installments=[
            make_installment("L1", i + 1, due=due, principal=100.0, paid=p)
            for i, (due, p) in enumerate(zip(dues, paid, strict=True))
        ],
    )


def test_a_loan_closed_mid_month_is_not_outstanding_at_that_month_end() -> None:
    # Repaid early: the last three installments paid together on 2024-03-20, which closes the loan.
    tables = _loan_with_installments(
        "2024-03-20", "repaid", ["2024-02-15", "2024-03-20", "2024-03-20", "2024-03-20"]
    )
    result = core_indicators(tables)
    # 31 Jan: 400 outstanding; 29 Feb: 300; 31 Mar: closed on the 20th, so nothing.
    assert result["portfolio_outstanding"] == {"2024-01": 400.0, "2024-02": 300.0, "2024-03": 0.0}


def test_a_loan_closed_on_the_last_day_of_the_month_is_not_outstanding_then() -> None:
    # closed_date 2024-02-29 = d: not "after d", so the loan is out although one installment is unpaid.
    tables = _loan_with_installments("2024-02-29", "written_off", ["2024-02-15", None, None, "2024-02-29"])
    assert core_indicators(tables)["portfolio_outstanding"]["2024-02"] == 0.0


def test_an_installment_paid_after_the_month_end_is_still_outstanding_at_that_month_end() -> None:
    # The February installment is paid on 2024-03-02, the others on their due dates.
    tables = _loan_with_installments(
        "2024-05-15", "repaid", ["2024-03-02", "2024-03-15", "2024-04-15", "2024-05-15"]
    )
    result = core_indicators(tables)
    # 29 Feb: nothing paid yet, 400; 31 Mar: 200 (Apr + May); 30 Apr: 100; 31 May: closed.
    assert result["portfolio_outstanding"] == {
        "2024-01": 400.0, "2024-02": 400.0, "2024-03": 200.0, "2024-04": 100.0, "2024-05": 0.0,
    }


def test_a_written_off_loan_is_outstanding_and_at_risk_until_its_closed_date() -> None:
    # Pays February only; written off on 2024-05-10. A session on 2024-05-20 carries the data end
    # (closed_date does not count towards it) so that the range reaches May.
    tables = _loan_with_installments("2024-05-10", "written_off", ["2024-02-15", None, None, None])
    tables["sessions"] = pd.DataFrame([make_session("b1", "2024-05-20")])
    result = core_indicators(tables)
    # 31 Mar: 300 outstanding; March 15 is not before 31 Mar - 30 = 1 Mar: not at risk.
    # 30 Apr: 300; 15 Mar is before 31 Mar (30 Apr - 30): the whole loan at risk, par30 = 1.
    # 31 May: written off on the 10th: 0 outstanding, par30 None.
    assert result["portfolio_outstanding"]["2024-03"] == 300.0
    assert result["par30"]["2024-03"] == 0.0
    assert result["portfolio_outstanding"]["2024-04"] == 300.0
    assert result["par30"]["2024-04"] == 1.0
    assert result["portfolio_outstanding"]["2024-05"] == 0.0
    assert result["par30"]["2024-05"] is None


def test_par30_counts_a_due_date_at_d_minus_31_days_but_not_at_d_minus_30() -> None:
    # d = 2024-03-31; d - 30 days = 2024-03-01; d - 31 days = 2024-02-29.
    tables = make_tables(
        [make_borrower("b1"), make_borrower("b2")],
        [make_loan("L1", "b1"), make_loan("L2", "b2")],
        installments=[
            make_installment("L1", 1, due="2024-03-01", principal=100.0),
            make_installment("L1", 2, due="2024-04-01", principal=100.0),
            make_installment("L2", 1, due="2024-02-29", principal=50.0),
            make_installment("L2", 2, due="2024-03-29", principal=250.0),
        ],
        sessions=[make_session("b1", "2024-03-31")],
    )
    result = core_indicators(tables)
    # Outstanding 200 + 300 = 500; only L2 is late, all its 300 at risk: 300 / 500 = 0.6.
    assert result["portfolio_outstanding"]["2024-03"] == 500.0
    assert result["par30"]["2024-03"] == 0.6


def test_par30_ignores_a_late_installment_paid_by_the_month_end() -> None:
    # The installment due 2024-01-20 was paid late on 2024-03-25, before d = 2024-03-31.
    tables = make_tables(
        [make_borrower("b1")],
        [make_loan("L1", "b1", disbursed="2024-01-05")],
        installments=[
            make_installment("L1", 1, due="2024-01-20", principal=100.0, paid="2024-03-25"),
            make_installment("L1", 2, due="2024-04-20", principal=100.0),
        ],
    )
    result = core_indicators(tables)
    # 29 Feb: due 01-20 < 02-29 - 30 = 01-30 and unpaid: at risk, 200/200. 31 Mar: paid, 0/100.
    assert result["par30"]["2024-02"] == 1.0
    assert result["par30"]["2024-03"] == 0.0


def test_minutes_before_a_loan_count_days_minus_90_to_0_and_not_minus_91() -> None:
    # Disbursed 2024-04-15: day -90 = 2024-01-16, day -91 = 2024-01-15.
    tables = make_tables(
        [make_borrower("b1"), make_borrower("b2")],
        [make_loan("L1", "b1", applied="2024-01-01", decided="2024-04-01", disbursed="2024-04-15")],
        sessions=[
            make_session("b1", "2024-01-15", minutes=1, kind="diagnosis"),  # day -91: out
            make_session("b1", "2024-01-16", minutes=10, kind="diagnosis"),  # day -90: in
            make_session("b1", "2024-04-15", minutes=100, kind="pre_loan"),  # day 0: in
            make_session("b1", "2024-04-16", minutes=1000, kind="pre_loan"),  # day +1: out
            make_session("b1", "2024-03-01", minutes=10000, kind="follow_up"),  # wrong kind
            make_session("b2", "2024-03-01", minutes=100000, kind="diagnosis"),  # another borrower
        ],
    )
    assert core_indicators(tables)["minutes_per_new_loan"]["2024-04"] == 110.0


def test_minutes_per_new_loan_averages_in_zero_for_a_loan_without_sessions() -> None:
    tables = make_tables(
        [make_borrower("b1"), make_borrower("b2")],
        [make_loan("L1", "b1"), make_loan("L2", "b2")],
        sessions=[make_session("b1", "2024-01-10", minutes=90, kind="diagnosis")],
    )
    # (90 + 0) / 2 = 45.
    assert core_indicators(tables)["minutes_per_new_loan"]["2024-01"] == 45.0


def test_a_session_counts_for_each_loan_of_the_borrower_whose_window_holds_it() -> None:
    # Two loans of b1 disbursed 10 and 20 January; one diagnosis on 5 January (any loan_id).
    tables = make_tables(
        [make_borrower("b1")],
        [make_loan("L1", "b1", disbursed="2024-01-10"), make_loan("L2", "b1", disbursed="2024-01-20")],
        sessions=[make_session("b1", "2024-01-05", minutes=60, kind="diagnosis", loan_id="L1")],
    )
    assert core_indicators(tables)["minutes_per_new_loan"]["2024-01"] == 60.0


def test_followup_counts_days_1_to_60_after_disbursement() -> None:
    # Disbursed 2024-01-15: day 60 = 2024-03-15, day 61 = 2024-03-16.
    tables = make_tables(
        [make_borrower("b1"), make_borrower("b2"), make_borrower("b3")],
        [make_loan("L1", "b1"), make_loan("L2", "b2"), make_loan("L3", "b3")],
        sessions=[
            make_session("b1", "2024-03-15"),  # day 60: followed up
            make_session("b2", "2024-01-15"),  # day 0: not
            make_session("b2", "2024-03-16"),  # day 61: not
            make_session("b3", "2024-01-20", kind="training"),  # wrong kind
            make_session("b3", "2024-05-31", kind="other"),  # pushes the data end to 2024-05-31
        ],
    )
    # 1 of 3. The tail of January ends 2024-03-31 <= 2024-05-31.
    assert core_indicators(tables)["followup_60d_rate"]["2024-01"] == pytest.approx(1 / 3, abs=1e-15)


def test_followup_is_none_for_months_whose_60_day_tail_passes_the_data_end() -> None:
    # Data end 2024-04-29 (a session). Jan: 31 Jan + 60 = 31 Mar <= 29 Apr: known.
    # Feb: 29 Feb + 60 = 29 Apr, not after 29 Apr: known. Mar: 31 Mar + 60 = 30 May > 29 Apr: None,
    # although L3 was followed up on day 10. Apr: None.
    tables = make_tables(
        [make_borrower("b1"), make_borrower("b2"), make_borrower("b3")],
        [
            make_loan("L1", "b1", disbursed="2024-01-15"),
            make_loan("L2", "b2", disbursed="2024-02-10"),
            make_loan("L3", "b3", disbursed="2024-03-10"),
        ],
        sessions=[
            make_session("b1", "2024-02-01"),
            make_session("b2", "2024-03-01"),
            make_session("b3", "2024-03-20"),
            make_session("b3", "2024-04-29", kind="other"),
        ],
    )
    result = core_indicators(tables)["followup_60d_rate"]
    assert result == {"2024-01": 1.0, "2024-02": 1.0, "2024-03": None, "2024-04": None}


def test_followup_is_none_in_a_complete_month_without_loans() -> None:
    tables = make_tables(
        [make_borrower("b1")],
        [make_loan("L1", "b1")],
        sessions=[make_session("b1", "2024-06-30", kind="other")],
    )
    # Feb: no loan disbursed, the tail is complete, but the denominator is 0.
    assert core_indicators(tables)["followup_60d_rate"]["2024-02"] is None


def test_accompaniment_minutes_sums_sessions_of_every_kind_in_the_month() -> None:
    tables = make_tables(
        [make_borrower("b1")],
        [make_loan("L1", "b1")],
        sessions=[
            make_session("b1", "2024-01-01", minutes=30, kind="crisis"),
            make_session("b1", "2024-01-31", minutes=45, kind="phone"),
            make_session("b1", "2024-03-01", minutes=20),
        ],
    )
    assert core_indicators(tables)["accompaniment_minutes"] == {"2024-01": 75.0, "2024-02": 0.0, "2024-03": 20.0}


def test_missing_sessions_leave_the_accompaniment_indicators_without_data() -> None:
    result = core_indicators(make_tables([make_borrower("b1")], [make_loan("L1", "b1")]))
    for key in ("accompaniment_minutes", "minutes_per_new_loan", "followup_60d_rate"):
        assert result[key] == {"2024-01": None}, key
    assert result["loans_disbursed"] == {"2024-01": 1.0}


def test_missing_installments_leave_the_portfolio_indicators_without_data() -> None:
    result = core_indicators(make_tables([make_borrower("b1")], [make_loan("L1", "b1")], sessions=[]))
    assert result["portfolio_outstanding"] == {"2024-01": None}
    assert result["par30"] == {"2024-01": None}


def test_dates_as_datetime64_give_the_same_values_as_date_objects() -> None:
    tables = _loan_with_installments("2024-05-10", "written_off", ["2024-02-15", None, None, None])
    tables["sessions"] = pd.DataFrame([make_session("b1", "2024-01-10", kind="diagnosis")])
    as_datetime64 = {name: frame.copy() for name, frame in tables.items()}
    for frame in as_datetime64.values():
        for column in frame.columns:
            if column.endswith("_date") or column in ("date", "due_date"):
                frame[column] = pd.to_datetime(frame[column])
    assert core_indicators(as_datetime64) == core_indicators(tables)


def test_the_edge_case_data_set_holds_the_values_worked_out_by_hand() -> None:
    result = core_indicators(edge_case_tables())
    assert list(result["loans_disbursed"])[0] == "2023-10" and list(result["loans_disbursed"])[-1] == "2024-06"
    # January: L1..L5 = 400 + 600 + 600 + 200 + 300 = 2100 over 5. Served F, M, unknown, X, F: 2/4 women;
    # minimum benefits T, F, ?, T, ?: 2/3; banked F, T, ?, F, F: 3/4 unbanked.
    assert result["amount_disbursed"]["2024-01"] == 2100.0
    assert result["share_women"]["2024-01"] == 0.5
    assert result["share_minimum_benefits"]["2024-01"] == pytest.approx(2 / 3, abs=1e-15)
    assert result["share_unbanked"]["2024-01"] == 0.75
    # Minutes: L1 10 + 100, L2 0, L3 0, L4 50, L5 70 -> 230 / 5. Follow-up: L1 (day 60), L4 (day 1): 2/5.
    assert result["minutes_per_new_loan"]["2024-01"] == 46.0
    assert result["followup_60d_rate"]["2024-01"] == 0.4
    # February and March: nothing disbursed; L7 declined in February, L12 approved in March.
    assert result["loans_disbursed"]["2024-02"] == 0 and result["loans_disbursed"]["2024-03"] == 0
    assert result["approval_rate"]["2024-02"] == 0.0 and result["approval_rate"]["2024-03"] == 1.0
    # 31 March: L1 300 + L3 600 + L4 200 + L5 300 = 1400 (L2 closed on the 20th); at risk L3 + L5 = 900.
    assert result["portfolio_outstanding"]["2024-03"] == 1400.0
    assert result["par30"]["2024-03"] == pytest.approx(900 / 1400, abs=1e-15)
    # April: L6 (b5, a repeat) and L12 (b4, a repeat): no new borrower. Decisions: L6 and L10 approved,
    # L11 declined, L9 withdrawn (left out): 2/3. L12's diagnosis is 91 days before: 0 minutes for both.
    # Follow-up: 30 Apr + 60 = 29 Jun, the data end: known; L6 followed up on day 35, L12 not: 1/2.
    assert result["new_borrowers"]["2024-04"] == 0
    assert result["approval_rate"]["2024-04"] == pytest.approx(2 / 3, abs=1e-15)
    assert result["minutes_per_new_loan"]["2024-04"] == 0.0
    assert result["followup_60d_rate"]["2024-04"] == 0.5
    assert result["followup_60d_rate"]["2024-05"] is None
    # 31 May: L1 200 + L4 200 + L5 300 + L6 500 = 1200 (L3 written off on the 10th, L12 on the 31st);
    # late before 1 May: L1 (04-15), L4, L5 -> 700.
    assert result["portfolio_outstanding"]["2024-05"] == 1200.0
    assert result["par30"]["2024-05"] == pytest.approx(700 / 1200, abs=1e-15)
