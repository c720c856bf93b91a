"""System shift 1, parental needs (chapter ``shift1-parents``): figures 1-3 and s1_parental."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config.childdata import MeasureParams
from analysis.evidence.measures.base import (
    SDC_NOT_ADDITIVE,
    Headline,
    MeasureSpec,
    NotComputable,
    Published,
    codes_frame,
    is_yes,
    measure_context,
    shares,
    spec,
)
from analysis.inputs.childdata import contracts as K
from analysis.inputs.childdata.load import ChildData


def _entry_assessments(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)

    def f():
        ent = c.entrants()[["CHILD", "start"]]
        a = data.get("assessments").merge(ent, on="CHILD")
        lo = a["start"] - pd.DateOffset(months=mp.assessment_lookback_months)
        a = a[(a["ASSESSMENT_DATE"] <= a["start"]) & (a["ASSESSMENT_DATE"] >= lo)]
        return a.sort_values(["CHILD", "ASSESSMENT_DATE"]).drop_duplicates("CHILD", keep="last")

    return c.cached("entry_assessments", f)


def fig01_assessment_factors(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    a = _entry_assessments(data, mp)
    if not len(a):
        raise NotComputable("no entrant had an assessment in the months before entry")
    df = codes_frame(
        a["FACTORS"], {k: v for k, v in K.ASSESSMENT_FACTORS.items() if k != "21"}, len(a), top=10, name="factor"
    )
    return df


def s1_parental_need(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    rows = []
    if data.available("assessments") and data.available("episodes"):
        a = _entry_assessments(data, mp)
        par = a["FACTORS"].fillna("").str.split(";").map(lambda L: any(x in K.PARENTAL_FACTORS for x in L))
        rows.append({"source": "Assessment before entry (CIN factors)", "count": int(par.sum()), "base": len(a)})
    if data.available("case_review"):
        cr = data.get("case_review")
        cols = ["PARENT_MENTAL_HEALTH", "PARENT_SUBSTANCE", "PARENT_DOMESTIC_ABUSE"]
        answered = cr[cols].notna().any(axis=1)
        anyp = pd.concat([is_yes(cr[x]) for x in cols], axis=1).any(axis=1)
        rows.append(
            {
                "source": "Case review (adult mental health, substance misuse or domestic abuse)",
                "count": int(anyp[answered].sum()),
                "base": int(answered.sum()),
            }
        )
    if not rows:
        raise NotComputable("needs assessments.csv with episodes.csv, or case_review.csv")
    return shares(pd.DataFrame(rows))


def fig02_primary_need_parental(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = data.get("case_review").dropna(subset=["PRIMARY_NEED"])
    mh, sm = is_yes(cr["PARENT_MENTAL_HEALTH"]), is_yes(cr["PARENT_SUBSTANCE"])
    cat = np.select(
        [mh & sm, mh & ~sm, ~mh & sm], ["Both", "Adult mental health only", "Substance misuse only"], "Neither"
    )
    df = pd.DataFrame({"need": cr["PRIMARY_NEED"].map(K.CIN_CODE), "code": cr["PRIMARY_NEED"], "parental": cat})
    order = ["Adult mental health only", "Substance misuse only", "Both", "Neither"]
    counts = df.groupby(["code", "need", "parental"]).size().rename("count").reset_index()
    full = pd.MultiIndex.from_product([sorted(df["code"].unique()), order], names=["code", "parental"])
    counts = counts.set_index(["code", "parental"]).reindex(full).reset_index()
    counts["need"] = counts["code"].map(K.CIN_CODE)
    counts["count"] = counts["count"].fillna(0).astype(int)
    counts["base"] = counts.groupby("code")["count"].transform("sum")
    counts["parental"] = pd.Categorical(counts["parental"], order, ordered=True)
    counts = counts.sort_values(["base", "code", "parental"], ascending=[False, True, True]).reset_index(drop=True)
    counts["parental"] = counts["parental"].astype(str)
    return shares(counts[["code", "need", "parental", "count", "base"]])


def fig03_parent_services(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = data.get("case_review")
    svc = cr["PARENT_SERVICES"].fillna("").str.split(";")
    rows = []
    pooled_n = pooled_b = 0
    for need, code, label in (
        ("PARENT_MENTAL_HEALTH", "ADULT_MH", "Adult mental health service"),
        ("PARENT_SUBSTANCE", "SUBSTANCE", "Drug and alcohol service"),
        ("PARENT_DOMESTIC_ABUSE", "DOMESTIC_ABUSE", "Domestic abuse service"),
    ):
        has = is_yes(cr[need])
        used = svc.map(lambda L, c=code: c in L) & has
        rows.append(
            {
                "service": label,
                "need": K.TABLES["case_review"].column(need).description,
                "count": int(used.sum()),
                "base": int(has.sum()),
            }
        )
        pooled_n += int(used.sum())
        pooled_b += int(has.sum())
    anyneed = pd.concat(
        [is_yes(cr[c]) for c in ("PARENT_MENTAL_HEALTH", "PARENT_SUBSTANCE", "PARENT_DOMESTIC_ABUSE")], axis=1
    ).any(axis=1)
    rows.append(
        {
            "service": "GP",
            "need": "Any of the three needs",
            "count": int((svc.map(lambda L: "GP" in L) & anyneed).sum()),
            "base": int(anyneed.sum()),
        }
    )
    rows.append(
        {
            "service": "Relevant specialist service (all three needs together)",
            "need": "Each need matched to its service",
            "count": pooled_n,
            "base": pooled_b,
        }
    )
    return shares(pd.DataFrame(rows))


# --------------------------------------------------------------------------------------
# The chapter's measures, in report order (gathered into MEASURES by analysis.evidence.measures.registry)
# --------------------------------------------------------------------------------------


def _h_fig01(df: pd.DataFrame) -> Headline:
    return {"top3": "; ".join(df["factor"].head(3))}


SPECS: list[MeasureSpec] = [
    spec(
        "fig01",
        "Top ten assessment factors before entry",
        "shift 1",
        fig01_assessment_factors,
        ["episodes", "assessments"],
        [
            Published(
                "top3",
                "parental mental health, domestic abuse, drug/alcohol misuse",
                "Mental health, domestic abuse and substance misuse of parents most common",
                kind="text",
            )
        ],
        _h_fig01,
        SDC_NOT_ADDITIVE,
        "Factors of each entrant's latest assessment in the 12 months before entry; share of entrants with one",
    ),
    spec(
        "s1_parental",
        "Parental need present before entry",
        "shift 1",
        s1_parental_need,
        [("assessments", "case_review")],
        [Published("cin", 0.81, "81% had a parental need present")],
        lambda df: {"cin": float(df["share"].iloc[0])},
        SDC_NOT_ADDITIVE,
        "Entrants whose assessment before entry records a factor about a parent or household member "
        "(codes 1-6 with suffix B or C)",
        optional=("episodes",),
    ),
    spec(
        "fig02",
        "Primary need with underlying parental needs",
        "shift 1",
        fig02_primary_need_parental,
        ["case_review"],
        [
            Published(
                "mh_or_sm",
                0.5,
                "For most children, adult mental health and/or substance misuse present",
                kind="min",
            )
        ],
        lambda df: {
            "mh_or_sm": 1 - df.loc[df.parental == "Neither", "count"].sum() / df.drop_duplicates("code")["base"].sum()
        },
        {"group_by": ["code"], "additive": True},
    ),
    spec(
        "fig03",
        "Services parents interacted with before entry",
        "shift 1",
        fig03_parent_services,
        ["case_review"],
        [Published("pooled", 0.5, "Parents interacted with relevant specialist support in about half of cases")],
        lambda df: {"pooled": float(df["share"].iloc[-1])},
        SDC_NOT_ADDITIVE,
    ),
]
