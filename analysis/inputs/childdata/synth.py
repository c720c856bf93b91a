"""A seeded generator of realistic, entirely synthetic child-level data for one council.

No real child's record was used or is reproduced: every identifier, date and code
is drawn from the probabilities below, which are set so that each measure in
``FIGURES.md`` computed on the result lands near the report's published value
(see ``CALIBRATION``).  The same seed always gives byte-identical CSV files.

Identifiers look real but cannot be: CHILD ids are 7-digit numbers, UPNs use the
non-existent local-authority number 999, and home postcodes use a ``Q`` postcode
area (no UK postcode area starts with Q).  With ``canary=True`` they become
distinctive strings (CHILD ``ZQX`` + digits, UPN ``ZQX`` + digits, postcodes
``ZQ..  .ZQ``) that a leak test can search for in rendered output; see
:func:`canary_strings`.

Home LSOAs are real LSOA 2021 codes from a small packaged sample
(:mod:`analysis.inputs.childdata.lsoa_sample`) so that the public data folder is not
needed.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.inputs.childdata.lsoa_sample import lsoa_sample
from analysis.config.childdata import ChildDataParams

EPOCH = np.datetime64("1970-01-01", "D")
YEAR = 365.25

#: Every probability the generator uses that is tuned to a published figure.
CALIBRATION = {
    # entries
    "entry_growth": 0.029,               # yearly growth of entries (CLA +29% 2016-2025 with durations below)
    "age_band_p": {"<1": 0.20, "1-4": 0.15, "5-10": 0.24, "11-15": 0.31, "16-17": 0.10},
    "uasc_per_year_before_2022": 0.03,   # share of entries who are UASC, before and after 2021-22
    "uasc_per_year_from_2022": 0.09,
    # leaving within a year (report: over 80% stay more than a year)
    "p_short": {"<1": 0.10, "1-4": 0.13, "5-10": 0.07, "11-15": 0.17, "16-17": 0.20},
    # staying until 18 among long stayers (report: about half of entrants over 5 stay until 18)
    "p_until18_long": {"<1": 0.04, "1-4": 0.08, "5-10": 0.80, "11-15": 0.04, "16-17": 1.0},
    # re-entry after return home (Home Again report: 12% / 20% / 35% at 3 months / 1 year / 6 years)
    "reentry_cum": (0.12, 0.21, 0.45),
    # first-year placement moves (report: one placement for 65% of stayers, 92% of leavers)
    "moves_first_year_stayers": (0.72, 0.18, 0.07, 0.03),
    "moves_first_year_leavers": (0.92, 0.07, 0.01),
    "moves_per_year_after": 0.22,
    # ethnicity (report: 25% minority among under-12s leaving within a year vs 15% population;
    # 27% not White British among entrants aged 12+)
    "minority_u12_short": 0.25, "minority_u12_long": 0.155, "not_wbri_12plus_non_uasc": 0.09,
    # deprivation gradient: entry-rate multiplier per decile step (most vs least deprived fifth ~2.5x)
    "deprivation_log_slope": 0.1145,
    # weekly costs (2024-25 prices) and price growth of new placements
    "price_growth_new": 0.06,
    # pre-entry plans in the 6 months before entry (report: 39% none; 35% CP only; ~26% EH/CIN)
    "plan_groups": {"NONE": 0.345, "CP_ONLY": 0.37, "EH_ONLY": 0.075, "CIN_ONLY": 0.085, "EH_CP": 0.035,
                    "CIN_CP": 0.065, "EH_CIN": 0.025},     # non-UASC entrants; UASC have no plan
    "cp_open_lt6m": 0.60,
    "none_single_contact": 0.53, "none_penultimate_6m_plus": 0.37,
    # school (report: 80% of school-age entrants attend 3+ days a week, 92% primary; SEN 1 in 3, 1:2)
    "attend_ok": {"primary": 0.93, "secondary": 0.71, "post16": 0.62},
    "sen_k": 0.11, "sen_e": 0.22,
    # parental factors at the assessment before entry (report: 81% parental need present)
    "parental_need": 0.88,
}

_BANDS = ("<1", "1-4", "5-10", "11-15", "16-17")

_WEEKLY = {"Fostering (in-house)": 480.0, "Fostering (agency)": 950.0, "Kinship fostering": 320.0,
           "Residential": 4900.0, "Secure": 7500.0, "Supported accommodation": 1600.0,
           "Placed with parents": 150.0, "Placed for adoption": 300.0, "Other": 1200.0}
_GROUP_OF = {**{p: "Fostering" for p in ("U4", "U5", "U6")}, **{p: "Kinship fostering" for p in ("U1", "U2", "U3")},
             "K2": "Residential", "R1": "Residential", "S1": "Residential", "P3": "Residential",
             "H5": "Supported accommodation", "P2": "Supported accommodation", "K3": "Supported accommodation",
             "K1": "Secure", "P1": "Placed with parents", "A4": "Placed for adoption", "A3": "Placed for adoption",
             "A5": "Placed for adoption", "A6": "Placed for adoption", "R3": "Other", "Z1": "Other", "R2": "Other"}


def _band(age_years: np.ndarray) -> np.ndarray:
    return np.select([age_years < 1, age_years < 5, age_years < 11, age_years < 16], [0, 1, 2, 3], 4)


def _pick(rng, options, p, size):
    """``size`` draws from ``options`` with probabilities ``p`` by quota sampling.

    Each option appears exactly floor(p * size) times plus a random share of the
    remainder, in random order: the marginal shares are then the calibrated ones, not
    the calibrated ones plus sampling noise (what a demonstration dataset needs).
    """
    p = np.asarray(p, dtype=float)
    p = p / p.sum()
    size = int(size)
    opts = np.asarray(options, dtype=object)
    if size == 0:
        return opts[:0]
    exact = p * size
    counts = np.floor(exact).astype(int)
    rest = size - counts.sum()
    if rest:
        frac = exact - counts
        extra = rng.choice(len(p), size=rest, replace=False, p=frac / frac.sum()) if frac.sum() > 0 else \
            rng.choice(len(p), size=rest, replace=True, p=p)
        np.add.at(counts, extra, 1)
    return rng.permutation(np.repeat(opts, counts))


def _qbool(rng, n, p, groups=None) -> np.ndarray:
    """``n`` booleans, True with probability ``p`` (scalar or per-element), by quota within
    each set of elements sharing a probability (and a group, e.g. an entry year)."""
    n = int(n)
    p = np.broadcast_to(np.asarray(p, dtype=float), (n,))
    g = np.zeros(n, dtype=np.int64) if groups is None else np.asarray(groups, dtype=np.int64)
    out = np.zeros(n, dtype=bool)
    for gv in np.unique(g):
        ing = g == gv
        for val in np.unique(p[ing]):
            idx = np.flatnonzero(ing & (p == val))
            out[idx] = _pick(rng, [True, False], [val, 1 - val], len(idx)).astype(bool) if 0 < val < 1 else val >= 1
    return out


def _pick_g(rng, options, p, groups):
    """:func:`_pick` by quota within each group (e.g. each entry year)."""
    groups = np.asarray(groups)
    out = np.empty(len(groups), dtype=object)
    for gv in np.unique(groups):
        idx = np.flatnonzero(groups == gv)
        out[idx] = _pick(rng, options, p, len(idx))
    return out


_CUM: dict = {}


def _pick1(rng, options, p):
    """One draw (fast path for loops)."""
    key = (tuple(options), tuple(p))
    cum = _CUM.get(key)
    if cum is None:
        w = np.asarray(p, dtype=float)
        cum = _CUM[key] = np.cumsum(w / w.sum())
    i = int(np.searchsorted(cum, rng.random(), side="right"))
    return options[min(i, len(options) - 1)]


def _upn_check(body12: str) -> str:
    letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
    total = sum(int(ch) * w for ch, w in zip(body12, range(2, 14)))
    return letters[total % 23]


# --------------------------------------------------------------------------------------
# The generator
# --------------------------------------------------------------------------------------

def generate(seed: int = 2026, *, canary: bool = False, params: ChildDataParams | None = None,
             **size) -> dict[str, pd.DataFrame]:
    """Synthetic child-level tables for one council, keyed by table name.

    ``size`` overrides fields of :class:`ChildDataParams` (``population_0_17``,
    ``n_entrants_per_year``, ``n_case_reviews``, ``end_year``, ``history_start_year``,
    ``history_keep_from``, ``cin_start_year``).
    """
    base = (params or ChildDataParams()).model_dump()
    unknown = set(size) - set(base)
    if unknown:
        raise TypeError(f"unknown size arguments: {sorted(unknown)}")
    base.update(size)
    p = ChildDataParams(**base)
    return _Generator(int(seed), p, canary).run()


class _Generator:
    def __init__(self, seed: int, p: ChildDataParams, canary: bool):
        self.rng = np.random.default_rng(np.random.SeedSequence(seed))
        self.p = p
        self.canary = canary
        self.end = int((np.datetime64(f"{p.end_year}-03-31") - EPOCH).astype(int))
        self.hist_start = int((np.datetime64(f"{p.history_start_year - 1}-04-01") - EPOCH).astype(int))
        self.keep_from = int((np.datetime64(f"{p.history_keep_from - 1}-04-01") - EPOCH).astype(int))
        self.cin_start = int((np.datetime64(f"{p.cin_start_year - 1}-04-01") - EPOCH).astype(int))

    # ---------------------------------------------------------------- areas
    def areas(self):
        rng = self.rng
        pairs = lsoa_sample()
        codes = np.array([c for c, _ in pairs], dtype=object)
        dec = np.array([d for _, d in pairs])
        w = rng.gamma(20.0, 1.0, size=len(codes))
        pop = np.floor(w / w.sum() * self.p.population_0_17).astype(int)
        pop[np.argmax(pop)] += self.p.population_0_17 - pop.sum()
        self.lsoa_codes, self.lsoa_dec, self.lsoa_pop = codes, dec, pop
        popd = pd.DataFrame({"IMD_DECILE": dec, "POPULATION_0_17": pop}).groupby("IMD_DECILE", as_index=False).sum()
        return popd

    # ---------------------------------------------------------------- children and periods
    def entrants(self):
        rng, C, p = self.rng, CALIBRATION, self.p
        years = np.arange(p.history_start_year, p.end_year + 1)
        # whole numbers on the growth path (not Poisson draws), so that the trend is not swamped by noise
        n_year = np.round(p.n_entrants_per_year * (1 + C["entry_growth"]) ** (years - p.end_year)).astype(int)
        starts = []
        uasc = []
        for y, n in zip(years, n_year):
            y0 = int((np.datetime64(f"{y - 1}-04-01") - EPOCH).astype(int))
            starts.append(np.sort(rng.integers(y0, y0 + 365, size=n)))
            pu = C["uasc_per_year_from_2022"] if y >= 2022 else C["uasc_per_year_before_2022"]
            uasc.append(_qbool(rng, n, pu))
        start = np.concatenate(starts)
        uasc = np.concatenate(uasc)
        n = len(start)
        band = rng.choice(5, size=n, p=np.array(list(C["age_band_p"].values())))
        lo = np.array([0, 1, 5, 11, 16])[band] * YEAR
        hi = np.array([1, 5, 11, 16, 18])[band] * YEAR - 1
        age = rng.uniform(lo, hi)
        newborn = (band == 0) & _qbool(rng, n, 0.4)
        age[newborn] = rng.uniform(0, 8, size=newborn.sum())
        # UASC: mostly 15-17
        age[uasc] = rng.uniform(13.5 * YEAR, 17.9 * YEAR, size=uasc.sum())
        age = np.floor(age).astype(int)
        dob = start - age
        sex = np.where(uasc, np.where(_qbool(rng, n, 0.93), "1", "2"), np.where(_qbool(rng, n, 0.54), "1", "2"))
        # home neighbourhood: population x deprivation gradient
        m = np.exp(C["deprivation_log_slope"] * (5.5 - self.lsoa_dec))
        w = self.lsoa_pop * m
        lsoa = rng.choice(len(w), size=n, p=w / w.sum())
        return pd.DataFrame({"child": np.arange(n), "start": start, "dob": dob, "uasc": uasc, "sex": sex,
                             "lsoa": lsoa})

    def periods(self, kids: pd.DataFrame) -> pd.DataFrame:
        """All periods of care (first entries and re-entries), with end date and reason."""
        rng, C = self.rng, CALIBRATION
        gens = []
        cur = kids[["child", "start", "dob", "uasc"]].copy()
        cur["reentry"] = False
        for _ in range(3):
            if not len(cur):
                break
            per = self._period_outcomes(cur)
            gens.append(per)
            home = per[per["rec"].isin(["E4A", "E4B"]) & per["end"].notna()]
            c3, c12, c72 = C["reentry_cum"]
            cat = _pick_g(rng, [0, 1, 2, 3], [c3, c12 - c3, c72 - c12, 1 - c72],
                          _fy(home["end"].to_numpy())).astype(int)
            gap = np.full(len(home), np.nan)
            a, b, d = cat == 0, cat == 1, cat == 2
            gap[a] = rng.uniform(1, 91, a.sum())
            gap[b] = rng.uniform(91, 365, b.sum())
            gap[d] = rng.uniform(365, 6 * 365, d.sum())
            nxt = home.assign(start=home["end"].to_numpy() + np.nan_to_num(gap, nan=0).astype(int))
            keep = ~np.isnan(gap) & (nxt["start"].to_numpy() <= self.end) & \
                (nxt["start"].to_numpy() - nxt["dob"].to_numpy() < 18 * YEAR - 30)
            cur = nxt.loc[keep, ["child", "start", "dob", "uasc"]].copy()
            cur["reentry"] = True
        per = pd.concat(gens, ignore_index=True).sort_values(["child", "start"], kind="mergesort")
        return per.reset_index(drop=True)

    def _period_outcomes(self, cur: pd.DataFrame) -> pd.DataFrame:
        rng, C = self.rng, CALIBRATION
        n = len(cur)
        start = cur["start"].to_numpy()
        dob = cur["dob"].to_numpy()
        uasc = cur["uasc"].to_numpy()
        age = (start - dob) / YEAR
        band = _band(age)
        to18 = dob + np.floor(18 * YEAR).astype(int) - start  # days until 18th birthday
        to18 = np.maximum(to18, 1)
        p_short = np.array(list(C["p_short"].values()))[band]
        short = _qbool(rng, n, np.where(uasc, 0.0, p_short))
        until18 = ~short & (_qbool(rng, n, np.array(list(C["p_until18_long"].values()))[band]) | uasc)
        dur = np.zeros(n)
        rec = np.empty(n, dtype=object)
        # short stays: mostly home, some family/friends orders
        dur[short] = np.minimum(rng.exponential(110, short.sum()) + 1, 364)
        rs = _pick(rng, ["E4A", "E4B", "E13", "E46", "E48", "E8", "E3"], [.62, .10, .06, .08, .05, .05, .04],
                   short.sum())
        rec[short] = rs
        # long stays not until 18
        other = ~short & ~until18
        k = other.sum()
        young = band[other] <= 1
        kind = np.where(young, _pick(rng, ["ADOPT", "SGO", "HOME"], [.50, .27, .23], k),
                        _pick(rng, ["SGO", "HOME", "OTHER"], [.35, .50, .15], k))
        mean_other = np.where(band[other] >= 3, 1.5, 2.6) * YEAR
        d_other = np.where(kind == "ADOPT", rng.uniform(1.0, 2.2, k) * YEAR, 365 + rng.exponential(mean_other))
        dur[other] = d_other
        rec_o = np.empty(k, dtype=object)
        rec_o[kind == "ADOPT"] = _pick(rng, ["E11", "E12"], [.55, .45], (kind == "ADOPT").sum())
        rec_o[kind == "SGO"] = _pick(rng, ["E45", "E46", "E47", "E48"], [.45, .40, .05, .10], (kind == "SGO").sum())
        rec_o[kind == "HOME"] = _pick(rng, ["E4A", "E4B", "E13"], [.80, .10, .10], (kind == "HOME").sum())
        rec_o[kind == "OTHER"] = _pick(rng, ["E8", "E3", "E9", "E16"], [.5, .3, .1, .1], (kind == "OTHER").sum())
        rec[other] = rec_o
        # until 18 (and anyone whose drawn end passes 18)
        dur[until18] = to18[until18]
        dur = np.floor(dur).astype(int)
        over = dur >= to18
        dur = np.where(over, to18, dur)
        at18 = until18 | over
        rec[at18] = _pick(rng, ["E17", "E5", "E6", "E8"], [.30, .45, .15, .10], at18.sum())
        end = start + dur
        is_open = end > self.end
        out = cur.copy()
        out["end"] = np.where(is_open, np.nan, end.astype(float))
        out["rec"] = np.where(is_open, None, rec)
        out["true_end"] = end
        out["adopt"] = False
        out.loc[out.index[other], "adopt"] = kind == "ADOPT"
        return out

    # ---------------------------------------------------------------- episodes
    def episodes(self, per: pd.DataFrame, kids: pd.DataFrame) -> pd.DataFrame:
        rng, C = self.rng, CALIBRATION
        n = len(per)
        start = per["start"].to_numpy()
        dob = per["dob"].to_numpy()
        tend = per["true_end"].to_numpy()
        age0 = (start - dob) / YEAR
        uasc = per["uasc"].to_numpy()
        short = (tend - start) < 365
        # first placement
        place0, prov0 = self._first_placement(age0, uasc, start)
        # legal status at start
        ls0 = np.where(uasc, "V2", _pick(rng, ["C1", "V2", "L1", "L2", "J1"], [.47, .40, .05, .06, .02], n))
        ls0 = np.where((ls0 == "J1") & (age0 < 10), "V2", ls0)
        cin = np.where(uasc, "N8", _pick(rng, ["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"],
                                         [.62, .03, .04, .09, .11, .03, .005, .075], n))
        # moves in first year
        ms = C["moves_first_year_stayers"]
        ml = C["moves_first_year_leavers"]
        fy0 = _fy(start)
        m1 = np.zeros(n, dtype=int)
        m1[short] = _pick_g(rng, list(range(len(ml))), ml, fy0[short]).astype(int)
        m1[~short] = _pick_g(rng, list(range(len(ms))), ms, fy0[~short]).astype(int)
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
            cost_mult = np.exp(r_n[i] * (0.20 if _GROUP_OF.get(place) == "Residential" else 0.15))
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
                    place, prov = self._next_placement(place, age_t, r_u[i, 8:11], s)
                if "legal" in kinds and "adopt" not in kinds:
                    cur_ls = "C1" if r_u[i, 11] < 0.6 else "V2"
                if "co" in kinds and "adopt" not in kinds:
                    cur_ls = "C2"
                rne = "B" if new_place and new_ls else ("P" if new_place else "L")
                rpc = (_pick1(rng, _RPC, _RPC_P) if new_place else None)
                seg_start = t
            eps.append((seg_start, e, rne, cur_ls, place, prov, recs[i], rpc))
            for (a, b, rn, l, pl, pv, rc, rp) in eps:
                res.append((i, a, b, rn, l, pl, pv, rc, rp, cost_mult))
        ep = pd.DataFrame(res, columns=["per", "DECOM", "DEC", "RNE", "LS", "PLACE", "PLACE_PROVIDER", "REC",
                                        "REASON_PLACE_CHANGE", "mult"])
        ep["child"] = per["child"].to_numpy()[ep["per"].to_numpy()]
        ep["CIN"] = cin[ep["per"].to_numpy()]
        # open episodes (last of an open period; also any episode starting after the end date is cut)
        ep = ep[ep["DECOM"] <= self.end].copy()
        open_ = ep["DEC"] > self.end
        ep.loc[open_, "DEC"] = np.nan
        ep.loc[open_, "REC"] = None
        ep["DEC"] = ep["DEC"].astype(float)
        # weekly cost at episode start in that year's prices
        grp = pd.Series(ep["PLACE"].map(_GROUP_OF).fillna("Other"))
        fost = grp == "Fostering"
        grp[fost] = np.where(ep.loc[fost, "PLACE_PROVIDER"].isin(["PR1", "PR2"]), "Fostering (in-house)",
                             "Fostering (agency)")
        weekly = grp.map(_WEEKLY).to_numpy(dtype=float)
        ystart = _fy(ep["DECOM"].to_numpy())
        weekly = weekly * (1 + C["price_growth_new"]) ** (ystart - self.p.end_year) * ep["mult"].to_numpy()
        ep["WEEKLY_COST"] = np.round(weekly, 2)
        return ep.drop(columns=["mult"])

    def _first_placement(self, age, uasc, start):
        """First placement of each period, by quota within (age band, entry year)."""
        rng = self.rng
        n = len(age)
        b = np.where(uasc, 5, _band(age))
        fy = _fy(start)
        place = np.empty(n, dtype=object)
        prov = np.empty(n, dtype=object)
        for key in np.unique(b * 10_000 + fy):
            band, year = divmod(int(key), 10_000)
            idx = np.flatnonzero((b == band) & (fy == year))
            year_shift = float(np.clip((year - 2016) * 0.006, -0.05, 0.06))  # slowly more residential
            if band == 5:
                opts = (("H5", "PR4", .45), ("U6", "PR4", .30), ("U6", "PR1", .13), ("K2", "PR4", .12))
            elif band == 0:
                opts = (("U6", "PR1", .48), ("U6", "PR4", .20), ("U3", "PR1", .14), ("U5", "PR1", .05),
                        ("R3", "PR4", .09), ("P1", "PR0", .04))
            elif band <= 2:
                opts = (("U6", "PR1", .44), ("U6", "PR4", .28), ("U3", "PR1", .15), ("P1", "PR0", .04),
                        ("K2", "PR4", .03 + year_shift / 2), ("Z1", "PR1", .03))
            elif band == 3:
                opts = (("U6", "PR1", .39), ("U6", "PR4", .26), ("U3", "PR1", .13), ("K2", "PR4", .10 + year_shift),
                        ("K2", "PR1", .02), ("P1", "PR0", .03), ("K1", "PR3", .01), ("Z1", "PR1", .03))
            else:
                opts = (("U6", "PR1", .25), ("U6", "PR4", .14), ("U3", "PR1", .06), ("H5", "PR4", .30),
                        ("K2", "PR4", .13), ("P2", "PR1", .07), ("P1", "PR0", .05))
            k = _pick(rng, list(range(len(opts))), [o[2] for o in opts], len(idx)).astype(int)
            place[idx] = [opts[j][0] for j in k]
            prov[idx] = [opts[j][1] for j in k]
        long_term = (place == "U6") & _qbool(rng, n, 0.12)
        place[long_term] = "U4"
        return place, prov

    def _next_placement(self, place, age, u, start):
        g = _GROUP_OF.get(place, "Other")
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

    # ---------------------------------------------------------------- header
    def header(self, kids: pd.DataFrame, per: pd.DataFrame) -> pd.DataFrame:
        rng, C = self.rng, CALIBRATION
        first = per.groupby("child", sort=True).first()
        age0 = (first["start"] - first["dob"]).to_numpy() / YEAR
        a_all = (per["start"] - per["dob"]) / YEAR
        u12s = ((a_all < 12) & ((per["true_end"] - per["start"]) < 365)).groupby(per["child"]).any()
        u12_short = u12s.reindex(first.index).to_numpy()
        uasc = first["uasc"].to_numpy()
        n = len(first)
        last_fy = _fy(per.groupby("child", sort=True)["start"].max().reindex(first.index).to_numpy())
        p_min = np.where(age0 < 12, np.where(u12_short, C["minority_u12_short"], C["minority_u12_long"]), 0.0)
        minority = _qbool(rng, n, p_min, last_fy)
        eth = np.empty(n, dtype=object)
        nonwhite = ["MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH",
                    "CHNE", "OOTH"]
        nw_p = [.12, .07, .08, .10, .05, .08, .04, .05, .07, .12, .05, .02, .15]
        eth[:] = "WBRI"
        k = minority.sum()
        eth[minority] = _pick(rng, nonwhite, nw_p, k)
        # under 12s not minority: a few White other/Irish/Traveller
        wo = (~minority) & (age0 < 12) & _qbool(rng, n, 0.05)
        eth[wo] = _pick(rng, ["WOTH", "WIRI", "WROM", "WIRT"], [.6, .15, .15, .1], wo.sum())
        older = (age0 >= 12) & ~uasc
        nb = _qbool(rng, n, np.where(older, C["not_wbri_12plus_non_uasc"], 0), last_fy)
        eth[nb] = _pick(rng, nonwhite + ["WOTH", "WIRI", "WROM"], nw_p + [.45, .05, .05], nb.sum())
        eth[uasc] = _pick(rng, ["AOTH", "BAFR", "OOTH", "BOTH", "WOTH"], [.35, .30, .25, .05, .05], uasc.sum())
        ref = _qbool(rng, n, 0.01)
        eth[ref] = "NOBT"
        kid = kids.set_index("child").loc[first.index]
        dob = first["dob"].to_numpy()
        return pd.DataFrame({"child": first.index.to_numpy(), "SEX": kid["sex"].to_numpy(), "dob": dob,
                             "ETHNIC": eth, "UASC": uasc, "lsoa": kid["lsoa"].to_numpy()})

    # ---------------------------------------------------------------- pre-entry history and CIN tables
    def cin_tables(self, per: pd.DataFrame, ids_pool_start: int):
        rng, C = self.rng, CALIBRATION
        lo = self.cin_start
        ent = per[(per["start"] >= lo) & (per["start"] <= self.end)].copy()
        n = len(ent)
        child = ent["child"].to_numpy()
        D = ent["start"].to_numpy()
        dob = ent["dob"].to_numpy()
        age = (D - dob) / YEAR
        uasc = ent["uasc"].to_numpy()
        school_age = (age >= 5) & (age < 16)
        groups = list(C["plan_groups"])
        fy = _fy(D)
        g = np.full(n, "NONE", dtype=object)
        g[~uasc] = _pick_g(rng, groups, list(C["plan_groups"].values()), fy[~uasc])
        # the calibrated yes/no draws, made up front by quota within each group
        has_cp = np.array(["CP" in x for x in g], dtype=bool)
        cp_short = _qbool(rng, n, np.where(has_cp, C["cp_open_lt6m"], 0), fy)
        old_plan = _qbool(rng, n, np.where((g == "NONE") & ~uasc, 0.12, 0))
        old_is_eh = _qbool(rng, n, 0.5)
        none_plain = (g == "NONE") & ~old_plan
        twoplus = _qbool(rng, n, np.where(none_plain, 1 - C["none_single_contact"], 0), fy)
        pen6 = _qbool(rng, n, np.where(twoplus, C["none_penultimate_6m_plus"], 0), fy)
        last_src = _entry_sources(rng, school_age, uasc, fy)
        parental = _qbool(rng, n, np.where(uasc, 0, C["parental_need"]), fy)
        eh, cin, cp, contacts, refs, assess = [], [], [], [], [], []
        src_all, p_all = _SOURCES_ALL
        for i in range(n):
            gi, d, c = g[i], int(D[i]), int(child[i])
            earliest = max(int(dob[i]) - 150, d - 4 * 365)
            plan_dates = []
            if "CP" in gi:
                dur = rng.integers(14, 183) if cp_short[i] else rng.integers(183, 700)
                st = d - int(dur)
                cp.append((c, st, d))
                plan_dates.append(st)
            if "EH" in gi:
                st = d - int(rng.integers(40, 420))
                en = min(d, st + int(rng.integers(60, 360)))
                en = max(en, d - 170)
                cp_start = plan_dates[0] if plan_dates else d
                eh.append((c, st, min(en, cp_start) if min(en, cp_start) > st else en))
                plan_dates.append(st)
            if "CIN" in gi:
                st = d - int(rng.integers(40, 480))
                en = d if "CP" not in gi else max(st + 20, plan_dates[0])
                cin.append((c, st, min(en, d)))
                plan_dates.append(st)
            if old_plan[i]:
                st = d - int(rng.integers(250, 1300))
                (eh if old_is_eh[i] else cin).append((c, st, st + int(rng.integers(60, 240))))
                plan_dates.append(st)
            # contacts
            last = d - int(rng.integers(0, 15))
            src_last = last_src[i]
            contacts.append((c, last, src_last))
            refs.append((c, last, src_last))
            if gi == "NONE" and not plan_dates:
                if twoplus[i]:
                    if pen6[i]:
                        pen = d - int(rng.integers(183, 4 * 365 - 30))
                    else:
                        pen = d - int(rng.integers(16, 183))
                    pen = max(pen, earliest)
                    contacts.append((c, pen, _pick1(rng, src_all, p_all)))
                    for t in rng.integers(earliest, pen, size=rng.poisson(0.6)) if pen > earliest else []:
                        contacts.append((c, int(t), _pick1(rng, src_all, p_all)))
            else:
                for st in plan_dates:
                    t = st - int(rng.integers(1, 40))
                    s = _pick1(rng, src_all, p_all)
                    contacts.append((c, t, s))
                    refs.append((c, t, s))
                for t in rng.integers(earliest, d, size=rng.poisson(1.2)):
                    contacts.append((c, int(t), _pick1(rng, src_all, p_all)))
            # the assessment before entry
            ad = d - int(rng.integers(5, 120))
            assess.append((c, ad, _entry_factors(rng, age[i], uasc[i], parental[i])))
        # population of other children: plans, contacts, referrals, assessments
        pool_n = int(self.p.population_0_17 * 0.55)
        pool = ids_pool_start + np.arange(pool_n)
        n_years = (self.end - lo) / 365.25
        scale = self.p.population_0_17 / 110_000
        pre = 3 * 365  # plans started before the window, still open in it
        extra_plans = {}
        extra_con = []
        for (name, per_year, mean_days, sd) in (("eh", 2400, 200, 0.6), ("cin", 1450, 1000, 0.9),
                                                ("cp", 450, 290, 0.6)):
            k = rng.poisson(per_year * scale * (n_years + pre / 365.25))
            st = rng.integers(lo - pre, self.end + 1, size=k)
            du = np.exp(np.log(mean_days) + sd * rng.normal(size=k) - sd * sd / 2).astype(int) + 14
            who = rng.choice(pool, size=k)
            extra_plans[name] = pd.DataFrame({"child": who, "s": st, "e": st + du})
            extra_con.append(pd.DataFrame({"child": who, "t": st - rng.integers(1, 40, size=k),
                                           "src": _pick(rng, src_all, p_all, k)}))
        extra_con = pd.concat(extra_con, ignore_index=True)
        # background contacts (most do not lead to a plan)
        k = rng.poisson(16_000 * scale * n_years)
        t = rng.integers(lo, self.end + 1, size=k)
        who = rng.choice(pool, size=k)
        src = _pick(rng, src_all, p_all, k)
        bg = pd.DataFrame({"child": who, "t": t, "src": src})
        is_ref = _qbool(rng, k, 0.22)
        contacts_df = pd.concat([pd.DataFrame(contacts, columns=["child", "t", "src"]), extra_con, bg],
                                ignore_index=True).drop_duplicates()
        refs_df = pd.concat([pd.DataFrame(refs, columns=["child", "t", "src"]), extra_con, bg[is_ref]],
                            ignore_index=True).drop_duplicates()
        # assessments after most referrals of other children
        others = refs_df[~refs_df["child"].isin(set(ent["child"]))]
        take = _qbool(rng, len(others), 0.8)
        oa = others[take]
        oa_t = oa["t"].to_numpy() + rng.integers(5, 45, size=len(oa))
        oa_f = _background_factors(rng, len(oa))
        assess_df = pd.concat([pd.DataFrame(assess, columns=["child", "t", "f"]),
                               pd.DataFrame({"child": oa["child"].to_numpy(), "t": oa_t, "f": oa_f})],
                              ignore_index=True)

        def plans(lst, more):
            df = pd.concat([pd.DataFrame(lst, columns=["child", "s", "e"]), more], ignore_index=True)
            df["e"] = df["e"].astype(float)
            df.loc[df["e"] > self.end, "e"] = np.nan
            df = df[(df["s"] <= self.end) & (df["e"].isna() | (df["e"] >= lo))]
            return df.drop_duplicates(["child", "s"])

        def dated(df, col="t"):
            return df[(df[col] >= lo) & (df[col] <= self.end)]

        return (plans(eh, extra_plans["eh"]), plans(cin, extra_plans["cin"]), plans(cp, extra_plans["cp"]),
                dated(contacts_df), dated(refs_df), dated(assess_df),
                ent)

    # ---------------------------------------------------------------- school
    def school(self, ent: pd.DataFrame):
        rng, C = self.rng, CALIBRATION
        age = (ent["start"].to_numpy() - ent["dob"].to_numpy()) / YEAR
        sel = (age >= 5) & (age < 18) & ~ent["uasc"].to_numpy()
        e = ent[sel].drop_duplicates("child")
        a = (e["start"].to_numpy() - e["dob"].to_numpy()) / YEAR
        n = len(e)
        phase = np.where(a < 11, "PRI", np.where(a < 16, "SEC", "P16"))
        p_ok = np.select([phase == "PRI", phase == "SEC"], [C["attend_ok"]["primary"], C["attend_ok"]["secondary"]],
                         C["attend_ok"]["post16"])
        fy = _fy(e["start"].to_numpy())
        ok = _qbool(rng, n, p_ok, fy)
        att = np.where(ok, 100 - 40 * rng.beta(1.2, 3.0, n), 5 + 55 * rng.beta(2.5, 1.5, n))
        att = np.clip(np.round(att, 1), 0, 100)
        att = np.where(ok, np.maximum(att, 60.0), np.minimum(att, 59.9))
        sen = _pick_g(rng, ["K", "E", "N"], [C["sen_k"], C["sen_e"], 1 - C["sen_k"] - C["sen_e"]], fy).astype(str)
        phase = np.where((sen == "E") & _qbool(rng, n, 0.2), "SPE", phase)
        date = e["start"].to_numpy() - rng.integers(20, 120, size=n)
        return pd.DataFrame({"child": e["child"].to_numpy(), "t": date, "ATTENDANCE": att, "SEN": sen,
                             "PHASE": phase})

    # ---------------------------------------------------------------- case review
    def case_review(self, per: pd.DataFrame, ep: pd.DataFrame):
        rng = self.rng
        first = per.sort_values("start").drop_duplicates("child")
        pool = first[(first["start"] >= self.end - 4 * 365) & (first["start"] <= self.end - 182)]
        n = min(self.p.n_case_reviews, len(pool))
        pick = pool.iloc[np.sort(rng.choice(len(pool), size=n, replace=False))]
        child = pick["child"].to_numpy()
        age = (pick["start"].to_numpy() - pick["dob"].to_numpy()) / YEAR
        stay = (np.minimum(pick["true_end"].to_numpy(), self.end) - pick["start"].to_numpy()) > 365
        phase = np.select([age < 4, age < 11, age < 16], ["PRE_SCHOOL", "PRIMARY", "SECONDARY"], "POST16")
        # voice: by phase
        voice = np.empty(n, dtype=object)
        for ph, (pc, pp) in {"PRE_SCHOOL": (0.03, 0.07), "PRIMARY": (0.16, 0.24), "SECONDARY": (0.55, 0.33),
                             "POST16": (0.55, 0.33)}.items():
            idx = np.flatnonzero(phase == ph)
            voice[idx] = _pick(rng, ["CONSISTENT", "PARTIAL", "NOT_CAPTURED"], [pc, pp, 1 - pc - pp], len(idx))
        # confidence that care could have been avoided, by voice
        p_conf = np.select([voice == "CONSISTENT", voice == "PARTIAL"], [0.56, 0.31], 0.21)
        conf = _qbool(rng, n, p_conf)
        improv = conf | _qbool(rng, n, 0.55)
        conf_lvl = np.where(conf, _pick(rng, ["LOW", "MEDIUM", "HIGH"], [.45, .35, .20], n), "NONE")
        improv_after = _qbool(rng, n, 0.325)
        conf_exit = np.where(improv_after & _qbool(rng, n, 0.33), _pick(rng, ["LOW", "MEDIUM", "HIGH"],
                                                                          [.5, .35, .15], n), "NONE")
        need = _pick(rng, ["N1", "N5", "N4", "N8", "N3", "N2", "N6"], [.55, .12, .10, .08, .06, .04, .05], n)
        mh = _qbool(rng, n, 0.50)
        sm = _qbool(rng, n, np.where(mh, 0.45, 0.32))
        da = _qbool(rng, n, 0.45)
        use = {"ADULT_MH": mh & _qbool(rng, n, np.where(mh, 0.50, 0)),
               "SUBSTANCE": sm & _qbool(rng, n, np.where(sm, 0.48, 0)),
               "DOMESTIC_ABUSE": da & _qbool(rng, n, np.where(da, 0.52, 0)),
               "GP": (mh | sm | da) & _qbool(rng, n, np.where(mh | sm | da, 0.55, 0)),
               "ADULT_SOCIAL_CARE": _qbool(rng, n, 0.05)}
        ps = []
        for i in range(n):
            s = [k for k, v in use.items() if v[i]]
            ps.append(";".join(s) if s else "NONE")
        sb = _multi(rng, n, {"GP_HEALTH": .45, "POLICE": .41, "SCHOOL": .36, "MENTAL_HEALTH": .29, "HOUSING": .15,
                             "DOMESTIC_ABUSE": .14, "SUBSTANCE": .11, "EARLY_YEARS": .10, "VOLUNTARY": .09,
                             "YOUTH_JUSTICE": .05, "PROBATION": .04}, empty="NONE")
        en = _multi(rng, n, {"CONSENT": .42, "INFO_SHARING": .34, "EARLIER_SUPPORT": .24, "ADULT_SERVICES": .21,
                             "CAPACITY": .18, "SCHOOL": .11, "FAMILY_NETWORK": .10, "HOUSING": .06})
        consent = np.array(["CONSENT" in e for e in en])
        cc_all = np.full(n, None, dtype=object)
        cc_all[consent] = _multi(rng, int(consent.sum()), {"TRAUMA_INFORMED": .40, "EARLIER": .33, "MENTAL_LOAD": .28, "TRUSTED_PERSON": .20,
                             "FAMILY_GROUP": .15, "PRACTICAL": .12})
        cc = cc_all
        rb_all = np.full(n, None, dtype=object)
        rb_all[improv_after] = _multi(rng, int(improv_after.sum()), {"JOINED_UP": .46, "CAPACITY": .31, "PARENT_NEEDS": .28, "NETWORK_NOT_EXPLORED": .21,
                             "FAMILY_TIME": .16, "CHILD_WISHES": .10, "DISTANCE": .07})
        rb = rb_all
        # care setting from the last placement of the child's first period
        last = ep.sort_values("DECOM").groupby("child").last()
        lp = last.loc[child]
        grp = pd.Series(lp["PLACE"].map(_GROUP_OF).fillna("Other").to_numpy())
        setting = grp.map({"Fostering": "FOSTER", "Kinship fostering": "KINSHIP", "Residential": "RESIDENTIAL",
                           "Supported accommodation": "SUPPORTED", "Placed with parents": "PLACED_WITH_PARENTS",
                           "Placed for adoption": "ADOPTION", "Secure": "SECURE", "Other": "OTHER"}).to_numpy(dtype=object)
        fo = setting == "FOSTER"
        setting[fo] = np.where(lp["PLACE_PROVIDER"].to_numpy()[fo] == "PR1", "FOSTER_LA", "FOSTER_AGENCY")
        # permanence plans
        plans = ["RETURN_FAMILY", "FAMILY_NETWORK", "ADOPTION", "LT_FOSTERING", "RESIDENTIAL", "INDEPENDENCE"]
        init = np.where(stay, _pick(rng, plans, [.285, .17, .12, .33, .05, .045], n),
                        _pick(rng, plans, [.62, .20, .03, .10, .02, .03], n))
        cur = init.copy()
        chg = (init == "RETURN_FAMILY") & stay & _qbool(rng, n, 0.44)
        cur[chg] = _pick(rng, ["LT_FOSTERING", "FAMILY_NETWORK", "ADOPTION"], [.6, .3, .1], chg.sum())
        date = np.minimum(self.end, pick["start"].to_numpy() + rng.integers(200, 900, size=n))
        rtype = np.where(np.arange(n) < max(n * 100 // 380, 1), "DEEP_DIVE", "CASE_NOTES")
        rng.shuffle(rtype)
        yn = lambda b: np.where(b, "Y", "N")  # noqa: E731
        return pd.DataFrame({
            "child": child, "t": date, "REVIEW_TYPE": rtype, "IMPROVABLE_BEFORE": yn(improv),
            "CONFIDENCE_AVOID": conf_lvl, "IMPROVABLE_AFTER": yn(improv_after), "CONFIDENCE_EXIT": conf_exit,
            "PRIMARY_NEED": need, "PARENT_MENTAL_HEALTH": yn(mh), "PARENT_SUBSTANCE": yn(sm),
            "PARENT_DOMESTIC_ABUSE": yn(da), "PARENT_SERVICES": ps, "SERVICES_BEFORE": sb, "ENABLERS": en,
            "CONSENT_CHANGE": cc, "VOICE": voice, "SCHOOL_PHASE": phase, "CARE_SETTING": setting,
            "RECONNECTION_BARRIERS": rb, "INITIAL_PLAN": init, "CURRENT_PLAN": cur,
        })

    # ---------------------------------------------------------------- identifiers
    def identifiers(self, n_children: int, n_pool: int):
        rng = self.rng
        total = n_children + n_pool
        if self.canary:
            nums = rng.choice(900_000, size=total, replace=False) + 100_000
            ids = np.array([f"ZQX{x:06d}" for x in nums], dtype=object)
        else:
            nums = rng.choice(8_999_999, size=total, replace=False) + 1_000_000
            ids = np.array([f"{x:07d}" for x in nums], dtype=object)
        return ids

    def upns(self, n: int, dob_year: np.ndarray):
        rng = self.rng
        est = rng.integers(1000, 8000, size=n)
        ser = rng.integers(0, 1000, size=n)
        if self.canary:
            return np.array([f"ZQX{int(e):04d}{int(s):03d}{int(y) % 1000:03d}" for e, s, y in zip(est, ser, dob_year)],
                            dtype=object)
        out = []
        for e, s, y in zip(est, ser, dob_year):
            body = f"999{int(e):04d}{(int(y) + 4) % 100:02d}{int(s):03d}"
            out.append(_upn_check(body) + body)
        return np.array(out, dtype=object)

    def postcodes(self, n: int):
        rng = self.rng
        d = rng.integers(1, 30, size=n)
        s = rng.integers(0, 10, size=n)
        letters = np.array(list("ABDEFGHJLNPQRSTUWXYZ"))
        l1 = letters[rng.integers(0, len(letters), size=n)]
        l2 = letters[rng.integers(0, len(letters), size=n)]
        if self.canary:
            return np.array([f"ZQ{a} {b}ZQ" for a, b in zip(d, s)], dtype=object)
        area = np.array(["QA", "QB", "QD", "QE", "QH"])[rng.integers(0, 5, size=n)]
        return np.array([f"{a}{x} {b}{c}{e}" for a, x, b, c, e in zip(area, d, s, l1, l2)], dtype=object)

    # ---------------------------------------------------------------- assemble
    def run(self) -> dict[str, pd.DataFrame]:
        popd = self.areas()
        kids = self.entrants()
        per = self.periods(kids)
        ep = self.episodes(per, kids)
        hd = self.header(kids, per)
        eh, cin, cp, con, ref, ass, ent = self.cin_tables(per, ids_pool_start=len(kids))
        sch = self.school(ent)
        cr = self.case_review(per, ep)

        # keep the episodes a real extract would hold: those open on or after the keep-from date
        ep = ep[ep["DEC"].isna() | (ep["DEC"] >= self.keep_from)]
        hd = hd[hd["child"].isin(set(ep["child"]))].reset_index(drop=True)

        n_pool = int(self.p.population_0_17 * 0.55)
        ids = self.identifiers(len(kids), n_pool)
        idmap = lambda s: ids[np.asarray(s, dtype=int)]  # noqa: E731
        upn_all = self.upns(len(hd), _fy(hd["dob"].to_numpy()))
        has_upn = ((self.end - hd["dob"].to_numpy()) / YEAR >= 4.5) & ~hd["UASC"].to_numpy()
        post = self.postcodes(len(hd))
        post_of = dict(zip(hd["child"].to_numpy(), post))

        header = pd.DataFrame({
            "CHILD": idmap(hd["child"]), "SEX": hd["SEX"].to_numpy(), "DOB": _dates(hd["dob"]),
            "ETHNIC": hd["ETHNIC"].to_numpy(), "UPN": np.where(has_upn, upn_all, None),
            "UASC": np.where(hd["UASC"].to_numpy(), "Y", "N"),
        }).sort_values("CHILD", kind="mergesort").reset_index(drop=True)
        episodes = pd.DataFrame({
            "CHILD": idmap(ep["child"]), "DECOM": _dates(ep["DECOM"]), "RNE": ep["RNE"].to_numpy(),
            "LS": ep["LS"].to_numpy(), "CIN": ep["CIN"].to_numpy(), "PLACE": ep["PLACE"].to_numpy(),
            "PLACE_PROVIDER": ep["PLACE_PROVIDER"].to_numpy(), "DEC": _dates(ep["DEC"]), "REC": ep["REC"].to_numpy(),
            "REASON_PLACE_CHANGE": ep["REASON_PLACE_CHANGE"].to_numpy(),
            "HOME_POST": [post_of.get(c) for c in ep["child"].to_numpy()],
            "WEEKLY_COST": ep["WEEKLY_COST"].to_numpy(),
        }).sort_values(["CHILD", "DECOM"], kind="mergesort").reset_index(drop=True)
        home = pd.DataFrame({"CHILD": idmap(hd["child"]), "LSOA21CD": self.lsoa_codes[hd["lsoa"].to_numpy()]}
                            ).sort_values("CHILD", kind="mergesort").reset_index(drop=True)

        def plan_frame(df, extra=None):
            out = pd.DataFrame({"CHILD": idmap(df["child"]), "START": _dates(df["s"]), "END": _dates(df["e"])})
            if extra is not None:
                out["CATEGORY"] = extra
            return out.sort_values(["CHILD", "START"], kind="mergesort").reset_index(drop=True)

        cat = _pick(self.rng, ["NEG", "EMO", "PHY", "SAB", "MUL"], [.50, .36, .07, .04, .03], len(cp))
        tables = {
            "header": header,
            "episodes": episodes,
            "referrals": pd.DataFrame({"CHILD": idmap(ref["child"]), "REFERRAL_DATE": _dates(ref["t"]),
                                       "REFERRAL_SOURCE": ref["src"].to_numpy()}
                                      ).sort_values(["CHILD", "REFERRAL_DATE"], kind="mergesort").reset_index(drop=True),
            "assessments": pd.DataFrame({"CHILD": idmap(ass["child"]), "ASSESSMENT_DATE": _dates(ass["t"]),
                                         "FACTORS": ass["f"].to_numpy()}
                                        ).sort_values(["CHILD", "ASSESSMENT_DATE"], kind="mergesort"
                                                      ).drop_duplicates(["CHILD", "ASSESSMENT_DATE"]).reset_index(drop=True),
            "cin_plans": plan_frame(cin),
            "cp_plans": plan_frame(cp, cat),
            "early_help": plan_frame(eh),
            "contacts": pd.DataFrame({"CHILD": idmap(con["child"]), "CONTACT_DATE": _dates(con["t"]),
                                      "SOURCE": con["src"].to_numpy()}
                                     ).sort_values(["CHILD", "CONTACT_DATE"], kind="mergesort").reset_index(drop=True),
            "school": pd.DataFrame({"CHILD": idmap(sch["child"]), "DATE": _dates(sch["t"]),
                                    "ATTENDANCE": sch["ATTENDANCE"].to_numpy(), "SEN": sch["SEN"].to_numpy(),
                                    "PHASE": sch["PHASE"].to_numpy()}
                                   ).sort_values("CHILD", kind="mergesort").reset_index(drop=True),
            "case_review": cr.assign(CHILD=idmap(cr["child"]), REVIEW_DATE=_dates(cr["t"])
                                     ).drop(columns=["child", "t"]).sort_values("CHILD", kind="mergesort"
                                                                                 ).reset_index(drop=True),
            "home_lsoa": home,
            "population_imd": popd,
        }
        cols = ["CHILD", "REVIEW_DATE"] + [c for c in tables["case_review"].columns if c not in ("CHILD", "REVIEW_DATE")]
        tables["case_review"] = tables["case_review"][cols]
        for k in ("cin_plans", "cp_plans", "early_help"):
            tables[k] = tables[k].drop_duplicates(["CHILD", "START"]).reset_index(drop=True)
        return tables


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------

_RPC = ["CARPL", "CREQB", "CREQO", "STAND", "CHILD", "LAREQ", "ALLEG", "OTHER"]
_RPC_P = [.38, .17, .12, .05, .08, .1, .03, .07]

_SOURCES_ALL = (["2A", "2B", "6", "3A", "3B", "3C", "3D", "3E", "3F", "5A", "5B", "5C", "5D", "1A", "1B", "1C", "1D",
                 "7", "4", "9", "8", "10"],
                [.16, .03, .27, .03, .02, .01, .03, .03, .02, .05, .02, .02, .03, .04, .05, .02, .02,
                 .04, .03, .03, .04, .01])


def _entry_sources(rng, school_age, uasc, fy):
    """Source of each entrant's last contact before entry (quota within each group)."""
    out = np.empty(len(uasc), dtype=object)
    for sel, (opts, p) in ((uasc, (["6", "5C", "8", "7"], [.5, .3, .15, .05])),
                           (~uasc & school_age, _SRC_SCHOOL_AGE), (~uasc & ~school_age, _SRC_YOUNG)):
        idx = np.flatnonzero(sel)
        out[idx] = _pick_g(rng, opts, p, fy[idx])
    return out


