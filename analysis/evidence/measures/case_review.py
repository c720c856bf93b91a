"""The case review's headline judgements with hindsight (cr01), introducing the system-shift chapters."""

from __future__ import annotations

import pandas as pd

from analysis.config.childdata import MeasureParams
from analysis.evidence.measures.base import is_yes, shares
from analysis.inputs.childdata.load import ChildData


def cr_headline(data: ChildData, mp: MeasureParams) -> pd.DataFrame:
    cr = data.case_review
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
