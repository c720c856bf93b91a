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
from analysis.inputs.childdata.contracts import ASSESSMENT_FACTORS, TABLES, Column, Table
from analysis.config.childdata import ChildDataParams

_BLANKS = {"", "NULL", "NA", "N/A", "#N/A", "NAN", "NAT", "<NA>"}
_MAX_CODES_SHOWN = 30
_DATA_DICT = "See docs/data-dictionary.md for the allowed values"


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
            out.append({"table": t, "file": file, "rows": n, "encoding": self.encodings.get(t, ""),
                        "warnings": sum(1 for w in self.warnings if w.file == file)})
        return pd.DataFrame(out, columns=["table", "file", "rows", "encoding", "warnings"])

    def warnings_frame(self) -> pd.DataFrame:
        """One row per warning, rendered as text (no child-level values beyond codes and row numbers)."""
        return pd.DataFrame({"file": [w.file for w in self.warnings],
                             "column": [w.column for w in self.warnings],
                             "rows": [len(w.rows) for w in self.warnings],
                             "warning": [w.message for w in self.warnings]},
                            columns=["file", "column", "rows", "warning"])


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
        problems += _cross_checks(typed, summary.warnings)
        if problems:
            raise InputError(problems, title=f"Child-level data ({source}) failed validation")
        data = cls(summary=summary, **{k: _drop_row(v) for k, v in typed.items()})
        return data


def _drop_row(df: pd.DataFrame) -> pd.DataFrame:
    return df.drop(columns=["_row"]).reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------

def load_child_data(folder: str | Path, params: ChildDataParams | None = None, *,
                    tables: Iterable[str] | None = None) -> ChildData:
    """Read and validate every child-level table found in ``folder``.

    Raises :class:`InputError` listing all problems in all files if anything is wrong.
    """
    params = params or ChildDataParams()
    folder = Path(folder)
    if not folder.exists():
        raise InputError(Problem("the child-level data folder does not exist", file=str(folder),
                                 hint="Check child_data.source in the params file"))
    if not folder.is_dir():
        raise InputError(Problem("expected a folder of CSV files but found a file", file=str(folder),
                                 hint="Point child_data.source at the folder holding header.csv, episodes.csv, ..."))
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
            summary.warnings.append(Problem("file name is not one of the child-level tables; it was ignored",
                                            file=p.name, hint="Rename it to <table>.csv if it is one of: "
                                            + ", ".join(TABLES)))
    if not typed and not problems:
        raise InputError(Problem("no child-level tables were found in the folder", file=str(folder),
                                 expected="files named " + ", ".join(TABLES[t].file for t in wanted),
                                 hint="Export each table as CSV with these names"))
    problems += _cross_checks(typed, summary.warnings)
    if problems:
        raise InputError(problems, title=f"Child-level data in {folder} failed validation "
                                         f"({len(problems)} problem{'s' if len(problems) > 1 else ''}); "
                                         f"nothing was used")
    return ChildData(summary=summary, **{k: _drop_row(v) for k, v in typed.items()})


def load_table(path: str | Path, table: str, params: ChildDataParams | None = None) -> pd.DataFrame:
    """Read and validate one file as the given table (raises InputError)."""
    df, _warns, _enc = _read_and_validate(Path(path), TABLES[table], params or ChildDataParams())
    probs = _cross_checks({table: df}, [])
    if probs:
        raise InputError(probs)
    return _drop_row(df)


def load_imd_lookup(path: str | Path) -> pd.DataFrame:
    """LSOA21CD -> IMD_DECILE from the public IMD 2025 LSOA file (``imd2025_england_lsoa21.csv``)."""
    path = Path(path)
    text, _enc = _decode(_read_bytes(path, 2000.0), path.name)
    df = pd.read_csv(io.StringIO(text), dtype=str)
    cols = {c.lower(): c for c in df.columns}
    code = cols.get("lsoa21_code") or cols.get("lsoa21cd") or cols.get("lsoa code (2021)")
    dec = cols.get("imd_decile") or cols.get("imd decile")
    if not code or not dec:
        raise InputError(Problem("not an IMD 2025 LSOA file", file=path.name,
                                 expected="columns lsoa21_code and IMD_decile"))
    out = pd.DataFrame({"LSOA21CD": df[code].str.strip().str.upper(),
                        "IMD_DECILE": pd.to_numeric(df[dec], errors="coerce").round().astype("Int64")})
    return out.dropna().reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Reading bytes and CSV
