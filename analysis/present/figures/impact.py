"""Impact charts (report figures 24-28) and the uncertainty charts, from the model results."""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from analysis.common import fmt
from analysis.config.decomposition import decomposition_table
from analysis.model.uncertainty import moves_benefit
from analysis.present.charts import SCENARIO_COLOURS, layer, props
from analysis.present.figures import Fig
from analysis.present.money_axis import money_encoding
from analysis.present.narrative import (
    assumed_gap,
    break_even_odds,
    budget_assumed,
    budget_term,
    direction_word,
    half_bound,
    likelihood,
    odds_sentence,
)

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
END_NAMES = ["At low end of range", "At high end of range"]
MODEL_SOURCE = "Impact model in this package; assumptions in the methodology appendix"


def _series(results, metric: str, scenarios: list[str]) -> pd.DataFrame:
    s = results.series
    d = s[(s["metric"] == metric) & (s["scenario"].isin(scenarios))].copy()
    d["Scenario"] = d["scenario"].map(SCENARIO_LABELS).fillna(d["scenario"])
    return d[["Scenario", "year", "value"]].rename(columns={"year": "Year", "value": metric})


#: Columns of children (a count) in the data behind the impact charts: shown as whole children in the
#: figure's table and CSV (the chart itself draws the model's unrounded values).
COUNT_COLUMNS = ["entries", "exits", "cla", "q10", "q90", "lower", "upper"]


def _whole(d: pd.DataFrame) -> pd.DataFrame:
    d = d.copy()
    for c in COUNT_COLUMNS:
        if c in d and pd.api.types.is_numeric_dtype(d[c]):
            d[c] = d[c].round(0)
    return d


def _value(results, scenario: str, metric: str, year: int) -> float:
    s = results.series
    v = s[(s.scenario == scenario) & (s.metric == metric) & (s.year == year)]["value"]
    return float(v.iloc[0]) if len(v) else float("nan")


#: a count chart without a zero baseline still shows at least this share of its largest value, so that a
#: change of a few per cent does not fill the chart's height and read as a cliff
MIN_SPAN = 0.2


def _lines(
    data: pd.DataFrame, y: str, y_title: str, money: bool = False, zero: bool = False, min_span: float | None = None
) -> alt.LayerChart:
    """Scenario lines; ``min_span`` (for a chart with no band layered on it) keeps at least that share of
    the largest value in view."""
    domain = [s for s in SCENARIO_COLOURS if s in set(data["Scenario"])]
    # whole children: ticks at least one apart, so a small council's axis never shows a label twice
    axis, scale = alt.Axis(format=",.0f", title=y_title, tickMinStep=1), alt.Scale(zero=zero)
    if min_span and not money and not zero and len(data) and float(data[y].max()) > 0:
        lo, hi = float(data[y].min()), float(data[y].max())
        scale = alt.Scale(zero=False, domainMin=max(0.0, min(lo, hi * (1 - min_span))))
    if money and len(data):
        # explicit ticks with as many decimals as their step needs: no label repeats on a small range
        axis, scale = money_encoding(float(data[y].min()), float(data[y].max()), y_title, zero=zero)
    base = alt.Chart(data).encode(
        x=alt.X("Year:O", title="Year ending 31 March", axis=alt.Axis(labelAngle=0)),
        y=alt.Y(f"{y}:Q", axis=axis, scale=scale),
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
        tooltip=[alt.Tooltip("Scenario"), alt.Tooltip("Year"), alt.Tooltip(f"{y}:Q", format=",.0f")],
    )
    return layer(base.mark_line(), base.mark_point(size=30), width=560, height=300)


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
            f"impact. At full impact {fmt.about(fewer, 50, 'fewer child', 'fewer children')} a year "
            f"{fmt.verb(fewer, 'enters', 'enter', 50)} care "
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
        chart=_lines(d, "entries", "Children entering care", min_span=MIN_SPAN),
        data=_whole(d),
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
        chart=_lines(d, "exits", "Children leaving care", min_span=MIN_SPAN),
        data=_whole(d),
        report_figure="25",
    )


