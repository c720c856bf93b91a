"""Yearly histories (years ending 31 March) per council and per group, from DfE/ONS files.

Which publisher file feeds each column (latest release wins, see below):

=====================  =====================================================================
column                 files (release vintage)
=====================  =====================================================================
cla                    LAIT ``dfe_cla/lait_bds_long_0.parquet`` measure ``LACnum`` (2016-2025);
                       ``SFR41_CLA2016.csv`` ``CLA_Mar2016``; ``SFR50_CLA2017.csv``
                       ``CLA_Mar2017``; ``cla_number_and_rate_per_10k_children__*.csv``
                       (rows "Children looked after at/on 31 March each year")
cla_uasc               LAIT ``Unacc_Asylmn_Seek_Childn``; SFR41/SFR50 ``CLA_UASC``
starts                 LAIT ``LACnum_Start``; ``SFR41_ADM2016.csv`` ``CLA_started2016``;
                       ``SFR50_ADM2017.csv`` ``CLA_started2017``;
                       ``la_cla_who_started_to_be_looked_after__2018-2022.csv`` (Age group,
                       Total); ``cla_number_and_rate_*`` ("Children starting ...")
ceases                 LAIT ``LACceased``; ``SFR41_CEA2016.csv`` ``CLA_cease``;
                       ``SFR50_CEA2017.csv`` ``CLA_cease2017``; the three ceased-by-reason
                       files (Reason episode ceased, Total); ``cla_number_and_rate_*``
returned_home          planned + unplanned "Returned home to live with parents or other person
                       with parental responsibility" (SSDA903 reasons E4A + E4B): SFR41
                       ``CLA_ceaParPlan``/``CLA_ceaParNPlan``; SFR50 ``CEA_ParPlan``/
                       ``CEA_ParNPlan``; ``la_children_who_ceased_during_year__2018-2022.csv``;
                       ``la_children_who_ceased_during_the_year__2020-2024.csv``;
                       ``csc_dashboard_ceased_cla_by_reason__2021-2025.csv``.  "Left care to
                       live with parents, relatives or other person with no parental
                       responsibility" is *not* included.
spend                  S251 **outturn**, LAIT measure ``TotalLACFinance`` = "Total Children
                       Looked After (finance)", gross, in pounds (source table
                       ``s251_childrens_young_peoples_services_la_regional_national.csv``);
                       financial year April t-1 to March t is year t.  2016 (FY 2015-16) is
                       not in the snapshot.  No S251 *budget* is public: there is no budget
                       column.
population_0_17        ONS mid-year estimate, children aged 0-17,
                       ``population/ons_mid-year_population_estimates_0-17_2012_to_2024.csv``;
                       year t uses mid-(t-1), as DfE's rate per 10,000 does.
cla_rate_per_10k       computed: cla / population_0_17 x 10,000 (unrounded; DfE publishes it
                       rounded to a whole number).
=====================  =====================================================================

Suppression: the codes ``x`` ``c`` ``z`` ``k`` ``-`` ``..`` ``:`` (and blanks) become NaN and
the council's ``df.attrs["notes"]`` says which column and year and why.  An unknown text value
raises :class:`~analysis.common.errors.InputError` naming the file, column and rows.

Revisions: DfE republishes the last five years in every release.  Every value carries its
release vintage (SFR41 = 2016, SFR50 = 2017, 2018-2022 files = 2022, 2019-2023 = 2023,
2020-2024 = 2024, 2021-2025 files = 2025, LAIT refreshed April 2026 with the 2025 data = 2026);
for each council, year and measure the latest release that gives a number wins.  (LAIT
matches the 2025 release wherever both give a number.)  If a later release suppresses a
number an earlier release published, the published number is kept and a note says so.

Predecessors: see :data:`analysis.inputs.public.councils.SUCCESSIONS` and ``predecessor_method``.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.common.errors import InputError, Problem

from analysis.inputs.public.councils import DIRECT_PREDECESSORS, ENGLAND_CODE, Succession, _councils_cached, ccn_members, resolve_la, succession_for
from analysis.inputs.public.paths import require_file, resolve_public_dir

FIRST_YEAR = 2016
LAST_YEAR = 2025

#: Measures read from files (returned_home and the rate are derived from them).
MEASURES: tuple[str, ...] = ("cla", "cla_uasc", "starts", "ceases", "returned_home_planned",
                             "returned_home_unplanned", "spend", "population_0_17")

#: Output columns of :func:`council_history`, in order.
HISTORY_COLUMNS: tuple[str, ...] = (
    "year", "cla", "cla_uasc", "cla_rate_per_10k", "starts", "ceases", "returned_home", "spend",
    "population_0_17", "returned_home_planned", "returned_home_unplanned", "from_predecessors")

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

LONG_COLUMNS = ["code", "year", "measure", "value", "flag", "vintage", "source"]

# Files and their release vintage -------------------------------------------------------
LAIT_FILE = "dfe_cla/lait_bds_long_0.parquet"
LAIT_VINTAGE = 2026
LAIT_MEASURES = {
    "LACnum": "cla",
    "Unacc_Asylmn_Seek_Childn": "cla_uasc",
    "LACnum_Start": "starts",
    "LACceased": "ceases",
    "TotalLACFinance": "spend",
}
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
    ("dfe_cla/SFR41_CEA2016.csv", 2016, 2016, {"CLA_cease": "ceases",
                                               "CLA_ceaParPlan": "returned_home_planned",
                                               "CLA_ceaParNPlan": "returned_home_unplanned"}),
    ("dfe_cla/SFR50_CEA2017.csv", 2017, 2017, {"CLA_cease2017": "ceases",
                                               "CEA_ParPlan": "returned_home_planned",
                                               "CEA_ParNPlan": "returned_home_unplanned"}),
)
POPULATION_FILE = "population/ons_mid-year_population_estimates_0-17_2012_to_2024.csv"
POPULATION_VINTAGE = 2025

RETURNED_HOME_PLANNED = ("Returned home to live with parents or other person with parental "
                         "responsibility which was part of the care planning process")
RETURNED_HOME_UNPLANNED = ("Returned home to live with parents or other person with parental "
                           "responsibility which was not part of the care planning process")

MEASURE_LABELS = {
    "cla": "children looked after at 31 March",
    "cla_uasc": "UASC looked after at 31 March",
    "starts": "children who started to be looked after",
    "ceases": "children who ceased to be looked after",
    "returned_home_planned": "ceased: returned home (part of care planning)",
    "returned_home_unplanned": "ceased: returned home (not part of care planning)",
    "spend": "S251 outturn, total children looked after (gross, GBP)",
    "population_0_17": "ONS 0-17 population (mid-year before 31 March)",
}


#: What each history column means (also in ``df.attrs["definitions"]``).
DEFINITIONS = {
    "year": "year ending 31 March (financial year April to March for spend)",
    "cla": "children looked after at 31 March (DfE SSDA903 return)",
    "cla_uasc": "unaccompanied asylum-seeking children looked after at 31 March",
    "cla_rate_per_10k": "cla per 10,000 children aged 0-17 (population_0_17), unrounded",
    "starts": "children who started to be looked after during the year",
    "ceases": "children who ceased to be looked after during the year",
    "returned_home": ("ceased: returned home to live with parents or other person with parental "
                      "responsibility, as part of the care plan or not (planned + unplanned)"),
    "spend": ("S251 OUTTURN (actual, not budget): 'Total Children Looked After (finance)' gross "
              "expenditure in GBP for the financial year ending 31 March (LAIT TotalLACFinance); "
              "no public S251 budget exists, so there is no budget column"),
    "population_0_17": "ONS mid-year estimate of children aged 0-17 at mid-(year-1), as DfE uses",
    "from_predecessors": "True where the year is before the council existed and is estimated",
}


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
            raise InputError(Problem(
                "Unrecognised value in a numeric column", file=file, column=column, rows=rows,
                value=str(text[unknown.index[0]]),
                expected="a number or a DfE suppression code (" + ", ".join(
                    repr(k) for k in SUPPRESSION_CODES if k) + ")",
                hint="If the publisher has introduced a new symbol, add it to "
                     "analysis.inputs.public.history.SUPPRESSION_CODES"))
        flags[bad] = tokens.where(tokens != "", "blank")
        values[bad] = np.nan
    return values.astype(float), flags


def _read_csv(path: Path) -> pd.DataFrame:
    try:
        try:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        except UnicodeDecodeError:
            df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="latin-1")
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise InputError(Problem(f"Cannot read the CSV file ({exc})", file=str(path),
                                 expected="a comma-separated publisher table")) from exc
    df.columns = [str(c).strip().lstrip("\ufeff") for c in df.columns]
    return df


def _need(df: pd.DataFrame, cols, path) -> None:
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise InputError(Problem("Expected columns are missing", file=str(path),
                                 column=", ".join(missing), value=list(df.columns)[:20]))


def _long(code, year, measure, values, flags, vintage, source) -> pd.DataFrame:
    return pd.DataFrame({
        "code": pd.Series(code, dtype=object).to_numpy(),
        "year": pd.Series(year).astype(int).to_numpy(),
        "measure": pd.Series(measure, dtype=object).to_numpy() if not isinstance(measure, str)
        else measure,
        "value": pd.Series(values, dtype=float).to_numpy(),
        "flag": pd.Series(flags, dtype=object).to_numpy(),
        "vintage": int(vintage),
        "source": source,
    }, columns=LONG_COLUMNS)


def _dfe_long(df: pd.DataFrame, code: pd.Series, measure, value: str, path, vintage: int, *,
              year_offset: int = 0) -> pd.DataFrame:
    """The rows of a DfE/ONS release that have a council code (and a measure, when ``measure`` is a
    Series per row rather than one name) as long records; ``year_offset`` moves ``time_period`` to the
    year ending 31 March."""
    keep = code.notna()
    if isinstance(measure, pd.Series):
        keep &= measure.notna()
        measure = measure[keep]
    sub = df[keep]
    vals, flags = parse_values(sub[value], file=str(path), column=value)
    return _long(code[keep], sub["time_period"].astype(int) + year_offset, measure, vals, flags, vintage,
                 _rel(Path(path)))


def _la_code(df: pd.DataFrame) -> pd.Series:
    """DfE code for LA rows, '970' for national rows, None otherwise."""
    level = df["geographic_level"].str.strip()
    code = df["old_la_code"].str.strip().str.zfill(3)
    out = pd.Series(None, index=df.index, dtype=object)
    la = level.eq("Local authority") & code.str.fullmatch(r"\d{3}")
    out[la] = code[la]
    out[level.eq("National")] = ENGLAND_CODE
    return out


def _rel(path: Path) -> str:
    p = Path(path)
    return f"{p.parent.name}/{p.name}"


# --------------------------------------------------------------------------- readers

@lru_cache(maxsize=32)
def read_number_and_rate(path: str, vintage: int) -> pd.DataFrame:
    """A DfE 'cla_number_and_rate_per_10k_children' release file, as long records.

    Handles both schemas (``population_count``/``number`` up to the 2024 release,
    ``population_type``/``children_count`` from 2025).
    """
    df = _read_csv(Path(path))
    label = "population_type" if "population_type" in df.columns else "population_count"
    value = "children_count" if "children_count" in df.columns else "number"
    _need(df, ["time_period", "geographic_level", "old_la_code", label, value], path)
    code = _la_code(df)
    lab = df[label].str.lower()
    measure = pd.Series(None, index=df.index, dtype=object)
    measure[lab.str.contains("31 march")] = "cla"
    measure[lab.str.contains("starting")] = "starts"
    measure[lab.str.contains("ceasing")] = "ceases"
    out = _dfe_long(df, code, measure, value, path, vintage)
    return out.drop_duplicates(["code", "year", "measure", "value", "flag"])


@lru_cache(maxsize=32)
def read_ceased_by_reason(path: str, vintage: int) -> pd.DataFrame:
    """Ceased-by-reason files: total ceased and the two 'returned home' reasons."""
    df = _read_csv(Path(path))
    _need(df, ["time_period", "geographic_level", "old_la_code", "cla_group", "characteristic",
               "number"], path)
    df = df[df["cla_group"].str.strip().eq("Reason episode ceased")]
    char = df["characteristic"].str.strip()
    measure = char.map({"Total": "ceases", RETURNED_HOME_PLANNED: "returned_home_planned",
                        RETURNED_HOME_UNPLANNED: "returned_home_unplanned"})
    out = _dfe_long(df, _la_code(df), measure, "number", path, vintage)
    return out.drop_duplicates(["code", "year", "measure", "value", "flag"])


@lru_cache(maxsize=32)
def read_started(path: str, vintage: int) -> pd.DataFrame:
    """Started-to-be-looked-after file (LA level): the 'Age group' total."""
    df = _read_csv(Path(path))
    _need(df, ["time_period", "geographic_level", "old_la_code", "cla_group", "characteristic",
               "number"], path)
    df = df[df["cla_group"].str.strip().eq("Age group") & df["characteristic"].str.strip().eq("Total")]
    return _dfe_long(df, _la_code(df), "starts", "number", path, vintage)


@lru_cache(maxsize=32)
def read_sfr(path: str, year: int, vintage: int, columns: tuple[tuple[str, str], ...]) -> pd.DataFrame:
    """An SFR41/SFR50 underlying-data file (one year, wide)."""
    df = _read_csv(Path(path))
    _need(df, ["geog_l", "geog_c"] + [c for c, _ in columns], path)
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
        parts.append(_long(code[keep], pd.Series(year, index=vals.index), measure, vals, flags,
                           vintage, _rel(Path(path)) + f" [{col}]"))
    return pd.concat(parts, ignore_index=True)


def _lait_year(years: pd.Series, finance: bool) -> pd.Series:
    if finance:
        m = years.str.extract(r"^(\d{4})-(\d{2}) \(OT\)$")
        return (m[0].astype(float) + 1)
    m = years.str.extract(r"^(\d{4})$")
    return m[0].astype(float)


@lru_cache(maxsize=8)
def read_lait(path: str) -> pd.DataFrame:
    """LAIT long-format dataset: the CLA and S251 measures used here."""
    cols = ["Short Desc", "Years", "Values", "LA Number"]
    try:
        df = pd.read_parquet(path, columns=cols)
    except Exception as exc:  # noqa: BLE001 - report any read failure as an input problem
        raise InputError(Problem(f"Cannot read the LAIT parquet file ({exc})", file=str(path),
                                 expected=f"columns {cols}")) from exc
    df = df[df["Short Desc"].isin(list(LAIT_MEASURES))]
    parts = []
    for short, measure in LAIT_MEASURES.items():
        sub = df[df["Short Desc"] == short]
        year = _lait_year(sub["Years"].astype(str), finance=(measure == "spend"))
        ok = year.notna() & sub["LA Number"].notna()
        sub = sub[ok]
        vals, flags = parse_values(sub["Values"], file=str(path), column=f"Values ({short})")
        code = sub["LA Number"].astype(int).astype(str).str.zfill(3)
        parts.append(_long(code, year[ok].astype(int), measure, vals, flags, LAIT_VINTAGE,
                           f"{_rel(Path(path))} [{short}]"))
    return pd.concat(parts, ignore_index=True)


@lru_cache(maxsize=8)
def read_population(path: str) -> pd.DataFrame:
    """ONS mid-year 0-17 estimates; year t (ending 31 March) = mid-(t-1)."""
    df = _read_csv(Path(path))
    _need(df, ["time_period", "geographic_level", "old_la_code", "population_estimate"], path)
    return _dfe_long(df, _la_code(df), "population_0_17", "population_estimate", path, POPULATION_VINTAGE,
                     year_offset=1)


def load_long(public_dir) -> pd.DataFrame:
    """Every value from every publisher file, one row per (file, area, year, measure)."""
    return _load_long_cached(str(resolve_public_dir(public_dir)))


@lru_cache(maxsize=4)
def _load_long_cached(base: str) -> pd.DataFrame:
    b = Path(base)
    parts = [read_lait(str(require_file(b, LAIT_FILE))),
             read_population(str(require_file(b, POPULATION_FILE)))]
    for rel, vintage in NUMBER_AND_RATE_FILES.items():
        parts.append(read_number_and_rate(str(require_file(b, rel)), vintage))
    for rel, vintage in CEASED_FILES.items():
        parts.append(read_ceased_by_reason(str(require_file(b, rel)), vintage))
    for rel, vintage in STARTED_FILES.items():
        parts.append(read_started(str(require_file(b, rel)), vintage))
    for rel, year, vintage, cols in SFR_FILES:
        parts.append(read_sfr(str(require_file(b, rel)), year, vintage, tuple(cols.items())))
    return pd.concat(parts, ignore_index=True)


# --------------------------------------------------------------------------- latest release

def latest_release(long: pd.DataFrame) -> pd.DataFrame:
    """One row per (code, year, measure): the latest release that gives a number wins.

    Returns columns code, year, measure, value, flag, vintage, source, plus
    ``superseded_flag`` (a later release's suppression code that was overridden by an earlier
    published number, else '') and ``revised_from`` (the previous release's different number,
    else NaN).  Where no release gives a number, value is NaN and flag is the latest code.
    """
    keys = ["code", "year", "measure"]
    df = long.sort_values(keys + ["vintage"], kind="stable")
    num = df[df["value"].notna()]
    best_num = num.groupby(keys, sort=False).tail(1)
    # Rows with no number at all: take the latest informative code (a release file's
    # 'c'/'x'/'z' rather than LAIT's bare '-'), else the latest row.
    latest_any = df.groupby(keys, sort=False).tail(1)
    missing = latest_any.merge(best_num[keys], on=keys, how="left", indicator=True)
    missing = missing[missing["_merge"] == "left_only"].drop(columns="_merge")
    if len(missing):
        informative = df[df["value"].isna() & ~df["flag"].isin(["-", "blank", ""])]
        informative = informative.groupby(keys, sort=False).tail(1)
        better = missing[keys].merge(informative, on=keys, how="inner")
        missing = pd.concat([better, missing.merge(better[keys], on=keys, how="left",
                                                   indicator=True)
                             .query("_merge == 'left_only'").drop(columns="_merge")],
                            ignore_index=True)
    # Later suppression overridden by an earlier number.
    sup = latest_any.merge(best_num[keys + ["vintage"]], on=keys, suffixes=("", "_num"))
    sup = sup[(sup["vintage"] > sup["vintage_num"]) & sup["value"].isna()][keys + ["flag"]]
    sup = sup.rename(columns={"flag": "superseded_flag"})
    # Revisions: the previous different number from an older release.
    prev = num.groupby(keys, sort=False).nth(-2) if len(num) else num
    prev = prev[keys + ["value"]].rename(columns={"value": "revised_from"})
    out = pd.concat([best_num, missing], ignore_index=True)
    out = out.merge(sup, on=keys, how="left").merge(prev, on=keys, how="left")
    out["superseded_flag"] = out["superseded_flag"].fillna("")
    out.loc[out["revised_from"] == out["value"], "revised_from"] = np.nan
    return out.sort_values(keys).reset_index(drop=True)


@dataclass(frozen=True)
class _Panel:
    """Resolved values keyed by (code, year, measure) in plain dicts (fast scalar lookups)."""

    value: dict      # -> float (NaN if no release gives a number)
    flag: dict       # -> suppression code ('' for a number)
    source: dict     # -> file the value comes from
    superseded: dict  # -> later release's code overridden by an earlier number
    revised: dict    # -> previous release's different number


@lru_cache(maxsize=4)
def _panel_cached(base: str) -> _Panel:
    res = latest_release(_load_long_cached(base))
    keys = list(zip(res["code"].tolist(), res["year"].astype(int).tolist(), res["measure"].tolist()))
    value = dict(zip(keys, res["value"].astype(float).tolist()))
    flag = dict(zip(keys, res["flag"].fillna("").astype(str).tolist()))
    source = dict(zip(keys, res["source"].fillna("").astype(str).tolist()))
    sup = {k: f for k, f in zip(keys, res["superseded_flag"].astype(str).tolist()) if f}
    rev = {k: v for k, v in zip(keys, res["revised_from"].astype(float).tolist()) if v == v}
    return _Panel(value, flag, source, sup, rev)


def clear_cache() -> None:
    """Forget every parsed file (e.g. after the public folder changed)."""
    for f in (read_number_and_rate, read_ceased_by_reason, read_started, read_sfr, read_lait,
              read_population, _load_long_cached, _panel_cached, _history_cached,
              _all_histories_cached, _councils_cached):
        f.cache_clear()
    from analysis.inputs.public import councils as _c
    _c._name_index.cache_clear()
    try:
        from analysis.inputs.public import comparators as _cmp
        _cmp._imd_cached.cache_clear()
    except Exception:  # pragma: no cover
        pass


# --------------------------------------------------------------------------- council history

def _describe_flag(flag: str) -> str:
    if flag == "" or flag is None:
        return "no value in any release"
    if flag == "blank":
        return "blank in the source"
    return f"'{flag}' = {SUPPRESSION_CODES.get(flag, 'not available')}"


def _shares(panel: _Panel, s: Succession, measure: str, last_year: int, method: str,
            target: str) -> tuple[float | None, str]:
    """Share of ``target`` among the successors for ``measure`` (and how it was found)."""
    nan = float("nan")

    def share_at(m: str) -> tuple[float | None, int | None]:
        for y in range(s.first_year, max(last_year, s.first_year) + 1):
            vals = [panel.value.get((c, y, m), nan) for c in s.successors]
            if all(v == v for v in vals) and sum(vals) > 0:
                return panel.value[(target, y, m)] / sum(vals), y
        return None, None

    if method == "first_year_share" and measure != "population_0_17":
        sh, y = share_at(measure)
        if sh is not None:
            return sh, f"its share of the successors' {measure} in {y} ({sh:.1%})"
    sh, y = share_at("population_0_17")
    if sh is not None:
        how = f"its share of the successors' 0-17 population in {y} ({sh:.1%})"
        if method == "first_year_share" and measure != "population_0_17":
            how += f" (no year with {measure} for all successors)"
        return sh, how
    return None, "no successor year with data to share it"


def _build_history(base: str, code: str, first_year: int, last_year: int, method: str):
    panel = _panel_cached(base)
    nan = float("nan")
    years = list(range(first_year, last_year + 1))
    vals = {m: [panel.value.get((code, y, m), nan) for y in years] for m in MEASURES}
    flags = {m: [panel.flag.get((code, y, m), "") for y in years] for m in MEASURES}
    srcs = {m: [panel.source.get((code, y, m), "") for y in years] for m in MEASURES}
    notes: list[str] = []
    succ = succession_for(code)
    pre_years: list[int] = []
    if succ is not None:
        pre_years = [y for y in years if y < succ.first_year]
    from_pred = [y in pre_years for y in years]
    if pre_years:
        pred_names = ", ".join(succ.predecessors)
        if method == "none":
            for m in MEASURES:
                for i, y in enumerate(years):
                    if y in pre_years:
                        vals[m][i] = nan
                        srcs[m][i] = ""
            notes.append(
                f"Years {pre_years[0]}-{pre_years[-1]} are before this council existed "
                f"({succ.description}); left empty (predecessor_method='none').")
        else:
            basis = ("same measure, first successor year" if method == "first_year_share"
                     else "0-17 population, first successor year")
            notes.append(
                f"Years {pre_years[0]}-{pre_years[-1]} are before this council existed "
                f"({succ.description}). They are estimated from the predecessor(s) {pred_names}: "
                f"predecessors' total x this council's share ({basis}).")
            for m in MEASURES:
                share, how = _shares(panel, succ, m, last_year, method, code)
                missing = []
                pred_src = set()
                for i, y in enumerate(years):
                    if y not in pre_years:
                        continue
                    pv = [panel.value.get((p, y, m), nan) for p in succ.predecessors]
                    pred_src |= {panel.source.get((p, y, m), "") for p in succ.predecessors}
                    if any(v != v for v in pv):
                        bad = [f"{p} ({_describe_flag(panel.flag.get((p, y, m), ''))})"
                               for p, v in zip(succ.predecessors, pv) if v != v]
                        missing.append(f"{y}: {', '.join(bad)}")
                        vals[m][i] = nan
                    else:
                        vals[m][i] = float(sum(pv)) * share if share is not None else nan
                    flags[m][i] = ""
                if share is None:
                    notes.append(f"{m}: years before {succ.first_year} left empty ({how}).")
                else:
                    notes.append(f"{m} before {succ.first_year}: predecessors x {how}.")
                if missing:
                    notes.append(f"{m}: predecessor value missing, so no estimate for "
                                 + "; ".join(missing) + ".")
                joined = "; ".join(sorted(pred_src - {""}))
                for i, y in enumerate(years):
                    if y in pre_years:
                        srcs[m][i] = joined
    # Suppression / missing / revision notes for the council's own years.
    for m in MEASURES:
        for i, y in enumerate(years):
            if y in pre_years:
                continue
            v = vals[m][i]
            if v != v:
                f = flags[m][i]
                if m == "spend" and y == 2016 and f == "":
                    notes.append("spend 2016: S251 outturn for 2015-16 is not in the public "
                                 "snapshot (LAIT starts at 2016-17); left empty.")
                    continue
                notes.append(f"{m} {y}: {_describe_flag(f)} -> NaN.")
            key = (code, y, m)
            sf = panel.superseded.get(key)
            if sf:
                notes.append(f"{m} {y}: a later release shows '{sf}'; the number published "
                             f"in an earlier release is kept ({v:g}).")
            rv = panel.revised.get(key)
            if rv is not None:
                notes.append(f"{m} {y}: revised from {rv:g} to {v:g} in a later "
                             "release (latest release used).")
    out = pd.DataFrame({"year": years})
    for m in MEASURES:
        out[m] = np.asarray(vals[m], dtype=float)
    out["returned_home"] = out["returned_home_planned"] + out["returned_home_unplanned"]
    out["cla_rate_per_10k"] = out["cla"] / out["population_0_17"] * 10_000
    out["from_predecessors"] = np.asarray(from_pred, dtype=bool)
    rh_gap = out.loc[out["returned_home"].isna() & out[["returned_home_planned",
                     "returned_home_unplanned"]].notna().any(axis=1), "year"].tolist()
    if rh_gap:
        notes.append("returned_home is empty where one of its two parts (planned / unplanned) is "
                     f"suppressed: {', '.join(map(str, rh_gap))}; see returned_home_planned and "
                     "returned_home_unplanned.")
    out = out[list(HISTORY_COLUMNS)]
    sources = {}
    for m in MEASURES:
        used = sorted({x for s_ in srcs[m] for x in s_.split("; ") if x})
        sources[m] = "; ".join(used) if used else "(no value)"
    sources["returned_home"] = ("returned_home_planned + returned_home_unplanned: "
                                + sources["returned_home_planned"])
    sources["cla_rate_per_10k"] = "computed: cla / population_0_17 x 10,000"
    sources["year"] = "year ending 31 March"
    return out, tuple(notes), tuple(sorted(sources.items()))


@lru_cache(maxsize=2048)
def _history_cached(base: str, code: str, first_year: int, last_year: int, method: str):
    return _build_history(base, code, first_year, last_year, method)


def _method(method, params) -> str:
    if method is None:
        method = getattr(params, "predecessor_method", None) or "first_year_share"
    if method not in ("first_year_share", "population_share", "none"):
        raise InputError(Problem("Unknown predecessor method", value=method,
                                 expected="'first_year_share', 'population_share' or 'none'"))
    return method


def council_history(council, public_dir=None, *, method: str | None = None,
                    first_year: int | None = None, last_year: int | None = None) -> pd.DataFrame:
    """Yearly history (years ending 31 March) of one council.

    ``council`` is a :class:`Council`, a DfE code, an ONS code or a name.  ``public_dir`` is a
    path or a ``PublicDataParams`` (its ``predecessor_method``/years are then used unless
    given here).  Returns one row per year with columns
    :data:`HISTORY_COLUMNS`; ``df.attrs["notes"]`` (list of str) explains every empty cell and
    estimate, ``df.attrs["sources"]`` names the file(s) behind each column.
    """
    params = public_dir if hasattr(public_dir, "predecessor_method") else None
    base = str(resolve_public_dir(public_dir))
    c = resolve_la(council, base)
    m = _method(method, params)
    fy = first_year or getattr(params, "first_year", None) or FIRST_YEAR
    ly = last_year or getattr(params, "last_year", None) or LAST_YEAR
    if fy > ly:
        raise InputError(Problem("first_year is after last_year", value=(fy, ly)))
    df, notes, sources = _history_cached(base, c.dfe_code, int(fy), int(ly), m)
    out = df.copy()
    out.attrs["council"] = {"dfe_code": c.dfe_code, "ons_code": c.ons_code, "name": c.name,
                            "region": c.region, "ccn_member": c.ccn_member}
    out.attrs["notes"] = list(notes)
    out.attrs["sources"] = dict(sources)
    out.attrs["predecessor_method"] = m
    out.attrs["definitions"] = dict(DEFINITIONS)
    return out


@lru_cache(maxsize=8)
def _all_histories_cached(base: str, first_year: int, last_year: int, method: str) -> pd.DataFrame:
    frames = []
    for c in _councils_cached(base):
        df, _, _ = _history_cached(base, c.dfe_code, first_year, last_year, method)
        df = df.copy()
        df.insert(0, "dfe_code", c.dfe_code)
        frames.append(df)
    return pd.concat(frames, ignore_index=True)


def all_histories(public_dir=None, *, method: str | None = None, first_year: int | None = None,
                  last_year: int | None = None) -> pd.DataFrame:
    """Histories of all 153 councils stacked (column ``dfe_code`` first). Parsed once."""
    params = public_dir if hasattr(public_dir, "predecessor_method") else None
    base = str(resolve_public_dir(public_dir))
    m = _method(method, params)
    fy = first_year or getattr(params, "first_year", None) or FIRST_YEAR
    ly = last_year or getattr(params, "last_year", None) or LAST_YEAR
    out = _all_histories_cached(base, int(fy), int(ly), m).copy()
    out.attrs["predecessor_method"] = m
    return out


# --------------------------------------------------------------------------- groups

#: The report's published CCN children-in-care figures (years ending 31 March).
PUBLISHED_CCN_CLA = {2016: 20_761, 2025: 26_732}

SUM_COLUMNS = ("cla", "cla_uasc", "starts", "ceases", "returned_home_planned",
               "returned_home_unplanned", "spend", "population_0_17")


def group_history(group="ccn", public_dir=None, *, predecessors: str = "as_then",
                  method: str | None = None, first_year: int | None = None,
                  last_year: int | None = None) -> pd.DataFrame:
    """Yearly sums for a group of councils.

    ``group``: ``"ccn"`` (the 38 confirmed CCN members), ``"england"`` (DfE's published national
    figures, not a sum of councils) or a list of council queries (codes or names).

    ``predecessors`` (member groups only) says what stands for a member council in the years
    before it existed:

    * ``"as_then"`` (default): the authority or authorities that ran its area then, whole and
      counted once (Cumbria for Cumberland + Westmorland and Furness, Northamptonshire for
      North + West Northamptonshire, Dorset County Council -- including Christchurch -- for
      Dorset, Bournemouth + Poole for BCP).  This is the sum of DfE's published figures for the
      authorities as they were; exact wherever all successors of a split are in the group.
    * ``"estimated"``: each member's :func:`council_history` (predecessor years estimated with
      ``method``), i.e. a consistent present-day area.

    Columns: year, cla, cla_uasc, cla_excl_uasc, cla_rate_per_10k, starts, ceases,
    returned_home, spend, population_0_17, returned_home_planned, returned_home_unplanned,
    n_members, n_authorities (authorities summed that year) and ``n_with_<column>``
    (authorities with a value).  Sums skip suppressed values (so they are lower bounds where
    n_with_<column> < n_authorities); ``returned_home`` is the sum of the planned and unplanned
    parts over the authorities that report each; ``cla_excl_uasc`` = cla - cla_uasc;
    ``cla_rate_per_10k`` uses only authorities with both cla and population.
    """
    params = public_dir if hasattr(public_dir, "predecessor_method") else None
    base = str(resolve_public_dir(public_dir))
    m = _method(method, params)
    fy = int(first_year or getattr(params, "first_year", None) or FIRST_YEAR)
    ly = int(last_year or getattr(params, "last_year", None) or LAST_YEAR)
    if predecessors not in ("as_then", "estimated"):
        raise InputError(Problem("Unknown predecessors option", value=predecessors,
                                 expected="'as_then' or 'estimated'"))
    years = list(range(fy, ly + 1))
    notes: list[str] = []
    if isinstance(group, str) and group.strip().lower() == "england":
        panel = _panel_cached(base)
        out = pd.DataFrame({"year": years})
        for c in SUM_COLUMNS:
            out[c] = [panel.value.get((ENGLAND_CODE, y, c), float("nan")) for y in years]
        allh = _all_histories_cached(base, fy, ly, m)
        n_members = len(_councils_cached(base))
        n_auth = pd.Series(n_members, index=years)
        counts = allh.groupby("year")[list(SUM_COLUMNS)].count().reindex(years)
        notes.append("England: DfE's published national figures (rounded by DfE), not the sum "
                     "of the 153 councils; n_with_<column> counts councils reporting a value.")
        sources = {c: "; ".join(sorted({panel.source.get((ENGLAND_CODE, y, c), "")
                                        for y in years} - {""})) or "(no value)"
                   for c in SUM_COLUMNS}
        name = "England"
        members = [c.dfe_code for c in _councils_cached(base)]
    else:
        if isinstance(group, str) and group.strip().lower() == "ccn":
            member_list = [c.dfe_code for c in ccn_members(base)]
            name = "CCN (38 confirmed members)"
        elif isinstance(group, str):
            raise InputError(Problem("Unknown group", value=group,
                                     expected="'ccn', 'england' or a list of councils"))
        else:
            member_list = list(dict.fromkeys(resolve_la(q, base).dfe_code for q in group))
            name = "custom group"
        members = member_list
        n_members = len(member_list)
        allh = _all_histories_cached(base, fy, ly, m)
        if predecessors == "estimated":
            sub = allh[allh["dfe_code"].isin(member_list)]
            est = sub[sub["from_predecessors"]]
            if len(est):
                notes.append("Years before a member council existed are estimated from its "
                             f"predecessors (predecessor_method='{m}'): "
                             + ", ".join(sorted(set(est["dfe_code"]))) + ".")
        else:
            pairs: dict[tuple[str, int], None] = {}
            replaced: dict[str, set[str]] = {}
            for code in member_list:
                succ = succession_for(code)
                for y in years:
                    if succ is not None and y < succ.first_year:
                        for p in DIRECT_PREDECESSORS[code]:
                            pairs[(p, y)] = None
                            replaced.setdefault(p, set()).add(code)
                    else:
                        pairs[(code, y)] = None
            frames = [allh[["dfe_code", "year"] + list(SUM_COLUMNS)]]
            for p in replaced:
                h, _, _ = _history_cached(base, p, fy, ly, m)
                h = h[["year"] + list(SUM_COLUMNS)].copy()
                h.insert(0, "dfe_code", p)
                frames.append(h)
            pool = pd.concat(frames, ignore_index=True)
            want = pd.DataFrame(list(pairs), columns=["dfe_code", "year"])
            sub = want.merge(pool, on=["dfe_code", "year"], how="left")
            for p, succs in sorted(replaced.items()):
                notes.append(f"Before its successor(s) {', '.join(sorted(succs))} existed, the "
                             f"figures of the authority then responsible ({p}) are summed whole.")
            if "835" in replaced and "839" not in member_list:
                notes.append("Dorset County Council (835) also covered Christchurch, which has "
                             "been part of BCP (not in this group) since April 2019.")
        g = sub.groupby("year")
        out = g[list(SUM_COLUMNS)].sum(min_count=1).reindex(years).reset_index()
        counts = g[list(SUM_COLUMNS)].count().reindex(years)
        n_auth = g.size().reindex(years).fillna(0).astype(int)
        both = sub[sub["cla"].notna() & sub["population_0_17"].notna()].groupby("year")
        rate = (both["cla"].sum() / both["population_0_17"].sum() * 10_000).reindex(years)
        out["cla_rate_per_10k"] = rate.to_numpy()
        sources = {c: "sum over the member authorities' histories (see council_history)"
                   for c in SUM_COLUMNS}
    out["n_authorities"] = n_auth.to_numpy()
    if "cla_rate_per_10k" not in out:
        out["cla_rate_per_10k"] = out["cla"] / out["population_0_17"] * 10_000
    out["returned_home"] = out[["returned_home_planned", "returned_home_unplanned"]].sum(
        axis=1, min_count=1)
    out["cla_excl_uasc"] = out["cla"] - out["cla_uasc"]
    out["n_members"] = n_members
    for c in SUM_COLUMNS:
        out[f"n_with_{c}"] = counts[c].fillna(0).astype(int).to_numpy()
    for c in SUM_COLUMNS:
        short = out.loc[out[f"n_with_{c}"] < out["n_authorities"], "year"].tolist()
        if short and name != "England":
            notes.append(f"{c}: some authorities have no value in {', '.join(map(str, short))} "
                         "(suppressed or not published); the sum covers those with data.")
    cols = ["year", "cla", "cla_uasc", "cla_excl_uasc", "cla_rate_per_10k", "starts", "ceases",
            "returned_home", "spend", "population_0_17", "returned_home_planned",
            "returned_home_unplanned", "n_members", "n_authorities"] + [
        f"n_with_{c}" for c in SUM_COLUMNS]
    out = out[cols]
    out.attrs["group"] = name
    out.attrs["members"] = list(members)
    out.attrs["notes"] = notes
    out.attrs["sources"] = sources
    out.attrs["predecessor_method"] = m
    out.attrs["predecessors"] = predecessors if name != "England" else None
    return out


def compare_with_published(df: pd.DataFrame, published: dict[int, float] | None = None) -> pd.DataFrame:
    """The group's CLA (with and without UASC) vs the report's published CCN figures.

    Returns one row per published year: published, dfe_cla, dfe_cla_excl_uasc and the
    differences / ratios (DfE minus published).
    """
    published = dict(PUBLISHED_CCN_CLA if published is None else published)
    rows = []
    by_year = df.set_index("year")
    for year, pub in sorted(published.items()):
        cla = float(by_year["cla"].get(year, np.nan))
        excl = float(by_year["cla_excl_uasc"].get(year, np.nan)) if "cla_excl_uasc" in by_year \
            else cla - float(by_year["cla_uasc"].get(year, np.nan))
        rows.append({"year": year, "published": pub, "dfe_cla": cla, "dfe_cla_excl_uasc": excl,
                     "diff": cla - pub, "diff_excl_uasc": excl - pub,
                     "ratio": cla / pub if pub else math.nan,
                     "ratio_excl_uasc": excl / pub if pub else math.nan})
    out = pd.DataFrame(rows)
    out.attrs["notes"] = [
        "published = the report's CCN children-in-care figures (20,761 in 2016, 26,732 in 2025); "
        "dfe_cla = sum of DfE's published counts for the group; the gap means the report used a "
        "different set of authorities or definition."]
    return out
