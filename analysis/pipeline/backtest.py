"""``p2r backtest``: how would the do-nothing projection have done on years already published?

The public data are parsed once (all councils' histories); then, for each cut-off year, every
council's history up to the cut-off is projected to the last published year by the report's own
method (the params' ``model.history`` settings), by the stock-flow model with mean rates, and by the
two naive rivals (last value carried forward, straight line), and compared with what DfE published.
See :mod:`analysis.model.backtest` for the methods and the error measure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pandas as pd

from analysis.common.errors import InputError, Problem
from analysis.common.escape import spreadsheet_safe
from analysis.common.files import atomic_write_text
from analysis.config.model import ModelParams
from analysis.config.report import ReportParams
from analysis.model.backtest import (
    Method,
    Pool,
    persistence,
    pool_at,
    run_backtest,
    stock_flow,
    straight_line,
    summarise,
    totals,
)

DEFAULT_CUTOFFS = (2019, 2020, 2021)
#: years ahead of each base year in the pooled English growth the package ships
POOL_YEARS_AHEAD = 15


def methods_for(model: ModelParams, pools: dict[int, Pool] | None = None) -> list[Method]:
    """The report's own method (with the pooled English growth of each cut-off) and its rivals."""
    h = model.history
    own = (
        f"entry rate: {h.entry_rate_method}, exit rate: {h.exit_rate_method}; weights: fitted "
        f"{1 - h.persistence_weight - h.england_weight:.0%}, nothing changes {h.persistence_weight:.0%}, "
        f"English growth {h.england_weight:.0%}"
    )
    means = model.model_copy(deep=True)
    means.history.entry_rate_method = "mean"
    means.history.exit_rate_method = "mean"
    means.history.persistence_weight = 0.0
    means.history.england_weight = 0.0
    means.history.unit_cost_england_weight = 0.0
    out = [
        Method("default", f"This report's method ({own})", stock_flow(model, pools)),
        Method("mean_rates", "Stock-flow model with mean entry and exit rates, alone", stock_flow(means)),
    ]
    out += [
        Method("persistence", "Last value carried forward", persistence),
        Method("line", "Straight line through the history", straight_line),
    ]
    return out


@dataclass
class BacktestResult:
    errors: pd.DataFrame  # one row per council, method, cut-off, year and metric
    summary: pd.DataFrame  # median absolute % error by cut-off, years ahead and method (children in care)
    summary_entries: pd.DataFrame
    summary_spend: pd.DataFrame  # the same for placement spend (financial years; councils with spend data)
    totals: pd.DataFrame  # summed projections against the published totals
    per_council: pd.DataFrame  # median absolute % error per council and method (children in care)
    methods: list[Method]
    last_year: int
    councils: int
    #: what is pooled over English councils from each cut-off and from the last year (children in care
    #: 1..POOL_YEARS_AHEAD years ahead, spend per child)
    pools: dict[int, Pool]


def backtest(
    params: ReportParams,
    councils: list[str] | None = None,
    cutoffs: tuple[int, ...] = DEFAULT_CUTOFFS,
    progress: Callable[[str], None] = lambda m: None,
) -> BacktestResult:
    """Back-test the do-nothing projection on the public data (all councils, or the ones named)."""
    from analysis.inputs.public.councils import resolve_la
    from analysis.inputs.public.paths import resolve_public_dir
    from analysis.inputs.public.per_council import all_histories

    pd_ = params.public_data
    last_year = pd_.last_year
    bad = [c for c in cutoffs if not (pd_.first_year + 2 <= c < last_year)]
    if bad:
        raise InputError(
            Problem(
                "a cut-off year must leave at least three years before it and one after it",
                column="--cutoffs",
                value=bad,
                expected=f"years from {pd_.first_year + 2} to {last_year - 1}",
            )
        )
    public_dir = resolve_public_dir(pd_.public_dir)
    progress("  reading the public data (every council's history, once)")
    hist = all_histories(public_dir, method=pd_.predecessor_method, first_year=pd_.first_year, last_year=last_year)
    pools: dict[int, Pool] = {}
    for base in (*cutoffs, last_year):
        progress(f"  pooled English growth from {base} (every council fitted to its history up to {base})")
        pools[base] = pool_at(hist, params.model, base, POOL_YEARS_AHEAD)
    if councils:
        codes = [resolve_la(c, public_dir).dfe_code for c in councils]
        hist = hist[hist["dfe_code"].isin(codes)]
    methods = methods_for(params.model, pools)
    n = hist["dfe_code"].nunique()
    progress(
        f"  projecting {n} council(s) from cut-offs {', '.join(map(str, cutoffs))} to {last_year} "
        f"with {len(methods)} methods"
    )

    def each(i: int, total: int) -> None:
        if i == total or i % 25 == 0:
            progress(f"  {i} of {total} councils")

    errors = run_backtest(hist, methods, cutoffs, last_year, progress=each)
    ok = errors[errors["ape"].notna()] if "ape" in errors else errors.iloc[0:0]
    per_council = (
        ok[ok["metric"] == "cla"].pivot_table(index="dfe_code", columns="method", values="ape", aggfunc="median")
        if len(ok)
        else pd.DataFrame()
    )
    return BacktestResult(
        errors=errors,
        summary=summarise(errors, "cla") if len(ok) else pd.DataFrame(),
        summary_entries=summarise(errors, "entries") if len(ok) else pd.DataFrame(),
        summary_spend=summarise(errors, "spend") if len(ok) else pd.DataFrame(),
        totals=totals(errors, "cla") if len(ok) else pd.DataFrame(),
        per_council=per_council,
        methods=methods,
        last_year=last_year,
        councils=n,
        pools=pools,
    )


