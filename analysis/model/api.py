"""``run(params, history)``: the whole model, once, into a :class:`ModelResults`."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from analysis.config.model import ModelParams
from analysis.model import core
from analysis.model.calibration import (
    apply_calibration,
    calibrate_ccn,
    ccn_baseline_inputs,
    ccn_fit_table,
    full_impact_year,
)
from analysis.model.hazards import HazardShape
from analysis.model.results import SERIES_COLUMNS, ModelResults
from analysis.model.trends import FIT_SECTIONS, HistoryBaseline, fit_history
from analysis.model.uncertainty import BREAKEVEN_COLUMNS, TORNADO_COLUMNS, UNCERTAINTY_COLUMNS, monte_carlo

#: recent fits by content (:func:`fit_history_once`): a report runs the model several times on one history
_FITS: dict[str, HistoryBaseline] = {}
_FITS_KEPT = 4


def fit_history_once(history: pd.DataFrame, params: ModelParams) -> HistoryBaseline:
    """:func:`fit_history`, fitted once for a history and the params sections it reads
    (:data:`analysis.model.trends.FIT_SECTIONS`): the report's sensitivity runs change only other sections
    and reuse the fit (about 70 ms each).  The key is a SHA-256 of the history's columns, types, index and
    values and of those sections; each caller gets its own copy.  Kept for the last few fits of this
    process."""
    import copy
    import hashlib

    h = hashlib.sha256()
    h.update(repr((list(history.columns), [str(t) for t in history.dtypes])).encode())
    h.update(pd.util.hash_pandas_object(history, index=True).to_numpy().tobytes())
    h.update(params.model_dump_json(include=set(FIT_SECTIONS)).encode())
    key = h.hexdigest()
    if key not in _FITS:
        if len(_FITS) >= _FITS_KEPT:
            _FITS.pop(next(iter(_FITS)))
        _FITS[key] = fit_history(history, params)
    return copy.deepcopy(_FITS[key])


COUNT_METRICS = ("entries", "exits", "extra_exits", "reentries", "cla", "parents_supported")
MONEY_METRICS = ("spend", "budget", "overspend", "benefit", "cumulative_benefit", "cumulative_overspend", "unit_cost")


def scenario_specs(params: ModelParams) -> list[core.ScenarioSpec]:
    """do_nothing, entries_only, full, half and any custom scenarios."""
    red = params.impact.full_entry_reduction()
    upl = params.impact.full_exit_uplift()
    hs = params.impact.half_scale
    specs = [
        core.ScenarioSpec("do_nothing"),
        core.ScenarioSpec("entries_only", red, 0.0),
        core.ScenarioSpec("full", red, upl),
        core.ScenarioSpec("half", red * hs, upl * hs),
    ]
    for c in params.scenarios.custom:
        specs.append(core.ScenarioSpec(c.name, red * c.entry_scale, upl * c.exit_scale, c.delay_years))
    return specs


def _reentry(params: ModelParams):
    r = params.reentry
    return core.reentry_kernel(r.share_3_months, r.share_1_year, r.share_6_years) if r.enabled else None


def phasing_for(params: ModelParams, first_impact_year: int | None = None) -> core.PhasingSpec:
    """The phasing of the shifts the params ask for (``first_impact_year`` overrides theirs)."""
    ph = params.phasing
    first = ph.first_impact_year if first_impact_year is None else first_impact_year
    return core.PhasingSpec(first, tuple(ph.ramp), ph.exit_lag_years, ph.delay_years)


def run_scenarios(bi: core.BaselineInputs, params: ModelParams) -> dict[str, dict[str, np.ndarray]]:
    """Every scenario's yearly arrays, with benefit, cumulative values and parents supported added."""
    phasing = phasing_for(params)
    reentry = _reentry(params)
    specs = scenario_specs(params)
    out = {s.name: core.run_scenario(bi, s, phasing, mode=params.exits.uplift_mode, reentry=reentry) for s in specs}
    years = bi.years
    from_year = max(params.years.cumulative_from, bi.base_year + 1)
    dn = out["do_nothing"]
    red_full = params.impact.full_entry_reduction()
    pp = params.parents
    for s in specs:
        a = out[s.name]
        a["benefit"] = dn["spend"] - a["spend"]
        a["cumulative_benefit"] = core.cumulative_from(years, a["benefit"], from_year)
        a["cumulative_overspend"] = core.cumulative_from(years, a["overspend"], from_year)
        scale = float(s.entry_reduction) / red_full if red_full > 0 else 0.0  # a named scenario: one setting
        # parents behind the modelled entries only (children held apart, UASC, have no parent here)
        modelled = dn["entries"] - dn.get("uasc_entries", 0.0)
        a["parents_supported"] = core.parents_supported(
            modelled, a["entry_phase"], scale, pp.parental_need_share, pp.not_accessed_share
        )
    return out


