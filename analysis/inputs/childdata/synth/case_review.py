"""The case-review table: a practitioner review of a sample of recent entrants' records."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.inputs.childdata.synth.calibration import YEAR
from analysis.inputs.childdata.synth.context import SynthContext
from analysis.inputs.childdata.synth.draws import multi, pick, qbool
from analysis.inputs.childdata.synth.episodes import PLACEMENT_GROUP


def case_review(ctx: SynthContext, per: pd.DataFrame, ep: pd.DataFrame) -> pd.DataFrame:
    """One review per sampled child who first entered between four years and six months before the end."""
    rng = ctx.rng
    first = per.sort_values("start").drop_duplicates("child")
    pool = first[(first["start"] >= ctx.end - 4 * 365) & (first["start"] <= ctx.end - 182)]
    n = min(ctx.p.n_case_reviews, len(pool))
    sample = pool.iloc[np.sort(rng.choice(len(pool), size=n, replace=False))]
    child = sample["child"].to_numpy()
    age = (sample["start"].to_numpy() - sample["dob"].to_numpy()) / YEAR
    stay = (np.minimum(sample["true_end"].to_numpy(), ctx.end) - sample["start"].to_numpy()) > 365
    phase = np.select([age < 4, age < 11, age < 16], ["PRE_SCHOOL", "PRIMARY", "SECONDARY"], "POST16")
    # voice: by phase
    voice = np.empty(n, dtype=object)
    for ph, (pc, pp) in {
        "PRE_SCHOOL": (0.03, 0.07),
        "PRIMARY": (0.16, 0.24),
        "SECONDARY": (0.55, 0.33),
        "POST16": (0.55, 0.33),
    }.items():
        idx = np.flatnonzero(phase == ph)
        voice[idx] = pick(rng, ["CONSISTENT", "PARTIAL", "NOT_CAPTURED"], [pc, pp, 1 - pc - pp], len(idx))
    # confidence that care could have been avoided, by voice
    p_conf = np.select([voice == "CONSISTENT", voice == "PARTIAL"], [0.56, 0.31], 0.21)
    conf = qbool(rng, n, p_conf)
    improv = conf | qbool(rng, n, 0.55)
    conf_lvl = np.where(conf, pick(rng, ["LOW", "MEDIUM", "HIGH"], [0.45, 0.35, 0.20], n), "NONE")
    improv_after = qbool(rng, n, 0.325)
    conf_exit = np.where(
        improv_after & qbool(rng, n, 0.33), pick(rng, ["LOW", "MEDIUM", "HIGH"], [0.5, 0.35, 0.15], n), "NONE"
    )
    need = pick(rng, ["N1", "N5", "N4", "N8", "N3", "N2", "N6"], [0.55, 0.12, 0.10, 0.08, 0.06, 0.04, 0.05], n)
    mh = qbool(rng, n, 0.50)
    sm = qbool(rng, n, np.where(mh, 0.45, 0.32))
    da = qbool(rng, n, 0.45)
    use = {
        "ADULT_MH": mh & qbool(rng, n, np.where(mh, 0.50, 0)),
        "SUBSTANCE": sm & qbool(rng, n, np.where(sm, 0.48, 0)),
        "DOMESTIC_ABUSE": da & qbool(rng, n, np.where(da, 0.52, 0)),
        "GP": (mh | sm | da) & qbool(rng, n, np.where(mh | sm | da, 0.55, 0)),
        "ADULT_SOCIAL_CARE": qbool(rng, n, 0.05),
    }
    ps = []
    for i in range(n):
        s = [k for k, v in use.items() if v[i]]
        ps.append(";".join(s) if s else "NONE")
    sb = multi(
        rng,
        n,
        {
            "GP_HEALTH": 0.45,
            "POLICE": 0.41,
            "SCHOOL": 0.36,
            "MENTAL_HEALTH": 0.29,
            "HOUSING": 0.15,
            "DOMESTIC_ABUSE": 0.14,
            "SUBSTANCE": 0.11,
            "EARLY_YEARS": 0.10,
            "VOLUNTARY": 0.09,
            "YOUTH_JUSTICE": 0.05,
            "PROBATION": 0.04,
        },
        empty="NONE",
    )
    en = multi(
        rng,
        n,
        {
            "CONSENT": 0.42,
            "INFO_SHARING": 0.34,
            "EARLIER_SUPPORT": 0.24,
            "ADULT_SERVICES": 0.21,
            "CAPACITY": 0.18,
            "SCHOOL": 0.11,
            "FAMILY_NETWORK": 0.10,
            "HOUSING": 0.06,
        },
    )
    consent = np.array(["CONSENT" in e for e in en])
    cc = np.full(n, None, dtype=object)
    cc[consent] = multi(
        rng,
        int(consent.sum()),
        {
            "TRAUMA_INFORMED": 0.40,
            "EARLIER": 0.33,
            "MENTAL_LOAD": 0.28,
            "TRUSTED_PERSON": 0.20,
            "FAMILY_GROUP": 0.15,
            "PRACTICAL": 0.12,
        },
    )
    rb = np.full(n, None, dtype=object)
    rb[improv_after] = multi(
        rng,
        int(improv_after.sum()),
        {
            "JOINED_UP": 0.46,
            "CAPACITY": 0.31,
            "PARENT_NEEDS": 0.28,
            "NETWORK_NOT_EXPLORED": 0.21,
            "FAMILY_TIME": 0.16,
            "CHILD_WISHES": 0.10,
            "DISTANCE": 0.07,
        },
    )
    # care setting from the last placement of the child's first period
    last = ep.sort_values("DECOM").groupby("child").last()
    lp = last.loc[child]
    grp = pd.Series(lp["PLACE"].map(PLACEMENT_GROUP).fillna("Other").to_numpy())
    setting = grp.map(
        {
            "Fostering": "FOSTER",
            "Kinship fostering": "KINSHIP",
            "Residential": "RESIDENTIAL",
            "Supported accommodation": "SUPPORTED",
            "Placed with parents": "PLACED_WITH_PARENTS",
            "Placed for adoption": "ADOPTION",
            "Secure": "SECURE",
            "Other": "OTHER",
        }
    ).to_numpy(dtype=object)
    fo = setting == "FOSTER"
    setting[fo] = np.where(lp["PLACE_PROVIDER"].to_numpy()[fo] == "PR1", "FOSTER_LA", "FOSTER_AGENCY")
    # permanence plans
    plans = ["RETURN_FAMILY", "FAMILY_NETWORK", "ADOPTION", "LT_FOSTERING", "RESIDENTIAL", "INDEPENDENCE"]
    init = np.where(
        stay,
        pick(rng, plans, [0.285, 0.17, 0.12, 0.33, 0.05, 0.045], n),
        pick(rng, plans, [0.62, 0.20, 0.03, 0.10, 0.02, 0.03], n),
    )
    cur = init.copy()
    chg = (init == "RETURN_FAMILY") & stay & qbool(rng, n, 0.44)
    cur[chg] = pick(rng, ["LT_FOSTERING", "FAMILY_NETWORK", "ADOPTION"], [0.6, 0.3, 0.1], chg.sum())
    date = np.minimum(ctx.end, sample["start"].to_numpy() + rng.integers(200, 900, size=n))
    rtype = np.where(np.arange(n) < max(n * 100 // 380, 1), "DEEP_DIVE", "CASE_NOTES")
    rng.shuffle(rtype)
    yn = lambda b: np.where(b, "Y", "N")  # noqa: E731
    return pd.DataFrame(
        {
            "child": child,
            "t": date,
            "REVIEW_TYPE": rtype,
            "IMPROVABLE_BEFORE": yn(improv),
            "CONFIDENCE_AVOID": conf_lvl,
            "IMPROVABLE_AFTER": yn(improv_after),
            "CONFIDENCE_EXIT": conf_exit,
            "PRIMARY_NEED": need,
            "PARENT_MENTAL_HEALTH": yn(mh),
            "PARENT_SUBSTANCE": yn(sm),
            "PARENT_DOMESTIC_ABUSE": yn(da),
            "PARENT_SERVICES": ps,
            "SERVICES_BEFORE": sb,
            "ENABLERS": en,
            "CONSENT_CHANGE": cc,
            "VOICE": voice,
            "SCHOOL_PHASE": phase,
            "CARE_SETTING": setting,
            "RECONNECTION_BARRIERS": rb,
            "INITIAL_PLAN": init,
            "CURRENT_PLAN": cur,
        }
    )
