"""The DfE/ONS release tables, read as long records (one row per area, year, measure and release).

Which file feeds which measure, and each file's release vintage, is set out in
:mod:`analysis.inputs.public.history`; here are the file lists and one reader per table layout
(the 'number and rate' releases, the ceased-by-reason and started files, the SFR41/SFR50
underlying data, the LAIT dataset and the ONS population estimates).  :func:`read_all` gathers
every file of a public folder.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.common.errors import InputError, Problem
from analysis.inputs.public import extract
from analysis.inputs.public.councils import ENGLAND_CODE
from analysis.inputs.public.files import (
    dfe_long,
    la_code,
    long_records,
    need_columns,
    parse_values,
    read_csv,
    source_label,
)
from analysis.inputs.public.paths import require_file

#: Measures read from files (returned_home and the rate are derived from them).
MEASURES: tuple[str, ...] = (
    "cla",
    "cla_uasc",
    "starts",
    "ceases",
    "returned_home_planned",
    "returned_home_unplanned",
    "spend",
    "population_0_17",
)

# Files and their release vintage -------------------------------------------------------
LAIT_FILE = "dfe_cla/lait_bds_long_0.parquet"
LAIT_VINTAGE = 2026
LAIT_MEASURES = {
    "LACnum": "cla",
    "Unacc_Asylmn_Seek_Childn": "cla_uasc",
    "LACnum_Start": "starts",
    "LACceased": "ceases",
    "TotalLACFinance": "spend",
    "UASC_%_Starting": "uasc_start_pct",
}
#: Measures read only to split unaccompanied asylum-seeking children (UASC) from the rest: the share
#: of starts who were UASC (LAIT, 2020 on) and, for earlier years, starts with category of need N8
#: "absent parenting" (2018-2022 release), the need code under which UASC are recorded.
UASC_MEASURES: tuple[str, ...] = ("uasc_start_pct", "starts_n8")
NUMBER_AND_RATE_FILES = {
    "dfe_cla/cla_number_and_rate_per_10k_children__2019-2023.csv": 2023,
    "dfe_cla/cla_number_and_rate_per_10k_children__2020-2024.csv": 2024,
    "dfe_cla/cla_number_and_rate_per_10k_children__2021-2025.csv": 2025,
}
CEASED_FILES = {
    "dfe_cla/la_children_who_ceased_during_year__2018-2022.csv": 2022,
    "dfe_cla/la_children_who_ceased_during_the_year__2020-2024.csv": 2024,
    "dfe_cla/csc_dashboard_ceased_cla_by_reason__2021-2025.csv": 2025,
}
STARTED_FILES = {
    "dfe_cla/la_cla_who_started_to_be_looked_after__2018-2022.csv": 2022,
}
#: SFR underlying data files: (file, year, vintage, {column: measure}).
SFR_FILES = (
    ("dfe_cla/SFR41_CLA2016.csv", 2016, 2016, {"CLA_Mar2016": "cla", "CLA_UASC": "cla_uasc"}),
    ("dfe_cla/SFR50_CLA2017.csv", 2017, 2017, {"CLA_Mar2017": "cla", "CLA_UASC": "cla_uasc"}),
    ("dfe_cla/SFR41_ADM2016.csv", 2016, 2016, {"CLA_started2016": "starts"}),
    ("dfe_cla/SFR50_ADM2017.csv", 2017, 2017, {"CLA_started2017": "starts"}),
    (
        "dfe_cla/SFR41_CEA2016.csv",
        2016,
        2016,
        {
            "CLA_cease": "ceases",
            "CLA_ceaParPlan": "returned_home_planned",
            "CLA_ceaParNPlan": "returned_home_unplanned",
        },
    ),
    (
        "dfe_cla/SFR50_CEA2017.csv",
        2017,
        2017,
        {"CLA_cease2017": "ceases", "CEA_ParPlan": "returned_home_planned", "CEA_ParNPlan": "returned_home_unplanned"},
    ),
)
POPULATION_FILE = "population/ons_mid-year_population_estimates_0-17_2012_to_2024.csv"
POPULATION_VINTAGE = 2025

RETURNED_HOME_PLANNED = (
    "Returned home to live with parents or other person with parental "
    "responsibility which was part of the care planning process"
)
RETURNED_HOME_UNPLANNED = (
    "Returned home to live with parents or other person with parental "
    "responsibility which was not part of the care planning process"
)


# --------------------------------------------------------------------------- readers


@lru_cache(maxsize=32)
def read_number_and_rate(path: str, vintage: int) -> pd.DataFrame:
    """A DfE 'cla_number_and_rate_per_10k_children' release file, as long records.

    Handles both schemas (``population_count``/``number`` up to the 2024 release,
    ``population_type``/``children_count`` from 2025).
    """
    df = read_csv(Path(path))
    label = "population_type" if "population_type" in df.columns else "population_count"
    value = "children_count" if "children_count" in df.columns else "number"
    need_columns(df, ["time_period", "geographic_level", "old_la_code", label, value], path)
    code = la_code(df)
    lab = df[label].str.lower()
    measure = pd.Series(None, index=df.index, dtype=object)
    measure[lab.str.contains("31 march")] = "cla"
    measure[lab.str.contains("starting")] = "starts"
    measure[lab.str.contains("ceasing")] = "ceases"
    out = dfe_long(df, code, measure, value, path, vintage)
    return out.drop_duplicates(["code", "year", "measure", "value", "flag"])


@lru_cache(maxsize=32)
def read_ceased_by_reason(path: str, vintage: int) -> pd.DataFrame:
    """Ceased-by-reason files: total ceased and the two 'returned home' reasons."""
    df = read_csv(Path(path))
    need_columns(df, ["time_period", "geographic_level", "old_la_code", "cla_group", "characteristic", "number"], path)
    df = df[df["cla_group"].str.strip().eq("Reason episode ceased")]
    char = df["characteristic"].str.strip()
    measure = char.map(
        {
            "Total": "ceases",
            RETURNED_HOME_PLANNED: "returned_home_planned",
            RETURNED_HOME_UNPLANNED: "returned_home_unplanned",
        }
    )
    out = dfe_long(df, la_code(df), measure, "number", path, vintage)
    return out.drop_duplicates(["code", "year", "measure", "value", "flag"])


@lru_cache(maxsize=32)
def read_started(path: str, vintage: int) -> pd.DataFrame:
    """Started-to-be-looked-after file (LA level): the 'Age group' total, and starts with category of
    need N8 'absent parenting' (``starts_n8``)."""
    df = read_csv(Path(path))
    need_columns(df, ["time_period", "geographic_level", "old_la_code", "cla_group", "characteristic", "number"], path)
    group = df["cla_group"].str.strip()
    char = df["characteristic"].str.strip()
    measure = pd.Series(None, index=df.index, dtype=object)
    measure[group.eq("Age group") & char.eq("Total")] = "starts"
    measure[group.eq("Category of need") & char.str.startswith("N8")] = "starts_n8"
    return dfe_long(df, la_code(df), measure, "number", path, vintage)


@lru_cache(maxsize=32)
def read_sfr(path: str, year: int, vintage: int, columns: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """An SFR41/SFR50 underlying-data file (one year, wide)."""
    df = read_csv(Path(path))
    need_columns(df, ["geog_l", "geog_c"] + [c for c, _ in columns], path)
    level = df["geog_l"].str.strip().str.upper()
    gc = df["geog_c"].str.strip()
    code = pd.Series(None, index=df.index, dtype=object)
    la = level.eq("LA") & gc.str.fullmatch(r"\d{1,3}")
    code[la] = gc[la].str.zfill(3)
    code[level.eq("NATIONAL")] = ENGLAND_CODE
    keep = code.notna()
    parts = []
    for col, measure in columns:
        vals, flags = parse_values(df.loc[keep, col], file=str(path), column=col)
        parts.append(
            long_records(
                code[keep],
                pd.Series(year, index=vals.index),
                measure,
                vals,
                flags,
                vintage,
                source_label(Path(path)) + f" [{col}]",
            )
        )
    return pd.concat(parts, ignore_index=True)


def _lait_year(years: pd.Series, finance: bool) -> pd.Series:
    if finance:
        m = years.str.extract(r"^(\d{4})-(\d{2}) \(OT\)$")
        return m[0].astype(float) + 1
    m = years.str.extract(r"^(\d{4})$")
    return m[0].astype(float)


@lru_cache(maxsize=8)
def read_lait(path: str) -> pd.DataFrame:
    """LAIT long-format dataset: the CLA and S251 measures used here."""
    cols = ["Short Desc", "Years", "Values", "LA Number"]
    try:
        df = pd.read_parquet(path, columns=cols)
    except Exception as exc:  # noqa: BLE001 - report any read failure as an input problem
        raise InputError(
            Problem(f"Cannot read the LAIT parquet file ({exc})", file=str(path), expected=f"columns {cols}")
        ) from exc
    df = df[df["Short Desc"].isin(list(LAIT_MEASURES))]
    parts = []
    for short, measure in LAIT_MEASURES.items():
        sub = df[df["Short Desc"] == short]
        year = _lait_year(sub["Years"].astype(str), finance=(measure == "spend"))
        ok = year.notna() & sub["LA Number"].notna()
        sub = sub[ok]
        vals, flags = parse_values(sub["Values"], file=str(path), column=f"Values ({short})")
        code = sub["LA Number"].astype(int).astype(str).str.zfill(3)
        parts.append(
            long_records(
                code, year[ok].astype(int), measure, vals, flags, LAIT_VINTAGE, f"{source_label(Path(path))} [{short}]"
            )
        )
    return pd.concat(parts, ignore_index=True)


@lru_cache(maxsize=8)
def read_population(path: str) -> pd.DataFrame:
    """ONS mid-year 0-17 estimates; year t (ending 31 March) = mid-(t-1)."""
    df = read_csv(Path(path))
    need_columns(df, ["time_period", "geographic_level", "old_la_code", "population_estimate"], path)
    return dfe_long(df, la_code(df), "population_0_17", "population_estimate", path, POPULATION_VINTAGE, year_offset=1)


def source_files() -> list[str]:
    """The publisher files :func:`read_all` reads, in the order it reads them."""
    return (
        [LAIT_FILE, POPULATION_FILE]
        + list(NUMBER_AND_RATE_FILES)
        + list(CEASED_FILES)
        + list(STARTED_FILES)
        + [rel for rel, *_ in SFR_FILES]
    )


@lru_cache(maxsize=4)
def read_all(base: str) -> pd.DataFrame:
    """Every value from every publisher file in the public folder ``base`` (or the tables of the shipped
    extract, which hold what these readers returned), one row per (file, area, year, measure).  Cached:
    do not modify the frame returned."""
    if extract.is_extract(base):
        return pd.concat([extract.table(base, rel) for rel in source_files()], ignore_index=True)
    b = Path(base)
    parts = [read_lait(str(require_file(b, LAIT_FILE))), read_population(str(require_file(b, POPULATION_FILE)))]
    for rel, vintage in NUMBER_AND_RATE_FILES.items():
        parts.append(read_number_and_rate(str(require_file(b, rel)), vintage))
    for rel, vintage in CEASED_FILES.items():
        parts.append(read_ceased_by_reason(str(require_file(b, rel)), vintage))
    for rel, vintage in STARTED_FILES.items():
        parts.append(read_started(str(require_file(b, rel)), vintage))
    for rel, year, vintage, cols in SFR_FILES:
        parts.append(read_sfr(str(require_file(b, rel)), year, vintage, tuple(cols.items())))
    return pd.concat(parts, ignore_index=True)


def clear_cache() -> None:
    """Forget every file read here."""
    for f in (
        read_number_and_rate,
        read_ceased_by_reason,
        read_started,
        read_sfr,
        read_lait,
        read_population,
        read_all,
    ):
        f.cache_clear()
