"""System shift 2, trust and consent (chapter ``shift2-trust``): figures 4-9 and s2_ethnicity."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config.childdata import MeasureParams
from analysis.evidence.measures.base import (
    NotComputable,
    codes_frame,
    measure_context,
    shares,
)
from analysis.inputs.childdata import contracts as K
from analysis.inputs.childdata.load import ChildData
from analysis.inputs.childdata.lsoa_sample import lsoa_sample


def fig04_enablers(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    e = data.case_review["ENABLERS"]
    return codes_frame(e, K.ENABLER, int(e.notna().sum()), name="enabler")


def fig05_consent_changes(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = data.case_review
    if "CONSENT_CHANGE" not in cr.columns:
        raise NotComputable("case_review.csv has no CONSENT_CHANGE column")
    lacking = cr["ENABLERS"].fillna("").str.split(";").map(lambda L: "CONSENT" in L)
    sub = cr.loc[lacking, "CONSENT_CHANGE"]
    return codes_frame(sub, K.CONSENT_CHANGE, int(sub.notna().sum()), name="change")


def imd_lookup(data: ChildData) -> pd.Series:
    """LSOA21CD -> IMD 2025 decile: the supplied lsoa_imd table, else the packaged sample."""
    pairs = dict(lsoa_sample())
    if data.available("lsoa_imd"):
        pairs.update(dict(zip(data.lsoa_imd["LSOA21CD"], data.lsoa_imd["IMD_DECILE"].astype(int))))
    return pd.Series(pairs, name="IMD_DECILE")


def fig06_deprivation(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    ent = c.entrants()
    lk = imd_lookup(data)
    home = data.home_lsoa.drop_duplicates("CHILD").set_index("CHILD")["LSOA21CD"]
    dec = ent["CHILD"].map(home).map(lk)
    pop = data.population_imd.groupby("IMD_DECILE")["POPULATION_0_17"].sum()
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
    eth = ent["CHILD"].map(data.header.drop_duplicates("CHILD").set_index("CHILD")["ETHNIC"])
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
    cr = _voice(data.case_review)
    counts = cr["VOICE"].value_counts()
    rows = [
        {"code": k, "voice": v, "count": int(counts.get(k, 0)), "base": len(cr)}
        for k, v in K.VOICE.items()
        if k != "NOT_APPLICABLE"
    ]
    return shares(pd.DataFrame(rows))


def fig08_voice_confidence(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = _voice(data.case_review).dropna(subset=["CONFIDENCE_AVOID"])
    conf = cr["CONFIDENCE_AVOID"].isin(mp.confident_levels)
    rows = []
    for k, v in K.VOICE.items():
        if k == "NOT_APPLICABLE":
            continue
        sel = cr["VOICE"].eq(k)
        rows.append({"code": k, "voice": v, "count": int((conf & sel).sum()), "base": int(sel.sum())})
    return shares(pd.DataFrame(rows))


def fig09_voice_by_phase(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = _voice(data.case_review).dropna(subset=["SCHOOL_PHASE"])
    heard = cr["VOICE"].isin(["CONSISTENT", "PARTIAL"])
    rows = []
    for k, v in K.REVIEW_PHASE.items():
        sel = cr["SCHOOL_PHASE"].eq(k)
        rows.append({"code": k, "phase": v, "count": int((heard & sel).sum()), "base": int(sel.sum())})
    return shares(pd.DataFrame(rows))
