"""Check and type the values of one child-level table, column by column.

:func:`validate_table` turns raw strings (or already typed values) into typed columns,
repairing what is unambiguous (stray spaces, lower-case codes, ``dd/mm/yyyy`` or ISO
dates, ``1.0`` for ``1``, fractions for attendance percentages, one factor per row for
assessments) and collecting every value it cannot read, then applies the record-level
rules of :mod:`analysis.inputs.childdata.checks`.
"""

from __future__ import annotations

import re
from typing import overload

import numpy as np
import pandas as pd

from analysis.common.errors import Problem
from analysis.inputs.childdata.checks import Collector, table_checks
from analysis.inputs.childdata.codes import ASSESSMENT_FACTORS
from analysis.inputs.childdata.tables import Column, Table

_BLANKS = {"", "NULL", "NA", "N/A", "#N/A", "NAN", "NAT", "<NA>"}
_MAX_CODES_SHOWN = 30
_DATA_DICT = "See docs/data-dictionary.md for the allowed values"


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


_ISO = re.compile(
    r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})"
    r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$"
)
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?: \d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")


def _parse_dates(text: pd.Series, col: str, c: Collector) -> pd.Series:
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
    bad_day = np.array(
        [v is not None and iso[i] is not None and pd.isna(parsed_u.iloc[i]) for i, v in enumerate(vals)], dtype=bool
    )
    # back to rows (code -1 = blank = last element)
    parsed = pd.Series(parsed_u.to_numpy()[codes], dtype="datetime64[ns]")
    vals, bad_fmt, us_like, serial, range_bad, bad_day = (
        a[codes] for a in (vals, bad_fmt, us_like, serial, range_bad, bad_day)
    )
    expected = "a date as dd/mm/yyyy (or yyyy-mm-dd)"
    c.add(
        serial,
        "the date is a number (an Excel date serial)",
        col,
        vals,
        expected,
        "Format the column as a date in Excel before saving as CSV",
    )
    c.add(bad_fmt & ~serial, "the value is not a date", col, vals, expected, "Use a four-digit year, e.g. 31/03/2025")
    c.add(us_like & bad_day, "the date looks like month/day/year", col, vals, expected, "Save dates as day/month/year")
    c.add(bad_day & ~us_like, "the date does not exist", col, vals, expected, "Check the day and month")
    c.add(range_bad, "the year is outside 1900-2100", col, vals, expected, "Check the year")
    return parsed


_NUM_CLEAN = re.compile(r"[,£%\s]")


def _parse_numbers(text: pd.Series, col: Column, c: Collector, integer: bool) -> pd.Series:
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
        c.add(
            below,
            msg,
            col.name,
            vals,
            f"a value of at least {col.min:g}",
            "Check the column holds counts or percentages, not differences",
        )
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


@overload
def _norm_code(v: str) -> str: ...
@overload
def _norm_code(v: None) -> None: ...
@overload
def _norm_code(v: str | None) -> str | None: ...
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


