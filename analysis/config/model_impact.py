"""Params of the impact of the five shifts: the case-review decomposition, its size and phasing, how
the exit uplift is applied, parents supported, re-entry after reunification and custom scenarios.

Part of :class:`analysis.config.model.ModelParams`.
"""

from __future__ import annotations

from typing import Literal, TypeAlias

from pydantic import model_validator

from analysis.config.base import Section, param
from analysis.config.model_baseline import REPORT

UpliftMode: TypeAlias = Literal["exits", "hazard"]


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
    uplift_mode: UpliftMode = param(
        "exits",
        unit="choice",
        source="package choice following the reconstruction in TARGETS.md: the report's results match an "
        "uplift on the yearly number of exits",
        description="'exits': the year's exits (from the cohort model with entries reduced) are multiplied "
        "by 1 + uplift; the extra leavers do not reduce later exits (so, over a long horizon, each "
        "entrant brings 1 + uplift exits, and exits are capped at the children in care). 'hazard': "
        "every duration's exit hazard is multiplied, so fewer children remain to leave later.",
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
