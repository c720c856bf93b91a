"""What is recorded about each child: sex, ethnicity and UASC status (the header), and school."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.inputs.childdata.synth.calibration import CALIBRATION, YEAR
from analysis.inputs.childdata.synth.context import SynthContext
from analysis.inputs.childdata.synth.draws import fy, pick, pick_g, qbool


def header(ctx: SynthContext, kids: pd.DataFrame, per: pd.DataFrame) -> pd.DataFrame:
    """One row per child: sex, birth day, ethnicity (calibrated by age and length of stay), UASC, LSOA."""
    rng, C = ctx.rng, CALIBRATION
    first = per.groupby("child", sort=True).first()
    age0 = (first["start"] - first["dob"]).to_numpy() / YEAR
    a_all = (per["start"] - per["dob"]) / YEAR
    u12s = ((a_all < 12) & ((per["true_end"] - per["start"]) < 365)).groupby(per["child"]).any()
    u12_short = u12s.reindex(first.index).to_numpy()
    uasc = first["uasc"].to_numpy()
    n = len(first)
    last_fy = fy(per.groupby("child", sort=True)["start"].max().reindex(first.index).to_numpy())
    p_min = np.where(age0 < 12, np.where(u12_short, C["minority_u12_short"], C["minority_u12_long"]), 0.0)
    minority = qbool(rng, n, p_min, last_fy)
    eth = np.empty(n, dtype=object)
    nonwhite = ["MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH"]
    nw_p = [0.12, 0.07, 0.08, 0.10, 0.05, 0.08, 0.04, 0.05, 0.07, 0.12, 0.05, 0.02, 0.15]
    eth[:] = "WBRI"
    k = minority.sum()
    eth[minority] = pick(rng, nonwhite, nw_p, k)
    # under 12s not minority: a few White other/Irish/Traveller
    wo = (~minority) & (age0 < 12) & qbool(rng, n, 0.05)
    eth[wo] = pick(rng, ["WOTH", "WIRI", "WROM", "WIRT"], [0.6, 0.15, 0.15, 0.1], wo.sum())
    older = (age0 >= 12) & ~uasc
    nb = qbool(rng, n, np.where(older, C["not_wbri_12plus_non_uasc"], 0), last_fy)
    eth[nb] = pick(rng, nonwhite + ["WOTH", "WIRI", "WROM"], nw_p + [0.45, 0.05, 0.05], nb.sum())
    eth[uasc] = pick(rng, ["AOTH", "BAFR", "OOTH", "BOTH", "WOTH"], [0.35, 0.30, 0.25, 0.05, 0.05], uasc.sum())
    ref = qbool(rng, n, 0.01)
    eth[ref] = "NOBT"
    kid = kids.set_index("child").loc[first.index]
    dob = first["dob"].to_numpy()
    return pd.DataFrame(
        {
            "child": first.index.to_numpy(),
            "SEX": kid["sex"].to_numpy(),
            "dob": dob,
            "ETHNIC": eth,
            "UASC": uasc,
            "lsoa": kid["lsoa"].to_numpy(),
        }
    )


def school(ctx: SynthContext, ent: pd.DataFrame) -> pd.DataFrame:
    """Attendance, SEN and phase before entry for school-age (5-17) entrants who are not UASC."""
    rng, C = ctx.rng, CALIBRATION
    age = (ent["start"].to_numpy() - ent["dob"].to_numpy()) / YEAR
    sel = (age >= 5) & (age < 18) & ~ent["uasc"].to_numpy()
    e = ent[sel].drop_duplicates("child")
    a = (e["start"].to_numpy() - e["dob"].to_numpy()) / YEAR
    n = len(e)
    phase = np.where(a < 11, "PRI", np.where(a < 16, "SEC", "P16"))
    p_ok = np.select(
        [phase == "PRI", phase == "SEC"],
        [C["attend_ok"]["primary"], C["attend_ok"]["secondary"]],
        C["attend_ok"]["post16"],
    )
    fys = fy(e["start"].to_numpy())
    ok = qbool(rng, n, p_ok, fys)
    att = np.where(ok, 100 - 40 * rng.beta(1.2, 3.0, n), 5 + 55 * rng.beta(2.5, 1.5, n))
    att = np.clip(np.round(att, 1), 0, 100)
    att = np.where(ok, np.maximum(att, 60.0), np.minimum(att, 59.9))
    sen = pick_g(rng, ["K", "E", "N"], [C["sen_k"], C["sen_e"], 1 - C["sen_k"] - C["sen_e"]], fys).astype(str)
    phase = np.where((sen == "E") & qbool(rng, n, 0.2), "SPE", phase)
    date = e["start"].to_numpy() - rng.integers(20, 120, size=n)
    return pd.DataFrame({"child": e["child"].to_numpy(), "t": date, "ATTENDANCE": att, "SEN": sen, "PHASE": phase})