def to_series(arrays: dict[str, dict[str, np.ndarray]], years: np.ndarray) -> pd.DataFrame:
    frames = []
    for scen, a in arrays.items():
        for metric, values in a.items():
            frames.append(
                pd.DataFrame(
                    {
                        "scenario": scen,
                        "year": years.astype(int),
                        "metric": metric,
                        "value": np.asarray(values, dtype=float),
                    }
                )
            )
    s = pd.concat(frames, ignore_index=True)[SERIES_COLUMNS]
    s["year"] = s["year"].astype("int64")
    return s


def _f(x) -> float | None:
    if x is None:
        return None
    x = float(x)
    return x if np.isfinite(x) else None


def build_headline(
    arrays: dict[str, dict[str, np.ndarray]],
    bi: core.BaselineInputs,
    params: ModelParams,
    *,
    population: float | None,
    factor: float,
) -> dict:
    """The flat dict of figures chapters quote. Money in pounds; years as ints; None for 'never'."""
    years = bi.years
    B, H = int(years[0]), int(years[-1])
    from_year = max(params.years.cumulative_from, B + 1)
    w0 = full_impact_year(params)
    dn, full, half, eo = arrays["do_nothing"], arrays["full"], arrays["half"], arrays["entries_only"]

    def at(a, metric, year):
        return _f(a[metric][years == year][0]) if (years == year).any() else None

    def mean(values):
        return _f(core.mean_over(years, values, w0, H))

    red = params.impact.full_entry_reduction()
    upl = params.impact.full_exit_uplift()
    hs = params.impact.half_scale
    h: dict = {
        "base_year": B,
        "horizon_year": H,
        "cumulative_from": from_year,
        "mean_window_start": w0,
        "mean_window_end": H,
        "impact_start_year": params.phasing.first_impact_year + params.phasing.delay_years,
        "population": _f(population),
        "scale_factor": _f(factor),
        "entry_reduction_full": _f(red),
        "exit_uplift_full": _f(upl),
        "entry_reduction_half": _f(red * hs),
        "exit_uplift_half": _f(upl * hs),
        "exit_uplift_mode": params.exits.uplift_mode,
        "unit_cost_growth": _f(bi.unit_cost_growth),
        "budget_growth": _f(bi.budget_growth),
        f"unit_cost_{B}": _f(bi.unit_cost_base),
        f"cla_{B}": at(dn, "cla", B),
        f"entries_{B}": at(dn, "entries", B),
        f"exits_{B}": at(dn, "exits", B),
        f"spend_{B}": at(dn, "spend", B),
        f"budget_{B}": at(dn, "budget", B),
        f"overspend_{B}": at(dn, "overspend", B),
        f"budget_{H}": at(dn, "budget", H),
        "entries_do_nothing_mean": mean(dn["entries"]),
        "entries_fewer_per_year": mean(dn["entries"] - full["entries"]),
        "exits_fewer_entries_only_per_year": mean(dn["exits"] - eo["exits"]),
        "exits_extra_per_year": mean(full["exits"] - eo["exits"]),
        "exits_fewer_full_per_year": mean(dn["exits"] - full["exits"]),
        "parents_supported_per_year": mean(full["parents_supported"]),
    }
    if "uasc_cla" in dn:  # unaccompanied asylum-seeking children held apart from the modelled flows
        h[f"uasc_cla_{B}"] = at(dn, "uasc_cla", B)
        h["uasc_cla_base"] = h[f"uasc_cla_{B}"]
        h["uasc_cla_horizon"] = at(dn, "uasc_cla", H)
        h["uasc_entries_base"] = at(dn, "uasc_entries", B)
    for name, a in arrays.items():
        h[f"cla_{H}_{name}"] = at(a, "cla", H)
        h[f"spend_{H}_{name}"] = at(a, "spend", H)
        h[f"overspend_{H}_{name}"] = at(a, "overspend", H)
        be = core.break_even_year(years, a["spend"], a["budget"], from_year)
        h[f"break_even_year_{name}"] = be
        h[f"cumulative_overspend_{name}"] = core.overspend_until_break_even(years, a["overspend"], be, from_year)
        h[f"cumulative_overspend_to_{H}_{name}"] = _f(a["cumulative_overspend"][-1])
        if name != "do_nothing":
            h[f"cumulative_benefit_{name}"] = _f(a["cumulative_benefit"][-1])
            h[f"spend_gap_{H}_{name}"] = _f(dn["spend"][-1] - a["spend"][-1])
    be = h.get("break_even_year_full")
    if be is not None:
        h[f"spend_{be}_full"] = at(full, "spend", be)
        h[f"budget_{be}"] = at(full, "budget", be)
        h[f"overspend_{be}_full"] = at(full, "overspend", be)
    h["spend_increase_do_nothing"] = _f(dn["spend"][-1] - dn["spend"][0])
    h["spend_increase_full"] = _f(full["spend"][-1] - full["spend"][0])
    h["spend_increase_half"] = _f(half["spend"][-1] - half["spend"][0])
    # generic aliases, so chapters need not build year-specific keys
    for alias, key in [
        ("cla_base", f"cla_{B}"),
        ("spend_base", f"spend_{B}"),
        ("budget_base", f"budget_{B}"),
        ("overspend_base", f"overspend_{B}"),
        ("entries_base", f"entries_{B}"),
        ("budget_horizon", f"budget_{H}"),
        ("cla_horizon_do_nothing", f"cla_{H}_do_nothing"),
        ("cla_horizon_full", f"cla_{H}_full"),
        ("cla_horizon_half", f"cla_{H}_half"),
        ("spend_horizon_do_nothing", f"spend_{H}_do_nothing"),
        ("spend_horizon_full", f"spend_{H}_full"),
        ("spend_horizon_half", f"spend_{H}_half"),
    ]:
        h[alias] = h[key]
    return {k: (v if isinstance(v, (int, str)) or v is None else float(v)) for k, v in h.items()}


