"""What the assumptions register should say a build actually used, where that is not the params value.

A council's or group's model is fitted to its own yearly history, so several params keys that set the
CCN aggregate are replaced by fitted values (unit-cost growth, entries, the exit hazard's level) or not
used at all (the published figures and calibration targets).  :func:`register_overrides` gives the
register (:func:`analysis.config.register.assumptions_register`) both, from the run's own results:

    reg = assumptions_register(ctx.params, **ctx.register_overrides())
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.common import fmt
from analysis.config.base import iter_params
from analysis.present.narrative import budget_assumed

CCN_ONLY = ("model.published.", "model.calibration.")


def _row(fit: pd.DataFrame | None, target: str) -> pd.Series | None:
    if fit is None or "target" not in fit:
        return None
    r = fit[fit["target"] == target]
    return r.iloc[0] if len(r) else None


def history_fitted(fit: pd.DataFrame | None) -> bool:
    """True when the run was fitted to a yearly history (its fit table has the fitted entry rate)."""
    return _row(fit, "entry_rate_per_10k") is not None


def register_overrides(
    params,
    headline: dict,
    fit: pd.DataFrame | None,
    history: pd.DataFrame | None = None,
    hazards_in_use: dict[str, str] | None = None,
) -> dict[str, dict[str, str]]:
    """``{"in_use": {key: value used}, "not_used": {key: reason}}`` for the register.

    Nothing changes for the CCN aggregate calibrated to the published figures, apart from the exit
    hazard's pattern when it was estimated from episodes (``hazards_in_use``)."""
    in_use: dict[str, str] = dict(hazards_in_use or {})
    not_used: dict[str, str] = {}
    if not history_fitted(fit):
        return {"in_use": in_use, "not_used": not_used}
    area = params.report.area_name
    h = headline
    base = h.get("base_year")

    uc, uc_used = _row(fit, "unit_cost_growth"), _row(fit, "unit_cost_growth_used")
    if uc_used is not None and uc is not None:
        eng, how = _row(fit, "unit_cost_growth_england"), []
        if eng is not None:
            how.append(
                f"shrunk towards the median English council's fitted trend ({fmt.pct(eng['model'], 2)}) by "
                "model.history.unit_cost_england_weight"
            )
        if "capped" in str(uc_used["kind"]):
            how.append("capped by model.history.unit_cost_growth_max")
        in_use["model.finance.unit_cost_growth"] = (
            f"{fmt.pct(uc_used['model'], 2)} a year: the trend fitted to the area's spend per child in care "
            f"({fmt.pct(uc['model'], 2)}), " + " and ".join(how)
        )
    elif uc is not None and str(uc["kind"]).startswith("fitted"):
        in_use["model.finance.unit_cost_growth"] = (
            f"{fmt.pct(uc['model'], 2)} a year, fitted to the area's spend per child in care (baseline fit table)"
        )
    bg = _row(fit, "budget_growth")
    if bg is not None and str(bg["kind"]).startswith("fitted"):
        in_use["model.finance.budget_growth"] = (
            f"{fmt.pct(bg['model'], 2)} a year, fitted to the area's budget ({bg['note']})"
        )
    if h.get("entries_base") is not None:
        in_use["model.baseline.entries_base"] = f"{fmt.num(h['entries_base'])} ({area}, {base}, from its history)"
    xr = _row(fit, "exit_rate")
    if xr is not None:
        in_use["model.baseline.exit_hazard"] = (
            f"level set by the area's fitted exit rate, {fmt.pct(xr['model'], 1)} in {base}"
        )
    not_used["model.baseline.entry_growth"] = "entries follow the area's fitted entry rate (model.history)"
    for key, *_ in iter_params(params):
        if key.startswith(CCN_ONLY):
            not_used[key] = "CCN aggregate only"
    if not budget_assumed(h):
        not_used["model.finance.budget_gap_if_missing"] = "a budget was supplied"
    if history is not None and "spend" in history and history["spend"].notna().any():
        not_used["model.finance.unit_cost_if_missing"] = "spend was given"
    if params.model.scaling.target_population is None:
        not_used["model.scaling.reference_population"] = "the CCN total; this area's model is not scaled pro rata"
    return {"in_use": in_use, "not_used": not_used}


# --------------------------------------------------------------------------------------------------
# The register as a reader sees it: one currency style, no names of the package's own working papers

#: Source notes in the params that point at the package's working papers, in words a reader can use
_INTERNAL = [
    (
        re.compile(r"issue #\d+ asks for exits by duration where child-level data exist"),
        "exits depend on time in care, estimated from the council's own episodes where it supplies them",
    ),
    (
        re.compile(r"following the reconstruction in [A-Z]+\.md"),
        "following the package's reconstruction of the published results",
    ),
    (re.compile(r"\s*\([A-Z]+\.md, '[^']*'\)"), ""),
    (re.compile(r"\b[A-Z]+\.md\b"), "the package's design notes"),
    (re.compile(r"\bissue #\d+\b"), "a design decision of the package"),
]


def for_readers(text: object) -> str:
    """A register or note text as a reader should see it: pounds as '£' ('GBP 1.3bn' -> '£1.3bn',
    'GBP per year' -> '£ per year') and no references to the package's working papers."""
    s = "" if text is None else str(text)
    for pat, repl in _INTERNAL:
        s = pat.sub(repl, s)
    s = re.sub(r"\bGBP\s?(?=\d)", "£", s)
    return re.sub(r"\bGBP\b", "£", s)


def register_for_readers(reg: pd.DataFrame) -> pd.DataFrame:
    """Every text column of an assumptions register through :func:`for_readers`."""
    out = reg.copy()
    for c in out.columns:
        if c != "Key":
            out[c] = out[c].map(for_readers)
    return out