# --------------------------------------------------------------------------------------

def _read_bytes(path: Path, max_mb: float) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as e:
        raise InputError(Problem(f"the file cannot be read ({e.strerror or e})", file=path.name))
    if size > max_mb * 1e6:
        raise InputError(Problem(f"the file is too large ({size / 1e6:,.1f} MB; the limit is {max_mb:,.0f} MB)",
                                 file=path.name,
                                 hint="Check it is the right file, or raise child_data.max_file_mb in the params file"))
    try:
        return path.read_bytes()
    except OSError as e:
        raise InputError(Problem(f"the file cannot be read ({e.strerror or e})", file=path.name))


def _decode(raw: bytes, file: str) -> tuple[str, str]:
    if raw.startswith(b"PK\x03\x04"):
        raise InputError(Problem("this is an Excel workbook (.xlsx), not a CSV file", file=file,
                                 hint="Open it in Excel and use Save As > 'CSV UTF-8 (Comma delimited)'"))
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(Problem("this is an old Excel workbook (.xls), not a CSV file", file=file,
                                 hint="Open it in Excel and use Save As > 'CSV UTF-8 (Comma delimited)'"))
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise InputError(Problem("the file starts like UTF-16 text but cannot be decoded", file=file,
                                     hint="Save it as 'CSV UTF-8 (Comma delimited)'"))
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        enc = "utf-8 (with byte-order mark)"
    else:
        enc = "utf-8"
    if b"\x00" in raw:
        line = raw[:raw.index(b"\x00")].count(b"\n") + 1
        raise InputError(Problem(f"the file contains binary (NUL) bytes, first on line {line}", file=file,
                                 hint="It is probably not a text CSV; export the table again as CSV"))
    try:
        return raw.decode("utf-8"), enc
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), "windows-1252"
    except UnicodeDecodeError as e:
        line = raw[:e.start].count(b"\n") + 1
        raise InputError(Problem(f"the file is neither UTF-8 nor Windows-1252 text (undecodable byte "
                                 f"0x{raw[e.start]:02x} on line {line})", file=file,
                                 hint="Save it from Excel as 'CSV UTF-8 (Comma delimited)'"))


def _norm_header(name: object) -> str:
    s = str(name).replace("\ufeff", "").strip().strip('"').strip("'").strip()
    s = re.sub(r"[\s\-]+", "_", s)
    return s.upper()


def _parse_csv(text: str, file: str) -> tuple[list[str], list[list[str]], list[int], list[Problem]]:
    """Header, data records, their spreadsheet row numbers, and warnings."""
    warns: list[Problem] = []
    if not text.strip():
        raise InputError(Problem("the file is empty", file=file,
                                 hint="Export the table again with a header row and data rows"))
    first = text.lstrip("\r\n").split("\n", 1)[0]
    delim = ","
    if "," not in first:
        if ";" in first:
            delim = ";"
        elif "\t" in first:
            delim = "\t"
    if delim != ",":
        warns.append(Problem(f"values are separated by {'semicolons' if delim == ';' else 'tabs'}, not "
                             "commas; read accordingly", file=file))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=False)
    records: list[list[str]] = []
    try:
        for rec in reader:
            records.append(rec)
    except csv.Error as e:
        raise InputError(Problem(f"the file is not a well-formed CSV ({e})", file=file,
                                 rows=[reader.line_num] if reader.line_num else (),
                                 hint="Check for an unclosed quote or a very long cell"))
    # leading blank lines
    while records and not any(c.strip() for c in records[0]):
        records.pop(0)
    if not records:
        raise InputError(Problem("the file is empty", file=file,
                                 hint="Export the table again with a header row and data rows"))
    header = records[0]
    data = records[1:]
    rows = list(range(2, len(data) + 2))
    return header, data, rows, warns


