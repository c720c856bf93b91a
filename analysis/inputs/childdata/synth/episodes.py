"""Episodes of care: placements, legal statuses and moves within each period, with weekly costs.

:data:`PLACEMENT_GROUP` (placement code to placement group) is shared with the case-review
table, whose care setting is the group of a child's last placement.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.inputs.childdata.synth.calibration import CALIBRATION, YEAR
from analysis.inputs.childdata.synth.context import SynthContext
from analysis.inputs.childdata.synth.draws import band, fy, pick, pick1, pick_g, qbool

#: Weekly cost of a placement by group, in ``end_year`` prices.
_WEEKLY = {
    "Fostering (in-house)": 480.0,
    "Fostering (agency)": 950.0,
    "Kinship fostering": 320.0,
    "Residential": 4900.0,
    "Secure": 7500.0,
    "Supported accommodation": 1600.0,
    "Placed with parents": 150.0,
    "Placed for adoption": 300.0,
    "Other": 1200.0,
}
#: Placement code (PLACE) to placement group.
PLACEMENT_GROUP = {
    **{p: "Fostering" for p in ("U4", "U5", "U6")},
    **{p: "Kinship fostering" for p in ("U1", "U2", "U3")},
    "K2": "Residential",
    "R1": "Residential",
    "S1": "Residential",
    "P3": "Residential",
    "H5": "Supported accommodation",
    "P2": "Supported accommodation",
    "K3": "Supported accommodation",
    "K1": "Secure",
    "P1": "Placed with parents",
    "A4": "Placed for adoption",
    "A3": "Placed for adoption",
    "A5": "Placed for adoption",
    "A6": "Placed for adoption",
    "R3": "Other",
    "Z1": "Other",
    "R2": "Other",
}

_RPC = ["CARPL", "CREQB", "CREQO", "STAND", "CHILD", "LAREQ", "ALLEG", "OTHER"]
_RPC_P = [0.38, 0.17, 0.12, 0.05, 0.08, 0.1, 0.03, 0.07]


def episodes(ctx: SynthContext, per: pd.DataFrame) -> pd.DataFrame:
    """The episodes of every period of care (one row each), with a weekly cost at the episode's start."""
    rng, C = ctx.rng, CALIBRATION
    n = len(per)
    start = per["start"].to_numpy()
    dob = per["dob"].to_numpy()
    tend = per["true_end"].to_numpy()
    age0 = (start - dob) / YEAR
    uasc = per["uasc"].to_numpy()
    short = (tend - start) < 365
    # first placement
    place0, prov0 = _first_placement(ctx, age0, uasc, start)
    # legal status at start
    ls0 = np.where(uasc, "V2", pick(rng, ["C1", "V2", "L1", "L2", "J1"], [0.47, 0.40, 0.05, 0.06, 0.02], n))
    ls0 = np.where((ls0 == "J1") & (age0 < 10), "V2", ls0)
    cin = np.where(
        uasc,
        "N8",
        pick(
            rng, ["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"], [0.62, 0.03, 0.04, 0.09, 0.11, 0.03, 0.005, 0.075], n
        ),
    )
    # moves in first year
    ms = C["moves_first_year_stayers"]
    ml = C["moves_first_year_leavers"]
    fy0 = fy(start)
    m1 = np.zeros(n, dtype=int)
    m1[short] = pick_g(rng, list(range(len(ml))), ml, fy0[short]).astype(int)
    m1[~short] = pick_g(rng, list(range(len(ms))), ms, fy0[~short]).astype(int)
    res = []
    adopt = per["adopt"].to_numpy(dtype=bool)
    recs = per["rec"].to_numpy(dtype=object)
    r_u = rng.random((n, 12))
    r_n = rng.normal(size=n)
    for i in range(n):
        s, e = int(start[i]), int(tend[i])
        events: dict[int, list] = {}
        fy_end = min(e, s + 365)
        k1 = int(m1[i])
        if k1 and fy_end - s > 2:
            for t in rng.integers(s + 1, fy_end, size=k1):
                events.setdefault(int(t), []).append("move")
        if e - s > 365:
            k2 = rng.poisson(C["moves_per_year_after"] * (e - s - 365) / 365)
            for t in rng.integers(s + 365, e, size=k2) if e - s - 365 > 1 else []:
                events.setdefault(int(t), []).append("move")
            # move to supported accommodation at 16-17 for some long stayers
            t16 = int(dob[i] + 16.5 * YEAR + r_u[i, 0] * 365)
            if s < t16 < e - 30 and r_u[i, 1] < 0.35:
                events.setdefault(t16, []).append("supported")
        ls = ls0[i]
        if ls in ("L1", "L2"):
            t = s + 2 + int(r_u[i, 2] * 8)
            if t < e:
                events.setdefault(t, []).append("legal")
        if ls in ("C1", "L1", "L2") or (ls == "V2" and not uasc[i] and r_u[i, 3] < 0.25):
            t = s + 90 + int(r_u[i, 4] * 300)
            if t < e:
                events.setdefault(t, []).append("co")
        if adopt[i]:
            t = max(s + 60, e - 150 - int(r_u[i, 5] * 120))
            if t < e:
                events.setdefault(t, []).append("adopt")
        times = sorted(t for t in events if s < t < e)
        place, prov, cur_ls = place0[i], prov0[i], ls
        cost_mult = np.exp(r_n[i] * (0.20 if PLACEMENT_GROUP.get(place) == "Residential" else 0.15))
        eps = []
        seg_start = s
        rne = "S"
        rpc = None
        for t in times:
            eps.append((seg_start, t, rne, cur_ls, place, prov, "X1", rpc))
            kinds = events[t]
            new_place = any(k in ("move", "supported", "adopt") for k in kinds)
            new_ls = any(k in ("legal", "co", "adopt") for k in kinds)
            age_t = (t - dob[i]) / YEAR
            if "adopt" in kinds:
                place, prov = ("A4", "PR1") if r_u[i, 6] < 0.8 else ("A3", "PR1")
                cur_ls = "E1"
            elif "supported" in kinds:
                place, prov = ("H5", "PR4") if r_u[i, 7] < 0.8 else ("P2", "PR1")
            elif "move" in kinds:
                place, prov = _next_placement(place, age_t, r_u[i, 8:11])
            if "legal" in kinds and "adopt" not in kinds:
                cur_ls = "C1" if r_u[i, 11] < 0.6 else "V2"
            if "co" in kinds and "adopt" not in kinds:
                cur_ls = "C2"
            rne = "B" if new_place and new_ls else ("P" if new_place else "L")
            rpc = pick1(rng, _RPC, _RPC_P) if new_place else None
            seg_start = t
        eps.append((seg_start, e, rne, cur_ls, place, prov, recs[i], rpc))
        for seg in eps:
            res.append((i, *seg, cost_mult))
    ep = pd.DataFrame(
        res,
        columns=["per", "DECOM", "DEC", "RNE", "LS", "PLACE", "PLACE_PROVIDER", "REC", "REASON_PLACE_CHANGE", "mult"],
    )
    ep["child"] = per["child"].to_numpy()[ep["per"].to_numpy()]
    ep["CIN"] = cin[ep["per"].to_numpy()]
    # open episodes (last of an open period; also any episode starting after the end date is cut)
    ep = ep[ep["DECOM"] <= ctx.end].copy()
    open_ = ep["DEC"] > ctx.end
    ep.loc[open_, "DEC"] = np.nan
    ep.loc[open_, "REC"] = None
    ep["DEC"] = ep["DEC"].astype(float)
    # weekly cost at episode start in that year's prices
    grp = pd.Series(ep["PLACE"].map(PLACEMENT_GROUP).fillna("Other"))
    fost = grp == "Fostering"
    grp[fost] = np.where(
        ep.loc[fost, "PLACE_PROVIDER"].isin(["PR1", "PR2"]), "Fostering (in-house)", "Fostering (agency)"
    )
    weekly = grp.map(_WEEKLY).to_numpy(dtype=float)
    ystart = fy(ep["DECOM"].to_numpy())
    weekly = weekly * (1 + C["price_growth_new"]) ** (ystart - ctx.p.end_year) * ep["mult"].to_numpy()
    ep["WEEKLY_COST"] = np.round(weekly, 2)
    return ep.drop(columns=["mult"])


