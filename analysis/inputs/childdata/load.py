"""Load and validate a council's child-level CSV files.

:func:`load_child_data` reads every ``<table>.csv`` it finds in a folder (see
:mod:`analysis.inputs.childdata.contracts` for the tables), checks every value, and
either returns a :class:`ChildData` of typed DataFrames or raises one
:class:`~analysis.common.errors.InputError` listing *every* problem found in every
file: file, column, spreadsheet row numbers (the header is row 1), the bad
value, the expected form and what to do.

Real exports are tolerated where the meaning is unambiguous: a UTF-8 byte-order
mark, Excel's Windows-1252 encoding, CRLF line ends, ``;`` or tab delimiters,
stray spaces in headers and cells, lower-case codes, ``dd/mm/yyyy`` or ISO dates
(with or without a time), blank trailing rows and columns, ``NULL`` for blank.

This module reads the files; :mod:`analysis.inputs.childdata.validate` checks and types
each table's values and :mod:`analysis.inputs.childdata.checks` applies the record-level
and cross-table rules.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import numpy as np
import pandas as pd

from analysis.common.errors import InputError, Problem
from analysis.config.childdata import ChildDataParams
from analysis.inputs.childdata.checks import cross_checks
from analysis.inputs.childdata.tables import TABLES, Table
from analysis.inputs.childdata.validate import validate_table

# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


@dataclass
class ValidationSummary:
    """What was read: for the data-quality appendix."""

    source: str = ""
    rows: dict[str, int] = field(default_factory=dict)
    encodings: dict[str, str] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def to_frame(self) -> pd.DataFrame:
        """One row per table read: table, file, rows, encoding, warnings."""
        out = []
        for t, n in self.rows.items():
            file = TABLES[t].file if t in TABLES else t
            out.append(
                {
                    "table": t,
                    "file": file,
                    "rows": n,
                    "encoding": self.encodings.get(t, ""),
                    "warnings": sum(1 for w in self.warnings if w.file == file),
                }
            )
        return pd.DataFrame(out, columns=["table", "file", "rows", "encoding", "warnings"])


@dataclass
class ChildData:
    """The child-level tables a council brought (any subset)."""

    header: pd.DataFrame | None = None
    episodes: pd.DataFrame | None = None
    referrals: pd.DataFrame | None = None
    assessments: pd.DataFrame | None = None
    cin_plans: pd.DataFrame | None = None
    cp_plans: pd.DataFrame | None = None
    early_help: pd.DataFrame | None = None
    contacts: pd.DataFrame | None = None
    school: pd.DataFrame | None = None
    case_review: pd.DataFrame | None = None
    home_lsoa: pd.DataFrame | None = None
    population_imd: pd.DataFrame | None = None
    lsoa_imd: pd.DataFrame | None = None
    summary: ValidationSummary = field(default_factory=ValidationSummary)

    def available(self, table: str) -> bool:
        """True if the table was supplied and has at least one row."""
        if table not in TABLES:
            raise KeyError(f"unknown table {table!r}; known tables: {', '.join(TABLES)}")
        df = getattr(self, table)
        return df is not None and len(df) > 0

    def tables(self) -> list[str]:
        return [t for t in TABLES if self.available(t)]

    def get(self, table: str) -> pd.DataFrame:
        """The table (KeyError unless it was supplied with at least one row): how the measures read
        the tables they require."""
        if not self.available(table):
            raise KeyError(f"table {table!r} was not supplied")
        return getattr(self, table)

    @classmethod
    def from_frames(cls, frames: dict[str, pd.DataFrame], *, source: str = "in-memory frames") -> "ChildData":
        """Validate DataFrames (raw strings or already typed) exactly as files would be."""
        problems: list[Problem] = []
        summary = ValidationSummary(source=source)
        typed: dict[str, pd.DataFrame] = {}
        for name, df in frames.items():
            if name not in TABLES:
                raise KeyError(f"unknown table {name!r}")
            spec = TABLES[name]
            raw = df.reset_index(drop=True).copy()
            raw.columns = [_norm_header(c) for c in raw.columns]
            raw.insert(0, "_row", np.arange(2, len(raw) + 2))
            out, probs, warns = validate_table(raw, spec, spec.file)
            problems += probs
            summary.warnings += warns
            summary.rows[name] = len(raw)
            summary.encodings[name] = "in memory"
            typed[name] = out
        problems += cross_checks(typed, summary.warnings)
        if problems:
            raise InputError(problems, title=f"Child-level data ({source}) failed validation")
        data = cls(summary=summary, **{k: _drop_row(v) for k, v in typed.items()})
        return data


def _drop_row(df: pd.DataFrame) -> pd.DataFrame:
    return df.drop(columns=["_row"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------


def load_child_data(
    folder: str | Path, params: ChildDataParams | None = None, *, tables: Iterable[str] | None = None
) -> ChildData:
    """Read and validate every child-level table found in ``folder``.

    Raises :class:`InputError` listing all problems in all files if anything is wrong.
    """
    params = params or ChildDataParams()
    folder = Path(folder)
    if not folder.exists():
        raise InputError(
            Problem(
                "the child-level data folder does not exist",
                file=str(folder),
                hint="Check child_data.source in the params file",
            )
        )
    if not folder.is_dir():
        raise InputError(
            Problem(
                "expected a folder of CSV files but found a file",
                file=str(folder),
                hint="Point child_data.source at the folder holding header.csv, episodes.csv, ...",
            )
        )
    wanted = list(tables) if tables is not None else list(TABLES)
    unknown = [t for t in wanted if t not in TABLES]
    if unknown:
        raise KeyError(f"unknown tables: {unknown}")
    by_lower = {p.name.lower(): p for p in sorted(folder.iterdir()) if p.is_file()}
    summary = ValidationSummary(source=str(folder))
    problems: list[Problem] = []
    typed: dict[str, pd.DataFrame] = {}
    for name in wanted:
        path = by_lower.get(TABLES[name].file)
        if path is None:
            continue
        try:
            df, warns, enc = _read_and_validate(path, TABLES[name], params)
        except InputError as e:
            problems += e.problems
            continue
        summary.warnings += warns
        summary.rows[name] = len(df)
        summary.encodings[name] = enc
        typed[name] = df
    known = {TABLES[t].file for t in TABLES}
    for lower, p in by_lower.items():
        if lower.endswith(".csv") and lower not in known:
            summary.warnings.append(
                Problem(
                    "file name is not one of the child-level tables; it was ignored",
                    file=p.name,
                    hint="Rename it to <table>.csv if it is one of: " + ", ".join(TABLES),
                )
            )
    if not typed and not problems:
        raise InputError(
            Problem(
                "no child-level tables were found in the folder",
                file=str(folder),
                expected="files named " + ", ".join(TABLES[t].file for t in wanted),
                hint="Export each table as CSV with these names",
            )
        )
    problems += cross_checks(typed, summary.warnings)
    if problems:
        raise InputError(
            problems,
            title=f"Child-level data in {folder} failed validation "
            f"({len(problems)} problem{'s' if len(problems) > 1 else ''}); "
            f"nothing was used",
        )
    return ChildData(summary=summary, **{k: _drop_row(v) for k, v in typed.items()})


def load_table(path: str | Path, table: str, params: ChildDataParams | None = None) -> pd.DataFrame:
    """Read and validate one file as the given table (raises InputError)."""
    df, _warns, _enc = _read_and_validate(Path(path), TABLES[table], params or ChildDataParams())
    probs = cross_checks({table: df}, [])
    if probs:
        raise InputError(probs)
    return _drop_row(df)


# --------------------------------------------------------------------------------------
# Reading bytes and CSV
# --------------------------------------------------------------------------------------


def _read_bytes(path: Path, max_mb: float) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as e:
        raise InputError(Problem(f"the file cannot be read ({e.strerror or e})", file=path.name)) from e
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


def _decode(raw: bytes, file: str) -> tuple[str, str]:
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


def _norm_header(name: object) -> str:
    s = str(name).replace("\ufeff", "").strip().strip('"').strip("'").strip()
    s = re.sub(r"[\s\-]+", "_", s)
    return s.upper()


def _parse_csv(text: str, file: str) -> tuple[list[str], list[list[str]], list[int], list[Problem]]:
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


def _read_and_validate(path: Path, spec: Table, params: ChildDataParams) -> tuple[pd.DataFrame, list[Problem], str]:
    file = path.name
    raw = _read_bytes(path, params.max_file_mb)
    text, enc = _decode(raw, file)
    header, records, rownums, warns = _parse_csv(text, file)
    if enc == "windows-1252":
        warns.append(
            Problem(
                "the file is not UTF-8; it was read as Windows-1252 (Excel's default)",
                file=file,
                hint="Check accented characters look right; saving as 'CSV UTF-8' avoids this",
            )
        )
    problems: list[Problem] = []
    names = [_norm_header(h) for h in header]
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
    typed, probs, w2 = validate_table(df, spec, file)
    problems += probs
    warns += w2
    if problems:
        raise InputError(problems)
    return typed, warns, enc
