"""The context chapter (report sections 1-2): children looked after, plans, spend, UASC (ctx01-ctx06)."""

from __future__ import annotations

import pandas as pd

from analysis.config.childdata import MeasureParams
from analysis.evidence.measures.base import (
    MeasureSpec,
    NotComputable,
    Published,
    is_yes,
    measure_context,
    row_value,
    shares,
    spec,
)
from analysis.inputs.childdata.load import ChildData
from analysis.inputs.childdata.summary import complete_years


def cla_at(data: ChildData, mp: MeasureParams, date: pd.Timestamp) -> pd.Series:
    """Children looked after on a date (excluding short-break-only episodes V3/V4)."""
    ep = data.get("episodes")
    on = (ep["DECOM"] <= date) & (ep["DEC"].isna() | (ep["DEC"] > date)) & ~ep["LS"].isin(["V3", "V4"])
    return pd.Series(sorted(set(ep.loc[on, "CHILD"])), dtype="str")


def ctx_share_in_care(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    pop = int(data.get("population_imd")["POPULATION_0_17"].sum())
    if pop <= 0:
        raise NotComputable("the child population is zero")
    cla = set(cla_at(data, mp, c.base))
    rows = [{"category": "Looked after", "count": len(cla), "base": pop}]
    if data.available("cin_plans") and data.available("cp_plans"):
        on_plan = set(cla)
        for t in ("cin_plans", "cp_plans"):
            p = getattr(data, t)
            openp = (p["START"] <= c.base) & (p["END"].isna() | (p["END"] > c.base))
            on_plan |= set(p.loc[openp, "CHILD"])
        rows.append({"category": "On a statutory plan (CIN, CP or looked after)", "count": len(on_plan), "base": pop})
    rows.append({"category": "Living with family (not looked after)", "count": pop - len(cla), "base": pop})
    out = shares(pd.DataFrame(rows))
    out.insert(0, "date", c.base.date().isoformat())
    return out


def covered_31_march(ep: pd.DataFrame) -> list[int]:
    """The years whose 31 March stock the extract fully holds: the 31 March that opens the first
    complete year, then the end of each complete year (see :func:`complete_years`; the same years as
    ``cla_31_march`` in the data summary). An extract holds the episodes open on or after some date,
    so an earlier DECOM does not make an earlier year covered."""
    years = complete_years(ep)
    return [years[0] - 1, *years] if years else []


def ctx_cla_change(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    covered = covered_31_march(data.get("episodes"))
    years = [y for y in range(c.base_year - 9, c.base_year + 1) if covered and y >= covered[0]]
    if not years:
        raise NotComputable("the extract covers no complete year up to the base year")
    rows = [{"year": y, "count": len(cla_at(data, mp, pd.Timestamp(y, 3, 31)))} for y in years]
    df = pd.DataFrame(rows)
    df["base"] = int(df["count"].iloc[0])
    df["change_since_first"] = df["count"] / df["base"] - 1
    return df


def ctx_spend_change(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    first_data = data.get("episodes")["DECOM"].min()
    years = [y for y in range(c.base_year - 9, c.base_year + 1) if pd.Timestamp(y - 1, 4, 1) >= first_data]
    if not years:
        raise NotComputable("no complete year of episodes up to the base year")
    rows = []
    for y in years:
        s = c.spend_in_year(y)
        rows.append({"year": y, "count": int((s > 0).sum()), "spend": float(s.sum())})
    df = pd.DataFrame(rows)
    df["change_since_first"] = df["spend"] / df["spend"].iloc[0] - 1
    return df


def ctx_statutory_plans(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    y = c.base_year - 1  # the latest year with 12 months' follow-up
    y0, y1 = pd.Timestamp(y - 1, 4, 1), pd.Timestamp(y, 3, 31)
    starts = []
    for t in ("cin_plans", "cp_plans"):
        p = getattr(data, t)
        starts.append(p.loc[(p["START"] >= y0) & (p["START"] <= y1), ["CHILD", "START"]])
    s = pd.concat(starts).sort_values("START").drop_duplicates("CHILD")
    per = c.periods
    ent = per[per["entry"]][["CHILD", "start"]]
    m = s.merge(ent, on="CHILD", how="left")
    within = (m["start"] >= m["START"]) & (m["start"] <= m["START"] + pd.DateOffset(months=12))
    entered = set(m.loc[within, "CHILD"])
    n = len(s)
    rows = [
        {"category": "Started a CIN or CP plan", "count": n, "base": n},
        {"category": "Stayed with family (not looked after within 12 months)", "count": n - len(entered), "base": n},
        {"category": "Became looked after within 12 months", "count": len(entered), "base": n},
    ]
    df = shares(pd.DataFrame(rows))
    df.insert(0, "year", y)
    return df


def ctx_uasc(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    hdr = data.get("header")
    if "UASC" not in hdr.columns or hdr["UASC"].isna().all():
        raise NotComputable("header.csv has no UASC column")
    uasc = set(hdr.loc[is_yes(hdr["UASC"]), "CHILD"])
    rows = []
    for y in range(min(2021, c.base_year), c.base_year + 1):
        cla = cla_at(data, mp, pd.Timestamp(y, 3, 31))
        rows.append({"year": y, "count": int(cla.isin(uasc).sum())})
    df = pd.DataFrame(rows)
    df["change_since_first"] = df["count"] - df["count"].iloc[0]
    return df


def ctx_spend_concentration(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    s = c.spend_in_year(c.base_year)
    s = s[s > 0].sort_values(ascending=False)
    n = len(s)
    if n == 0:
        raise NotComputable("no placement spend in the base year")
    k = max(1, round(n * mp.spend_top_share))
    total = float(s.sum())
    rows = [
        {
            "category": f"Top {mp.spend_top_share:.0%} of children by cost",
            "count": k,
            "base": n,
            "spend": float(s.iloc[:k].sum()),
        },
        {"category": "Other children", "count": n - k, "base": n, "spend": float(s.iloc[k:].sum())},
    ]
    df = shares(pd.DataFrame(rows))
    df["spend_share"] = df["spend"] / total
    df.insert(0, "year", c.base_year)
    return df


# --------------------------------------------------------------------------------------
# The chapter's measures, in report order (gathered into MEASURES by analysis.evidence.measures.registry)
# --------------------------------------------------------------------------------------


SPECS: list[MeasureSpec] = [
    spec(
        "ctx01",
        "Children looked after, on a statutory plan, and living with family",
        "context",
        ctx_share_in_care,
        ["episodes", "population_imd"],
        [
            Published("looked_after", 0.007, "0.7% of children are looked after"),
            Published("statutory_plan", 0.044, "4.4% on a statutory plan at any point in time"),
            Published("with_family", 0.993, "99.3% live with their families"),
        ],
        lambda df: {
            "looked_after": row_value(df, "category", "Looked after"),
            "statutory_plan": row_value(df, "category", "On a statutory plan (CIN, CP or looked after)"),
            "with_family": row_value(df, "category", "Living with family (not looked after)"),
        },
        {"additive": False, "share_decimals": 3},
        "Children looked after, or on a CIN or CP plan, at 31 March of the base year, over the 0-17 population",
        optional=("cin_plans", "cp_plans"),
    ),
    spec(
        "ctx02",
        "Children looked after at 31 March, by year",
        "context",
        ctx_cla_change,
        ["episodes"],
        [Published("change", 0.29, "+29% between 2016 and 2025 (20,761 to 26,732, CCN councils)")],
        lambda df: {"change": float(df["change_since_first"].iloc[-1])},
        {
            "counts": ("count",),
            "bases": ("base",),
            "shares": {},
            "derived": {"change_since_first": "count"},
            "decimals": {"change_since_first": 2},
        },
        "Children with an episode open at 31 March (short-break-only legal statuses V3/V4 excluded), from the "
        "31 March that opens the first year the extract covers in full",
    ),
    spec(
        "ctx03",
        "Placement spend by year",
        "context",
        ctx_spend_change,
        ["episodes"],
        [
            Published(
                "change",
                1.52,
                "+152% from the report's figures (£1.3bn in 2015/16 to £3.27bn in 2024/25; the text states +240%)",
            )
        ],
        lambda df: {"change": float(df["change_since_first"].iloc[-1])},
        {
            "counts": ("count",),
            "bases": (),
            "shares": {},
            "derived": {"spend": "count"},
            "decimals": {"spend": -3, "change_since_first": 2},
        },
        "Days in placement in each year x weekly cost (WEEKLY_COST, or unit costs from params), uplifted "
        "by unit_cost_growth for each year after the placement started",
    ),
    spec(
        "ctx04",
        "Children starting a statutory plan, and the share who stayed with family",
        "context",
        ctx_statutory_plans,
        ["episodes", "cin_plans", "cp_plans"],
        [Published("stayed", 0.94, "94% of the 90,000 children starting a statutory plan each year stay with family")],
        lambda df: {"stayed": row_value(df, "category", "Stayed with family (not looked after within 12 months)")},
        {"additive": False},
        "Children starting a CIN or CP plan in the year before the base year; 'stayed' = did not start to be "
        "looked after within 12 months of the plan's start",
    ),
    spec(
        "ctx05",
        "Unaccompanied asylum-seeking children looked after at 31 March",
        "context",
        ctx_uasc,
        ["episodes", "header"],
        [
            Published(
                "change",
                1242,
                "+1,242 UASC in care since 2021 across CCN councils (not comparable to one council)",
                kind="text",
            )
        ],
        lambda df: {"change": float(df["change_since_first"].iloc[-1])},
        {"counts": ("count",), "bases": (), "shares": {}, "derived": {"change_since_first": "count"}},
        "Children flagged UASC in header.csv who are looked after at 31 March",
    ),
    spec(
        "ctx06",
        "Concentration of placement spend",
        "context",
        ctx_spend_concentration,
        ["episodes"],
        [Published("top5_share", 0.30, "30% of spend on 5% of children (Newton, north-east councils)")],
        lambda df: {"top5_share": float(df["spend_share"].iloc[0])},
        {
            "additive": True,
            "derived": {"spend": "count", "spend_share": "count"},
            "decimals": {"spend": -3, "spend_share": 2},
        },
        "Children with placement spend in the base year ranked by spend; share of spend on the top 5%",
    ),
]
