"""Params for the public-data layer (one section of the params file)."""

from __future__ import annotations

from typing import Literal

from analysis.config.base import Section, param

PredecessorMethod = Literal["first_year_share", "population_share", "none"]


class PublicDataParams(Section):
    """Where the DfE/ONS public data live and how their histories are built."""

    public_dir: str | None = param(
        None,
        unit="folder path",
        source="User configuration; falls back to the environment variable P2R_PUBLIC_DATA",
        description=(
            "Folder holding the public data snapshot (dfe_cla/, finance/, population/, "
            "lookups/, deprivation/). Never copied into the repository. When empty, "
            "the environment variable P2R_PUBLIC_DATA is used."
        ),
    )
    first_year: int = param(
        2016,
        unit="year ending 31 March",
        ge=2013,
        le=2025,
        source="DfE 'Children looked after in England' LA tables (SFR41/2016 onwards)",
        description="First year of the yearly histories (years end 31 March).",
    )
    last_year: int = param(
        2025,
        unit="year ending 31 March",
        ge=2016,
        le=2025,
        source="DfE 'Children looked after in England including adoptions', reporting year 2025",
        description="Last year of the yearly histories (the latest DfE release in the snapshot).",
    )
    predecessor_method: PredecessorMethod = param(
        "first_year_share",
        unit="choice",
        source=(
            "Package choice (local government reorganisations: Dorset/BCP 2019, "
            "North/West Northamptonshire 2021, Cumberland/Westmorland and Furness 2023)"
        ),
        description=(
            "How a successor council's years before it existed are filled from its "
            "predecessor(s): 'first_year_share' = predecessors' total x the successor's "
            "share of the same measure in the first year the successors report "
            "(no step at the split; falls back to 0-17 population share); "
            "'population_share' = predecessors' total x the successor's share of the "
            "0-17 population in that first year; 'none' = leave those years empty."
        ),
    )
    comparator_year: int = param(
        2025,
        unit="year ending 31 March",
        ge=2016,
        le=2025,
        source="DfE CLA release 2025; S251 outturn 2024-25",
        description="Year used to place a council among all councils (comparator charts).",
    )
