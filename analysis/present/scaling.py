"""Pro-rata scaling of headline results to other populations (the report's 500,000 table)."""

from __future__ import annotations

import pandas as pd

from analysis.common import fmt
from analysis.common.escape import md_text
from analysis.present.narrative import budget_assumed

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
#: Rows whose figure is measured against the budget (labelled when the budget is assumed).
BUDGET_ROWS = ("overspend_base", "cumulative_overspend_full")
#: The reference populations of the two bases: residents (the report's table) and children aged 0-17.
REFERENCE_RESIDENTS = 500_000
REFERENCE_CHILDREN = 100_000


def children_0_17(history: pd.DataFrame | None) -> tuple[int, float] | None:
    """The area's ONS population aged 0-17 in the last year of its yearly history, with that year
    (year t holds the mid-(t-1) estimate, as DfE's rates per 10,000 children do); None without one."""
    if history is None or "population_0_17" not in history or "year" not in history:
        return None
    d = history.dropna(subset=["population_0_17"])
    d = d[d["population_0_17"] > 0]
    if d.empty:
        return None
    last = d.iloc[-1]
    return int(last["year"]), float(last["population_0_17"])


def source_note(params, children: tuple[int, float] | None = None) -> str:
    """Where the populations in the scaling table come from."""
    if params.report.area_kind == "aggregate":
        return "Impact model in this package; CCN population 27 million as stated in the report"
    if params.report.population:
        return "Impact model in this package; the area's resident population from the params file (report.population)"
    if children is not None:
        return (
            f"Impact model in this package; ONS mid-{children[0] - 1} population estimate, children aged 0 to 17 "
            "(DfE public data folder)"
        )
    return "Impact model in this package"


def scaled_table(h: dict, params, children: tuple[int, float] | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Columns: the report's population base, a reference population and (if known) the area's own.

    The CCN aggregate scales by residents (27 million, and 500,000 as in the report).  A council or
    group scales by its residents when ``report.population`` is set, else by its children aged 0-17
    (``children``: year and count from its history, see :func:`children_0_17`), the only population
    the public data hold."""
    years = {
        "base": fmt.year_label(h.get("base_year", 2025)),
        "horizon": h.get("horizon_year", 2035),
        "first": h.get("cumulative_from", 2026),
    }
    assumed = budget_assumed(h)
    rows = [
        (k, label.format(**years) + (" (assumed budget)" if assumed and k in BUDGET_ROWS else ""), kind)
        for k, label, kind in ROWS
    ]
    unit, reference = "residents", REFERENCE_RESIDENTS
    notes: list[str] = []
    if params.report.area_kind == "aggregate":
        base_pop = h.get("population") or params.model.scaling.reference_population
        own = params.report.population
    elif params.report.population:
        base_pop = params.report.population
        own = None
    elif children is not None:
        year, base_pop = children
        own = None
        unit, reference = "children aged 0 to 17", REFERENCE_CHILDREN
        notes.append(
            f"The public data hold the ONS population of children aged 0 to 17 but not of all residents, so this "
            f"table scales by children: {md_text(params.report.area_name)} had {fmt.num(base_pop)} in "
            f"mid-{year - 1}, the "
            f"estimate DfE uses for {year}. The model's entry rates are per child, so children are a natural "
            "base; setting report.population to the area's residents scales by residents instead."
        )
    else:
        base_pop = None
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
    pops = [(f"{fmt.num(reference)} {unit}", reference)]
    if own and own != reference and own != base_pop:
        pops.append((f"{params.report.area_name} ({fmt.num(own)})", own))
    this = f"This report ({fmt.num(base_pop)} {unit})"
    data = {"Measure": [label for _, label, _ in rows], this: []}
    for key, _, kind in rows:
        v = h.get(key)
        data[this].append(fmt.money(v) if kind == "money" else fmt.num(v))
    for label, pop in pops:
        col = []
        for key, _, kind in rows:
            v = h.get(key)
            v = None if v is None else v * pop / base_pop
            col.append(fmt.money(v) if kind == "money" else fmt.num(v))
        data[label] = col
    notes.append(
        f"Break-even year does not change with pro rata scaling: "
        f"{h.get('break_even_year_full') or 'not by ' + str(h.get('horizon_year', 2035))} at full impact"
        + (" (against the assumed budget; no budget was supplied)." if assumed else ".")
    )
    if h.get("scale_factor", 1.0) != 1.0:
        notes.append(
            f"This report is itself scaled from the CCN aggregate by a factor of "
            f"{h['scale_factor']:.4f} (target population {fmt.num(h['population'])})."
        )
    return pd.DataFrame(data), notes
