"""Load and validate a council's child-level data as it is delivered.

:func:`load_child_data` reads every return it finds in a folder (one return, one sub-folder per
collection year, files named by year, files stacked with a ``YEAR`` column, CSV or the DfE XML;
see :mod:`analysis.inputs.childdata.intake`), checks and types every value, combines the returns
and applies the documented repairs (:mod:`analysis.inputs.childdata.repairs`), then either
returns a :class:`ChildData` of typed DataFrames or raises one
:class:`~analysis.common.errors.InputError` listing *every* problem found in every file: file,
column, spreadsheet row numbers (the header is row 1), what was expected and what to do.  A
child's identifying values (CHILD, UPN, date of birth, postcodes) are never quoted in a message.

:mod:`analysis.inputs.childdata.readcsv` reads the CSV files,
:mod:`analysis.inputs.childdata.validate` checks and types each table's values and
:mod:`analysis.inputs.childdata.checks` applies the record-level and cross-table rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import numpy as np
import pandas as pd

from analysis.common.errors import InputError, Problem
from analysis.config.childdata import ChildDataParams
from analysis.inputs.childdata.checks import Collector, cross_checks, table_checks
from analysis.inputs.childdata.intake import Intake, Part, read_folder
from analysis.inputs.childdata.readcsv import norm_header, read_raw_csv
from analysis.inputs.childdata.repairs import META, Repair, apply_repairs, strict_problems
from analysis.inputs.childdata.summary import data_summary
from analysis.inputs.childdata.tables import TABLES, Table
from analysis.inputs.childdata.validate import validate_table

# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


@dataclass
class ValidationSummary:
    """What was read, repaired and warned about: for ``p2r validate`` and the data-quality appendix."""

    source: str = ""
    rows: dict[str, int] = field(default_factory=dict)
    encodings: dict[str, str] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    repairs: list[Repair] = field(default_factory=list)
    files: dict[str, list[str]] = field(default_factory=dict)  # table -> files read
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)  # see analysis.inputs.childdata.summary

    def to_frame(self) -> pd.DataFrame:
        """One row per table read: table, file, rows, encoding, warnings (and, when the data came
        in several files or needed repairs, the files and the repairs by rule).

        When there were repairs or warnings, ``repair_list`` and ``warning_list`` give them for the
        data-quality appendix (see :meth:`repair_records` and :meth:`warning_records`: counts of
        rows, never values), and warnings about files that were not read (ignored files and
        sub-folders) get a row of their own, with table ``not read``."""
        out = []
        extra = bool(self.repairs) or any(len(f) > 1 for f in self.files.values())
        detail = bool(self.repairs or self.warnings)
        placed: set[int] = set()
        warns = self.warning_records()
        for t, n in self.rows.items():
            files = self.files.get(t) or [TABLES[t].file if t in TABLES else t]
            mine = [i for i, w in enumerate(self.warnings) if w.file in files]
            placed.update(mine)
            row: dict[str, object] = {
                "table": t,
                "file": files[0] if len(files) == 1 else f"{len(files)} files",
                "rows": n,
                "encoding": self.encodings.get(t, ""),
                "warnings": len(mine),
            }
            if extra:
                row["files"] = ", ".join(files)
                counts: dict[str, int] = {}
                for r in self.repairs:
                    if r.table == t:
                        counts[r.rule] = counts.get(r.rule, 0) + r.count
                row["repairs"] = "; ".join(f"{k}: {v} rows" for k, v in counts.items())
            if detail:
                row["repair_list"] = self.repair_records(t)
                row["warning_list"] = [warns[i] for i in mine]
            out.append(row)
        if detail:
            for i, w in enumerate(self.warnings):
                if i in placed:
                    continue
                row = {"table": "not read", "file": w.file or "", "rows": 0, "encoding": "", "warnings": 1}
                if extra:
                    row.update({"files": w.file or "", "repairs": ""})
                row.update({"repair_list": [], "warning_list": [warns[i]]})
                out.append(row)
        cols = ["table", "file", "rows", "encoding", "warnings"] + (["files", "repairs"] if extra else [])
        cols += ["repair_list", "warning_list"] if detail else []
        return pd.DataFrame(out, columns=cols)

    def repair_records(self, table: str | None = None) -> list[dict[str, object]]:
        """The repairs (of one table): rule, table, file, number of rows."""
        return [r.to_dict() for r in self.repairs if table is None or r.table == table]

    def warning_records(self) -> list[dict[str, object]]:
        """The warnings as file, column, number of rows and message: never the value found, nor the
        row numbers (for pages; ``p2r validate`` gives the rows to the analyst)."""
        return [
            {"file": w.file or "", "column": w.column or "", "rows": len(w.rows), "message": w.message}
            for w in self.warnings
        ]

    def repairs_frame(self) -> pd.DataFrame:
        """One row per rule and file: rule, table, file, rows."""
        return pd.DataFrame([r.to_dict() for r in self.repairs], columns=["rule", "table", "file", "rows"])


class ChildDataError(InputError):
    """Child-level data refused, with what was read, repaired and warned about before refusing."""

    def __init__(self, problems, *, title: str | None = None, summary: ValidationSummary | None = None):
        super().__init__(problems, title=title)
        self.summary = summary or ValidationSummary()


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
            raw.columns = [norm_header(c) for c in raw.columns]
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
        data = cls(summary=summary, **{k: _drop_meta(v) for k, v in typed.items()})
        return data


def _drop_meta(df: pd.DataFrame) -> pd.DataFrame:
    return df.drop(columns=[c for c in META if c in df.columns]).reset_index(drop=True)


# --------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------


def load_child_data(
    folder: str | Path, params: ChildDataParams | None = None, *, tables: Iterable[str] | None = None
) -> ChildData:
    """Read, combine, repair and validate every child-level table found in ``folder``.

    Raises :class:`ChildDataError` (an :class:`InputError`) listing all problems in all files if
    anything cannot be used; its ``summary`` holds the warnings and repairs found before refusing.
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
                "expected a folder of CSV or XML files but found a file",
                file=str(folder),
                hint="Point child_data.source at the folder holding header.csv, episodes.csv, ...",
            )
        )
    wanted = list(tables) if tables is not None else list(TABLES)
    unknown = [t for t in wanted if t not in TABLES]
    if unknown:
        raise KeyError(f"unknown tables: {unknown}")
    intake = read_folder(folder, tuple(TABLES), params.max_file_mb)
    summary = ValidationSummary(source=str(folder))
    summary.warnings += intake.warnings
    problems: list[Problem] = list(intake.problems)
    typed: dict[str, pd.DataFrame] = {}
    for name in wanted:
        parts = intake.of(name)
        if not parts:
            continue
        frames = []
        for part in parts:
            out, probs, warns = _validate_part(part, TABLES[name])
            problems += probs
            summary.warnings += warns
            frames.append(out)
        typed[name] = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
        summary.files[name] = [p.file for p in parts]
        summary.encodings[name] = ", ".join(sorted({p.encoding for p in parts}))
    if not typed and not problems:
        raise InputError(
            Problem(
                "no child-level tables were found in the folder",
                file=str(folder),
                expected="files named " + ", ".join(TABLES[t].file for t in wanted) + " (or the DfE XML returns)",
                hint="Export each table as CSV with these names",
            )
        )
    typed, summary.repairs = apply_repairs(typed)
    _uasc_flags(typed, intake, summary)
    if params.strict:
        problems += strict_problems(summary.repairs)
    for name, df in typed.items():
        summary.rows[name] = len(df)
        for file, g in df.groupby("_file", sort=False):
            c = Collector(str(file), g["_row"].to_numpy())
            table_checks(g, TABLES[name], c)
            if name == "header" and "DOB" in g.columns:
                c.add(
                    (g["DOB"] < pd.Timestamp(1990, 1, 1)).fillna(False).to_numpy(dtype=bool),
                    "the date of birth is before 1990; the row was kept",
                    "DOB",
                    hint="Check it (a placeholder such as 01/01/1900 is common in extracts)",
                    warn=True,
                )
            problems += c.problems
            summary.warnings += c.warnings
    problems += cross_checks(typed, summary.warnings)
    if typed.get("episodes") is not None:
        summary.data = data_summary(typed["episodes"])
    if problems:
        raise ChildDataError(
            problems,
            title=f"Child-level data in {folder} failed validation "
            f"({len(problems)} problem{'s' if len(problems) > 1 else ''}); "
            f"nothing was used",
            summary=summary,
        )
    return ChildData(summary=summary, **{k: _drop_meta(v) for k, v in typed.items()})


