"""The do-nothing baseline: calibrated for the CCN aggregate, or fitted to a council's history.

(a) CCN aggregate.  The report publishes only end points of its do-nothing
path, so the free parameters are set in closed form (plus one root-find when
the hazard has a non-flat shape):

* entry growth ``g``: the starting stock is taken as the steady state of entries
  growing at ``g`` with fixed hazards, so the stock grows at ``g`` too, and
  ``g = (29,400 / 26,732) ** (1/10) - 1``;
* entries in the base year: the mean do-nothing entries from the first
  full-impact year to the horizon equal 2,250 / 14.5%;
* exit hazard level: the steady-state stock per entrant equals 26,732 divided
  by base-year entries;
* unit cost growth: spend reaches GBP 4.74bn with the modelled 2035 stock;
* budget growth: the budget reaches GBP 3.9bn.

:func:`ccn_fit_table` then compares the model's do-nothing path with every
published figure, including two it was not calibrated to.

(b) A council's own yearly history (:func:`fit_history`): trends fitted with
statsmodels OLS, with prediction intervals, then projected.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from analysis.common.errors import InputError, Problem
from analysis.config.model import ModelParams
from analysis.model import core

FIT_COLUMNS = [
    "target",
    "kind",
    "published",
    "model",
    "difference",
    "relative_difference",
    "lower",
    "upper",
    "unit",
    "note",
]


# ---------------------------------------------------------------------------
# shared helpers


def full_impact_year(params: ModelParams) -> int:
    """First year at the full entry impact (2029 in the report)."""
    ph = params.phasing
    ramp = list(ph.ramp)
    top = max(ramp)
    return ph.first_impact_year + ramp.index(top) + ph.delay_years


def n_groups(params: ModelParams) -> int:
    return params.baseline.max_duration + 1


def hazards_for(params: ModelParams, level: float | None = None) -> np.ndarray:
    b = params.baseline
    return core.hazard_vector(b.exit_hazard if level is None else level, b.hazard_shape, n_groups(params))


def _flow_rate(hazards: np.ndarray, growth: float) -> float:
    """Exits / (stock at start + entries) in the steady state of ``hazards`` and entry ``growth``."""
    n = core.steady_state(hazards, growth)
    prev = n / (1.0 + growth)
    new = np.empty_like(prev)
    new[0] = 1.0
    new[1:-1] = prev[:-2]
    new[-1] = prev[-2] + prev[-1]
    return float((new * hazards).sum() / new.sum())


def _base_exits(initial: np.ndarray, entries_base: float, hazards: np.ndarray, growth: float) -> float:
    """Base-year exits implied by a steady state (prior stock = this stock / (1 + growth))."""
    prev = initial / (1.0 + growth)
    new = np.empty_like(prev)
    new[0] = entries_base
    new[1:-1] = prev[:-2]
    new[-1] = prev[-2] + prev[-1]
    return float((new * hazards).sum())


def _row(target, kind, published=np.nan, model=np.nan, lower=np.nan, upper=np.nan, unit="", note=""):
    pub = np.nan if published is None else float(published)
    mod = np.nan if model is None else float(model)
    diff = mod - pub if np.isfinite(pub) and np.isfinite(mod) else np.nan
    rel = diff / pub if np.isfinite(diff) and pub != 0 else np.nan
    return {
        "target": target,
        "kind": kind,
        "published": pub,
        "model": mod,
        "difference": diff,
        "relative_difference": rel,
        "lower": float(lower),
        "upper": float(upper),
        "unit": unit,
        "note": note,
    }


# ---------------------------------------------------------------------------
# (a) the CCN aggregate


def calibrate_ccn(params: ModelParams) -> dict[str, float]:
    """Free baseline parameters that reproduce the published do-nothing path (closed form, < 10 ms)."""
    y, c, pub = params.years, params.calibration, params.published
    span = y.horizon - y.base_year
    g = (c.cla_horizon_do_nothing / pub.cla_base) ** (1.0 / span) - 1.0
    start = full_impact_year(params)
    red = params.impact.full_entry_reduction()
    if red <= 0:
        raise InputError(
            Problem(
                "the full entry reduction is zero, so the published 'fewer entries' figure cannot fix the entry level",
                column="impact.entry_reduction",
                hint="set calibration.recalibrate: false",
            )
        )
    mean_entries = c.entries_fewer_per_year / red
    ks = np.arange(start, y.horizon + 1) - y.base_year
    entries_base = mean_entries / float(np.mean((1.0 + g) ** ks))
    per_entrant = pub.cla_base / entries_base

    def gap(level):
        return core.steady_state(hazards_for(params, level), g).sum() - per_entrant

    shape = params.baseline.hazard_shape
    if all(v == 1.0 for v in shape):
        # flat hazard: stock per entrant = (1 - h)(1 + g) / (g + h)
        level = (1.0 + g - per_entrant * g) / (per_entrant + 1.0 + g)
    else:
        level = brentq(gap, 1e-6, (1 - 1e-9) / max(max(shape), 1e-9), xtol=1e-14)
    hz = hazards_for(params, level)
    initial = core.steady_state(hz, g) * entries_base
    # the stock grows at g exactly, so the horizon stock is known without a run
    cla_h = initial.sum() * (1.0 + g) ** span
    uc_base = pub.spend_base / pub.cla_base
    unit_cost_growth = (c.spend_horizon_do_nothing / (cla_h * uc_base)) ** (1.0 / span) - 1.0
    budget_growth = (c.budget_horizon / pub.budget_base) ** (1.0 / span) - 1.0
    return {
        "entries_base": float(entries_base),
        "entry_growth": float(g),
        "exit_hazard": float(level),
        "unit_cost_growth": float(unit_cost_growth),
        "budget_growth": float(budget_growth),
    }


def apply_calibration(params: ModelParams, values: dict[str, float]) -> ModelParams:
    """A copy of ``params`` with the calibrated values written in."""
    data = params.model_dump()
    data["baseline"]["entries_base"] = values["entries_base"]
    data["baseline"]["entry_growth"] = values["entry_growth"]
    data["baseline"]["exit_hazard"] = values["exit_hazard"]
    data["finance"]["unit_cost_growth"] = values["unit_cost_growth"]
    data["finance"]["budget_growth"] = values["budget_growth"]
    return ModelParams.model_validate(data)


def ccn_baseline_inputs(params: ModelParams) -> core.BaselineInputs:
    """Baseline inputs for the published CCN aggregate from the values in params."""
    y, b, pub = params.years, params.baseline, params.published
    years = np.arange(y.base_year, y.horizon + 1)
    hz = hazards_for(params)
    g = b.entry_growth
    shape = core.steady_state(hz, g)
    initial = shape / shape.sum() * pub.cla_base
    entries = b.entries_base * (1.0 + g) ** (years - y.base_year)
    return core.BaselineInputs(
        years=years,
        cla_base=pub.cla_base,
        entries=entries,
        hazards=hz,
        initial=initial,
        exits_base=_base_exits(initial, b.entries_base, hz, g),
        unit_cost_base=pub.spend_base / pub.cla_base,
        unit_cost_growth=params.finance.unit_cost_growth,
        budget_base=pub.budget_base,
        budget_growth=params.finance.budget_growth,
    )


def ccn_fit_table(params: ModelParams, headline: dict, factor: float = 1.0) -> pd.DataFrame:
    """The model's do-nothing path against every published figure (scaled pro rata by ``factor``)."""
    y, c, pub, b, f = params.years, params.calibration, params.published, params.baseline, params.finance
    H, B = y.horizon, y.base_year
    red = params.impact.full_entry_reduction()
    rows = [
        _row(
            f"cla_{B}",
            "published input",
            pub.cla_base * factor,
            headline.get(f"cla_{B}"),
            unit="children",
            note="starting stock, used as given",
        ),
        _row(
            f"spend_{B}",
            "published input",
            pub.spend_base * factor,
            headline.get(f"spend_{B}"),
            unit="GBP",
            note="used as given",
        ),
        _row(
            f"budget_{B}",
            "published input",
            pub.budget_base * factor,
            headline.get(f"budget_{B}"),
            unit="GBP",
            note="used as given",
        ),
        _row(
            f"cla_{H}_do_nothing",
            "calibration target",
            c.cla_horizon_do_nothing * factor,
            headline.get(f"cla_{H}_do_nothing"),
            unit="children",
            note="sets entry growth",
        ),
        _row(
            "entries_do_nothing_mean",
            "calibration target",
            (c.entries_fewer_per_year / red * factor) if red > 0 else np.nan,
            headline.get("entries_do_nothing_mean"),
            unit="children per year",
            note=f"2,250 / {red:.1%}; sets base-year entries and, with the stock, the exit hazard",
        ),
        _row(
            f"spend_{H}_do_nothing",
            "calibration target",
            c.spend_horizon_do_nothing * factor,
            headline.get(f"spend_{H}_do_nothing"),
            unit="GBP",
            note="sets unit cost growth",
        ),
        _row(
            f"budget_{H}",
            "calibration target",
            c.budget_horizon * factor,
            headline.get(f"budget_{H}"),
            unit="GBP",
            note="sets budget growth",
        ),
        _row(
            "cumulative_overspend_do_nothing",
            "check (not a target)",
            c.cumulative_overspend_do_nothing * factor,
            headline.get("cumulative_overspend_do_nothing"),
            unit="GBP",
            note=f"{y.cumulative_from}-{H}; follows from the paths above",
        ),
        _row(
            "exits_fewer_entries_only_per_year",
            "check (not a target)",
            c.exits_fewer_entries_only * factor,
            headline.get("exits_fewer_entries_only_per_year"),
            unit="children per year",
            note="follows from the exit hazard",
        ),
    ]
    span_hist = B - 2016
    g = b.entry_growth
    rows += [
        _row(
            "cla_2016",
            "context (not a target)",
            pub.cla_2016 * factor,
            pub.cla_base * factor / (1.0 + g) ** span_hist,
            unit="children",
            note="the base-year stock taken back at the projected growth rate: the published projection grows "
            "more slowly than 2016-2025 did",
        ),
        _row(
            "spend_2016",
            "context (not a target)",
            pub.spend_2016 * factor,
            pub.spend_base * factor / ((1.0 + g) * (1.0 + f.unit_cost_growth)) ** span_hist,
            unit="GBP",
            note="the base-year spend taken back at the projected growth rates",
        ),
    ]
    for name, value, unit in [
        ("entries_base", b.entries_base * factor, "children per year"),
        ("entry_growth", b.entry_growth, "share per year"),
        ("exit_hazard", b.exit_hazard, "share per year"),
        ("unit_cost_growth", f.unit_cost_growth, "share per year"),
        ("budget_growth", f.budget_growth, "share per year"),
    ]:
        rows.append(_row(name, "calibrated parameter", None, value, unit=unit))
    return pd.DataFrame(rows, columns=FIT_COLUMNS)


