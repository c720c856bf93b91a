"""(b) The do-nothing baseline of a council, fitted to its own yearly history.

Entry rate, exit rate, population, unit cost and budget are fitted as trends with statsmodels OLS,
with prediction intervals, then projected to the horizon (:func:`fit_history`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from analysis.common.errors import InputError, Problem
from analysis.config.model import ModelParams
from analysis.model import core, intervals, pooled, uasc, unit_cost
from analysis.model.fit_table import FIT_COLUMNS, fit_row
from analysis.model.history_table import clean_history
from analysis.model.ols import ols as _ols
from analysis.model.ols import predict as _predict
from analysis.model.ols import slope_ci as _slope_ci
from analysis.model.steady_state import base_exits, flow_rate, n_groups

#: the sections of :class:`ModelParams` that :func:`fit_history` reads (``tests/test_model_speed.py`` changes
#: every other section and checks that the fit stays the same)
FIT_SECTIONS = ("years", "baseline", "finance", "history")


@dataclass
class HistoryBaseline:
    """A council's fitted do-nothing inputs, the fit table, interval projections and notes."""

    inputs: core.BaselineInputs
    fit: pd.DataFrame
    projection: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    entries_bounds: tuple[np.ndarray, np.ndarray] | None = None
    #: True when the history gives no budget, so the budget is assumed from spend
    #: (``finance.budget_gap_if_missing``): every overspend and break-even figure then rests on it.
    budget_assumed: bool = False
    #: the fitted stock-flow projection of the children in care held in the model (UASC apart), before the
    #: combination, as a ratio to the base year: what the pooled English growth is the median of
    fitted_growth: np.ndarray | None = None


@dataclass
class RateFit:
    """A fitted rate projected over the years: value and interval, and the slope shown in the fit table."""

    pred: pd.DataFrame
    slope: tuple[float, float, float]
    n_years: int


def fit_rate(
    x: np.ndarray,
    rate: np.ndarray,
    years_x: np.ndarray,
    method: str,
    level: float,
    *,
    window: int | None,
    damping: float,
) -> RateFit:
    """Project a yearly rate observed at ``x`` (years relative to the base year, base = 0) to ``years_x``.

    ``trend``: a straight line; ``mean``: the mean; ``damped``: the last observed rate plus the
    fitted slope, fading by ``damping`` a year; ``revert``: from the last observed rate towards the
    mean, keeping ``damping`` of the gap each year.  ``window`` keeps only the latest years.  The
    interval is the OLS prediction interval of the trend (``trend``, ``damped``) or the mean
    (``mean``, ``revert``), centred on the projected value."""
    if window is not None and len(x) > window:
        x, rate = x[-window:], rate[-window:]
    ols_method = "trend" if method in ("trend", "damped") else "mean"
    res = _ols(x, rate, ols_method)
    pred = _predict(res, years_x, ols_method, level)
    slope = _slope_ci(res, level) if ols_method == "trend" else (0.0, 0.0, 0.0)
    if method in ("damped", "revert"):
        last = float(rate[-1])
        h = np.maximum(years_x - x[-1], 0.0)
        if method == "damped":
            b = slope[0]
            steps = np.array([sum(damping**i for i in range(1, int(k) + 1)) for k in h])
            centre = last + b * steps
        else:
            mean = float(np.mean(rate))
            centre = mean + (last - mean) * damping**h
        half_lo = pred["value"] - pred["lower"]
        half_hi = pred["upper"] - pred["value"]
        pred = pd.DataFrame({"value": centre, "lower": centre - half_lo, "upper": centre + half_hi})
    return RateFit(pred=pred, slope=slope, n_years=len(x))


