"""The case review's headline judgements with hindsight (cr01), introducing the system-shift chapters."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.config.childdata import MeasureParams
from analysis.evidence.measures.base import SDC_NOT_ADDITIVE, MeasureSpec, Published, is_yes, shares, spec
from analysis.inputs.childdata.load import ChildData


def cr_headline(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = data.get("case_review")
    conf = set(mp.confident_levels)
    ib = cr["IMPROVABLE_BEFORE"].dropna().astype(bool)
    ia = cr["IMPROVABLE_AFTER"].dropna().astype(bool)
    imp_b = cr[is_yes(cr["IMPROVABLE_BEFORE"])]
    imp_a = cr[is_yes(cr["IMPROVABLE_AFTER"])]
    rows = [
        {"category": "Could have been supported better before entry", "count": int(ib.sum()), "base": len(ib)},
        {
            "category": "... of whom: a degree of confidence care could have been avoided",
            "count": int(imp_b["CONFIDENCE_AVOID"].isin(conf).sum()),
            "base": int(imp_b["CONFIDENCE_AVOID"].notna().sum()),
        },
        {"category": "Could have been supported better after entry", "count": int(ia.sum()), "base": len(ia)},
    ]
    if "CONFIDENCE_EXIT" in cr.columns:
        rows.append(
            {
                "category": "... of whom: a degree of confidence of a positive exit",
                "count": int(imp_a["CONFIDENCE_EXIT"].isin(conf).sum()),
                "base": int(imp_a["CONFIDENCE_EXIT"].notna().sum()),
            }
        )
    return shares(pd.DataFrame(rows))


# --------------------------------------------------------------------------------------
# The chapter's measures, in report order (gathered into MEASURES by analysis.evidence.measures.registry)
# --------------------------------------------------------------------------------------


SPECS: list[MeasureSpec] = [
    spec(
        "cr01",
        "Practitioners' judgements with hindsight",
        "system shifts",
        cr_headline,
        ["case_review"],
        [
            Published("before", 0.70, "70% could have been supported better before entry"),
            Published("confident_before", 0.47, "47% of those with a degree of confidence care could be avoided"),
            Published("after", 0.32, "32% could have been supported better after entry"),
            Published("confident_after", 0.33, "33% of those with confidence of a positive exit"),
        ],
        lambda df: {
            "before": df["share"].iloc[0],
            "confident_before": df["share"].iloc[1],
            "after": df["share"].iloc[2],
            "confident_after": df["share"].iloc[3] if len(df) > 3 else np.nan,
        },
        SDC_NOT_ADDITIVE,
        "Shares of reviewed children; confidence counted at the levels in measures.confident_levels",
    ),
]
