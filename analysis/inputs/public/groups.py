"""Group histories: yearly sums over a group of councils (the CCN members, England, any list), and
the comparison of the CCN sum with the report's published figures.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.common.errors import InputError, Problem
from analysis.inputs.public.councils import (
    DIRECT_PREDECESSORS,
    ENGLAND_CODE,
    cached_councils,
    ccn_members,
    resolve_la,
    succession_for,
)
from analysis.inputs.public.files import FIRST_YEAR, LAST_YEAR, predecessor_method
from analysis.inputs.public.paths import resolve_public_dir
from analysis.inputs.public.per_council import cached_all_histories, cached_history
from analysis.inputs.public.releases import latest_panel

#: The report's published CCN children-in-care figures (years ending 31 March).
PUBLISHED_CCN_CLA = {2016: 20_761, 2025: 26_732}

SUM_COLUMNS = (
    "cla",
    "cla_uasc",
    "starts",
    "ceases",
    "returned_home_planned",
    "returned_home_unplanned",
    "spend",
    "population_0_17",
)


def group_history(
    group="ccn",
    public_dir=None,
    *,
    predecessors: str = "as_then",
    method: str | None = None,
    first_year: int | None = None,
    last_year: int | None = None,
) -> pd.DataFrame:
    """Yearly sums for a group of councils.

    ``group``: ``"ccn"`` (the 38 confirmed CCN members), ``"england"`` (DfE's published national
    figures, not a sum of councils) or a list of council queries (codes or names).

    ``predecessors`` (member groups only) says what stands for a member council in the years
    before it existed:

    * ``"as_then"`` (default): the authority or authorities that ran its area then, whole and
      counted once (Cumbria for Cumberland + Westmorland and Furness, Northamptonshire for
      North + West Northamptonshire, Dorset County Council -- including Christchurch -- for
      Dorset, Bournemouth + Poole for BCP).  This is the sum of DfE's published figures for the
      authorities as they were; exact wherever all successors of a split are in the group.
    * ``"estimated"``: each member's :func:`council_history` (predecessor years estimated with
      ``method``), i.e. a consistent present-day area.

    Columns: year, cla, cla_uasc, cla_excl_uasc, cla_rate_per_10k, starts, ceases,
    returned_home, spend, population_0_17, returned_home_planned, returned_home_unplanned,
    n_members, n_authorities (authorities summed that year) and ``n_with_<column>``
    (authorities with a value).  Sums skip suppressed values (so they are lower bounds where
    n_with_<column> < n_authorities); ``returned_home`` is the sum of the planned and unplanned
    parts over the authorities that report each; ``cla_excl_uasc`` = cla - cla_uasc;
    ``cla_rate_per_10k`` uses only authorities with both cla and population.
    """
    params = public_dir if hasattr(public_dir, "predecessor_method") else None
    base = str(resolve_public_dir(public_dir))
    m = predecessor_method(method, params)
    fy = int(first_year or getattr(params, "first_year", None) or FIRST_YEAR)
    ly = int(last_year or getattr(params, "last_year", None) or LAST_YEAR)
    if predecessors not in ("as_then", "estimated"):
        raise InputError(
            Problem("Unknown predecessors option", value=predecessors, expected="'as_then' or 'estimated'")
        )
    years = list(range(fy, ly + 1))
    notes: list[str] = []
    if isinstance(group, str) and group.strip().lower() == "england":
        panel = latest_panel(base)
        out = pd.DataFrame({"year": years})
        for c in SUM_COLUMNS:
            out[c] = [panel.value.get((ENGLAND_CODE, y, c), float("nan")) for y in years]
        allh = cached_all_histories(base, fy, ly, m)
        n_members = len(cached_councils(base))
        n_auth = pd.Series(n_members, index=years)
        counts = allh.groupby("year")[list(SUM_COLUMNS)].count().reindex(years)
        notes.append(
            "England: DfE's published national figures (rounded by DfE), not the sum "
            "of the 153 councils; n_with_<column> counts councils reporting a value."
        )
        sources = {
            c: "; ".join(sorted({panel.source.get((ENGLAND_CODE, y, c), "") for y in years} - {""})) or "(no value)"
            for c in SUM_COLUMNS
        }
        name = "England"
        members = [c.dfe_code for c in cached_councils(base)]
    else:
        if isinstance(group, str) and group.strip().lower() == "ccn":
            member_list = [c.dfe_code for c in ccn_members(base)]
            name = "CCN (38 confirmed members)"
        elif isinstance(group, str):
            raise InputError(Problem("Unknown group", value=group, expected="'ccn', 'england' or a list of councils"))
        else:
            member_list = list(dict.fromkeys(resolve_la(q, base).dfe_code for q in group))
            name = "custom group"
        members = member_list
        n_members = len(member_list)
        allh = cached_all_histories(base, fy, ly, m)
        if predecessors == "estimated":
            sub = allh[allh["dfe_code"].isin(member_list)]
            est = sub[sub["from_predecessors"]]
            if len(est):
                notes.append(
                    "Years before a member council existed are estimated from its "
                    f"predecessors (predecessor_method='{m}'): " + ", ".join(sorted(set(est["dfe_code"]))) + "."
                )
        else:
            pairs: dict[tuple[str, int], None] = {}
            replaced: dict[str, set[str]] = {}
            for code in member_list:
                succ = succession_for(code)
                for y in years:
                    if succ is not None and y < succ.first_year:
                        for p in DIRECT_PREDECESSORS[code]:
                            pairs[(p, y)] = None
                            replaced.setdefault(p, set()).add(code)
                    else:
                        pairs[(code, y)] = None
            frames = [allh[["dfe_code", "year"] + list(SUM_COLUMNS)]]
            for p in replaced:
                h, _, _ = cached_history(base, p, fy, ly, m)
                h = h[["year"] + list(SUM_COLUMNS)].copy()
                h.insert(0, "dfe_code", p)
                frames.append(h)
            pool = pd.concat(frames, ignore_index=True)
            want = pd.DataFrame(list(pairs), columns=["dfe_code", "year"])
            sub = want.merge(pool, on=["dfe_code", "year"], how="left")
            for p, succs in sorted(replaced.items()):
                notes.append(
                    f"Before its successor(s) {', '.join(sorted(succs))} existed, the "
                    f"figures of the authority then responsible ({p}) are summed whole."
                )
            if "835" in replaced and "839" not in member_list:
                notes.append(
                    "Dorset County Council (835) also covered Christchurch, which has "
                    "been part of BCP (not in this group) since April 2019."
                )
        g = sub.groupby("year")
        out = g[list(SUM_COLUMNS)].sum(min_count=1).reindex(years).reset_index()
        counts = g[list(SUM_COLUMNS)].count().reindex(years)
        n_auth = g.size().reindex(years).fillna(0).astype(int)
        both = sub[sub["cla"].notna() & sub["population_0_17"].notna()].groupby("year")
        rate = (both["cla"].sum() / both["population_0_17"].sum() * 10_000).reindex(years)
        out["cla_rate_per_10k"] = rate.to_numpy()
        sources = {c: "sum over the member authorities' histories (see council_history)" for c in SUM_COLUMNS}
    out["n_authorities"] = n_auth.to_numpy()
    if "cla_rate_per_10k" not in out:
        out["cla_rate_per_10k"] = out["cla"] / out["population_0_17"] * 10_000
    out["returned_home"] = out[["returned_home_planned", "returned_home_unplanned"]].sum(axis=1, min_count=1)
    out["cla_excl_uasc"] = out["cla"] - out["cla_uasc"]
    out["n_members"] = n_members
    for c in SUM_COLUMNS:
        out[f"n_with_{c}"] = counts[c].fillna(0).astype(int).to_numpy()
    for c in SUM_COLUMNS:
        short = out.loc[out[f"n_with_{c}"] < out["n_authorities"], "year"].tolist()
        if short and name != "England":
            notes.append(
                f"{c}: some authorities have no value in {', '.join(map(str, short))} "
                "(suppressed or not published); the sum covers those with data."
            )
    cols = [
        "year",
        "cla",
        "cla_uasc",
        "cla_excl_uasc",
        "cla_rate_per_10k",
        "starts",
        "ceases",
        "returned_home",
        "spend",
        "population_0_17",
        "returned_home_planned",
        "returned_home_unplanned",
        "n_members",
        "n_authorities",
    ] + [f"n_with_{c}" for c in SUM_COLUMNS]
    out = out[cols]
    out.attrs["group"] = name
    out.attrs["members"] = list(members)
    out.attrs["notes"] = notes
    out.attrs["sources"] = sources
    out.attrs["predecessor_method"] = m
    out.attrs["predecessors"] = predecessors if name != "England" else None
    return out


def compare_with_published(df: pd.DataFrame, published: dict[int, float] | None = None) -> pd.DataFrame:
    """The group's CLA (with and without UASC) vs the report's published CCN figures.

    Returns one row per published year: published, dfe_cla, dfe_cla_excl_uasc and the
    differences / ratios (DfE minus published).
    """
    published = dict(PUBLISHED_CCN_CLA if published is None else published)
    rows = []
    by_year = df.set_index("year")
    for year, pub in sorted(published.items()):
        cla = float(by_year["cla"].get(year, np.nan))
        excl = (
            float(by_year["cla_excl_uasc"].get(year, np.nan))
            if "cla_excl_uasc" in by_year
            else cla - float(by_year["cla_uasc"].get(year, np.nan))
        )
        rows.append(
            {
                "year": year,
                "published": pub,
                "dfe_cla": cla,
                "dfe_cla_excl_uasc": excl,
                "diff": cla - pub,
                "diff_excl_uasc": excl - pub,
                "ratio": cla / pub if pub else math.nan,
                "ratio_excl_uasc": excl / pub if pub else math.nan,
            }
        )
    out = pd.DataFrame(rows)
    out.attrs["notes"] = [
        "published = the report's CCN children-in-care figures (20,761 in 2016, 26,732 in 2025); "
        "dfe_cla = sum of DfE's published counts for the group; the gap means the report used a "
        "different set of authorities or definition."
    ]
    return out
