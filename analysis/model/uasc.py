"""Unaccompanied asylum-seeking children (UASC), projected apart from the other children in care.

The published report left UASC out of its analysis: their arrivals follow national events and the
National Transfer Scheme, not a council's services, and prevention and reconnection cannot change
them.  A council's do-nothing projection therefore fits its stock-flow model to the *other* children
(children in care, starts and ceases less the UASC among them) and holds UASC apart:

* **children in care who are UASC** stay at their recent level, the mean of the last
  ``history.uasc_recent_years`` published counts (``uasc_level: recent``), or move in the first
  projected year to the National Transfer Scheme rate, ``uasc_nts_rate`` x the projected 0-17
  population (``uasc_level: nts``);
* **UASC starts** stay at the base year's number, and **UASC ceases** are whatever keeps the UASC
  count on that path (starts + last year's count - this year's count), so the chart of all starts
  and ceases is continuous at the base year.

The shifts act on the other children only; spend is the unit cost times all children in care.

Years without a published split are filled by documented rules (:func:`split`): a missing UASC count
takes the nearest published year's count; a missing share of starts who were UASC takes the UASC share of the children
in care that year; UASC ceases are derived from the stock-flow identity and kept between 0 and
all ceases.  With no UASC count in the base year, or no published share of starts at all, there is
nothing to hold apart and the model projects all children together (a note says so).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.config.model import ModelParams


@dataclass(frozen=True)
class UascSplit:
    """The other children's history and the UASC paths for base year + projected years."""

    other: pd.DataFrame
    cla: np.ndarray  # UASC in care at 31 March, base year then projected years
    entries: np.ndarray
    exits: np.ndarray
    notes: list[str]


def _nearest_fill(s: pd.Series) -> pd.Series:
    """Each missing value takes the nearest published year's value (the later one on a tie)."""
    known = s.dropna()
    if known.empty:
        return s
    idx = s.index.to_numpy(float)
    kidx = known.index.to_numpy(float)
    out = s.copy()
    for i, y in enumerate(idx):
        if not np.isfinite(s.iloc[i]):
            d = np.abs(kidx - y)
            j = int(np.flatnonzero(d == d.min())[-1])
            out.iloc[i] = known.iloc[j]
    return out


def split(df: pd.DataFrame, params: ModelParams, years: np.ndarray, pop: np.ndarray) -> UascSplit | None:
    """Hold UASC apart (see the module docstring); ``None`` when the history cannot or should not be split.

    ``df`` is the clean history (sorted by year, base year last with a children-in-care count),
    ``years`` the base year and projected years, ``pop`` the projected 0-17 population on ``years``.
    """
    hp = params.history
    if hp.uasc != "apart" or "cla_uasc" not in df or "starts_uasc" not in df:
        return None
    d = df.copy()
    B = int(years[0])
    base = d[d["year"] == B]
    if base.empty or not np.isfinite(base["cla_uasc"].iloc[0]) or d["starts_uasc"].notna().sum() == 0:
        return None
    if base["cla_uasc"].iloc[0] < hp.uasc_min_share * base["cla"].iloc[0]:
        return None
    d = d.set_index("year")
    uasc = _nearest_fill(d["cla_uasc"]).clip(lower=0.0)
    uasc = np.minimum(uasc, d["cla"])
    # the share of starts who were UASC: published, else the UASC share of children in care that year
    share = (d["starts_uasc"] / d["starts"].where(d["starts"] > 0)).fillna(uasc / d["cla"].where(d["cla"] > 0))
    share = share.clip(0.0, 1.0)
    starts_u = (d["starts"] * share).where(d["starts"].notna())
    starts_u = starts_u.where(d["starts_uasc"].isna(), d["starts_uasc"])
    prev = uasc.shift(1)
    ceases_u = (prev + starts_u - uasc).clip(lower=0.0)
    ceases_u = np.minimum(ceases_u, d["ceases"])
    other = d.copy()
    other["cla"] = d["cla"] - uasc
    other["starts"] = d["starts"] - starts_u
    other["ceases"] = d["ceases"] - ceases_u
    other = other.reset_index()

    T = len(years) - 1
    known = d["cla_uasc"].dropna()
    recent = known.iloc[-hp.uasc_recent_years :]
    if hp.uasc_level == "nts":
        level = hp.uasc_nts_rate * np.asarray(pop[1:], dtype=float)
        how = (
            f"at the National Transfer Scheme rate, {hp.uasc_nts_rate:.1%} of the projected 0-17 population "
            f"({level[0]:,.0f} in {B + 1})"
        )
    else:
        level = np.full(T, float(recent.mean()))
        how = (
            f"at their recent level, the mean of {int(recent.index.min())}-{int(recent.index.max())} ({level[0]:,.0f})"
        )
    cla_path = np.concatenate([[float(uasc.loc[B])], level])
    entries_path = np.full(T + 1, float(starts_u.loc[B]) if np.isfinite(starts_u.loc[B]) else 0.0)
    exits_path = np.empty(T + 1)
    exits_path[0] = float(ceases_u.loc[B]) if np.isfinite(ceases_u.loc[B]) else 0.0
    exits_path[1:] = np.maximum(entries_path[1:] + cla_path[:-1] - cla_path[1:], 0.0)
    filled = sorted(int(y) for y in d.index[d["cla_uasc"].isna() | d["starts_uasc"].isna()])
    notes = [
        f"Unaccompanied asylum-seeking children (UASC) are projected apart from the other children in care, "
        f"as the published report left them out of its analysis: {cla_path[0]:,.0f} of the {d.loc[B, 'cla']:,.0f} "
        f"children in care in {B} were UASC. They are held {how}; UASC starts stay at the {B} number "
        f"({entries_path[0]:,.0f} a year) and UASC ceases keep the count on that path. The stock-flow model is "
        "fitted to the other children, the shifts act on them alone, and spend covers all children in care "
        "(model.history.uasc, uasc_level)."
    ]
    if filled:
        notes.append(
            "Where a year has no published UASC count, the nearest published year's count is used, and where it "
            "has no published share of starts who were UASC, the UASC share of children in care that year: "
            + ", ".join(map(str, filled))
            + "."
        )
    return UascSplit(other=other, cla=cla_path, entries=entries_path, exits=exits_path, notes=notes)
