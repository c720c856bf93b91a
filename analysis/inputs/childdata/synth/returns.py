"""Write the synthetic tables as a council's DfE-shaped returns, one per collection year.

Layouts (``p2r synth --layout``):

* ``per-year-files``: ``<year>-header.csv``, ``<year>-episodes.csv``, ``<year>-uasc.csv`` ... in one folder;
* ``per-year-folders``: ``<year>/header.csv`` ...;
* ``stacked``: one ``header.csv``, ``episodes.csv`` ... holding every return, with a ``YEAR`` column;
* ``xml``: ``<year>-ssda903.xml`` and ``<year>-cin.xml`` per year, by the DfE element names.

The return for the year ending 31 March Y holds what the council knew then: every episode open at
some time in the year, those still open on 31 March Y written as open (no DEC, no REC); the header
of every child with such an episode; the UASC table of those flagged UASC; the CIN census events
dated in the year and the plans open in it (still open ones without an end date).  The first
return also holds the episodes that ended before its year, as a council's first extract does.
Tables that no DfE return holds (early help, contacts, school, case review, home LSOA, population
by deprivation decile) are written once, as ``<table>.csv``.  Read back, combined and repaired by
the package's rules, the returns give the same measures as the tables themselves.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pandas as pd

LAYOUTS = ("one", "per-year-files", "per-year-folders", "stacked", "xml")
_EVENT_DATE = {"referrals": "REFERRAL_DATE", "assessments": "ASSESSMENT_DATE"}
_PLANS = ("cin_plans", "cp_plans")


def _fy(d: pd.Series) -> pd.Series:
    return d.dt.year + (d.dt.month >= 4).astype(int)


def split_returns(
    tables: dict[str, pd.DataFrame],
) -> tuple[dict[int, dict[str, pd.DataFrame]], dict[str, pd.DataFrame]]:
    """The returns by collection year (SSDA903 and CIN census tables) and the other tables."""
    ep = tables["episodes"]
    hd = tables["header"]
    first = int(min(_fy(ep["DEC"].dropna()).min(), _fy(ep["DECOM"]).min()))
    last = int(max(_fy(ep["DECOM"]).max(), _fy(ep["DEC"].dropna()).max()))
    for t in (*_EVENT_DATE, *_PLANS):
        if t in tables and len(tables[t]):
            col = _EVENT_DATE.get(t, "START")
            first = min(first, int(_fy(tables[t][col]).min()))
    returns: dict[int, dict[str, pd.DataFrame]] = {}
    for y in range(first, last + 1):
        lo, hi = pd.Timestamp(y - 1, 4, 1), pd.Timestamp(y, 3, 31)
        on = (ep["DECOM"] <= hi) & (ep["DEC"].isna() | (ep["DEC"] >= lo) | (y == first))
        e = ep[on].copy()
        still = (e["DEC"] > hi).to_numpy()
        e.loc[still, "DEC"] = pd.NaT
        e.loc[still, "REC"] = None
        r: dict[str, pd.DataFrame] = {"episodes": e}
        h = hd[hd["CHILD"].isin(set(e["CHILD"]))]
        if "UASC" in h.columns:
            flagged = h.loc[h["UASC"].astype(str).str.upper().isin(["Y", "TRUE"]), ["CHILD", "SEX", "DOB"]]
            r["uasc"] = flagged.assign(DUC=pd.NaT)
            h = h.drop(columns=["UASC"])
        r["header"] = h
        for t, col in _EVENT_DATE.items():
            if t in tables:
                d = tables[t]
                r[t] = d[(d[col] >= lo) & (d[col] <= hi)] if y > first else d[d[col] <= hi]
        for t in _PLANS:
            if t in tables:
                p = tables[t]
                open_in = (p["START"] <= hi) & (p["END"].isna() | (p["END"] >= lo) | (y == first))
                p = p[open_in].copy()
                p.loc[(p["END"] > hi).to_numpy(), "END"] = pd.NaT
                r[t] = p
        returns[y] = r
    done = {"header", "episodes", *_EVENT_DATE, *_PLANS}
    others = {t: df for t, df in tables.items() if t not in done}
    return returns, others


def write_returns(tables: dict[str, pd.DataFrame], out: Path, layout: str) -> Path:
    """Write ``tables`` into ``out`` in one of :data:`LAYOUTS` (``one``: ``<table>.csv``)."""
    out.mkdir(parents=True, exist_ok=True)
    if layout == "one":
        for t, df in tables.items():
            _write(out / f"{t}.csv", to_csv_text(df))
        return out
    returns, others = split_returns(tables)
    for t, df in others.items():
        _write(out / f"{t}.csv", to_csv_text(df))
    if layout == "stacked":
        names = sorted({t for r in returns.values() for t in r})
        for t in names:
            parts = [r[t].assign(YEAR=y) for y, r in returns.items() if t in r]
            _write(out / f"{t}.csv", to_csv_text(pd.concat(parts, ignore_index=True)))
        return out
    for y, r in returns.items():
        if layout == "xml":
            _write(out / f"{y}-ssda903.xml", ssda903_xml(r))
            if any(len(r[t]) for t in _CIN_NAMES if t in r):
                _write(out / f"{y}-cin.xml", cin_xml(r))
            continue
        for t, df in r.items():
            if layout == "per-year-files":
                _write(out / f"{y}-{t}.csv", to_csv_text(df))
            elif layout == "per-year-folders":
                (out / str(y)).mkdir(exist_ok=True)
                _write(out / str(y) / f"{t}.csv", to_csv_text(df))
            else:
                raise ValueError(f"unknown layout {layout!r}; one of {', '.join(LAYOUTS)}")
    return out


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="\n")


def _text(v: object) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT or v is pd.NA:
        return ""
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d")
    return str(v)


def _items(parent: ET.Element, row: pd.Series, cols: list[str], names: dict[str, str] | None = None) -> None:
    for c in cols:
        v = _text(row[c])
        if v:
            ET.SubElement(parent, (names or {}).get(c, c)).text = v


def ssda903_xml(r: dict[str, pd.DataFrame]) -> str:
    """One SSDA903 return as XML: CHILD elements with HEADER, EPISODES/EPISODE and UASC."""
    root = ET.Element("SSDA903")
    hd = r["header"]
    eps = dict(tuple(r["episodes"].groupby("CHILD", sort=False)))
    uasc = set(r["uasc"]["CHILD"]) if "uasc" in r else set()
    for _, h in hd.iterrows():
        kid = ET.SubElement(root, "CHILD")
        _items(ET.SubElement(kid, "HEADER"), h, list(hd.columns), {"CHILD": "CHILDID"})
        e = eps.get(h["CHILD"])
        if e is not None:
            box = ET.SubElement(kid, "EPISODES")
            for _, row in e.iterrows():
                _items(ET.SubElement(box, "EPISODE"), row, [c for c in e.columns if c != "CHILD"])
        if h["CHILD"] in uasc:
            ET.SubElement(kid, "UASC")
    # episodes of children without a header row (none in the synthetic data)
    for child, e in eps.items():
        if child not in set(hd["CHILD"]):
            kid = ET.SubElement(root, "CHILD")
            ET.SubElement(ET.SubElement(kid, "HEADER"), "CHILDID").text = str(child)
            box = ET.SubElement(kid, "EPISODES")
            for _, row in e.iterrows():
                _items(ET.SubElement(box, "EPISODE"), row, [c for c in e.columns if c != "CHILD"])
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


_CIN_NAMES = {
    "referrals": {"REFERRAL_DATE": "CINreferralDate", "REFERRAL_SOURCE": "ReferralSource"},
    "assessments": {"ASSESSMENT_DATE": "AssessmentAuthorisationDate"},
    "cin_plans": {"START": "CINPlanStartDate", "END": "CINPlanEndDate"},
    "cp_plans": {"START": "CPPstartDate", "END": "CPPendDate", "CATEGORY": "InitialCategoryOfAbuse"},
}


def cin_xml(r: dict[str, pd.DataFrame]) -> str:
    """One CIN census as XML by the DfE element names (each record in its own CINdetails)."""
    root = ET.Element("Message")
    kids = ET.SubElement(root, "Children")
    by_child: dict[str, list[tuple[str, pd.Series]]] = {}
    for t in _CIN_NAMES:
        if t in r:
            for _, row in r[t].iterrows():
                by_child.setdefault(str(row["CHILD"]), []).append((t, row))
    for child, recs in by_child.items():
        kid = ET.SubElement(kids, "Child")
        ET.SubElement(ET.SubElement(kid, "ChildIdentifiers"), "LAchildID").text = child
        for t, row in recs:
            det = ET.SubElement(kid, "CINdetails")
            names = _CIN_NAMES[t]
            if t == "referrals":
                _items(det, row, list(names), names)
            elif t == "assessments":
                a = ET.SubElement(det, "Assessments")
                _items(a, row, ["ASSESSMENT_DATE"], names)
                f = ET.SubElement(a, "FactorsIdentifiedAtAssessment")
                for code in _text(row["FACTORS"]).split(";"):
                    if code:
                        ET.SubElement(f, "AssessmentFactors").text = code
            else:
                box = ET.SubElement(det, "CINPlanDates" if t == "cin_plans" else "ChildProtectionPlans")
                _items(box, row, [c for c in names if c in row.index], names)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def to_csv_text(df: pd.DataFrame) -> str:
    """A table as CSV text: dates dd/mm/yyyy, costs to the penny, blanks for missing values."""
    out = pd.DataFrame(index=df.index)
    for c in df.columns:
        s = df[c]
        if pd.api.types.is_datetime64_any_dtype(s):
            out[c] = s.dt.strftime("%d/%m/%Y").where(s.notna(), "")
        elif c == "WEEKLY_COST":
            out[c] = s.map(lambda v: "" if pd.isna(v) else f"{v:.2f}")
        elif c == "ATTENDANCE":
            out[c] = s.map(lambda v: "" if pd.isna(v) else f"{v:.1f}")
        else:
            out[c] = s.map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))
    return out.to_csv(index=False, lineterminator="\n")
