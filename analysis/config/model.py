"""Every assumption of the impact model, typed, with its unit and its source.

``ModelParams()`` with all defaults *is* the reproduction of the June 2026 CCN
report: the free baseline parameters (entry level and trend, exit hazard, unit
cost growth, budget growth) hold the values that
:func:`analysis.model.baseline.calibrate_ccn` derives from the published path.
``tests/test_model.py`` re-runs that calibration and checks the stored values
agree, so the defaults cannot drift from the published targets unnoticed.

Report sections are cited as "Report s5" (impact chapter), "Report s1"
(executive summary), "Report key findings", "Report shift 1" and so on.
"""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from analysis.config.base import Section, param

REPORT = "From prevention to reconnection (CCN/SCT/Newton, June 2026)"

# ---------------------------------------------------------------------------
# Values stored as the result of the CCN calibration (see baseline.calibrate_ccn).
# They are written out here so ModelParams() needs no computation; a test checks
# them against a fresh calibration.
_CAL_ENTRIES_BASE = 14514.924926438798
_CAL_ENTRY_GROWTH = 0.009558728057162513
_CAL_EXIT_HAZARD = 0.34790171392809893
_CAL_UNIT_COST_GROWTH = 0.027996109620751497
_CAL_BUDGET_GROWTH = 0.03745694971637792


class Years(Section):
    base_year: int = param(
        2025,
        unit="year ending 31 March",
        source=f"{REPORT}, s5: latest published year is 2024/25",
        description="Last year with data; the projection starts the year after. "
        "For a council history this is replaced by the last year with a "
        "children-in-care count.",
        ge=2000,
        le=2100,
    )
    horizon: int = param(
        2035,
        unit="year ending 31 March",
        source=f"{REPORT}, s5: projections to 2035",
        description="Last projected year.",
        ge=2001,
        le=2100,
    )
    cumulative_from: int = param(
        2026,
        unit="year ending 31 March",
        source=f"{REPORT}, s5: cumulative overspend 'between 2026 and 2035'",
        description="First year counted in cumulative benefit and overspend, and "
        "the first year in which break-even is looked for.",
        ge=2000,
        le=2100,
    )

    @model_validator(mode="after")
    def _order(self):
        if not self.base_year < self.cumulative_from <= self.horizon:
            raise ValueError("need base_year < cumulative_from <= horizon")
        return self


class Published(Section):
    """Figures the report publishes as inputs for the CCN aggregate (data, not outputs)."""

    cla_2016: float = param(
        20_761,
        unit="children",
        source=f"{REPORT}, key findings and s2",
        description="Children in care at 31 March 2016, CCN members. Shown in the fit "
        "table for context; not a calibration target.",
        ge=0,
    )
    cla_base: float = param(
        26_732,
        unit="children",
        source=f"{REPORT}, key findings, s2 and s5",
        description="Children in care at 31 March of the base year (2025).",
        gt=0,
    )
    spend_2016: float = param(
        1.3e9,
        unit="GBP per year",
        source=f"{REPORT}, key findings",
        description="Placement spend 2015/16. Context only.",
        ge=0,
    )
    spend_base: float = param(
        3.27e9,
        unit="GBP per year",
        source=f"{REPORT}, s1",
        description="Placement spend in the base year (2024/25).",
        gt=0,
    )
    budget_base: float = param(
        2.7e9,
        unit="GBP per year",
        source=f"{REPORT}, s5",
        description="Placement budget in the base year (2024/25); overspend about GBP 550m.",
        gt=0,
    )


