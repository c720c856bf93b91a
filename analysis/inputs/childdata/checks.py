"""Record-level rules for child-level tables: duplicates, keys, episode and plan dates, and
the checks across tables (children missing from the header, births after entry).

:class:`Collector` gathers the problems (which stop the load) and warnings (which are
reported in the data-quality appendix) of one file, with spreadsheet row numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.common.errors import Problem
from analysis.inputs.childdata.tables import Table

#: Columns whose values identify a child: never quoted in a message.
IDENTIFYING = frozenset({"CHILD", "UPN", "DOB", "MC_DOB", "HOME_POST", "PL_POST", "LACHILDID"})


class Collector:
    """The problems and warnings found in one file; ``rows`` are the spreadsheet rows of the
    records that :meth:`add`'s masks refer to."""

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
        if values is not None and column not in IDENTIFYING:
            vals = np.asarray(values, dtype=object)[mask]
            value = next((v for v in vals if v is not None), None)
        p = Problem(
            message,
            file=self.file,
            column=column,
            rows=[int(r) for r in self.rows[mask]],
            value=value,
            expected=expected,
            hint=hint,
        )
        (self.warnings if warn else self.problems).append(p)


def table_checks(out: pd.DataFrame, spec: Table, c: Collector) -> None:
    """Duplicates and impossible records within one table."""
    if not len(out):
        return
    have = set(out.columns)
    cols = [col.name for col in spec.columns if col.name in have]
    c.rows = out["_row"].to_numpy()
    dup = out.duplicated(subset=cols, keep="first").to_numpy() if cols else np.zeros(len(out), bool)
    if dup.any():
        c.add(
            dup,
            "the row repeats an earlier row exactly (duplicate)",
            None,
            None,
            "each record once",
            "Remove the duplicate rows"
            if spec.duplicate_rows == "error"
            else "Duplicates were kept; check the extract",
            warn=spec.duplicate_rows == "warn",
        )
    key = [k for k in spec.key if k in have]
    if key:
        reps = out.drop_duplicates(subset=cols)
        reps = reps[reps[key].notna().all(axis=1)]
        counts = reps.groupby(key, dropna=True, sort=False).size()
        clash = counts[counts > 1]
        if len(clash):
            idx = pd.MultiIndex.from_frame(out[key]) if len(key) > 1 else pd.Index(out[key[0]])
            kd = idx.isin(clash.index)
            c.add(
                kd,
                f"more than one row for the same {', '.join(key)}",
                ", ".join(key),
                None,
                f"one row per {', '.join(key)}",
                "Keep one row for each; correct or remove the others",
            )
    if spec.name == "episodes" and {"CHILD", "DECOM", "DEC"} <= set(out.columns):
        sub = out[~dup]
        c.rows = sub["_row"].to_numpy()
        _episode_checks(sub, c)
        c.rows = out["_row"].to_numpy()
    if spec.name in ("cin_plans", "cp_plans", "early_help") and {"START", "END"} <= set(out.columns):
        bad = (out["END"] < out["START"]).fillna(False).to_numpy(dtype=bool)
        c.add(
            bad,
            "the plan ends before it starts",
            "END",
            out["END"].dt.strftime("%d/%m/%Y").to_numpy(dtype=object),
            "an end date on or after START",
            "Check the two dates",
        )


