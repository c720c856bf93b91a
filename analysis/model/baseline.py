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

The parts live in :mod:`analysis.model.calibration` (a), :mod:`analysis.model.trends` (b),
:mod:`analysis.model.history_table` (reading and checking a history),
:mod:`analysis.model.steady_state` and :mod:`analysis.model.fit_table` (shared by both); this
module re-exports their public names.
"""

from analysis.model.calibration import (
    apply_calibration,
    calibrate_ccn,
    ccn_baseline_inputs,
    ccn_fit_table,
    full_impact_year,
)
from analysis.model.fit_table import FIT_COLUMNS, fit_row
from analysis.model.history_table import OPTIONAL, REQUIRED, SUPPRESSED, clean_history
from analysis.model.steady_state import base_exits, flow_rate, hazards_for, n_groups
from analysis.model.trends import HistoryBaseline, fit_history

__all__ = [
    "FIT_COLUMNS",
    "OPTIONAL",
    "REQUIRED",
    "SUPPRESSED",
    "HistoryBaseline",
    "apply_calibration",
    "base_exits",
    "calibrate_ccn",
    "ccn_baseline_inputs",
    "ccn_fit_table",
    "clean_history",
    "fit_history",
    "fit_row",
    "flow_rate",
    "full_impact_year",
    "hazards_for",
    "n_groups",
]