class Calibration(Section):
    """The published do-nothing path the free baseline parameters are calibrated to."""

    recalibrate: bool = param(
        False,
        unit="flag",
        source="package choice: the calibrated values are stored as defaults so a run needs no fitting",
        description="If true, re-derive entries_base, entry_growth, exit_hazard, "
        "unit_cost_growth and budget_growth from the targets below before "
        "running (CCN aggregate only; ignored when a history is given).",
    )
    cla_horizon_do_nothing: float = param(
        29_400,
        unit="children",
        source=f"{REPORT}, s5",
        description="Children in care at the horizon if nothing changes.",
        gt=0,
    )
    entries_fewer_per_year: float = param(
        2_250,
        unit="children per year",
        source=f"{REPORT}, s1 and s5",
        description="Fewer entries a year (mean from the first full-impact "
        "year to the horizon) at the full entry reduction. "
        "Divided by the full reduction (14.5%) it gives the "
        "do-nothing entry volume the entry level is calibrated "
        "to (about 15,500 a year).",
        gt=0,
    )
    spend_horizon_do_nothing: float = param(
        4.74e9,
        unit="GBP per year",
        source=f"{REPORT}, s1 and s5",
        description="Placement spend at the horizon if nothing changes; fixes unit cost growth.",
        gt=0,
    )
    budget_horizon: float = param(
        3.9e9,
        unit="GBP per year",
        source=f"{REPORT}, s5 ('approximately')",
        description="Placement budget at the horizon; fixes budget growth.",
        gt=0,
    )
    cumulative_overspend_do_nothing: float = param(
        7.3e9,
        unit="GBP",
        source=f"{REPORT}, s5",
        description="Do-nothing overspend summed over 2026-2035. Shown in the fit table as a check; "
        "not used to set any parameter.",
        gt=0,
    )
    exits_fewer_entries_only: float = param(
        1_800,
        unit="children per year",
        source=f"{REPORT}, s5",
        description="Fewer exits a year (mean 2029-2035) if only entries fell. Shown in the fit table as "
        "a check on the exit hazard; not used to set any parameter.",
        gt=0,
    )


class Baseline(Section):
    """The do-nothing duration-cohort model: entries and exit hazards by years in care."""

    entries_base: float = param(
        _CAL_ENTRIES_BASE,
        unit="children per year",
        source=f"calibrated: mean do-nothing entries 2029-2035 = 2,250 / 14.5% ({REPORT}, s5)",
        description="Children entering care in the base year, do nothing.",
        ge=0,
    )
    entry_growth: float = param(
        _CAL_ENTRY_GROWTH,
        unit="share per year",
        source=f"calibrated: do-nothing children in care 26,732 (2025) to 29,400 (2035) ({REPORT}, s5)",
        description="Compound yearly growth of entries in the do-nothing baseline. "
        "The starting stock is the steady state of this growth, so the "
        "stock grows at the same rate.",
        ge=-0.5,
        le=0.5,
    )
    exit_hazard: float = param(
        _CAL_EXIT_HAZARD,
        unit="share per year",
        source="calibrated: stock / entries in the base year given entry growth "
        "(the report publishes no duration profile)",
        description="Share of the children in care at some point in a year (in care "
        "at its start, or entering during it) who leave in that year, for "
        "a duration whose hazard_shape is 1.",
        gt=0,
        lt=1,
    )
    hazard_shape: list[float] = param(
        default_factory=lambda: [1.0],
        unit="multiplier of exit_hazard, by years in care (0 = year of entry)",
        source="package choice: the report gives no duration profile; one flat hazard is the simplest "
        "choice and reproduces its cumulative benefit; a council with SSDA903 episodes can set its own",
        description="Relative exit hazard by completed years in care; the last value applies to all longer "
        "durations. [1.0] = the same hazard at every duration. Replaced by the shape estimated "
        "from SSDA903 episodes when hazard_source selects them.",
    )
    hazard_source: Literal["auto", "child_data", "params"] = param(
        "auto",
        unit="choice",
        source="package choice: issue #3 asks for exits by duration where child-level data exist; synthetic "
        "data must never stand in for a council's own records",
        description="Where the hazard shape comes from. 'auto': estimated from the episodes when "
        "child_data.source is a folder of the council's files, otherwise hazard_shape (synthetic "
        "data are not used). 'child_data': always estimated from the report's episodes (synthetic "
        "ones too; an error if there are none). 'params': always hazard_shape. The level of the "
        "hazard is still set by the area's aggregate exit rate (or the CCN calibration).",
    )
    hazard_years: int = param(
        10,
        unit="years ending 31 March",
        source="package choice: recent enough to reflect current practice, long enough to give a few hundred "
        "periods of care in a county",
        description="Complete years of episodes, counted back from the child-level base year, used to "
        "estimate the hazard shape (fewer if the extract is shorter).",
        ge=1,
        le=50,
    )
    max_duration: int = param(
        20,
        unit="years",
        source="package choice: children leave care by 18; 20 groups leave a negligible tail",
        description="Number of single-year duration groups; the last is open-ended.",
        ge=2,
        le=40,
    )

    @model_validator(mode="after")
    def _shape(self):
        if not self.hazard_shape or any(v < 0 for v in self.hazard_shape):
            raise ValueError("hazard_shape must be a non-empty list of non-negative multipliers")
        return self


