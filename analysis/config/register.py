"""The assumptions register: every params key with its value, unit, source and where it is used."""

from __future__ import annotations

import pandas as pd

from analysis.config.base import iter_params

USED_IN = {
    "report": "Title pages and every chapter",
    "history": "Baseline fit (impact chapter, methodology)",
    "model.years": "All projections",
    "model.published": "Baseline calibration (methodology, reproduction check)",
    "model.calibration": "Baseline calibration (methodology, reproduction check)",
    "model.baseline": "Do-nothing projection (impact chapter); exit hazard by years in care (methodology)",
    "model.impact": "Entries and exits with the shifts (impact chapter, key findings)",
    "model.phasing": "Timing of the impact (impact chapter)",
    "model.exits": "Exits with the shifts (impact chapter)",
    "model.finance": "Spend, budget and break-even (impact chapter, key findings)",
    "model.parents": "Parents supported (key findings, shift 1)",
    "model.scaling": "Scaling chapter",
    "model.reentry": "Re-entry sensitivity (impact chapter)",
    "model.uncertainty": "Uncertainty bands and tornado chart (impact chapter)",
    "model.history": "Baseline fit for a council's own history",
    "model.scenarios": "Custom scenarios (impact chapter)",
    "child_data": "Evidence chapters (shifts 1 to 5)",
    "disclosure": "Every table and figure from child-level data",
    "measures": "Definitions of the evidence measures (shifts 1 to 5)",
    "public_data": "Council and group reports (context, comparators)",
    "render": "Build only",
    "enablers": "Enablers chapter",
}


def _fmt(v) -> str:
    if isinstance(v, float):
        if abs(v) >= 1000:
            return f"{v:,.0f}"
        return f"{v:.4g}"
    if isinstance(v, (list, tuple)):
        return ", ".join(_fmt(x) for x in v) if v else "(none)"
    if isinstance(v, dict):
        return f"{len(v)} entries" if v else "(none)"
    if v is None:
        return "(not set)"
    return str(v)


def assumptions_register(
    params,
    sections: tuple[str, ...] | None = None,
    in_use: dict[str, str] | None = None,
    not_used: dict[str, str] | None = None,
) -> pd.DataFrame:
    """One row per params key.  ``in_use`` maps a key to what the build actually used when that differs
    from the params value (e.g. ``model.baseline.hazard_shape`` estimated from episodes, or a council's
    fitted unit-cost growth); the register then shows both.  ``not_used`` maps a key the build did not
    use at all (e.g. the CCN calibration targets in a council's report) to the reason."""
    rows = []
    in_use = in_use or {}
    not_used = not_used or {}
    for key, value, unit, source, desc in iter_params(params):
        top = ".".join(key.split(".")[:2]) if key.startswith("model.") else key.split(".")[0]
        if sections and not any(key.startswith(s) for s in sections):
            continue
        shown = _fmt(value)
        if key in in_use:
            shown = f"{in_use[key]} (params value {shown}, not used)"
        elif key in not_used:
            shown = f"{shown} (not used: {not_used[key]})"
        rows.append(
            {
                "Key": key,
                "Value": shown,
                "Unit": unit,
                "Source": source,
                "Meaning": desc,
                "Used in": USED_IN.get(top, USED_IN.get(key.split(".")[0], "")),
            }
        )
    return pd.DataFrame(rows)