# ---------------------------------------------------------------------------
# (b) a council's own history

REQUIRED = ["year", "cla", "starts", "ceases", "population_0_17"]
OPTIONAL = ["returned_home", "spend", "budget"]
SUPPRESSED = {
    "",
    "c",
    "x",
    "z",
    "u",
    "k",
    "..",
    ":",
    "-",
    "[c]",
    "[x]",
    "[z]",
    "[u]",
    "[k]",
    "na",
    "n/a",
    "nan",
    "none",
    "suppressed",
}


@dataclass
class HistoryBaseline:
    """A council's fitted do-nothing inputs, the fit table, interval projections and notes."""

    inputs: core.BaselineInputs
    fit: pd.DataFrame
    projection: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    entries_bounds: tuple[np.ndarray, np.ndarray] | None = None


def _clean_history(history: pd.DataFrame, source: str | None) -> pd.DataFrame:
    if not isinstance(history, pd.DataFrame):
        raise InputError(
            Problem("the history must be a table (pandas DataFrame)", file=source, value=type(history).__name__)
        )
    cols = {str(c).strip().lower(): c for c in history.columns}
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        raise InputError(
            [
                Problem(
                    "required column missing",
                    file=source,
                    column=c,
                    expected="columns " + ", ".join(REQUIRED) + " (optional: " + ", ".join(OPTIONAL) + ")",
                    hint="rename the column or add it",
                )
                for c in missing
            ]
        )
    out = pd.DataFrame(index=range(len(history)))
    problems = []
    for name in REQUIRED + OPTIONAL:
        if name not in cols:
            out[name] = np.nan
            continue
        raw = history[cols[name]].reset_index(drop=True)
        as_text = raw.astype("object").map(lambda v: str(v).strip().lower() if v is not None else "")
        suppressed = as_text.isin(SUPPRESSED) | raw.isna()
        num = pd.to_numeric(raw.where(~suppressed), errors="coerce")
        bad = num.isna() & ~suppressed
        if bad.any():
            rows = [int(i) + 2 for i in np.flatnonzero(bad.to_numpy())]
            problems.append(
                Problem(
                    "value is not a number",
                    file=source,
                    column=name,
                    rows=rows,
                    value=raw[bad].iloc[0],
                    expected="a number, or blank / 'c' / 'x' for suppressed",
                )
            )
            continue
        neg = num < 0
        if neg.any():
            rows = [int(i) + 2 for i in np.flatnonzero(neg.to_numpy())]
            problems.append(
                Problem(
                    "negative value",
                    file=source,
                    column=name,
                    rows=rows,
                    value=float(num[neg].iloc[0]),
                    expected="zero or more",
                )
            )
        out[name] = num.astype(float)
    if problems:
        raise InputError(problems, title="The council history has problems:")
    yr = out["year"]
    if yr.isna().any():
        rows = [int(i) + 2 for i in np.flatnonzero(yr.isna().to_numpy())]
        raise InputError(
            Problem(
                "year is missing",
                file=source,
                column="year",
                rows=rows,
                expected="a year ending 31 March, e.g. 2025 for 2024/25",
            )
        )
    if (yr != np.round(yr)).any():
        raise InputError(
            Problem("year must be a whole number", file=source, column="year", expected="e.g. 2025 for 2024/25")
        )
    dup = yr.duplicated(keep=False)
    if dup.any():
        rows = [int(i) + 2 for i in np.flatnonzero(dup.to_numpy())]
        raise InputError(
            Problem(
                "year appears more than once",
                file=source,
                column="year",
                rows=rows,
                value=int(yr[dup].iloc[0]),
                expected="one row per year",
            )
        )
    out["year"] = yr.astype(int)
    return out.sort_values("year").reset_index(drop=True)


