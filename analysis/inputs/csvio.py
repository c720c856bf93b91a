"""Reading CSV files a council analyst supplies, with errors they can act on.

Handles what real exports contain: a UTF-8 byte-order mark, Excel's Windows
encodings (cp1252), stray spaces in headers and cells, thousands separators,
CRLF line ends.  Every problem names the file, the column, the rows and the
value, and all problems in a file are collected before failing.
"""

from __future__ import annotations

import io
import stat
from pathlib import Path

import pandas as pd

from analysis.common.errors import InputError, Problem

MAX_BYTES_DEFAULT = 200 * 1024 * 1024
#: The longest line read from a CSV file.  A real export's line is a few hundred bytes; a file of
#: one enormous line is refused after reading at most this much of it, not after filling memory.
MAX_LINE_BYTES = 1024 * 1024
#: The most columns a CSV file may have.
MAX_COLUMNS = 1000
_BLOCK = 1 << 20


def check_regular_file(path: Path, *, max_bytes: int = MAX_BYTES_DEFAULT) -> int:
    """Refuse, by name, a path that does not exist, is a folder, is not a regular file (a FIFO would
    block the build forever, a device never ends) or is larger than ``max_bytes``, all before
    opening it.  Returns the size."""
    path = Path(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        raise InputError(
            Problem("the file does not exist", file=str(path), hint="Check the path in the params file")
        ) from None
    except OSError as e:
        raise InputError(Problem(f"the file cannot be read ({e.strerror})", file=str(path))) from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(Problem("expected a file but found a folder", file=str(path)))
    if not stat.S_ISREG(st.st_mode):
        raise InputError(
            Problem(
                "this is not a regular file (a pipe, device or socket), so it is not read",
                file=str(path),
                hint="Give the path of a CSV file saved on disk",
            )
        )
    if st.st_size > max_bytes:
        raise InputError(
            Problem(
                f"the file is too large ({st.st_size / 1e6:,.1f} MB; the limit is {max_bytes / 1e6:,.1f} MB)",
                file=str(path),
                hint="Check it is the right file; an aggregate history has one row per year",
            )
        )
    return st.st_size


def _line_too_long(path: Path, line: int, max_line: int) -> InputError:
    return InputError(
        Problem(
            f"line {line} is longer than {max_line:,} bytes, so the file is not read further",
            file=str(path),
            hint="Check it is a CSV file with one record per line (a file saved with the wrong line "
            "endings, or a binary file, has one very long line)",
        )
    )


def read_bytes_bounded(path: Path, *, max_bytes: int = MAX_BYTES_DEFAULT, max_line: int = MAX_LINE_BYTES) -> bytes:
    """The file's bytes, read in blocks: refused as soon as a line is longer than ``max_line`` or
    the file grows past ``max_bytes``, so memory stays bounded whatever the file holds."""
    path = Path(path)
    check_regular_file(path, max_bytes=max_bytes)
    blocks: list[bytes] = []
    total, line, current = 0, 1, 0  # current: bytes so far on the line being read
    with open(path, "rb") as f:
        while block := f.read(_BLOCK):
            total += len(block)
            if total > max_bytes:
                raise InputError(Problem("the file grew past the size limit while it was read", file=str(path)))
            parts = block.split(b"\n")
            current += len(parts[0])
            if current > max_line:
                raise _line_too_long(path, line, max_line)
            if len(parts) > 1:
                longest = max(range(1, len(parts)), key=lambda i: len(parts[i]))
                if len(parts[longest]) > max_line:
                    raise _line_too_long(path, line + longest, max_line)
                line += len(parts) - 1
                current = len(parts[-1])
            blocks.append(block)
    return b"".join(blocks)


def read_text(path: Path, *, max_bytes: int = MAX_BYTES_DEFAULT, max_line: int = MAX_LINE_BYTES) -> str:
    path = Path(path)
    raw = read_bytes_bounded(path, max_bytes=max_bytes, max_line=max_line)
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


def read_csv(path: Path, *, max_bytes: int = MAX_BYTES_DEFAULT, max_line: int = MAX_LINE_BYTES) -> pd.DataFrame:
    """All columns as stripped strings; header names stripped and lower-cased.  The file is checked
    (a regular file, within ``max_bytes``) before it is opened and read with no line longer than
    ``max_line``."""
    text = read_text(path, max_bytes=max_bytes, max_line=max_line)
    import csv

    try:
        rows = list(csv.reader(io.StringIO(text), skipinitialspace=True))
    except csv.Error as e:
        raise InputError(
            Problem(f"the file is not a well-formed CSV: {e}", file=str(path), hint="Check for unbalanced quotes")
        ) from e
    width = len(rows[0]) if rows else 0
    if width > MAX_COLUMNS:
        raise InputError(
            Problem(
                f"the header has {width:,} columns; the limit is {MAX_COLUMNS:,}",
                file=str(path),
                hint="Check the delimiter: the file should be comma-separated with one header row",
            )
        )
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
