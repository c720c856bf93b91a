"""Read the DfE XML returns: the SSDA903 (children looked after) and the children in need census.

Both are read by their element names (see :mod:`analysis.inputs.childdata.dfe`), with namespaces
ignored:

* SSDA903: every ``CHILD`` element holding a ``HEADER`` (``CHILDID``, ``SEX``, ``DOB``,
  ``ETHNIC``, ``UPN`` ...), its ``EPISODE`` elements (``DECOM``, ``RNE``, ``LS`` ...) and, for an
  unaccompanied asylum-seeking child, a ``UASC`` element;
* CIN census: every ``Child`` element with ``ChildIdentifiers/LAchildID`` and its ``CINdetails``
  (``CINreferralDate``, ``ReferralSource``, ``Assessments`` with ``AssessmentFactors``,
  ``CINPlanDates``, ``ChildProtectionPlans`` with ``CPPstartDate`` ...).

The rows returned are numbered by the child element they come from (the first ``CHILD`` or
``Child`` element is record 2, as the first data row of a CSV file is row 2), so a problem
names the file and the record.  A file that is not well-formed XML is refused with the element
path where reading stopped.  Document type declarations are refused (they are never part of a
DfE return, and entity declarations in them can expand without limit), so only the standard
library's parser is needed.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pandas as pd

from analysis.common.errors import InputError, Problem

_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def parse_xml(raw: bytes, file: str) -> ET.Element:
    """The root element, or an InputError naming the file, the element path and what to do."""
    if _DOCTYPE.search(raw[:65536]) or _DOCTYPE.search(raw):
        raise InputError(
            Problem(
                "the XML file contains a document type declaration (<!DOCTYPE or <!ENTITY), which a DfE "
                "return never has; it was not read",
                file=file,
                hint="Export the return again from the case-management system, without a DOCTYPE",
            )
        )
    stack: list[str] = []
    root: ET.Element | None = None
    try:
        for event, el in ET.iterparse(io.BytesIO(raw), events=("start", "end")):
            if event == "start":
                stack.append(_local(el.tag))
                if root is None:
                    root = el
            else:
                stack.pop()
    except ET.ParseError as e:
        line, col = getattr(e, "position", (0, 0))
        path = "/" + "/".join(stack) if stack else "(before the first element)"
        msg = str(e).split(":", 1)[0]
        raise InputError(
            Problem(
                f"the XML file is not well-formed ({msg}, line {line}, column {col + 1}); reading stopped "
                f"inside element {path}",
                file=file,
                hint="Open the file in an XML editor or browser to find the fault at that place, or export "
                "the return again",
            )
        ) from e
    if root is None:
        raise InputError(Problem("the XML file has no elements", file=file, hint="Export the return again"))
    return root


def _leaves(el: ET.Element) -> dict[str, str]:
    """Upper-cased local names -> text of the element's leaf children (first occurrence)."""
    out: dict[str, str] = {}
    for c in el:
        if len(c) == 0:
            out.setdefault(_local(c.tag).upper(), (c.text or "").strip())
    return out


def _first(el: ET.Element, name: str) -> ET.Element | None:
    for c in el.iter():
        if _local(c.tag) == name:
            return c
    return None


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el.iter() if _local(c.tag) == name and c is not el]


def return_kind(root: ET.Element) -> str | None:
    """``CIN``, ``SSDA903`` or None."""
    names = {_local(c.tag) for c in root.iter()}
    if "LAchildID" in names or "CINdetails" in names or (_local(root.tag) == "Message" and "Children" in names):
        return "CIN"
    if {"DECOM", "CHILDID", "EPISODE"} & names or ("CHILD" in names and "HEADER" in names):
        return "SSDA903"
    return None


def read_xml_tables(raw: bytes, file: str) -> tuple[str, dict[str, pd.DataFrame]]:
    """The return's kind and its tables as raw text frames (DfE item names upper-cased, ``_row``)."""
    root = parse_xml(raw, file)
    kind = return_kind(root)
    if kind == "SSDA903":
        return kind, _ssda903(root)
    if kind == "CIN":
        return kind, _cin(root)
    raise InputError(
        Problem(
            f"the XML file is neither an SSDA903 return nor a CIN census (root element <{_local(root.tag)}>)",
            file=file,
            hint="Give the SSDA903 or CIN census XML as exported for the DfE, or a CSV file per table",
        )
    )


def _frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    df = pd.DataFrame(rows, dtype="object")
    if "_ROW" in df.columns:
        df = df.rename(columns={"_ROW": "_row"})
        df["_row"] = df["_row"].astype("int64")
        df = df[["_row"] + [c for c in df.columns if c != "_row"]]
    return df


def _ssda903(root: ET.Element) -> dict[str, pd.DataFrame]:
    header: list[dict] = []
    episodes: list[dict] = []
    uasc: list[dict] = []
    kids = [c for c in root.iter() if _local(c.tag) == "CHILD" and len(c)]
    for i, kid in enumerate(kids):
        rec = i + 2
        hd = _first(kid, "HEADER")
        items = _leaves(hd if hd is not None else kid)
        child = items.get("CHILDID") or items.get("CHILD") or ""
        header.append({"_ROW": rec, **items})
        for ep in _children(kid, "EPISODE"):
            episodes.append({"_ROW": rec, "CHILDID": child, **_leaves(ep)})
        for u in _children(kid, "UASC"):
            uasc.append({"_ROW": rec, "CHILDID": child, **_leaves(u)})
    out = {"header": _frame(header), "episodes": _frame(episodes)}
    if uasc:
        out["uasc"] = _frame(uasc)
    return out


def _cin(root: ET.Element) -> dict[str, pd.DataFrame]:
    tables: dict[str, list[dict]] = {"referrals": [], "assessments": [], "cin_plans": [], "cp_plans": []}
    kids = [c for c in root.iter() if _local(c.tag) == "Child"]
    for i, kid in enumerate(kids):
        rec = i + 2
        idel = _first(kid, "LAchildID")
        child = (idel.text or "").strip() if idel is not None else ""
        base = {"_ROW": rec, "LACHILDID": child}
        for det in _children(kid, "CINdetails"):
            items = _leaves(det)
            if items.get("CINREFERRALDATE"):
                tables["referrals"].append(
                    {
                        **base,
                        "CINREFERRALDATE": items["CINREFERRALDATE"],
                        "REFERRALSOURCE": items.get("REFERRALSOURCE", ""),
                    }
                )
            for a in _children(det, "Assessments"):
                ai = _leaves(a)
                factors = [(f.text or "").strip() for f in _children(a, "AssessmentFactors")]
                ai.pop("ASSESSMENTFACTORS", None)
                tables["assessments"].append({**base, **ai, "ASSESSMENTFACTORS": ";".join(f for f in factors if f)})
            for p in _children(det, "CINPlanDates"):
                tables["cin_plans"].append({**base, **_leaves(p)})
            for p in _children(det, "ChildProtectionPlans"):
                tables["cp_plans"].append({**base, **_leaves(p)})
    return {t: _frame(rows) for t, rows in tables.items() if rows}
