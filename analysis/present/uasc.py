"""Unaccompanied asylum-seeking children (UASC) in an area's public history, in words."""

from __future__ import annotations

import math

import pandas as pd

from analysis.common import fmt

#: A share of children in care above which the UASC caveat is worth a reader's attention.
NOTABLE_SHARE = 0.10


def uasc_sentence(history: pd.DataFrame | None, area: str, headline: dict | None = None) -> str:
    """'' when the history has no UASC counts; else how many of the children in care were UASC, then
    and now, and what that means for this report's projection: held apart from the modelled flows
    (``headline`` has ``uasc_cla_base``) or projected with every other child."""
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
        "analysis. "
    )
    h = headline or {}
    if h.get("uasc_cla_base") is not None:
        starts = h.get("uasc_entries_base")
        return text + (
            "This report projects them apart from the other children: they stay at "
            f"{fmt.num(h.get('uasc_cla_horizon'))} in care"
            + (f", with {fmt.num(starts)} starting to be looked after each year" if starts is not None else "")
            + ", and the prevention and reconnection shifts act only on the other children. Their cost is "
            "still counted in spend."
        )
    text += "This report's model projects all children in care together and applies the shifts to every entry"
    if s1 >= NOTABLE_SHARE:
        text += (
            f"; with {fmt.pct(s1, 0)} of children in care unaccompanied, that overstates what prevention and "
            "reconnection could change here, because these children's entries follow national arrivals "
            "and the National Transfer Scheme rather than local services."
        )
    else:
        text += ", which makes little difference where they are a small share."
    return text
