"""System shift 4, targeted support and joined-up data (chapter ``shift4-targeted-support``): figures
14-17, s4_cp_short, s4_single_contact and s4_contacts_plans.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config.childdata import MeasureParams
from analysis.evidence.measures.base import codes_frame, measure_context, shares
from analysis.inputs.childdata import contracts as K
from analysis.inputs.childdata.load import ChildData

_PLAN_CATS = (
    "No plan",
    "Child protection plan only",
    "Early help only",
    "Child in need only",
    "Early help and child protection",
    "Child in need and child protection",
    "Early help and child in need (with or without CP)",
)


def _plan_category(w: pd.DataFrame) -> pd.Series:
    eh, cin, cp = w["eh"], w["cin"], w["cp"]
    return pd.Series(
        np.select(
            [~eh & ~cin & ~cp, cp & ~eh & ~cin, eh & ~cin & ~cp, cin & ~eh & ~cp, eh & cp & ~cin, cin & cp & ~eh],
            _PLAN_CATS[:6],
            _PLAN_CATS[6],
        ),
        index=w.index,
    )


def fig14_plans_before_entry(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    ent = c.entrants()
    w = c.plan_window(ent, mp.lookback_months)
    cat = _plan_category(w).value_counts()
    n = len(w)
    rows = [{"category": k, "count": int(cat.get(k, 0)), "base": n} for k in _PLAN_CATS]
    df = shares(pd.DataFrame(rows))
    df["family_help_reach"] = df["category"].str.contains("Early help|Child in need only|Child in need and")
    return df


def _no_plan_entrants(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    ent = c.entrants()
    w = c.plan_window(ent, mp.lookback_months)
    return ent[(~w["eh"] & ~w["cin"] & ~w["cp"]).to_numpy()]


def s4_cp_short(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    ent = c.entrants()[["CHILD", "start"]]
    cp = data.cp_plans.merge(ent, on="CHILD")
    lo = cp["start"] - pd.DateOffset(months=mp.lookback_months)
    cp = cp[(cp["START"] < cp["start"]) & (cp["END"].isna() | (cp["END"] >= lo))]
    cp = cp.sort_values(["CHILD", "START"]).drop_duplicates("CHILD", keep="last")
    days = (cp["start"] - cp["START"]).dt.days
    short = days < 183
    n = len(cp)
    return shares(
        pd.DataFrame(
            [
                {"category": "Open less than 6 months at entry", "count": int(short.sum()), "base": n},
                {"category": "Open 6 months or more at entry", "count": int((~short).sum()), "base": n},
            ]
        )
    )


def _contacts_before(data: ChildData, mp: MeasureParams, ent: pd.DataFrame) -> pd.DataFrame:
    con = data.contacts[["CHILD", "CONTACT_DATE"]].merge(ent[["CHILD", "start"]], on="CHILD")
    lo = con["start"] - pd.DateOffset(years=mp.contact_lookback_years)
    return con[(con["CONTACT_DATE"] <= con["start"]) & (con["CONTACT_DATE"] >= lo)]


def s4_single_contact(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    ent = _no_plan_entrants(data, mp)
    con = _contacts_before(data, mp, ent)
    n = con.groupby("CHILD").size().reindex(ent["CHILD"]).fillna(0)
    rows = [
        {"category": "One contact", "count": int((n == 1).sum())},
        {"category": "Two or more contacts", "count": int((n >= 2).sum())},
        {"category": "No contact recorded", "count": int((n == 0).sum())},
    ]
    df = pd.DataFrame(rows)
    df["base"] = len(ent)
    df = shares(df)
    with_any = int((n >= 1).sum())
    df["share_of_those_with_contacts"] = np.where(
        df["category"].ne("No contact recorded") & (with_any > 0), df["count"] / max(with_any, 1), np.nan
    )
    return df


_GAP_BANDS = (
    ("Less than 1 month", 0, 30),
    ("1-3 months", 30, 91),
    ("3-6 months", 91, 183),
    ("6-12 months", 183, 365),
    ("1-2 years", 365, 730),
    ("2 years or more", 730, 10**6),
)


def fig15_penultimate_contact(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    ent = _no_plan_entrants(data, mp)
    con = _contacts_before(data, mp, ent).sort_values(["CHILD", "CONTACT_DATE"])
    con["k"] = con.groupby("CHILD").cumcount(ascending=False)
    pen = con[con["k"] == 1]
    gap = (pen["start"] - pen["CONTACT_DATE"]).dt.days
    n = len(pen)
    rows = [
        {"category": label, "count": int(((gap >= lo) & (gap < hi)).sum()), "base": n, "six_months_or_more": lo >= 183}
        for label, lo, hi in _GAP_BANDS
    ]
    return shares(pd.DataFrame(rows))


_LEN_BANDS = (
    ("Less than 3 months", 0, 91),
    ("3-6 months", 91, 183),
    ("6-12 months", 183, 365),
    ("1-2 years", 365, 730),
    ("2 years or more", 730, 10**6),
)
_COMMUNITY_EXCLUDE = {"5A", "5B", "5C", "5D"}


def fig16_known_previously(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    ent = c.entrants()[["CHILD", "start"]]
    pl = []
    for t in ("early_help", "cin_plans", "cp_plans"):
        p = c.plans(t).merge(ent, on="CHILD")
        p = p[p["START"] < p["start"]]
        end = p["END"].fillna(p["start"]).clip(upper=p["start"])
        pl.append(pd.DataFrame({"CHILD": p["CHILD"], "days": (end - p["START"]).dt.days}))
    pl = pd.concat(pl)
    longest = pl.groupby("CHILD")["days"].max().reindex(ent["CHILD"])
    n = len(ent)
    rows = [
        {
            "panel": "Longest plan before entry",
            "category": "No plan before entry",
            "count": int(longest.isna().sum()),
            "base": n,
        }
    ]
    for label, lo, hi in _LEN_BANDS:
        rows.append(
            {
                "panel": "Longest plan before entry",
                "category": label,
                "count": int(((longest >= lo) & (longest < hi)).sum()),
                "base": n,
            }
        )
    if data.available("referrals"):
        r = data.referrals.merge(ent, on="CHILD")
        lo_d = r["start"] - pd.DateOffset(years=mp.contact_lookback_years)
        r = r[
            (r["REFERRAL_DATE"] <= r["start"])
            & (r["REFERRAL_DATE"] >= lo_d)
            & ~r["REFERRAL_SOURCE"].isin(_COMMUNITY_EXCLUDE)
        ]
        k = r.groupby("CHILD").size().reindex(ent["CHILD"]).fillna(0)
        for label, lo, hi in (("0", 0, 1), ("1", 1, 2), ("2", 2, 3), ("3-4", 3, 5), ("5 or more", 5, 10**6)):
            rows.append(
                {
                    "panel": "Referrals from outside the council before entry",
                    "category": label,
                    "count": int(((k >= lo) & (k < hi)).sum()),
                    "base": n,
                }
            )
    return shares(pd.DataFrame(rows))


def s4_contacts_vs_plans(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    y = c.base_year
    y0, y1 = pd.Timestamp(y - 1, 4, 1), pd.Timestamp(y, 3, 31)
    con = data.contacts
    n_con = int(((con["CONTACT_DATE"] >= y0) & (con["CONTACT_DATE"] <= y1)).sum())
    starters = set()
    for t in ("early_help", "cin_plans", "cp_plans"):
        p = c.plans(t)
        starters |= set(p.loc[(p["START"] >= y0) & (p["START"] <= y1), "CHILD"])
    if data.available("episodes"):
        per = c.periods
        starters |= set(per.loc[per["entry"] & (per["start"] >= y0) & (per["start"] <= y1), "CHILD"])
    df = pd.DataFrame(
        [
            {"category": "Contacts in the year", "count": n_con},
            {"category": "Children starting an EH, CIN, CP or care plan", "count": len(starters)},
        ]
    )
    df["contacts_per_child_with_plan"] = n_con / len(starters) if starters else np.nan
    df.insert(0, "year", y)
    return df


def fig17_services_before(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    s = data.case_review["SERVICES_BEFORE"]
    return codes_frame(
        s, {k: v for k, v in K.SERVICE_BEFORE.items() if k != "NONE"}, int(s.notna().sum()), name="service"
    )
