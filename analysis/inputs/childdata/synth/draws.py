"""Random draws by quota, and day-number arithmetic, shared by every part of the generator.

Quota sampling (:func:`pick`, :func:`qbool`, :func:`pick_g`) makes the marginal shares of
a synthetic table the calibrated ones, not the calibrated ones plus sampling noise.
Days are whole numbers of days since :data:`~analysis.inputs.childdata.synth.calibration.EPOCH`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.inputs.childdata.synth.calibration import EPOCH


def band(age_years: np.ndarray) -> np.ndarray:
    """Age band index (0 ``<1``, 1 ``1-4``, 2 ``5-10``, 3 ``11-15``, 4 ``16-17``) of each age in years."""
    return np.select([age_years < 1, age_years < 5, age_years < 11, age_years < 16], [0, 1, 2, 3], 4)


def pick(rng, options, p, size):
    """``size`` draws from ``options`` with probabilities ``p`` by quota sampling.

    Each option appears exactly floor(p * size) times plus a random share of the
    remainder, in random order: the marginal shares are then the calibrated ones, not
    the calibrated ones plus sampling noise (what a demonstration dataset needs).
    """
    p = np.asarray(p, dtype=float)
    p = p / p.sum()
    size = int(size)
    opts = np.asarray(options, dtype=object)
    if size == 0:
        return opts[:0]
    exact = p * size
    counts = np.floor(exact).astype(int)
    rest = size - counts.sum()
    if rest:
        frac = exact - counts
        extra = (
            rng.choice(len(p), size=rest, replace=False, p=frac / frac.sum())
            if frac.sum() > 0
            else rng.choice(len(p), size=rest, replace=True, p=p)
        )
        np.add.at(counts, extra, 1)
    return rng.permutation(np.repeat(opts, counts))


def qbool(rng, n, p, groups=None) -> np.ndarray:
    """``n`` booleans, True with probability ``p`` (scalar or per-element), by quota within
    each set of elements sharing a probability (and a group, e.g. an entry year)."""
    n = int(n)
    p = np.broadcast_to(np.asarray(p, dtype=float), (n,))
    g = np.zeros(n, dtype=np.int64) if groups is None else np.asarray(groups, dtype=np.int64)
    out = np.zeros(n, dtype=bool)
    for gv in np.unique(g):
        ing = g == gv
        for val in np.unique(p[ing]):
            idx = np.flatnonzero(ing & (p == val))
            out[idx] = pick(rng, [True, False], [val, 1 - val], len(idx)).astype(bool) if 0 < val < 1 else val >= 1
    return out


def pick_g(rng, options, p, groups):
    """:func:`pick` by quota within each group (e.g. each entry year)."""
    groups = np.asarray(groups)
    out = np.empty(len(groups), dtype=object)
    for gv in np.unique(groups):
        idx = np.flatnonzero(groups == gv)
        out[idx] = pick(rng, options, p, len(idx))
    return out


_CUM: dict = {}


def pick1(rng, options, p):
    """One draw (fast path for loops)."""
    key = (tuple(options), tuple(p))
    cum = _CUM.get(key)
    if cum is None:
        w = np.asarray(p, dtype=float)
        cum = _CUM[key] = np.cumsum(w / w.sum())
    i = int(np.searchsorted(cum, rng.random(), side="right"))
    return options[min(i, len(options) - 1)]


def multi(rng, n, probs: dict[str, float], empty: str = "OTHER"):
    """``n`` ``;``-joined code lists, each code present with its probability (by quota); ``empty`` if none."""
    keys = list(probs)
    draws = np.column_stack([qbool(rng, n, probs[k]) for k in keys]) if n else np.zeros((0, len(keys)), bool)
    out = []
    for row in draws:
        sel = [k for k, d in zip(keys, row) if d]
        out.append(";".join(sel) if sel else empty)
    return np.array(out, dtype=object)


def fy(days: np.ndarray) -> np.ndarray:
    """Year ending 31 March of each day number."""
    d = np.asarray(days, dtype="float64")
    dt = (EPOCH + np.nan_to_num(d, nan=0).astype("int64")).astype("datetime64[D]")
    y = dt.astype("datetime64[Y]").astype(int) + 1970
    m = (dt.astype("datetime64[M]").astype(int) % 12) + 1
    return np.where(m >= 4, y + 1, y)


def dates(days) -> pd.Series:
    """Day numbers as a datetime Series (NaN becomes NaT)."""
    d = np.asarray(days, dtype="float64")
    out = (EPOCH + np.nan_to_num(d, nan=0).astype("int64")).astype("datetime64[ns]")
    s = pd.Series(out)
    s[np.isnan(d)] = pd.NaT
    return s
