"""Impact charts (report figures 24-28) and the uncertainty charts, from the model results."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from analysis.common import fmt
from analysis.present.charts import SCENARIO_COLOURS
from analysis.present.figures import Fig
from analysis.present.narrative import assumed_gap, budget_assumed, budget_term, direction_word

SCENARIO_LABELS = {
    "do_nothing": "Do nothing",
    "full": "Full impact",
    "half": "Half impact",
    "entries_only": "Entries only",
}
ASSUMPTION_LABELS = {
    "impact_scale": "Size of the impact",
    "delay": "Delay before the shifts take effect",
    "unit_cost_growth": "Growth in cost per child",
    "hazard_multiplier": "Rate at which children leave care",
    "budget_growth": "Growth in the budget",
}
MODEL_SOURCE = "Impact model in this package; assumptions in the methodology appendix"


def _series(results, metric: str, scenarios: list[str]) -> pd.DataFrame:
    s = results.series
    d = s[(s["metric"] == metric) & (s["scenario"].isin(scenarios))].copy()
    d["Scenario"] = d["scenario"].map(SCENARIO_LABELS).fillna(d["scenario"])
    return d[["Scenario", "year", "value"]].rename(columns={"year": "Year", "value": metric})


def _value(results, scenario: str, metric: str, year: int) -> float:
    s = results.series
    v = s[(s.scenario == scenario) & (s.metric == metric) & (s.year == year)]["value"]
    return float(v.iloc[0]) if len(v) else float("nan")


def _lines(data: pd.DataFrame, y: str, y_title: str, money: bool = False, zero: bool = False) -> alt.Chart:
    domain = [s for s in SCENARIO_COLOURS if s in set(data["Scenario"])]
    axis = alt.Axis(format=",.0f", title=y_title)
    if money:
        top = float(data[y].abs().max()) if len(data) else 0.0
        expr = (
            "'£' + format(datum.value / 1e9, '.1f') + 'bn'"
            if top >= 2e9
            else "'£' + format(datum.value / 1e6, ',.0f') + 'm'"
            if top >= 2e6
            else "'£' + format(datum.value / 1e3, ',.0f') + 'k'"
        )
        axis = alt.Axis(title=y_title, labelExpr=expr)
    base = alt.Chart(data).encode(
        x=alt.X("Year:O", title="Year ending 31 March", axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{y}:Q", axis=axis, scale=alt.Scale(zero=zero)),
        color=alt.Color(
            "Scenario:N",
            scale=alt.Scale(domain=domain, range=[SCENARIO_COLOURS[s] for s in domain]),
            legend=alt.Legend(title=None),
        ),
        strokeDash=alt.StrokeDash(
            "Scenario:N",
            legend=alt.Legend(title=None),
            scale=alt.Scale(domain=domain, range=[[1, 0], [6, 3], [2, 2], [8, 2, 2, 2], [4, 4]][: len(domain)]),
        ),
        tooltip=["Scenario", "Year", alt.Tooltip(f"{y}:Q", format=",.0f")],
    )
    return (base.mark_line() + base.mark_point(size=30)).properties(width=560, height=300)


def entries(results, area: str) -> Fig:
    d = _series(results, "entries", ["do_nothing", "full", "half"])
    h = results.headline
    y0, y1 = h.get("base_year", 2025), h.get("horizon_year", 2035)
    fewer = h.get("entries_fewer_per_year")
    return Fig(
        key="impact-entries",
        title="Children entering care each year",
        caption=(
            f"Entries to care each year in {area} under do nothing and with the shifts at full and half "
            f"impact. At full impact {fmt.about(fewer, 50, 'fewer child', 'fewer children')} a year enter care "
            f"from {h.get('mean_window_start', 2029)}."
            + (
                f" The lines include {fmt.num(h.get('uasc_entries_base'))} unaccompanied asylum-seeking children "
                f"a year, the {y0} number, held apart: the shifts act only on the other entries."
                if h.get("uasc_entries_base") is not None
                else ""
            )
        ),
        alt=(
            f"Line chart of yearly entries to care, {y0} to {y1}. With the shifts at full impact the line falls "
            f"below do nothing from {h.get('impact_start_year', 2028)}, "
            f"by {fmt.about(fewer, 50, 'child', 'children')} a year from {h.get('mean_window_start', 2029)}; "
            f"half impact sits between the two."
        ),
        source=MODEL_SOURCE,
        chart=_lines(d, "entries", "Children entering care"),
        data=d,
        report_figure="24",
    )


def exits(results, area: str) -> Fig:
    d = _series(results, "exits", ["do_nothing", "entries_only", "full"])
    h = results.headline
    y0, y1 = h.get("base_year", 2025), h.get("horizon_year", 2035)
    return Fig(
        key="impact-exits",
        title="Children leaving care each year",
        caption=(
            f"Exits from care each year in {area}. Fewer entries alone mean "
            f"{fmt.about(h.get('exits_fewer_entries_only_per_year'), 50, 'fewer exit', 'fewer exits')} a year "
            f"({h.get('mean_window_start', 2029)} to {h.get('mean_window_end', 2035)}), "
            f"because fewer children are in care to leave; the reconnection shift adds "
            f"{fmt.about(h.get('exits_extra_per_year'), 10, 'exit', 'exits')} a year back."
        ),
        alt=(
            f"Line chart of yearly exits from care, {y0} to {y1}, for do nothing, fewer entries only and full "
            f"impact. Both impact lines fall below do nothing after {h.get('impact_start_year', 2028)}; "
            f"full impact sits a little above "
            f"entries only."
        ),
        source=MODEL_SOURCE,
        chart=_lines(d, "exits", "Children leaving care"),
        data=d,
        report_figure="25",
    )


def children_in_care(results, area: str) -> Fig:
    d = _series(results, "cla", ["do_nothing", "full", "half"])
    h = results.headline
    y0, y1 = h.get("base_year", 2025), h.get("horizon_year", 2035)
    y0 = int(d["Year"].min())
    chart = _lines(d, "cla", "Children in care at 31 March")
    unc = getattr(results, "uncertainty", None)
    band_note = ""
    if unc is not None and len(unc) and "metric" in unc:
        u = unc[(unc["metric"] == "cla")].copy()
        if "scenario" in u:
            u = u[u["scenario"] == "full"]
        if len(u):
            u = u.rename(columns={"year": "Year"})
            band = (
                alt.Chart(u)
                .mark_area(opacity=0.18, color=SCENARIO_COLOURS["Full impact"])
                .encode(x="Year:O", y=alt.Y("q10:Q"), y2="q90:Q")
            )
            chart = (band + chart).properties(width=560, height=300)
            band_note = " The shaded band is the 80% interval for full impact from the Monte Carlo analysis."
            d = d.merge(u[["Year", "q10", "q90"]].assign(Scenario="Full impact"), on=["Scenario", "Year"], how="left")
    bp = getattr(results, "baseline_projection", None)
    if bp is not None and len(bp) and band_note:
        # a council's do-nothing band: how far this method's projections of past years missed (back-test)
        b = bp[(bp["metric"] == "cla") & (bp["year"] > y0)].rename(columns={"year": "Year"})
        if len(b) and not np.allclose(b["lower"], b["upper"]):
            dn_band = (
                alt.Chart(b)
                .mark_area(opacity=0.14, color=SCENARIO_COLOURS["Do nothing"])
                .encode(x="Year:O", y=alt.Y("lower:Q"), y2="upper:Q")
            )
            band = dn_band + band
            chart = (dn_band + chart).properties(width=560, height=300)
            d = d.merge(
                b[["Year", "lower", "upper"]].assign(Scenario="Do nothing"), on=["Scenario", "Year"], how="left"
            )
            band_note += (
                " The orange band around do nothing runs from the 10th to the 90th percentile of how far this "
                "method's projections of past years missed, by years ahead (the back-test in the methodology)."
            )
    cla0 = _value(results, "do_nothing", "cla", y0)
    cla1 = h.get("cla_horizon_do_nothing")
    uasc_note = ""
    if h.get("uasc_cla_base") is not None:
        # unaccompanied asylum-seeking children, held apart from the modelled flows: drawn as their own line
        u = _series(results, "uasc_cla", ["do_nothing"]).rename(columns={"uasc_cla": "cla"})
        u["Scenario"] = "UASC (held apart)"
        d = pd.concat([d, u], ignore_index=True)
        chart = _lines(d, "cla", "Children in care at 31 March")
        if band_note:
            chart = (band + chart).properties(width=560, height=300)
        uasc_note = (
            " Each scenario's line counts the unaccompanied asylum-seeking children too; the grey line shows them "
            f"alone: {fmt.num(h.get('uasc_cla_base'))} in {y0}, held at {fmt.num(h.get('uasc_cla_horizon'))}. "
            "The shifts do not act on them."
        )
    return Fig(
        key="impact-cla",
        title="Children in care",
        caption=(
            f"Children in care in {area}: {fmt.num(cla0)} in {y0}, {direction_word(cla0, cla1, 'ing_to')} "
            f"{fmt.num(h.get('cla_horizon_do_nothing'))} by {y1} if nothing changes, and "
            f"{fmt.num(h.get('cla_horizon_full'))} with the shifts at full impact.{band_note}{uasc_note}"
        ),
        alt=(
            f"Line chart of children in care from {y0} to {y1}. Do nothing {direction_word(cla0, cla1, 's_to')} "
            f"{fmt.num(h.get('cla_horizon_do_nothing'))}; full impact ends at {fmt.num(h.get('cla_horizon_full'))} "
            f"and half impact at {fmt.num(h.get('cla_horizon_half'))}."
        ),
        source=MODEL_SOURCE,
        chart=chart,
        data=d,
        report_figure="26",
    )


def spend_budget(results, area: str, scenario: str = "full") -> Fig:
    label = SCENARIO_LABELS[scenario]
    h = results.headline
    assumed = budget_assumed(h)
    budget_label = "Assumed budget" if assumed else "Budget"
    d = _series(results, "spend", ["do_nothing", scenario])
    b = _series(results, "budget", ["do_nothing"]).assign(Scenario=budget_label).rename(columns={"budget": "spend"})
    data = pd.concat([d, b], ignore_index=True).rename(columns={"spend": "pounds"})
    y0, y1 = h.get("base_year", 2025), h.get("horizon_year", 2035)
    be = h.get(f"break_even_year_{scenario}")
    chart = _lines(data, "pounds", f"Placement spend and {budget_label.lower()}", money=True)
    if be:
        rule = alt.Chart(pd.DataFrame({"Year": [be], "label": [f"Break-even {be}"]}))
        chart = (
            chart
            + rule.mark_rule(color="#1b1b1b", strokeDash=[3, 3]).encode(x="Year:O")
            + rule.mark_text(align="left", dx=4, dy=-130, color="#1b1b1b").encode(x="Year:O", text="label")
        ).properties(width=560, height=300)
    s35 = h.get(f"spend_horizon_{scenario}")
    cum = h.get(f"cumulative_overspend_{scenario}")
    budget = budget_term(h)
    if be:
        be_txt = f"spend falls to within {budget} in {be}, after a cumulative overspend of {fmt.money(cum)}"
    else:
        be_txt = (
            f"spend is still above {budget} in {y1}, a cumulative overspend of {fmt.money(cum)} "
            f"from {h.get('cumulative_from', 2026)}"
        )
    against = (
        f"an assumed budget of {fmt.money(h.get('budget_base'))} in {fmt.year_label(y0)} (no budget was supplied, "
        f"so it is spend less {fmt.pct(assumed_gap(h), 1)}, growing {fmt.pct(h.get('budget_growth'), 2)} a year)"
        if assumed
        else "the projected budget"
    )
    n = "27" if scenario == "full" else "28"
    s_dn0, s_dn1 = h.get("spend_base"), h.get("spend_horizon_do_nothing")
    the_budget = "the assumed budget" if assumed else "the budget"
    return Fig(
        key=f"impact-spend-{scenario}",
        title=f"Placement spend and {budget_label.lower()}: {label.lower()}",
        caption=(
            f"Placement spend in {area} under do nothing and with the shifts at {label.lower()}, against "
            f"{against}. With {label.lower()}, spend reaches {fmt.money(s35)} in {y1} and "
            f"{be_txt}."
        ),
        alt=(
            f"Line chart of placement spend and {budget_label.lower()}, {y0} to {y1}. Do nothing spend "
            f"{direction_word(s_dn0, s_dn1, 's_to')} "
            f"{fmt.money(h.get('spend_horizon_do_nothing'))}; {label.lower()} spend reaches {fmt.money(s35)}; "
            f"{the_budget} reaches {fmt.money(h.get('budget_horizon'))}. "
            + (
                f"The {label.lower()} line crosses below {the_budget} in {be}."
                if be
                else f"The {label.lower()} line stays above {the_budget} throughout."
            )
        ),
        source=MODEL_SOURCE,
        chart=chart,
        data=data,
        report_figure=n,
    )


def tornado(results, area: str) -> Fig | None:
    t = getattr(results, "tornado", None)
    if t is None or not len(t):
        return None
    d = t.copy()
    d["Assumption"] = d["assumption"].map(ASSUMPTION_LABELS).fillna(d["assumption"].str.replace("_", " "))
    d = d.rename(columns={"benefit_low": "At low end", "benefit_high": "At high end"})
    long = d.melt(
        id_vars=["Assumption"],
        value_vars=["At low end", "At high end"],
        var_name="Setting",
        value_name="Cumulative benefit",
    )
    long = long[["Assumption", "Setting", "Cumulative benefit"]]
    central = results.headline.get("cumulative_benefit_full")
    bars = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("Assumption:N", sort="-x", title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X(
                "Cumulative benefit:Q",
                title="Cumulative benefit over the projection",
                axis=alt.Axis(labelExpr="'£' + format(datum.value / 1e9, '.1f') + 'bn'"),
            ),
            color=alt.Color("Setting:N", scale=alt.Scale(range=["#D55E00", "#0072B2"]), legend=alt.Legend(title=None)),
            tooltip=["Assumption", "Setting", alt.Tooltip("Cumulative benefit:Q", format=",.0f")],
        )
    )
    rule = alt.Chart(pd.DataFrame({"c": [central]})).mark_rule(color="#1b1b1b").encode(x="c:Q")
    spread = (d["At high end"] - d["At low end"]).abs()
    top = d.loc[spread.idxmax(), "Assumption"].lower()
    return Fig(
        key="impact-tornado",
        title="Which assumptions matter most",
        caption=(
            f"Cumulative benefit of the shifts at full impact (central estimate {fmt.money(central)}) when "
            f"each uncertain assumption is set to the low or high end of its range, the others held at "
            f"their central values. The {top} matters most."
        ),
        alt=(
            f"Horizontal bar chart of cumulative benefit at the low and high end of each assumption's range. "
            f"The {top} moves the benefit most; the vertical line marks the central estimate of "
            f"{fmt.money(central)}."
        ),
        source=MODEL_SOURCE,
        chart=(bars + rule).properties(width=480, height=alt.Step(26)),
        data=long,
    )


def breakeven_distribution(results, area: str) -> Fig | None:
    d = getattr(results, "breakeven_distribution", None)
    if d is None or not len(d):
        return None
    h = results.headline
    y1 = h.get("horizon_year", 2035)
    d = d[d["scenario"] == "full"][["label", "share"]].rename(
        columns={"label": "Break-even year", "share": "Share of draws"}
    )
    never = float(d.loc[d["Break-even year"].astype(str).str.startswith("not"), "Share of draws"].sum())
    central = h.get("break_even_year_full") or y1
    years = d[d["Break-even year"].astype(str).str.fullmatch(r"\d{4}")].assign(
        y=lambda x: x["Break-even year"].astype(int)
    )
    by_central = float(years.loc[years["y"] <= central, "Share of draws"].sum())
    budget = budget_term(h)
    chart = (
        alt.Chart(d)
        .mark_bar(color="#0072B2")
        .encode(
            x=alt.X(
                "Break-even year:N",
                sort=None,
                title=f"Year spend first falls to within {budget}",
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("Share of draws:Q", axis=alt.Axis(format="%"), title="Share of simulations"),
            tooltip=["Break-even year", alt.Tooltip("Share of draws:Q", format=".1%")],
        )
        .properties(width=560, height=260)
    )
    return Fig(
        key="impact-breakeven",
        title=f"When might spend fall within {budget}?",
        caption=(
            f"Distribution of the break-even year across the Monte Carlo simulations of full impact in "
            f"{area}. {fmt.pct(by_central)} of simulations break even by {central}; {fmt.pct(never)} do not "
            f"break even by {y1}."
            + (
                " Break-even is measured against the assumed budget (no budget was supplied)."
                if budget_assumed(h)
                else ""
            )
        ),
        alt=(
            f"Bar chart of the share of simulations breaking even in each year and not by {y1}. "
            f"{fmt.pct(by_central)} break even by {central} and {fmt.pct(never)} not by {y1}."
        ),
        source=MODEL_SOURCE,
        chart=chart,
        data=d,
    )
