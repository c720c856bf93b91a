"""Run the generator's parts in their fixed order and assemble the council's tables.

The order of the steps is the order of draws from the one random stream: changing it
changes every table, so the same seed gives the same bytes only while it is kept.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config.childdata import ChildDataParams
from analysis.inputs.childdata.synth.calibration import YEAR
from analysis.inputs.childdata.synth.case_review import case_review
from analysis.inputs.childdata.synth.children import header, school
from analysis.inputs.childdata.synth.cin import cin_tables
from analysis.inputs.childdata.synth.context import SynthContext
from analysis.inputs.childdata.synth.draws import dates, fy, pick
from analysis.inputs.childdata.synth.episodes import episodes
from analysis.inputs.childdata.synth.identifiers import child_ids, postcodes, upns
from analysis.inputs.childdata.synth.population import areas, entrants, periods


def generate(
    seed: int = 2026, *, canary: bool = False, params: ChildDataParams | None = None, **size
) -> dict[str, pd.DataFrame]:
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
    return _build(SynthContext(int(seed), p, canary))


def _build(ctx: SynthContext) -> dict[str, pd.DataFrame]:
    ar = areas(ctx)
    kids = entrants(ctx, ar)
    per = periods(ctx, kids)
    ep = episodes(ctx, per)
    hd = header(ctx, kids, per)
    eh, cin, cp, con, ref, ass, ent = cin_tables(ctx, per, ids_pool_start=len(kids))
    sch = school(ctx, ent)
    cr = case_review(ctx, per, ep)

    # keep the episodes a real extract would hold: those open on or after the keep-from date
    ep = ep[ep["DEC"].isna() | (ep["DEC"] >= ctx.keep_from)]
    hd = hd[hd["child"].isin(set(ep["child"]))].reset_index(drop=True)

    n_pool = int(ctx.p.population_0_17 * 0.55)
    ids = child_ids(ctx, len(kids), n_pool)
    idmap = lambda s: ids[np.asarray(s, dtype=int)]  # noqa: E731
    upn_all = upns(ctx, len(hd), fy(hd["dob"].to_numpy()))
    has_upn = ((ctx.end - hd["dob"].to_numpy()) / YEAR >= 4.5) & ~hd["UASC"].to_numpy()
    post = postcodes(ctx, len(hd))
    post_of = dict(zip(hd["child"].to_numpy(), post))

    header_t = (
        pd.DataFrame(
            {
                "CHILD": idmap(hd["child"]),
                "SEX": hd["SEX"].to_numpy(),
                "DOB": dates(hd["dob"]),
                "ETHNIC": hd["ETHNIC"].to_numpy(),
                "UPN": np.where(has_upn, upn_all, None),  # type: ignore[call-overload]
                "UASC": np.where(hd["UASC"].to_numpy(), "Y", "N"),
            }
        )
        .sort_values("CHILD", kind="mergesort")
        .reset_index(drop=True)
    )
    episodes_t = (
        pd.DataFrame(
            {
                "CHILD": idmap(ep["child"]),
                "DECOM": dates(ep["DECOM"]),
                "RNE": ep["RNE"].to_numpy(),
                "LS": ep["LS"].to_numpy(),
                "CIN": ep["CIN"].to_numpy(),
                "PLACE": ep["PLACE"].to_numpy(),
                "PLACE_PROVIDER": ep["PLACE_PROVIDER"].to_numpy(),
                "DEC": dates(ep["DEC"]),
                "REC": ep["REC"].to_numpy(),
                "REASON_PLACE_CHANGE": ep["REASON_PLACE_CHANGE"].to_numpy(),
                "HOME_POST": [post_of.get(c) for c in ep["child"].to_numpy()],
                "WEEKLY_COST": ep["WEEKLY_COST"].to_numpy(),
            }
        )
        .sort_values(["CHILD", "DECOM"], kind="mergesort")
        .reset_index(drop=True)
    )
    home = (
        pd.DataFrame({"CHILD": idmap(hd["child"]), "LSOA21CD": ar.codes[hd["lsoa"].to_numpy()]})
        .sort_values("CHILD", kind="mergesort")
        .reset_index(drop=True)
    )

    def plan_frame(df, extra=None):
        out = pd.DataFrame({"CHILD": idmap(df["child"]), "START": dates(df["s"]), "END": dates(df["e"])})
        if extra is not None:
            out["CATEGORY"] = extra
        return out.sort_values(["CHILD", "START"], kind="mergesort").reset_index(drop=True)

    cat = pick(ctx.rng, ["NEG", "EMO", "PHY", "SAB", "MUL"], [0.50, 0.36, 0.07, 0.04, 0.03], len(cp))
    tables = {
        "header": header_t,
        "episodes": episodes_t,
        "referrals": pd.DataFrame(
            {"CHILD": idmap(ref["child"]), "REFERRAL_DATE": dates(ref["t"]), "REFERRAL_SOURCE": ref["src"].to_numpy()}
        )
        .sort_values(["CHILD", "REFERRAL_DATE"], kind="mergesort")
        .reset_index(drop=True),
        "assessments": pd.DataFrame(
            {"CHILD": idmap(ass["child"]), "ASSESSMENT_DATE": dates(ass["t"]), "FACTORS": ass["f"].to_numpy()}
        )
        .sort_values(["CHILD", "ASSESSMENT_DATE"], kind="mergesort")
        .drop_duplicates(["CHILD", "ASSESSMENT_DATE"])
        .reset_index(drop=True),
        "cin_plans": plan_frame(cin),
        "cp_plans": plan_frame(cp, cat),
        "early_help": plan_frame(eh),
        "contacts": pd.DataFrame(
            {"CHILD": idmap(con["child"]), "CONTACT_DATE": dates(con["t"]), "SOURCE": con["src"].to_numpy()}
        )
        .sort_values(["CHILD", "CONTACT_DATE"], kind="mergesort")
        .reset_index(drop=True),
        "school": pd.DataFrame(
            {
                "CHILD": idmap(sch["child"]),
                "DATE": dates(sch["t"]),
                "ATTENDANCE": sch["ATTENDANCE"].to_numpy(),
                "SEN": sch["SEN"].to_numpy(),
                "PHASE": sch["PHASE"].to_numpy(),
            }
        )
        .sort_values("CHILD", kind="mergesort")
        .reset_index(drop=True),
        "case_review": cr.assign(CHILD=idmap(cr["child"]), REVIEW_DATE=dates(cr["t"]))
        .drop(columns=["child", "t"])
        .sort_values("CHILD", kind="mergesort")
        .reset_index(drop=True),
        "home_lsoa": home,
        "population_imd": ar.population_imd,
    }
    cols = ["CHILD", "REVIEW_DATE"] + [c for c in tables["case_review"].columns if c not in ("CHILD", "REVIEW_DATE")]
    tables["case_review"] = tables["case_review"][cols]
    for k in ("cin_plans", "cp_plans", "early_help"):
        tables[k] = tables[k].drop_duplicates(["CHILD", "START"]).reset_index(drop=True)
    return tables