_SRC_SCHOOL_AGE = (["2A", "2B", "6", "3A", "3D", "3E", "3F", "5A", "5C", "5D", "1B", "1A", "1D", "7", "4", "9", "8"],
                   [.25, .02, .25, .02, .03, .03, .04, .07, .03, .05, .05, .02, .02, .05, .02, .01, .04])
_SRC_YOUNG = (["6", "3B", "3D", "3E", "3F", "5A", "5C", "5D", "1B", "1A", "7", "4", "9", "8"],
              [.30, .08, .06, .06, .08, .10, .03, .05, .06, .03, .06, .02, .02, .05])


_PARENTAL_P = {"4B": .62, "3B": .55, "2B": .42, "1B": .30, "4C": .08, "3C": .07, "2C": .06, "1C": .04,
               "5B": .08, "6B": .06}
_CHILD_P = {"16A": .28, "17A": .26, "3A": .18, "4A": .16, "18B": .09, "19B": .03, "5A": .04, "6A": .03, "7A": .02}
_TEEN_P = {"14A": .18, "10A": .20, "11A": .10, "15A": .14, "24A": .07, "13A": .03}


def _entry_factors(rng, age, uasc, parental):
    codes = []
    if uasc:
        codes.append("9A")
    elif parental:
        for c, p in _PARENTAL_P.items():
            if rng.random() < p:
                codes.append(c)
        if not any(c in _PARENTAL_P for c in codes):
            codes.append(_pick1(rng, ["4B", "3B", "2B"], [.4, .35, .25]))
    for c, p in _CHILD_P.items():
        if rng.random() < p:
            codes.append(c)
    if age >= 11:
        for c, p in _TEEN_P.items():
            if rng.random() < p:
                codes.append(c)
    if not codes:
        codes.append("20")
    order = list(_PARENTAL_P) + list(_CHILD_P) + list(_TEEN_P) + ["9A", "20"]
    return ";".join(sorted(set(codes), key=order.index))


