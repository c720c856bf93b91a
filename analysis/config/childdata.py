"""Params sections for the child-level data layer.

Three sections:

* :class:`ChildDataParams` - where the child-level tables come from (the seeded
  synthetic generator, none at all, or a folder of CSV files) and the size of the
  synthetic council;
* :class:`DisclosureParams` - statistical disclosure control applied to every
  table computed from child-level data;
* :class:`MeasureParams` - the definitions the evidence measures need (look-back
  windows, thresholds, code groupings) and the fallback unit costs.
"""

from __future__ import annotations

from pydantic import field_validator, model_validator

from analysis.config.base import Section, param


class ChildDataParams(Section):
    """Where the child-level tables come from and how big the synthetic council is."""

    source: str = param(
        "synthetic",
        unit="'synthetic' | 'none' | folder path",
        source="Project design (DESIGN.md, 'Data a council brings')",
        description="'synthetic' builds a seeded demonstration dataset; 'none' skips the "
        "evidence chapters' child-level measures; anything else is a folder "
        "holding the council's returns (<table>.csv, per-year files or sub-folders, stacked "
        "files with a YEAR column, or the DfE XML)",
    )
    seed: int = param(
        2026,
        unit="integer",
        source="Project default",
        description="Seed of the synthetic generator; the same seed gives identical files",
    )
    population_0_17: int = param(
        110_000,
        unit="children aged 0-17",
        ge=1_000,
        source="Assumption: a council of about 500,000 residents (the report's scaling example) "
        "with about 22% aged 0-17",
        description="Child population of the synthetic council",
    )
    n_entrants_per_year: int = param(
        215,
        unit="children starting care per year (latest year)",
        ge=10,
        source="Calibrated so that about 0.7% of children are looked after at 31 March of the "
        "latest year (report, context section)",
        description="Size knob of the synthetic generator: entries in the latest year; earlier "
        "years scale down along the growth path",
    )
    n_case_reviews: int = param(
        380,
        unit="reviewed children",
        ge=0,
        source="Report: 100+ multi-agency case reviews plus 280+ case-note reviews",
        description="Rows of the synthetic case-review table",
    )
    end_year: int = param(
        2025,
        unit="year ending 31 March",
        ge=2010,
        le=2100,
        source="Report: latest data year 2024-25",
        description="Last year covered by the synthetic data (data end 31 March of this year)",
    )
    history_start_year: int = param(
        2000,
        unit="year ending 31 March",
        ge=1990,
        source="Assumption: enough SSDA903 history to give stock and 'stayed until 18' measures",
        description="First year of simulated care entries (episodes ended before "
        "history_keep_from are dropped from the output)",
    )
    history_keep_from: int = param(
        2006,
        unit="year ending 31 March",
        ge=1990,
        source="Assumption: a council's SSDA903 extract typically reaches back 15-20 years",
        description="Episodes that ended before 1 April of (this year - 1) are left out of the "
        "synthetic episodes table, like a real extract",
    )
    cin_start_year: int = param(
        2020,
        unit="year ending 31 March",
        ge=1990,
        source="Report: contacts analysed over four years; three years of data-phase returns",
        description="First year of synthetic contacts, referrals, assessments and plans",
    )
    strict: bool = param(
        False,
        unit="yes/no",
        source="Project default: councils' extracts are repaired by the field's documented rules",
        description="true refuses any data that needs one of the documented repairs (repeated rows, "
        "records repeated across returns, overlapping episodes, open episodes with a reason for "
        "ending, episodes without a header row) instead of repairing it",
    )
    max_file_mb: float = param(
        500.0,
        unit="megabytes",
        gt=0,
        source="Project default: well above a county's largest contacts extract",
        description="A child-level CSV larger than this is refused with a clear error instead of being read",
    )

    @model_validator(mode="after")
    def _years_in_order(self):
        if not (self.history_start_year <= self.history_keep_from <= self.cin_start_year <= self.end_year):
            raise ValueError("years must satisfy history_start_year <= history_keep_from <= cin_start_year <= end_year")
        return self


class DisclosureParams(Section):
    """Statistical disclosure control for every table built from child-level data."""

    suppress_up_to: int = param(
        5,
        unit="children",
        ge=0,
        source="DfE practice: numbers from one to five inclusive are suppressed, zero is shown "
        "(DfE SFR41/2016 children looked after metadata, 'Rounding and suppression')",
        description="Counts from 1 up to this value are replaced by 'suppressed'",
    )
    suppress_zero: bool = param(
        False, unit="yes/no", source="DfE practice: a true zero is shown as 0", description="Also suppress zero counts"
    )
    round_to: int = param(
        10,
        unit="children",
        ge=1,
        source="DfE practice for published national and regional figures: rounded to the "
        "nearest 10 (DfE children looked after 2023 data guidance); set 1 for unrounded "
        "local authority figures with suppression only",
        description="Shown counts are rounded to the nearest multiple of this",
    )
    share_decimals: int = param(
        2,
        unit="decimal places of a fraction",
        ge=0,
        le=6,
        source="DfE practice: percentages rounded to the nearest whole number (2 decimals of a "
        "fraction); percentages are computed from unrounded counts",
        description="Rounding of shares (fractions between 0 and 1)",
    )
    secondary: bool = param(
        True,
        unit="yes/no",
        source="DfE practice: other figures are suppressed whenever a suppressed number could be "
        "recovered by arithmetic; the next smallest item is suppressed (SFR41/2016 metadata)",
        description="Apply secondary suppression within additive groups",
    )