class CaseReviewDecomposition(Section):
    """How the case-review judgements become the modelled entry reduction and exit uplift.

    entry_reduction = improvable_before_entry x confident_avoidable x confidence_weight x pathway_share
    exit_uplift     = improvable_after_entry x confident_exit x confidence_weight x pathway_share
                      x (1 - overlap_with_avoided_entries)
    """

    improvable_before_entry: float = param(
        0.70,
        unit="share of reviewed entries",
        source=f"{REPORT}, s1 and s3 (case reviews)",
        description="Reviewed children whose family could have been better supported before entry.",
        ge=0,
        le=1,
    )
    confident_avoidable: float = param(
        0.47,
        unit="share of those improvable before entry",
        source=f"{REPORT}, s1 and s3",
        description="Of those, the share where practitioners were reasonably "
        "confident better support would have avoided entry at "
        "that time. 70% x 47% = 32.9% of reviewed entries.",
        ge=0,
        le=1,
    )
    improvable_after_entry: float = param(
        0.32,
        unit="share of reviewed children",
        source=f"{REPORT}, s1 and s3",
        description="Reviewed children whose family could have been better supported after entry.",
        ge=0,
        le=1,
    )
    confident_exit: float = param(
        0.33,
        unit="share of those improvable after entry",
        source=f"{REPORT}, s1 and s3",
        description="Of those, the share where practitioners thought a positive "
        "exit before 18 was possible. 32% x 33% = 10.6%.",
        ge=0,
        le=1,
    )
    confidence_weight: float = param(
        1.0,
        unit="multiplier",
        source="package choice: the report counts 'reasonably confident' judgements in full",
        description="Weight on a 'reasonably confident' judgement: 1 counts "
        "it fully; a council wanting a more cautious case can "
        "lower it (applies to entries and exits alike).",
        ge=0,
        le=1,
    )
    pathway_share: float = param(
        0.145 / (0.70 * 0.47),
        unit="share",
        source=f"implied by {REPORT}, s5: 14.5% / (70% x 47%); the report says only "
        "that pathway information and wider data analysis were used",
        description="Share of confidently avoidable entries that the five shifts "
        "can reach once the pathways into care and the representativeness "
        "of the reviewed sample are allowed for (about 0.44). Also "
        "applies to exits.",
        ge=0,
        le=1,
    )
    overlap_with_avoided_entries: float = param(
        1 - 0.022 / (0.32 * 0.33 * 0.145 / (0.70 * 0.47)),
        unit="share",
        source=f"implied by {REPORT}, s5: the double count with avoided entries is removed to reach 2.2%",
        description="Share of children with an extra-exit opportunity who were also judged avoidable "
        "entries, and so would not be in care to exit (about 0.53).",
        ge=0,
        le=1,
    )

    def entry_reduction(self) -> float:
        from analysis.config.decomposition import entry_reduction

        return entry_reduction(
            improvable_before_entry=self.improvable_before_entry,
            confident_avoidable=self.confident_avoidable,
            confidence_weight=self.confidence_weight,
            pathway_share=self.pathway_share,
        )

    def exit_uplift(self) -> float:
        from analysis.config.decomposition import exit_uplift

        return exit_uplift(
            improvable_after_entry=self.improvable_after_entry,
            confident_exit=self.confident_exit,
            confidence_weight=self.confidence_weight,
            pathway_share=self.pathway_share,
            overlap_with_avoided_entries=self.overlap_with_avoided_entries,
        )


class Impact(Section):
    decomposition: CaseReviewDecomposition = param(
        default_factory=CaseReviewDecomposition,
        unit="section",
        source=f"{REPORT}, s1, s3, s5",
        description="The case-review factors that give the full-impact entry reduction and exit uplift.",
    )
    entry_reduction: float | None = param(
        None,
        unit="share of entries",
        source="package choice: override",
        description="Set to use this full-impact entry reduction instead of the decomposition (14.5% in the report).",
        ge=0,
        le=1,
    )
    exit_uplift: float | None = param(
        None,
        unit="share of exits",
        source="package choice: override",
        description="Set to use this full-impact exit uplift instead of the decomposition (2.2% in the report).",
        ge=0,
        le=1,
    )
    half_scale: float = param(
        0.5,
        unit="multiplier of full impact",
        source=f"{REPORT}, s5 (risks)",
        description="The 'half impact' scenario multiplies both effects by this.",
        ge=0,
        le=1,
    )

    def full_entry_reduction(self) -> float:
        return self.decomposition.entry_reduction() if self.entry_reduction is None else self.entry_reduction

    def full_exit_uplift(self) -> float:
        return self.decomposition.exit_uplift() if self.exit_uplift is None else self.exit_uplift


