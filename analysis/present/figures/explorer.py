"""The scenario explorer: one interactive figure in the HTML impact chapter, drawn from the grid of
model runs made at build time (:mod:`analysis.model.explorer`).

Vega-Lite parameters bound to inputs (a slider for each shift, a list for the first year of impact,
radio buttons for the growth rates) filter the precomputed rows; the page computes nothing itself,
apart from choosing which stored column to draw.  The PDF shows the chart at the report's own
settings (the nearest grid point) and a static table of key settings beside it.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from analysis.common import fmt
from analysis.model.explorer import ENTRY_STEPS, EXIT_STEPS, ExplorerGrid
from analysis.present.charts import SCENARIO_COLOURS, layer, props, resolve_scale, vconcat
from analysis.present.figures import Fig

YOURS = "Your settings"
REPORT = "Full impact (report)"
DN = "Do nothing"
SUMMARY = "explorer_summary"
PATHS = "explorer_paths"
REFS = "explorer_reference"
COLOURS = {YOURS: "#0072B2", REPORT: "#009E73", DN: SCENARIO_COLOURS["Do nothing"], "Budget": "#000000"}


def _nearest(values, target: float) -> float:
    values = np.asarray(values, dtype=float)
    return float(values[int(np.argmin(np.abs(values - target)))])


def _money_scale(top: float) -> tuple[float, str]:
    return (1e9, "bn") if top >= 2e9 else (1e6, "m") if top >= 2e6 else (1e3, "k")


def _packed(g: ExplorerGrid, unit: float) -> list[dict]:
    """One record per (entry, exit, first year) holding its yearly arrays (flattened in the page).  Every
    grid point has a row for each year (:func:`analysis.model.explorer.grid`), so the sorted columns reshape
    into one array row per point."""
    p = g.paths.sort_values(["e", "x", "f", "y"], kind="stable")
    n = len(set(p["y"]))
    if n == 0 or len(p) % n or (p["y"].to_numpy().reshape(-1, n) != np.sort(p["y"].unique())).any():
        raise ValueError("the explorer grid must have one row for every year at every grid point")
    keys = p[["e", "x", "f"]].to_numpy()[::n]
    years = [int(y) for y in p["y"].to_numpy()[:n]]
    cla = p["c"].to_numpy(dtype=float).reshape(-1, n)
    spend = [(p[f"s{i}"].to_numpy(dtype=float) / unit).reshape(-1, n) for i in range(len(g.unit_cost_growth))]
    out = []
    for k, (e, x, f) in enumerate(keys):
        rec = {"e": float(e), "x": float(x), "f": int(f), "y": list(years), "c": [round(v) for v in cla[k].tolist()]}
        for i, s in enumerate(spend):
            rec[f"s{i}"] = [round(v, 3) for v in s[k].tolist()]
        out.append(rec)
    return out


def _summary(g: ExplorerGrid, unit: float) -> list[dict]:
    out = []
    for r in g.summary.to_dict("records"):
        rec = {"e": r["e"], "x": r["x"], "f": int(r["f"])}
        for i in range(len(g.unit_cost_growth)):
            rec[f"cb{i}"] = round(r[f"cb{i}0"] / unit, 1)
            for j in range(len(g.budget_growth)):
                rec[f"be{i}{j}"] = int(r[f"be{i}{j}"])
        out.append(rec)
    return out


def explorer(g: ExplorerGrid, ref: pd.DataFrame, area: str, budget_word: str = "budget") -> Fig:
    """The explorer figure for ``area``; ``budget_word`` is 'assumed budget' where no budget was given."""
    top = float(max(g.paths["s2"].max(), g.budget["b2"].max()))
    unit, suffix = _money_scale(top)
    c = g.central
    e0 = _nearest(ENTRY_STEPS, 100 * c["entry_reduction"])
    x0 = _nearest(EXIT_STEPS, 100 * c["exit_uplift"])
    f0 = c["first_impact_year"] if c["first_impact_year"] in g.first_years else g.first_years[len(g.first_years) // 2]
    entry = alt.param(
        name="entry",
        value=e0,
        bind=alt.binding_range(min=0, max=float(max(ENTRY_STEPS)), step=2.5, name="Fewer entries (%) "),
    )
    exits = alt.param(
        name="exits",
        value=x0,
        bind=alt.binding_range(min=0, max=float(max(EXIT_STEPS)), step=1, name="More exits (%) "),
    )
    first = alt.param(
        name="first", value=int(f0), bind=alt.binding_select(options=list(g.first_years), name="First year of impact ")
    )
    ucg = alt.param(
        name="ucg",
        value=1,
        bind=alt.binding_radio(
            options=[0, 1, 2], labels=[fmt.pct(v, 1) for v in g.unit_cost_growth], name="Unit-cost growth a year "
        ),
    )
    bgp = alt.param(
        name="bg",
        value=1,
        bind=alt.binding_radio(
            options=[0, 1, 2], labels=[fmt.pct(v, 1) for v in g.budget_growth], name="Budget growth a year "
        ),
    )
    params = [entry, exits, first, ucg, bgp]
    x_enc = alt.X("y:O", title="Year ending 31 March", axis=alt.Axis(labelAngle=0))
    domain = [YOURS, REPORT, DN]
    colour = alt.Color(
        "scenario:N",
        scale=alt.Scale(domain=domain + ["Budget"], range=[COLOURS[k] for k in domain + ["Budget"]]),
        legend=alt.Legend(title=None, orient="bottom"),
    )
    dash = alt.StrokeDash(
        "scenario:N",
        scale=alt.Scale(domain=domain + ["Budget"], range=[[1, 0], [6, 3], [2, 2], [8, 2, 2, 2]]),
        legend=None,
    )
    chosen = (
        alt.Chart(alt.NamedData(name=PATHS))
        .transform_filter("datum.e == entry && datum.x == exits && datum.f == first")
        .transform_flatten(["y", "c", "s0", "s1", "s2"])
        .transform_calculate(scenario=f"'{YOURS}'", spend="[datum.s0, datum.s1, datum.s2][ucg]")
    )
    refs_records = [
        {
            "scenario": name,
            "y": d["y"].astype(int).tolist(),
            "c": [round(v) for v in d["c"]],
            **{f"s{i}": [round(v / unit, 3) for v in d[f"s{i}"]] for i in range(3)},
        }
        for name, d in ref.groupby("scenario", sort=False)
    ]
    refs = (
        alt.Chart(alt.NamedData(name=REFS))
        .transform_flatten(["y", "c", "s0", "s1", "s2"])
        .transform_calculate(spend="[datum.s0, datum.s1, datum.s2][ucg]")
    )
    budget = alt.Chart(
        alt.Data(
            values=[
                {"y": int(r.y), "b": [round(getattr(r, f"b{j}") / unit, 3) for j in range(3)]}
                for r in g.budget.itertuples()
            ]
        )
    ).transform_calculate(spend="datum.b[bg]", scenario="'Budget'")
    cla_chart = layer(
        refs.mark_line().encode(
            x=x_enc, y=alt.Y("c:Q", title="Children in care at 31 March"), color=colour, strokeDash=dash
        ),
        chosen.mark_line(point=True).encode(x=x_enc, y=alt.Y("c:Q"), color=colour, strokeDash=dash),
        width=520,
        height=220,
        title="Children in care",
    )
    money = f"£{suffix}"
    spend_chart = layer(
        refs.mark_line().encode(
            x=x_enc, y=alt.Y("spend:Q", title=f"Placement spend ({money})"), color=colour, strokeDash=dash
        ),
        budget.mark_line().encode(x=x_enc, y=alt.Y("spend:Q"), color=colour, strokeDash=dash),
        chosen.mark_line(point=True).encode(x=x_enc, y=alt.Y("spend:Q"), color=colour, strokeDash=dash),
        width=520,
        height=220,
        title=f"Placement spend and {budget_word}",
    )
    h = g.horizon
    text = props(
        alt.Chart(alt.NamedData(name=SUMMARY))
        .transform_filter("datum.e == entry && datum.x == exits && datum.f == first")
        .transform_calculate(
            be="datum['be' + ucg + '' + bg]",
            cb="datum['cb' + ucg]",
        )
        .transform_calculate(
            line=(
                f"(datum.be > 0 ? 'Spend is back within the {budget_word} in ' + datum.be : "
                f"'Spend is not back within the {budget_word} by {h}') + '. Avoided spend to {h}: £' + "
                f"format(datum.cb, ',.1f') + '{suffix}.'"
            )
        )
        .mark_text(align="left", fontSize=14, fontWeight="bold")
        .encode(text=alt.Text("line:N"), x=alt.XValue(0), y=alt.YValue(10)),
        width=520,
        height=24,
    )
    # the results table is a named dataset, so that the page can read the result the chart shows into a
    # line of text for screen readers (p2r.js) without computing anything
    chart = vconcat(
        text,
        cla_chart,
        spend_chart,
        resolve=resolve_scale(color="shared"),
        usermeta={"p2r_explorer": {"dataset": SUMMARY, "horizon": h, "suffix": suffix, "budget_word": budget_word}},
        # the inputs' parameters at the top, where .add_params(*params) lifts them to (they are variables,
        # bound to no view)
        params=[p.param for p in params],
    )
    table = settings_table(g)
    lo, hi = g.first_years[0], g.first_years[-1]
    return Fig(
        key="impact-explorer",
        title="Explore the scenarios",
        caption=(
            f"Children in care and placement spend in {area} for the settings chosen with the controls: fewer "
            f"entries (0% to 30% in steps of 2.5 points), more exits (0% to 5% in steps of 1 point), a first year "
            f"of impact from {lo} to {hi}, and unit-cost and budget growth one point either side of this "
            "report's values. Every line is a run of the model made when the report was built; the controls only "
            f"choose among them. The report's full impact and do nothing stay as reference lines. Spend is "
            f"shown in £{suffix}."
        ),
        alt=(
            f"Interactive charts of children in care and of placement spend against the {budget_word} in {area}, "
            "with a line of text giving the break-even year and the avoided spend for the chosen settings. "
            "The table after the chart gives the same results for key settings."
        ),
        source="Impact model in this package, run over the grid of settings when the report was built",
        chart=chart,
        data=table,
        # the large datasets join the spec after Altair's conversion (see charts.figure_bundle)
        datasets={SUMMARY: _summary(g, unit), PATHS: _packed(g, unit), REFS: refs_records},
    )


def settings_table(g: ExplorerGrid) -> pd.DataFrame:
    """Break-even year and avoided spend for key settings (central growth rates, the report's first
    year): the printable stand-in for the controls."""
    s = g.summary
    f0 = g.central["first_impact_year"] if g.central["first_impact_year"] in g.first_years else g.first_years[0]
    keep = s[(s["f"] == f0) & s["e"].isin([0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0]) & s["x"].isin([0.0, 2.0, 5.0])]
    rows = []
    for r in keep.itertuples(index=False):
        be = int(r.be11)
        rows.append(
            {
                "Fewer entries (%)": r.e,
                "More exits (%)": r.x,
                "Back within budget": be if be else f"not by {g.horizon}",
                f"Avoided spend to {g.horizon}": fmt.money(float(r.cb10)),
            }
        )
    return pd.DataFrame(rows)


def _pct(v) -> str:
    return "not reachable" if v is None or pd.isna(v) else fmt.pct(float(v), 1)


def goal_table_view(goal: pd.DataFrame) -> pd.DataFrame:
    """The goal-seek table as shown: one row per target year, shares as per cent."""
    return pd.DataFrame(
        {
            "Within budget by": goal["year"].astype(int),
            "Fewer entries needed": [_pct(v) for v in goal["entry_reduction"]],
            "More exits needed": [_pct(v) for v in goal["exit_uplift"]],
            "Both, times the report's full impact": [
                "not reachable" if pd.isna(v) else f"{float(v):.2f}" for v in goal["both_scale"]
            ],
        }
    )


def goal_sentences(goal: pd.DataFrame, h: dict, assumed_budget: bool) -> list[str]:
    """What the goal-seek table says, in words read from it."""
    budget = "the assumed budget" if assumed_budget else "budget"
    red, upl = h.get("entry_reduction_full"), h.get("exit_uplift_full")
    ok = goal.dropna(subset=["both_scale"])
    out = [
        f"How large would the shifts have to be for placement spend to be back within {budget} by a given year? "
        "The table answers three ways: fewer entries alone (with the report's "
        f"{fmt.pct(upl, 1)} more exits), more exits alone (with the report's {fmt.pct(red, 1)} fewer entries), and "
        "both together as a multiple of the report's full impact. A root finder on the model gives each answer "
        "for the central case (the same answers come from `p2r goal`); the simulations in 'How sure can we be?' "
        "show how far the real outcome could fall from it."
    ]
    if ok.empty:
        out.append(
            f"No setting in range brings spend back within {budget} by {int(goal['year'].max())}: even 95% fewer "
            "entries, twice the exits or ten times the report's pair would not."
        )
        return out
    first = ok.iloc[0]
    last = goal.iloc[-1]
    txt = (
        f"The earliest year it can be done is {int(first.year)}, with both shifts at "
        f"{float(first.both_scale):.1f} times the report's full impact."
    )
    if not pd.isna(last.both_scale):
        k = float(last.both_scale)
        txt += f" By {int(last.year)} the report's full impact would " + (
            f"be enough with room to spare: {k:.2f} times it would do."
            if k < 0.995
            else "only just do it."
            if k <= 1.005
            else f"not be enough: it would take {k:.2f} times it."
        )
    out.append(txt)
    if assumed_budget:
        out.append(
            "No placement budget was supplied for this area, so every answer here rests on the assumed budget; "
            "supplying the council's budget makes them its own."
        )
    return out
