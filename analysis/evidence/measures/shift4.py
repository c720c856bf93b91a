"""System shift 4, targeted support and joined-up data (chapter ``shift4-targeted-support``): figures
14-17, s4_cp_short, s4_single_contact and s4_contacts_plans.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config.childdata import MeasureParams
from analysis.evidence.measures.base import (
    SDC_NOT_ADDITIVE,
    Headline,
    MeasureSpec,
    Published,
    codes_frame,
    measure_context,
    row_value,
    shares,
    spec,
)
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
    cp = data.get("cp_plans").merge(ent, on="CHILD")
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
    con = data.get("contacts")[["CHILD", "CONTACT_DATE"]].merge(ent[["CHILD", "start"]], on="CHILD")
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
        r = data.get("referrals").merge(ent, on="CHILD")
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
    con = data.get("contacts")
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
    s = data.get("case_review")["SERVICES_BEFORE"]
    return codes_frame(
        s, {k: v for k, v in K.SERVICE_BEFORE.items() if k != "NONE"}, int(s.notna().sum()), name="service"
    )


# --------------------------------------------------------------------------------------
# The chapter's measures, in report order (gathered into MEASURES by analysis.evidence.measures.registry)
# --------------------------------------------------------------------------------------


def _h_fig14(df: pd.DataFrame) -> Headline:
    none = row_value(df, "category", "No plan")
    cp_only = row_value(df, "category", "Child protection plan only")
    return {
        "any_plan": 1 - none,
        "no_plan": none,
        "cp_only": cp_only,
        "family_help_reach": df.loc[df["family_help_reach"], "share"].sum(),
        "earlier_possible": none + cp_only,
    }


SPECS: list[MeasureSpec] = [
    spec(
        "fig14",
        "Plans in the 6 months before entry",
        "shift 4",
        fig14_plans_before_entry,
        ["episodes", "cin_plans", "cp_plans", "early_help"],
        [
            Published("any_plan", 0.61, "61% had an EH, CIN or CP plan"),
            Published("no_plan", 0.39, "39% none"),
            Published("cp_only", 0.35, "35% CP plan only"),
            Published("family_help_reach", 0.25, "Family Help would reach ~25%"),
            Published("earlier_possible", 0.74, "Earlier support possible for up to 74%"),
        ],
        _h_fig14,
    ),
    spec(
        "s4_cp_short",
        "Child protection plans open less than 6 months at entry",
        "shift 4",
        s4_cp_short,
        ["episodes", "cp_plans"],
        [Published("short", 0.59, "59% of CP plans open < 6 months at entry")],
        lambda df: {"short": float(df["share"].iloc[0])},
    ),
    spec(
        "s4_single_contact",
        "Entrants without a plan: number of contacts (4 years)",
        "shift 4",
        s4_single_contact,
        ["episodes", "cin_plans", "cp_plans", "early_help", "contacts"],
        [Published("one", 0.48, "Just under half had one contact only")],
        lambda df: {"one": float(df["share_of_those_with_contacts"].iloc[0])},
        {
            "additive": True,
            "derived": {"share_of_those_with_contacts": "count"},
            "decimals": {"share_of_those_with_contacts": 2},
        },
    ),
    spec(
        "fig15",
        "Time from penultimate contact to entry (no plan, 2+ contacts)",
        "shift 4",
        fig15_penultimate_contact,
        ["episodes", "cin_plans", "cp_plans", "early_help", "contacts"],
        [Published("six_plus", 0.46, "46% six months or more")],
        lambda df: {"six_plus": df.loc[df["six_months_or_more"], "count"].sum() / df["base"].iloc[0]},
    ),
    spec(
        "fig16",
        "Known previously: plan length and referrals from the community",
        "shift 4",
        fig16_known_previously,
        ["episodes", "cin_plans", "cp_plans", "early_help"],
        (),
        None,
        {"group_by": ["panel"], "additive": True},
        optional=("referrals",),
    ),
    spec(
        "s4_contacts_plans",
        "Contacts and children starting plans in a year",
        "shift 4",
        s4_contacts_vs_plans,
        ["contacts", "cin_plans", "cp_plans"],
        [Published("ratio", 4.6, "230,000 contacts and 50,000 children on plans a year (ratio 4.6)")],
        lambda df: {"ratio": float(df["contacts_per_child_with_plan"].iloc[0])},
        {
            "counts": ("count",),
            "bases": (),
            "shares": {},
            "derived": {"contacts_per_child_with_plan": "count"},
            "decimals": {"contacts_per_child_with_plan": 1},
        },
        optional=("early_help", "episodes"),
    ),
    spec(
        "fig17",
        "Services in contact before entry (case notes)",
        "shift 4",
        fig17_services_before,
        ["case_review"],
        [Published("GP_HEALTH", 0.45, "GP or health 45%"), Published("POLICE", 0.41, "Police 41%")],
        lambda df: {"GP_HEALTH": row_value(df, "code", "GP_HEALTH"), "POLICE": row_value(df, "code", "POLICE")},
        SDC_NOT_ADDITIVE,
    ),
]
