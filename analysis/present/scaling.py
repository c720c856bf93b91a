"""Pro-rata scaling of headline results to other populations (the report's 500,000 table)."""

from __future__ import annotations

import pandas as pd

from analysis.common import fmt

ROWS = [
    ("spend_base", "Placement spend {base}", "money"),
    ("overspend_base", "Overspend {base}", "money"),
    ("spend_horizon_do_nothing", "Spend {horizon}, do nothing", "money"),
    ("spend_horizon_full", "Spend {horizon}, full impact", "money"),
    ("cumulative_benefit_full", "Cumulative benefit {first}-{horizon}", "money"),
    ("cumulative_overspend_full", "Cumulative overspend to break-even", "money"),
    ("entries_fewer_per_year", "Fewer entries a year", "count"),
    ("cla_horizon_do_nothing", "Children in care {horizon}, do nothing", "count"),
]


def scaled_table(h: dict, params) -> tuple[pd.DataFrame, list[str]]:
    """Columns: the report's population base, 500,000 and (if known) the area's own population."""
    years = {
        "base": fmt.year_label(h.get("base_year", 2025)),
        "horizon": h.get("horizon_year", 2035),
        "first": h.get("cumulative_from", 2026),
    }
    rows = [(k, label.format(**years), kind) for k, label, kind in ROWS]
    if params.report.area_kind == "aggregate":
        base_pop = h.get("population") or params.model.scaling.reference_population
        own = params.report.population
    else:
        base_pop = params.report.population
        own = None
    if not base_pop:
        data = {
            "Measure": [label for _, label, _ in rows],
            "This report": [fmt.money(h.get(k)) if kind == "money" else fmt.num(h.get(k)) for k, _, kind in rows],
        }
        return pd.DataFrame(data), [
            "The area's resident population is not set (params key report.population), "
            "so the results cannot be scaled to other populations."
        ]
    pops = [("500,000 residents", 500_000)]
    if own and own != 500_000 and own != base_pop:
        pops.append((f"{params.report.area_name} ({fmt.num(own)})", own))
    data = {"Measure": [label for _, label, _ in rows], f"This report ({fmt.num(base_pop)} residents)": []}
    for key, _, kind in rows:
        v = h.get(key)
        data[f"This report ({fmt.num(base_pop)} residents)"].append(fmt.money(v) if kind == "money" else fmt.num(v))
    for label, pop in pops:
        col = []
        for key, _, kind in rows:
            v = h.get(key)
            v = None if v is None else v * pop / base_pop
            col.append(fmt.money(v) if kind == "money" else fmt.num(v))
        data[label] = col
    notes = [
        f"Break-even year does not change with pro rata scaling: "
        f"{h.get('break_even_year_full') or 'not by ' + str(h.get('horizon_year', 2035))} at full impact."
    ]
    if h.get("scale_factor", 1.0) != 1.0:
        notes.append(
            f"This report is itself scaled from the CCN aggregate by a factor of "
            f"{h['scale_factor']:.4f} (target population {fmt.num(h['population'])})."
        )
    return pd.DataFrame(data), notes
