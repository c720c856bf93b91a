"""Public-data layer: DfE/ONS files for any of the 153 English councils.

The public data folder is configured by the user (argument / params ``public_dir``, else the
environment variable ``P2R_PUBLIC_DATA``); see :mod:`analysis.inputs.public.paths`.
"""

from analysis.config.public import PublicDataParams
from analysis.inputs.public.comparators import comparators, deprivation_profile, imd_decile_lookup
from analysis.inputs.public.councils import SUCCESSIONS, Council, ccn_members, list_councils, resolve_la
from analysis.inputs.public.files import parse_values
from analysis.inputs.public.groups import PUBLISHED_CCN_CLA, compare_with_published, group_history
from analysis.inputs.public.history import clear_cache
from analysis.inputs.public.paths import ENV_VAR, resolve_public_dir
from analysis.inputs.public.per_council import HISTORY_COLUMNS, all_histories, council_history
from analysis.inputs.public.releases import latest_release

__all__ = [
    "Council",
    "SUCCESSIONS",
    "ENV_VAR",
    "HISTORY_COLUMNS",
    "PUBLISHED_CCN_CLA",
    "PublicDataParams",
    "all_histories",
    "ccn_members",
    "clear_cache",
    "compare_with_published",
    "comparators",
    "council_history",
    "deprivation_profile",
    "group_history",
    "imd_decile_lookup",
    "latest_release",
    "list_councils",
    "parse_values",
    "resolve_la",
    "resolve_public_dir",
]