class MeasureParams(Section):
    """Definitions used by the evidence measures."""

    base_year: int | None = param(
        None,
        unit="year ending 31 March",
        source="Default: the latest 31 March covered by the SSDA903 episodes (reached if the latest "
        "record is within 45 days of it)",
        description="Reference year of the measures (point-in-time counts at 31 March of this "
        "year; cohorts end on that date)",
    )
    cohort_years: int = param(
        3,
        unit="years",
        ge=1,
        le=10,
        source="Report: data phase used three years of returns from nine authorities",
        description="Children starting care in this many years up to the base date form the "
        "entrant cohort of the pre-entry measures",
    )
    lookback_months: int = param(
        6,
        unit="months",
        ge=1,
        le=60,
        source="Report, system shift 4: plans in the six months before entry",
        description="Window before entry in which a plan counts as 'before entry'",
    )
    assessment_lookback_months: int = param(
        12,
        unit="months",
        ge=1,
        le=60,
        source="Assumption: the latest assessment in the year before entry",
        description="Window before entry in which the latest assessment's factors are used",
    )
    contact_lookback_years: int = param(
        4,
        unit="years",
        ge=1,
        le=10,
        source="Report, system shift 4: contacts counted over four years of data",
        description="Window before entry in which contacts are counted",
    )
    attendance_threshold: float = param(
        60.0,
        unit="% of possible sessions",
        ge=0,
        le=100,
        source="Report, figure 11: attending three or more days a week (3 of 5 days = 60%)",
        description="Attendance at or above this counts as 'three or more days a week'",
    )
    confident_levels: list[str] = param(
        default_factory=lambda: ["LOW", "MEDIUM", "HIGH"],
        unit="confidence codes",
        source="Report: 'a degree of confidence'; taken here as any level above NONE",
        description="Case-review confidence levels counted as 'a degree of confidence'",
    )
    deprived_deciles: list[int] = param(
        default_factory=lambda: [1, 2],
        unit="IMD deciles",
        source="Assumption: the most deprived fifth of neighbourhoods (report, figure 6, "
        "compares more and less deprived neighbourhoods without a stated cut-off)",
        description="IMD deciles forming the 'most deprived' group of figure 6",
    )
    least_deprived_deciles: list[int] = param(
        default_factory=lambda: [9, 10],
        unit="IMD deciles",
        source="Assumption: the least deprived fifth of neighbourhoods",
        description="IMD deciles forming the 'least deprived' group of figure 6",
    )
    older_entry_min_age: int = param(
        5,
        unit="years of age at entry",
        ge=0,
        le=17,
        source="Report, figure 18: children entering care above the age of five",
        description="Minimum age at entry for the 'stay until 18' measure",
    )
    until18_tolerance_days: int = param(
        31,
        unit="days",
        ge=0,
        le=366,
        source="Assumption: a period ending within a month of the 18th birthday counts as 'stayed until 18'",
        description="Tolerance around the 18th birthday",
    )
    placement_change_rne: list[str] = param(
        default_factory=lambda: ["P", "B"],
        unit="SSDA903 RNE codes",
        source="DfE SSDA903: P change of placement and carer, B change of legal status and "
        "placement at once (temporary-placement codes T and U are not counted, as in "
        "DfE placement stability measures)",
        description="Reasons for new episode that start a new placement",
    )
    returned_home_rec: list[str] = param(
        default_factory=lambda: ["E4A", "E4B"],
        unit="SSDA903 REC codes",
        source="DfE SSDA903: E4A/E4B returned home to parents or others with parental responsibility",
        description="Reasons episode ceased that count as a return home",
    )
    population_minority_share: float = param(
        0.15,
        unit="share of 0-17 population",
        ge=0,
        le=1,
        source="Report, system shift 2: 15% of the 0-17 population of the data-phase "
        "authorities are from ethnic minority backgrounds; replace with the council's "
        "Census 2021 figure",
        description="Comparator for the ethnicity measure",
    )
    spend_top_share: float = param(
        0.05,
        unit="share of children",
        gt=0,
        lt=1,
        source="Report, context: 30% of spend on 5% of children",
        description="Top share of children by placement cost in the spend-concentration measure",
    )
    unit_cost_growth: float = param(
        0.06,
        unit="share per year",
        ge=-0.5,
        le=1,
        source="Assumption: annual uplift of weekly placement costs during a placement, "
        "so that a WEEKLY_COST recorded at the start of a long placement is brought to "
        "each later year's prices; set 0 if WEEKLY_COST is already current",
        description="Yearly growth applied to a placement's weekly cost after its start year",
    )
    unit_costs: dict[str, float] = param(
        default_factory=lambda: {
            "Fostering (in-house)": 480.0,
            "Fostering (agency)": 950.0,
            "Kinship fostering": 320.0,
            "Residential": 6500.0,
            "Secure": 9000.0,
            "Supported accommodation": 1600.0,
            "Placed with parents": 150.0,
            "Placed for adoption": 300.0,
            "Other": 1200.0,
        },
        unit="GBP per week (base-year prices)",
        source="Assumption: illustrative weekly costs of the order shown in DfE S251 outturn "
        "and LAIT unit-cost data; used only when episodes have no WEEKLY_COST column - "
        "replace with local unit costs",
        description="Weekly cost by placement group, used when WEEKLY_COST is absent",
    )

    @field_validator("confident_levels", "placement_change_rne", "returned_home_rec")
    @classmethod
    def _upper(cls, v: list[str]) -> list[str]:
        return [str(x).strip().upper() for x in v]

    @field_validator("deprived_deciles", "least_deprived_deciles")
    @classmethod
    def _deciles(cls, v: list[int]) -> list[int]:
        if not v or any(d < 1 or d > 10 for d in v):
            raise ValueError("deciles must be between 1 and 10")
        return sorted(set(v))
