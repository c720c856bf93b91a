"""The probabilities the synthetic generator is tuned with, and its day-number constants.

Every probability in :data:`CALIBRATION` is set so that the measure in ``FIGURES.md``
it drives, computed on the synthetic council, lands near the report's published value.
Dates inside the generator are whole days since :data:`EPOCH`; :data:`YEAR` is a year
in days.
"""

from __future__ import annotations

from typing import Any

import numpy as np

EPOCH = np.datetime64("1970-01-01", "D")
YEAR = 365.25

#: Every probability the generator uses that is tuned to a published figure.
CALIBRATION: dict[str, Any] = {
    # entries
    "entry_growth": 0.029,  # yearly growth of entries (CLA +29% 2016-2025 with durations below)
    "age_band_p": {"<1": 0.20, "1-4": 0.15, "5-10": 0.24, "11-15": 0.31, "16-17": 0.10},
    "uasc_per_year_before_2022": 0.03,  # share of entries who are UASC, before and after 2021-22
    "uasc_per_year_from_2022": 0.09,
    # leaving within a year (report: over 80% stay more than a year)
    "p_short": {"<1": 0.10, "1-4": 0.13, "5-10": 0.07, "11-15": 0.17, "16-17": 0.20},
    # staying until 18 among long stayers (report: about half of entrants over 5 stay until 18)
    "p_until18_long": {"<1": 0.04, "1-4": 0.08, "5-10": 0.80, "11-15": 0.04, "16-17": 1.0},
    # re-entry after return home (Home Again report: 12% / 20% / 35% at 3 months / 1 year / 6 years)
    "reentry_cum": (0.12, 0.21, 0.45),
    # first-year placement moves (report: one placement for 65% of stayers, 92% of leavers)
    "moves_first_year_stayers": (0.72, 0.18, 0.07, 0.03),
    "moves_first_year_leavers": (0.92, 0.07, 0.01),
    "moves_per_year_after": 0.22,
    # ethnicity (report: 25% minority among under-12s leaving within a year vs 15% population;
    # 27% not White British among entrants aged 12+)
    "minority_u12_short": 0.25,
    "minority_u12_long": 0.155,
    "not_wbri_12plus_non_uasc": 0.09,
    # deprivation gradient: entry-rate multiplier per decile step (most vs least deprived fifth ~2.5x)
    "deprivation_log_slope": 0.1145,
    # weekly costs (2024-25 prices) and price growth of new placements
    "price_growth_new": 0.06,
    # pre-entry plans in the 6 months before entry (report: 39% none; 35% CP only; ~26% EH/CIN)
    "plan_groups": {
        "NONE": 0.345,
        "CP_ONLY": 0.37,
        "EH_ONLY": 0.075,
        "CIN_ONLY": 0.085,
        "EH_CP": 0.035,
        "CIN_CP": 0.065,
        "EH_CIN": 0.025,
    },  # non-UASC entrants; UASC have no plan
    "cp_open_lt6m": 0.60,
    "none_single_contact": 0.53,
    "none_penultimate_6m_plus": 0.37,
    # school (report: 80% of school-age entrants attend 3+ days a week, 92% primary; SEN 1 in 3, 1:2)
    "attend_ok": {"primary": 0.93, "secondary": 0.71, "post16": 0.62},
    "sen_k": 0.11,
    "sen_e": 0.22,
    # parental factors at the assessment before entry (report: 81% parental need present)
    "parental_need": 0.88,
}
