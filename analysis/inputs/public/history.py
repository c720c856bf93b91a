"""Yearly histories (years ending 31 March) per council and per group, from DfE/ONS files.

Which publisher file feeds each column (latest release wins, see below):

=====================  =====================================================================
column                 files (release vintage)
=====================  =====================================================================
cla                    LAIT ``dfe_cla/lait_bds_long_0.parquet`` measure ``LACnum`` (2016-2025);
                       ``SFR41_CLA2016.csv`` ``CLA_Mar2016``; ``SFR50_CLA2017.csv``
                       ``CLA_Mar2017``; ``cla_number_and_rate_per_10k_children__*.csv``
                       (rows "Children looked after at/on 31 March each year")
cla_uasc               LAIT ``Unacc_Asylmn_Seek_Childn``; SFR41/SFR50 ``CLA_UASC``
starts                 LAIT ``LACnum_Start``; ``SFR41_ADM2016.csv`` ``CLA_started2016``;
                       ``SFR50_ADM2017.csv`` ``CLA_started2017``;
                       ``la_cla_who_started_to_be_looked_after__2018-2022.csv`` (Age group,
                       Total); ``cla_number_and_rate_*`` ("Children starting ...")
ceases                 LAIT ``LACceased``; ``SFR41_CEA2016.csv`` ``CLA_cease``;
                       ``SFR50_CEA2017.csv`` ``CLA_cease2017``; the three ceased-by-reason
                       files (Reason episode ceased, Total); ``cla_number_and_rate_*``
returned_home          planned + unplanned "Returned home to live with parents or other person
                       with parental responsibility" (SSDA903 reasons E4A + E4B): SFR41
                       ``CLA_ceaParPlan``/``CLA_ceaParNPlan``; SFR50 ``CEA_ParPlan``/
                       ``CEA_ParNPlan``; ``la_children_who_ceased_during_year__2018-2022.csv``;
                       ``la_children_who_ceased_during_the_year__2020-2024.csv``;
                       ``csc_dashboard_ceased_cla_by_reason__2021-2025.csv``.  "Left care to
                       live with parents, relatives or other person with no parental
                       responsibility" is *not* included.
spend                  S251 **outturn**, LAIT measure ``TotalLACFinance`` = "Total Children
                       Looked After (finance)", gross, in pounds (source table
                       ``s251_childrens_young_peoples_services_la_regional_national.csv``);
                       financial year April t-1 to March t is year t.  2016 (FY 2015-16) is
                       not in the snapshot.  No S251 *budget* is public: there is no budget
                       column.
population_0_17        ONS mid-year estimate, children aged 0-17,
                       ``population/ons_mid-year_population_estimates_0-17_2012_to_2024.csv``;
                       year t uses mid-(t-1), as DfE's rate per 10,000 does.
cla_rate_per_10k       computed: cla / population_0_17 x 10,000 (unrounded; DfE publishes it
                       rounded to a whole number).
=====================  =====================================================================

Suppression: the codes ``x`` ``c`` ``z`` ``k`` ``-`` ``..`` ``:`` (and blanks) become NaN and
the council's ``df.attrs["notes"]`` says which column and year and why.  An unknown text value
raises :class:`~analysis.common.errors.InputError` naming the file, column and rows.

Revisions: DfE republishes the last five years in every release.  Every value carries its
release vintage (SFR41 = 2016, SFR50 = 2017, 2018-2022 files = 2022, 2019-2023 = 2023,
2020-2024 = 2024, 2021-2025 files = 2025, LAIT refreshed April 2026 with the 2025 data = 2026);
for each council, year and measure the latest release that gives a number wins.  (LAIT
matches the 2025 release wherever both give a number.)  If a later release suppresses a
number an earlier release published, the published number is kept and a note says so.

Predecessors: see :data:`analysis.inputs.public.councils.SUCCESSIONS` and ``predecessor_method``.

The work is done by one module per step, each importing only the ones before it:

* :mod:`~analysis.inputs.public.files` -- CSV reading, numbers and suppression codes, long records,
  the years covered and the predecessor method;
* :mod:`~analysis.inputs.public.tables` -- the file lists above and one reader per table layout;
* :mod:`~analysis.inputs.public.releases` -- the latest release of every value;
* :mod:`~analysis.inputs.public.successions` -- the years before a council existed;
* :mod:`~analysis.inputs.public.per_council` -- :func:`council_history`, :func:`all_histories`;
* :mod:`~analysis.inputs.public.groups` -- :func:`group_history`, :func:`compare_with_published`.

This module gathers their public names (so ``from analysis.inputs.public.history import
council_history`` keeps working) and :func:`clear_cache`, which empties every cache of the
public-data layer.
"""

from __future__ import annotations

from analysis.inputs.public.comparators import clear_cache as clear_comparators_cache
from analysis.inputs.public.councils import clear_cache as clear_councils_cache
from analysis.inputs.public.files import FIRST_YEAR, LAST_YEAR, SUPPRESSION_CODES, parse_values
from analysis.inputs.public.groups import PUBLISHED_CCN_CLA, SUM_COLUMNS, compare_with_published, group_history
from analysis.inputs.public.per_council import DEFINITIONS, HISTORY_COLUMNS, all_histories, council_history
from analysis.inputs.public.per_council import clear_cache as clear_histories_cache
from analysis.inputs.public.releases import clear_cache as clear_releases_cache
from analysis.inputs.public.releases import latest_release
from analysis.inputs.public.tables import MEASURES, read_number_and_rate
from analysis.inputs.public.tables import clear_cache as clear_tables_cache

__all__ = [
    "DEFINITIONS",
    "FIRST_YEAR",
    "HISTORY_COLUMNS",
    "LAST_YEAR",
    "MEASURES",
    "PUBLISHED_CCN_CLA",
    "SUM_COLUMNS",
    "SUPPRESSION_CODES",
    "all_histories",
    "clear_cache",
    "compare_with_published",
    "council_history",
    "group_history",
    "latest_release",
    "parse_values",
    "read_number_and_rate",
]


def clear_cache() -> None:
    """Forget every parsed file (e.g. after the public folder changed)."""
    for clear in (
        clear_tables_cache,
        clear_releases_cache,
        clear_histories_cache,
        clear_councils_cache,
        clear_comparators_cache,
    ):
        clear()
