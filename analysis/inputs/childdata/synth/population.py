"""Who enters care and when they leave: neighbourhoods, entrants, and their periods of care.

A period of care runs from entry to leaving; children who return home may re-enter
(up to three periods each), at the calibrated re-entry rates.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.inputs.childdata.lsoa_sample import lsoa_sample
from analysis.inputs.childdata.synth.calibration import CALIBRATION, EPOCH, YEAR
from analysis.inputs.childdata.synth.context import SynthContext
from analysis.inputs.childdata.synth.draws import band, fy, pick, pick_g, qbool


class Areas(NamedTuple):
    """The council's neighbourhoods: LSOA codes, IMD deciles and child populations (aligned arrays)."""

    codes: np.ndarray
    dec: np.ndarray
    pop: np.ndarray
    population_imd: pd.DataFrame  # children aged 0-17 by IMD decile (the ``population_imd`` table)


def areas(ctx: SynthContext) -> Areas:
    """Spread the council's children over the packaged LSOA sample."""
    rng = ctx.rng
    pairs = lsoa_sample()
    codes = np.array([c for c, _ in pairs], dtype=object)
    dec = np.array([d for _, d in pairs])
    w = rng.gamma(20.0, 1.0, size=len(codes))
    pop = np.floor(w / w.sum() * ctx.p.population_0_17).astype(int)
    pop[np.argmax(pop)] += ctx.p.population_0_17 - pop.sum()
    popd = pd.DataFrame({"IMD_DECILE": dec, "POPULATION_0_17": pop}).groupby("IMD_DECILE", as_index=False).sum()
    return Areas(codes, dec, pop, popd)


def entrants(ctx: SynthContext, ar: Areas) -> pd.DataFrame:
    """One row per child entering care: first entry day, birth day, UASC, sex and home LSOA (index)."""
    rng, C, p = ctx.rng, CALIBRATION, ctx.p
    years = np.arange(p.history_start_year, p.end_year + 1)
    # whole numbers on the growth path (not Poisson draws), so that the trend is not swamped by noise
    n_year = np.round(p.n_entrants_per_year * (1 + C["entry_growth"]) ** (years - p.end_year)).astype(int)
    starts = []
    uasc_by_year = []
    for y, n in zip(years, n_year):
        y0 = int((np.datetime64(f"{y - 1}-04-01") - EPOCH).astype(int))
        starts.append(np.sort(rng.integers(y0, y0 + 365, size=n)))
        pu = C["uasc_per_year_from_2022"] if y >= 2022 else C["uasc_per_year_before_2022"]
        uasc_by_year.append(qbool(rng, n, pu))
    start = np.concatenate(starts)
    uasc = np.concatenate(uasc_by_year)
    n = len(start)
    bands = rng.choice(5, size=n, p=np.array(list(C["age_band_p"].values())))
    lo = np.array([0, 1, 5, 11, 16])[bands] * YEAR
    hi = np.array([1, 5, 11, 16, 18])[bands] * YEAR - 1
    age = rng.uniform(lo, hi)
    newborn = (bands == 0) & qbool(rng, n, 0.4)
    age[newborn] = rng.uniform(0, 8, size=newborn.sum())
    # UASC: mostly 15-17
    age[uasc] = rng.uniform(13.5 * YEAR, 17.9 * YEAR, size=uasc.sum())
    age = np.floor(age).astype(int)
    dob = start - age
    sex = np.where(uasc, np.where(qbool(rng, n, 0.93), "1", "2"), np.where(qbool(rng, n, 0.54), "1", "2"))
    # home neighbourhood: population x deprivation gradient
    m = np.exp(C["deprivation_log_slope"] * (5.5 - ar.dec))
    w = ar.pop * m
    lsoa = rng.choice(len(w), size=n, p=w / w.sum())
    return pd.DataFrame({"child": np.arange(n), "start": start, "dob": dob, "uasc": uasc, "sex": sex, "lsoa": lsoa})


