"""(a) The do-nothing baseline of the CCN aggregate, calibrated to the report's published path.

The report publishes only end points of its do-nothing path, so the free parameters are set in
closed form (plus one root-find when the hazard has a non-flat shape); see
:mod:`analysis.model.baseline` for the equations.  :func:`ccn_fit_table` then compares the
model's do-nothing path with every published figure, including two it was not calibrated to.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from analysis.common.errors import InputError, Problem
from analysis.config.model import ModelParams
from analysis.model import core
from analysis.model.fit_table import FIT_COLUMNS, fit_row
from analysis.model.steady_state import base_exits, hazards_for


def full_impact_year(params: ModelParams) -> int:
    """First year at the full entry impact (2029 in the report)."""
    ph = params.phasing
    ramp = list(ph.ramp)
    top = max(ramp)
    return ph.first_impact_year + ramp.index(top) + ph.delay_years


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
        exits_base=base_exits(initial, b.entries_base, hz, g),
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
        fit_row(
            f"cla_{B}",
            "published input",
            pub.cla_base * factor,
            headline.get(f"cla_{B}"),
            unit="children",
            note="starting stock, used as given",
        ),
        fit_row(
            f"spend_{B}",
            "published input",
            pub.spend_base * factor,
            headline.get(f"spend_{B}"),
            unit="GBP",
            note="used as given",
        ),
        fit_row(
            f"budget_{B}",
            "published input",
            pub.budget_base * factor,
            headline.get(f"budget_{B}"),
            unit="GBP",
            note="used as given",
        ),
        fit_row(
            f"cla_{H}_do_nothing",
            "calibration target",
            c.cla_horizon_do_nothing * factor,
            headline.get(f"cla_{H}_do_nothing"),
            unit="children",
            note="sets entry growth",
        ),
        fit_row(
            "entries_do_nothing_mean",
            "calibration target",
            (c.entries_fewer_per_year / red * factor) if red > 0 else np.nan,
            headline.get("entries_do_nothing_mean"),
            unit="children per year",
            note=f"2,250 / {red:.1%}; sets base-year entries and, with the stock, the exit hazard",
        ),
        fit_row(
            f"spend_{H}_do_nothing",
            "calibration target",
            c.spend_horizon_do_nothing * factor,
            headline.get(f"spend_{H}_do_nothing"),
            unit="GBP",
            note="sets unit cost growth",
        ),
        fit_row(
            f"budget_{H}",
            "calibration target",
            c.budget_horizon * factor,
            headline.get(f"budget_{H}"),
            unit="GBP",
            note="sets budget growth",
        ),
        fit_row(
            "cumulative_overspend_do_nothing",
            "check (not a target)",
            c.cumulative_overspend_do_nothing * factor,
            headline.get("cumulative_overspend_do_nothing"),
            unit="GBP",
            note=f"{y.cumulative_from}-{H}; follows from the paths above",
        ),
        fit_row(
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
        fit_row(
            "cla_2016",
            "context (not a target)",
            pub.cla_2016 * factor,
            pub.cla_base * factor / (1.0 + g) ** span_hist,
            unit="children",
            note="the base-year stock taken back at the projected growth rate: the published projection grows "
            "more slowly than 2016-2025 did",
        ),
        fit_row(
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
        rows.append(fit_row(name, "calibrated parameter", None, value, unit=unit))
    return pd.DataFrame(rows, columns=FIT_COLUMNS)
