"""The child-level part of the data-quality appendix: what was read, repaired and warned about.

It reads the build's ``validation_summary`` (see
:meth:`analysis.inputs.childdata.load.ValidationSummary.to_frame`): one record per table read,
with, when there were any, the repairs (rule, file, number of rows) and the loader's warnings
(ignored files and sub-folders, ignored columns, rows without a header row; file, column, number
of rows). Nothing here is a child-level value: no identifiers, dates or codes from the data, no
row numbers, and no folder of the machine that built the report (file names go through
:func:`analysis.common.paths.public_path`).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from analysis.common.paths import public_path, public_text
from analysis.inputs.childdata.repairs import RULES

DETAIL = ("repair_list", "warning_list")
NOT_READ = "not read"

REPAIRS_INTRO = (
    "Councils' extracts carry quirks that the field's own tools repair by documented rules. This package "
    "applies the same rules, names each one, and counts the rows it touched: a repeated row is kept once "
    "(`repeated-row`); a record given in more than one return is taken from the latest return "
    "(`latest-return-wins`); an episode that overlaps the child's next one is closed when the next one "
    "starts (`overlap-closed`); an open episode carrying a reason for ending has the reason cleared "
    "(`open-reason-cleared`); and episodes of a child with no header row are kept, with that child's "
    "sex, age and ethnicity unknown (`no-header-row`). With `child_data.strict: true` in the params file, "
    "any data needing one of these repairs is refused instead, each repair named as a problem. "
    "`p2r validate` lists the same repairs and warnings, with the rows, for the council's analyst."
)


def _records(summary: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [r for r in (summary or []) if isinstance(r, dict)]


def tables_read(summary: list[dict[str, Any]] | None) -> pd.DataFrame:
    """The tables read: the summary without its detail lists and without files not read."""
    rows = [{k: v for k, v in r.items() if k not in DETAIL} for r in _records(summary) if r.get("table") != NOT_READ]
    df = pd.DataFrame(rows)
    for c in ("file", "files"):
        if c in df:
            df[c] = [", ".join(public_path(f.strip()) for f in str(v).split(",")) if v else v for v in df[c]]
    return df


def repairs_table(summary: list[dict[str, Any]] | None) -> pd.DataFrame:
    """One row per rule and file: the rule, what it does, the file and the number of rows."""
    rows = [
        {
            "Rule": str(x.get("rule", "")),
            "What it does": RULES.get(str(x.get("rule", "")), ""),
            "File": public_path(str(x.get("file", ""))),
            "Rows": int(x.get("rows", 0)),
        }
        for r in _records(summary)
        for x in r.get("repair_list") or []
    ]
    return pd.DataFrame(rows, columns=["Rule", "What it does", "File", "Rows"])


def warnings_table(summary: list[dict[str, Any]] | None) -> pd.DataFrame:
    """One row per warning: file, column, number of rows and what was found (never a value)."""
    rows = [
        {
            "File": public_path(str(w.get("file", ""))) if w.get("file") else "",
            "Column": str(w.get("column") or ""),
            "Rows": int(w.get("rows") or 0) or None,
            "Warning": public_text(w.get("message", "")),
        }
        for r in _records(summary)
        for w in r.get("warning_list") or []
    ]
    df = pd.DataFrame(rows, columns=["File", "Column", "Rows", "Warning"])
    return df.astype({"Rows": "Int64"})


def repairs_sentence(repairs: pd.DataFrame, warnings: pd.DataFrame, strict: bool) -> str:
    """The sentence after the rules: what this build needed."""
    if strict:
        return "This report was built with `child_data.strict: true`: no repair was needed or applied."
    if not len(repairs) and not len(warnings):
        return "The child-level data needed none of these repairs, and reading them raised no warnings."
    parts = []
    if len(repairs):
        rules = sorted(set(repairs["Rule"]))
        parts.append(
            f"The child-level data for this report needed {len(rules)} of these rules "
            f"({', '.join(f'`{r}`' for r in rules)}), listed below by file with the number of rows repaired."
        )
    else:
        parts.append("The child-level data needed none of these repairs.")
    if len(warnings):
        parts.append(
            "Reading them also raised the warnings listed below (files or columns ignored, and records that "
            "could be used only in part); none stopped the build."
        )
    return " ".join(parts)
