"""Back-testing the do-nothing projection: how well would each method have projected the years that
were later published, from the data available at an earlier cut-off?

For a cut-off year ``C`` and a council, only the history up to ``C`` is used (:func:`history_upto`):
the method is fitted to it and projected to the last published year, and the projection is compared
with what DfE published.  The errors are absolute percentage errors, summarised by the median over
councils for each cut-off and number of years ahead.  Two naive rivals are always included: the last
value carried forward (``persistence``) and a straight line through the history (``line``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from analysis.config.model import ModelParams
from analysis.model import pooled, unit_cost
from analysis.model.trends import fit_history

METRICS = ("cla", "entries", "spend")
#: the history column each metric is compared with
ACTUAL = {"cla": "cla", "entries": "starts", "spend": "spend"}


@dataclass(frozen=True)
class Method:
    """A way of projecting a council's children in care, entries and placement spend from its history."""

    name: str
    label: str
    project: Callable[[pd.DataFrame, list[int]], pd.DataFrame]


def history_upto(history: pd.DataFrame, cutoff: int) -> pd.DataFrame:
    """The history as it stood at the cut-off: no year after ``cutoff`` can reach a fit."""
    return history[history["year"] <= cutoff].reset_index(drop=True)


def _frame(years: list[int], cla, entries, spend=None) -> pd.DataFrame:
    spend = np.full(len(years), np.nan) if spend is None else np.asarray(spend, float)
    return pd.DataFrame(
        {"year": years, "cla": np.asarray(cla, float), "entries": np.asarray(entries, float), "spend": spend}
    )


def _last(history: pd.DataFrame, col: str) -> float:
    s = history.dropna(subset=[col])
    return float(s[col].iloc[-1]) if len(s) else float("nan")


