"""Identifiers that look real but cannot be: CHILD ids, UPNs and home postcodes, or canary strings.

Realistic mode: CHILD ids are 7-digit numbers, UPNs use the non-existent local-authority
number 999 (with a valid check letter), postcodes use a ``Q`` postcode area (no UK
postcode area starts with Q).  Canary mode: ``ZQX`` + digits for CHILD and UPN, postcodes
``ZQ..  .ZQ``; :func:`canary_strings` lists them for leak tests.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.inputs.childdata.synth.context import SynthContext


def child_ids(ctx: SynthContext, n_children: int, n_pool: int) -> np.ndarray:
    """Distinct CHILD ids for the entrants then the background pool."""
    rng = ctx.rng
    total = n_children + n_pool
    if ctx.canary:
        nums = rng.choice(900_000, size=total, replace=False) + 100_000
        ids = np.array([f"ZQX{x:06d}" for x in nums], dtype=object)
    else:
        nums = rng.choice(8_999_999, size=total, replace=False) + 1_000_000
        ids = np.array([f"{x:07d}" for x in nums], dtype=object)
    return ids


def _upn_check(body12: str) -> str:
    letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
    total = sum(int(ch) * w for ch, w in zip(body12, range(2, 14)))
    return letters[total % 23]


def upns(ctx: SynthContext, n: int, dob_year: np.ndarray) -> np.ndarray:
    """``n`` UPNs, the year of entry to school following from each birth year."""
    rng = ctx.rng
    est = rng.integers(1000, 8000, size=n)
    ser = rng.integers(0, 1000, size=n)
    if ctx.canary:
        return np.array(
            [f"ZQX{int(e):04d}{int(s):03d}{int(y) % 1000:03d}" for e, s, y in zip(est, ser, dob_year)], dtype=object
        )
    out = []
    for e, s, y in zip(est, ser, dob_year):
        body = f"999{int(e):04d}{(int(y) + 4) % 100:02d}{int(s):03d}"
        out.append(_upn_check(body) + body)
    return np.array(out, dtype=object)


def postcodes(ctx: SynthContext, n: int) -> np.ndarray:
    """``n`` home postcodes."""
    rng = ctx.rng
    d = rng.integers(1, 30, size=n)
    s = rng.integers(0, 10, size=n)
    letters = np.array(list("ABDEFGHJLNPQRSTUWXYZ"))
    l1 = letters[rng.integers(0, len(letters), size=n)]
    l2 = letters[rng.integers(0, len(letters), size=n)]
    if ctx.canary:
        return np.array([f"ZQ{a} {b}ZQ" for a, b in zip(d, s)], dtype=object)
    area = np.array(["QA", "QB", "QD", "QE", "QH"])[rng.integers(0, 5, size=n)]
    return np.array([f"{a}{x} {b}{c}{e}" for a, x, b, c, e in zip(area, d, s, l1, l2)], dtype=object)


def canary_strings(tables: dict[str, pd.DataFrame]) -> set[str]:
    """Distinctive identifier strings of a canary dataset, for leak tests."""
    out: set[str] = set()
    if "header" in tables:
        out |= set(tables["header"]["CHILD"].dropna().astype(str))
        out |= set(tables["header"]["UPN"].dropna().astype(str))
    if "episodes" in tables:
        out |= set(tables["episodes"]["HOME_POST"].dropna().astype(str))
    return out