def _read_and_validate(path: Path, spec: Table, params: ChildDataParams):
    file = path.name
    raw = _read_bytes(path, params.max_file_mb)
    text, enc = _decode(raw, file)
    header, records, rownums, warns = _parse_csv(text, file)
    if enc == "windows-1252":
        warns.append(Problem("the file is not UTF-8; it was read as Windows-1252 (Excel's default)", file=file,
                             hint="Check accented characters look right; saving as 'CSV UTF-8' avoids this"))
    problems: list[Problem] = []
    names = [_norm_header(h) for h in header]
    width = len(names)
    # drop unnamed columns that are empty throughout (trailing commas)
    keep = []
    for i, n in enumerate(names):
        if n == "":
            if any(i < len(r) and r[i].strip() for r in records):
                problems.append(Problem(f"column {i + 1} has values but no name in the header row", file=file,
                                        rows=[1], hint="Give the column a header or delete it"))
            continue
        keep.append(i)
    seen: dict[str, int] = {}
    for i in keep:
        if names[i] in seen:
            problems.append(Problem("the column appears twice in the header row", file=file, column=names[i],
                                    rows=[1], hint="Delete or rename one of them"))
        seen.setdefault(names[i], i)
    # records: pad short ones, flag long ones with extra non-blank values
    too_long: list[int] = []
    cols: dict[str, list[str]] = {names[i]: [] for i in seen.values() if True}
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
        problems.append(Problem("the row has more values than the header has columns", file=file, rows=too_long,
                                hint="A value probably contains an unquoted comma; quote it or remove it"))
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


# --------------------------------------------------------------------------------------
# Validating a table (raw strings or typed values)
# --------------------------------------------------------------------------------------

def _missing(v) -> bool:
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and np.isnan(v))


def _factorize(values):
    arr = values.to_numpy(dtype=object) if isinstance(values, pd.Series) else np.asarray(values, dtype=object)
    codes, uniq = pd.factorize(arr, use_na_sentinel=True)
    uniq = [None if _missing(v) else v for v in np.asarray(uniq, dtype=object)]
    return codes, uniq


def _omap(values, fn) -> pd.Series:
    """Apply fn to each distinct value (missing values arrive as None); result is object dtype."""
    codes, uniq = _factorize(values)
    mapped = np.empty(len(uniq) + 1, dtype=object)
    for i, v in enumerate(uniq):
        mapped[i] = fn(v)
    mapped[-1] = fn(None)
    return pd.Series(mapped[codes], dtype="object")


def _as_text(s: pd.Series) -> pd.Series:
    """Stripped text with blanks as None (object dtype, range index)."""
    if pd.api.types.is_datetime64_any_dtype(s):
        return _omap(s.dt.strftime("%Y-%m-%d"), lambda v: v)
    if s.dtype == bool or str(s.dtype) == "boolean":
        return _omap(s, lambda v: None if v is None else ("Y" if v else "N"))
    if pd.api.types.is_float_dtype(s):
        return _omap(s, lambda v: None if v is None else (str(int(v)) if float(v).is_integer() else repr(float(v))))
    if pd.api.types.is_integer_dtype(s):
        return _omap(s, lambda v: None if v is None else str(int(v)))

    def f(v):
        if v is None:
            return None
        t = str(v).strip()
        return None if t.upper() in _BLANKS else t
    return _omap(s, f)


class _Collector:
    def __init__(self, file: str, rows: np.ndarray):
        self.file = file
        self.rows = rows
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []

    def add(self, mask, message, column=None, values=None, expected=None, hint=None, warn=False):
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        value = None
        if values is not None:
            vals = np.asarray(values, dtype=object)[mask]
            value = next((v for v in vals if v is not None), None)
        p = Problem(message, file=self.file, column=column, rows=[int(r) for r in self.rows[mask]],
                    value=value, expected=expected, hint=hint)
        (self.warnings if warn else self.problems).append(p)


_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?: \d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


