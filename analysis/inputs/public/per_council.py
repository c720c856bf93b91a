"""Per-council histories: one row per year (ending 31 March) for each of the 153 councils.

Each value is the latest release that gives a number (:mod:`analysis.inputs.public.releases`);
years before a council existed come from its predecessors
(:mod:`analysis.inputs.public.successions`).  Every empty cell, estimate and revision is
explained in ``df.attrs["notes"]``; which file feeds which column is set out in
:mod:`analysis.inputs.public.history`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.common.errors import InputError, Problem
from analysis.inputs.public.councils import cached_councils, resolve_la, succession_for
from analysis.inputs.public.files import FIRST_YEAR, LAST_YEAR, describe_flag, predecessor_method
from analysis.inputs.public.paths import resolve_public_dir
from analysis.inputs.public.releases import latest_panel
from analysis.inputs.public.successions import fill_predecessor_years
from analysis.inputs.public.tables import MEASURES, UASC_MEASURES

#: Output columns of :func:`council_history`, in order.
HISTORY_COLUMNS: tuple[str, ...] = (
    "year",
    "cla",
    "cla_uasc",
    "cla_rate_per_10k",
    "starts",
    "starts_uasc",
    "ceases",
    "returned_home",
    "spend",
    "population_0_17",
    "returned_home_planned",
    "returned_home_unplanned",
    "from_predecessors",
)

#: What each history column means (also in ``df.attrs["definitions"]``).
DEFINITIONS = {
    "year": "year ending 31 March (financial year April to March for spend)",
    "cla": "children looked after at 31 March (DfE SSDA903 return)",
    "cla_uasc": "unaccompanied asylum-seeking children looked after at 31 March",
    "cla_rate_per_10k": "cla per 10,000 children aged 0-17 (population_0_17), unrounded",
    "starts": "children who started to be looked after during the year",
    "starts_uasc": (
        "of the starts, unaccompanied asylum-seeking children: starts x the LAIT share of starts who were "
        "UASC (UASC_%_Starting, whole per cent, 2020 on); before 2020, starts with category of need N8 "
        "'absent parenting' (2018-2022 release), a proxy; empty where neither is published"
    ),
    "ceases": "children who ceased to be looked after during the year",
    "returned_home": (
        "ceased: returned home to live with parents or other person with parental "
        "responsibility, as part of the care plan or not (planned + unplanned)"
    ),
    "spend": (
        "S251 OUTTURN (actual, not budget): 'Total Children Looked After (finance)' gross "
        "expenditure in GBP for the financial year ending 31 March (LAIT TotalLACFinance); "
        "no public S251 budget exists, so there is no budget column"
    ),
    "population_0_17": "ONS mid-year estimate of children aged 0-17 at mid-(year-1), as DfE uses",
    "from_predecessors": "True where the year is before the council existed and is estimated",
}


# --------------------------------------------------------------------------- council history


def _uasc_starts(panel, code: str, years: list[int], pre_years: list[int], starts: np.ndarray) -> np.ndarray:
    """Starts who were UASC, year by year: starts x the published share where there is one, else the
    N8 'absent parenting' starts (never more than all starts); NaN before the council existed."""
    out = np.full(len(years), np.nan)
    for i, y in enumerate(years):
        if y in pre_years or not np.isfinite(starts[i]):
            continue
        pct = panel.value.get((code, y, "uasc_start_pct"), np.nan)
        n8 = panel.value.get((code, y, "starts_n8"), np.nan)
        if np.isfinite(pct):
            out[i] = round(starts[i] * pct / 100.0)
        elif np.isfinite(n8):
            out[i] = min(n8, starts[i])
    return out


def _build_history(base: str, code: str, first_year: int, last_year: int, method: str):
    panel = latest_panel(base)
    nan = float("nan")
    years = list(range(first_year, last_year + 1))
    vals = {m: [panel.value.get((code, y, m), nan) for y in years] for m in MEASURES}
    flags = {m: [panel.flag.get((code, y, m), "") for y in years] for m in MEASURES}
    srcs = {m: [panel.source.get((code, y, m), "") for y in years] for m in MEASURES}
    notes: list[str] = []
    succ = succession_for(code)
    pre_years: list[int] = []
    if succ is not None:
        pre_years = [y for y in years if y < succ.first_year]
    from_pred = [y in pre_years for y in years]
    if succ is not None and pre_years:
        notes.extend(fill_predecessor_years(panel, succ, code, years, pre_years, last_year, method, vals, flags, srcs))
    # Suppression / missing / revision notes for the council's own years.
    for m in MEASURES:
        for i, y in enumerate(years):
            if y in pre_years:
                continue
            v = vals[m][i]
            if v != v:
                f = flags[m][i]
                if m == "spend" and y == 2016 and f == "":
                    notes.append(
                        "spend 2016: S251 outturn for 2015-16 is not in the public "
                        "snapshot (LAIT starts at 2016-17); left empty."
                    )
                    continue
                notes.append(f"{m} {y}: {describe_flag(f)} -> NaN.")
            key = (code, y, m)
            sf = panel.superseded.get(key)
            if sf:
                notes.append(
                    f"{m} {y}: a later release shows '{sf}'; the number published "
                    f"in an earlier release is kept ({v:g})."
                )
            rv = panel.revised.get(key)
            if rv is not None:
                notes.append(f"{m} {y}: revised from {rv:g} to {v:g} in a later release (latest release used).")
    out = pd.DataFrame({"year": years})
    for m in MEASURES:
        out[m] = np.asarray(vals[m], dtype=float)
    out["starts_uasc"] = _uasc_starts(panel, code, years, pre_years, out["starts"].to_numpy(float))
    out["returned_home"] = out["returned_home_planned"] + out["returned_home_unplanned"]
    out["cla_rate_per_10k"] = out["cla"] / out["population_0_17"] * 10_000
    out["from_predecessors"] = np.asarray(from_pred, dtype=bool)
    rh_gap = out.loc[
        out["returned_home"].isna() & out[["returned_home_planned", "returned_home_unplanned"]].notna().any(axis=1),
        "year",
    ].tolist()
    if rh_gap:
        notes.append(
            "returned_home is empty where one of its two parts (planned / unplanned) is "
            f"suppressed: {', '.join(map(str, rh_gap))}; see returned_home_planned and "
            "returned_home_unplanned."
        )
    out = out[list(HISTORY_COLUMNS)]
    sources = {}
    for m in MEASURES:
        used = sorted({x for s_ in srcs[m] for x in s_.split("; ") if x})
        sources[m] = "; ".join(used) if used else "(no value)"
    sources["returned_home"] = "returned_home_planned + returned_home_unplanned: " + sources["returned_home_planned"]
    sources["cla_rate_per_10k"] = "computed: cla / population_0_17 x 10,000"
    uasc_src = sorted(
        {x for m in UASC_MEASURES for y in years for x in panel.source.get((code, y, m), "").split("; ") if x}
    )
    sources["starts_uasc"] = "computed: " + ("; ".join(uasc_src) if uasc_src else "(no value)")
    sources["year"] = "year ending 31 March"
    return out, tuple(notes), tuple(sorted(sources.items()))


@lru_cache(maxsize=2048)
def cached_history(base: str, code: str, first_year: int, last_year: int, method: str):
    """(history frame, notes, sources) of council ``code`` in the public folder ``base`` (cached: copy
    the frame before changing it)."""
    return _build_history(base, code, first_year, last_year, method)


def council_history(
    council, public_dir=None, *, method: str | None = None, first_year: int | None = None, last_year: int | None = None
) -> pd.DataFrame:
    """Yearly history (years ending 31 March) of one council.

    ``council`` is a :class:`Council`, a DfE code, an ONS code or a name.  ``public_dir`` is a
    path or a ``PublicDataParams`` (its ``predecessor_method``/years are then used unless
    given here).  Returns one row per year with columns
    :data:`HISTORY_COLUMNS`; ``df.attrs["notes"]`` (list of str) explains every empty cell and
    estimate, ``df.attrs["sources"]`` names the file(s) behind each column.
    """
    params = public_dir if hasattr(public_dir, "predecessor_method") else None
    base = str(resolve_public_dir(public_dir))
    c = resolve_la(council, base)
    m = predecessor_method(method, params)
    fy = first_year or getattr(params, "first_year", None) or FIRST_YEAR
    ly = last_year or getattr(params, "last_year", None) or LAST_YEAR
    if fy > ly:
        raise InputError(Problem("first_year is after last_year", value=(fy, ly)))
    df, notes, sources = cached_history(base, c.dfe_code, int(fy), int(ly), m)
    out = df.copy()
    out.attrs["council"] = {
        "dfe_code": c.dfe_code,
        "ons_code": c.ons_code,
        "name": c.name,
        "region": c.region,
        "ccn_member": c.ccn_member,
    }
    out.attrs["notes"] = list(notes)
    out.attrs["sources"] = dict(sources)
    out.attrs["predecessor_method"] = m
    out.attrs["definitions"] = dict(DEFINITIONS)
    return out


@lru_cache(maxsize=8)
def cached_all_histories(base: str, first_year: int, last_year: int, method: str) -> pd.DataFrame:
    """The histories of all 153 councils stacked, ``dfe_code`` first (cached: copy before changing it)."""
    frames = []
    for c in cached_councils(base):
        df, _, _ = cached_history(base, c.dfe_code, first_year, last_year, method)
        df = df.copy()
        df.insert(0, "dfe_code", c.dfe_code)
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def all_histories(
    public_dir=None, *, method: str | None = None, first_year: int | None = None, last_year: int | None = None
) -> pd.DataFrame:
    """Histories of all 153 councils stacked (column ``dfe_code`` first). Parsed once."""
    params = public_dir if hasattr(public_dir, "predecessor_method") else None
    base = str(resolve_public_dir(public_dir))
    m = predecessor_method(method, params)
    fy = first_year or getattr(params, "first_year", None) or FIRST_YEAR
    ly = last_year or getattr(params, "last_year", None) or LAST_YEAR
    out = cached_all_histories(base, int(fy), int(ly), m).copy()
    out.attrs["predecessor_method"] = m
    return out


def clear_cache() -> None:
    """Forget every history built."""
    cached_history.cache_clear()
    cached_all_histories.cache_clear()
