"""Params of the Monte Carlo: the number of draws, the seed, and a triangular range for each uncertain
assumption.

Part of :class:`analysis.config.model.ModelParams`.
"""

from __future__ import annotations

from pydantic import model_validator

from analysis.config.base import Section, param


class Range(Section):
    """A triangular range for one uncertain assumption (the mode is the central value)."""

    low: float = param(
        ..., unit="as the assumption", source="see the field using it", description="Low end of the triangular range."
    )
    high: float = param(
        ..., unit="as the assumption", source="see the field using it", description="High end of the triangular range."
    )

    @model_validator(mode="after")
    def _order(self):
        if self.low > self.high:
            raise ValueError("low must not exceed high")
        return self


# One Range subclass per kind of uncertain assumption, whose ends carry its unit, source and default
# range.  (Written as classes, not made by a factory, so that type checkers see them as types.)


class ImpactScaleRange(Range):
    low: float = param(
        0.5,
        unit="multiplier of full impact",
        source="package choice: from the report's own half-impact case to a quarter above its full case",
        description="Low end of the triangular range.",
    )
    high: float = param(
        1.25,
        unit="multiplier of full impact",
        source="package choice: from the report's own half-impact case to a quarter above its full case",
        description="High end of the triangular range.",
    )


class GrowthDeltaRange(Range):
    low: float = param(
        -0.01,
        unit="share per year, added to the central growth rate",
        source="package choice: +/-1 point a year",
        description="Low end of the triangular range.",
    )
    high: float = param(
        0.01,
        unit="share per year, added to the central growth rate",
        source="package choice: +/-1 point a year",
        description="High end of the triangular range.",
    )


class HazardRange(Range):
    low: float = param(
        0.95,
        unit="multiplier of exit hazards",
        source="package choice: +/-5% on the exit hazard (the do-nothing stock is sensitive to it)",
        description="Low end of the triangular range.",
    )
    high: float = param(
        1.05,
        unit="multiplier of exit hazards",
        source="package choice: +/-5% on the exit hazard (the do-nothing stock is sensitive to it)",
        description="High end of the triangular range.",
    )


class Uncertainty(Section):
    draws: int = param(
        10_000, unit="draws", source="package choice", description="Monte Carlo draws.", ge=10, le=1_000_000
    )
    seed: int = param(
        20260601,
        unit="integer",
        source="package choice: fixed for reproducible output",
        description="Random seed.",
        ge=0,
    )
    impact_scale: ImpactScaleRange = param(
        default_factory=ImpactScaleRange,
        unit="multiplier of full impact",
        source="package choice",
        description="Triangular range around 1 applied to both the entry reduction and the exit uplift.",
    )
    unit_cost_growth_delta: GrowthDeltaRange = param(
        default_factory=GrowthDeltaRange,
        unit="share per year, added to unit_cost_growth",
        source="package choice",
        description="Triangular range around the central unit cost growth.",
    )
    budget_growth_delta: GrowthDeltaRange = param(
        default_factory=GrowthDeltaRange,
        unit="share per year, added to budget_growth",
        source="package choice",
        description="Triangular range around the central budget growth.",
    )
    hazard_multiplier: HazardRange = param(
        default_factory=HazardRange,
        unit="multiplier of exit hazards",
        source="package choice",
        description="Triangular range around 1, applied to do-nothing and impact paths alike.",
    )
    delay_probabilities: list[float] = param(
        default_factory=lambda: [0.6, 0.3, 0.1],
        unit="probability of 0, 1, 2, ... years' delay",
        source="package choice: reorganisation may delay the shifts (report s5 notes mixed views)",
        description="Probability of each whole-year delay to the phasing.",
    )

    @model_validator(mode="after")
    def _probs(self):
        p = self.delay_probabilities
        if not p or any(v < 0 for v in p) or abs(sum(p) - 1) > 1e-6:
            raise ValueError("delay_probabilities must be non-negative and sum to 1")
        return self