def _parse_dates(text: pd.Series, col: str, c: _Collector) -> pd.Series:
    codes, uniq = _factorize(text)
    vals = np.array(uniq + [None], dtype=object)
    n = len(vals)
    iso = np.empty(n, dtype=object)
    bad_fmt = np.zeros(n, dtype=bool)
    us_like = np.zeros(n, dtype=bool)
    serial = np.zeros(n, dtype=bool)
    range_bad = np.zeros(n, dtype=bool)
    for i, v in enumerate(vals):
        if v is None:
            iso[i] = None
            continue
        m = _ISO.match(v)
        if m:
            y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        else:
            m = _DMY.match(v)
            if not m:
                bad_fmt[i] = True
                if re.fullmatch(r"\d{5}(\.\d+)?", v):
                    serial[i] = True
                iso[i] = None
                continue
            d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
            if mo > 12 and d <= 12:
                us_like[i] = True
        if y < 1900 or y > 2100:
            range_bad[i] = True
            iso[i] = None
            continue
        iso[i] = f"{y:04d}-{mo:02d}-{d:02d}" if 1 <= mo <= 12 and 1 <= d <= 31 else "x"
    parsed_u = pd.to_datetime(pd.Series(iso, dtype="object"), format="%Y-%m-%d", errors="coerce")
    bad_day = np.array([v is not None and iso[i] is not None and pd.isna(parsed_u.iloc[i])
                        for i, v in enumerate(vals)], dtype=bool)
    # back to rows (code -1 = blank = last element)
    parsed = pd.Series(parsed_u.to_numpy()[codes], dtype="datetime64[ns]")
    vals, bad_fmt, us_like, serial, range_bad, bad_day = (a[codes] for a in (vals, bad_fmt, us_like, serial,
                                                                              range_bad, bad_day))
    expected = "a date as dd/mm/yyyy (or yyyy-mm-dd)"
    c.add(serial, "the date is a number (an Excel date serial)", col, vals, expected,
          "Format the column as a date in Excel before saving as CSV")
    c.add(bad_fmt & ~serial, "the value is not a date", col, vals, expected,
          "Use a four-digit year, e.g. 31/03/2025")
    c.add(us_like & bad_day, "the date looks like month/day/year", col, vals, expected,
          "Save dates as day/month/year")
    c.add(bad_day & ~us_like, "the date does not exist", col, vals, expected,
          "Check the day and month")
    c.add(range_bad, "the year is outside 1900-2100", col, vals, expected, "Check the year")
    return parsed


_NUM_CLEAN = re.compile(r"[,£%\s]")


def _parse_numbers(text: pd.Series, col: Column, c: _Collector, integer: bool) -> pd.Series:
    vals = np.array([None if _missing(v) else v for v in text.to_numpy(dtype=object)], dtype=object)
    cleaned = pd.Series([None if v is None else _NUM_CLEAN.sub("", v) for v in vals], dtype="object")
    num = pd.to_numeric(cleaned, errors="coerce")
    given = np.array([v is not None for v in vals], dtype=bool)
    isna = num.isna().to_numpy(dtype=bool)
    notnum = given & isna
    finite = np.isfinite(num.to_numpy(dtype=float, na_value=np.nan))
    notnum |= given & ~finite & ~isna
    num = num.where(~pd.Series(notnum), np.nan)
    what = "a whole number" if integer else "a number"
    c.add(notnum, "the value is not a number", col.name, vals, what + col.format_text().split("number", 1)[-1])
    arr = num.to_numpy(dtype=float, na_value=np.nan)
    ok = ~np.isnan(arr)
    if integer:
        frac = ok & (np.abs(arr - np.round(arr)) > 1e-9)
        c.add(frac, "the value is not a whole number", col.name, vals, "a whole number")
    if col.min is not None:
        below = ok & (arr < col.min)
        msg = "negative count" if col.min == 0 else f"the value is below {col.min:g}"
        c.add(below, msg, col.name, vals, f"a value of at least {col.min:g}",
              "Check the column holds counts or percentages, not differences")
    if col.max is not None:
        above = ok & (arr > col.max)
        c.add(above, f"the value is above {col.max:g}", col.name, vals, f"a value of at most {col.max:g}")
    if integer:
        safe = np.where(ok & (np.abs(arr) < 2**53), np.round(arr), np.nan)
        return pd.Series(pd.array(safe, dtype="Float64").astype("Int64"))
    return pd.Series(arr, dtype="float64")


def _codes_text(codes: dict[str, str]) -> str:
    keys = list(codes)
    if len(keys) <= _MAX_CODES_SHOWN:
        return "one of " + ", ".join(keys)
    return "one of " + ", ".join(keys[:_MAX_CODES_SHOWN]) + f", ... ({len(keys)} codes)"


_FLOAT_INT = re.compile(r"\d+\.0+")


def _norm_code(v: str | None) -> str | None:
    if v is None:
        return None
    v = "".join(v.split()).upper()
    if "." in v and _FLOAT_INT.fullmatch(v):
        v = v.split(".")[0]
    return v


_TRUE = {"Y", "YES", "TRUE", "T", "1"}
_FALSE = {"N", "NO", "FALSE", "F", "0"}
_UPN = re.compile(r"^([A-Z][0-9A-Z]{12}|UN([1-9]|10))$")
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9])([A-Z]{2})?$")
_LSOA = re.compile(r"^E01\d{6}$")


