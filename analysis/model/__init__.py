"""The impact model: a duration-cohort stock-flow model of children in care, with finance.

Public API::

    from analysis.model import run, ModelParams
    results = run(ModelParams())          # the CCN report reproduction
    results.headline["break_even_year_full"]  # 2033
"""

from analysis.config.decomposition import decomposition_table, entry_reduction, exit_uplift
from analysis.config.model import ModelParams
from analysis.model.api import build_headline, run, run_scenarios, scenario_specs
from analysis.model.calibration import apply_calibration, calibrate_ccn, ccn_baseline_inputs, ccn_fit_table
from analysis.model.core import BaselineInputs, PhasingSpec, ScenarioSpec, break_even_year, project, run_scenario
from analysis.model.hazards import HazardShape, resolve_hazard_source
from analysis.model.reproduction import check, load_inconsistencies, load_targets
from analysis.model.results import ModelResults
from analysis.model.trends import HistoryBaseline, fit_history
from analysis.model.uncertainty import monte_carlo

__all__ = [
    "run",
    "ModelParams",
    "ModelResults",
    "check",
    "load_targets",
    "load_inconsistencies",
    "calibrate_ccn",
    "apply_calibration",
    "ccn_baseline_inputs",
    "ccn_fit_table",
    "fit_history",
    "HistoryBaseline",
    "BaselineInputs",
    "ScenarioSpec",
    "PhasingSpec",
    "project",
    "run_scenario",
    "break_even_year",
    "run_scenarios",
    "scenario_specs",
    "build_headline",
    "monte_carlo",
    "decomposition_table",
    "entry_reduction",
    "exit_uplift",
    "HazardShape",
    "resolve_hazard_source",
]
