"""The report's local and national enablers as structured data, with an optional self-assessment."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.common.errors import ParamsError, Problem
from analysis.common.files import read_yaml
from analysis.common.paths import resource

ENABLERS_FILE = resource("enablers.yml")
STATUSES = ["in place", "in progress", "not started"]


def load_enablers(path: Path = ENABLERS_FILE) -> pd.DataFrame:
    raw = read_yaml(path)
    rows = []
    for level in ("local", "national"):
        for e in raw[level]:
            rows.append(
                {
                    "id": e["id"],
                    "level": level,
                    "title": e["title"],
                    "summary": e["summary"],
                    "shifts": list(e["shifts"]),
                }
            )
    return pd.DataFrame(rows)


def with_assessment(enablers: pd.DataFrame, assessment: dict) -> pd.DataFrame:
    """Join a council's self-assessment (id -> {status, note}); unknown ids are errors naming the id."""
    known = set(enablers["id"])
    bad = [k for k in assessment if k not in known]
    if bad:
        import difflib

        raise ParamsError(
            [
                Problem(
                    f"unknown enabler id '{k}' in enablers.self_assessment",
                    hint=(
                        f"Did you mean '{difflib.get_close_matches(k, sorted(known), n=1)[0]}'?"
                        if difflib.get_close_matches(k, sorted(known), n=1)
                        else f"Known ids: {', '.join(sorted(known))}"
                    ),
                )
                for k in bad
            ]
        )
    out = enablers.copy()
    out["status"] = [getattr(assessment.get(i), "status", None) or "not assessed" for i in out["id"]]
    out["note"] = [getattr(assessment.get(i), "note", "") or "" for i in out["id"]]
    return out


def assessment_summary(df: pd.DataFrame) -> pd.DataFrame:
    order = STATUSES + ["not assessed"]
    t = (
        df.groupby(["level", "status"])
        .size()
        .unstack(fill_value=0)
        .reindex(columns=order, fill_value=0)
        .reindex(["local", "national"])
    )
    t.index = [i.capitalize() for i in t.index]
    t.columns = [c.capitalize() for c in t.columns]
    t = t.reset_index().rename(columns={"index": "Enablers"})
    return t