def validate_table(raw: pd.DataFrame, spec: Table, file: str) -> tuple[pd.DataFrame, list[Problem], list[Problem]]:
    """Check and type one table. ``raw`` has normalised column names and a ``_row`` column."""
    rows = raw["_row"].to_numpy()
    c = _Collector(file, rows)
    present = [col for col in raw.columns if col != "_row"]
    known = {col.name for col in spec.columns}
    for col in spec.columns:
        if col.required and col.name not in present:
            c.problems.append(Problem("a required column is missing", file=file, column=col.name, rows=[1],
                                      expected=f"a column named {col.name} ({col.description})",
                                      hint="Add the column (names are not case-sensitive); "
                                           "see docs/data-dictionary.md"))
    extra = [p for p in present if p not in known]
    if extra:
        c.warnings.append(Problem("columns not used by this package were ignored: " + ", ".join(extra[:20]),
                                  file=file))
    out = pd.DataFrame({"_row": rows})
    for col in spec.columns:
        if col.name not in present:
            continue
        s = raw[col.name]
        typed_date = col.kind == "date" and pd.api.types.is_datetime64_any_dtype(s)
        text = _as_text(s) if not typed_date else None
        blank = (s.isna().to_numpy() if typed_date else np.array([v is None for v in text], dtype=bool))
        if not col.nullable:
            c.add(blank, "the value is blank", col.name, None, _expected(col),
                  "Fill it in, or remove the row if it is not a real record")
        if col.kind == "date":
            out[col.name] = (s.astype("datetime64[ns]").to_numpy() if typed_date
                             else _parse_dates(text, col.name, c).to_numpy())
        elif col.kind in ("int", "float"):
            out[col.name] = _parse_numbers(text, col, c, col.kind == "int")
            if col.kind == "float" and col.name == "ATTENDANCE":
                arr = out[col.name].to_numpy(dtype=float, na_value=np.nan)
                fin = arr[np.isfinite(arr)]
                if len(fin) >= 5 and fin.max() <= 1 and fin.max() > 0:
                    out[col.name] = arr * 100
                    c.warnings.append(Problem("attendance values are all between 0 and 1; read as fractions "
                                              "and converted to percentages", file=file, column=col.name))
        elif col.kind == "bool":
            norm = _omap(text, lambda v: None if v is None else v.upper())
            bad = np.array([v is not None and v not in _TRUE and v not in _FALSE for v in norm], dtype=bool)
            c.add(bad, "the value is not yes/no", col.name, text.to_numpy(dtype=object), _expected(col))
            out[col.name] = pd.array([None if (v is None or b) else (v in _TRUE) for v, b in zip(norm, bad)],
                                     dtype="boolean")
        elif col.kind == "code":
            norm = _omap(text, _norm_code)
            bad = np.array([v is not None and v not in col.codes for v in norm], dtype=bool)
            c.add(bad, "the code is not recognised", col.name, text.to_numpy(dtype=object), _expected(col),
                  _DATA_DICT)
            out[col.name] = pd.Series([None if b else v for v, b in zip(norm, bad)], dtype="str")
        elif col.kind == "multi":
            parts = _omap(text, lambda v: None if v is None else [p for p in re.split(r"[;,|]+", v.upper())
                                                                  if p.strip()])
            normed, bad, first_bad = [], [], []
            for lst in parts:
                if lst is None:
                    normed.append(None); bad.append(False); first_bad.append(None)
                    continue
                codes = [_norm_code(p) for p in lst]
                wrong = [p for p in codes if p not in col.codes]
                bad.append(bool(wrong)); first_bad.append(wrong[0] if wrong else None)
                good = sorted(set(p for p in codes if p in col.codes), key=list(col.codes).index)
                normed.append(";".join(good) if good else None)
            c.add(np.array(bad, dtype=bool), "a code in the list is not recognised", col.name,
                  np.array(first_bad, dtype=object), _expected(col) + ", separated by ;", _DATA_DICT)
            out[col.name] = pd.Series(normed, dtype="str")
        elif col.kind in ("upn", "postcode", "lsoa", "id", "text"):
            vals = text
            if col.kind == "id":
                vals = _omap(text, lambda v: v.split(".")[0] if v is not None and "." in v
                             and _FLOAT_INT.fullmatch(v) else v)
            elif col.kind in ("upn", "lsoa"):
                vals = _omap(text, lambda v: None if v is None else "".join(v.split()).upper())
            elif col.kind == "postcode":
                vals = _omap(text, lambda v: None if v is None else " ".join(v.split()).upper())
            pattern = {"upn": _UPN, "postcode": _POSTCODE, "lsoa": _LSOA}.get(col.kind)
            if pattern is not None:
                bad = np.array([v is not None and not pattern.match(v) for v in vals], dtype=bool)
                hint = {"lsoa": "Use 2021 LSOA codes (England, E01...); Welsh or 2011 codes have no IMD 2025 decile",
                        "upn": "Leave it blank if the child has no UPN",
                        "postcode": "Leave it blank if not known"}[col.kind]
                c.add(bad, "the value is not in the expected format", col.name, text.to_numpy(dtype=object),
                      _expected(col), hint)
                vals = pd.Series([None if b else v for v, b in zip(vals, bad)], dtype="object")
                if col.kind == "postcode":
                    vals = _omap(vals, lambda v: None if v is None else _fmt_postcode(v))
            out[col.name] = pd.Series(vals.to_numpy(dtype=object), dtype="str")
    if spec.name == "assessments" and "FACTORS" in out.columns and {"CHILD", "ASSESSMENT_DATE"} <= set(out.columns):
        out = _combine_factor_rows(out)
    _table_checks(out, spec, c)
    return out.reset_index(drop=True), c.problems, c.warnings


