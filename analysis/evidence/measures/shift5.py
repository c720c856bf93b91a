"""System shift 5, reconnection (chapter ``shift5-reconnection``): figures 18-22 and s5_stay,
s5_first_placement, s5_reentry.  Figure 22 (confidence by care setting) belongs to the impact section
of the report but is shown in this chapter.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config.childdata import MeasureParams
from analysis.evidence.measures.base import (
    DAY,
    NotComputable,
    codes_frame,
    is_yes,
    measure_context,
    shares,
)
from analysis.inputs.childdata import contracts as K
from analysis.inputs.childdata.load import ChildData


def s5_stay_over_year(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    ent = measure_context(data, mp).entrants(shift_years=1)
    longer = ent["days"] > 365
    n = len(ent)
    return shares(
        pd.DataFrame(
            [
                {"category": "In care more than a year", "count": int(longer.sum()), "base": n},
                {"category": "In care a year or less", "count": int((~longer).sum()), "base": n},
            ]
        )
    )


_STAY_BANDS = ("Less than 1 year", "1-2 years", "2-5 years", "5 years or more, left before 18", "Until 18")


def fig18_time_in_care(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    per = c.periods
    e = per[per["entry"] & (per["age"] >= mp.older_entry_min_age)].sort_values("start").drop_duplicates("CHILD")
    b18 = e["dob"] + pd.DateOffset(years=18)
    e = e[b18 <= c.base]
    b18 = b18[e.index]
    end = e["end"].fillna(c.base + DAY)
    until18 = end >= b18 - pd.Timedelta(days=mp.until18_tolerance_days)
    yrs = (end - e["start"]).dt.days / 365.25
    cat = np.select(
        [until18, yrs < 1, yrs < 2, yrs < 5],
        [_STAY_BANDS[4], _STAY_BANDS[0], _STAY_BANDS[1], _STAY_BANDS[2]],
        _STAY_BANDS[3],
    )
    vc = pd.Series(cat).value_counts()
    n = len(e)
    if n == 0:
        raise NotComputable("no entrant aged 5 or over has reached 18 within the data")
    return shares(pd.DataFrame([{"category": k, "count": int(vc.get(k, 0)), "base": n} for k in _STAY_BANDS]))


def _reviews_staying(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = data.case_review
    if data.available("episodes"):
        per = measure_context(data, mp).periods
        longest = per.groupby("CHILD")["days"].max()
        stay = cr["CHILD"].map(longest)
        return cr[(stay > 365).to_numpy()]
    return cr


def fig19_permanence_plans(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = _reviews_staying(data, mp)
    if "INITIAL_PLAN" not in cr.columns or "CURRENT_PLAN" not in cr.columns:
        raise NotComputable("case_review.csv has no INITIAL_PLAN / CURRENT_PLAN columns")
    rows = []
    for which, col in (("Initial plan", "INITIAL_PLAN"), ("Current plan", "CURRENT_PLAN")):
        s = cr[col].dropna()
        vc = s.value_counts()
        for k, v in K.PERMANENCE_PLAN.items():
            rows.append({"plan": which, "code": k, "category": v, "count": int(vc.get(k, 0)), "base": len(s)})
    return shares(pd.DataFrame(rows))


def fig20_reconnection(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = data.case_review
    ia = cr["IMPROVABLE_AFTER"].dropna().astype(bool)
    head = pd.DataFrame(
        [
            {
                "panel": "More could have been done towards reconnection",
                "code": "Y",
                "category": "Yes",
                "count": int(ia.sum()),
                "base": len(ia),
            }
        ]
    )
    head = shares(head)
    if "RECONNECTION_BARRIERS" in cr.columns:
        sub = cr.loc[is_yes(cr["IMPROVABLE_AFTER"]), "RECONNECTION_BARRIERS"]
        bar = codes_frame(sub, K.RECONNECTION_BARRIER, int(sub.notna().sum()), name="category")
        bar.insert(0, "panel", "Barriers (where more could have been done)")
        head = pd.concat([head, bar.drop(columns=["rank"])], ignore_index=True)
    return head


def fig21_first_year_placements(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    ent = c.entrants(shift_years=1)
    ep = c.episodes
    per = c.periods
    key = per.reset_index().merge(ent[["CHILD", "start"]], on=["CHILD", "start"])[["index", "start"]]
    e = ep.merge(key.rename(columns={"index": "period_id"}), left_on="period", right_on="period_id")
    in_first = e["DECOM"] < e["start"] + pd.Timedelta(days=365)
    moves = (in_first & e["RNE"].isin(mp.placement_change_rne) & ~e["_new"]).groupby(e["CHILD"]).sum()
    n_pl = 1 + moves.reindex(ent["CHILD"]).fillna(0).astype(int).to_numpy()
    stayer = (ent["days"] > 365).to_numpy()
    rows = []
    for grp, sel in (("Stayed more than a year", stayer), ("Left within a year", ~stayer)):
        k = n_pl[sel]
        for label, lo, hi in (("1", 1, 2), ("2", 2, 3), ("3", 3, 4), ("4 or more", 4, 10**6)):
            rows.append(
                {"group": grp, "placements": label, "count": int(((k >= lo) & (k < hi)).sum()), "base": int(sel.sum())}
            )
    return shares(pd.DataFrame(rows))


def s5_first_placement(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    ent = measure_context(data, mp).entrants(shift_years=1)
    e = ent[(ent["age"] >= 1) & (ent["age"] < 16) & (ent["days"] > 365)]
    grp = K.placement_group(e["place0"].astype(str), e["provider0"].astype(str))
    lab = grp.replace({"Kinship fostering": "Fostering (in-house)"})
    lab = lab.where(lab.isin(["Fostering (in-house)", "Fostering (agency)", "Residential"]), "Other")
    vc = lab.value_counts()
    cats = ("Fostering (in-house)", "Fostering (agency)", "Residential", "Other")
    df = shares(pd.DataFrame([{"category": k, "count": int(vc.get(k, 0)), "base": len(e)} for k in cats]))
    df["fostering"] = df["category"].str.startswith("Fostering")
    return df


def s5_reentry(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    per = c.periods
    home = per[per["rec"].isin(mp.returned_home_rec) & per["end"].notna()]
    nxt = per[per["entry"]][["CHILD", "start"]].rename(columns={"start": "next"})
    m = home[["CHILD", "end", "dob"]].reset_index().merge(nxt, on="CHILD", how="left")
    m.loc[m["next"] < m["end"], "next"] = pd.NaT
    m = m.sort_values(["index", "next"]).drop_duplicates("index")
    gap = (m["next"] - m["end"]).dt.days
    rows = []
    for label, days in (("Within 3 months", 91), ("Within 1 year", 365), ("Within 6 years", int(6 * 365.25))):
        eligible = m["end"] + pd.Timedelta(days=days) <= c.base
        back = (gap <= days) & eligible
        rows.append({"category": label, "count": int(back.sum()), "base": int(eligible.sum())})
    return shares(pd.DataFrame(rows))


def fig22_confidence_by_setting(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = data.case_review.dropna(subset=["CARE_SETTING", "CONFIDENCE_AVOID"])
    conf = cr["CONFIDENCE_AVOID"].isin(mp.confident_levels)
    rows = []
    for k, v in K.CARE_SETTING.items():
        sel = cr["CARE_SETTING"].eq(k)
        if sel.any():
            rows.append({"code": k, "setting": v, "count": int((conf & sel).sum()), "base": int(sel.sum())})
    return shares(pd.DataFrame(rows, columns=["code", "setting", "count", "base"]))
