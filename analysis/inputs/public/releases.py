"""Which release wins: DfE republishes the last five years in every release.

:func:`latest_release` keeps, for each council, year and measure, the latest release that gives a
number (an earlier published number outlives a later suppression; a revision is remembered).
:func:`latest_panel` holds the result for one public folder in plain dicts for fast lookups.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.inputs.public.tables import read_all


def latest_release(long: pd.DataFrame) -> pd.DataFrame:
    """One row per (code, year, measure): the latest release that gives a number wins.

    Returns columns code, year, measure, value, flag, vintage, source, plus
    ``superseded_flag`` (a later release's suppression code that was overridden by an earlier
    published number, else '') and ``revised_from`` (the previous release's different number,
    else NaN).  Where no release gives a number, value is NaN and flag is the latest code.
    """
    keys = ["code", "year", "measure"]
    df = long.sort_values(keys + ["vintage"], kind="stable")
    num = df[df["value"].notna()]
    best_num = num.groupby(keys, sort=False).tail(1)
    # Rows with no number at all: take the latest informative code (a release file's
    # 'c'/'x'/'z' rather than LAIT's bare '-'), else the latest row.
    latest_any = df.groupby(keys, sort=False).tail(1)
    missing = latest_any.merge(best_num[keys], on=keys, how="left", indicator=True)
    missing = missing[missing["_merge"] == "left_only"].drop(columns="_merge")
    if len(missing):
        informative = df[df["value"].isna() & ~df["flag"].isin(["-", "blank", ""])]
        informative = informative.groupby(keys, sort=False).tail(1)
        better = missing[keys].merge(informative, on=keys, how="inner")
        missing = pd.concat(
            [
                better,
                missing.merge(better[keys], on=keys, how="left", indicator=True)
                .query("_merge == 'left_only'")
                .drop(columns="_merge"),
            ],
            ignore_index=True,
        )
    # Later suppression overridden by an earlier number.
    sup = latest_any.merge(best_num[keys + ["vintage"]], on=keys, suffixes=("", "_num"))
    sup = sup[(sup["vintage"] > sup["vintage_num"]) & sup["value"].isna()][keys + ["flag"]]
    sup = sup.rename(columns={"flag": "superseded_flag"})
    # Revisions: the previous different number from an older release.
    prev = num.groupby(keys, sort=False).nth(-2) if len(num) else num
    prev = prev[keys + ["value"]].rename(columns={"value": "revised_from"})
    out = pd.concat([best_num, missing], ignore_index=True)
    out = out.merge(sup, on=keys, how="left").merge(prev, on=keys, how="left")
    out["superseded_flag"] = out["superseded_flag"].fillna("")
    out.loc[out["revised_from"] == out["value"], "revised_from"] = np.nan
    return out.sort_values(keys).reset_index(drop=True)


@dataclass(frozen=True)
class Panel:
    """Resolved values keyed by (code, year, measure) in plain dicts (fast scalar lookups)."""

    value: dict  # -> float (NaN if no release gives a number)
    flag: dict  # -> suppression code ('' for a number)
    source: dict  # -> file the value comes from
    superseded: dict  # -> later release's code overridden by an earlier number
    revised: dict  # -> previous release's different number


@lru_cache(maxsize=4)
def latest_panel(base: str) -> Panel:
    """The latest release of every value read from the public folder ``base`` (cached)."""
    res = latest_release(read_all(base))
    keys = list(zip(res["code"].tolist(), res["year"].astype(int).tolist(), res["measure"].tolist()))
    value = dict(zip(keys, res["value"].astype(float).tolist()))
    flag = dict(zip(keys, res["flag"].fillna("").astype(str).tolist()))
    source = dict(zip(keys, res["source"].fillna("").astype(str).tolist()))
    sup = {k: f for k, f in zip(keys, res["superseded_flag"].astype(str).tolist()) if f}
    rev = {k: v for k, v in zip(keys, res["revised_from"].astype(float).tolist()) if v == v}
    return Panel(value, flag, source, sup, rev)


def clear_cache() -> None:
    """Forget the resolved values."""
    latest_panel.cache_clear()
