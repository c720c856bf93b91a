"""A council's own yearly history, from a CSV the analyst supplies.

One row per year ending 31 March.  Required columns: ``year``, ``cla`` (children
looked after at 31 March), ``starts``, ``ceases``, ``population_0_17``.
Optional: ``returned_home``, ``spend`` (placement spend, £), ``budget``
(placement budget, £).  Missing values may be blank or a DfE suppression
marker (x, c, z, k, -).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.common.errors import InputError, Problem
from analysis.inputs.csvio import parse_numbers, read_csv

REQUIRED = ["year", "cla", "starts", "ceases", "population_0_17"]
OPTIONAL = ["returned_home", "spend", "budget"]
COUNTS = ["cla", "starts", "ceases", "population_0_17", "returned_home"]


#: A yearly history has one row per year: a few kilobytes.  Anything near this is not a history.
HISTORY_MAX_BYTES = 10 * 1024 * 1024
#: The longest line of a history file (a row is a few dozen bytes).
HISTORY_MAX_LINE = 64 * 1024


def load_history_csv(path: str | Path) -> pd.DataFrame:
    path = Path(path)
    f = str(path)
    df = read_csv(path, max_bytes=HISTORY_MAX_BYTES, max_line=HISTORY_MAX_LINE)
    problems: list[Problem] = []
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise InputError(
            [
                Problem(
                    f"required column '{c}' is missing",
                    file=f,
                    column=c,
                    hint=f"The header must include {', '.join(REQUIRED)}; found {', '.join(df.columns)}",
                )
                for c in missing
            ]
        )
    unknown = [c for c in df.columns if c not in REQUIRED + OPTIONAL]
    if unknown:
        import difflib

        for c in unknown:
            close = difflib.get_close_matches(c, REQUIRED + OPTIONAL, n=1)
            problems.append(
                Problem(
                    f"unknown column '{c}'",
                    file=f,
                    column=c,
                    hint=f"Did you mean '{close[0]}'?"
                    if close
                    else f"Allowed columns: {', '.join(REQUIRED + OPTIONAL)}",
                )
            )
    out = pd.DataFrame(index=df.index)
    out["year"] = parse_numbers(df, "year", f, integer=True, minimum=1990, problems=problems)
    for c in REQUIRED[1:] + [c for c in OPTIONAL if c in df.columns]:
        out[c] = parse_numbers(df, c, f, integer=c in COUNTS, required=c in REQUIRED, problems=problems)
    years = out["year"]
    if years.isna().any():
        rows = [i + 2 for i in df.index[years.isna()]]
        problems.append(
            Problem(
                "the year is missing",
                file=f,
                column="year",
                rows=rows,
                expected="a year such as 2025 (the year ending 31 March)",
            )
        )
    dup = years.duplicated(keep=False) & years.notna()
    if dup.any():
        rows = [i + 2 for i in df.index[dup]]
        problems.append(
            Problem(
                "the same year appears more than once",
                file=f,
                column="year",
                rows=rows,
                value=int(years[dup].iloc[0]),
                hint="Keep one row per year",
            )
        )
    ordered = years.dropna()
    if not dup.any() and len(ordered) > 1 and not ordered.is_monotonic_increasing:
        bad = [int(i) + 2 for i, d in zip(ordered.index[1:], ordered.diff().iloc[1:]) if d < 0]
        problems.append(
            Problem(
                "years are out of order",
                file=f,
                column="year",
                rows=bad,
                expected="one row per year in increasing order",
            )
        )
    if "cla" in out and "population_0_17" in out:
        big = out["cla"] > out["population_0_17"]
        if big.any():
            rows = [i + 2 for i in df.index[big]]
            problems.append(
                Problem(
                    "more children in care than children in the population",
                    file=f,
                    column="cla",
                    rows=rows,
                    value=out.loc[big, "cla"].iloc[0],
                    hint="Check population_0_17 is the 0-17 population, not a rate",
                )
            )
    if problems:
        raise InputError(problems, title=f"The history file {path} has problems:")
    out["year"] = out["year"].astype(int)
    out.attrs["sources_files"] = [str(path)]
    out.attrs["notes"] = [f"History read from the council's own file {path.name}."]
    return out.reset_index(drop=True)
