"""An independent, plain-pandas computation of the 13 core indicators.

This is the test oracle against which the indicator engine is checked (issue 3, "Correctness").
It is written straight from the text of ../shared/spec/microcredit-data.md, section "Core
indicator definitions", without reading the engine, and favours the most literal code over speed:
one pass per month, each spec sentence a few lines. benchmarks/review.py also imports
`core_indicators` as the plain-pandas baseline.

Input: the stored tables as pandas DataFrames (dates as datetime64 or `datetime.date`, decimals
float64, booleans bool or object with None, borrower ids as opaque strings). Only `loans` and
`borrowers` are required; an indicator whose input table is missing is None in every month.

Decisions the spec leaves open (agreed with the lead engineer), applied here:

- Month range. The first month is the earliest month among loans.application_date,
  loans.decision_date, loans.disbursement_date and sessions.date. The last month is the month of
  the data's end date, which the spec defines (under followup_60d_rate) as the latest date in
  loans.disbursement_date, sessions.date and installments.paid_date. When none of those holds a
  date (no loan disbursed, no session, nothing paid) the range ends at the latest date of the
  range-start columns instead. Every month of the range is reported, with or without activity.
- Counts and sums over a month without activity are 0 (loans_disbursed, amount_disbursed,
  new_borrowers, accompaniment_minutes); portfolio_outstanding with no loan outstanding is 0.
- A ratio whose denominator is 0 is None (avg_loan_amount, the three shares, approval_rate,
  minutes_per_new_loan, followup_60d_rate, par30).
- followup_60d_rate is None when d + 60 days is after the data's end date (the spec's words).
- Missing inputs: sessions missing -> accompaniment_minutes, minutes_per_new_loan and
  followup_60d_rate None; installments missing -> portfolio_outstanding and par30 None.
- "Loans disbursed in P" are loans whose disbursement_date falls in P, whatever their status
  or decision; "served in P" counts each borrower once, however many loans they got in P.
- Dates are whole days: "before d - 30 days" is strict (due_date < d - 30 days); every window
  the spec calls "both included" is closed at both ends.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pandas as pd

CORE_KEYS: tuple[str, ...] = (
    "loans_disbursed",
    "amount_disbursed",
    "avg_loan_amount",
    "new_borrowers",
    "share_women",
    "share_minimum_benefits",
    "share_unbanked",
    "approval_rate",
    "accompaniment_minutes",
    "minutes_per_new_loan",
    "followup_60d_rate",
    "portfolio_outstanding",
    "par30",
)

DATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "loans": ("application_date", "decision_date", "disbursement_date", "closed_date"),
    "installments": ("due_date", "paid_date"),
    "sessions": ("date",),
}

Tables = Mapping[str, pd.DataFrame]
Values = dict[str, float | None]


def _as_timestamps(column: pd.Series) -> pd.Series:
    """Dates of any stored flavour (datetime64, `date` objects, Arrow date32) as midnight Timestamps."""
    return pd.to_datetime(column.astype(object)).dt.normalize()


def _as_known_booleans(column: pd.Series) -> pd.Series:
    """A nullable boolean column as pandas' "boolean" dtype (True / False / <NA>)."""
    return column.astype(object).astype("boolean")


def _prepared(tables: Tables) -> dict[str, pd.DataFrame]:
    """A copy of the tables with every date column as Timestamps."""
    out: dict[str, pd.DataFrame] = {}
    for name, frame in tables.items():
        frame = frame.copy()
        for column in DATE_COLUMNS.get(name, ()):
            frame[column] = _as_timestamps(frame[column])
        out[name] = frame
    return out


def _latest(columns: list[pd.Series]) -> pd.Timestamp | None:
    dates = pd.concat(columns, ignore_index=True).dropna() if columns else pd.Series(dtype="datetime64[ns]")
    return None if dates.empty else pd.Timestamp(dates.max())


def _data_end(tables: dict[str, pd.DataFrame]) -> pd.Timestamp | None:
    """The spec: the latest date in loans.disbursement_date, sessions.date and installments.paid_date."""
    columns = [tables["loans"]["disbursement_date"]]
    if "sessions" in tables:
        columns.append(tables["sessions"]["date"])
    if "installments" in tables:
        columns.append(tables["installments"]["paid_date"])
    return _latest(columns)


