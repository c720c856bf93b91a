"""The fit table: one row per published figure, fitted trend or calibrated parameter, with the model's
value beside it (built by :func:`analysis.model.calibration.ccn_fit_table` and
:func:`analysis.model.trends.fit_history`)."""

from __future__ import annotations

import numpy as np

FIT_COLUMNS = [
    "target",
    "kind",
    "published",
    "model",
    "difference",
    "relative_difference",
    "lower",
    "upper",
    "unit",
    "note",
]


def fit_row(target, kind, published=np.nan, model=np.nan, lower=np.nan, upper=np.nan, unit="", note=""):
    """One row of the fit table; ``None`` for the published or model value means there is none."""
    pub = np.nan if published is None else float(published)
    mod = np.nan if model is None else float(model)
    diff = mod - pub if np.isfinite(pub) and np.isfinite(mod) else np.nan
    rel = diff / pub if np.isfinite(diff) and pub != 0 else np.nan
    return {
        "target": target,
        "kind": kind,
        "published": pub,
        "model": mod,
        "difference": diff,
        "relative_difference": rel,
        "lower": float(lower),
        "upper": float(upper),
        "unit": unit,
        "note": note,
    }