def _cla_chart(lines: alt.Chart | alt.LayerChart, band: alt.Chart | None, dn_band: alt.Chart | None, *, flat: bool):
    """The children-in-care chart, composed once: the lines, under the full-impact band and the do-nothing
    band when there are any.  ``flat``: the bands and the lines in one layer (the chart with unaccompanied
    children's line), else the do-nothing band over the full-impact band's layer."""
    if band is None:
        return lines
    if flat and dn_band is not None:  # one flat layer: the bands' layer with the lines added to it
        return props(dn_band + band + lines, width=560, height=300)
    chart = layer(band, lines, width=560, height=300)
    return chart if dn_band is None else layer(dn_band, chart, width=560, height=300)


def children_in_care(results, area: str) -> Fig:
    d = d0 = _series(results, "cla", ["do_nothing", "full", "half"])
    h = results.headline
    y0, y1 = h.get("base_year", 2025), h.get("horizon_year", 2035)
    y0 = int(d["Year"].min())
    d_lines = d  # the lines' own data, unless unaccompanied children are added below
    unc = getattr(results, "uncertainty", None)
    band_note = ""
    band = dn_band = None
    if unc is not None and len(unc) and "metric" in unc:
        u = unc[(unc["metric"] == "cla")].copy()
        if "scenario" in u:
            u = u[u["scenario"] == "full"]
        if len(u):
            u = u.rename(columns={"year": "Year"})
            band = (
                alt.Chart(u)
                .mark_area(opacity=0.18, color=SCENARIO_COLOURS["Full impact"])
                .encode(x=alt.X("Year:O"), y=alt.Y("q10:Q"), y2=alt.Y2("q90:Q"))
            )
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
                .encode(x=alt.X("Year:O"), y=alt.Y("lower:Q"), y2=alt.Y2("upper:Q"))
            )
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
        d_lines = d
        uasc_note = (
            " Each scenario's line counts the unaccompanied asylum-seeking children too; the grey line shows them "
            f"alone: {fmt.num(h.get('uasc_cla_base'))} in {y0}, held at {fmt.num(h.get('uasc_cla_horizon'))}. "
            "The shifts do not act on them."
        )
    chart = _cla_chart(_lines(d_lines, "cla", "Children in care at 31 March"), band, dn_band, flat=d_lines is not d0)
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
        data=_whole(d),
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
        rule = alt.Chart(pd.DataFrame({"Year": [be], "label": [f"Break-even {be} (central case)"]}))
        chart = props(
            chart
            + rule.mark_rule(color="#1b1b1b", strokeDash=[3, 3]).encode(x=alt.X("Year:O"))
            + rule.mark_text(align="left", dx=4, dy=-130, color="#1b1b1b").encode(
                x=alt.X("Year:O"), text=alt.Text("label")
            ),
            width=560,
            height=300,
        )
    s35 = h.get(f"spend_horizon_{scenario}")
    cum = h.get(f"cumulative_overspend_{scenario}")
    budget = budget_term(h)
    odds = break_even_odds(results)
    central = " in the central case" if odds is not None else ""
    if be:
        be_txt = f"spend falls to within {budget} in {be}{central}, after a cumulative overspend of {fmt.money(cum)}"
    else:
        be_txt = (
            f"spend is still above {budget} in {y1}{central}, a cumulative overspend of {fmt.money(cum)} "
            f"from {h.get('cumulative_from', 2026)}"
        )
    how_sure = ""
    if odds is not None:
        p = odds.by(be)
        how_sure = " " + (odds_sentence(odds, be, budget) if scenario == "full" else half_bound(odds, be, budget))
        if scenario == "full" and be and p < 1:
            how_sure = f" That is {likelihood(p)} rather than certain." + how_sure
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
            f"{be_txt}.{how_sure.rstrip()}"
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
    """One row per assumption: the cumulative benefit with that assumption at the low end and at the high end
    of its range (the others central), drawn as a bar from the smaller to the larger value with a mark at each
    end and a rule at the central estimate.  Never stacked.  An assumption that cannot move the benefit
    (budget growth) is left out of the chart and named in the caption."""
    t = getattr(results, "tornado", None)
    if t is None or not len(t):
        return None
    t_all = t.copy()
    t_all["Assumption"] = t_all["assumption"].map(ASSUMPTION_LABELS).fillna(t["assumption"].str.replace("_", " "))
    moving = moves_benefit(t_all)
    still = t_all.loc[~moving, "Assumption"].tolist()
    t = t_all[moving]
    if not len(t):
        return None
    central = float(results.headline.get("cumulative_benefit_full", t["benefit_central"].iloc[0]))
    d = pd.DataFrame(
        {
            "Assumption": t["Assumption"],
            "At low end of range": t["benefit_low"],
            "Central estimate": t["benefit_central"],
            "At high end of range": t["benefit_high"],
        }
    ).reset_index(drop=True)
    d["From"] = d[["At low end of range", "At high end of range"]].min(axis=1)
    d["To"] = d[["At low end of range", "At high end of range"]].max(axis=1)
    order = d.assign(r=d["To"] - d["From"]).sort_values("r", ascending=False)["Assumption"].tolist()
    lo = min(float(d["From"].min()), central)
    hi = max(float(d["To"].max()), central)
    axis, scale = money_encoding(lo, hi, "Cumulative benefit over the projection", count=4)
    y = alt.Y("Assumption:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    tip = [
        alt.Tooltip("Assumption"),
        alt.Tooltip("At low end of range:Q", format=",.0f"),
        alt.Tooltip("At high end of range:Q", format=",.0f"),
    ]
    base = alt.Chart(d).encode(y=y)
    bar = base.mark_bar(color="#8c8c8c", height=14).encode(
        x=alt.X("From:Q", axis=axis, scale=scale), x2=alt.X2("To:Q"), tooltip=tip
    )
    legend = alt.Legend(title=None)
    ends = d.melt(
        id_vars=["Assumption"],
        value_vars=["At low end of range", "At high end of range"],
        var_name="End",
        value_name="Benefit",
    )
    marks = (
        alt.Chart(ends)
        .mark_point(filled=True, size=90)
        .encode(
            y=y,
            x=alt.X("Benefit:Q", scale=scale, axis=axis),
            color=alt.Color("End:N", scale=alt.Scale(domain=END_NAMES, range=["#D55E00", "#0072B2"]), legend=legend),
            shape=alt.Shape("End:N", scale=alt.Scale(domain=END_NAMES, range=["circle", "square"]), legend=legend),
            tooltip=[alt.Tooltip("Assumption"), alt.Tooltip("End"), alt.Tooltip("Benefit:Q", format=",.0f")],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"c": [central]}))
        .mark_rule(color="#1b1b1b", strokeWidth=1.5)
        .encode(x=alt.X("c:Q", scale=scale, axis=axis))
    )
    top = d.loc[(d["To"] - d["From"]).idxmax()]
    dropped = ""
    if still:
        budget_only = set(t_all.loc[~moving, "assumption"]) == {"budget_growth"}
        dropped = (
            f" {_join(still)} is not shown: it changes the budget, not spend, so it cannot move the avoided cost "
            "(only the overspend and the break-even year)."
            if budget_only
            else f" Not shown, because they cannot move the cumulative benefit over their ranges: {_join(still)}."
        )
    return Fig(
        key="impact-tornado",
        title="Which assumptions matter most",
        caption=(
            f"Cumulative benefit of the shifts at full impact in {area} when each uncertain assumption is set to "
            f"the low or the high end of its range, the others held at their central values. Each bar runs from "
            f"the lower to the higher of the two results; the vertical line is the central estimate of "
            f"{fmt.money(central)}. The {top['Assumption'].lower()} matters most: from "
            f"{fmt.money(top['From'])} to {fmt.money(top['To'])}.{dropped}"
        ),
        alt=(
            f"Range chart of cumulative benefit for each assumption, from its result at one end of its range to "
            f"its result at the other, around a vertical line at the central estimate of {fmt.money(central)}. "
            f"The {top['Assumption'].lower()} has the widest range, {fmt.money(top['From'])} to "
            f"{fmt.money(top['To'])}."
        ),
        source=MODEL_SOURCE,
        chart=layer(bar, marks, rule, width=480, height=alt.Step(30)),
        data=d,
    )


