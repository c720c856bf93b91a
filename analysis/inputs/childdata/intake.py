"""Find and read a council's returns as delivered, before they are checked and combined.

A child-level folder may hold any of these layouts (and a mixture):

* one return: ``header.csv``, ``episodes.csv``, ``uasc.csv``, ``referrals.csv`` ...;
* one sub-folder per collection year (``2017/``, ``2016-17/``) holding such files;
* files named by year (``2017-episodes.csv``, ``episodes_2017.csv``, ``2016-17 header.csv``);
* files stacked over several years with a ``YEAR`` column (the column says which return each
  row came from);
* the DfE XML returns (``*.xml``): SSDA903 and the children in need census, read by
  :mod:`analysis.inputs.childdata.xmlread`.

Each file becomes one :class:`Part` per table it holds: raw text columns named as the package
names them (DfE item names mapped by :mod:`analysis.inputs.childdata.dfe`), with the spreadsheet
row of every record and the return it came from.  Which return is later is decided by the year
(a stacked file's ``YEAR``, the file's or sub-folder's year), then by the order the files are
read in (sorted by name).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.common.errors import InputError, Problem
from analysis.inputs.childdata.dfe import DFE_ITEMS, renames, split_name, table_for, year_of
from analysis.inputs.childdata.readcsv import read_bytes, read_raw_csv
from analysis.inputs.childdata.xmlread import read_xml_tables

#: Tables read beside the package's own: the SSDA903 UASC table flags children in the header.
EXTRA_TABLES = ("uasc",)


@dataclass
class Part:
    """One table's rows from one file."""

    table: str
    file: str  # as shown to the analyst: the path inside the folder
    raw: pd.DataFrame  # text columns, package names, ``_row``
    year: np.ndarray  # the return year of every row (NaN where unknown)
    order: int  # the file's place in reading order
    encoding: str = ""


@dataclass
class Intake:
    """Every part read, with the warnings and problems of reading them."""

    parts: list[Part] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def of(self, table: str) -> list[Part]:
        return [p for p in self.parts if p.table == table]


@dataclass
class _File:
    path: Path
    label: str
    table: str | None  # None for XML (the file says)
    year: int | None


def _discover(folder: Path, known: tuple[str, ...], warnings: list[Problem]) -> list[_File]:
    files: list[_File] = []

    def add(p: Path, label: str, folder_year: int | None) -> None:
        suffix = p.suffix.lower()
        stem, year = split_name(p.stem)
        year = year if year is not None else folder_year
        if suffix == ".xml":
            files.append(_File(p, label, None, year))
            return
        if suffix not in (".csv", ".xlsx", ".xls"):
            return
        table = table_for(stem, known)
        if table is None:
            if suffix == ".csv":
                warnings.append(
                    Problem(
                        "file name is not one of the child-level tables; it was ignored",
                        file=label,
                        hint="Rename it to <table>.csv (or <year>-<table>.csv) if it is one of: " + ", ".join(known),
                    )
                )
            return
        files.append(_File(p, label, table, year))

    for p in sorted(folder.iterdir(), key=lambda q: q.name.lower()):
        if p.exists() and not p.is_file() and not p.is_dir():  # a FIFO, socket or device: never opened
            warnings.append(Problem("not a regular file (a pipe, socket or device); it was ignored", file=p.name))
            continue
        if p.is_file():
            add(p, p.name, None)
        elif p.is_dir() and not p.name.startswith("."):
            y = year_of(p.name)
            if y is None:
                warnings.append(
                    Problem(
                        "sub-folder is not named by a collection year (e.g. 2017 or 2016-17); it was ignored",
                        file=p.name + "/",
                    )
                )
                continue
            for q in sorted(p.iterdir(), key=lambda r: r.name.lower()):
                if q.is_file():
                    add(q, f"{p.name}/{q.name}", y)
    # order: by year (unknown first), then by name
    files.sort(key=lambda f: (-1 if f.year is None else f.year, f.label.lower()))
    return files


def _rename(raw: pd.DataFrame, table: str) -> pd.DataFrame:
    """DfE item names -> package names; several items for one column are combined, the first
    listed in :data:`DFE_ITEMS` that has a value winning."""
    ren = renames(table)
    if not any(c in ren for c in raw.columns):
        return raw
    out = raw.copy()
    order = [it.dfe.upper() for it in DFE_ITEMS if it.table == table]
    targets: dict[str, list[str]] = {}
    for c in out.columns:
        if c in ren:
            targets.setdefault(ren[c], []).append(c)
    for target, srcs in targets.items():
        srcs.sort(key=lambda c: order.index(c) if c in order else len(order))
        if target in out.columns:
            srcs = [target, *srcs]
        vals = out[srcs[0]].astype("object")
        for s in srcs[1:]:
            blank = vals.isna() | (vals.astype(str).str.strip() == "")
            vals = vals.where(~blank, out[s])
        out = out.drop(columns=[s for s in srcs if s in out.columns])
        out[target] = vals
    return out


def _year_column(raw: pd.DataFrame, label: str, problems: list[Problem], default: int | None) -> np.ndarray:
    if "YEAR" not in raw.columns:
        return np.full(len(raw), np.nan if default is None else float(default))
    y = pd.to_numeric(raw["YEAR"].astype(str).str.strip().str.split("-").str[-1], errors="coerce")
    y = y.where((y >= 1990) & (y <= 2100))
    bad = y.isna().to_numpy() & raw["YEAR"].astype(str).str.strip().ne("").to_numpy()
    if bad.any():
        problems.append(
            Problem(
                "the YEAR column (which return each row came from) is not a year",
                file=label,
                column="YEAR",
                rows=[int(r) for r in raw.loc[bad, "_row"]],
                expected="a collection year such as 2017",
                hint="Correct the value or remove the YEAR column",
            )
        )
    return y.to_numpy(dtype=float)


def read_folder(folder: Path, known: tuple[str, ...], max_mb: float) -> Intake:
    """Read every file of the known tables (and the SSDA903 UASC table) found in ``folder``."""
    it = Intake()
    files = _discover(folder, known + EXTRA_TABLES, it.warnings)
    for order, f in enumerate(files):
        try:
            if f.table is None:
                kind, tables = read_xml_tables(read_bytes(f.path, max_mb), f.label)
                found = {t: (df, "XML") for t, df in tables.items()}
            else:  # CSV, or an Excel workbook read as the CSV it would be saved as
                df, warns, enc, layout = read_raw_csv(f.path, f.label, max_mb)
                it.warnings += warns
                it.problems += layout
                found = {f.table: (df, enc)}
        except InputError as e:
            it.problems += e.problems
            continue
        for table, (df, enc) in found.items():
            if table not in known + EXTRA_TABLES:
                continue
            df = _rename(df, table)
            year = _year_column(df, f.label, it.problems, f.year)
            df = df.drop(columns=[c for c in ("YEAR",) if c in df.columns])
            it.parts.append(Part(table, f.label, df, year, order, enc))
    return it
