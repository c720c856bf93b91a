"""Statistical disclosure control for every table built from child-level data.

One function, :func:`apply_sdc`, following DfE practice (see
:class:`~analysis.config.childdata.DisclosureParams` for the defaults and their
sources):

1. *primary suppression*: a count from 1 up to ``suppress_up_to`` (and zero, if
   ``suppress_zero``) is not shown;
2. *secondary suppression*: within an additive group (cells that add up to the
   group's base), if exactly one cell is suppressed, the next smallest non-zero cell
   is suppressed too, so the hidden value cannot be recovered as base minus the
   others; if there is no such cell, the base is suppressed;
3. shown counts are rounded to the nearest ``round_to``;
4. a share is computed from unrounded counts, rounded to ``share_decimals``, and
   not shown when its count or its base is suppressed;
5. *derived* columns (rates, spend, ratios) are not shown when any count they are
   derived from is suppressed.

The result is a new DataFrame: suppressed cells are NA and a boolean column
(``suppressed``) marks the rows with anything suppressed, so charts and tables can
say "suppressed" rather than show a gap.
"""

from __future__ import annotations

from typing import Mapping, Sequence, TypedDict

import numpy as np
import pandas as pd

from analysis.config.childdata import DisclosureParams


class SdcOptions(TypedDict, total=False):
    """How to disclosure-control one table: the keyword arguments of :func:`apply_sdc` after ``params``."""

    counts: Sequence[str]
    bases: Sequence[str]
    shares: Mapping[str, tuple[str, str]] | None
    derived: Mapping[str, str | Sequence[str]] | None
    group_by: Sequence[str] | None
    additive: bool
    decimals: Mapping[str, int] | None
    share_decimals: int | None
    flag: str


def _round_half_up(v: np.ndarray, base: int) -> np.ndarray:
    if base <= 1:
        return np.round(v)
    return np.floor(v / base + 0.5) * base


def apply_sdc(
    df: pd.DataFrame,
    params: DisclosureParams | None = None,
    *,
    counts: Sequence[str] = ("count",),
    bases: Sequence[str] = ("base",),
    shares: Mapping[str, tuple[str, str]] | None = None,
    derived: Mapping[str, str | Sequence[str]] | None = None,
    group_by: Sequence[str] | None = None,
    additive: bool = False,
    decimals: Mapping[str, int] | None = None,
    share_decimals: int | None = None,
    flag: str = "suppressed",
) -> pd.DataFrame:
    """Disclosure-controlled copy of ``df``.

    Parameters
    ----------
    counts, bases:
        Columns holding counts of children (or records). Columns not in ``df`` are
        ignored. Counts must be non-negative.
    shares:
        ``{share_column: (count_column, base_column)}``; default ``{"share": ("count",
        "base")}`` when those columns exist.
    derived:
        ``{column: count column(s)}``: shown only when all those counts are shown.
    group_by, additive:
        When ``additive`` is true, the rows of each ``group_by`` group partition the
        group's base (categories of one variable), and secondary suppression is applied
        to each share's (count, base) pair.
    decimals:
        ``{column: decimals}`` rounding for derived numeric columns (rates to whole
        numbers as DfE does, money to -3 for the nearest thousand), so that they do not
        give back the unrounded counts.
    share_decimals:
        Overrides ``params.share_decimals`` for this table (e.g. 3 for shares under 1%).
    """
    p = params or DisclosureParams()
    sdec = p.share_decimals if share_decimals is None else share_decimals
    out = df.copy()
    counts = [c for c in counts if c in out.columns]
    bases = [c for c in bases if c in out.columns and c not in counts]
    if shares is None:
        shares = {"share": ("count", "base")} if {"share", "count", "base"} <= set(out.columns) else {}
    # (count, base) pairs: from the shares, else the default count and base columns
    pairs = list(shares.values())
    if not pairs and "count" in counts and "base" in bases:
        pairs = [("count", "base")]
    shares = {k: v for k, v in shares.items() if k in out.columns}
    derived = dict(derived or {})
    n = len(out)

    raw: dict[str, np.ndarray] = {}
    supp: dict[str, np.ndarray] = {}
    for col in list(counts) + list(bases):
        v = pd.to_numeric(out[col], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        if np.any(v[~np.isnan(v)] < 0):
            raise ValueError(f"column {col!r} has negative counts; disclosure control needs counts")
        raw[col] = v
        s = (v >= 1) & (v <= p.suppress_up_to)
        if p.suppress_zero:
            s |= v == 0
        supp[col] = s & ~np.isnan(v)

    if additive and p.secondary and n:
        groups = out.groupby(list(group_by), sort=False, dropna=False).indices.values() if group_by else [np.arange(n)]
        for idx in groups:
            idx = np.asarray(idx)
            for cnt, base in pairs:
                if cnt not in raw or base not in raw:
                    continue
                _secondary(raw[cnt], supp[cnt], raw[base], supp[base], idx)

    # a row whose base is hidden describes a small group: hide its counts too
    for cnt, base in pairs:
        if cnt in supp and base in supp:
            supp[cnt] |= supp[base]

    for col in list(counts) + list(bases):
        v = raw[col]
        shown = _round_half_up(v, p.round_to)
        shown = np.where(supp[col], np.nan, shown)
        out[col] = pd.array(np.where(np.isnan(shown), np.nan, shown), dtype="Float64").astype("Int64")

    any_supp = np.zeros(n, dtype=bool)
    for col in supp:
        any_supp |= supp[col]
    for sh, (cnt, base) in shares.items():
        v = pd.to_numeric(out[sh], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        if cnt in raw and base in raw:
            with np.errstate(invalid="ignore", divide="ignore"):
                v = np.where(raw[base] > 0, raw[cnt] / raw[base], np.nan)
        hide = np.zeros(n, dtype=bool)
        if cnt in supp:
            hide |= supp[cnt]
        if base in supp:
            hide |= supp[base]
        v = np.round(v, sdec)
        out[sh] = np.where(hide, np.nan, v)
        any_supp |= hide
    for col, sources in derived.items():
        if col not in out.columns:
            continue
        sources = [sources] if isinstance(sources, str) else list(sources)
        hide = np.zeros(n, dtype=bool)
        for s in sources:
            if s in supp:
                hide |= supp[s]
        if hide.any():
            vals = out[col].astype("object").to_numpy(copy=True)
            vals[hide] = np.nan
            try:
                out[col] = pd.to_numeric(pd.Series(vals, index=out.index), errors="raise")
            except (ValueError, TypeError):
                out[col] = pd.Series(vals, index=out.index)
        any_supp |= hide
    for col, dec in (decimals or {}).items():
        if col in out.columns and pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].round(dec)
    out[flag] = any_supp
    return out


def _secondary(v: np.ndarray, s: np.ndarray, base: np.ndarray, sb: np.ndarray, idx: np.ndarray) -> None:
    """Make sure no single suppressed cell of an additive group can be recovered (in place)."""
    if len(idx) == 0:
        return
    bvals = base[idx]
    if np.all(np.isnan(bvals)) or np.nanmax(bvals) != np.nanmin(bvals):
        return  # not one shared base: not an additive group
    if sb[idx].any():
        return  # base hidden: nothing to difference from
    for _ in range(len(idx)):
        hidden = idx[s[idx]]
        if len(hidden) != 1:
            return
        cand = idx[~s[idx] & (v[idx] > 0)]
        if len(cand):
            pick = cand[np.argmin(v[cand])]
            s[pick] = True
        else:
            sb[idx] = True
            return
