"""The do-nothing steady state by years in care, shared by the CCN calibration and the fit of a
council's history: duration groups, the exit hazards of the params, and the flows of a steady state
in which entries grow at a fixed rate."""

from __future__ import annotations

import numpy as np

from analysis.config.model import ModelParams
from analysis.model import core


def n_groups(params: ModelParams) -> int:
    """Number of single-year duration groups (the last open-ended)."""
    return params.baseline.max_duration + 1


def hazards_for(params: ModelParams, level: float | None = None) -> np.ndarray:
    """The exit hazard by duration group: ``level`` (default the params' exit hazard) times the shape."""
    b = params.baseline
    return core.hazard_vector(b.exit_hazard if level is None else level, b.hazard_shape, n_groups(params))


def flow_rate(hazards: np.ndarray, growth: float) -> float:
    """Exits / (stock at start + entries) in the steady state of ``hazards`` and entry ``growth``."""
    n = core.steady_state(hazards, growth)
    prev = n / (1.0 + growth)
    new = np.empty_like(prev)
    new[0] = 1.0
    new[1:-1] = prev[:-2]
    new[-1] = prev[-2] + prev[-1]
    return float((new * hazards).sum() / new.sum())


def base_exits(initial: np.ndarray, entries_base: float, hazards: np.ndarray, growth: float) -> float:
    """Base-year exits implied by a steady state (prior stock = this stock / (1 + growth))."""
    prev = initial / (1.0 + growth)
    new = np.empty_like(prev)
    new[0] = entries_base
    new[1:-1] = prev[:-2]
    new[-1] = prev[-2] + prev[-1]
    return float((new * hazards).sum())
