"""The one declared mapping from DfE item names to this package's column names.

A council's returns name their items as the DfE specifications do: the SSDA903 (children looked
after) return uses upper-case item names that are also this package's names (``CHILD``,
``DECOM``, ``REC`` ...), with ``CHILDID`` for the child in the XML return; the children in need
census uses mixed-case item names (``LAchildID``, ``CINreferralDate``, ``ReferralSource`` ...).
:data:`DFE_ITEMS` lists every item the package reads, by table; :data:`SPEC_YEAR` names the
specification year the list follows.  Items of a return that are not listed here are read and
ignored (``validate`` lists them as ignored columns).

Column names in CSV files are matched without regard to case, so a CIN extract with the census
item names as column headers is read as well as one with the package's own names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The DfE specification each part of the mapping follows.
SPEC_YEAR: dict[str, str] = {
    "SSDA903": "SSDA903 children looked after return, specification 2024 to 2025",
    "CIN": "Children in need census, specification 2024 to 2025 (XML schema element names)",
}


@dataclass(frozen=True)
class Item:
    """One DfE item: its name in the return, the package table and column it fills."""

    dfe: str
    table: str
    column: str
    collection: str  # "SSDA903" or "CIN"
    note: str = ""


DFE_ITEMS: tuple[Item, ...] = (
    # SSDA903 header (CSV item names are the package's names; the XML names the child CHILDID)
    Item("CHILD", "header", "CHILD", "SSDA903"),
    Item("CHILDID", "header", "CHILD", "SSDA903", "XML element name of the child's identifier"),
    Item("SEX", "header", "SEX", "SSDA903"),
    Item("DOB", "header", "DOB", "SSDA903"),
    Item("ETHNIC", "header", "ETHNIC", "SSDA903"),
    Item("UPN", "header", "UPN", "SSDA903"),
    # SSDA903 episodes
    Item("CHILD", "episodes", "CHILD", "SSDA903"),
    Item("CHILDID", "episodes", "CHILD", "SSDA903", "XML element name of the child's identifier"),
    *(
        Item(c, "episodes", c, "SSDA903")
        for c in ("DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "DEC", "REC", "REASON_PLACE_CHANGE")
    ),
    Item("HOME_POST", "episodes", "HOME_POST", "SSDA903"),
    # SSDA903 UASC table: a child in it is flagged UASC in the header
    Item("CHILD", "uasc", "CHILD", "SSDA903", "children in the UASC table are flagged UASC = Y in the header"),
    Item("CHILDID", "uasc", "CHILD", "SSDA903", "XML element name of the child's identifier"),
    Item("DUC", "uasc", "DUC", "SSDA903", "date UASC status ceases (read, not used)"),
    # CIN census
    Item("LAchildID", "referrals", "CHILD", "CIN"),
    Item("CINreferralDate", "referrals", "REFERRAL_DATE", "CIN"),
    Item("ReferralSource", "referrals", "REFERRAL_SOURCE", "CIN"),
    Item("LAchildID", "assessments", "CHILD", "CIN"),
    Item("AssessmentAuthorisationDate", "assessments", "ASSESSMENT_DATE", "CIN"),
    Item(
        "AssessmentActualStartDate",
        "assessments",
        "ASSESSMENT_DATE",
        "CIN",
        "used when the assessment has no authorisation date",
    ),
    Item("AssessmentFactors", "assessments", "FACTORS", "CIN", "one element per factor; joined with ';'"),
    Item("LAchildID", "cin_plans", "CHILD", "CIN"),
    Item("CINPlanStartDate", "cin_plans", "START", "CIN"),
    Item("CINPlanEndDate", "cin_plans", "END", "CIN"),
    Item("LAchildID", "cp_plans", "CHILD", "CIN"),
    Item("CPPstartDate", "cp_plans", "START", "CIN"),
    Item("CPPendDate", "cp_plans", "END", "CIN"),
    Item("InitialCategoryOfAbuse", "cp_plans", "CATEGORY", "CIN"),
)

#: CIN census items that are read but have no column in the package's tables.
CIN_NOT_USED: tuple[str, ...] = ("PrimaryNeedCode", "CINclosureDate", "ReasonForClosure", "LatestCategoryOfAbuse")


def renames(table: str) -> dict[str, str]:
    """Upper-cased DfE item name -> package column, for one table (identity items left out)."""
    out: dict[str, str] = {}
    for it in DFE_ITEMS:
        if it.table == table and it.dfe.upper() != it.column:
            out.setdefault(it.dfe.upper(), it.column)
    return out


def mapping_table() -> list[dict[str, str]]:
    """The mapping as rows (for the data dictionary and ``validate``)."""
    return [
        {
            "DfE item": it.dfe,
            "return": SPEC_YEAR[it.collection],
            "table": it.table,
            "column": it.column,
            "note": it.note,
        }
        for it in DFE_ITEMS
    ]


# --------------------------------------------------------------------------------------
# File names: which table a file holds and which collection year it is named for
# --------------------------------------------------------------------------------------

#: File stems (lower case) accepted for each table besides ``<table>``.
TABLE_ALIASES: dict[str, tuple[str, ...]] = {
    "header": ("header", "ssda903_header", "903_header"),
    "episodes": ("episodes", "ssda903_episodes", "903_episodes"),
    "uasc": ("uasc", "ssda903_uasc", "903_uasc"),
}

_YEAR = r"(?P<y1>(?:19|20)\d\d)(?:[-_/](?P<y2>\d\d(?:\d\d)?))?"
_YEAR_FIRST = re.compile(rf"^{_YEAR}[-_ .]+(?P<stem>.+)$")
_YEAR_LAST = re.compile(rf"^(?P<stem>.+?)[-_ .]+{_YEAR}$")
_YEAR_ONLY = re.compile(rf"^{_YEAR}$")


def year_of(text: str) -> int | None:
    """The collection year a folder name like ``2017``, ``2016-17`` or ``2016_2017`` stands for (the
    last year named), else None."""
    m = _YEAR_ONLY.match(text.strip())
    return _year(m) if m else None


def _year(m: re.Match) -> int:
    y1 = int(m.group("y1"))
    y2 = m.group("y2")
    if not y2:
        return y1
    return int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2) + (100 if int(y2) < y1 % 100 else 0)


def split_name(stem: str) -> tuple[str, int | None]:
    """A file stem without its year, and the year it names (``2017-episodes`` -> ``episodes``, 2017)."""
    s = stem.strip().lower()
    for rx in (_YEAR_FIRST, _YEAR_LAST):
        m = rx.match(s)
        if m:
            return m.group("stem").strip(" -_."), _year(m)
    return s, None


def table_for(stem: str, known: tuple[str, ...]) -> str | None:
    """The table a file stem (without year) names, or None."""
    s = stem.lower().replace(" ", "_").replace("-", "_")
    for t in known:
        if s == t or s in TABLE_ALIASES.get(t, ()):
            return t
    for t, names in TABLE_ALIASES.items():
        if s in names:
            return t
    return None
