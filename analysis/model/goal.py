"""Goal seek: how large must the shifts be for placement spend to be back within budget by a year?

For a target year *Y*, spend is "within budget by *Y*" when some year from the first year counted
(``years.cumulative_from``, and never the base year) up to *Y* has spend at or below budget: the
break-even year of the model is then *Y* or earlier.  Three questions are answered for each *Y*:

* the smallest **entry reduction**, with the exit uplift held at the params' full-impact value;
* the smallest **exit uplift**, with the entry reduction held at the params' full-impact value;
* the smallest **multiple of the full-impact pair** (both scaled together).

More of either shift never raises spend in any year (a property test checks this), so the shortfall
``min over years up to Y of (spend - budget)`` falls as the setting grows and the smallest setting
that reaches zero is found with a bracketing root finder (Brent's method).  Where even the largest
setting in range leaves spend above budget in every year up to *Y*, the answer is ``None``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from analysis.config.model import ModelParams
from analysis.model import core
from analysis.model.api import phasing_for, reentry_for

#: The range searched for each setting: entry reduction and exit uplift as shares; both as a multiple
#: of the full-impact pair (capped so that the entry reduction stays below 100%).
ENTRY_RANGE = (0.0, 0.95)
EXIT_RANGE = (0.0, 1.0)
SCALE_MAX = 10.0


@dataclass(frozen=True)
class Settings:
    """One scenario: the two shifts at full effect, when they start and the two growth rates."""

    entry_reduction: float
    exit_uplift: float
    first_impact_year: int | None = None
    unit_cost_growth: float | None = None
    budget_growth: float | None = None


def _with_growth(bi: core.BaselineInputs, s: Settings) -> core.BaselineInputs:
    import dataclasses

    return dataclasses.replace(
        bi,
        unit_cost_growth=bi.unit_cost_growth if s.unit_cost_growth is None else s.unit_cost_growth,
        budget_growth=bi.budget_growth if s.budget_growth is None else s.budget_growth,
    )


def run_setting(bi: core.BaselineInputs, params: ModelParams, s: Settings) -> dict[str, np.ndarray]:
    """The model's yearly arrays (children in care, spend, budget ...) for ``s`` alone."""
    return core.run_scenario(
        _with_growth(bi, s),
        core.ScenarioSpec("setting", s.entry_reduction, s.exit_uplift),
        phasing_for(params, s.first_impact_year),
        mode=params.exits.uplift_mode,
        reentry=reentry_for(params),
    )


def run_settings(bi: core.BaselineInputs, params: ModelParams, s: Settings) -> dict[str, np.ndarray]:
    """:func:`run_setting`, with the do-nothing run at the same growth rates under ``do_nothing_*``
    keys, and the break-even year and the cumulative benefit (avoided spend) to the horizon."""
    a = run_setting(bi, params, s)
    dn = run_setting(bi, params, Settings(0.0, 0.0, s.first_impact_year, s.unit_cost_growth, s.budget_growth))
    years = bi.years
    from_year = max(params.years.cumulative_from, bi.base_year + 1)
    a["do_nothing_cla"] = dn["cla"]
    a["do_nothing_spend"] = dn["spend"]
    a["cumulative_benefit"] = core.cumulative_from(years, dn["spend"] - a["spend"], from_year)
    a["break_even_year"] = np.array(core.break_even_year(years, a["spend"], a["budget"], from_year) or 0)
    return a


def _shortfall(bi: core.BaselineInputs, params: ModelParams, s: Settings, year: int) -> float:
    """min over the counted years up to ``year`` of spend - budget (<= 0: within budget by then); the
    root finder's objective, so it runs the setting alone (no do-nothing run)."""
    years = bi.years
    from_year = max(params.years.cumulative_from, bi.base_year + 1)
    m = (years >= from_year) & (years <= year)
    if not m.any():
        return float("inf")
    a = run_setting(bi, params, s)
    return float(np.min(a["spend"][m] - a["budget"][m]))


def _smallest(f, lo: float, hi: float) -> float | None:
    """The smallest x in [lo, hi] with f(x) <= 0, f falling in x; None if f(hi) > 0."""
    f_lo = f(lo)
    if f_lo <= 0:
        return lo
    if f(hi) > 0:
        return None
    return float(brentq(f, lo, hi, xtol=1e-7))


def solve(bi: core.BaselineInputs, params: ModelParams, year: int) -> dict[str, float | None]:
    """The three smallest settings that bring spend within budget by ``year`` (None: out of range)."""
    red = params.impact.full_entry_reduction()
    upl = params.impact.full_exit_uplift()
    scale_hi = SCALE_MAX if red <= 0 else min(SCALE_MAX, ENTRY_RANGE[1] / red)
    return {
        "entry_reduction": _smallest(lambda x: _shortfall(bi, params, Settings(x, upl), year), *ENTRY_RANGE),
        "exit_uplift": _smallest(lambda x: _shortfall(bi, params, Settings(red, x), year), *EXIT_RANGE),
        "both_scale": _smallest(lambda k: _shortfall(bi, params, Settings(red * k, upl * k), year), 0.0, scale_hi),
    }


def goal_table(bi: core.BaselineInputs, params: ModelParams, years: list[int] | None = None) -> pd.DataFrame:
    """:func:`solve` for every year from the first impact year to the horizon (or ``years``)."""
    if years is None:
        first = max(params.phasing.first_impact_year, params.years.cumulative_from, bi.base_year + 1)
        years = list(range(first, int(bi.years[-1]) + 1))
    rows = [{"year": y, **solve(bi, params, y)} for y in years]
    return pd.DataFrame(rows, columns=["year", "entry_reduction", "exit_uplift", "both_scale"])
