"""`p2r goal`: the goal seek for a report's area (see :mod:`analysis.model.goal`)."""

from __future__ import annotations

import pandas as pd

from analysis.common.errors import InputError, Problem
from analysis.config.report import ReportParams
from analysis.model import api
from analysis.model.goal import goal_table
from analysis.pipeline.inputs import Inputs, load_inputs


def goal(params: ReportParams, years: list[int] | None = None, inputs: Inputs | None = None) -> pd.DataFrame:
    """The goal-seek table for the area: one row per target year (default: first impact year to the
    horizon) with the smallest entry reduction, exit uplift and multiple of both that bring spend within
    budget by then (NaN where none in range does)."""
    inputs = inputs or load_inputs(params)
    mp, bi, assumed = api.baseline(params.model, inputs.history, hazard_shape=inputs.hazards.shape)
    if years is not None:
        lo, hi = int(bi.years[1]), int(bi.years[-1])
        bad = [y for y in years if not lo <= y <= hi]
        if bad:
            raise InputError(
                Problem(
                    "the break-even year must be a projected year",
                    column="--break-even-by",
                    value=bad,
                    expected=f"a year from {lo} to {hi}",
                )
            )
    table = goal_table(bi, mp, years)
    table.attrs["budget_assumed"] = assumed
    return table