def persistence(history: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Nothing changes: the last published value, carried forward."""
    n = len(years)
    return _frame(years, [_last(history, "cla")] * n, [_last(history, "starts")] * n, [_last(history, "spend")] * n)


def straight_line(history: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """A least-squares straight line through each series, extended (floored at zero)."""
    out = {}
    for col, key in (("cla", "cla"), ("starts", "entries"), ("spend", "spend")):
        s = history.dropna(subset=[col])
        if len(s) < 2:
            out[key] = [_last(history, col)] * len(years)
            continue
        b, a = np.polyfit(s["year"].to_numpy(float), s[col].to_numpy(float), 1)
        out[key] = np.clip(a + b * np.asarray(years, float), 0.0, None)
    return _frame(years, out["cla"], out["entries"], out["spend"])


def _at_base(params: ModelParams, base: int, horizon: int) -> ModelParams:
    return params.model_copy(
        update={
            "years": params.years.model_copy(
                update={"base_year": base, "horizon": horizon, "cumulative_from": base + 1}
            )
        }
    )


@dataclass(frozen=True)
class Pool:
    """What is pooled over English councils from one base year (see :mod:`analysis.model.pooled`)."""

    cla: np.ndarray  # median fitted growth of children in care, 1, 2, ... years ahead
    unit_cost: float | None  # median fitted yearly growth of spend per child in care


def stock_flow(
    params: ModelParams, pools: dict[int, Pool] | None = None
) -> Callable[[pd.DataFrame, list[int]], pd.DataFrame]:
    """The package's stock-flow projection (:func:`analysis.model.trends.fit_history`) with ``params``.

    ``pools`` maps a base year to what is pooled over English councils from the data up to that year
    (:func:`pool_at`); without it the shipped table is used."""

    def project(history: pd.DataFrame, years: list[int]) -> pd.DataFrame:
        base = int(history.dropna(subset=["cla"])["year"].iloc[-1])
        horizon = max(max(years), base + 1)
        pool = None if pools is None else pools.get(base)
        fit = fit_history(
            history,
            _at_base(params, base, horizon),
            pooled_growth=None if pool is None else pool.cla,
            pooled_unit_cost_growth=None if pool is None else pool.unit_cost,
        )
        proj = fit.projection
        cla = proj[proj["metric"] == "cla"].set_index("year")["value"]
        ent = proj[proj["metric"] == "entries"].set_index("year")["value"]
        # placement spend = all children in care (UASC included) x the projected unit cost
        uc = proj[proj["metric"] == "unit_cost"].set_index("year")["value"]
        cla_y = cla.reindex(years).to_numpy()
        return _frame(years, cla_y, ent.reindex(years).to_numpy(), cla_y * uc.reindex(years).to_numpy())

    return project


def pool_at(histories: pd.DataFrame, params: ModelParams, base_year: int, years_ahead: int) -> Pool:
    """What is pooled over English councils from ``base_year``: the median over councils of each council's
    fitted children in care (before the combination) ``1..years_ahead`` years ahead as a ratio to its base
    year, and the median of their fitted yearly growth of spend per child; each council fitted to its
    history up to ``base_year`` only.  A council whose last count is before ``base_year`` is left out; one
    the model cannot fit is left out of the first median, one with too few years of spend of the second."""
    p = _at_base(params, base_year, base_year + years_ahead)
    ones = np.ones(years_ahead)
    fitted: list[np.ndarray] = []
    costs: list[float] = []
    for _, hist in histories.groupby("dfe_code", sort=False):
        past = history_upto(hist.sort_values("year"), base_year)
        have = past.dropna(subset=["cla"])
        if len(have) < 3 or int(have["year"].iloc[-1]) != base_year:
            continue
        g = unit_cost.own_growth(past, base_year, params.history.min_years) if "spend" in past else None
        if g is not None and np.isfinite(g):
            costs.append(g)
        try:
            fit = fit_history(past, p, pooled_growth=ones, pooled_unit_cost_growth=0.0)
        except Exception:  # too few usable years: not part of the pool
            continue
        if fit.fitted_growth is not None and np.isfinite(fit.fitted_growth).all():
            fitted.append(fit.fitted_growth)
    return Pool(cla=pooled.median_growth(fitted), unit_cost=float(np.median(costs)) if costs else None)


def pooled_growth(histories: pd.DataFrame, params: ModelParams, base_year: int, years_ahead: int) -> np.ndarray:
    """The pooled English growth of children in care from ``base_year`` (see :func:`pool_at`)."""
    return pool_at(histories, params, base_year, years_ahead).cla


def combination(*parts: Callable[[pd.DataFrame, list[int]], pd.DataFrame]):
    """The mean of several methods' projections (forecast combination)."""

    def project(history: pd.DataFrame, years: list[int]) -> pd.DataFrame:
        frames = [f(history, years) for f in parts]
        cla = np.mean([f["cla"].to_numpy() for f in frames], axis=0)
        ent = np.mean([f["entries"].to_numpy() for f in frames], axis=0)
        spend = np.mean([f["spend"].to_numpy() for f in frames], axis=0)
        return _frame(years, cla, ent, spend)

    return project


def run_backtest(
    histories: pd.DataFrame,
    methods: Iterable[Method],
    cutoffs: Iterable[int],
    last_year: int,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Projection errors of every method, council, cut-off and year after it up to ``last_year``.

    ``histories`` stacks council histories with a ``dfe_code`` column.  Returns one row per
    (dfe_code, method, cutoff, year, metric) with the actual and projected values and the absolute
    percentage error; a council a method cannot fit at a cut-off is left out for that method, with
    the reason in the ``error`` column of a row whose values are missing.
    """
    rows: list[dict] = []
    methods = list(methods)
    cutoffs = list(cutoffs)
    groups = histories.groupby("dfe_code", sort=False)
    for i, (code, hist) in enumerate(groups, start=1):
        if progress is not None:
            progress(i, groups.ngroups)
        hist = hist.sort_values("year")
        actual = hist.set_index("year")
        for cutoff in cutoffs:
            past = history_upto(hist, cutoff)
            years = list(range(cutoff + 1, last_year + 1))
            if past["cla"].notna().sum() < 3 or not years:
                continue
            for m in methods:
                try:
                    proj = m.project(past, years)
                except Exception as e:  # a council the method cannot fit (too few usable years)
                    rows.append({"dfe_code": code, "method": m.name, "cutoff": cutoff, "error": str(e)[:200]})
                    continue
                for r in proj.itertuples(index=False):
                    for metric, col in ACTUAL.items():
                        a = actual[col].get(r.year, np.nan) if col in actual else np.nan
                        p = float(getattr(r, metric, np.nan))
                        rows.append(
                            {
                                "dfe_code": code,
                                "method": m.name,
                                "cutoff": cutoff,
                                "year": int(r.year),
                                "ahead": int(r.year) - cutoff,
                                "metric": metric,
                                "actual": a,
                                "projected": p,
                                "ape": abs(p - a) / a if a and np.isfinite(a) and np.isfinite(p) else np.nan,
                            }
                        )
    return pd.DataFrame(rows)


def summarise(errors: pd.DataFrame, metric: str = "cla") -> pd.DataFrame:
    """Median absolute percentage error by cut-off and years ahead (rows) and method (columns)."""
    e = errors[(errors.get("metric") == metric) & errors["ape"].notna()]
    return e.pivot_table(index=["cutoff", "ahead"], columns="method", values="ape", aggfunc="median")


def totals(errors: pd.DataFrame, metric: str = "cla") -> pd.DataFrame:
    """Projected total over councils against the published total, by cut-off, years ahead and method
    (only councils with both values)."""
    e = errors[(errors.get("metric") == metric) & errors["actual"].notna() & errors["projected"].notna()]
    g = e.groupby(["cutoff", "ahead", "method"])[["actual", "projected"]].sum()
    g["ratio"] = g["projected"] / g["actual"]
    return g.reset_index()


def error_quantiles(
    errors: pd.DataFrame, metric: str = "cla", method: str = "default", levels: tuple[float, float] = (0.1, 0.9)
) -> pd.DataFrame:
    """How far the published value fell from ``method``'s projection, by years ahead, pooled over
    councils and cut-offs: quantiles of ``actual / projected - 1`` (so ``projected x (1 + q)`` is the
    band).  Columns ``ahead, n, low, median, high`` and the two ``levels``."""
    e = errors[(errors.get("metric") == metric) & (errors.get("method") == method)]
    e = e[e["actual"].notna() & e["projected"].notna() & (e["projected"] > 0)]
    rel = e["actual"] / e["projected"] - 1.0
    rows = []
    for ahead, r in rel.groupby(e["ahead"].astype(int)):
        rows.append(
            {
                "ahead": int(ahead),
                "n": int(len(r)),
                "low": float(r.quantile(levels[0])),
                "median": float(r.median()),
                "high": float(r.quantile(levels[1])),
                "level_low": levels[0],
                "level_high": levels[1],
            }
        )
    return pd.DataFrame(rows, columns=["ahead", "n", "low", "median", "high", "level_low", "level_high"])