def _ols(x: np.ndarray, y: np.ndarray, method: str):
    import statsmodels.api as sm

    X = sm.add_constant(x, has_constant="add") if method == "trend" else np.ones((len(x), 1))
    return sm.OLS(y, X).fit()


def _predict(res, x_new: np.ndarray, method: str, level: float) -> pd.DataFrame:
    import statsmodels.api as sm

    X = sm.add_constant(x_new, has_constant="add") if method == "trend" else np.ones((len(x_new), 1))
    sf = res.get_prediction(X).summary_frame(alpha=1.0 - level)
    mean = sf["mean"].to_numpy()
    lo = sf["obs_ci_lower"].to_numpy()
    hi = sf["obs_ci_upper"].to_numpy()
    lo = np.where(np.isfinite(lo), lo, mean)
    hi = np.where(np.isfinite(hi), hi, mean)
    return pd.DataFrame({"value": mean, "lower": np.minimum(lo, mean), "upper": np.maximum(hi, mean)})


def _slope_ci(res, level: float) -> tuple[float, float, float]:
    b = float(res.params[-1])
    if res.df_resid > 0 and np.isfinite(res.bse[-1]):
        lo, hi = res.conf_int(alpha=1.0 - level)[-1]
        return b, float(min(lo, b)), float(max(hi, b))
    return b, b, b