def _fmt_postcode(v: str) -> str:
    m = _POSTCODE.match(v)
    return f"{m.group(1)} {m.group(2)}{m.group(3) or ''}"


def _expected(col: Column) -> str:
    if col.codes:
        return _codes_text(col.codes)
    return col.format_text()


def _combine_factor_rows(out: pd.DataFrame) -> pd.DataFrame:
    """One row per child and assessment date, factors joined (long format accepted)."""
    key = out[["CHILD", "ASSESSMENT_DATE"]]
    if not key.duplicated().any():
        return out
    order = list(ASSESSMENT_FACTORS)

    def join(vals):
        codes = set()
        for v in vals:
            if isinstance(v, str) and v:
                codes.update(v.split(";"))
        return ";".join(sorted(codes, key=order.index)) if codes else None

    g = out.groupby(["CHILD", "ASSESSMENT_DATE"], sort=False, dropna=False)
    combined = g.agg(_row=("_row", "min"), FACTORS=("FACTORS", join)).reset_index()
    combined["FACTORS"] = combined["FACTORS"].astype("str")
    return combined[["_row", "CHILD", "ASSESSMENT_DATE", "FACTORS"]].sort_values("_row")


def _table_checks(out: pd.DataFrame, spec: Table, c: _Collector) -> None:
    """Duplicates and impossible records within one table."""
    if not len(out):
        return
    have = set(out.columns)
    cols = [col.name for col in spec.columns if col.name in have]
    c.rows = out["_row"].to_numpy()
    dup = out.duplicated(subset=cols, keep="first").to_numpy() if cols else np.zeros(len(out), bool)
    if dup.any():
        c.add(dup, "the row repeats an earlier row exactly (duplicate)", None, None,
              "each record once", "Remove the duplicate rows" if spec.duplicate_rows == "error"
              else "Duplicates were kept; check the extract", warn=spec.duplicate_rows == "warn")
    key = [k for k in spec.key if k in have]
    if key:
        reps = out.drop_duplicates(subset=cols)
        reps = reps[reps[key].notna().all(axis=1)]
        counts = reps.groupby(key, dropna=True, sort=False).size()
        clash = counts[counts > 1]
        if len(clash):
            idx = pd.MultiIndex.from_frame(out[key]) if len(key) > 1 else pd.Index(out[key[0]])
            kd = idx.isin(clash.index)
            c.add(kd, f"more than one row for the same {', '.join(key)}", ", ".join(key), None,
                  f"one row per {', '.join(key)}", "Keep one row for each; correct or remove the others")
    if spec.name == "episodes" and {"CHILD", "DECOM", "DEC"} <= set(out.columns):
        sub = out[~dup]
        c.rows = sub["_row"].to_numpy()
        _episode_checks(sub, c)
        c.rows = out["_row"].to_numpy()
    if spec.name in ("cin_plans", "cp_plans", "early_help") and {"START", "END"} <= set(out.columns):
        bad = (out["END"] < out["START"]).fillna(False).to_numpy(dtype=bool)
        c.add(bad, "the plan ends before it starts", "END", out["END"].dt.strftime("%d/%m/%Y").to_numpy(dtype=object),
              "an end date on or after START", "Check the two dates")