def _background_factors(rng, n):
    codes = list(_PARENTAL_P) + list(_CHILD_P) + ["14A", "10A", "15A"]
    probs = np.array([p * 0.6 for p in _PARENTAL_P.values()] + [p * 0.7 for p in _CHILD_P.values()]
                     + [.06, .05, .05])
    draws = rng.random((n, len(codes))) < probs
    out = np.full(n, "", dtype=object)
    for j, c in enumerate(codes):
        out = np.where(draws[:, j], out + (c + ";"), out)
    out = np.array([x[:-1] if x else "21" for x in out], dtype=object)
    return out


def _multi(rng, n, probs: dict[str, float], empty: str = "OTHER"):
    keys = list(probs)
    draws = np.column_stack([_qbool(rng, n, probs[k]) for k in keys]) if n else np.zeros((0, len(keys)), bool)
    out = []
    for row in draws:
        sel = [k for k, d in zip(keys, row) if d]
        out.append(";".join(sel) if sel else empty)
    return np.array(out, dtype=object)


def _fy(days: np.ndarray) -> np.ndarray:
    """Year ending 31 March of each day number."""
    d = np.asarray(days, dtype="float64")
    dt = (EPOCH + np.nan_to_num(d, nan=0).astype("int64")).astype("datetime64[D]")
    y = dt.astype("datetime64[Y]").astype(int) + 1970
    m = (dt.astype("datetime64[M]").astype(int) % 12) + 1
    return np.where(m >= 4, y + 1, y)