def _join(names: list[str]) -> str:
    """'A', 'A and B', 'A, B and C' (the first capitalised as it starts a sentence)."""
    if not names:
        return ""
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1].lower()
    return text[:1].upper() + text[1:]


def breakeven_distribution(results, area: str) -> Fig | None:
    d = getattr(results, "breakeven_distribution", None)
    if d is None or not len(d):
        return None
    h = results.headline
    y1 = h.get("horizon_year", 2035)
    d = d[d["scenario"] == "full"][["label", "share"]].rename(
        columns={"label": "Break-even year", "share": "Share of draws"}
    )
    budget = budget_term(h)
    chart = props(
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
            tooltip=[alt.Tooltip("Break-even year"), alt.Tooltip("Share of draws:Q", format=".1%")],
        ),
        width=560,
        height=260,
    )
    return Fig(
        key="impact-breakeven",
        title=f"When might spend fall within {budget}?",
        caption=(
            f"Distribution of the break-even year across the Monte Carlo simulations of full impact in "
            f"{area}. "
            + _odds_caption(results, h.get("break_even_year_full"), budget)
            + (
                " Break-even is measured against the assumed budget (no budget was supplied)."
                if budget_assumed(h)
                else ""
            )
        ),
        alt=(
            f"Bar chart of the share of simulations breaking even in each year and not by {y1}. "
            + _odds_caption(results, h.get("break_even_year_full"), budget)
        ),
        source=MODEL_SOURCE,
        chart=chart,
        data=d,
    )