def _episode_checks(ep: pd.DataFrame, c: _Collector) -> None:
    bad = (ep["DEC"] < ep["DECOM"]).fillna(False).to_numpy(dtype=bool)
    c.add(bad, "the episode ends before it starts", "DEC", ep["DEC"].dt.strftime("%d/%m/%Y").to_numpy(dtype=object),
          "DEC on or after DECOM", "Check the two dates")
    if "REC" in ep.columns:
        rec_no_dec = (ep["REC"].notna() & ep["DEC"].isna()).to_numpy(dtype=bool)
        dec_no_rec = (ep["DEC"].notna() & ep["REC"].isna()).to_numpy(dtype=bool)
        c.add(rec_no_dec, "the episode has a reason for ending (REC) but no end date (DEC)", "DEC", None,
              "DEC and REC both given or both blank", "Add the end date, or clear REC if the episode is open")
        c.add(dec_no_rec, "the episode has an end date (DEC) but no reason for ending (REC)", "REC", None,
              "DEC and REC both given or both blank", "Add the reason (X1 if a new episode began the same day)")
    s = ep.sort_values(["CHILD", "DECOM"], kind="mergesort")
    same = (s["CHILD"].to_numpy(dtype=object)[1:] == s["CHILD"].to_numpy(dtype=object)[:-1])
    prev_dec = s["DEC"].to_numpy()[:-1]
    prev_open = pd.isna(prev_dec)
    decom = s["DECOM"].to_numpy()[1:]
    with np.errstate(invalid="ignore"):
        overlap = same & (prev_open | (decom < prev_dec))
    overlap &= ~pd.isna(decom)
    if overlap.any():
        srows = s["_row"].to_numpy()
        pairs = sorted(set(srows[:-1][overlap]).union(srows[1:][overlap]))
        p = Problem("episodes of the same child overlap (an episode starts before the previous one ends, or "
                    "after an open episode)", file=c.file, column="DECOM", rows=[int(r) for r in pairs],
                    expected="each episode to start on or after the previous episode's DEC",
                    hint="Check the dates of these episodes; close the earlier one or correct the start")
        c.problems.append(p)


def _cross_checks(typed: dict[str, pd.DataFrame], warnings: list[Problem]) -> list[Problem]:
    problems: list[Problem] = []
    hd, ep = typed.get("header"), typed.get("episodes")
    if hd is not None and ep is not None and len(hd) and len(ep) and "CHILD" in hd and "CHILD" in ep:
        missing = ~ep["CHILD"].isin(hd["CHILD"])
        if missing.any():
            warnings.append(Problem("children in episodes.csv have no row in header.csv; their age and ethnicity "
                                    "are unknown", file="episodes.csv", column="CHILD",
                                    rows=[int(r) for r in ep.loc[missing, "_row"]],
                                    value=ep.loc[missing, "CHILD"].iloc[0],
                                    hint="Add them to header.csv"))
        if "DOB" in hd and "DECOM" in ep:
            dob = ep["CHILD"].map(hd.drop_duplicates("CHILD").set_index("CHILD")["DOB"])
            born_after = (dob > ep["DECOM"]).fillna(False).to_numpy(dtype=bool)
            if born_after.any():
                problems.append(Problem("the child's date of birth (header.csv) is after the episode starts",
                                        file="episodes.csv", column="DECOM",
                                        rows=[int(r) for r in ep.loc[born_after, "_row"]],
                                        value=ep.loc[born_after, "DECOM"].iloc[0].strftime("%d/%m/%Y"),
                                        expected="DECOM on or after DOB",
                                        hint="Check DOB in header.csv and DECOM in episodes.csv for these children"))
            age = (ep["DECOM"] - dob).dt.days / 365.25
            old = (age >= 18).fillna(False).to_numpy(dtype=bool)
            if old.any():
                warnings.append(Problem("the episode starts after the child's 18th birthday", file="episodes.csv",
                                        column="DECOM", rows=[int(r) for r in ep.loc[old, "_row"]]))
    return problems