class Phasing(Section):
    first_impact_year: int = param(
        2028,
        unit="year ending 31 March",
        source=f"{REPORT}, s5: shifts in place by the end of 2027, half impact on entries in 2028",
        description="First year with any impact on entries.",
        ge=2000,
        le=2100,
    )
    ramp: list[float] = param(
        default_factory=lambda: [0.5, 1.0],
        unit="share of full impact, by year",
        source=f"{REPORT}, s5: half in 2028, full from 2029",
        description="Share of the full impact reached in the first, second, ... impact year; the last value continues.",
    )
    exit_lag_years: int = param(
        1,
        unit="years",
        source=f"{REPORT}, s5: exits lag entries by one year",
        description="The exit uplift follows the entry ramp this many years later (half 2029, full from 2030).",
        ge=0,
        le=10,
    )
    delay_years: int = param(
        0,
        unit="years",
        source="package choice: the report assumes no delay (LGR not allowed for)",
        description="Extra delay before any impact, e.g. for reorganisation.",
        ge=0,
        le=10,
    )

    @model_validator(mode="after")
    def _ramp(self):
        if not self.ramp or any(not 0 <= v <= 1 for v in self.ramp):
            raise ValueError("ramp must be a non-empty list of shares between 0 and 1")
        return self


class Exits(Section):
    uplift_mode: Literal["exits", "hazard"] = param(
        "exits",
        unit="choice",
        source="package choice following the reconstruction in TARGETS.md: the report's results match an "
        "uplift on the yearly number of exits",
        description="'exits': the year's exits (from the cohort model with entries reduced) are multiplied "
        "by 1 + uplift; the extra leavers do not reduce later exits (so, over a long horizon, each "
        "entrant brings 1 + uplift exits, and exits are capped at the children in care). 'hazard': "
        "every duration's exit hazard is multiplied, so fewer children remain to leave later.",
    )


class Finance(Section):
    unit_cost_growth: float = param(
        _CAL_UNIT_COST_GROWTH,
        unit="share per year",
        source=f"calibrated: spend GBP 3.27bn (2025) to GBP 4.74bn (2035) with "
        f"the do-nothing stock ({REPORT}, s1 and s5)",
        description="Compound growth of the yearly placement cost per child in care.",
        ge=-0.5,
        le=0.5,
    )
    budget_growth: float = param(
        _CAL_BUDGET_GROWTH,
        unit="share per year",
        source=f"calibrated: budget GBP 2.7bn (2025) to about GBP 3.9bn (2035) ({REPORT}, s5)",
        description="Compound growth of the placement budget.",
        ge=-0.5,
        le=0.5,
    )
    budget_gap_if_missing: float = param(
        1 - 2.7 / 3.27,
        unit="share of base-year spend",
        source=f"package choice: the CCN gap in 2024/25 ({REPORT}, s5)",
        description="When a council history has no budget, the base-year budget is spend x (1 - this gap).",
        ge=0,
        lt=1,
    )
    unit_cost_if_missing: float = param(
        3.27e9 / 26_732,
        unit="GBP per child per year",
        source=f"package choice: CCN 2024/25 spend / children in care ({REPORT})",
        description="Unit cost used when a council history has no spend.",
        gt=0,
    )


class Parents(Section):
    parental_need_share: float = param(
        0.81,
        unit="share of entries",
        source=f"{REPORT}, shift 1",
        description="Entries where the parents had mental health, domestic abuse or substance misuse needs.",
        ge=0,
        le=1,
    )
    not_accessed_share: float = param(
        0.5,
        unit="share of those parents",
        source=f"{REPORT}, shift 1 (about half of these parents had accessed such support)",
        description="Of those parents, the share who had not accessed specialist support before entry.",
        ge=0,
        le=1,
    )


class Scaling(Section):
    target_population: int | None = param(
        None,
        unit="residents",
        source=f"package choice; the report scales to 500,000 ({REPORT}, s1)",
        description="If set, all counts and money are scaled pro rata to this population.",
        gt=0,
    )
    reference_population: int = param(
        27_000_000,
        unit="residents",
        source=f"{REPORT}, partners page",
        description="Residents of the modelled area (CCN members: 27 million). "
        "For a council history, set it to the council's residents.",
        gt=0,
    )

    def factor(self) -> float:
        return 1.0 if self.target_population is None else self.target_population / self.reference_population


