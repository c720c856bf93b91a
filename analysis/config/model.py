"""Every assumption of the impact model, typed, with its unit and its source.

``ModelParams()`` with all defaults *is* the reproduction of the June 2026 CCN
report: the free baseline parameters (entry level and trend, exit hazard, unit
cost growth, budget growth) hold the values that
:func:`analysis.model.calibration.calibrate_ccn` derives from the published path.
``tests/test_model.py`` re-runs that calibration and checks the stored values
agree, so the defaults cannot drift from the published targets unnoticed.

Report sections are cited as "Report s5" (impact chapter), "Report s1"
(executive summary), "Report key findings", "Report shift 1" and so on.

The sections are defined by what they describe: :mod:`analysis.config.model_baseline` (the area
and its do-nothing path), :mod:`analysis.config.model_impact` (the shifts' impact and scenarios)
and :mod:`analysis.config.model_uncertainty` (the Monte Carlo ranges); this module assembles them
and re-exports every section class.
"""

from __future__ import annotations

from analysis.config.base import Section, param
from analysis.config.model_baseline import (
    REPORT,
    Baseline,
    Calibration,
    Finance,
    HistoryFit,
    Published,
    Scaling,
    Years,
)
from analysis.config.model_impact import (
    CaseReviewDecomposition,
    CustomScenario,
    Exits,
    Impact,
    Parents,
    Phasing,
    Reentry,
    Scenarios,
    UpliftMode,
)
from analysis.config.model_uncertainty import GrowthDeltaRange, HazardRange, ImpactScaleRange, Range, Uncertainty

__all__ = [
    "REPORT",
    "Baseline",
    "Calibration",
    "CaseReviewDecomposition",
    "CustomScenario",
    "Exits",
    "Finance",
    "GrowthDeltaRange",
    "HazardRange",
    "HistoryFit",
    "ImpactScaleRange",
    "Impact",
    "ModelParams",
    "Parents",
    "Phasing",
    "Published",
    "Range",
    "Reentry",
    "Scaling",
    "Scenarios",
    "Uncertainty",
    "UpliftMode",
    "Years",
]


class ModelParams(Section):
    """All assumptions of the impact model. Defaults reproduce the CCN report."""

    years: Years = param(default_factory=Years, unit="section", source="see fields", description="Year range.")
    published: Published = param(
        default_factory=Published, unit="section", source=REPORT, description="Published CCN inputs."
    )
    calibration: Calibration = param(
        default_factory=Calibration,
        unit="section",
        source=REPORT,
        description="Published do-nothing path used for calibration.",
    )
    baseline: Baseline = param(
        default_factory=Baseline,
        unit="section",
        source="calibrated",
        description="Do-nothing entries and exit hazards.",
    )
    impact: Impact = param(default_factory=Impact, unit="section", source=REPORT, description="Size of the impact.")
    phasing: Phasing = param(
        default_factory=Phasing, unit="section", source=REPORT, description="When the impact arrives."
    )
    exits: Exits = param(
        default_factory=Exits, unit="section", source="package choice", description="How the exit uplift is applied."
    )
    finance: Finance = param(
        default_factory=Finance, unit="section", source="calibrated", description="Unit cost and budget."
    )
    parents: Parents = param(default_factory=Parents, unit="section", source=REPORT, description="Parents supported.")
    scaling: Scaling = param(default_factory=Scaling, unit="section", source=REPORT, description="Pro-rata scaling.")
    reentry: Reentry = param(
        default_factory=Reentry,
        unit="section",
        source="Home Again",
        description="Optional re-entry after reunification.",
    )
    uncertainty: Uncertainty = param(
        default_factory=Uncertainty, unit="section", source="package choice", description="Monte Carlo ranges."
    )
    history: HistoryFit = param(
        default_factory=HistoryFit,
        unit="section",
        source="package choice",
        description="How a council's own history is fitted.",
    )
    scenarios: Scenarios = param(
        default_factory=Scenarios, unit="section", source="user", description="Custom scenarios."
    )
