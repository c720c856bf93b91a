"""Unaccompanied asylum-seeking children (UASC) in an area's public history, in words."""

from __future__ import annotations

import math

import pandas as pd

from analysis.common import fmt

#: A share of children in care above which the UASC caveat is worth a reader's attention.
NOTABLE_SHARE = 0.10


def uasc_sentence(history: pd.DataFrame | None, area: str) -> str:
    """'' when the history has no UASC counts; else how many of the children in care were UASC, then
    and now, and what that means for this report's projection (the model includes them)."""
    if history is None or "cla_uasc" not in history:
        return ""
    d = history.dropna(subset=["cla", "cla_uasc"])
    d = d[d["cla"] > 0]
    if len(d) == 0:
        return ""
    first, last = d.iloc[0], d.iloc[-1]
    s0, s1 = first.cla_uasc / first.cla, last.cla_uasc / last.cla
    if math.isclose(first.cla_uasc, last.cla_uasc, rel_tol=0.1, abs_tol=5):
        move = "about the same number as"
    elif last.cla_uasc > first.cla_uasc:
        move = "up from"
    else:
        move = "down from"
    text = (
        f"At 31 March {int(last.year)}, {fmt.num(last.cla_uasc)} of the {fmt.num(last.cla)} children in care in "
        f"{area} were unaccompanied asylum-seeking children ({fmt.pct(s1, 0)}), {move} {fmt.num(first.cla_uasc)} "
        f"({fmt.pct(s0, 0)}) in {int(first.year)} (DfE). The published report left these children out of its "
        "analysis. This report's model still projects all children in care together and applies the shifts to "
        "every entry"
    )
    if s1 >= NOTABLE_SHARE:
        text += (
            f"; with {fmt.pct(s1, 0)} of children in care unaccompanied, that overstates what prevention and "
            "reconnection could change here, because these children's entries follow national arrivals "
            "and the National Transfer Scheme rather than local services."
        )
    else:
        text += ", which makes little difference where they are a small share."
    return text
