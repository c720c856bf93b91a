"""A council's placement cost per child in care (spend / all children in care, UASC included) and how
it grows when nothing changes.

The base-year cost is the published spend over the children in care.  Its yearly growth is a log-linear
trend fitted to the council's own years, shrunk towards the *median English council's* fitted growth
from the same base year (``model.history.unit_cost_england_weight``; 1 = the English growth alone), then
capped (``unit_cost_growth_max``).  The back-test chose full shrinkage: on the 2019 and 2020 cut-offs the
English growth projected councils' spend with smaller errors than their own trends (and it did again
from 2021).  The band keeps the relative width of the council's own regression interval.  With fewer
years of spend than ``min_years``, or none, the params' growth and cost are used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config.model import ModelParams
from analysis.model import pooled
from analysis.model.fit_table import fit_row
from analysis.model.ols import ols, predict, slope_ci


def _spend_years(df: pd.DataFrame) -> pd.DataFrame:
    """The years with a usable spend and children-in-care count."""
    return df[df["spend"].notna() & (df["cla"] > 0) & (df["spend"] > 0)]


def _trend(d_s: pd.DataFrame, base_year: int):
    """OLS of log(spend per child in care) on the year (relative to the base year)."""
    return ols((d_s["year"] - base_year).to_numpy(float), np.log((d_s["spend"] / d_s["cla"]).to_numpy(float)), "trend")


def own_growth(df: pd.DataFrame, base_year: int, min_years: int) -> float | None:
    """The council's own fitted yearly growth of spend per child in care (None with too few years)."""
    d_s = _spend_years(df)
    if len(d_s) < min_years:
        return None
    return float(np.expm1(_trend(d_s, base_year).params[-1]))


def fit_unit_cost(
    df: pd.DataFrame,
    B: int,
    years: np.ndarray,
    params: ModelParams,
    fit_rows: list[dict],
    proj_rows: list[dict],
    notes: list[str],
    cla_all_base: float,
    pooled_growth: float | None = None,
) -> tuple[float, float]:
    """(base-year cost per child, yearly growth used); appends the fit rows, the projected unit cost and
    the notes.  ``pooled_growth`` replaces the shipped English growth (the back-test passes its own)."""
    hp = params.history
    level = hp.interval_level
    d_s = _spend_years(df)
    spend_b = df.loc[df["year"] == B, "spend"]
    if len(d_s) >= hp.min_years:
        res_u = _trend(d_s, B)
        b_u, lo_u, hi_u = slope_ci(res_u, level)
        fitted_growth = float(np.expm1(b_u))
        uc_base = (
            float(spend_b.iloc[0]) / cla_all_base
            if len(spend_b) and np.isfinite(spend_b.iloc[0])
            else float(np.exp(res_u.params[0]))
        )
        span = f"{int(d_s['year'].min())}-{int(d_s['year'].max())}"
        fit_rows.append(
            fit_row(
                "unit_cost_growth",
                "fitted (log-linear trend)",
                None,
                fitted_growth,
                np.expm1(lo_u),
                np.expm1(hi_u),
                "share per year",
                f"spend / children in care, {len(d_s)} years",
            )
        )
        growth, how = fitted_growth, []
        w = hp.unit_cost_england_weight
        g_eng, g_note = (pooled_growth, None) if pooled_growth is not None else pooled.unit_cost_for(B)
        if w > 0 and g_eng is not None:
            growth = (1 - w) * fitted_growth + w * g_eng
            how.append("shrunk towards England (model.history.unit_cost_england_weight)")
            fit_rows.append(
                fit_row(
                    "unit_cost_growth_england",
                    "median English council (fitted)",
                    None,
                    g_eng,
                    unit="share per year",
                    note=f"from {B}; weight {w:.0%}",
                )
            )
            notes.extend([g_note] if g_note else [])
            uses = (
                "the English growth"
                if w >= 1
                else f"{1 - w:.0%} of the area's trend and {w:.0%} of the English growth, {growth:.1%} a year"
            )
            notes.append(
                f"Spend per child in care rose by {fitted_growth:.1%} a year on the trend fitted to {span}; the "
                f"median English council's fitted trend from {B} is {g_eng:.1%} a year. The projection uses {uses} "
                "(model.history.unit_cost_england_weight): on past years, the English growth projected councils' "
                "spend better than their own trends."
            )
        cap = hp.unit_cost_growth_max
        uc_growth = growth if cap is None else min(growth, cap)
        if uc_growth < growth:
            how.append("capped (model.history.unit_cost_growth_max)")
            notes.append(
                f"That growth, {growth:.1%} a year, is above the ceiling set in params; the projection uses "
                f"{uc_growth:.1%} a year (model.history.unit_cost_growth_max), so that a steep trend does not "
                "compound unchecked to the horizon."
            )
        if how:
            fit_rows.append(fit_row("unit_cost_growth_used", "; ".join(how), None, uc_growth, unit="share per year"))
        # the projection starts from the observed base-year cost and grows at the rate used; the band keeps
        # the relative width of the regression's prediction interval
        up = predict(res_u, (years - B).astype(float), "trend", level)
        reg = np.exp(up[["value", "lower", "upper"]].to_numpy(float))
        centre = uc_base * (1.0 + uc_growth) ** (years - B).astype(float)
        path = np.column_stack([centre, centre * reg[:, 1] / reg[:, 0], centre * reg[:, 2] / reg[:, 0]])
        for i, yv in enumerate(years):
            proj_rows.append(
                {
                    "year": int(yv),
                    "metric": "unit_cost",
                    "value": float(path[i, 0]),
                    "lower": float(path[i, 1]),
                    "upper": float(path[i, 2]),
                }
            )
    elif len(d_s) > 0:
        last = d_s.iloc[-1]
        uc_growth = params.finance.unit_cost_growth
        uc_base = float(last["spend"] / last["cla"]) * (1 + uc_growth) ** (B - int(last["year"]))
        notes.append(
            f"Spend is given for fewer than {hp.min_years} years, so unit cost grows at the params "
            f"rate ({uc_growth:.2%} a year) from the last year given."
        )
        fit_rows.append(fit_row("unit_cost_growth", "assumed (params)", None, uc_growth, unit="share per year"))
    else:
        uc_growth = params.finance.unit_cost_growth
        uc_base = params.finance.unit_cost_if_missing
        notes.append(
            f"No spend is given, so the unit cost is the params value (GBP {uc_base:,.0f} per child "
            f"a year in the base year) growing at {uc_growth:.2%} a year."
        )
        fit_rows.append(fit_row("unit_cost_growth", "assumed (params)", None, uc_growth, unit="share per year"))
    return uc_base, uc_growth
