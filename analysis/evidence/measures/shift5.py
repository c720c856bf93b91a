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
    SDC_NOT_ADDITIVE,
    Headline,
    MeasureSpec,
    NotComputable,
    Published,
    codes_frame,
    is_yes,
    measure_context,
    row_value,
    shares,
    spec,
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
    cr = data.get("case_review")
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
    cr = data.get("case_review")
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
    cr = data.get("case_review").dropna(subset=["CARE_SETTING", "CONFIDENCE_AVOID"])
    conf = cr["CONFIDENCE_AVOID"].isin(mp.confident_levels)
    rows = []
    for k, v in K.CARE_SETTING.items():
        sel = cr["CARE_SETTING"].eq(k)
        if sel.any():
            rows.append({"code": k, "setting": v, "count": int((conf & sel).sum()), "base": int(sel.sum())})
    return shares(pd.DataFrame(rows, columns=["code", "setting", "count", "base"]))


# --------------------------------------------------------------------------------------
# The chapter's measures, in report order (gathered into MEASURES by analysis.evidence.measures.registry)
# --------------------------------------------------------------------------------------


def _h_fig21(df: pd.DataFrame) -> Headline:
    one = df[df.placements == "1"]
    return {
        "one_placement_stayers": float(one[one.group == "Stayed more than a year"]["share"].iloc[0]),
        "one_placement_leavers": float(one[one.group == "Left within a year"]["share"].iloc[0]),
    }


def _h_first_placement(df: pd.DataFrame) -> Headline:
    inh = row_value(df, "category", "Fostering (in-house)", "count")
    ag = row_value(df, "category", "Fostering (agency)", "count")
    return {"fostering": df.loc[df["fostering"], "share"].sum(), "in_house_to_agency": inh / ag if ag else np.nan}


def _h_fig22(df: pd.DataFrame) -> Headline:
    d = df[df["base"] >= 10]
    return {"min_share_settings_10plus": float(d["share"].min()) if len(d) else np.nan}


def _h_fig19(df: pd.DataFrame) -> Headline:
    r = df[df.code == "RETURN_FAMILY"]
    return {
        "initial_return": float(r[r.plan == "Initial plan"]["share"].iloc[0]),
        "current_return": float(r[r.plan == "Current plan"]["share"].iloc[0]),
    }


SPECS: list[MeasureSpec] = [
    spec(
        "s5_stay",
        "Entrants staying more than a year",
        "shift 5",
        s5_stay_over_year,
        ["episodes"],
        [Published("over_year", 0.80, "Over 80% stay more than a year", kind="min")],
        lambda df: {"over_year": float(df["share"].iloc[0])},
    ),
    spec(
        "fig18",
        "Time in care, entrants aged 5 and over",
        "shift 5",
        fig18_time_in_care,
        ["episodes", "header"],
        [Published("until18", 0.50, "About 50% stay until 18")],
        lambda df: {"until18": row_value(df, "category", "Until 18")},
        definition="First entries at age 5+ of children who had turned 18 by the base date",
    ),
    spec(
        "fig19",
        "Initial vs current permanence plan (in care over a year)",
        "shift 5",
        fig19_permanence_plans,
        ["case_review"],
        [
            Published("initial_return", 0.28, "Initial plan return to family 28%"),
            Published("current_return", 0.16, "Current plan 16%"),
        ],
        _h_fig19,
        {"group_by": ["plan"], "additive": True},
        optional=("episodes",),
    ),
    spec(
        "fig20",
        "Why reconnection was not supported",
        "shift 5",
        fig20_reconnection,
        ["case_review"],
        [
            Published("more_possible", 0.33, "More could have been done in 33%"),
            Published("top", "JOINED_UP", "Joined-up working and information sharing most common", kind="text"),
        ],
        lambda df: {
            "more_possible": float(df["share"].iloc[0]),
            "top": df[df.panel.str.startswith("Barriers")]["code"].iloc[0]
            if (df.panel.str.startswith("Barriers")).any()
            else None,
        },
        SDC_NOT_ADDITIVE,
    ),
    spec(
        "fig21",
        "Placements in the first year",
        "shift 5",
        fig21_first_year_placements,
        ["episodes"],
        [
            Published("one_placement_stayers", 0.65, "One placement: 65% of those staying over a year"),
            Published("one_placement_leavers", 0.92, "92% of those leaving within a year"),
        ],
        _h_fig21,
        {"group_by": ["group"], "additive": True},
    ),
    spec(
        "s5_first_placement",
        "First placement of 1-15 year olds staying over a year",
        "shift 5",
        s5_first_placement,
        ["episodes", "header"],
        [
            Published("fostering", 0.80, "80% initially fostered"),
            Published("in_house_to_agency", 2.0, "In-house : agency about 2 : 1"),
        ],
        _h_first_placement,
    ),
    spec(
        "s5_reentry",
        "Re-entry to care after returning home",
        "shift 5",
        s5_reentry,
        ["episodes"],
        [
            Published("3m", 0.12, "12% within 3 months (national, Home Again report)"),
            Published("1y", 0.20, "20% within a year"),
            Published("6y", 0.35, "35% within 6 years"),
        ],
        lambda df: {"3m": df["share"].iloc[0], "1y": df["share"].iloc[1], "6y": df["share"].iloc[2]},
        SDC_NOT_ADDITIVE,
    ),
    spec(
        "fig22",
        "Confidence the child could have avoided care, by care setting",
        "impact",
        fig22_confidence_by_setting,
        ["case_review"],
        [
            Published(
                "min_share_settings_10plus",
                0.0,
                "Opportunity across all settings (every setting above 0)",
                kind="min",
            )
        ],
        _h_fig22,
        SDC_NOT_ADDITIVE,
    ),
]
