"""The scenario explorer's data: the model run over a small grid of settings, at build time.

The HTML impact chapter lets a reader move five controls (entry reduction, exit uplift, first year of
impact, unit-cost growth and budget growth) and see children in care, spend against budget, the
break-even year and the cumulative benefit change at once.  Every value it can show is computed here
by the model itself, for every point of the grid, so the page needs no second implementation of the
model, no server and no network, and it interpolates nowhere: a control can only take grid values.

Three tables keep the page light:

* ``paths``: one row per (entry reduction, exit uplift, first impact year, year) with children in
  care ``c`` and spend under each unit-cost growth option ``s0, s1, s2`` (spend does not depend on
  the budget; children in care depend on neither growth rate);
* ``budget``: one row per year with the budget under each budget-growth option ``b0, b1, b2``;
* ``summary``: one row per (entry reduction, exit uplift, first impact year) with the break-even year
  ``be<i><j>`` (0 = not by the horizon) and the cumulative benefit ``cb<i><j>`` for unit-cost growth
  option *i* and budget-growth option *j*.

Settings are stored in whole units of the controls (per cent, years) so that a control's value and a
row's key compare exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.config.model import ModelParams
from analysis.model import core
from analysis.model.api import phasing_for, reentry_for
from analysis.model.goal import Settings, run_setting

#: Grid of the two shifts, in per cent.
ENTRY_STEPS = tuple(np.round(np.arange(0.0, 30.0 + 1e-9, 2.5), 1))
EXIT_STEPS = (0.0, 1.0, 2.0, 3.0, 4.0, 5.0)
#: Growth options: the central value (from the params or the council's fit) and one point either side.
GROWTH_DELTAS = (-0.01, 0.0, 0.01)


@dataclass(frozen=True)
class ExplorerGrid:
    paths: pd.DataFrame
    budget: pd.DataFrame
    summary: pd.DataFrame
    first_years: tuple[int, ...]
    unit_cost_growth: tuple[float, ...]
    budget_growth: tuple[float, ...]
    base_year: int
    horizon: int
    #: the params' own settings (the published scenario), as reference
    central: dict


def first_years(bi: core.BaselineInputs, params: ModelParams) -> tuple[int, ...]:
    """First impact years offered: the params' year and two either side, within the projection."""
    f = params.phasing.first_impact_year
    lo, hi = int(bi.years[1]), int(bi.years[-1]) - 1
    return tuple(y for y in range(f - 2, f + 3) if lo <= y <= hi)