def load_table(path: str | Path, table: str, params: ChildDataParams | None = None) -> pd.DataFrame:
    """Read and validate one CSV file as the given table (raises InputError)."""
    params = params or ChildDataParams()
    path = Path(path)
    raw, _warns, _enc, layout = read_raw_csv(path, path.name, params.max_file_mb)
    df, probs, _w = validate_table(raw, TABLES[table], path.name)
    probs = layout + probs + cross_checks({table: df}, [])
    if probs:
        raise InputError(probs)
    return _drop_meta(df)


def _validate_part(part: Part, spec: Table) -> tuple[pd.DataFrame, list[Problem], list[Problem]]:
    """Type one file's rows of a table (record checks come after the returns are combined)."""
    raw = part.raw
    if part.encoding == "XML":  # an item left out of an XML record is blank
        missing = [c.name for c in spec.columns if c.nullable and c.required and c.name not in raw.columns]
        raw = raw.assign(**{c: None for c in missing}) if missing else raw
    out, probs, warns = validate_table(raw, spec, part.file, checks=False)
    out["_file"] = part.file
    years = pd.unique(part.year)
    if len(years) <= 1:  # one return in the file (XML records share the number of their child element)
        out["_year"] = float(years[0]) if len(years) else np.nan
    else:  # a stacked CSV file: rows are numbered uniquely
        year = pd.Series(part.year, index=part.raw["_row"].to_numpy())
        out["_year"] = out["_row"].map(year).to_numpy(dtype=float)
    out["_order"] = part.order
    return out, probs, warns


def _uasc_flags(typed: dict[str, pd.DataFrame], intake: Intake, summary: ValidationSummary) -> None:
    """Children in the SSDA903 UASC table are flagged UASC = Y in the header (unless the header
    has its own UASC column)."""
    parts = intake.of("uasc")
    if not parts:
        return
    ids: set[str] = set()
    for p in parts:
        if "CHILD" in p.raw.columns:
            vals = p.raw["CHILD"].dropna().astype(str).str.strip()
            ids |= {v[:-2] if v.endswith(".0") else v for v in vals if v}
    summary.files["uasc"] = [p.file for p in parts]
    hd = typed.get("header")
    if hd is None:
        summary.warnings.append(
            Problem("the SSDA903 UASC table was read but there is no header table to flag", file=parts[0].file)
        )
        return
    if "UASC" in hd.columns and hd["UASC"].notna().any():
        summary.notes.append("the header's own UASC column was used; the SSDA903 UASC table was not needed")
        return
    hd = hd.copy()
    hd["UASC"] = pd.array(hd["CHILD"].isin(ids).to_numpy(), dtype="boolean")
    typed["header"] = hd
    summary.notes.append(
        f"UASC read from the SSDA903 UASC table ({', '.join(p.file for p in parts)}): "
        f"{int(hd['UASC'].sum())} children flagged"
    )
