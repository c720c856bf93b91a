"""Children's social care before entry: early help, CIN and CP plans, contacts, referrals, assessments.

Each entrant gets the calibrated pre-entry history (which plans in the six months before
entry, how many contacts, the factors at the assessment before entry); a pool of other
children, who do not enter care, supplies the background plans, contacts and referrals.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.inputs.childdata.synth.calibration import CALIBRATION, YEAR
from analysis.inputs.childdata.synth.context import SynthContext
from analysis.inputs.childdata.synth.draws import fy, pick, pick1, pick_g, qbool

_SOURCES_ALL = (
    [
        "2A",
        "2B",
        "6",
        "3A",
        "3B",
        "3C",
        "3D",
        "3E",
        "3F",
        "5A",
        "5B",
        "5C",
        "5D",
        "1A",
        "1B",
        "1C",
        "1D",
        "7",
        "4",
        "9",
        "8",
        "10",
    ],
    [
        0.16,
        0.03,
        0.27,
        0.03,
        0.02,
        0.01,
        0.03,
        0.03,
        0.02,
        0.05,
        0.02,
        0.02,
        0.03,
        0.04,
        0.05,
        0.02,
        0.02,
        0.04,
        0.03,
        0.03,
        0.04,
        0.01,
    ],
)
_SRC_SCHOOL_AGE = (
    ["2A", "2B", "6", "3A", "3D", "3E", "3F", "5A", "5C", "5D", "1B", "1A", "1D", "7", "4", "9", "8"],
    [0.25, 0.02, 0.25, 0.02, 0.03, 0.03, 0.04, 0.07, 0.03, 0.05, 0.05, 0.02, 0.02, 0.05, 0.02, 0.01, 0.04],
)
_SRC_YOUNG = (
    ["6", "3B", "3D", "3E", "3F", "5A", "5C", "5D", "1B", "1A", "7", "4", "9", "8"],
    [0.30, 0.08, 0.06, 0.06, 0.08, 0.10, 0.03, 0.05, 0.06, 0.03, 0.06, 0.02, 0.02, 0.05],
)

_PARENTAL_P = {
    "4B": 0.62,
    "3B": 0.55,
    "2B": 0.42,
    "1B": 0.30,
    "4C": 0.08,
    "3C": 0.07,
    "2C": 0.06,
    "1C": 0.04,
    "5B": 0.08,
    "6B": 0.06,
}
_CHILD_P = {
    "16A": 0.28,
    "17A": 0.26,
    "3A": 0.18,
    "4A": 0.16,
    "18B": 0.09,
    "19B": 0.03,
    "5A": 0.04,
    "6A": 0.03,
    "7A": 0.02,
}
_TEEN_P = {"14A": 0.18, "10A": 0.20, "11A": 0.10, "15A": 0.14, "24A": 0.07, "13A": 0.03}


def cin_tables(ctx: SynthContext, per: pd.DataFrame, ids_pool_start: int):
    """Early help, CIN and CP plans, contacts, referrals and assessments from ``cin_start`` to the end.

    Returns ``(early_help, cin_plans, cp_plans, contacts, referrals, assessments, ent)`` in day
    numbers and internal child numbers; ``ent`` is the periods starting in the window.  Children
    of the background pool are numbered from ``ids_pool_start``.
    """
    rng, C = ctx.rng, CALIBRATION
    lo = ctx.cin_start
    ent = per[(per["start"] >= lo) & (per["start"] <= ctx.end)].copy()
    n = len(ent)
    child = ent["child"].to_numpy()
    D = ent["start"].to_numpy()
    dob = ent["dob"].to_numpy()
    age = (D - dob) / YEAR
    uasc = ent["uasc"].to_numpy()
    school_age = (age >= 5) & (age < 16)
    groups = list(C["plan_groups"])
    fys = fy(D)
    g = np.full(n, "NONE", dtype=object)
    g[~uasc] = pick_g(rng, groups, list(C["plan_groups"].values()), fys[~uasc])
    # the calibrated yes/no draws, made up front by quota within each group
    has_cp = np.array(["CP" in x for x in g], dtype=bool)
    cp_short = qbool(rng, n, np.where(has_cp, C["cp_open_lt6m"], 0), fys)
    old_plan = qbool(rng, n, np.where((g == "NONE") & ~uasc, 0.12, 0))
    old_is_eh = qbool(rng, n, 0.5)
    none_plain = (g == "NONE") & ~old_plan
    twoplus = qbool(rng, n, np.where(none_plain, 1 - C["none_single_contact"], 0), fys)
    pen6 = qbool(rng, n, np.where(twoplus, C["none_penultimate_6m_plus"], 0), fys)
    last_src = _entry_sources(rng, school_age, uasc, fys)
    parental = qbool(rng, n, np.where(uasc, 0, C["parental_need"]), fys)
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
                contacts.append((c, pen, pick1(rng, src_all, p_all)))
                for t in rng.integers(earliest, pen, size=rng.poisson(0.6)) if pen > earliest else []:
                    contacts.append((c, int(t), pick1(rng, src_all, p_all)))
        else:
            for st in plan_dates:
                t = st - int(rng.integers(1, 40))
                s = pick1(rng, src_all, p_all)
                contacts.append((c, t, s))
                refs.append((c, t, s))
            for t in rng.integers(earliest, d, size=rng.poisson(1.2)):
                contacts.append((c, int(t), pick1(rng, src_all, p_all)))
        # the assessment before entry
        ad = d - int(rng.integers(5, 120))
        assess.append((c, ad, _entry_factors(rng, age[i], uasc[i], parental[i])))
    # population of other children: plans, contacts, referrals, assessments
    pool_n = int(ctx.p.population_0_17 * 0.55)
    pool = ids_pool_start + np.arange(pool_n)
    n_years = (ctx.end - lo) / 365.25
    scale = ctx.p.population_0_17 / 110_000
    pre = 3 * 365  # plans started before the window, still open in it
    extra_plans = {}
    extra_con = []
    for name, per_year, mean_days, sd in (("eh", 2400, 200, 0.6), ("cin", 1450, 1000, 0.9), ("cp", 450, 290, 0.6)):
        k = rng.poisson(per_year * scale * (n_years + pre / 365.25))
        starts = rng.integers(lo - pre, ctx.end + 1, size=k)
        du = np.exp(np.log(mean_days) + sd * rng.normal(size=k) - sd * sd / 2).astype(int) + 14
        who = rng.choice(pool, size=k)
        extra_plans[name] = pd.DataFrame({"child": who, "s": starts, "e": starts + du})
        extra_con.append(
            pd.DataFrame({"child": who, "t": starts - rng.integers(1, 40, size=k), "src": pick(rng, src_all, p_all, k)})
        )
    extra_con = pd.concat(extra_con, ignore_index=True)
    # background contacts (most do not lead to a plan)
    k = rng.poisson(16_000 * scale * n_years)
    t = rng.integers(lo, ctx.end + 1, size=k)
    who = rng.choice(pool, size=k)
    src = pick(rng, src_all, p_all, k)
    bg = pd.DataFrame({"child": who, "t": t, "src": src})
    is_ref = qbool(rng, k, 0.22)
    contacts_df = pd.concat(
        [pd.DataFrame(contacts, columns=["child", "t", "src"]), extra_con, bg], ignore_index=True
    ).drop_duplicates()
    refs_df = pd.concat(
        [pd.DataFrame(refs, columns=["child", "t", "src"]), extra_con, bg[is_ref]], ignore_index=True
    ).drop_duplicates()
    # assessments after most referrals of other children
    others = refs_df[~refs_df["child"].isin(set(ent["child"]))]
    take = qbool(rng, len(others), 0.8)
    oa = others[take]
    oa_t = oa["t"].to_numpy() + rng.integers(5, 45, size=len(oa))
    oa_f = _background_factors(rng, len(oa))
    assess_df = pd.concat(
        [
            pd.DataFrame(assess, columns=["child", "t", "f"]),
            pd.DataFrame({"child": oa["child"].to_numpy(), "t": oa_t, "f": oa_f}),
        ],
        ignore_index=True,
    )

    def plans(lst, more):
        df = pd.concat([pd.DataFrame(lst, columns=["child", "s", "e"]), more], ignore_index=True)
        df["e"] = df["e"].astype(float)
        df.loc[df["e"] > ctx.end, "e"] = np.nan
        df = df[(df["s"] <= ctx.end) & (df["e"].isna() | (df["e"] >= lo))]
        return df.drop_duplicates(["child", "s"])

    def dated(df, col="t"):
        return df[(df[col] >= lo) & (df[col] <= ctx.end)]

    return (
        plans(eh, extra_plans["eh"]),
        plans(cin, extra_plans["cin"]),
        plans(cp, extra_plans["cp"]),
        dated(contacts_df),
        dated(refs_df),
        dated(assess_df),
        ent,
    )


def _entry_sources(rng, school_age, uasc, years):
    """Source of each entrant's last contact before entry (quota within each group)."""
    out = np.empty(len(uasc), dtype=object)
    for sel, (opts, p) in (
        (uasc, (["6", "5C", "8", "7"], [0.5, 0.3, 0.15, 0.05])),
        (~uasc & school_age, _SRC_SCHOOL_AGE),
        (~uasc & ~school_age, _SRC_YOUNG),
    ):
        idx = np.flatnonzero(sel)
        out[idx] = pick_g(rng, opts, p, years[idx])
    return out


def _entry_factors(rng, age, uasc, parental):
    """The ``;``-joined factor codes at an entrant's assessment before entry."""
    codes = []
    if uasc:
        codes.append("9A")
    elif parental:
        for c, p in _PARENTAL_P.items():
            if rng.random() < p:
                codes.append(c)
        if not any(c in _PARENTAL_P for c in codes):
            codes.append(pick1(rng, ["4B", "3B", "2B"], [0.4, 0.35, 0.25]))
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
    """Factor codes at ``n`` assessments of children in the background pool (``21`` if none)."""
    codes = list(_PARENTAL_P) + list(_CHILD_P) + ["14A", "10A", "15A"]
    probs = np.array(
        [p * 0.6 for p in _PARENTAL_P.values()] + [p * 0.7 for p in _CHILD_P.values()] + [0.06, 0.05, 0.05]
    )
    draws = rng.random((n, len(codes))) < probs
    out = np.full(n, "", dtype=object)
    for j, c in enumerate(codes):
        out = np.where(draws[:, j], out + (c + ";"), out)
    out = np.array([x[:-1] if x else "21" for x in out], dtype=object)
    return out