def _break_even_note(h: dict) -> str:
    be = h.get("break_even_year_full")
    budget = "the assumed budget" if h.get("budget_source") == "assumed" else "budget"
    if be is None:
        return f"In the central case with full impact, spend is still above {budget} in {h['horizon_year']}."
    margin = -h.get(f"overspend_{be}_full", 0.0)
    return (
        f"In the central case with full impact, spend first falls within {budget} in {be}, by £{margin / 1e6:,.0f}m "
        f"({margin / h[f'spend_{be}_full']:.1%} of spend): a small change to any assumption can move the "
        "break-even year, which is why the uncertainty analysis reports how often the simulations break even."
    )


def _notes(params: ModelParams, bi: core.BaselineInputs, history: bool, factor: float, headline: dict) -> list[str]:
    red = params.impact.full_entry_reduction()
    upl = params.impact.full_exit_uplift()
    d = params.impact.decomposition
    ph = params.phasing
    B, H = int(bi.years[0]), int(bi.years[-1])
    notes = []
    spend_growth = ((1 + params.baseline.entry_growth) * (1 + params.finance.unit_cost_growth)) - 1
    hist_growth = (params.published.spend_base / params.published.spend_2016) ** (1 / max(B - 2016, 1)) - 1
    if not history:
        notes += [
            "The report publishes only the end points of its do-nothing path, so the package calibrates its "
            f"free parameters to them: entries grow by {params.baseline.entry_growth:.2%} a year from "
            f"{params.baseline.entries_base:,.0f} in {B}, so that children in care go from "
            f"{params.published.cla_base:,.0f} to {params.calibration.cla_horizon_do_nothing:,.0f} by {H} and "
            f"do-nothing entries average {params.calibration.entries_fewer_per_year / red:,.0f} a year "
            f"over {full_impact_year(params)}-{H} (2,250 fewer at {red:.1%}).",
            (
                f"Children leave care at one exit hazard, {params.baseline.exit_hazard:.1%} a year of those in "
                "care at some point in the year, whatever their time in care."
                if all(v == 1.0 for v in params.baseline.hazard_shape)
                else f"Children leave care at an exit hazard of {params.baseline.exit_hazard:.1%} a year times a "
                f"multiplier by years in care ({', '.join(f'{v:g}' for v in params.baseline.hazard_shape)})."
            )
            + " The report gives no duration profile; its entry volume (about 15,500 a year for about 27,000 in "
            "care) implies an average stay under two years, which cannot be squared with its statement that "
            "over 80% of entrants stay more than a year.",
            f"Unit cost per child in care grows {params.finance.unit_cost_growth:.2%} a year and the budget "
            f"{params.finance.budget_growth:.2%} a year, the rates that reach the published {H} spend and "
            f"budget. Do-nothing spend then grows {spend_growth:.1%} a year, far slower than from 2016 to {B} "
            f"(GBP {params.published.spend_2016 / 1e9:.1f}bn to {params.published.spend_base / 1e9:.2f}bn, "
            f"{hist_growth:.1%} a year): like the report, the baseline is not a straight extrapolation of the "
            "last decade.",
        ]
    notes += [
        f"Full impact: {red:.1%} fewer entries and {upl:.1%} more exits. The case-review findings "
        f"({d.improvable_before_entry:.0%} x {d.confident_avoidable:.0%} of entries avoidable with confidence, "
        f"{d.improvable_after_entry:.0%} x {d.confident_exit:.0%} with a positive exit possible) are multiplied by "
        f"a pathway share of {d.pathway_share:.3f} and, for exits, by 1 minus an overlap of "
        f"{d.overlap_with_avoided_entries:.3f} with avoided entries; the report publishes neither factor, so "
        "their defaults are the values that give its 14.5% and 2.2%.",
        f"Half impact multiplies both by {params.impact.half_scale:g}.",
        f"Phasing: entries reach {', then '.join(f'{v:.0%}' for v in ph.ramp)} of the full effect from "
        f"{ph.first_impact_year + ph.delay_years}; the exit uplift follows {ph.exit_lag_years} year(s) later.",
        (
            "The exit uplift multiplies each year's number of exits from the cohort model (with entries reduced); "
            "the extra leavers do not lower later exits. Of the two readings this is the one closest to the "
            "report's published figures."
            if params.exits.uplift_mode == "exits"
            else "The exit uplift multiplies every exit hazard, so extra leavers lower later exits."
        ),
        "Spend = children in care at 31 March x the yearly placement cost per child; overspend = spend - "
        f"budget. Cumulative figures sum {max(params.years.cumulative_from, B + 1)}-{H}; break-even is the first "
        "year spend is at or below budget, and the cumulative overspend of a scenario runs to the year "
        "before it breaks even (to the horizon if it never does).",
        _break_even_note(headline),
        "Parents supported a year = do-nothing entries x "
        f"{params.parents.parental_need_share:.0%} with parental need x "
        f"{params.parents.not_accessed_share:.0%} who had not accessed specialist support, phased as entries.",
    ]
    if factor != 1.0:
        notes.append(
            f"All counts and money are scaled pro rata by {factor:.6f} "
            f"({params.scaling.target_population:,} / {params.scaling.reference_population:,} residents)."
        )
    if params.reentry.enabled:
        notes.append(
            "Re-entry is on: of the extra children leaving care, "
            f"{params.reentry.share_3_months:.0%} re-enter within 3 months, "
            f"{params.reentry.share_1_year:.0%} within a year and {params.reentry.share_6_years:.0%} "
            "within six years (national rates), added to entries."
        )
    else:
        notes.append("Re-entry after returning home is not modelled (as in the report).")
    return notes