def data_end(tables: Tables) -> date | None:
    """The data's end date as the spec defines it; None when none of its columns holds a date."""
    end = _data_end(_prepared(tables))
    return None if end is None else end.date()


def _range_start_columns(tables: dict[str, pd.DataFrame]) -> list[pd.Series]:
    loans = tables["loans"]
    columns = [loans["application_date"], loans["decision_date"], loans["disbursement_date"]]
    if "sessions" in tables:
        columns.append(tables["sessions"]["date"])
    return columns


def _months(tables: dict[str, pd.DataFrame]) -> list[pd.Period]:
    """Every calendar month from the first month of the data to the month of its end date."""
    starts = pd.concat(_range_start_columns(tables), ignore_index=True).dropna()
    if starts.empty:
        return []
    end = _data_end(tables)
    if end is None:
        end = pd.Timestamp(starts.max())
    first = pd.Timestamp(starts.min()).to_period("M")
    last = end.to_period("M")
    return list(pd.period_range(first, last, freq="M"))


def _ratio(numerator: float, denominator: float) -> float | None:
    return None if denominator == 0 else float(numerator) / float(denominator)


def _share_true(values: pd.Series) -> float | None:
    """Share of True among the known (non-null) values; None when none is known."""
    known = values.dropna().astype(bool)
    return _ratio(int(known.sum()), len(known))


def core_indicators(tables: Tables) -> dict[str, Values]:
    """The 13 core indicators, each as {"YYYY-MM": value or None} over every month of the range."""
    t = _prepared(tables)
    loans = t["loans"].reset_index(drop=True)
    borrowers = t["borrowers"].drop_duplicates("borrower_id").set_index("borrower_id")
    sessions = t.get("sessions")
    installments = t.get("installments")
    end = _data_end(t)
    months = _months(t)

    # Per loan (by row, so that nothing relies on loan_id being unique), the accompaniment
    # around its disbursement: computed once, then averaged over the loans of each month.
    before_minutes = _minutes_before_disbursement(loans, sessions) if sessions is not None else None
    followed_up = _followed_up_within_60_days(loans, sessions) if sessions is not None else None

    # new_borrowers: the month of each borrower's first disbursed loan.
    first_disbursement = loans.dropna(subset=["disbursement_date"]).groupby("borrower_id")[
        "disbursement_date"
    ].min()
    first_month = first_disbursement.dt.to_period("M")

    gender = borrowers["gender"]
    minimum_benefits = _as_known_booleans(borrowers["minimum_benefits"])
    banked = _as_known_booleans(borrowers["banked"])

    result: dict[str, Values] = {key: {} for key in CORE_KEYS}
    for month in months:
        label = str(month)
        start = month.start_time.normalize()
        d = month.end_time.normalize()
        values: Values = {}

        disbursed_in_p = loans["disbursement_date"].notna() & (loans["disbursement_date"] >= start) & (
            loans["disbursement_date"] <= d
        )
        disbursed = loans[disbursed_in_p]
        count = len(disbursed)
        values["loans_disbursed"] = float(count)
        values["amount_disbursed"] = float(disbursed["amount"].sum())
        values["avg_loan_amount"] = _ratio(disbursed["amount"].sum(), count)
        values["new_borrowers"] = float((first_month == month).sum())

        served = pd.Index(disbursed["borrower_id"].unique())
        served_gender = gender.reindex(served)
        values["share_women"] = _ratio(
            int((served_gender == "F").sum()), int(served_gender.isin(["F", "M", "X"]).sum())
        )
        values["share_minimum_benefits"] = _share_true(minimum_benefits.reindex(served))
        # share_unbanked counts banked false: the share of False among the known values.
        values["share_unbanked"] = _share_true(~banked.reindex(served))

        decided_in_p = loans["decision_date"].notna() & (loans["decision_date"] >= start) & (
            loans["decision_date"] <= d
        )
        approved = int((decided_in_p & (loans["decision"] == "approved")).sum())
        approved_or_declined = int((decided_in_p & loans["decision"].isin(["approved", "declined"])).sum())
        values["approval_rate"] = _ratio(approved, approved_or_declined)

        if sessions is None or before_minutes is None or followed_up is None:
            values["accompaniment_minutes"] = None
            values["minutes_per_new_loan"] = None
            values["followup_60d_rate"] = None
        else:
            dated_in_p = (sessions["date"] >= start) & (sessions["date"] <= d)
            values["accompaniment_minutes"] = float(sessions.loc[dated_in_p, "minutes"].sum())
            values["minutes_per_new_loan"] = _ratio(before_minutes[disbursed.index].sum(), count)
            tail_complete = end is not None and d + pd.Timedelta(days=60) <= end
            values["followup_60d_rate"] = (
                _ratio(int(followed_up[disbursed.index].sum()), count) if tail_complete else None
            )

        if installments is None:
            values["portfolio_outstanding"] = None
            values["par30"] = None
        else:
            outstanding, at_risk = _portfolio_at(loans, installments, d, late_days=30)
            values["portfolio_outstanding"] = outstanding
            values["par30"] = _ratio(at_risk, outstanding)

        for key in CORE_KEYS:
            result[key][label] = values[key]
    return result


