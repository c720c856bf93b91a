"""System shift 3, schools (chapter ``shift3-schools``): figures 10-13."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config.childdata import MeasureParams
from analysis.evidence.measures.base import (
    SDC_NOT_ADDITIVE,
    Headline,
    MeasureSpec,
    Published,
    measure_context,
    row_value,
    shares,
    spec,
)
from analysis.inputs.childdata import contracts as K
from analysis.inputs.childdata.load import ChildData

_AGE_BANDS = (
    ("Under 1", 0, 1),
    ("1-4", 1, 5),
    ("5-10 (primary)", 5, 11),
    ("11-15 (secondary)", 11, 16),
    ("16-17", 16, 18),
)


def _age_band(age: pd.Series) -> pd.Series:
    out = pd.Series(None, index=age.index, dtype="object")
    for label, lo, hi in _AGE_BANDS:
        out[(age >= lo) & (age < hi)] = label
    return out


def fig10_age_spend(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    ent = c.entrants()
    eb = _age_band(ent["age"]).value_counts()
    # spend in the base year, by age at the start of each child's current (latest) period
    s = c.spend_in_year(c.base_year)
    s = s[s > 0]
    per = c.periods[c.periods["start"] <= c.base]
    last = per.sort_values("start").drop_duplicates("CHILD", keep="last").set_index("CHILD")
    band = _age_band(last["age"]).reindex(s.index)
    sp = s.groupby(band).sum()
    kids = s.groupby(band).size()
    total_e = int(eb.sum())
    total_s = float(s.sum())
    rows = []
    for label, _, _ in _AGE_BANDS:
        rows.append(
            {
                "age_band": label,
                "count": int(eb.get(label, 0)),
                "base": total_e,
                "children": int(kids.get(label, 0)),
                "spend": float(sp.get(label, 0.0)),
            }
        )
    df = shares(pd.DataFrame(rows))
    df["spend_share"] = df["spend"] / total_s if total_s > 0 else np.nan
    df["school_age"] = df["age_band"].str.contains("primary|secondary")
    return df


def _school_at_entry(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    ent = c.entrants()[["CHILD", "start", "age"]]
    ent = ent[(ent["age"] >= 5) & (ent["age"] < 16)]
    sc = data.get("school").merge(ent, on="CHILD")
    if "DATE" in sc.columns and sc["DATE"].notna().any():
        sc = sc[sc["DATE"].isna() | (sc["DATE"] <= sc["start"])]
        sc = sc.sort_values(["CHILD", "DATE"], na_position="first")
    sc = sc.drop_duplicates("CHILD", keep="last")
    sc["phase"] = np.where(sc["age"] < 11, "Primary (5-10)", "Secondary (11-15)")
    return sc


def fig11_attendance(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    sc = _school_at_entry(data, mp).dropna(subset=["ATTENDANCE"])
    ok = sc["ATTENDANCE"] >= mp.attendance_threshold
    rows = []
    for ph in ("Primary (5-10)", "Secondary (11-15)"):
        sel = sc["phase"].eq(ph)
        rows.append({"phase": ph, "count": int((ok & sel).sum()), "base": int(sel.sum())})
    rows.append({"phase": "All school age (5-15)", "count": int(ok.sum()), "base": len(sc)})
    df = shares(pd.DataFrame(rows))
    df["threshold"] = mp.attendance_threshold
    return df


def fig12_sen(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    sc = _school_at_entry(data, mp).dropna(subset=["SEN"])
    counts = sc["SEN"].value_counts()
    rows = [
        {"code": k, "sen": v, "count": int(counts.get(k, 0)), "base": len(sc)}
        for k, v in (("K", K.SEN["K"]), ("E", K.SEN["E"]), ("N", K.SEN["N"]))
    ]
    return shares(pd.DataFrame(rows))


def fig13_last_contact(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    ent = c.entrants()[["CHILD", "start"]]
    if data.available("referrals"):
        ev = data.get("referrals").rename(columns={"REFERRAL_DATE": "date", "REFERRAL_SOURCE": "src"})
    else:
        ev = data.get("contacts").rename(columns={"CONTACT_DATE": "date", "SOURCE": "src"})
    m = ev.merge(ent, on="CHILD")
    m = m[(m["date"] <= m["start"]) & m["src"].notna()]
    last = m.sort_values(["CHILD", "date"]).drop_duplicates("CHILD", keep="last")
    grp = last["src"].map(K.REFERRAL_SOURCE_GROUP).value_counts()
    allc = (
        data.get("contacts").rename(columns={"CONTACT_DATE": "date", "SOURCE": "src"})
        if data.available("contacts")
        else ev
    )
    lo = c.base - pd.DateOffset(years=mp.cohort_years)
    allc = allc[(allc["date"] > lo) & (allc["date"] <= c.base) & allc["src"].notna()]
    ag = allc["src"].map(K.REFERRAL_SOURCE_GROUP).value_counts()
    groups = list(dict.fromkeys(K.REFERRAL_SOURCE_GROUP.values()))
    rows = [
        {
            "source": g,
            "count": int(grp.get(g, 0)),
            "base": len(last),
            "all_contacts": int(ag.get(g, 0)),
            "all_contacts_base": len(allc),
        }
        for g in groups
    ]
    df = shares(pd.DataFrame(rows))
    df["all_contacts_share"] = df["all_contacts"] / max(len(allc), 1)
    df = df.sort_values("count", ascending=False, kind="mergesort").reset_index(drop=True)
    return df


# --------------------------------------------------------------------------------------
# The chapter's measures, in report order (gathered into MEASURES by analysis.evidence.measures.registry)
# --------------------------------------------------------------------------------------


def _h_fig10(df: pd.DataFrame) -> Headline:
    sa = df[df["school_age"]]
    return {
        "school_age_entries": sa["count"].sum() / df["count"].sum(),
        "school_age_spend": sa["spend"].sum() / df["spend"].sum(),
        "largest_spend_band": df.loc[df["spend"].idxmax(), "age_band"],
    }


def _h_fig12(df: pd.DataFrame) -> Headline:
    k, e = row_value(df, "code", "K", "count"), row_value(df, "code", "E", "count")
    return {"any_sen": (k + e) / df["base"].iloc[0], "support_to_ehcp": k / e if e else np.nan}


SPECS: list[MeasureSpec] = [
    spec(
        "fig10",
        "Age at entry and placement spend",
        "shift 3",
        fig10_age_spend,
        ["episodes", "header"],
        [
            Published("school_age_entries", 0.56, "56% of entries are school age"),
            Published("school_age_spend", 0.77, "77% of spend"),
            Published("largest_spend_band", "5-10 (primary)", "Primary-age entrants the largest cost", kind="text"),
        ],
        _h_fig10,
        {
            "additive": True,
            "derived": {"spend": "children", "spend_share": "children"},
            "counts": ("count", "children"),
            "decimals": {"spend": -3, "spend_share": 2},
        },
        "Entries: entrant cohort by age at entry. Spend: base-year spend of children in care, by their age "
        "at the start of their current period",
    ),
    spec(
        "fig11",
        "School attendance before entry",
        "shift 3",
        fig11_attendance,
        ["episodes", "header", "school"],
        [
            Published("all", 0.80, "80% of school-age entrants attend 3+ days a week"),
            Published("primary", 0.92, "92% of primary-age"),
        ],
        lambda df: {
            "all": row_value(df, "phase", "All school age (5-15)"),
            "primary": row_value(df, "phase", "Primary (5-10)"),
        },
        SDC_NOT_ADDITIVE,
    ),
    spec(
        "fig12",
        "Special educational needs at entry",
        "shift 3",
        fig12_sen,
        ["episodes", "header", "school"],
        [
            Published("any_sen", 1 / 3, "About one in three have SEN"),
            Published("support_to_ehcp", 0.5, "SEN support : EHCP about 1 : 2"),
        ],
        _h_fig12,
    ),
    spec(
        "fig13",
        "Source of the last contact before entry",
        "shift 3",
        fig13_last_contact,
        ["episodes", ("referrals", "contacts")],
        [
            Published("schools_entrants", 0.12, "Schools made the last referral for 12% of entrants"),
            Published("schools_all", 0.16, "vs 16% of all contacts"),
        ],
        lambda df: {
            "schools_entrants": row_value(df, "source", "Schools"),
            "schools_all": row_value(df, "source", "Schools", "all_contacts_share"),
        },
        {
            "additive": True,
            "counts": ("count", "all_contacts"),
            "bases": ("base", "all_contacts_base"),
            "shares": {"share": ("count", "base"), "all_contacts_share": ("all_contacts", "all_contacts_base")},
        },
    ),
]