def _first_placement(ctx: SynthContext, age, uasc, start):
    """First placement of each period, by quota within (age band, entry year)."""
    rng = ctx.rng
    n = len(age)
    b = np.where(uasc, 5, band(age))
    fys = fy(start)
    place = np.empty(n, dtype=object)
    prov = np.empty(n, dtype=object)
    for key in np.unique(b * 10_000 + fys):
        bnd, year = divmod(int(key), 10_000)
        idx = np.flatnonzero((b == bnd) & (fys == year))
        year_shift = float(np.clip((year - 2016) * 0.006, -0.05, 0.06))  # slowly more residential
        opts: tuple[tuple[str, str, float], ...]
        if bnd == 5:
            opts = (("H5", "PR4", 0.45), ("U6", "PR4", 0.30), ("U6", "PR1", 0.13), ("K2", "PR4", 0.12))
        elif bnd == 0:
            opts = (
                ("U6", "PR1", 0.48),
                ("U6", "PR4", 0.20),
                ("U3", "PR1", 0.14),
                ("U5", "PR1", 0.05),
                ("R3", "PR4", 0.09),
                ("P1", "PR0", 0.04),
            )
        elif bnd <= 2:
            opts = (
                ("U6", "PR1", 0.44),
                ("U6", "PR4", 0.28),
                ("U3", "PR1", 0.15),
                ("P1", "PR0", 0.04),
                ("K2", "PR4", 0.03 + year_shift / 2),
                ("Z1", "PR1", 0.03),
            )
        elif bnd == 3:
            opts = (
                ("U6", "PR1", 0.39),
                ("U6", "PR4", 0.26),
                ("U3", "PR1", 0.13),
                ("K2", "PR4", 0.10 + year_shift),
                ("K2", "PR1", 0.02),
                ("P1", "PR0", 0.03),
                ("K1", "PR3", 0.01),
                ("Z1", "PR1", 0.03),
            )
        else:
            opts = (
                ("U6", "PR1", 0.25),
                ("U6", "PR4", 0.14),
                ("U3", "PR1", 0.06),
                ("H5", "PR4", 0.30),
                ("K2", "PR4", 0.13),
                ("P2", "PR1", 0.07),
                ("P1", "PR0", 0.05),
            )
        k = pick(rng, list(range(len(opts))), [o[2] for o in opts], len(idx)).astype(int)
        place[idx] = [opts[j][0] for j in k]
        prov[idx] = [opts[j][1] for j in k]
    long_term = (place == "U6") & qbool(rng, n, 0.12)
    place[long_term] = "U4"
    return place, prov


def _next_placement(place, age, u):
    """The placement after a move from ``place`` at ``age`` (years), from uniform draws ``u``."""
    g = PLACEMENT_GROUP.get(place, "Other")
    if g in ("Fostering", "Kinship fostering", "Placed with parents", "Other", "Placed for adoption"):
        pres = 0.04 + (0.05 if age >= 10 else 0)
        if u[0] < pres:
            return ("K2", "PR4") if u[1] < 0.9 else ("K2", "PR1")
        if age >= 16 and u[0] < pres + 0.25:
            return ("H5", "PR4")
        if u[0] > 0.97:
            return ("P1", "PR0")
        return ("U6", "PR1") if u[1] < 0.62 else (("U6", "PR4") if u[1] < 0.92 else ("U3", "PR1"))
    if g == "Residential":
        if u[0] < 0.55:
            return ("K2", "PR4")
        if u[0] < 0.60:
            return ("K1", "PR3")
        if age >= 16 and u[0] < 0.8:
            return ("H5", "PR4")
        return ("U6", "PR4") if u[1] < 0.6 else ("U6", "PR1")
    if g == "Secure":
        return ("K2", "PR4")
    return ("H5", "PR4") if u[0] < 0.7 else ("P2", "PR1")
