"""The documented repairs applied to child-level data as councils deliver it.

Real SSDA903 extracts have quirks that the field's own tools (for example Social Finance's
demand model) repair by documented rules.  Each rule here has a name, a description, and is
counted: :func:`apply_repairs` returns, for every rule and file, the spreadsheet rows it
touched.  ``p2r validate`` lists them and the data-quality appendix counts them.  With
``child_data.strict: true`` every repair is refused instead (see :func:`strict_problems`).

The rules, in the order they are applied:

``repeated-row``
    A header or episode row identical, in every column the package reads, to another row of the
    same return is kept once.
``latest-return-wins``
    The same child's header row, the same episode (CHILD and DECOM) or the same plan (CHILD and
    START), given in more than one return: the latest return's row is kept; any other table's
    rows repeated exactly across returns are kept once.
``overlap-closed``
    An episode that overlaps the child's next episode (it is open, or ends after the next one
    starts) is closed on the next episode's start date: DEC = the next DECOM, and REC = X1
    (a new episode began the same day) if it had no reason for ending.
``open-reason-cleared``
    An open episode (DEC blank) that carries a reason for ending (REC, typically X1) has its REC
    cleared: the episode is still open.
``no-header-row``
    Episodes whose child has no header row are kept; that child's sex, age and ethnicity are
    unknown to the measures.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.common.errors import Problem

RULES: dict[str, str] = {
    "repeated-row": "a header or episode row repeated exactly within one return was kept once",
    "latest-return-wins": "a record given in more than one return was kept once, from the latest return "
    "(a child's header row; an episode with the same CHILD and DECOM; an identical row of another table)",
    "overlap-closed": "an episode overlapping the child's next episode was closed on the next episode's start "
    "(DEC = next DECOM; REC = X1 if blank)",
    "open-reason-cleared": "an open episode (no DEC) carried a reason for ending (REC); REC was cleared",
    "no-header-row": "episodes whose child has no header row were kept; the child's sex, age and ethnicity are unknown",
}

META = ("_row", "_file", "_year", "_order")


@dataclass
class Repair:
    """One rule applied to rows of one file."""

    rule: str
    table: str
    file: str
    rows: list[int]

    @property
    def count(self) -> int:
        return len(self.rows)

    def text(self) -> str:
        return f"{self.file}: {self.count} row{'s' if self.count != 1 else ''} - {self.rule}: {RULES[self.rule]}"

    def to_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "table": self.table, "file": self.file, "rows": self.count}


def _record(repairs: list[Repair], rule: str, table: str, df: pd.DataFrame, mask) -> None:
    mask = np.asarray(mask, dtype=bool)
    if not mask.any():
        return
    sub = df.loc[mask, ["_file", "_row"]]
    for file, g in sub.groupby("_file", sort=False):
        repairs.append(Repair(rule, table, str(file), sorted(int(r) for r in g["_row"])))


def _latest_first(df: pd.DataFrame) -> pd.DataFrame:
    """Rows sorted so that the latest return comes first (year, then reading order)."""
    key = pd.DataFrame({"y": df["_year"].fillna(-1.0), "o": df["_order"], "r": df["_row"]})
    idx = key.sort_values(["y", "o", "r"], ascending=[False, False, True], kind="mergesort").index
    return df.loc[idx]


def _data_cols(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if c not in META]


def _drop_repeats(df: pd.DataFrame, table: str, repairs: list[Repair]) -> pd.DataFrame:
    """Exact repeats: from another return always dropped (the latest return's copy kept); within one
    return dropped for the header and episodes only (other tables report them as before)."""
    cols = _data_cols(df)
    if not cols or not len(df):
        return df
    s = _latest_first(df)
    dup = s.duplicated(subset=cols, keep="first").to_numpy()
    if not dup.any():
        return df
    firsts = s.drop_duplicates(subset=cols, keep="first")
    merged = s[cols].merge(
        firsts[cols].assign(_fy=firsts["_year"].fillna(-1.0), _fo=firsts["_order"]), on=cols, how="left"
    )
    other = dup & (
        (merged["_fy"].to_numpy() != s["_year"].fillna(-1.0).to_numpy())
        | (merged["_fo"].to_numpy() != s["_order"].to_numpy())
    )
    _record(repairs, "latest-return-wins", table, s, other)
    drop = other
    if table in ("header", "episodes"):
        _record(repairs, "repeated-row", table, s, dup & ~other)
        drop = dup
    return s[~drop].sort_index()


def _latest_return(df: pd.DataFrame, key: list[str], table: str, repairs: list[Repair]) -> pd.DataFrame:
    if not set(key) <= set(df.columns) or not len(df):
        return df
    s = _latest_first(df)
    ret = s["_year"].fillna(-1.0).astype(str) + "|" + s["_order"].astype(str)
    first_ret = ret.groupby([s[k] for k in key], dropna=False, sort=False).transform("first")
    older = (ret != first_ret).to_numpy() & s[key].notna().all(axis=1).to_numpy()
    _record(repairs, "latest-return-wins", table, s, older)
    return s[~older].sort_index()


def _close_overlaps(ep: pd.DataFrame, repairs: list[Repair]) -> pd.DataFrame:
    if not {"CHILD", "DECOM", "DEC"} <= set(ep.columns) or not len(ep):
        return ep
    s = ep.sort_values(["CHILD", "DECOM", "_row"], kind="mergesort").copy()
    nxt = s.groupby("CHILD", sort=False)["DECOM"].shift(-1)
    later = (nxt > s["DECOM"]).fillna(False)
    over = later & (s["DEC"].isna() | (s["DEC"] > nxt)).fillna(False)
    mask = over.to_numpy(dtype=bool)
    _record(repairs, "overlap-closed", "episodes", s, mask)
    if mask.any():
        s.loc[mask, "DEC"] = nxt[mask]
        if "REC" in s.columns:
            blank = mask & s["REC"].isna().to_numpy()
            s.loc[blank, "REC"] = "X1"
    return s.sort_index()


def _clear_open_reason(ep: pd.DataFrame, repairs: list[Repair]) -> pd.DataFrame:
    if not {"DEC", "REC"} <= set(ep.columns) or not len(ep):
        return ep
    mask = (ep["DEC"].isna() & ep["REC"].notna()).to_numpy(dtype=bool)
    _record(repairs, "open-reason-cleared", "episodes", ep, mask)
    if mask.any():
        ep = ep.copy()
        ep.loc[mask, "REC"] = None
    return ep


def apply_repairs(typed: dict[str, pd.DataFrame]) -> tuple[dict[str, pd.DataFrame], list[Repair]]:
    """The tables with every rule applied, and the repairs made (rule, file, rows).

    Frames carry ``_row``, ``_file``, ``_year`` (NaN if unknown) and ``_order`` (reading order)."""
    repairs: list[Repair] = []
    out = dict(typed)
    for table, df in typed.items():
        df = _drop_repeats(df, table, repairs)
        if table == "header":
            df = _latest_return(df, ["CHILD"], table, repairs)
        elif table == "episodes":
            df = _latest_return(df, ["CHILD", "DECOM"], table, repairs)
            df = _close_overlaps(df, repairs)
            df = _clear_open_reason(df, repairs)
        elif table in ("cin_plans", "cp_plans", "early_help"):
            df = _latest_return(df, ["CHILD", "START"], table, repairs)
        out[table] = df
    hd, ep = out.get("header"), out.get("episodes")
    if hd is not None and ep is not None and len(ep) and "CHILD" in ep.columns and "CHILD" in hd.columns:
        _record(repairs, "no-header-row", "episodes", ep, (~ep["CHILD"].isin(hd["CHILD"])).to_numpy())
    return out, repairs


def strict_problems(repairs: list[Repair]) -> list[Problem]:
    """Every repair as a refusal (``child_data.strict: true``)."""
    return [
        Problem(
            f"rule '{r.rule}' would repair these rows ({RULES[r.rule]}); child_data.strict is true, "
            "so they were refused",
            file=r.file,
            rows=r.rows,
            hint="Correct the extract, or set child_data.strict: false to apply the documented rule",
        )
        for r in repairs
    ]