def write_backtest(result: BacktestResult, out: Path) -> list[Path]:
    """The CSV files of a back-test: every error, the summaries and the per-council medians."""
    files = {
        "backtest-errors.csv": result.errors,
        "backtest-summary-cla.csv": result.summary.reset_index(),
        "backtest-summary-entries.csv": result.summary_entries.reset_index(),
        "backtest-summary-spend.csv": result.summary_spend.reset_index(),
        "backtest-totals.csv": result.totals,
        "backtest-per-council.csv": result.per_council.reset_index(),
    }
    written = [atomic_write_text(out / name, spreadsheet_safe(df).to_csv(index=False)) for name, df in files.items()]
    written.append(atomic_write_text(out / "backtest-intervals.yml", intervals_yaml(result)))
    written.append(atomic_write_text(out / "backtest-pooled-growth.yml", pooled_yaml(result)))
    return written


def pooled_yaml(result: BacktestResult) -> str:
    """The pooled English growth by base year, as shipped in ``analysis/resources/pooled_growth.yml``
    (see :mod:`analysis.model.pooled`)."""
    import yaml

    doc = {
        "about": (
            "Pooled English growth. base_years: of children in care (UASC apart), for each base year the median "
            "over councils of each council's own fitted stock-flow projection 1, 2, ... years ahead as a ratio to "
            "the base year. unit_cost_growth: the median over councils of the fitted yearly growth of spend per "
            "child in care. Each council is fitted to its history up to that year only. Made by p2r backtest "
            "(make intervals) from the DfE/ONS/MHCLG public data; read by analysis.model.pooled."
        ),
        "base_years": {int(b): [round(float(v), 6) for v in p.cla] for b, p in sorted(result.pools.items())},
        "unit_cost_growth": {
            int(b): (None if p.unit_cost is None else round(float(p.unit_cost), 6))
            for b, p in sorted(result.pools.items())
        },
    }
    return yaml.safe_dump(doc, sort_keys=False, width=100)


def intervals_yaml(result: BacktestResult) -> str:
    """The error quantiles of the default method by years ahead, as shipped in
    ``analysis/resources/backtest_intervals.yml`` (see :mod:`analysis.model.intervals`)."""
    import yaml

    from analysis.model.backtest import error_quantiles

    cutoffs = sorted(int(c) for c in result.errors["cutoff"].dropna().unique()) if len(result.errors) else []
    doc = {
        "about": (
            "How far published counts fell from the default do-nothing projection of past years: quantiles of "
            "actual / projected - 1 by years ahead, pooled over councils and cut-offs. Made by p2r backtest "
            "(make intervals) from the DfE/ONS public data; read by analysis.model.intervals."
        ),
        "councils": int(result.councils),
        "cutoffs": ", ".join(map(str, cutoffs)),
        "last_year": int(result.last_year),
        "level_low": 0.1,
        "level_high": 0.9,
        "scorecard": scorecard_numbers(result),
        "metrics": {
            m: [
                {k: (round(v, 6) if isinstance(v, float) else v) for k, v in r.items() if not k.startswith("level")}
                for r in error_quantiles(result.errors, m).to_dict("records")
            ]
            for m in ("cla", "entries")
        },
    }
    return yaml.safe_dump(doc, sort_keys=False, width=100)


