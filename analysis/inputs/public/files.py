"""Low-level reading shared by the public-data readers.

Publisher CSV files, numbers and suppression codes (:func:`parse_values`), long records (one row
per area, year and measure), and the options every reader takes: the years covered
(:data:`FIRST_YEAR` to :data:`LAST_YEAR`) and the predecessor method
(:func:`predecessor_method`).  Nothing here knows which file holds which measure; that is
:mod:`analysis.inputs.public.tables`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.common.errors import InputError, Problem
from analysis.inputs.public.councils import ENGLAND_CODE

FIRST_YEAR = 2016
LAST_YEAR = 2025

#: The ways to fill the years before a council existed (see ``predecessor_method``).
PREDECESSOR_METHODS: tuple[str, ...] = ("first_year_share", "population_share", "none")

SUPPRESSION_CODES: dict[str, str] = {
    "x": "suppressed or not available",
    "c": "suppressed to protect confidentiality",
    "z": "not applicable",
    "k": "rounds to zero",
    "-": "not published",
    "..": "not available",
    ":": "not available",
    "u": "low reliability",
    "low": "rounds to zero",
    "[x]": "not received",
    "[z]": "not collected",
    "[c]": "suppressed to protect confidentiality",
    "": "blank",
}

#: Columns of the long records every reader returns.
LONG_COLUMNS = ["code", "year", "measure", "value", "flag", "vintage", "source"]


# --------------------------------------------------------------------------- options


def predecessor_method(method, params) -> str:
    """The predecessor method to use: ``method`` if given, else ``params.predecessor_method``,
    else ``"first_year_share"``; InputError for an unknown one."""
    if method is None:
        method = getattr(params, "predecessor_method", None) or "first_year_share"
    if method not in PREDECESSOR_METHODS:
        raise InputError(
            Problem(
                "Unknown predecessor method", value=method, expected="'first_year_share', 'population_share' or 'none'"
            )
        )
    return method


# --------------------------------------------------------------------------- parsing


def parse_values(series: pd.Series, *, file: str, column: str) -> tuple[pd.Series, pd.Series]:
    """Numbers from a publisher column: (float values, flag).

    Suppression codes become NaN with the code in ``flag`` ('' for a number).
    Anything else that is not a number raises :class:`InputError` naming file, column and
    spreadsheet rows (the series index is taken as the 0-based data row).
    """
    text = series.astype(object).where(series.notna(), "").map(str).str.strip()
    values = pd.to_numeric(text.str.replace(",", "", regex=False), errors="coerce")
    flags = pd.Series("", index=series.index, dtype=object)
    bad = values.isna() | ~np.isfinite(values.to_numpy(dtype=float, na_value=np.nan))
    if bad.any():
        tokens = text[bad].str.lower()
        known = tokens.isin(list(SUPPRESSION_CODES))
        if not known.all():
            unknown = tokens[~known]
            rows = [int(i) + 2 for i in unknown.index[:50] if isinstance(i, (int, np.integer))]
            raise InputError(
                Problem(
                    "Unrecognised value in a numeric column",
                    file=file,
                    column=column,
                    rows=rows,
                    value=str(text[unknown.index[0]]),
                    expected="a number or a DfE suppression code ("
                    + ", ".join(repr(k) for k in SUPPRESSION_CODES if k)
                    + ")",
                    hint="If the publisher has introduced a new symbol, add it to "
                    "analysis.inputs.public.files.SUPPRESSION_CODES",
                )
            )
        flags[bad] = tokens.where(tokens != "", "blank")
        values[bad] = np.nan
    return values.astype(float), flags


def describe_flag(flag: str) -> str:
    """A suppression code in words, for the notes."""
    if flag == "" or flag is None:
        return "no value in any release"
    if flag == "blank":
        return "blank in the source"
    return f"'{flag}' = {SUPPRESSION_CODES.get(flag, 'not available')}"


# --------------------------------------------------------------------------- files


def read_csv(path: Path) -> pd.DataFrame:
    """A publisher CSV as text (UTF-8, else Latin-1), header names stripped."""
    try:
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except UnicodeDecodeError:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="latin-1")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(
            Problem(f"Cannot read the CSV file ({exc})", file=str(path), expected="a comma-separated publisher table")
        ) from exc
    df.columns = [str(c).strip().lstrip("\ufeff") for c in df.columns]
    return df


def need_columns(df: pd.DataFrame, cols, path) -> None:
    """InputError naming the columns of ``cols`` that ``df`` (read from ``path``) lacks."""
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise InputError(
            Problem(
                "Expected columns are missing", file=str(path), column=", ".join(missing), value=list(df.columns)[:20]
            )
        )


def source_label(path: Path) -> str:
    """How a file is named in ``sources`` and notes: its folder and name."""
    p = Path(path)
    return f"{p.parent.name}/{p.name}"


# --------------------------------------------------------------------------- long records


def long_records(code, year, measure, values, flags, vintage, source) -> pd.DataFrame:
    """Long records (:data:`LONG_COLUMNS`) from aligned columns; ``measure`` is one name or one per row."""
    return pd.DataFrame(
        {
            "code": pd.Series(code, dtype=object).to_numpy(),
            "year": pd.Series(year).astype(int).to_numpy(),
            "measure": pd.Series(measure, dtype=object).to_numpy() if not isinstance(measure, str) else measure,
            "value": pd.Series(values, dtype=float).to_numpy(),
            "flag": pd.Series(flags, dtype=object).to_numpy(),
            "vintage": int(vintage),
            "source": source,
        },
        columns=LONG_COLUMNS,
    )


def dfe_long(
    df: pd.DataFrame, code: pd.Series, measure, value: str, path, vintage: int, *, year_offset: int = 0
) -> pd.DataFrame:
    """The rows of a DfE/ONS release that have a council code (and a measure, when ``measure`` is a
    Series per row rather than one name) as long records; ``year_offset`` moves ``time_period`` to the
    year ending 31 March."""
    keep = code.notna()
    if isinstance(measure, pd.Series):
        keep &= measure.notna()
        measure = measure[keep]
    sub = df[keep]
    vals, flags = parse_values(sub[value], file=str(path), column=value)
    return long_records(
        code[keep],
        sub["time_period"].astype(int) + year_offset,
        measure,
        vals,
        flags,
        vintage,
        source_label(Path(path)),
    )


def la_code(df: pd.DataFrame) -> pd.Series:
    """DfE code for LA rows, '970' for national rows, None otherwise."""
    level = df["geographic_level"].str.strip()
    code = df["old_la_code"].str.strip().str.zfill(3)
    out = pd.Series(None, index=df.index, dtype=object)
    la = level.eq("Local authority") & code.str.fullmatch(r"\d{3}")
    out[la] = code[la]
    out[level.eq("National")] = ENGLAND_CODE
    return out
