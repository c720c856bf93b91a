"""Ordinary least squares on a short yearly series (statsmodels): a straight line on the year or a mean,
its prediction intervals, and the fitted slope with its confidence interval."""

from __future__ import annotations

import numpy as np
import pandas as pd


def ols(x: np.ndarray, y: np.ndarray, method: str):
    import statsmodels.api as sm

    X = sm.add_constant(x, has_constant="add") if method == "trend" else np.ones((len(x), 1))
    return sm.OLS(y, X).fit()


def predict(res, x_new: np.ndarray, method: str, level: float) -> pd.DataFrame:
    import statsmodels.api as sm

    X = sm.add_constant(x_new, has_constant="add") if method == "trend" else np.ones((len(x_new), 1))
    sf = res.get_prediction(X).summary_frame(alpha=1.0 - level)
    mean = sf["mean"].to_numpy()
    lo = sf["obs_ci_lower"].to_numpy()
    hi = sf["obs_ci_upper"].to_numpy()
    lo = np.where(np.isfinite(lo), lo, mean)
    hi = np.where(np.isfinite(hi), hi, mean)
    return pd.DataFrame({"value": mean, "lower": np.minimum(lo, mean), "upper": np.maximum(hi, mean)})


def slope_ci(res, level: float) -> tuple[float, float, float]:
    b = float(res.params[-1])
    if res.df_resid > 0 and np.isfinite(res.bse[-1]):
        lo, hi = res.conf_int(alpha=1.0 - level)[-1]
        return b, float(min(lo, b)), float(max(hi, b))
    return b, b, b