class Reentry(Section):
    enabled: bool = param(
        False,
        unit="flag",
        source="package choice: the report does not model re-entry",
        description="If true, a share of the extra (reunification) exits re-enter care in later years.",
    )
    share_3_months: float = param(
        0.12,
        unit="cumulative share",
        source="Home Again (reunification report): national re-entry rates",
        description="Re-entered within 3 months of returning home.",
        ge=0,
        le=1,
    )
    share_1_year: float = param(
        0.20,
        unit="cumulative share",
        source="Home Again: national re-entry rates",
        description="Re-entered within 1 year.",
        ge=0,
        le=1,
    )
    share_6_years: float = param(
        0.35,
        unit="cumulative share",
        source="Home Again: national re-entry rates",
        description="Re-entered within 6 years (no further re-entry assumed).",
        ge=0,
        le=1,
    )

    @model_validator(mode="after")
    def _monotone(self):
        if not self.share_3_months <= self.share_1_year <= self.share_6_years:
            raise ValueError("re-entry shares must not fall with time")
        return self


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


def _range(name: str, unit: str, source: str, low: float, high: float) -> type[Range]:
    """A Range subclass whose ends carry the unit and source of the assumption they bound."""
    cls = type(
        name,
        (Range,),
        {
            "__annotations__": {"low": float, "high": float},
            "low": param(low, unit=unit, source=source, description="Low end of the triangular range."),
            "high": param(high, unit=unit, source=source, description="High end of the triangular range."),
            "__module__": __name__,
        },
    )
    return cls


ImpactScaleRange = _range(
    "ImpactScaleRange",
    "multiplier of full impact",
    "package choice: from the report's own half-impact case to a quarter above its full case",
    0.5,
    1.25,
)
GrowthDeltaRange = _range(
    "GrowthDeltaRange",
    "share per year, added to the central growth rate",
    "package choice: +/-1 point a year",
    -0.01,
    0.01,
)
HazardRange = _range(
    "HazardRange",
    "multiplier of exit hazards",
    "package choice: +/-5% on the exit hazard (the do-nothing stock is sensitive to it)",
    0.95,
    1.05,
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


class HistoryFit(Section):
    entry_rate_method: Literal["trend", "mean"] = param(
        "trend",
        unit="choice",
        source="package choice: the report extrapolates historic trends",
        description="Entry rate per 10,000 children: linear trend on year, or the mean of the years given.",
    )
    exit_rate_method: Literal["trend", "mean"] = param(
        "trend", unit="choice", source="package choice", description="Aggregate exit rate: trend or mean."
    )
    interval_level: float = param(
        0.95,
        unit="probability",
        source="package choice",
        description="Coverage of the prediction intervals.",
        gt=0,
        lt=1,
    )
    rate_floor: float = param(
        0.02,
        unit="share per year",
        source="package choice: keeps extrapolated exit rates positive",
        description="Lowest projected exit rate.",
        gt=0,
        lt=1,
    )
    rate_ceiling: float = param(
        0.9, unit="share per year", source="package choice", description="Highest projected exit rate.", gt=0, le=1
    )
    min_years: int = param(
        3,
        unit="years",
        source="package choice: a trend needs three points",
        description="Fewest usable years a council history must have.",
        ge=3,
    )
    unit_cost_growth_max: float | None = param(
        0.10,
        unit="share per year",
        source="package choice: about the 75th percentile of the 2016-2025 spend-per-child trends fitted for "
        "the 152 councils with usable data (median 8.4% a year)",
        description="Highest yearly unit-cost growth projected from a council's own history: a steep trend "
        "over a few years would otherwise compound for ten. null = use the fitted trend as it is.",
        ge=0,
        le=1,
    )


class CustomScenario(Section):
    name: str = param(..., unit="text", source="user", description="Scenario name used in the series.")
    entry_scale: float = param(
        1.0,
        unit="multiplier of the full entry reduction",
        source="user",
        description="1 = the full reduction.",
        ge=0,
        le=5,
    )
    exit_scale: float = param(
        1.0, unit="multiplier of the full exit uplift", source="user", description="1 = the full uplift.", ge=0, le=20
    )
    delay_years: int = param(0, unit="years", source="user", description="Extra delay for this scenario.", ge=0, le=10)


class Scenarios(Section):
    custom: list[CustomScenario] = param(
        default_factory=list,
        unit="list",
        source="user",
        description="Extra scenarios run beside do nothing, full and half.",
    )

    @model_validator(mode="after")
    def _names(self):
        reserved = {"do_nothing", "full", "half", "entries_only"}
        names = [c.name for c in self.custom]
        bad = [n for n in names if n in reserved]
        if bad or len(set(names)) != len(names):
            raise ValueError(f"custom scenario names must be unique and not one of {sorted(reserved)}")
        return self


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
