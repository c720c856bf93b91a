"""Sentences built from disclosure-controlled measure tables, never from suppressed parts.

Disclosure control blanks a small count and the share built on it (``suppressed`` is true, the
value missing). A sentence that needs such a value says that the figure is suppressed for
disclosure control instead of printing 'n/a', 'nan' or a list with nothing in it; a sentence that
lists several shares lists those it has and names the suppressed ones.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from analysis.common import fmt

SUPPRESSED = "suppressed for disclosure control (the numbers are too small to publish safely)"


def known(*values) -> bool:
    """True when every value is there (not None, not NaN)."""
    for v in values:
        if v is None:
            return False
        try:
            if math.isnan(float(v)):
                return False
        except (TypeError, ValueError):
            return False
    return True


def suppressed_sentence(what: str) -> str:
    """'The figure for <what> is suppressed for disclosure control (...).'"""
    return f"The figure for {what} is {SUPPRESSED}. "


def if_known(values: list, text: Callable[[], str], what: str) -> str:
    """``text()`` when every value is known, else the suppressed sentence for ``what``."""
    return text() if known(*values) else suppressed_sentence(what)


def _listed(labels: list[str]) -> str:
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def reentry_sentence(d: pd.DataFrame, area_md: str) -> str:
    """Shift 5: of children who returned home, the shares who came back into care (s5_reentry)."""
    sup = d["suppressed"].fillna(False).astype(bool) if "suppressed" in d else d["share"].isna()
    shown = d[~sup & d["share"].notna()]
    hidden = [str(c).lower() for c in d.loc[sup, "category"]]
    if not len(shown):
        return suppressed_sentence(f"children in {area_md} who came back into care after returning home")
    parts = [f"{fmt.pct(r.share)} {str(r.category).lower()}" for r in shown.itertuples()]
    text = (
        f"In the child-level data for {area_md}, of children who returned home, {_listed(parts)} "
        "had come back into care. "
    )
    if hidden:
        text += f"The share {_listed(hidden)} is {SUPPRESSED}. "
    return text


def ethnicity_list(d: pd.DataFrame, area_md: str) -> str:
    """Shift 2: the ethnicity of children entering care, one line per group (s2_ethnicity)."""
    sup = d["suppressed"].fillna(False).astype(bool) if "suppressed" in d else pd.Series(False, index=d.index)
    shown = d[~sup & d["share"].notna()]
    lines = [f"- {r.group}: {fmt.pct(r.share)} {r.measure}" for r in shown.itertuples()]
    lines += [f"- {r.group}: {SUPPRESSED}" for r in d[sup].itertuples()]
    if not len(shown):
        return suppressed_sentence(f"the ethnicity of children entering care in {area_md}")
    return f"Ethnicity of children entering care in {area_md}:\n\n" + "\n".join(lines) + "\n\n"


def first_placement_sentence(d: pd.DataFrame) -> str:
    """Shift 5: the share first placed in foster care, and in-house to agency (s5_first_placement)."""
    fost_rows = d[d["fostering"].astype(bool)]
    what = "children aged 1 to 15 who stayed over a year and were first placed in foster care"
    if not len(fost_rows) or fost_rows["share"].isna().any():
        return suppressed_sentence(what)
    fost = float(fost_rows["share"].sum())
    inh = _share(d, "Fostering (in-house)")
    ag = _share(d, "Fostering (agency)")
    ratio = f" (in-house to agency about {inh / ag:.1f} to 1)" if inh and ag else ""
    return f"Of children aged 1 to 15 who stayed over a year, {fmt.pct(fost)} were first placed in foster care{ratio}. "


def contacts_plans_sentence(d: pd.DataFrame) -> str:
    """Shift 4: contacts in the latest year against children starting a plan (s4_contacts_plans)."""
    is_contacts = d["category"].astype(str).str.startswith("Contacts")
    c = d.loc[is_contacts, "count"].iloc[0] if is_contacts.any() else None
    p = d.loc[~is_contacts, "count"].iloc[0] if (~is_contacts).any() else None
    if not known(c, p) or not p:
        return suppressed_sentence("contacts and children starting a plan in the latest year")
    return (
        f"In the latest year there were about {fmt.num(c)} contacts and {fmt.num(p)} children starting a plan: "
        f"{c / p:.1f} contacts for every child who went on to a plan. "
    )


def _share(d: pd.DataFrame, category: str) -> float | None:
    r = d[d["category"].astype(str) == category]
    if not len(r) or pd.isna(r["share"].iloc[0]):
        return None
    return float(r["share"].iloc[0])
