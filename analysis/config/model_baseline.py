"""Params of the area and its do-nothing path: years, published inputs, calibration targets, the
duration-cohort baseline, finance, pro-rata scaling and the fit of a council's own history.

Part of :class:`analysis.config.model.ModelParams`.  The free baseline parameters (entry level and
trend, exit hazard, unit cost growth, budget growth) default to the values that
:func:`analysis.model.calibration.calibrate_ccn` derives from the published path.
"""

from __future__ import annotations

from typing import Literal

from pydantic import model_validator

from analysis.config.base import Section, param

REPORT = "From prevention to reconnection (CCN/SCT/Newton, June 2026)"

# ---------------------------------------------------------------------------
# Values stored as the result of the CCN calibration (see analysis.model.calibration.calibrate_ccn).
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


RateMethod = Literal["trend", "mean", "damped", "revert"]
BACKTEST_CHOICE = (
    "package choice: chosen by back-test (p2r backtest) on the public data for 153 councils, cut-offs 2019 "
    "and 2020 (the smallest mean error among the settings no more than 10% worse than 'last value carried "
    "forward' at any horizon of 2 years or more, with summed totals within 5%), then checked on 2021"
)


class HistoryFit(Section):
    entry_rate_method: RateMethod = param(
        "revert",
        unit="choice",
        source=BACKTEST_CHOICE,
        description="Entry rate per 10,000 children: 'trend' (straight line on year), 'mean' (mean of the "
        "years used), 'damped' (the observed base-year rate plus a trend that fades by 'damping' a year) "
        "or 'revert' (from the observed base-year rate towards the mean, closing 1 - 'damping' of the gap "
        "a year).",
    )
    exit_rate_method: RateMethod = param(
        "revert",
        unit="choice",
        source=BACKTEST_CHOICE,
        description="Aggregate exit rate: 'trend', 'mean', 'damped' or 'revert', as for the entry rate.",
    )
    rate_window: int | None = param(
        None,
        unit="years",
        source="package choice",
        description="How many of the latest years the entry and exit rates are fitted to; null = every year.",
        ge=2,
    )
    persistence_weight: float = param(
        0.3,
        unit="share",
        source=BACKTEST_CHOICE,
        description="Weight of 'nothing changes' in the do-nothing projection of a council: children in care "
        "follow (1 - persistence_weight - england_weight) x the fitted stock-flow projection + persistence_weight "
        "x the base-year value + england_weight x the base-year value grown as the median English council's "
        "fitted projection grows, the exit hazards being scaled year by year to match; entries take the "
        "fitted share of their own projection and the rest from the base year. 0 (with england_weight 0) = "
        "the fitted projection alone.",
        ge=0,
        le=1,
    )
    england_weight: float = param(
        0.3,
        unit="share",
        source=BACKTEST_CHOICE,
        description="Weight of the pooled English growth in the do-nothing projection of a council (shrinkage "
        "towards England; see persistence_weight). The pooled growth is the median over councils of their own "
        "fitted growth from the same base year, shipped with the package (make intervals).",
        ge=0,
        le=1,
    )
    damping: float = param(
        0.6,
        unit="share per year",
        source=BACKTEST_CHOICE,
        description="For 'damped': the share of last year's trend step kept each year; for 'revert': the share "
        "of the gap to the mean still open after each year.",
        ge=0,
        le=1,
    )
    interval_source: Literal["backtest", "regression"] = param(
        "backtest",
        unit="choice",
        source="package choice: the back-test's own errors show how far past projections missed",
        description="Band on the do-nothing children in care and entries: 'backtest' (the 10th to 90th "
        "percentile of how far published counts fell from this method's projections of past years, all "
        "councils, by years ahead) or 'regression' (the prediction intervals of the fitted rates).",
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
    uasc: Literal["apart", "include"] = param(
        "apart",
        unit="choice",
        source="Published report, section 2 (UASC left outside the analysis); package choice for councils",
        description="'apart': where a council's history gives UASC counts (cla_uasc, starts_uasc), project "
        "unaccompanied asylum-seeking children apart from the other children and apply the shifts only to the "
        "others; 'include': project all children together.",
    )
    uasc_min_share: float = param(
        0.0,
        unit="share of children in care",
        source="package choice",
        description="Hold UASC apart only where they are at least this share of children in care in the base year.",
        ge=0,
        le=1,
    )
    uasc_level: Literal["recent", "nts"] = param(
        "recent",
        unit="choice",
        source="package choice: the mean of the last three years projected UASC in care 2-6 years ahead with "
        "smaller errors than the last value, summed over councils, for cut-offs 2019-2021",
        description="UASC in care held at 'recent' (the mean of the last uasc_recent_years published counts) or "
        "'nts' (uasc_nts_rate x the projected 0-17 population, from the first projected year).",
    )
    uasc_recent_years: int = param(
        3, unit="years", source="package choice (see uasc_level)", description="Years in the UASC recent level.", ge=1
    )
    uasc_nts_rate: float = param(
        0.001,
        unit="share of the 0-17 population",
        source="Home Office National Transfer Scheme: 0.1% of a council's child population",
        description="UASC in care per child resident, used when uasc_level is 'nts'.",
        ge=0,
        le=0.05,
    )
    unit_cost_england_weight: float = param(
        1.0,
        unit="share",
        source="package choice: chosen by back-test (p2r backtest) of placement spend on the public data, cut-offs "
        "2019 and 2020 (weights 0, 0.3, 0.5, 0.7 and 1): the English growth alone projected councils' spend with "
        "the smallest median error (17.2% against 19.1% for their own trends, 2-6 years ahead), and did again "
        "from 2021 (17.3% against 18.3%)",
        description="Weight of the median English council's fitted growth of spend per child in the yearly "
        "unit-cost growth of a council; the rest is the council's own log-linear trend. 0 = its own trend.",
        ge=0,
        le=1,
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

    @model_validator(mode="after")
    def _weights(self):
        if self.persistence_weight + self.england_weight > 1.0 + 1e-9:
            raise ValueError(
                "persistence_weight + england_weight must be at most 1 (the rest is the weight of the fitted "
                "projection)"
            )
        return self