def periods(ctx: SynthContext, kids: pd.DataFrame) -> pd.DataFrame:
    """All periods of care (first entries and re-entries), with end date and reason."""
    rng, C = ctx.rng, CALIBRATION
    gens = []
    cur = kids[["child", "start", "dob", "uasc"]].copy()
    cur["reentry"] = False
    for _ in range(3):
        if not len(cur):
            break
        per = _period_outcomes(ctx, cur)
        gens.append(per)
        home = per[per["rec"].isin(["E4A", "E4B"]) & per["end"].notna()]
        c3, c12, c72 = C["reentry_cum"]
        cat = pick_g(rng, [0, 1, 2, 3], [c3, c12 - c3, c72 - c12, 1 - c72], fy(home["end"].to_numpy())).astype(int)
        gap = np.full(len(home), np.nan)
        a, b, d = cat == 0, cat == 1, cat == 2
        gap[a] = rng.uniform(1, 91, a.sum())
        gap[b] = rng.uniform(91, 365, b.sum())
        gap[d] = rng.uniform(365, 6 * 365, d.sum())
        nxt = home.assign(start=home["end"].to_numpy() + np.nan_to_num(gap, nan=0).astype(int))
        keep = (
            ~np.isnan(gap)
            & (nxt["start"].to_numpy() <= ctx.end)
            & (nxt["start"].to_numpy() - nxt["dob"].to_numpy() < 18 * YEAR - 30)
        )
        cur = nxt.loc[keep, ["child", "start", "dob", "uasc"]].copy()
        cur["reentry"] = True
    per = pd.concat(gens, ignore_index=True).sort_values(["child", "start"], kind="mergesort")
    return per.reset_index(drop=True)


def _period_outcomes(ctx: SynthContext, cur: pd.DataFrame) -> pd.DataFrame:
    rng, C = ctx.rng, CALIBRATION
    n = len(cur)
    start = cur["start"].to_numpy()
    dob = cur["dob"].to_numpy()
    uasc = cur["uasc"].to_numpy()
    age = (start - dob) / YEAR
    bands = band(age)
    to18 = dob + np.floor(18 * YEAR).astype(int) - start  # days until 18th birthday
    to18 = np.maximum(to18, 1)
    p_short = np.array(list(C["p_short"].values()))[bands]
    short = qbool(rng, n, np.where(uasc, 0.0, p_short))
    until18 = ~short & (qbool(rng, n, np.array(list(C["p_until18_long"].values()))[bands]) | uasc)
    dur = np.zeros(n)
    rec = np.empty(n, dtype=object)
    # short stays: mostly home, some family/friends orders
    dur[short] = np.minimum(rng.exponential(110, short.sum()) + 1, 364)
    rs = pick(
        rng, ["E4A", "E4B", "E13", "E46", "E48", "E8", "E3"], [0.62, 0.10, 0.06, 0.08, 0.05, 0.05, 0.04], short.sum()
    )
    rec[short] = rs
    # long stays not until 18
    other = ~short & ~until18
    k = other.sum()
    young = bands[other] <= 1
    kind = np.where(
        young,
        pick(rng, ["ADOPT", "SGO", "HOME"], [0.50, 0.27, 0.23], k),
        pick(rng, ["SGO", "HOME", "OTHER"], [0.35, 0.50, 0.15], k),
    )
    mean_other = np.where(bands[other] >= 3, 1.5, 2.6) * YEAR
    d_other = np.where(kind == "ADOPT", rng.uniform(1.0, 2.2, k) * YEAR, 365 + rng.exponential(mean_other))
    dur[other] = d_other
    rec_o = np.empty(k, dtype=object)
    rec_o[kind == "ADOPT"] = pick(rng, ["E11", "E12"], [0.55, 0.45], (kind == "ADOPT").sum())
    rec_o[kind == "SGO"] = pick(rng, ["E45", "E46", "E47", "E48"], [0.45, 0.40, 0.05, 0.10], (kind == "SGO").sum())
    rec_o[kind == "HOME"] = pick(rng, ["E4A", "E4B", "E13"], [0.80, 0.10, 0.10], (kind == "HOME").sum())
    rec_o[kind == "OTHER"] = pick(rng, ["E8", "E3", "E9", "E16"], [0.5, 0.3, 0.1, 0.1], (kind == "OTHER").sum())
    rec[other] = rec_o
    # until 18 (and anyone whose drawn end passes 18)
    dur[until18] = to18[until18]
    dur = np.floor(dur).astype(int)
    over = dur >= to18
    dur = np.where(over, to18, dur)
    at18 = until18 | over
    rec[at18] = pick(rng, ["E17", "E5", "E6", "E8"], [0.30, 0.45, 0.15, 0.10], at18.sum())
    end = start + dur
    is_open = end > ctx.end
    out = cur.copy()
    out["end"] = np.where(is_open, np.nan, end.astype(float))
    out["rec"] = np.where(is_open, None, rec)  # type: ignore[call-overload]  # (numpy's stubs refuse a None scalar)
    out["true_end"] = end
    out["adopt"] = False
    out.loc[out.index[other], "adopt"] = kind == "ADOPT"
    return out
