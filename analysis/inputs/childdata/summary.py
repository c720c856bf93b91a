"""A data summary of the episodes by year ending 31 March: for the analyst, not for publication.

* ``complete_years``: the years ending 31 March whose starts and ceases the extract fully holds:
  from the first complete year (judged, as the exit hazards judge it, from the earliest end date:
  an extract holds the episodes open on or after some date) to the last year whose 31 March the
  data reach (the latest date within 45 days of it);
* ``cla_31_march``: children with an episode open at 31 March (DECOM on or before, DEC after or
  blank), for 31 March before the first complete year and of every complete year;
* ``starts``: episodes starting to be looked after (RNE = S) in each complete year;
* ``ceases``: episodes ending in the year with a reason other than X1 (X1: a new episode
  began the same day), in each complete year.

``cla_31_march``, ``starts`` and ``ceases`` include children looked after under an agreed series
of short-term breaks (legal status V3 or V4), the convention of the field's demand-model tools;
``excluding_short_breaks`` gives the same three without them, the convention of the DfE's
published children-looked-after statistics (and of this package's evidence measures).

The counts are unrounded and unsuppressed: they are for checking the data against the
council's own figures, never for publication.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

SHORT_BREAKS = ("V3", "V4")
NOTE = (
    "For the analyst's checks only, not for publication: counts are unrounded and not "
    "disclosure-controlled. cla_31_march, starts and ceases include short breaks (legal status V3/V4); "
    "excluding_short_breaks gives the DfE convention."
)


def _fin_year(d: pd.Timestamp) -> int:
    return d.year + 1 if d.month >= 4 else d.year


def complete_years(ep: pd.DataFrame) -> list[int]:
    """Years ending 31 March whose flows the episodes fully hold (empty if no dates)."""
    dec = ep["DEC"].dropna()
    decom = ep["DECOM"].dropna()
    if not len(decom):
        return []
    ref = dec.min() if len(dec) else decom.min()
    y = _fin_year(ref)
    first = y if (ref - pd.Timestamp(y - 1, 4, 1)).days <= 31 else y + 1
    latest = max(decom.max(), dec.max() if len(dec) else decom.max())
    last = latest.year if latest >= pd.Timestamp(latest.year, 3, 31) - pd.Timedelta(days=45) else latest.year - 1
    return list(range(first, last + 1)) if last >= first else []


def _counts(ep: pd.DataFrame, years: list[int]) -> dict[str, dict[int, int]]:
    cla: dict[int, int] = {}
    starts: dict[int, int] = {}
    ceases: dict[int, int] = {}
    if years:
        for y in [years[0] - 1, *years]:
            d = pd.Timestamp(y, 3, 31)
            on = (ep["DECOM"] <= d) & (ep["DEC"].isna() | (ep["DEC"] > d))
            cla[y] = int(ep.loc[on, "CHILD"].nunique())
        for y in years:
            lo, hi = pd.Timestamp(y - 1, 4, 1), pd.Timestamp(y, 3, 31)
            if "RNE" in ep.columns:
                starts[y] = int(((ep["DECOM"] >= lo) & (ep["DECOM"] <= hi) & (ep["RNE"] == "S")).sum())
            if "REC" in ep.columns:
                ceased = (ep["DEC"] >= lo) & (ep["DEC"] <= hi) & ep["REC"].notna() & (ep["REC"] != "X1")
                ceases[y] = int(ceased.sum())
    return {"cla_31_march": cla, "starts": starts, "ceases": ceases}


def data_summary(ep: pd.DataFrame | None) -> dict[str, Any]:
    """The summary of typed, repaired episodes (empty dict when there are none)."""
    if ep is None or not len(ep) or not {"CHILD", "DECOM", "DEC"} <= set(ep.columns):
        return {}
    years = complete_years(ep)
    out: dict[str, Any] = {"note": NOTE, "short_breaks": "included", "complete_years": years}
    out.update(_counts(ep, years))
    no_sb = ep[~ep["LS"].isin(SHORT_BREAKS)] if "LS" in ep.columns else ep
    out["excluding_short_breaks"] = _counts(no_sb, years)
    return out
