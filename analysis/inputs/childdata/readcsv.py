"""Reading one child-level CSV file into raw text columns: bytes, encoding, delimiter, header.

Real exports are tolerated where the meaning is unambiguous: a UTF-8 byte-order mark, Excel's
Windows-1252 encoding, CRLF line ends, ``;`` or tab delimiters, stray spaces in headers and
cells, blank trailing rows and columns.  :func:`read_raw_csv` returns the file's columns as text
with normalised names and a ``_row`` column of spreadsheet row numbers (header = row 1); typing
and checking the values is :func:`analysis.inputs.childdata.validate.validate_table`'s job.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.common.errors import InputError, Problem

# --------------------------------------------------------------------------------------
# Reading bytes and CSV
# --------------------------------------------------------------------------------------


def read_bytes(path: Path, max_mb: float) -> bytes:
    import stat

    try:
        st = path.stat()
    except OSError as e:
        raise InputError(Problem(f"the file cannot be read ({e.strerror or e})", file=path.name)) from e
    if not stat.S_ISREG(st.st_mode):  # a FIFO, device or socket would block or never end
        raise InputError(
            Problem("not a regular file", file=path.name, hint="Give the folder of the extract's files themselves")
        )
    size = st.st_size
    if size > max_mb * 1e6:
        raise InputError(
            Problem(
                f"the file is too large ({size / 1e6:,.1f} MB; the limit is {max_mb:,.0f} MB)",
                file=path.name,
                hint="Check it is the right file, or raise child_data.max_file_mb in the params file",
            )
        )
    try:
        return path.read_bytes()
    except OSError as e:
        raise InputError(Problem(f"the file cannot be read ({e.strerror or e})", file=path.name)) from e


def decode(raw: bytes, file: str) -> tuple[str, str]:
    if raw.startswith(b"PK\x03\x04"):
        raise InputError(
            Problem(
                "this is an Excel workbook (.xlsx), not a CSV file",
                file=file,
                hint="Open it in Excel and use Save As > 'CSV UTF-8 (Comma delimited)'",
            )
        )
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            Problem(
                "this is an old Excel workbook (.xls), not a CSV file",
                file=file,
                hint="Open it in Excel and use Save As > 'CSV UTF-8 (Comma delimited)'",
            )
        )
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise InputError(
                Problem(
                    "the file starts like UTF-16 text but cannot be decoded",
                    file=file,
                    hint="Save it as 'CSV UTF-8 (Comma delimited)'",
                )
            ) from e
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        enc = "utf-8 (with byte-order mark)"
    else:
        enc = "utf-8"
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise InputError(
            Problem(
                f"the file contains binary (NUL) bytes, first on line {line}",
                file=file,
                hint="It is probably not a text CSV; export the table again as CSV",
            )
        )
    try:
        return raw.decode("utf-8"), enc
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise InputError(
            Problem(
                f"the file is neither UTF-8 nor Windows-1252 text (undecodable byte "
                f"0x{raw[e.start]:02x} on line {line})",
                file=file,
                hint="Save it from Excel as 'CSV UTF-8 (Comma delimited)'",
            )
        ) from e


def norm_header(name: object) -> str:
    s = str(name).replace("\ufeff", "").strip().strip('"').strip("'").strip()
    s = re.sub(r"[\s\-]+", "_", s)
    return s.upper()


def parse_csv(text: str, file: str) -> tuple[list[str], list[list[str]], list[int], list[Problem]]:
    """Header, data records, their spreadsheet row numbers, and warnings."""
    warns: list[Problem] = []
    if not text.strip():
        raise InputError(
            Problem("the file is empty", file=file, hint="Export the table again with a header row and data rows")
        )
    first = text.lstrip("\r\n").split("\n", 1)[0]
    delim = ","
    if "," not in first:
        if ";" in first:
            delim = ";"
        elif "\t" in first:
            delim = "\t"
    if delim != ",":
        warns.append(
            Problem(
                f"values are separated by {'semicolons' if delim == ';' else 'tabs'}, not commas; read accordingly",
                file=file,
            )
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=False)
    records: list[list[str]] = []
    try:
        for rec in reader:
            records.append(rec)
    except csv.Error as e:
        raise InputError(
            Problem(
                f"the file is not a well-formed CSV ({e})",
                file=file,
                rows=[reader.line_num] if reader.line_num else (),
                hint="Check for an unclosed quote or a very long cell",
            )
        ) from e
    # leading blank lines
    while records and not any(c.strip() for c in records[0]):
        records.pop(0)
    if not records:
        raise InputError(
            Problem("the file is empty", file=file, hint="Export the table again with a header row and data rows")
        )
    header = records[0]
    data = records[1:]
    rows = list(range(2, len(data) + 2))
    return header, data, rows, warns


def read_raw_csv(path: Path, file: str, max_mb: float) -> tuple[pd.DataFrame, list[Problem], str, list[Problem]]:
    """The file's columns as text (normalised names, ``_row``), its warnings, its encoding and the
    problems of its layout (unnamed or repeated columns, rows longer than the header).

    Raises :class:`InputError` if the file cannot be read as CSV at all."""
    if path.suffix.lower() in (".xlsx", ".xls"):
        from analysis.inputs.childdata.readexcel import excel_as_csv_text

        text, enc = excel_as_csv_text(path, file, max_mb), "xlsx"
    else:
        raw = read_bytes(path, max_mb)
        text, enc = decode(raw, file)
    header, records, rownums, warns = parse_csv(text, file)
    if enc == "windows-1252":
        warns.append(
            Problem(
                "the file is not UTF-8; it was read as Windows-1252 (Excel's default)",
                file=file,
                hint="Check accented characters look right; saving as 'CSV UTF-8' avoids this",
            )
        )
    problems: list[Problem] = []
    names = [norm_header(h) for h in header]
    width = len(names)
    # drop unnamed columns that are empty throughout (trailing commas)
    keep = []
    for i, n in enumerate(names):
        if n == "":
            if any(i < len(r) and r[i].strip() for r in records):
                problems.append(
                    Problem(
                        f"column {i + 1} has values but no name in the header row",
                        file=file,
                        rows=[1],
                        hint="Give the column a header or delete it",
                    )
                )
            continue
        keep.append(i)
    seen: dict[str, int] = {}
    for i in keep:
        if names[i] in seen:
            problems.append(
                Problem(
                    "the column appears twice in the header row",
                    file=file,
                    column=names[i],
                    rows=[1],
                    hint="Delete or rename one of them",
                )
            )
        seen.setdefault(names[i], i)
    # records: pad short ones, flag long ones with extra non-blank values
    too_long: list[int] = []
    cols: dict[str, list[str]] = {names[i]: [] for i in seen.values()}
    out_rows: list[int] = []
    idx = [(names[i], i) for i in sorted(seen.values())]
    for rec, rn in zip(records, rownums):
        if not any(c.strip() for c in rec):
            continue  # blank line
        if len(rec) > width and any(c.strip() for c in rec[width:]):
            too_long.append(rn)
        out_rows.append(rn)
        for n, i in idx:
            cols[n].append(rec[i] if i < len(rec) else "")
    if too_long:
        problems.append(
            Problem(
                "the row has more values than the header has columns",
                file=file,
                rows=too_long,
                hint="A value probably contains an unquoted comma; quote it or remove it",
            )
        )
    df = pd.DataFrame({n: pd.Series(v, dtype="object") for n, v in cols.items()})
    df.insert(0, "_row", np.array(out_rows, dtype=np.int64))
    if not len(df):
        warns.append(Problem("the file has a header but no data rows", file=file))
    return df, warns, enc, problems