def grid(bi: core.BaselineInputs, params: ModelParams) -> ExplorerGrid:
    """Run the model at every grid point.  Children in care do not depend on the growth rates, so the
    model runs once per (entry reduction, exit uplift, first year): 390 runs of a few milliseconds; spend
    and budget under each growth option then follow from the model's own unit-cost and budget paths
    (:func:`analysis.model.core.growth_path`), as in :func:`analysis.model.core.run_scenario`.  A test
    checks sample points against full runs of the model with those settings."""
    fys = first_years(bi, params)
    ucg = tuple(float(bi.unit_cost_growth + d) for d in GROWTH_DELTAS)
    bg = tuple(float(bi.budget_growth + d) for d in GROWTH_DELTAS)
    years = bi.years.astype(int)
    B = int(years[0])
    from_year = max(params.years.cumulative_from, B + 1)
    uc = [np.asarray(core.growth_path(bi.unit_cost_base, g, years, B), dtype=float).reshape(-1) for g in ucg]
    budgets = [np.asarray(core.growth_path(bi.budget_base, b, years, B), dtype=float).reshape(-1) for b in bg]
    dn_cla = run_setting(bi, params, Settings(0.0, 0.0))["cla"]
    dn_spend = [dn_cla * u for u in uc]
    points = [(float(e), float(x), int(f)) for e in ENTRY_STEPS for x in EXIT_STEPS for f in fys]
    cla_of = _grid_cla(bi, params, points)
    summary_rows: list[dict] = []
    for e, x, f in points:
        cla = cla_of[(e, x, f)]
        spend = [cla * u for u in uc]
        row: dict = {"e": e, "x": x, "f": f}
        for i in range(len(ucg)):
            benefit = float(core.cumulative_from(years, dn_spend[i] - spend[i], from_year)[-1])
            for j in range(len(bg)):
                row[f"be{i}{j}"] = core.break_even_year(years, spend[i], budgets[j], from_year) or 0
                row[f"cb{i}{j}"] = benefit
        summary_rows.append(row)
    n, m = len(points), len(years)
    cla_all = np.stack([cla_of[p] for p in points])  # (points, years)
    paths = pd.DataFrame(
        {
            "e": np.repeat([p[0] for p in points], m).astype(float),
            "x": np.repeat([p[1] for p in points], m).astype(float),
            "f": np.repeat([p[2] for p in points], m).astype("int64"),
            "y": np.tile(years, n).astype("int64"),
            "c": cla_all.reshape(-1),
            **{f"s{i}": (cla_all * uc[i]).reshape(-1) for i in range(len(ucg))},
        }
    )
    budget = pd.DataFrame({"y": years, **{f"b{j}": budgets[j] for j in range(len(bg))}})
    central = {
        "entry_reduction": params.impact.full_entry_reduction(),
        "exit_uplift": params.impact.full_exit_uplift(),
        "first_impact_year": params.phasing.first_impact_year,
        "unit_cost_growth": float(bi.unit_cost_growth),
        "budget_growth": float(bi.budget_growth),
    }
    return ExplorerGrid(
        paths=paths,
        budget=budget,
        summary=pd.DataFrame(summary_rows),
        first_years=fys,
        unit_cost_growth=ucg,
        budget_growth=bg,
        base_year=B,
        horizon=int(years[-1]),
        central=central,
    )


def _grid_cla(bi: core.BaselineInputs, params: ModelParams, points: list[tuple[float, float, int]]) -> dict:
    """Children in care (base year first) at each grid point ``(entry %, exit %, first year)``: the model's
    own :func:`analysis.model.core.run_scenario` on all the points of a first year at once (a batch), as
    :func:`analysis.model.goal.run_setting` runs one point (the same numbers: ``tests/test_explorer.py``)."""
    out: dict = {}
    for f in sorted({p[2] for p in points}):
        pts = [p for p in points if p[2] == f]
        spec = core.ScenarioSpec(
            "grid", np.array([p[0] / 100.0 for p in pts])[:, None], np.array([p[1] / 100.0 for p in pts])[:, None]
        )
        run = core.run_scenario(
            bi, spec, phasing_for(params, f), mode=params.exits.uplift_mode, reentry=reentry_for(params)
        )
        for k, p in enumerate(pts):
            out[p] = run["cla"][k]
    return out


def reference(bi: core.BaselineInputs, params: ModelParams, grid_: ExplorerGrid) -> pd.DataFrame:
    """The reference lines: the do-nothing and the params' own full-impact scenario, with spend under
    each unit-cost growth option (``scenario, y, c, s0, s1, s2``)."""
    rows = []
    c = grid_.central
    for name, s in (
        ("Do nothing", Settings(0.0, 0.0)),
        ("Full impact (report)", Settings(c["entry_reduction"], c["exit_uplift"])),
    ):
        spend = [
            run_setting(bi, params, Settings(s.entry_reduction, s.exit_uplift, None, g, None))["spend"]
            for g in grid_.unit_cost_growth
        ]
        cla = run_setting(bi, params, s)["cla"]
        for k, y in enumerate(bi.years.astype(int)):
            rows.append(
                {
                    "scenario": name,
                    "y": int(y),
                    "c": float(cla[k]),
                    **{f"s{i}": float(v[k]) for i, v in enumerate(spend)},
                }
            )
    return pd.DataFrame(rows)