def _episode_checks(ep: pd.DataFrame, c: Collector) -> None:
    bad = (ep["DEC"] < ep["DECOM"]).fillna(False).to_numpy(dtype=bool)
    c.add(
        bad,
        "the episode ends before it starts",
        "DEC",
        ep["DEC"].dt.strftime("%d/%m/%Y").to_numpy(dtype=object),
        "DEC on or after DECOM",
        "Check the two dates",
    )
    if "REC" in ep.columns:
        rec_no_dec = (ep["REC"].notna() & ep["DEC"].isna()).to_numpy(dtype=bool)
        dec_no_rec = (ep["DEC"].notna() & ep["REC"].isna()).to_numpy(dtype=bool)
        c.add(
            rec_no_dec,
            "the episode has a reason for ending (REC) but no end date (DEC)",
            "DEC",
            None,
            "DEC and REC both given or both blank",
            "Add the end date, or clear REC if the episode is open",
        )
        c.add(
            dec_no_rec,
            "the episode has an end date (DEC) but no reason for ending (REC)",
            "REC",
            None,
            "DEC and REC both given or both blank",
            "Add the reason (X1 if a new episode began the same day)",
        )
    s = ep.sort_values(["CHILD", "DECOM"], kind="mergesort")
    same = s["CHILD"].to_numpy(dtype=object)[1:] == s["CHILD"].to_numpy(dtype=object)[:-1]
    prev_dec = s["DEC"].to_numpy()[:-1]
    prev_open = pd.isna(prev_dec)
    decom = s["DECOM"].to_numpy()[1:]
    with np.errstate(invalid="ignore"):
        overlap = same & (prev_open | (decom < prev_dec))
    overlap &= ~pd.isna(decom)
    if overlap.any():
        srows = s["_row"].to_numpy()
        pairs = sorted(set(srows[:-1][overlap]).union(srows[1:][overlap]))
        p = Problem(
            "episodes of the same child overlap (an episode starts before the previous one ends, or "
            "after an open episode)",
            file=c.file,
            column="DECOM",
            rows=[int(r) for r in pairs],
            expected="each episode to start on or after the previous episode's DEC",
            hint="Check the dates of these episodes; close the earlier one or correct the start",
        )
        c.problems.append(p)


def cross_checks(typed: dict[str, pd.DataFrame], warnings: list[Problem]) -> list[Problem]:
    """Checks across tables (episodes against the header); appends warnings, returns problems."""
    problems: list[Problem] = []
    hd, ep = typed.get("header"), typed.get("episodes")
    ep_file = _file_of(ep, "episodes.csv")
    if hd is not None and ep is not None and len(hd) and len(ep) and "CHILD" in hd and "CHILD" in ep:
        missing = ~ep["CHILD"].isin(hd["CHILD"])
        if missing.any():
            warnings.append(
                Problem(
                    "children in the episodes have no row in the header; their age and ethnicity are unknown",
                    file=_file_of(ep[missing], ep_file),
                    column="CHILD",
                    rows=[int(r) for r in ep.loc[missing, "_row"]],
                    hint="Add them to the header table",
                )
            )
        if "DOB" in hd and "DECOM" in ep:
            dob = ep["CHILD"].map(hd.drop_duplicates("CHILD").set_index("CHILD")["DOB"])
            born_after = (dob > ep["DECOM"]).fillna(False).to_numpy(dtype=bool)
            if born_after.any():
                problems.append(
                    Problem(
                        "the child's date of birth (header) is after the episode starts",
                        file=_file_of(ep[born_after], ep_file),
                        column="DECOM",
                        rows=[int(r) for r in ep.loc[born_after, "_row"]],
                        value=ep.loc[born_after, "DECOM"].iloc[0].strftime("%d/%m/%Y"),
                        expected="DECOM on or after DOB",
                        hint="Check DOB in header.csv and DECOM in episodes.csv for these children",
                    )
                )
            age = (ep["DECOM"] - dob).dt.days / 365.25
            old = (age >= 18).fillna(False).to_numpy(dtype=bool)
            if old.any():
                warnings.append(
                    Problem(
                        "the episode starts after the child's 18th birthday",
                        file=_file_of(ep[old], ep_file),
                        column="DECOM",
                        rows=[int(r) for r in ep.loc[old, "_row"]],
                    )
                )
    return problems


def _file_of(df: pd.DataFrame | None, default: str) -> str:
    """The file the rows came from (the first of them if several: rows are numbered within it)."""
    if df is None or "_file" not in df.columns or not len(df):
        return default
    files = list(dict.fromkeys(df["_file"]))
    return str(files[0]) if len(files) == 1 else f"{files[0]} (and {len(files) - 1} more files)"
