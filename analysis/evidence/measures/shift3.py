"""System shift 3, schools (chapter ``shift3-schools``): figures 10-13."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config.childdata import MeasureParams
from analysis.evidence.measures.base import measure_context, shares
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
    sc = data.school.merge(ent, on="CHILD")
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
        ev = data.referrals.rename(columns={"REFERRAL_DATE": "date", "REFERRAL_SOURCE": "src"})
    else:
        ev = data.contacts.rename(columns={"CONTACT_DATE": "date", "SOURCE": "src"})
    m = ev.merge(ent, on="CHILD")
    m = m[(m["date"] <= m["start"]) & m["src"].notna()]
    last = m.sort_values(["CHILD", "date"]).drop_duplicates("CHILD", keep="last")
    grp = last["src"].map(K.REFERRAL_SOURCE_GROUP).value_counts()
    allc = data.contacts.rename(columns={"CONTACT_DATE": "date", "SOURCE": "src"}) if data.available("contacts") else ev
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
