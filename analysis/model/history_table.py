"""A council's yearly history table, read and checked: the columns it needs, the codes that mark a
suppressed value, and one clean numeric frame sorted by year (or an :class:`InputError` listing every
problem with its rows)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.common.errors import InputError, Problem

REQUIRED = ["year", "cla", "starts", "ceases", "population_0_17"]
OPTIONAL = ["returned_home", "spend", "budget", "cla_uasc", "starts_uasc"]
SUPPRESSED = {
    "",
    "c",
    "x",
    "z",
    "u",
    "k",
    "..",
    ":",
    "-",
    "[c]",
    "[x]",
    "[z]",
    "[u]",
    "[k]",
    "na",
    "n/a",
    "nan",
    "none",
    "suppressed",
}


def clean_history(history: pd.DataFrame, source: str | None) -> pd.DataFrame:
    """The history with the columns of REQUIRED and OPTIONAL as numbers (NaN where missing or
    suppressed), one row per whole year, sorted; ``source`` names the file in error messages."""
    if not isinstance(history, pd.DataFrame):
        raise InputError(
            Problem("the history must be a table (pandas DataFrame)", file=source, value=type(history).__name__)
        )
    cols = {str(c).strip().lower(): c for c in history.columns}
    missing = [c for c in REQUIRED if c not in cols]
    if missing:
        raise InputError(
            [
                Problem(
                    "required column missing",
                    file=source,
                    column=c,
                    expected="columns " + ", ".join(REQUIRED) + " (optional: " + ", ".join(OPTIONAL) + ")",
                    hint="rename the column or add it",
                )
                for c in missing
            ]
        )
    out = pd.DataFrame(index=range(len(history)))
    problems = []
    for name in REQUIRED + OPTIONAL:
        if name not in cols:
            out[name] = np.nan
            continue
        raw = history[cols[name]].reset_index(drop=True)
        as_text = raw.astype("object").map(lambda v: str(v).strip().lower() if v is not None else "")
        suppressed = as_text.isin(SUPPRESSED) | raw.isna()
        num = pd.to_numeric(raw.where(~suppressed), errors="coerce")
        bad = num.isna() & ~suppressed
        if bad.any():
            rows = [int(i) + 2 for i in np.flatnonzero(bad.to_numpy())]
            problems.append(
                Problem(
                    "value is not a number",
                    file=source,
                    column=name,
                    rows=rows,
                    value=raw[bad].iloc[0],
                    expected="a number, or blank / 'c' / 'x' for suppressed",
                )
            )
            continue
        neg = num < 0
        if neg.any():
            rows = [int(i) + 2 for i in np.flatnonzero(neg.to_numpy())]
            problems.append(
                Problem(
                    "negative value",
                    file=source,
                    column=name,
                    rows=rows,
                    value=float(num[neg].iloc[0]),
                    expected="zero or more",
                )
            )
        out[name] = num.astype(float)
    if problems:
        raise InputError(problems, title="The council history has problems:")
    yr = out["year"]
    if yr.isna().any():
        rows = [int(i) + 2 for i in np.flatnonzero(yr.isna().to_numpy())]
        raise InputError(
            Problem(
                "year is missing",
                file=source,
                column="year",
                rows=rows,
                expected="a year ending 31 March, e.g. 2025 for 2024/25",
            )
        )
    if (yr != np.round(yr)).any():
        raise InputError(
            Problem("year must be a whole number", file=source, column="year", expected="e.g. 2025 for 2024/25")
        )
    dup = yr.duplicated(keep=False)
    if dup.any():
        rows = [int(i) + 2 for i in np.flatnonzero(dup.to_numpy())]
        raise InputError(
            Problem(
                "year appears more than once",
                file=source,
                column="year",
                rows=rows,
                value=int(yr[dup].iloc[0]),
                expected="one row per year",
            )
        )
    out["year"] = yr.astype(int)
    return out.sort_values("year").reset_index(drop=True)