def _odds_caption(results, be: int | None, budget: str) -> str:
    """The break-even odds in words: by the central case's year (or the horizon), and never."""
    odds = break_even_odds(results)
    if odds is None:
        return ""
    text = odds_sentence(odds, be, budget)
    if be:
        text += f" Breaking even by {be}, as the central case does, is {likelihood(odds.by(be))}."
    return text


def case_review_bridge(decomposition, entry_reduction: float, exit_uplift: float) -> pd.DataFrame:
    """The steps from the case-review findings to the modelled impact, side by side for entries and exits:
    each factor and the running product, ending with the full-impact assumptions the model uses
    (``entry_reduction`` and ``exit_uplift``, which a params override may set apart from the product)."""
    steps = decomposition_table(decomposition)
    labels = {
        "improvable_before_entry": "Better support possible (before entry; after entry)",
        "improvable_after_entry": "Better support possible (before entry; after entry)",
        "confident_avoidable": "Of those, confident of a different outcome (stay at home; positive exit)",
        "confident_exit": "Of those, confident of a different outcome (stay at home; positive exit)",
        "confidence_weight": "Weight on a confident judgement",
        "pathway_share": "Share the five shifts can reach (pathways into care, the reviewed sample)",
        "overlap_with_avoided_entries": "Leaving out children already counted as avoided entries",
    }
    order = list(dict.fromkeys(labels.values()))
    rows = {label: {"Step": label} for label in order}

    def cell(v: float, factor: str) -> str:
        return (
            f"x {v:g}"
            if factor == "confidence_weight"
            else fmt.pct(v, 1 if abs(v * 100 - round(v * 100)) > 1e-9 else 0)
        )

    for r in steps.itertuples():
        col = "Entries" if r.effect == "entries" else "Exits"
        row = rows[labels[r.factor]]
        row[col] = cell(r.value, r.factor)
        row[f"{col}: so far"] = fmt.pct(r.running, 1)
    out = pd.DataFrame([rows[label] for label in order]).fillna("")
    final = {
        "Step": "Full-impact assumption in the model",
        "Entries": "",
        "Entries: so far": f"{fmt.pct(entry_reduction, 1)} fewer entries",
        "Exits": "",
        "Exits: so far": f"{fmt.pct(exit_uplift, 1)} more exits",
    }
    out = pd.concat([out, pd.DataFrame([final])], ignore_index=True)
    return out[["Step", "Entries", "Entries: so far", "Exits", "Exits: so far"]]