def fit_history(
    history: pd.DataFrame,
    params: ModelParams,
    *,
    source: str | None = None,
    pooled_growth: np.ndarray | None = None,
    pooled_unit_cost_growth: float | None = None,
) -> HistoryBaseline:
    """Fit a council's yearly history and build its do-nothing inputs.

    ``history`` has one row per year ending 31 March with ``year, cla, starts,
    ceases, population_0_17`` and optionally ``returned_home, spend, budget``.
    Missing or suppressed values are skipped; each fitted series needs at least
    ``params.history.min_years`` usable years.  ``pooled_growth`` (1, 2, ... years ahead) replaces the
    shipped pooled English growth of children in care, and ``pooled_unit_cost_growth`` that of spend per
    child (:mod:`analysis.model.pooled`); the back-test passes the ones it computed at its cut-off.
    """
    hp = params.history
    level = hp.interval_level
    df = clean_history(history, source)
    notes: list[str] = []
    fit_rows: list[dict] = []
    proj_rows: list[dict] = []

    have_cla = df.dropna(subset=["cla"])
    if have_cla.empty:
        raise InputError(Problem("no year has a children-in-care count", file=source, column="cla"))
    B = int(have_cla["year"].iloc[-1])
    H = params.years.horizon
    if B >= H:
        raise InputError(
            Problem(
                f"the last year with data ({B}) is not before the horizon ({H})",
                file=source,
                column="year",
                hint="set years.horizon later",
            )
        )
    years = np.arange(B, H + 1)
    proj_years = years[1:]
    cla_base = float(have_cla["cla"].iloc[-1])

    def usable(mask, what, cols):
        d = df[mask]
        if len(d) < hp.min_years:
            raise InputError(
                Problem(
                    f"only {len(d)} usable year(s) to fit {what}; at least {hp.min_years} are needed",
                    file=source,
                    column=", ".join(cols),
                    expected=f"{hp.min_years} or more years with these columns filled in",
                    hint="add earlier years or fill suppressed values",
                )
            )
        return d

    # population: linear trend (flat if it has not changed)
    d_p = df.dropna(subset=["population_0_17"])
    if len(d_p) >= 3:
        res_p = _ols((d_p["year"] - B).to_numpy(float), d_p["population_0_17"].to_numpy(float), "trend")
        pred_p = _predict(res_p, (years - B).astype(float), "trend", level)
        notes.append("The 0-17 population is projected on a straight-line trend of the years given.")
    else:  # too few years for a line: the last population given, held
        last_pop = float(d_p["population_0_17"].iloc[-1]) if len(d_p) else 1.0
        pred_p = pd.DataFrame({"value": last_pop, "lower": last_pop, "upper": last_pop}, index=range(len(years)))
        notes.append("The 0-17 population is held at the last year given (fewer than three years to fit a line).")
    pop = pred_p["value"].clip(lower=1.0).to_numpy()

    # unaccompanied asylum-seeking children held apart: the model is fitted to the other children
    df_all = df
    apart = uasc.split(df, params, years, pop)
    if apart is not None:
        df = apart.other
        cla_base = float(df.loc[df["year"] == B, "cla"].iloc[0])
        notes.extend(apart.notes)

    # entry rate per 10,000 children
    d_e = usable(df["starts"].notna() & (df["population_0_17"] > 0), "the entry rate", ["starts", "population_0_17"])
    x_e = (d_e["year"] - B).to_numpy(float)
    rate_e = (d_e["starts"] / d_e["population_0_17"] * 1e4).to_numpy(float)
    fit_e = fit_rate(
        x_e,
        rate_e,
        (years - B).astype(float),
        hp.entry_rate_method,
        level,
        window=hp.rate_window,
        damping=hp.damping,
    )
    pred_e = fit_e.pred
    pred_e[["value", "lower", "upper"]] = pred_e[["value", "lower", "upper"]].clip(lower=0.0)

    entries_path = pred_e["value"].to_numpy() * pop / 1e4
    entries_lo = pred_e["lower"].to_numpy() * pop / 1e4
    entries_hi = pred_e["upper"].to_numpy() * pop / 1e4
    obs_starts_b = df.loc[df["year"] == B, "starts"]
    if len(obs_starts_b) and np.isfinite(obs_starts_b.iloc[0]):
        entries_path[0] = float(obs_starts_b.iloc[0])
    w_p, w_eng = hp.persistence_weight, hp.england_weight
    w = w_p + w_eng  # the share not taken from the council's own fit
    entries_fit = entries_path.copy()  # the council's own fitted entries, before the combination
    if w > 0:
        # forecast combination: part of the way from the fitted rates to 'nothing changes'
        entries_path[1:] = (1 - w) * entries_path[1:] + w * entries_path[0]
        entries_lo[1:] = (1 - w) * entries_lo[1:] + w * entries_path[0]
        entries_hi[1:] = (1 - w) * entries_hi[1:] + w * entries_path[0]
    b_e, lo_e, hi_e = fit_e.slope
    fit_rows.append(
        fit_row(
            "entry_rate_per_10k",
            f"fitted ({hp.entry_rate_method})",
            rate_e[-1],
            pred_e["value"].iloc[0],
            pred_e["lower"].iloc[0],
            pred_e["upper"].iloc[0],
            "per 10,000 children",
            f"{len(d_e)} years; observed = last year with data",
        )
    )
    if hp.entry_rate_method in ("trend", "damped"):  # 'mean' and 'revert' fit no slope
        fit_rows.append(
            fit_row(
                "entry_rate_trend",
                "fitted slope",
                None,
                b_e,
                lo_e,
                hi_e,
                "per 10,000 children per year",
                f"OLS on {fit_e.n_years} years",
            )
        )

    # aggregate exit rate = ceases / (children in care at some point in the year)
    d_x = usable(
        df["ceases"].notna() & df["cla"].notna() & ((df["cla"] + df["ceases"]) > 0), "the exit rate", ["ceases", "cla"]
    )
    x_x = (d_x["year"] - B).to_numpy(float)
    rate_x = (d_x["ceases"] / (d_x["cla"] + d_x["ceases"])).to_numpy(float)
    fit_x = fit_rate(
        x_x,
        rate_x,
        (years - B).astype(float),
        hp.exit_rate_method,
        level,
        window=hp.rate_window,
        damping=hp.damping,
    )
    pred_x = fit_x.pred.clip(lower=hp.rate_floor, upper=hp.rate_ceiling)
    b_x, lo_x, hi_x = fit_x.slope
    fit_rows.append(
        fit_row(
            "exit_rate",
            f"fitted ({hp.exit_rate_method})",
            rate_x[-1],
            pred_x["value"].iloc[0],
            pred_x["lower"].iloc[0],
            pred_x["upper"].iloc[0],
            "share per year",
            "ceases / (children in care at 31 March + ceases)",
        )
    )
    if hp.exit_rate_method in ("trend", "damped"):  # 'mean' and 'revert' fit no slope
        fit_rows.append(
            fit_row(
                "exit_rate_trend",
                "fitted slope",
                None,
                b_x,
                lo_x,
                hi_x,
                "share per year per year",
                f"OLS on {fit_x.n_years} years",
            )
        )
    notes.append(
        "The exit rate of a council is ceases / (children in care at 31 March + ceases), i.e. "
        "the share of children in care at some point in the year who left; projected rates are "
        f"kept between {hp.rate_floor:.0%} and {hp.rate_ceiling:.0%}."
    )

    # duration model: hazard shape from params (which api.run has already replaced by the shape estimated
    # from episodes when baseline.hazard_source asks for it), level matching the base-year rate
    K = n_groups(params)
    shape = params.baseline.hazard_shape
    e_growth = float(np.clip(entries_path[1] / entries_path[0] - 1.0, -0.2, 0.2)) if entries_path[0] > 0 else 0.0
    r_b = float(pred_x["value"].iloc[0])
    if all(v == 1.0 for v in shape):
        lvl = r_b
    else:
        lvl = brentq(
            lambda L: flow_rate(core.hazard_vector(L, shape, K), e_growth) - r_b,
            1e-6,
            (1 - 1e-9) / max(max(shape), 1e-9),
            xtol=1e-12,
        )
    hz = core.hazard_vector(lvl, shape, K)
    ss = core.steady_state(hz, e_growth)
    initial = ss / ss.sum() * cla_base
    multiplier = pred_x["value"].to_numpy()[1:] / r_b
    spread_hi = pred_x["upper"].to_numpy()[1:] / pred_x["value"].to_numpy()[1:]
    spread_lo = pred_x["lower"].to_numpy()[1:] / pred_x["value"].to_numpy()[1:]
    fitted = core.project(initial, entries_fit[1:], hz, hazard_multiplier=multiplier)["cla"]
    cla_fit_growth = np.asarray(fitted, dtype=float) / cla_base if cla_base > 0 else None
    if w > 0:
        g_eng, g_note = (pooled_growth, None) if pooled_growth is not None else pooled.growth_for(B, len(fitted))
        target = pooled.combine(fitted, cla_base, g_eng, w_p, w_eng)
        multiplier = core.multipliers_for_path(initial, entries_path[1:], hz, target)
        pred_x.loc[1:, "value"] = r_b * multiplier
        pred_x.loc[1:, "lower"] = r_b * multiplier * spread_lo
        pred_x.loc[1:, "upper"] = r_b * multiplier * spread_hi
        notes.extend([g_note] if g_note else [])
        notes.append(pooled.note(1 - w, w_p, w_eng) if g_eng is not None else pooled.note(1 - w, w, 0.0))
    exits_obs = df.loc[df["year"] == B, "ceases"]
    exits_base = (
        float(exits_obs.iloc[0])
        if len(exits_obs) and np.isfinite(exits_obs.iloc[0])
        else base_exits(initial, entries_path[0], hz, e_growth)
    )
    notes.append(
        "Children in care at the base year are split by years in care as the steady state of the "
        "exit hazards with entries growing at their fitted rate; the hazard level matches the fitted "
        "exit rate in the base year and then follows the fitted exit-rate trend."
    )

    # unit cost: spend per child in care, all children (UASC included)
    df = df_all
    cla_all_base = float(df.loc[df["year"] == B, "cla"].iloc[0])
    uc_base, uc_growth = unit_cost.fit_unit_cost(
        df, B, years, params, fit_rows, proj_rows, notes, cla_all_base, pooled_unit_cost_growth
    )
    spend_base = cla_all_base * uc_base

    # budget
    d_b = df[df["budget"].notna() & (df["budget"] > 0)]
    bud_b = df.loc[df["year"] == B, "budget"]
    gap = params.finance.budget_gap_if_missing
    budget_assumed = len(d_b) == 0
    if len(d_b) >= hp.min_years:
        res_b = _ols((d_b["year"] - B).to_numpy(float), np.log(d_b["budget"].to_numpy(float)), "trend")
        b_b, lo_b, hi_b = _slope_ci(res_b, level)
        budget_growth = float(np.expm1(b_b))
        budget_base = (
            float(bud_b.iloc[0]) if len(bud_b) and np.isfinite(bud_b.iloc[0]) else float(np.exp(res_b.params[0]))
        )
        fit_rows.append(
            fit_row(
                "budget_growth",
                "fitted (log-linear trend)",
                None,
                budget_growth,
                np.expm1(lo_b),
                np.expm1(hi_b),
                "share per year",
                f"{len(d_b)} years",
            )
        )
        bp = _predict(res_b, (years - B).astype(float), "trend", level)
        for i, yv in enumerate(years):
            proj_rows.append(
                {
                    "year": int(yv),
                    "metric": "budget",
                    "value": float(np.exp(bp["value"][i])),
                    "lower": float(np.exp(bp["lower"][i])),
                    "upper": float(np.exp(bp["upper"][i])),
                }
            )
    elif len(d_b) > 0:
        budget_growth = params.finance.budget_growth
        last = d_b.iloc[-1]
        budget_base = float(last["budget"]) * (1 + budget_growth) ** (B - int(last["year"]))
        notes.append(
            f"A budget is given for fewer than {hp.min_years} years, so it grows at the params rate "
            f"({budget_growth:.2%} a year) from the last year given."
        )
        fit_rows.append(fit_row("budget_growth", "assumed (params)", None, budget_growth, unit="share per year"))
    else:
        budget_growth = params.finance.budget_growth
        budget_base = spend_base * (1.0 - gap)
        notes.append(
            f"No budget is given: the package assumes the base-year budget is spend x (1 - {gap:.1%}) "
            f"(the CCN gap in 2024/25) and that it grows at {budget_growth:.2%} a year "
            "(finance.budget_gap_if_missing, finance.budget_growth)."
        )
        fit_rows.append(fit_row("budget_growth", "assumed (params)", None, budget_growth, unit="share per year"))

    if df["returned_home"].notna().any():
        d_r = df[df["returned_home"].notna() & (df["ceases"] > 0)]
        if len(d_r):
            share = float((d_r["returned_home"] / d_r["ceases"]).mean())
            fit_rows.append(
                fit_row(
                    "returned_home_share",
                    "observed mean",
                    None,
                    share,
                    unit="share of ceases",
                    note=f"{len(d_r)} years; context only",
                )
            )

    # interval projections (all children: the UASC held apart are added back)
    u_cla = apart.cla if apart is not None else np.zeros(len(years))
    u_in = apart.entries if apart is not None else np.zeros(len(years))
    for i, yv in enumerate(years):
        proj_rows += [
            {
                "year": int(yv),
                "metric": "entry_rate_per_10k",
                "value": float(pred_e["value"][i]),
                "lower": float(pred_e["lower"][i]),
                "upper": float(pred_e["upper"][i]),
            },
            {
                "year": int(yv),
                "metric": "entries",
                "value": float(entries_path[i] + u_in[i]),
                "lower": float(min(entries_lo[i], entries_path[i]) + u_in[i]),
                "upper": float(max(entries_hi[i], entries_path[i]) + u_in[i]),
            },
            {
                "year": int(yv),
                "metric": "exit_rate",
                "value": float(pred_x["value"][i]),
                "lower": float(pred_x["lower"][i]),
                "upper": float(pred_x["upper"][i]),
            },
            {
                "year": int(yv),
                "metric": "population_0_17",
                "value": float(pop[i]),
                "lower": float(pred_p["lower"][i]),
                "upper": float(pred_p["upper"][i]),
            },
        ]
    # children in care band: low entries with high exit rates, and the reverse
    hi_mult = multiplier * spread_hi
    lo_mult = multiplier * spread_lo
    mid = core.project(initial, entries_path[1:], hz, hazard_multiplier=multiplier)["cla"]
    low = core.project(initial, np.minimum(entries_lo, entries_path)[1:], hz, hazard_multiplier=hi_mult)["cla"]
    high = core.project(initial, np.maximum(entries_hi, entries_path)[1:], hz, hazard_multiplier=lo_mult)["cla"]
    c0 = cla_base + u_cla[0]
    proj_rows.append({"year": B, "metric": "cla", "value": c0, "lower": c0, "upper": c0})
    for i, yv in enumerate(proj_years):
        proj_rows.append(
            {
                "year": int(yv),
                "metric": "cla",
                "value": float(mid[i] + u_cla[i + 1]),
                "lower": float(min(low[i], mid[i]) + u_cla[i + 1]),
                "upper": float(max(high[i], mid[i]) + u_cla[i + 1]),
            }
        )
    if hp.interval_source == "backtest":
        notes.append(_backtest_band(proj_rows, B))
    if apart is not None:
        proj_rows += [
            {"year": int(yv), "metric": "cla_uasc", "value": float(v), "lower": float(v), "upper": float(v)}
            for yv, v in zip(years, apart.cla)
        ]
    notes.append(
        f"Intervals on the fitted rates are {level:.0%} prediction intervals from ordinary least "
        "squares (of a trend or a mean, as the method fits), centred on the projected rate"
        + (
            "."
            if hp.interval_source == "backtest"
            else "; the children-in-care band combines the low (high) entry bound with the high (low) exit-rate bound."
        )
    )

    inputs = core.BaselineInputs(
        years=years,
        cla_base=cla_base,
        entries=entries_path,
        hazards=hz,
        initial=initial,
        exits_base=exits_base,
        unit_cost_base=uc_base,
        unit_cost_growth=uc_growth,
        budget_base=budget_base,
        budget_growth=budget_growth,
        hazard_multiplier=multiplier,
        uasc=None if apart is None else (apart.cla, apart.entries, apart.exits),
    )
    skipped = sorted(set(df["year"]) - set(d_e["year"]) | set(df["year"]) - set(d_x["year"]))
    if skipped:
        notes.append(
            "Years with missing or suppressed values were left out of the fits they affect: "
            + ", ".join(str(int(v)) for v in skipped)
            + "."
        )
    fit = pd.DataFrame(fit_rows, columns=FIT_COLUMNS)
    projection = pd.DataFrame(proj_rows, columns=["year", "metric", "value", "lower", "upper"])
    return HistoryBaseline(
        inputs=inputs,
        fit=fit,
        projection=projection,
        notes=notes,
        entries_bounds=(entries_lo, entries_hi),
        budget_assumed=budget_assumed,
        fitted_growth=cla_fit_growth,
    )


def _backtest_band(proj_rows: list[dict], base_year: int) -> str:
    """Replace the children-in-care and entries bands in ``proj_rows`` by the back-test's error
    quantiles (see :mod:`analysis.model.intervals`); return the note that says so."""
    text = ""
    for metric in ("cla", "entries"):
        rows = sorted((r for r in proj_rows if r["metric"] == metric), key=lambda r: r["year"])
        got = intervals.band(metric, np.array([r["value"] for r in rows]))
        if got is None:
            continue
        lo, hi, hmax, q_lo, q_hi = got
        for r, a, b in zip(rows, lo, hi):
            r["lower"], r["upper"] = float(min(a, r["value"])), float(max(b, r["value"]))
        text = (
            f"The bands on children in care and entries run from the {q_lo:.0%} to the {q_hi:.0%} point of how far "
            "the published counts fell from this method's projections of past years (every council, cut-offs "
            f"{intervals.load()['cutoffs']}, by years ahead; see the back-test). Beyond {hmax} years ahead, the "
            "longest the back-test measured, the band widens with the square root of the years ahead."
        )
    return text
