"""Comparators across all 153 councils, and deprivation profiles (IMD 2025).

* :func:`comparators` -- one row per council for one year: rates and ratios for charts placing
  a council among all councils and within its region.
* :func:`deprivation_profile` -- share of a council's LSOAs in each national IMD 2025 decile.
* :func:`imd_decile_lookup` -- LSOA 2021 code -> IMD 2025 decile (for child-level data).

IMD sources: ``deprivation/imd2025_england_lsoa21.csv`` (MHCLG English Indices of
Deprivation 2025, converted from R by the snapshot), ``lookups/lookup_lsoa21_ward24_ltla24.csv``
(ONS LSOA21 -> LTLA24) and ``lookups/lookup_ltla23_utla23.csv`` (ONS LTLA -> UTLA).  The IMD
file carries no population, so the profile is by LSOA count only (LSOAs hold roughly equal
populations, about 1,500 residents, by design).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.common.errors import InputError, Problem
from analysis.inputs.public import extract
from analysis.inputs.public.councils import cached_councils, resolve_la
from analysis.inputs.public.files import FIRST_YEAR, LAST_YEAR, parse_values, predecessor_method, read_csv
from analysis.inputs.public.paths import require_file, resolve_public_dir
from analysis.inputs.public.per_council import cached_all_histories

IMD_FILE = "deprivation/imd2025_england_lsoa21.csv"
LSOA_LTLA_FILE = "lookups/lookup_lsoa21_ward24_ltla24.csv"
LTLA_UTLA_FILE = "lookups/lookup_ltla23_utla23.csv"


def comparators(year: int | None = None, public_dir=None, *, method: str | None = None) -> pd.DataFrame:
    """All 153 councils in one year (ending 31 March; default 2025).

    Columns: dfe_code, ons_code, name, region, ccn_member, cla, starts, ceases, returned_home,
    spend, population_0_17, cla_rate_per_10k, entry_rate_per_10k (starts per 10,000 children
    aged 0-17), spend_per_child (S251 outturn spend / children looked after at 31 March, GBP),
    share_returned_home (returned_home / ceases), share_returned_home_planned (the planned
    part only, which DfE suppresses far less often), region_median_cla_rate, and the rank of the
    CLA rate nationally (1 = highest) and in the region.
    """
    params = public_dir if hasattr(public_dir, "predecessor_method") else None
    base = str(resolve_public_dir(public_dir))
    m = predecessor_method(method, params)
    if year is None:
        year = getattr(params, "comparator_year", None) or LAST_YEAR
    year = int(year)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(
            Problem("Comparator year outside the data", value=year, expected=f"a year from {FIRST_YEAR} to {LAST_YEAR}")
        )
    allh = cached_all_histories(base, FIRST_YEAR, LAST_YEAR, m)
    h = allh[allh["year"] == year].set_index("dfe_code")
    rows = []
    for c in cached_councils(base):
        r = h.loc[c.dfe_code]
        rows.append(
            {
                "dfe_code": c.dfe_code,
                "ons_code": c.ons_code,
                "name": c.name,
                "region": c.region,
                "ccn_member": c.ccn_member,
                "cla": r["cla"],
                "starts": r["starts"],
                "ceases": r["ceases"],
                "returned_home": r["returned_home"],
                "returned_home_planned": r["returned_home_planned"],
                "spend": r["spend"],
                "population_0_17": r["population_0_17"],
                "from_predecessors": bool(r["from_predecessors"]),
            }
        )
    out = pd.DataFrame(rows)
    out["cla_rate_per_10k"] = out["cla"] / out["population_0_17"] * 10_000
    out["entry_rate_per_10k"] = out["starts"] / out["population_0_17"] * 10_000
    out["spend_per_child"] = out["spend"] / out["cla"]
    out["share_returned_home"] = out["returned_home"] / out["ceases"]
    out["share_returned_home_planned"] = out["returned_home_planned"] / out["ceases"]
    out["region_median_cla_rate"] = out.groupby("region")["cla_rate_per_10k"].transform("median")
    out["rank_cla_rate"] = out["cla_rate_per_10k"].rank(ascending=False, method="min").astype("Int64")
    out["rank_cla_rate_in_region"] = (
        out.groupby("region")["cla_rate_per_10k"].rank(ascending=False, method="min").astype("Int64")
    )
    out.insert(0, "year", year)
    out = out.sort_values("name").reset_index(drop=True)
    notes = []
    for col in (
        "cla_rate_per_10k",
        "entry_rate_per_10k",
        "spend_per_child",
        "share_returned_home",
        "share_returned_home_planned",
    ):
        n = int(out[col].isna().sum())
        if n:
            notes.append(
                f"{col}: empty for {n} council(s) in {year} (suppressed or unpublished "
                f"inputs): {', '.join(out.loc[out[col].isna(), 'name'].head(12))}" + (" ..." if n > 12 else "")
            )
    notes.append(
        "spend_per_child = S251 outturn 'Total Children Looked After' gross spend for the "
        "financial year ending 31 March / children looked after at 31 March."
    )
    notes.append(
        "share_returned_home = ceased by returning home to parents or others with "
        "parental responsibility (planned + unplanned) / all ceased; empty where DfE "
        "suppressed either part (the unplanned part is often a small suppressed count; "
        "share_returned_home_planned covers more councils)."
    )
    out.attrs["notes"] = notes
    out.attrs["predecessor_method"] = m
    return out


# --------------------------------------------------------------------------- deprivation


@lru_cache(maxsize=4)
def _imd_cached(base: str) -> pd.DataFrame:
    if extract.is_extract(base):
        return extract.table(base, IMD_FILE)
    return read_imd(Path(base))


def read_imd(b: Path) -> pd.DataFrame:
    """LSOA 2021 code -> IMD 2025 decile and rank, with the LTLA and UTLA each LSOA lies in."""
    imd_path = require_file(b, IMD_FILE)
    imd = read_csv(imd_path)
    for col in ("lsoa21_code", "IMD_decile"):
        if col not in imd.columns:
            raise InputError(Problem("Expected column missing", file=str(imd_path), column=col))
    dec, _ = parse_values(imd["IMD_decile"], file=str(imd_path), column="IMD_decile")
    bad = dec.notna() & ~dec.isin(list(range(1, 11)))
    if bad.any() or dec.isna().any():
        rows = [int(i) + 2 for i in imd.index[bad | dec.isna()][:20]]
        raise InputError(
            Problem("IMD decile outside 1-10 or missing", file=str(imd_path), column="IMD_decile", rows=rows)
        )
    out = pd.DataFrame({"lsoa21cd": imd["lsoa21_code"].str.strip(), "imd_decile": dec.astype(int)})
    if "IMD_rank" in imd.columns:
        rank, _ = parse_values(imd["IMD_rank"], file=str(imd_path), column="IMD_rank")
        out["imd_rank"] = rank
    lk_path = require_file(b, LSOA_LTLA_FILE)
    lk = read_csv(lk_path)
    if not {"lsoa21_code", "ltla24_code"} <= set(lk.columns):
        raise InputError(Problem("Expected columns missing", file=str(lk_path), expected="lsoa21_code, ltla24_code"))
    ut_path = require_file(b, LTLA_UTLA_FILE)
    ut = read_csv(ut_path)
    if not {"ltla23_code", "utla23_code"} <= set(ut.columns):
        raise InputError(Problem("Expected columns missing", file=str(ut_path), expected="ltla23_code, utla23_code"))
    out = out.merge(
        lk[["lsoa21_code", "ltla24_code"]].drop_duplicates("lsoa21_code"),
        left_on="lsoa21cd",
        right_on="lsoa21_code",
        how="left",
    )
    out = out.merge(
        ut[["ltla23_code", "utla23_code"]].drop_duplicates("ltla23_code"),
        left_on="ltla24_code",
        right_on="ltla23_code",
        how="left",
    )
    out = out.rename(columns={"ltla24_code": "ltla_code", "utla23_code": "utla_code"})
    return out[["lsoa21cd", "imd_decile"] + (["imd_rank"] if "imd_rank" in out else []) + ["ltla_code", "utla_code"]]


def imd_decile_lookup(public_dir=None) -> pd.DataFrame:
    """LSOA 2021 code -> IMD 2025 national decile (1 = most deprived 10% of LSOAs)."""
    base = str(resolve_public_dir(public_dir))
    out = _imd_cached(base)[["lsoa21cd", "imd_decile"]].copy()
    out.attrs["source"] = IMD_FILE + " (English Indices of Deprivation 2025, MHCLG)"
    return out


def deprivation_profile(council, public_dir=None) -> pd.DataFrame:
    """Share of the council's LSOAs in each national IMD 2025 decile (1 = most deprived).

    Columns: imd_decile (1..10), n_lsoa, share_lsoa, england_share_lsoa (0.1 by construction).
    No population-weighted share: the IMD file has no population column (noted in attrs).
    """
    base = str(resolve_public_dir(public_dir))
    c = resolve_la(council, base)
    imd = _imd_cached(base)
    sub = imd[imd["utla_code"] == c.ons_code]
    if sub.empty:
        raise InputError(
            Problem(
                f"No LSOAs found for {c.name} ({c.ons_code}) in the LSOA lookup",
                file=str(Path(base) / LSOA_LTLA_FILE),
                hint="The LSOA/LTLA/UTLA lookups may be older than the council",
            )
        )
    counts = sub["imd_decile"].value_counts().reindex(range(1, 11), fill_value=0)
    nat = imd["imd_decile"].value_counts().reindex(range(1, 11), fill_value=0)
    out = pd.DataFrame(
        {
            "imd_decile": list(range(1, 11)),
            "n_lsoa": counts.to_numpy(),
            "share_lsoa": (counts / counts.sum()).to_numpy(),
            "england_share_lsoa": (nat / nat.sum()).to_numpy(),
        }
    )
    out.attrs["council"] = c.name
    out.attrs["n_lsoa"] = int(counts.sum())
    out.attrs["notes"] = [
        "IMD 2025 national deciles of LSOA 2021 (1 = most deprived 10% in England); LSOAs "
        "assigned to the council via ONS LSOA21 -> LTLA24 -> UTLA lookups.",
        "Shares are of LSOAs, not population-weighted: the IMD file carries no population "
        "(LSOAs hold roughly equal populations by design).",
    ]
    out.attrs["sources"] = {"imd_decile": IMD_FILE, "lsoa_to_ltla": LSOA_LTLA_FILE, "ltla_to_utla": LTLA_UTLA_FILE}
    return out


def clear_cache() -> None:
    """Forget the IMD tables read."""
    _imd_cached.cache_clear()
