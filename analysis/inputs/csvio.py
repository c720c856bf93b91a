"""Reading CSV files a council analyst supplies, with errors they can act on.

Handles what real exports contain: a UTF-8 byte-order mark, Excel's Windows
encodings (cp1252), stray spaces in headers and cells, thousands separators,
CRLF line ends.  Every problem names the file, the column, the rows and the
value, and all problems in a file are collected before failing.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd

from analysis.common.errors import InputError, Problem

MAX_BYTES_DEFAULT = 200 * 1024 * 1024


def read_text(path: Path, *, max_bytes: int = MAX_BYTES_DEFAULT) -> str:
    path = Path(path)
    if not path.exists():
        raise InputError(Problem("the file does not exist", file=str(path), hint="Check the path in the params file"))
    if path.is_dir():
        raise InputError(Problem("expected a file but found a folder", file=str(path)))
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            Problem(
                f"the file is too large ({size / 1e6:,.0f} MB; the limit is {max_bytes / 1e6:,.0f} MB)",
                file=str(path),
                hint="Check it is the right file; an aggregate history has one row per year",
            )
        )
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(
            Problem("the file is empty", file=str(path), hint="Export it again with a header row and data rows")
        )
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError(
        Problem(
            "the file is not readable text (neither UTF-8 nor Windows-1252)",
            file=str(path),
            hint="Save it from Excel as 'CSV UTF-8 (Comma delimited)'",
        )
    )


def read_csv(path: Path, *, max_bytes: int = MAX_BYTES_DEFAULT) -> pd.DataFrame:
    """All columns as stripped strings; header names stripped and lower-cased."""
    text = read_text(path, max_bytes=max_bytes)
    import csv

    try:
        rows = list(csv.reader(io.StringIO(text), skipinitialspace=True))
    except csv.Error as e:
        raise InputError(
            Problem(f"the file is not a well-formed CSV: {e}", file=str(path), hint="Check for unbalanced quotes")
        ) from e
    width = len(rows[0]) if rows else 0
    long_rows = [i + 1 for i, r in enumerate(rows) if len(r) > width and any(x.strip() for x in r[width:])]
    if long_rows:
        raise InputError(
            Problem(
                f"these rows have more values than the header has columns ({width})",
                file=str(path),
                rows=long_rows,
                hint="Check for commas inside numbers or text that are not in quotes",
            )
        )
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True, index_col=False)
    except pd.errors.ParserError as e:
        raise InputError(
            Problem(
                f"the file is not a well-formed CSV: {e}",
                file=str(path),
                hint="Check for unquoted commas or a wrong delimiter",
            )
        ) from e
    except pd.errors.EmptyDataError:
        raise InputError(Problem("the file has no header row", file=str(path))) from None
    df = df.reset_index(drop=True)
    df.columns = [str(c).strip().lower() for c in df.columns]
    dupes = sorted({c for c in df.columns if list(df.columns).count(c) > 1})
    if dupes:
        raise InputError(
            Problem(
                f"the header names a column more than once: {', '.join(dupes)}",
                file=str(path),
                hint="Each column may appear once",
            )
        )
    df = df.apply(lambda s: s.str.strip())
    if df.empty:
        raise InputError(Problem("the file has a header but no data rows", file=str(path)))
    return df


def parse_numbers(
    df: pd.DataFrame,
    col: str,
    file: str,
    *,
    integer: bool = False,
    minimum: float | None = 0,
    required: bool = True,
    problems: list[Problem],
) -> pd.Series:
    """Numbers from text; blank or a suppression marker (x c z k - ..) becomes missing."""
    s = df[col].str.replace(",", "", regex=False).str.replace("£", "", regex=False)
    missing_marks = s.str.lower().isin(["", "x", "c", "z", "k", "-", "..", ":", "na", "n/a"])
    num = pd.to_numeric(s.where(~missing_marks), errors="coerce")
    bad = num.isna() & ~missing_marks
    if bad.any():
        rows = [i + 2 for i in df.index[bad]]
        problems.append(
            Problem(
                "not a number",
                file=file,
                column=col,
                rows=rows,
                value=df.loc[bad, col].iloc[0],
                expected="a number such as 1234 (blank or x where unknown)",
            )
        )
    if integer:
        frac = num.notna() & (num != num.round())
        if frac.any():
            rows = [i + 2 for i in df.index[frac]]
            problems.append(
                Problem(
                    "not a whole number",
                    file=file,
                    column=col,
                    rows=rows,
                    value=df.loc[frac, col].iloc[0],
                    expected="a whole number of children",
                )
            )
    if minimum is not None:
        neg = num.notna() & (num < minimum)
        if neg.any():
            rows = [i + 2 for i in df.index[neg]]
            problems.append(
                Problem(
                    f"below {minimum:g}",
                    file=file,
                    column=col,
                    rows=rows,
                    value=df.loc[neg, col].iloc[0],
                    expected=f"a count or amount of at least {minimum:g}",
                )
            )
    if required and missing_marks.all():
        problems.append(
            Problem(
                "every value is missing",
                file=file,
                column=col,
                hint="This column is needed; fill in at least the recent years",
            )
        )
    return num.astype("float64")