def _shape_text(shape) -> str:
    return ", ".join(f"{v:.2f}" for v in shape)


@dataclasses.dataclass
class Prepared:
    """What :func:`prepare` gives: the params actually used (with an estimated hazard shape and any
    recalibration applied), the area's do-nothing inputs before scaling, and the fit of a history."""

    params: ModelParams
    bi: core.BaselineInputs
    hb: Any
    projection: pd.DataFrame | None
    notes: list[str]


def prepare(
    params: ModelParams | None, history: pd.DataFrame | None = None, *, hazard_shape: HazardShape | None = None
) -> Prepared:
    """The do-nothing inputs of the CCN aggregate (``history=None``) or a council's own history, as
    :func:`run` uses them (see there)."""
    if params is None:
        params = ModelParams()
    notes: list[str] = []
    projection = None
    src = params.baseline.hazard_source
    if src == "child_data" and hazard_shape is None:
        from analysis.common.errors import InputError, Problem

        raise InputError(
            Problem(
                "model.baseline.hazard_source is 'child_data', but no hazard shape estimated from child-level "
                "episodes was given to the model",
                column="model.baseline.hazard_source",
                value=src,
                expected="a report with child-level episodes, built with p2r (which estimates the shape)",
                hint="give child_data.source a folder holding episodes.csv, or set hazard_source: auto or params",
            )
        )
    estimated = hazard_shape if (hazard_shape is not None and src != "params") else None
    if estimated is not None:
        data = params.model_dump()
        data["baseline"]["hazard_shape"] = [float(v) for v in estimated.shape]
        params = ModelParams.model_validate(data)
    if history is None:
        if params.calibration.recalibrate or estimated is not None:
            params = apply_calibration(params, calibrate_ccn(params))
            notes.append(
                "Free baseline parameters were re-derived from the calibration targets for this run"
                + (" (the estimated hazard shape needs its own level)." if estimated is not None else ".")
            )
        bi = ccn_baseline_inputs(params)
        hb = None
    else:
        if params.scaling.target_population is not None and params.scaling.reference_population == 27_000_000:
            from analysis.common.errors import InputError, Problem

            raise InputError(
                Problem(
                    "scaling a council's own history needs the council's residents as the reference population",
                    column="model.scaling.reference_population",
                    value=27_000_000,
                    expected="the council's resident population (27,000,000 is the CCN total)",
                    hint="set model.scaling.reference_population, or remove model.scaling.target_population",
                )
            )
        hb = fit_history_once(history, params)
        bi = hb.inputs
        projection = hb.projection
    if estimated is not None:
        bounds = estimated.bounds(len(bi.hazards))
        if bounds is not None:
            bi = dataclasses.replace(bi, hazard_bounds=bounds)
        notes.append(
            f"The pattern of the exit hazard by years in care was {estimated.source}: relative to the "
            f"year of entry it is {_shape_text(estimated.shape)} (the last value applies to every "
            "longer stay). Only the pattern comes from these data; the level is set by "
            + (
                "the calibration to the published figures."
                if history is None
                else "the area's fitted aggregate exit rate."
            )
        )
    elif history is not None:
        shape = params.baseline.hazard_shape
        notes.append(
            "The pattern of the exit hazard by years in care is the params value (hazard_shape: "
            + ("the same at every duration" if all(v == 1.0 for v in shape) else _shape_text(shape))
            + ")."
        )
    return Prepared(params, bi, hb, projection, notes)


