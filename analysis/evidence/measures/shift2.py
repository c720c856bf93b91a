"""System shift 2, trust and consent (chapter ``shift2-trust``): figures 4-9 and s2_ethnicity."""

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
    measure_context,
    row_value,
    shares,
    spec,
)
from analysis.inputs.childdata import contracts as K
from analysis.inputs.childdata.load import ChildData
from analysis.inputs.childdata.lsoa_sample import lsoa_sample


def fig04_enablers(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    e = data.get("case_review")["ENABLERS"]
    return codes_frame(e, K.ENABLER, int(e.notna().sum()), name="enabler")


def fig05_consent_changes(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = data.get("case_review")
    if "CONSENT_CHANGE" not in cr.columns:
        raise NotComputable("case_review.csv has no CONSENT_CHANGE column")
    lacking = cr["ENABLERS"].fillna("").str.split(";").map(lambda L: "CONSENT" in L)
    sub = cr.loc[lacking, "CONSENT_CHANGE"]
    return codes_frame(sub, K.CONSENT_CHANGE, int(sub.notna().sum()), name="change")


def imd_lookup(data: ChildData) -> pd.Series:
    """LSOA21CD -> IMD 2025 decile: the supplied lsoa_imd table, else the packaged sample."""
    pairs = dict(lsoa_sample())
    if data.available("lsoa_imd"):
        lk = data.get("lsoa_imd")
        pairs.update(dict(zip(lk["LSOA21CD"], lk["IMD_DECILE"].astype(int))))
    return pd.Series(pairs, name="IMD_DECILE")


def fig06_deprivation(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    ent = c.entrants()
    lk = imd_lookup(data)
    home = data.get("home_lsoa").drop_duplicates("CHILD").set_index("CHILD")["LSOA21CD"]
    dec = ent["CHILD"].map(home).map(lk)
    pop = data.get("population_imd").groupby("IMD_DECILE")["POPULATION_0_17"].sum()
    years = mp.cohort_years
    counts = dec.dropna().astype(int).value_counts()
    rows = []
    for d in range(1, 11):
        rows.append(
            {"group": f"Decile {d}", "decile": d, "count": int(counts.get(d, 0)), "population": int(pop.get(d, 0))}
        )

    def grp(label, ds):
        return {
            "group": label,
            "decile": None,
            "count": int(sum(counts.get(d, 0) for d in ds)),
            "population": int(sum(pop.get(d, 0) for d in ds)),
        }

    md, ld = mp.deprived_deciles, mp.least_deprived_deciles
    rows.append(grp(f"Most deprived (deciles {md[0]}-{md[-1]})", md))
    rows.append(grp(f"Least deprived (deciles {ld[0]}-{ld[-1]})", ld))
    rows.append(
        {
            "group": "Home LSOA not matched to a decile",
            "decile": None,
            "count": int(dec.isna().sum()),
            "population": None,
        }
    )
    df = pd.DataFrame(rows)
    pop_f = df["population"].astype(float)
    df["rate_per_10k"] = np.where(pop_f > 0, df["count"] / years / pop_f.where(pop_f > 0, 1) * 10_000, np.nan)
    least = df.loc[df["group"].str.startswith("Least"), "rate_per_10k"].iloc[0]
    df["ratio_to_least"] = df["rate_per_10k"] / least if least and least > 0 else np.nan
    df["years"] = years
    return df


def s2_ethnicity(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    ent = c.entrants(shift_years=1)
    eth = ent["CHILD"].map(data.get("header").drop_duplicates("CHILD").set_index("CHILD")["ETHNIC"])
    known = eth.notna() & ~eth.isin(K.UNKNOWN_ETHNIC)
    minority = ~eth.isin(K.WHITE_ETHNIC)
    not_wbri = eth.ne("WBRI")
    short = ent["days"] <= 365
    u12 = ent["age"] < 12
    rows = []
    for label, sel, flag, what in (
        ("Entered under 12, in care a year or less", u12 & short, minority, "ethnic minority (not White)"),
        ("Entered under 12, in care more than a year", u12 & ~short, minority, "ethnic minority (not White)"),
        ("Entered aged 12 or over", ~u12 & ent["age"].notna(), not_wbri, "not White British"),
    ):
        s = sel & known
        rows.append({"group": label, "measure": what, "count": int((flag & s).sum()), "base": int(s.sum())})
    df = shares(pd.DataFrame(rows))
    pop = pd.DataFrame(
        [
            {
                "group": "Child population (params)",
                "measure": "ethnic minority (not White)",
                "count": None,
                "base": None,
                "share": mp.population_minority_share,
            }
        ]
    )
    return pd.concat([df, pop], ignore_index=True)


def _voice(cr: pd.DataFrame) -> pd.DataFrame:
    return cr[cr["VOICE"].notna() & cr["VOICE"].ne("NOT_APPLICABLE")]


def fig07_voice(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = _voice(data.get("case_review"))
    counts = cr["VOICE"].value_counts()
    rows = [
        {"code": k, "voice": v, "count": int(counts.get(k, 0)), "base": len(cr)}
        for k, v in K.VOICE.items()
        if k != "NOT_APPLICABLE"
    ]
    return shares(pd.DataFrame(rows))


def fig08_voice_confidence(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = _voice(data.get("case_review")).dropna(subset=["CONFIDENCE_AVOID"])
    conf = cr["CONFIDENCE_AVOID"].isin(mp.confident_levels)
    rows = []
    for k, v in K.VOICE.items():
        if k == "NOT_APPLICABLE":
            continue
        sel = cr["VOICE"].eq(k)
        rows.append({"code": k, "voice": v, "count": int((conf & sel).sum()), "base": int(sel.sum())})
    return shares(pd.DataFrame(rows))


def fig09_voice_by_phase(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = _voice(data.get("case_review")).dropna(subset=["SCHOOL_PHASE"])
    heard = cr["VOICE"].isin(["CONSISTENT", "PARTIAL"])
    rows = []
    for k, v in K.REVIEW_PHASE.items():
        sel = cr["SCHOOL_PHASE"].eq(k)
        rows.append({"code": k, "phase": v, "count": int((heard & sel).sum()), "base": int(sel.sum())})
    return shares(pd.DataFrame(rows))


# --------------------------------------------------------------------------------------
# The chapter's measures, in report order (gathered into MEASURES by analysis.evidence.measures.registry)
# --------------------------------------------------------------------------------------


def _h_fig06(df: pd.DataFrame) -> Headline:
    return {"ratio": float(df.loc[df["group"].str.startswith("Most"), "ratio_to_least"].iloc[0])}


def _h_fig05(df: pd.DataFrame) -> Headline:
    return {"top3": "; ".join(df["code"].head(3))}


def _h_fig04(df: pd.DataFrame) -> Headline:
    return {"consent": row_value(df, "code", "CONSENT"), "first": df["code"].iloc[0], "second": df["code"].iloc[1]}


SPECS: list[MeasureSpec] = [
    spec(
        "fig04",
        "Biggest enablers of effective support",
        "shift 2",
        fig04_enablers,
        ["case_review"],
        [
            Published("consent", 0.42, "Consent/engagement of parents: 42%, the most common"),
            Published("second", "INFO_SHARING", "Information sharing second", kind="text"),
        ],
        _h_fig04,
        SDC_NOT_ADDITIVE,
    ),
    spec(
        "fig05",
        "What could have differed where consent was lacking",
        "shift 2",
        fig05_consent_changes,
        ["case_review"],
        [
            Published(
                "top3",
                "TRAUMA_INFORMED; EARLIER; MENTAL_LOAD",
                "Awareness/trauma-informed approaches, earlier support, less mental load",
                kind="text",
            )
        ],
        _h_fig05,
        SDC_NOT_ADDITIVE,
    ),
    spec(
        "fig06",
        "Entries per 10,000 children by deprivation decile",
        "shift 2",
        fig06_deprivation,
        ["episodes", "home_lsoa", "population_imd"],
        [Published("ratio", 2.5, "Children in more deprived neighbourhoods enter care at 2.5x the rate")],
        _h_fig06,
        {
            "counts": ("count",),
            "bases": (),
            "shares": {},
            "derived": {"rate_per_10k": "count", "ratio_to_least": "count"},
            "decimals": {"rate_per_10k": 0, "ratio_to_least": 1},
        },
        "Children entering care in the cohort years by the IMD 2025 decile of their home LSOA; rate per "
        "year per 10,000 children aged 0-17 in that decile",
        optional=("lsoa_imd",),
    ),
    spec(
        "s2_ethnicity",
        "Ethnicity of children entering care",
        "shift 2",
        s2_ethnicity,
        ["episodes", "header"],
        [
            Published("u12_short", 0.25, "25% ethnic minority among those in care under a year"),
            Published("population", 0.15, "vs 15% of the 0-17 population"),
            Published("12plus", 0.27, "27% of entrants aged 12+ not White British"),
        ],
        lambda df: {
            "u12_short": df["share"].iloc[0],
            "u12_long": df["share"].iloc[1],
            "12plus": df["share"].iloc[2],
            "population": df["share"].iloc[3],
        },
        SDC_NOT_ADDITIVE,
        "Follow-up cohort; Refused / not obtained excluded",
    ),
    spec(
        "fig07",
        "Voice of the child captured",
        "shift 2",
        fig07_voice,
        ["case_review"],
        [Published("consistent", 1 / 3, "Less than a third consistently", kind="max")],
        lambda df: {"consistent": row_value(df, "code", "CONSISTENT")},
    ),
    spec(
        "fig08",
        "Confidence the child could stay home, by voice captured",
        "shift 2",
        fig08_voice_confidence,
        ["case_review"],
        [
            Published("consistent", 0.5, "Over 50% where the child's wishes were heard", kind="min"),
            Published("not_captured", 0.22, "22% where the voice was not captured"),
        ],
        lambda df: {
            "consistent": row_value(df, "code", "CONSISTENT"),
            "partial": row_value(df, "code", "PARTIAL"),
            "not_captured": row_value(df, "code", "NOT_CAPTURED"),
        },
        SDC_NOT_ADDITIVE,
    ),
    spec(
        "fig09",
        "Voice heard, by school phase",
        "shift 2",
        fig09_voice_by_phase,
        ["case_review"],
        [Published("secondary", 0.88, "88% of secondary-age"), Published("primary", 0.40, "40% of primary-age")],
        lambda df: {"secondary": row_value(df, "code", "SECONDARY"), "primary": row_value(df, "code", "PRIMARY")},
        SDC_NOT_ADDITIVE,
    ),
]
