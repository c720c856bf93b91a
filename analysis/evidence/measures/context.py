"""The context chapter (report sections 1-2): children looked after, plans, spend, UASC (ctx01-ctx06)."""

from __future__ import annotations

import pandas as pd

from analysis.config.childdata import MeasureParams
from analysis.evidence.measures.base import (
    NotComputable,
    is_yes,
    measure_context,
    shares,
)
from analysis.inputs.childdata.load import ChildData


def cla_at(data: ChildData, mp: MeasureParams, date: pd.Timestamp) -> pd.Series:
    """Children looked after on a date (excluding short-break-only episodes V3/V4)."""
    ep = data.episodes
    on = (ep["DECOM"] <= date) & (ep["DEC"].isna() | (ep["DEC"] > date)) & ~ep["LS"].isin(["V3", "V4"])
    return pd.Series(sorted(set(ep.loc[on, "CHILD"])), dtype="str")


def ctx_share_in_care(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    pop = int(data.population_imd["POPULATION_0_17"].sum())
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


def ctx_cla_change(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    first_data = data.episodes["DECOM"].min()
    years = [y for y in range(c.base_year - 9, c.base_year + 1) if pd.Timestamp(y, 3, 31) >= first_data]
    if not years:
        raise NotComputable("the episodes start after the base year")
    rows = [{"year": y, "count": len(cla_at(data, mp, pd.Timestamp(y, 3, 31)))} for y in years]
    df = pd.DataFrame(rows)
    df["base"] = int(df["count"].iloc[0])
    df["change_since_first"] = df["count"] / df["base"] - 1
    return df


def ctx_spend_change(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    first_data = data.episodes["DECOM"].min()
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
    if "UASC" not in data.header.columns or data.header["UASC"].isna().all():
        raise NotComputable("header.csv has no UASC column")
    uasc = set(data.header.loc[is_yes(data.header["UASC"]), "CHILD"])
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