def baseline(
    params: ModelParams | None,
    history: pd.DataFrame | None = None,
    *,
    hazard_shape=None,
    prepared: Prepared | None = None,
):
    """(params used, do-nothing inputs scaled as the report scales them, whether the budget is assumed)
    for the goal seek and the scenario explorer, which run the model with other settings.  Given the
    ``prepared`` inputs of a :func:`run`, it does not fit them again."""
    prep = prepared or prepare(params, history, hazard_shape=hazard_shape)
    factor = prep.params.scaling.factor()
    bi = prep.bi.scaled(factor) if factor != 1.0 else prep.bi
    return prep.params, bi, bool(prep.hb is not None and prep.hb.budget_assumed)


def reentry_for(params: ModelParams):
    """The re-entry kernel the params ask for, or None."""
    return _reentry(params)


def run(
    params: ModelParams,
    history: pd.DataFrame | None = None,
    *,
    uncertainty: bool = True,
    hazard_shape: HazardShape | None = None,
    prepared: Prepared | None = None,
) -> ModelResults:
    """Run the model for the CCN aggregate (``history=None``) or a council's own yearly history.

    ``hazard_shape``: the exit hazard's pattern by years in care estimated from child-level episodes
    (made by :mod:`analysis.pipeline.compute`; the model itself reads no data).  It replaces
    ``baseline.hazard_shape`` unless ``baseline.hazard_source`` is ``params``; the hazard's level is
    still set by the calibration (CCN aggregate) or the fitted aggregate exit rate (a history).
    ``prepared``: the result of :func:`prepare` for these arguments, when the caller already has it.
    """
    prep = prepared or prepare(params, history, hazard_shape=hazard_shape)
    params, bi, hb, projection, notes = prep.params, prep.bi, prep.hb, prep.projection, prep.notes
    factor = params.scaling.factor()
    if factor != 1.0:
        bi = bi.scaled(factor)
        if projection is not None:
            projection = projection.copy()
            scale_rows = ~projection["metric"].isin(["entry_rate_per_10k", "exit_rate", "unit_cost"])
            projection.loc[scale_rows, ["value", "lower", "upper"]] *= factor
    arrays = run_scenarios(bi, params)
    series = to_series(arrays, bi.years)
    population = (
        params.scaling.target_population
        if params.scaling.target_population is not None
        else params.scaling.reference_population
    )
    headline = build_headline(arrays, bi, params, population=population, factor=factor)
    # where the budget came from: the report's published CCN figure, the area's history, or assumed from spend
    headline["budget_source"] = "published" if hb is None else ("assumed" if hb.budget_assumed else "supplied")
    if hb is None:
        fit = ccn_fit_table(params, headline, factor)
    else:
        fit = hb.fit
    notes = _notes(params, bi, hb is not None, factor, headline) + notes + ([] if hb is None else hb.notes)

    if uncertainty:
        mc = monte_carlo(bi, params, reentry=_reentry(params))
        unc, bdist, torn = mc["uncertainty"], mc["breakeven_distribution"], mc["tornado"]
        u = params.uncertainty
        notes.append(
            f"Uncertainty: {u.draws:,} Monte Carlo draws (seed {u.seed}); impact size x "
            f"{u.impact_scale.low:g}-{u.impact_scale.high:g}, unit cost and budget growth "
            f"{u.unit_cost_growth_delta.low:+.1%} to {u.unit_cost_growth_delta.high:+.1%} points, exit "
            f"hazards x {u.hazard_multiplier.low:g}-{u.hazard_multiplier.high:g} (triangular, mode at "
            f"the central value), and a delay of 0-{len(u.delay_probabilities) - 1} years with "
            f"probabilities {', '.join(f'{p:g}' for p in u.delay_probabilities)}."
            + (
                " Each duration's exit hazard is also drawn within its estimated interval."
                if bi.hazard_bounds is not None
                else ""
            )
        )
    else:
        unc = pd.DataFrame(columns=UNCERTAINTY_COLUMNS)
        bdist = pd.DataFrame(columns=BREAKEVEN_COLUMNS)
        torn = pd.DataFrame(columns=TORNADO_COLUMNS)
    kwargs = {}
    if projection is not None:
        kwargs["baseline_projection"] = projection
    return ModelResults(
        series=series,
        headline=headline,
        fit=fit,
        uncertainty=unc,
        breakeven_distribution=bdist,
        tornado=torn,
        notes=notes,
        **kwargs,
    )