def validate_table(
    raw: pd.DataFrame, spec: Table, file: str, *, checks: bool = True
) -> tuple[pd.DataFrame, list[Problem], list[Problem]]:
    """Check and type one table. ``raw`` has normalised column names and a ``_row`` column.

    ``checks=False`` leaves out the record-level rules (duplicates, overlaps), which the loader
    applies after combining the returns and applying the documented repairs."""
    rows = raw["_row"].to_numpy()
    c = Collector(file, rows)
    present = [col for col in raw.columns if col != "_row"]
    known = {col.name for col in spec.columns}
    for col in spec.columns:
        if col.required and col.name not in present:
            c.problems.append(
                Problem(
                    "a required column is missing",
                    file=file,
                    column=col.name,
                    rows=[1],
                    expected=f"a column named {col.name} ({col.description})",
                    hint="Add the column (names are not case-sensitive); see docs/data-dictionary.md",
                )
            )
    extra = [p for p in present if p not in known]
    if extra:
        c.warnings.append(Problem("columns not used by this package were ignored: " + ", ".join(extra[:20]), file=file))
    out = pd.DataFrame({"_row": rows})
    for col in spec.columns:
        if col.name not in present:
            continue
        s = raw[col.name]
        typed_date = col.kind == "date" and pd.api.types.is_datetime64_any_dtype(s)
        text = None if typed_date else _as_text(s)
        blank = s.isna().to_numpy() if text is None else np.array([v is None for v in text], dtype=bool)
        if not col.nullable:
            c.add(
                blank,
                "the value is blank",
                col.name,
                None,
                _expected(col),
                "Fill it in, or remove the row if it is not a real record",
            )
        if text is None:  # a date column already typed
            out[col.name] = s.astype("datetime64[ns]").to_numpy()
        elif col.kind == "date":
            out[col.name] = _parse_dates(text, col.name, c).to_numpy()
        elif col.kind in ("int", "float"):
            out[col.name] = _parse_numbers(text, col, c, col.kind == "int")
            if col.kind == "float" and col.name == "ATTENDANCE":
                arr = out[col.name].to_numpy(dtype=float, na_value=np.nan)
                fin = arr[np.isfinite(arr)]
                if len(fin) >= 5 and fin.max() <= 1 and fin.max() > 0:
                    out[col.name] = arr * 100
                    c.warnings.append(
                        Problem(
                            "attendance values are all between 0 and 1; read as fractions and converted to percentages",
                            file=file,
                            column=col.name,
                        )
                    )
        elif col.kind == "bool":
            norm = _omap(text, lambda v: None if v is None else v.upper())
            bad = np.array([v is not None and v not in _TRUE and v not in _FALSE for v in norm], dtype=bool)
            c.add(bad, "the value is not yes/no", col.name, text.to_numpy(dtype=object), _expected(col))
            out[col.name] = pd.array(
                [None if (v is None or b) else (v in _TRUE) for v, b in zip(norm, bad)], dtype="boolean"
            )
        elif col.kind == "code":
            assert col.codes is not None, f"{col.name}: a code column needs its codes"
            norm = _omap(text, _norm_code)
            bad = np.array([v is not None and v not in col.codes for v in norm], dtype=bool)
            c.add(bad, "the code is not recognised", col.name, text.to_numpy(dtype=object), _expected(col), _DATA_DICT)
            out[col.name] = pd.Series([None if b else v for v, b in zip(norm, bad)], dtype="str")
        elif col.kind == "multi":
            assert col.codes is not None, f"{col.name}: a multi-code column needs its codes"
            allowed = col.codes
            parts = _omap(
                text, lambda v: None if v is None else [p for p in re.split(r"[;,|]+", v.upper()) if p.strip()]
            )
            normed: list[str | None] = []
            any_wrong: list[bool] = []
            first_bad: list[str | None] = []
            for lst in parts:
                if lst is None:
                    normed.append(None)
                    any_wrong.append(False)
                    first_bad.append(None)
                    continue
                codes = [_norm_code(p) for p in lst]
                wrong = [p for p in codes if p not in allowed]
                any_wrong.append(bool(wrong))
                first_bad.append(wrong[0] if wrong else None)
                good = sorted(set(p for p in codes if p in allowed), key=list(allowed).index)
                normed.append(";".join(good) if good else None)
            c.add(
                np.array(any_wrong, dtype=bool),
                "a code in the list is not recognised",
                col.name,
                np.array(first_bad, dtype=object),
                _expected(col) + ", separated by ;",
                _DATA_DICT,
            )
            out[col.name] = pd.Series(normed, dtype="str")
        elif col.kind in ("upn", "postcode", "lsoa", "id", "text"):
            vals = text
            if col.kind == "id":
                vals = _omap(
                    text, lambda v: v.split(".")[0] if v is not None and "." in v and _FLOAT_INT.fullmatch(v) else v
                )
            elif col.kind in ("upn", "lsoa"):
                vals = _omap(text, lambda v: None if v is None else "".join(v.split()).upper())
            elif col.kind == "postcode":
                vals = _omap(text, lambda v: None if v is None else " ".join(v.split()).upper())
            pattern = {"upn": _UPN, "postcode": _POSTCODE, "lsoa": _LSOA}.get(col.kind)
            if pattern is not None:
                bad = np.array([v is not None and not pattern.match(v) for v in vals], dtype=bool)
                hint = {
                    "lsoa": "Use 2021 LSOA codes (England, E01...); Welsh or 2011 codes have no IMD 2025 decile",
                    "upn": "Leave it blank if the child has no UPN",
                    "postcode": "Leave it blank if not known",
                }[col.kind]
                c.add(
                    bad,
                    "the value is not in the expected format",
                    col.name,
                    text.to_numpy(dtype=object),
                    _expected(col),
                    hint,
                )
                vals = pd.Series([None if b else v for v, b in zip(vals, bad)], dtype="object")
                if col.kind == "postcode":
                    vals = _omap(vals, lambda v: None if v is None else _fmt_postcode(v))
            out[col.name] = pd.Series(vals.to_numpy(dtype=object), dtype="str")
    if spec.name == "assessments" and "FACTORS" in out.columns and {"CHILD", "ASSESSMENT_DATE"} <= set(out.columns):
        out = _combine_factor_rows(out)
    if checks:
        table_checks(out, spec, c)
    return out.reset_index(drop=True), c.problems, c.warnings


def _fmt_postcode(v: str) -> str:
    m = _POSTCODE.match(v)
    assert m is not None, "only called on values that matched the postcode pattern"
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
