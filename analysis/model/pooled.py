"""Shrinkage towards England: the growth of the median council's own fitted projection.

A single council's history is short and noisy, so its fitted stock-flow projection wanders.  The
do-nothing projection of a council therefore combines three paths for the children in care who are not
unaccompanied asylum seekers (:func:`combine`):

* its own fitted stock-flow projection (weight ``1 - persistence_weight - england_weight``);
* "nothing changes", the base-year count carried forward (``persistence_weight``);
* the base-year count grown as the *median English council's* fitted projection grows
  (``england_weight``): shrinkage of the council's path towards the pooled one.

The pooled growth for a base year ``B`` is the median, over every council with enough data, of
``fitted children in care in B + h / children in care in B`` for ``h`` years ahead, each council being
fitted to its history up to ``B`` only.  ``p2r backtest`` computes it afresh at each cut-off (so no later
year reaches a past projection); ``make intervals`` ships it, for the cut-offs and the last published
year, as ``analysis/resources/pooled_growth.yml`` (a test checks it matches a fresh computation), and
renders read it from there (:func:`growth_for`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from analysis.common.files import read_yaml
from analysis.common.paths import resource

FILE = "pooled_growth.yml"


@lru_cache(maxsize=1)
def load() -> dict:
    """The shipped table: ``{'base_years': {year: [growth 1 year ahead, 2 years ahead, ...]}, ...}``."""
    try:
        return read_yaml(resource(FILE)) or {}
    except FileNotFoundError:
        return {}


def _borrow(table: dict, base_year: int, what: str) -> tuple[int, str | None]:
    """The tabulated base year to use for ``base_year``: itself, else the nearest earlier one (else the
    nearest later one), with a note naming what was borrowed."""
    if base_year in table:
        return base_year, None
    earlier = [y for y in table if y < base_year]
    use = max(earlier) if earlier else min(table)
    return use, (f"The {what} is not tabulated for a base year of {base_year}; the growth tabulated for {use} is used.")


def growth_for(base_year: int, n: int) -> tuple[np.ndarray | None, str | None]:
    """The pooled growth 1..``n`` years after ``base_year``, and a note when it is borrowed.

    A base year the table lacks takes the nearest earlier one (else the nearest later one); beyond the
    table's longest horizon the last ratio is held.  None when the table is empty."""
    table = {int(k): [float(x) for x in v] for k, v in (load().get("base_years") or {}).items() if v}
    if not table:
        return None, None
    use, note = _borrow(table, base_year, "pooled English growth")
    g = table[use]
    out = np.array([g[min(h, len(g)) - 1] for h in range(1, n + 1)], dtype=float)
    return out, note


def unit_cost_for(base_year: int) -> tuple[float | None, str | None]:
    """The median English council's fitted yearly growth of spend per child in care from ``base_year``,
    and a note when it is borrowed from the nearest earlier (else later) tabulated year."""
    table = {int(k): float(v) for k, v in (load().get("unit_cost_growth") or {}).items() if v is not None}
    if not table:
        return None, None
    use, note = _borrow(table, base_year, "English growth of spend per child")
    return table[use], note


def median_growth(fitted: list[np.ndarray]) -> np.ndarray:
    """The median over councils of each council's fitted growth, year by year (ignoring missing values)."""
    width = max((len(g) for g in fitted), default=0)
    stack = np.full((len(fitted), width), np.nan)
    for i, g in enumerate(fitted):
        stack[i, : len(g)] = g
    return np.nanmedian(stack, axis=0) if len(fitted) else np.zeros(0)


def combine(
    fitted: np.ndarray, base: float, pooled: np.ndarray | None, w_persist: float, w_england: float
) -> np.ndarray:
    """The combined path for the projected years: own fit, carried-forward base and pooled growth.

    With no pooled growth the England weight goes to 'nothing changes'."""
    fitted = np.asarray(fitted, dtype=float)
    if pooled is None or w_england <= 0:
        w_p, w_e, g = w_persist + max(w_england, 0.0), 0.0, np.ones_like(fitted)
    else:
        w_p, w_e, g = w_persist, w_england, np.asarray(pooled, dtype=float)[: len(fitted)]
    w_m = 1.0 - w_p - w_e
    return w_m * fitted + w_p * base + w_e * base * g


def note(w_fit: float, w_persist: float, w_england: float) -> str:
    """The methodology note on the combination, with the weights used."""
    eng = (
        f", and the base-year count grown as the median English council's own fitted projection grows "
        f"({w_england:.0%}, shrinkage towards England)"
        if w_england > 0
        else ""
    )
    return (
        f"The do-nothing projection combines the fitted stock-flow projection ({w_fit:.0%}) with 'nothing "
        f"changes' ({w_persist:.0%}){eng}: children in care follow that combined "
        "path, the exit hazards being scaled year by year to match it, and entries take the fitted share of "
        "their own projection and the rest from the base year (model.history.persistence_weight, "
        "england_weight). The combination was chosen because it projected past years better than its parts "
        "(see the back-test)."
    )
