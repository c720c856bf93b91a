"""The impact chapter: this council's own entry rate, its point on figure 23 (fig23).

The spread across county councils needs the public data folder and is built by the public-data chapter.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config.childdata import MeasureParams
from analysis.evidence.measures.base import MeasureSpec, measure_context, spec
from analysis.inputs.childdata.load import ChildData


def fig23_local_entry_rate(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    c = measure_context(data, mp)
    per = c.periods
    y0 = pd.Timestamp(c.base_year - 1, 4, 1)
    kids = per.loc[per["entry"] & (per["start"] >= y0) & (per["start"] <= c.base), "CHILD"].nunique()
    pop = int(data.get("population_imd")["POPULATION_0_17"].sum())
    return pd.DataFrame(
        [
            {
                "year": c.base_year,
                "count": kids,
                "population": pop,
                "rate_per_10k": kids / pop * 10_000 if pop else np.nan,
            }
        ]
    )


# --------------------------------------------------------------------------------------
# The chapter's measures, in report order (gathered into MEASURES by analysis.evidence.measures.registry)
# --------------------------------------------------------------------------------------


SPECS: list[MeasureSpec] = [
    spec(
        "fig23",
        "Children entering care per 10,000 (this council's point for figure 23)",
        "impact",
        fig23_local_entry_rate,
        ["episodes", "population_imd"],
        (),
        None,
        {
            "counts": ("count",),
            "bases": (),
            "shares": {},
            "derived": {"rate_per_10k": "count"},
            "decimals": {"rate_per_10k": 0},
        },
        "The spread across county councils needs the public data folder and is built by the public-data "
        "chapter; this is the council's own rate in the base year",
    ),
]