def fit_history(history: pd.DataFrame, params: ModelParams, *, source: str | None = None) -> HistoryBaseline:
    """Fit a council's yearly history and build its do-nothing inputs.

    ``history`` has one row per year ending 31 March with ``year, cla, starts,
    ceases, population_0_17`` and optionally ``returned_home, spend, budget``.
    Missing or suppressed values are skipped; each fitted series needs at least
    ``params.history.min_years`` usable years.
    """
    hp = params.history
    level = hp.interval_level
    df = _clean_history(history, source)
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

    # entry rate per 10,000 children
    d_e = usable(df["starts"].notna() & (df["population_0_17"] > 0), "the entry rate", ["starts", "population_0_17"])
    x_e = (d_e["year"] - B).to_numpy(float)
    rate_e = (d_e["starts"] / d_e["population_0_17"] * 1e4).to_numpy(float)
    res_e = _ols(x_e, rate_e, hp.entry_rate_method)
    pred_e = _predict(res_e, (years - B).astype(float), hp.entry_rate_method, level)
    pred_e[["value", "lower", "upper"]] = pred_e[["value", "lower", "upper"]].clip(lower=0.0)

    # population: linear trend (flat if it has not changed)
    d_p = df.dropna(subset=["population_0_17"])
    res_p = _ols((d_p["year"] - B).to_numpy(float), d_p["population_0_17"].to_numpy(float), "trend")
    pred_p = _predict(res_p, (years - B).astype(float), "trend", level)
    pop = pred_p["value"].clip(lower=1.0).to_numpy()
    notes.append("The 0-17 population is projected on a straight-line trend of the years given.")

    entries_path = pred_e["value"].to_numpy() * pop / 1e4
    entries_lo = pred_e["lower"].to_numpy() * pop / 1e4
    entries_hi = pred_e["upper"].to_numpy() * pop / 1e4
    obs_starts_b = df.loc[df["year"] == B, "starts"]
    if len(obs_starts_b) and np.isfinite(obs_starts_b.iloc[0]):
        entries_path[0] = float(obs_starts_b.iloc[0])
    b_e, lo_e, hi_e = _slope_ci(res_e, level) if hp.entry_rate_method == "trend" else (0.0, 0.0, 0.0)
    fit_rows.append(
        _row(
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
    fit_rows.append(
        _row(
            "entry_rate_trend",
            "fitted slope",
            None,
            b_e,
            lo_e,
            hi_e,
            "per 10,000 children per year",
            f"OLS on {len(d_e)} years",
        )
    )

    # aggregate exit rate = ceases / (children in care at some point in the year)
    d_x = usable(
        df["ceases"].notna() & df["cla"].notna() & ((df["cla"] + df["ceases"]) > 0), "the exit rate", ["ceases", "cla"]
    )
    x_x = (d_x["year"] - B).to_numpy(float)
    rate_x = (d_x["ceases"] / (d_x["cla"] + d_x["ceases"])).to_numpy(float)
    res_x = _ols(x_x, rate_x, hp.exit_rate_method)
    pred_x = _predict(res_x, (years - B).astype(float), hp.exit_rate_method, level)
    pred_x = pred_x.clip(lower=hp.rate_floor, upper=hp.rate_ceiling)
    b_x, lo_x, hi_x = _slope_ci(res_x, level) if hp.exit_rate_method == "trend" else (0.0, 0.0, 0.0)
    fit_rows.append(
        _row(
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
    fit_rows.append(
        _row(
            "exit_rate_trend",
            "fitted slope",
            None,
            b_x,
            lo_x,
            hi_x,
            "share per year per year",
            f"OLS on {len(d_x)} years",
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
            lambda L: _flow_rate(core.hazard_vector(L, shape, K), e_growth) - r_b,
            1e-6,
            (1 - 1e-9) / max(max(shape), 1e-9),
            xtol=1e-12,
        )
    hz = core.hazard_vector(lvl, shape, K)
    ss = core.steady_state(hz, e_growth)
    initial = ss / ss.sum() * cla_base
    multiplier = pred_x["value"].to_numpy()[1:] / r_b
    exits_obs = df.loc[df["year"] == B, "ceases"]
    exits_base = (
        float(exits_obs.iloc[0])
        if len(exits_obs) and np.isfinite(exits_obs.iloc[0])
        else _base_exits(initial, entries_path[0], hz, e_growth)
    )
    notes.append(
        "Children in care at the base year are split by years in care as the steady state of the "
        "exit hazards with entries growing at their fitted rate; the hazard level matches the fitted "
        "exit rate in the base year and then follows the fitted exit-rate trend."
    )

    # unit cost
    d_s = df[df["spend"].notna() & (df["cla"] > 0) & (df["spend"] > 0)]
    spend_b = df.loc[df["year"] == B, "spend"]
    if len(d_s) >= hp.min_years:
        res_u = _ols((d_s["year"] - B).to_numpy(float), np.log((d_s["spend"] / d_s["cla"]).to_numpy(float)), "trend")
        b_u, lo_u, hi_u = _slope_ci(res_u, level)
        fitted_growth = float(np.expm1(b_u))
        cap = hp.unit_cost_growth_max
        uc_growth = fitted_growth if cap is None else min(fitted_growth, cap)
        uc_base = (
            float(spend_b.iloc[0]) / cla_base
            if len(spend_b) and np.isfinite(spend_b.iloc[0])
            else float(np.exp(res_u.params[0]))
        )
        fit_rows.append(
            _row(
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
        up = _predict(res_u, (years - B).astype(float), "trend", level)
        path = np.exp(up[["value", "lower", "upper"]].to_numpy(float))
        if uc_growth < fitted_growth:
            fit_rows.append(
                _row(
                    "unit_cost_growth_used",
                    "capped (params)",
                    None,
                    uc_growth,
                    unit="share per year",
                    note="model.history.unit_cost_growth_max",
                )
            )
            notes.append(
                f"Spend per child in care rose by {fitted_growth:.1%} a year on the trend fitted to "
                f"{int(d_s['year'].min())}-{int(d_s['year'].max())}; the projection uses {uc_growth:.1%} a year, the ceiling set in params "
                "(model.history.unit_cost_growth_max), so that a steep recent trend does not "
                "compound unchecked to the horizon."
            )
            capped = uc_base * (1.0 + uc_growth) ** (years - B).astype(float)
            path = np.minimum(path, capped[:, None])
            path[:, 0] = capped
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
        fit_rows.append(_row("unit_cost_growth", "assumed (params)", None, uc_growth, unit="share per year"))
    else:
        uc_growth = params.finance.unit_cost_growth
        uc_base = params.finance.unit_cost_if_missing
        notes.append(
            f"No spend is given, so the unit cost is the params value (GBP {uc_base:,.0f} per child "
            f"a year in the base year) growing at {uc_growth:.2%} a year."
        )
        fit_rows.append(_row("unit_cost_growth", "assumed (params)", None, uc_growth, unit="share per year"))
    spend_base = cla_base * uc_base

    # budget
    d_b = df[df["budget"].notna() & (df["budget"] > 0)]
    bud_b = df.loc[df["year"] == B, "budget"]
    gap = params.finance.budget_gap_if_missing
    if len(d_b) >= hp.min_years:
        res_b = _ols((d_b["year"] - B).to_numpy(float), np.log(d_b["budget"].to_numpy(float)), "trend")
        b_b, lo_b, hi_b = _slope_ci(res_b, level)
        budget_growth = float(np.expm1(b_b))
        budget_base = (
            float(bud_b.iloc[0]) if len(bud_b) and np.isfinite(bud_b.iloc[0]) else float(np.exp(res_b.params[0]))
        )
        fit_rows.append(
            _row(
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
        fit_rows.append(_row("budget_growth", "assumed (params)", None, budget_growth, unit="share per year"))
    else:
        budget_growth = params.finance.budget_growth
        budget_base = spend_base * (1.0 - gap)
        notes.append(
            f"No budget is given: the package assumes the base-year budget is spend x (1 - {gap:.1%}) "
            f"(the CCN gap in 2024/25) and that it grows at {budget_growth:.2%} a year "
            "(finance.budget_gap_if_missing, finance.budget_growth)."
        )
        fit_rows.append(_row("budget_growth", "assumed (params)", None, budget_growth, unit="share per year"))

    if df["returned_home"].notna().any():
        d_r = df[df["returned_home"].notna() & (df["ceases"] > 0)]
        if len(d_r):
            share = float((d_r["returned_home"] / d_r["ceases"]).mean())
            fit_rows.append(
                _row(
                    "returned_home_share",
                    "observed mean",
                    None,
                    share,
                    unit="share of ceases",
                    note=f"{len(d_r)} years; context only",
                )
            )

    # interval projections
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
                "value": float(entries_path[i]),
                "lower": float(min(entries_lo[i], entries_path[i])),
                "upper": float(max(entries_hi[i], entries_path[i])),
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
    hi_mult = pred_x["upper"].to_numpy()[1:] / r_b
    lo_mult = pred_x["lower"].to_numpy()[1:] / r_b
    mid = core.project(initial, entries_path[1:], hz, hazard_multiplier=multiplier)["cla"]
    low = core.project(initial, np.minimum(entries_lo, entries_path)[1:], hz, hazard_multiplier=hi_mult)["cla"]
    high = core.project(initial, np.maximum(entries_hi, entries_path)[1:], hz, hazard_multiplier=lo_mult)["cla"]
    proj_rows.append({"year": B, "metric": "cla", "value": cla_base, "lower": cla_base, "upper": cla_base})
    for i, yv in enumerate(proj_years):
        proj_rows.append(
            {
                "year": int(yv),
                "metric": "cla",
                "value": float(mid[i]),
                "lower": float(min(low[i], mid[i])),
                "upper": float(max(high[i], mid[i])),
            }
        )
    notes.append(
        f"Intervals on the fitted trends are {level:.0%} prediction intervals from ordinary least "
        "squares; the children-in-care band combines the low (high) entry bound with the high (low) "
        "exit-rate bound."
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
        inputs=inputs, fit=fit, projection=projection, notes=notes, entries_bounds=(entries_lo, entries_hi)
    )