def _sessions_against_loans(loans: pd.DataFrame, sessions: pd.DataFrame, kinds: list[str]) -> pd.DataFrame:
    """Each disbursed loan (its row number in `_loan`) paired with every session of its borrower of these kinds."""
    disbursed = loans.dropna(subset=["disbursement_date"])[["borrower_id", "disbursement_date"]]
    disbursed = disbursed.rename_axis("_loan").reset_index()
    chosen = sessions.loc[sessions["kind"].isin(kinds), ["borrower_id", "date", "minutes"]]
    return disbursed.merge(chosen, on="borrower_id", how="inner")


def _minutes_before_disbursement(loans: pd.DataFrame, sessions: pd.DataFrame) -> pd.Series:
    """Per loan row: minutes of the borrower's diagnosis/pre_loan sessions dated from
    disbursement_date - 90 days to disbursement_date, both included (0 when none)."""
    pairs = _sessions_against_loans(loans, sessions, ["diagnosis", "pre_loan"])
    in_window = (pairs["date"] >= pairs["disbursement_date"] - pd.Timedelta(days=90)) & (
        pairs["date"] <= pairs["disbursement_date"]
    )
    minutes = pairs.loc[in_window].groupby("_loan")["minutes"].sum()
    return minutes.reindex(loans.index, fill_value=0).astype(float)


def _followed_up_within_60_days(loans: pd.DataFrame, sessions: pd.DataFrame) -> pd.Series:
    """Per loan row: whether the borrower has a follow_up session dated 1 to 60 days after
    disbursement, both included."""
    pairs = _sessions_against_loans(loans, sessions, ["follow_up"])
    in_window = (pairs["date"] >= pairs["disbursement_date"] + pd.Timedelta(days=1)) & (
        pairs["date"] <= pairs["disbursement_date"] + pd.Timedelta(days=60)
    )
    loans_followed = set(pairs.loc[in_window, "_loan"])
    return pd.Series([row in loans_followed for row in loans.index], index=loans.index, dtype=bool)


def _portfolio_at(
    loans: pd.DataFrame, installments: pd.DataFrame, d: pd.Timestamp, *, late_days: int
) -> tuple[float, float]:
    """(portfolio_outstanding, the part of it at risk) at day d, as the spec defines them.

    Outstanding: over loans disbursed on or before d whose closed_date is null or after d, the
    principal_due of their installments whose paid_date is null or after d. At risk: all of that
    outstanding for the loans having such an unpaid installment with due_date before d - 30 days.
    """
    outstanding_loans = loans[
        loans["disbursement_date"].notna()
        & (loans["disbursement_date"] <= d)
        & (loans["closed_date"].isna() | (loans["closed_date"] > d))
    ]
    of_those_loans = installments[installments["loan_id"].isin(outstanding_loans["loan_id"])]
    unpaid = of_those_loans[of_those_loans["paid_date"].isna() | (of_those_loans["paid_date"] > d)]
    outstanding = float(unpaid["principal_due"].sum())

    late = unpaid[unpaid["due_date"] < d - pd.Timedelta(days=late_days)]
    loans_at_risk = set(late["loan_id"])
    at_risk = float(unpaid.loc[unpaid["loan_id"].isin(loans_at_risk), "principal_due"].sum())
    return outstanding, at_risk