def _dates(days) -> pd.Series:
    d = np.asarray(days, dtype="float64")
    out = (EPOCH + np.nan_to_num(d, nan=0).astype("int64")).astype("datetime64[ns]")
    s = pd.Series(out)
    s[np.isnan(d)] = pd.NaT
    return s


# --------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------

_README = """SYNTHETIC DATA - NOT REAL CHILDREN

Every record in these files was generated by analysis.inputs.childdata.synth with seed {seed}
({mode}). They describe no real child, family or council. Regenerate with:

    p2r synth --seed {seed} --out <folder>
"""


def write(seed: int, out_dir: str | Path, canary: bool = False, **size) -> Path:
    """Write the synthetic tables as ``<table>.csv`` into ``out_dir``; return the folder.

    Dates are written dd/mm/yyyy, as councils' Excel exports are; the same seed gives
    byte-identical files.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    tables = generate(seed, canary=canary, **size)
    for name, df in tables.items():
        _to_csv(df, out / f"{name}.csv")
    (out / "README-SYNTHETIC.txt").write_text(
        _README.format(seed=seed, mode="canary identifiers" if canary else "realistic-looking identifiers"),
        encoding="utf-8", newline="\n")
    return out


def _to_csv(df: pd.DataFrame, path: Path) -> None:
    out = pd.DataFrame(index=df.index)
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_datetime64_any_dtype(s):
            out[c] = s.dt.strftime("%d/%m/%Y").where(s.notna(), "")
        elif c == "WEEKLY_COST":
            out[c] = s.map(lambda v: "" if pd.isna(v) else f"{v:.2f}")
        elif c == "ATTENDANCE":
            out[c] = s.map(lambda v: "" if pd.isna(v) else f"{v:.1f}")
        else:
            out[c] = s.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))
    out.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def canary_strings(tables: dict[str, pd.DataFrame]) -> set[str]:
    """Distinctive identifier strings of a canary dataset, for leak tests."""
    out: set[str] = set()
    if "header" in tables:
        out |= set(tables["header"]["CHILD"].dropna().astype(str))
        out |= set(tables["header"]["UPN"].dropna().astype(str))
    if "episodes" in tables:
        out |= set(tables["episodes"]["HOME_POST"].dropna().astype(str))
    return out
