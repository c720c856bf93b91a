"""The area's own back-test, as the methodology appendix shows it: a sentence and a table computed
from ``ctx.own_backtest`` (the last published years projected from an earlier cut-off)."""

from __future__ import annotations

import pandas as pd

from analysis.common import fmt

NAMES = {"default": "This report's method", "persistence": "Nothing changes", "line": "Straight line"}


def _errors(bt: pd.DataFrame, metric: str = "cla") -> pd.Series:
    """Mean absolute percentage error of each method over the projected years."""
    d = bt[bt["metric"] == metric]
    return pd.Series({m: float(((d[m] - d["actual"]).abs() / d["actual"]).mean()) for m in NAMES})


def sentence(bt: pd.DataFrame, area: str) -> str:
    cla = bt[bt["metric"] == "cla"].sort_values("year")
    cutoff, last = int(bt["cutoff"].iloc[0]), int(cla["year"].iloc[-1])
    err = _errors(bt)
    d, p0 = err["default"], err["persistence"]
    if d < p0 * 0.9:
        verdict = "closer than carrying the last value forward"
    elif d <= p0 * 1.1:
        verdict = "about as close as carrying the last value forward"
    else:
        verdict = "further off than carrying the last value forward"
    a, p = cla["actual"].iloc[-1], cla["default"].iloc[-1]
    return (
        f"To show how the do-nothing method does on this area's own data, it was fitted to the history of {area} up "
        f"to {cutoff} only and projected to {last}. It put children in care at {fmt.num(p)} in {last}, against "
        f"{fmt.num(a)} published, an error of {fmt.pct(abs(p - a) / a, 0)}; over the {len(cla)} projected years "
        f"its average error was {fmt.pct(err['default'], 0)}, {verdict} (nothing changes: "
        f"{fmt.pct(err['persistence'], 0)}; straight line: {fmt.pct(err['line'], 0)}). One area's few years "
        "are a small test: the method was chosen on every council's data (see above)."
    )


def table(bt: pd.DataFrame) -> pd.DataFrame:
    cla = bt[bt["metric"] == "cla"].sort_values("year")
    out = pd.DataFrame({"Year ending 31 March": cla["year"].astype(int).astype(str), "Published": cla["actual"]})
    for m, label in NAMES.items():
        out[label] = cla[m]
    for c in out.columns[1:]:
        out[c] = [fmt.num(v) for v in out[c]]
    return out.reset_index(drop=True)