def _table(s: pd.DataFrame, order: list[str]) -> list[str]:
    lines = ["cut-off  years ahead  " + "  ".join(f"{m:>12}" for m in order)]
    for (cutoff, ahead), row in s[order].iterrows():
        lines.append(f"{int(cutoff):>7}  {int(ahead):>11}  " + "  ".join(f"{v:>11.1%} " for v in row))
    return lines


def summary_text(result: BacktestResult) -> str:
    """The summary as plain-text tables: median absolute % error of children in care, then of spend."""
    s = result.summary
    if s.empty:
        return "No council had enough years before a cut-off to be back-tested."
    order = [m.name for m in result.methods if m.name in s.columns]
    lines = [
        f"Median absolute error of children in care at 31 March, projected from each cut-off to "
        f"{result.last_year} ({result.councils} councils):",
        "",
        *_table(s, order),
    ]
    sp = result.summary_spend
    if not sp.empty:
        lines += [
            "",
            f"Median absolute error of placement spend (financial years), projected from each cut-off to "
            f"{result.last_year}:",
            "",
            *_table(sp, [m for m in order if m in sp.columns]),
        ]
    pc = result.per_council
    if {"default", "persistence"} <= set(pc.columns):
        both = pc[["default", "persistence"]].dropna()
        share = float((both["default"] < both["persistence"]).mean()) if len(both) else float("nan")
        lines += [
            "",
            f"The report's method beats 'last value carried forward' for {share:.0%} of councils "
            "(median error over cut-offs and years ahead).",
        ]
    lines += scorecard(result)
    lines += ["", "Methods: " + "; ".join(f"{m.name} = {m.label}" for m in result.methods)]
    return "\n".join(lines)


def scorecard(result: BacktestResult, min_ahead: int = 2) -> list[str]:
    """The default method against 'last value carried forward', ``min_ahead`` or more years ahead: the
    average over cut-offs of the median errors, the horizon where it does worst relative to it, and how
    far the summed projection fell from the published total."""
    s = result.summary
    if s.empty or not {"default", "persistence"} <= set(s.columns):
        return []
    s = s[s.index.get_level_values("ahead") >= min_ahead][["default", "persistence"]].dropna()
    if s.empty:
        return []
    ratio = s["default"] / s["persistence"] - 1.0
    (c, h), worst = ratio.idxmax(), float(ratio.max())
    out = [
        "",
        f"{min_ahead} or more years ahead: the report's method erred by {s['default'].mean():.2%} on average over the "
        f"cut-offs and years ahead, 'last value carried forward' by {s['persistence'].mean():.2%}. Its largest "
        f"shortfall against it is {worst:+.0%} (cut-off {int(c)}, {int(h)} years ahead)"
        + (";" if worst > 0 else " (it is never worse);")
        + f" it is more than 10% worse at {int((ratio > 0.10).sum())} of {len(ratio)} cut-off and horizon pairs.",
    ]
    t = result.totals
    if len(t):
        d = t[t["method"] == "default"]
        if len(d):
            dev = (d["ratio"] - 1.0).abs()
            out.append(
                f"Summed over councils, its projections were within {float(dev.max()):.1%} of the published totals "
                "at every cut-off and horizon."
            )
    return out


def scorecard_numbers(result: BacktestResult, min_ahead: int = 2) -> dict:
    """Median absolute % errors of children in care averaged over cut-offs and horizons of ``min_ahead`` or
    more years, by method, and the default's largest excess over 'last value carried forward'."""
    s = result.summary
    if s.empty or "default" not in s.columns:
        return {}
    s = s[s.index.get_level_values("ahead") >= min_ahead]
    out: dict = {"min_ahead": min_ahead, "mean_error": {m: round(float(s[m].mean()), 6) for m in s.columns}}
    if "persistence" in s.columns:
        ratio = (s["default"] / s["persistence"] - 1.0).dropna()
        if len(ratio):
            c, h = ratio.idxmax()
            out["worst"] = {"cutoff": int(c), "ahead": int(h), "excess": round(float(ratio.max()), 6)}
    return out
