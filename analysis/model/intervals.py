"""Bands on a council's do-nothing projection taken from the method's own back-test errors.

``p2r backtest`` projects every council from earlier cut-off years and records how far the published
count fell from the projection.  The quantiles of ``actual / projected - 1`` by years ahead, pooled over
councils and cut-offs, are shipped as ``analysis/resources/backtest_intervals.yml`` (``make intervals``
rebuilds them from the public data; a test checks that they match a fresh back-test).  A council's band
is then ``projected x (1 + low)`` to ``projected x (1 + high)``.  Beyond the longest horizon the
back-test could measure, the last measured band widens with the square root of the years ahead, and the
notes say so.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from analysis.common.files import read_yaml
from analysis.common.paths import resource

FILE = "backtest_intervals.yml"


@lru_cache(maxsize=1)
def load() -> dict:
    """The shipped table: ``{'metrics': {metric: [{ahead, n, low, median, high}, ...]}, ...}``."""
    return read_yaml(resource(FILE))


def band(metric: str, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, int, float, float] | None:
    """(lower, upper, longest measured horizon, level low, level high) for ``values`` (base year first;
    the base year keeps its observed value); None when the table has no rows for ``metric``."""
    table = load()
    rows = table.get("metrics", {}).get(metric) or []
    if not rows:
        return None
    by = {int(r["ahead"]): (float(r["low"]), float(r["high"])) for r in rows}
    hmax = max(by)
    values = np.asarray(values, dtype=float)
    lo = values.copy()
    hi = values.copy()
    for h in range(1, len(values)):
        if h in by:
            a, b = by[h]
        else:
            a0, b0 = by[hmax]
            k = np.sqrt(h / hmax)
            a, b = a0 * k, b0 * k
        lo[h] = values[h] * max(1.0 + a, 0.0)
        hi[h] = values[h] * (1.0 + b)
    return lo, hi, hmax, float(table["level_low"]), float(table["level_high"])
