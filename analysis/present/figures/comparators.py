"""Where a council (or a group of councils) sits among all English councils.

Built from :func:`analysis.inputs.public.comparators` (one row per council for one year):

* :func:`council_comparison` -- one measure: all councils ranked, the council highlighted and
  labelled, and underneath the councils of its region by name;
* :func:`comparison_figures` -- the four standard measures for one council;
* :func:`group_comparison` -- the same for a group (e.g. the CCN members), members highlighted,
  with the group's pooled value;
* :func:`entries_improvement_figure` -- the idea of the report's Figure 23: entry rates across
  the county councils with the average after the modelled reduction in entries marked, to show
  whether the improved average lies inside today's range.

Captions and alt text are composed from the data (value, rank, national and regional medians),
so they change with the council and the year.
"""

from __future__ import annotations

from typing import Iterable

import altair as alt
import pandas as pd

from analysis.common import fmt
from analysis.present.charts import INK, layer, resolve_scale
from analysis.present.figures import Fig
from analysis.present.figures.comparator_measures import (
    HIGHLIGHT,
    MEASURES,
    OTHER,
    REGION,
    SOURCE_CLA,
    SOURCE_SPEND,
    STANDARD,
    Measure,
    data_year,
    measure,
    ordinal,
    pooled_value,
    position_phrase,
    rank_councils,
    region_phrase,
)
from analysis.present.figures.rankings import (
    NAME_WIDTH,
    VALUE_WIDTH,
    group_column,
    layout,
    names_panel,
    ranked_panel,
    stack,
    ticks,
)

__all__ = [
    "HIGHLIGHT",
    "MEASURES",
    "OTHER",
    "REGION",
    "SOURCE_CLA",
    "SOURCE_SPEND",
    "STANDARD",
    "Measure",
    "comparison_figures",
    "council_comparison",
    "entries_improvement_figure",
    "group_comparison",
    "measure",
    "ordinal",
    "region_phrase",
]


def council_comparison(comparators_df: pd.DataFrame, dfe_code: str, measure_name: str) -> Fig:
    """One council among all councils and within its region, for one measure."""
    m = measure(measure_name)
    code = str(dfe_code).strip().zfill(3)
    all_rows = comparators_df
    if code not in set(all_rows["dfe_code"]):
        raise KeyError(f"DfE code {code} is not in the comparators table")
    me = all_rows[all_rows["dfe_code"] == code].iloc[0]
    name, region = str(me["name"]), str(me["region"])
    year = data_year(all_rows)
    d = rank_councils(all_rows, m)
    n = len(d)
    nat_median = float(d["value"].median())
    reg = d[d["region"] == region]
    reg_median = float(reg["value"].median()) if len(reg) else float("nan")
    has_value = code in set(d["dfe_code"])
    d["_tone"] = [
        "highlight" if c == code else ("region" if r == region else "other") for c, r in zip(d["dfe_code"], d["region"])
    ]
    d = group_column(
        d,
        {
            "highlight": name,
            "region": f"Other councils in {region_phrase(region)}",
            "other": "Councils in other regions",
        },
    )
    if has_value:
        row = d[d["dfe_code"] == code].iloc[0]
        value, rank, rank_r = float(row["value"]), int(row["rank"]), int(row["rank_in_region"])
        label_rows = d[d["dfe_code"] == code].assign(label=f"{name}: {m.fmt(value)}")
    else:
        value, rank, rank_r = float("nan"), None, None
        label_rows = None
    top_w, bar_w = layout(reg["name"])
    top = ranked_panel(
        d,
        m,
        median=nat_median,
        label_rows=label_rows,
        width=top_w,
        title=f"All {n} councils with a published figure",
        subtitle=f"Dashed line: median of all councils, {m.fmt(nat_median)}",
    )
    bottom = names_panel(
        reg,
        m,
        ref=reg_median,
        ref_label=f"Median in {region_phrase(region)}: {m.fmt(reg_median)}",
        title=f"Councils in {region_phrase(region)} (n = {len(reg)})",
        highlight={code},
        bar_width=bar_w,
    )
    chart = stack(top, bottom)
    the_region = region_phrase(region)
    if has_value:
        assert rank is not None and rank_r is not None  # set with the value above
        above = "above" if value > nat_median else ("below" if value < nat_median else "level with")
        lead = f"In {year}, " if year else ""
        caption = (
            f"{lead}{m.statement.format(name=name, value=m.fmt(value))}: "
            f"{position_phrase(rank, row['rank_low'], n)} of {n} councils with a published figure, "
            f"{above} the England median of {m.fmt(nat_median)}. It is {ordinal(rank_r)} of "
            f"{len(reg)} in {the_region}, where the median is {m.fmt(reg_median)}. The upper "
            f"panel ranks every council; the lower one names the councils in {the_region}."
        )
        alt_text = (
            f"Two bar charts. The first ranks all {n} councils from highest to lowest "
            f"{m.noun}, from {m.fmt(d['value'].max())} to {m.fmt(d['value'].min())}; {name}'s "
            f"bar is highlighted in orange and labelled {m.fmt(value)}, at position {rank}, and "
            f"a dashed line marks the England median of {m.fmt(nat_median)}. The second lists "
            f"the {len(reg)} councils in {the_region} by name, from {reg.iloc[0]['name']} "
            f"({m.fmt(reg.iloc[0]['value'])}) to {reg.iloc[-1]['name']} "
            f"({m.fmt(reg.iloc[-1]['value'])}), with {name} {ordinal(rank_r)} and a dashed line "
            f"at the regional median of {m.fmt(reg_median)}."
        )
    else:
        when = f" in {year}" if year else ""
        caption = (
            f"{m.title}{when}: there is no published figure for {name} (suppressed or not "
            f"published). The England median across {n} councils is {m.fmt(nat_median)} and "
            f"the median in {the_region} is {m.fmt(reg_median)}."
        )
        alt_text = (
            f"Two bar charts of {m.noun}. The first ranks all {n} councils with a published "
            f"figure, from {m.fmt(d['value'].max())} to {m.fmt(d['value'].min())}; {name} has "
            f"no published figure so is not shown. The second lists the {len(reg)} councils "
            f"in {the_region} with a figure."
        )
    data = d[["dfe_code", "name", "region", "value", "rank", "rank_in_region"]].rename(columns={"value": m.column})
    data["highlighted"] = data["dfe_code"] == code
    return Fig(
        key=f"cmp-{m.slug}",
        title=f"{m.title}: {name} among all councils",
        caption=caption,
        alt=alt_text,
        source=m.source + (f", {year}" if year else ""),
        chart=chart,
        data=data,
    )


def comparison_figures(comparators_df: pd.DataFrame, dfe_code: str) -> list[Fig]:
    """The four standard comparisons for one council.  Where DfE suppressed the council's
    share returned home (common: the unplanned part is a small count), the planned-only share
    is shown instead, and the caption says so."""
    code = str(dfe_code).strip().zfill(3)
    figs = []
    me = comparators_df[comparators_df["dfe_code"] == code]
    for col in STANDARD:
        use = col
        if (
            col == "share_returned_home"
            and len(me)
            and pd.isna(me.iloc[0][col])
            and "share_returned_home_planned" in me
            and pd.notna(me.iloc[0]["share_returned_home_planned"])
        ):
            use = "share_returned_home_planned"
        f = council_comparison(comparators_df, code, use)
        if use != col:
            f.caption += (
                " The share including unplanned returns is suppressed for this council, "
                "so the planned returns are shown."
            )
        figs.append(f)
    return figs


def group_comparison(
    comparators_df: pd.DataFrame,
    members: Iterable[str] | str = "ccn",
    measure_name: str = "cla_rate_per_10k",
    *,
    group_name: str | None = None,
    key_prefix: str = "cmp-group",
) -> Fig:
    """A group of councils among all councils: members highlighted in the ranked chart, then the
    members by name with the group's pooled value (sum of numerators / sum of denominators)."""
    m = measure(measure_name)
    if isinstance(members, str) and members.lower() == "ccn":
        codes = set(comparators_df.loc[comparators_df["ccn_member"].astype(bool), "dfe_code"])
        group_name = group_name or "CCN member councils"
    else:
        codes = {str(c).strip().zfill(3) for c in members}
        group_name = group_name or "the group"
    if not codes:
        raise ValueError("the group has no members")
    year = data_year(comparators_df)
    d = rank_councils(comparators_df, m)
    n = len(d)
    nat_median = float(d["value"].median())
    d["_tone"] = ["highlight" if c in codes else "other" for c in d["dfe_code"]]
    d = group_column(d, {"highlight": group_name[0].upper() + group_name[1:], "other": "Other councils"})
    mem = d[d["dfe_code"].isin(codes)]
    n_missing = len(codes) - len(mem)
    pooled = pooled_value(comparators_df[comparators_df["dfe_code"].isin(codes)], m)
    nat_pooled = pooled_value(comparators_df, m)
    n_above = int((mem["value"] > nat_median).sum())
    top_w, bar_w = layout(mem["name"])
    top = ranked_panel(
        d,
        m,
        median=nat_median,
        label_rows=None,
        width=top_w,
        title=f"All {n} councils with a published figure",
        subtitle=f"Dashed line: median of all councils, {m.fmt(nat_median)}",
    )
    bottom = names_panel(
        mem,
        m,
        ref=pooled,
        ref_label=f"{group_name[0].upper() + group_name[1:]} as one area: {m.fmt(pooled)}",
        title=f"{group_name[0].upper() + group_name[1:]} (n = {len(mem)})",
        highlight=set(mem["dfe_code"]),
        bar_width=bar_w,
        bold=False,
    )
    chart = stack(top, bottom)
    when = f" in {year}" if year else ""
    missing = f" {n_missing} member{'s have' if n_missing != 1 else ' has'} no published figure." if n_missing else ""
    if len(mem):
        hi, lo = mem.iloc[0], mem.iloc[-1]
        caption = (
            f"{m.title}{when}: the {len(mem)} {group_name} range from {m.fmt(lo['value'])} "
            f"({lo['name']}) to {m.fmt(hi['value'])} ({hi['name']}); taken as one area the group's "
            f"figure is {m.say(pooled)}, against {m.fmt(nat_pooled)} for England as a whole. "
            f"{n_above} of the {len(mem)} are above the median council ({m.fmt(nat_median)})." + missing
        )
        alt_text = (
            f"Two bar charts. The first ranks all {n} councils from highest to lowest {m.noun}, "
            f"with the {len(mem)} {group_name} highlighted in orange; {n_above} of them lie above "
            f"the dashed England median of {m.fmt(nat_median)}. The second lists the members by "
            f"name, from {hi['name']} ({m.fmt(hi['value'])}) to {lo['name']} ({m.fmt(lo['value'])}), "
            f"with a dashed line at the group's pooled figure of {m.fmt(pooled)}."
        )
    else:
        caption = f"{m.title}{when}: no member of {group_name} has a published figure."
        alt_text = caption
    data = d[["dfe_code", "name", "region", "value", "rank"]].rename(columns={"value": m.column})
    data["member"] = data["dfe_code"].isin(codes)
    return Fig(
        key=f"{key_prefix}-{m.slug}",
        title=f"{m.title}: {group_name} among all councils",
        caption=caption,
        alt=alt_text,
        source=m.source + (f", {year}" if year else ""),
        chart=chart,
        data=data,
    )


def entries_improvement_figure(comparators_df: pd.DataFrame, reduction: float = 0.145) -> Fig:
    """Entry rates per 10,000 children across the CCN member councils, with today's average and
    the average after a ``reduction`` in entries (the report's 14.5%) marked: is the improved
    average inside the range the councils already span?  (After the report's Figure 23.)"""
    if not 0 <= reduction < 1:
        raise ValueError(f"reduction must be a share between 0 and 1, got {reduction}")
    year = data_year(comparators_df)
    c = comparators_df[comparators_df["ccn_member"].astype(bool)]
    d = c[["dfe_code", "name", "region", "entry_rate_per_10k"]].dropna().rename(columns={"entry_rate_per_10k": "value"})
    d = d.sort_values(["value", "name"], ascending=[False, True]).reset_index(drop=True)
    if d.empty:
        raise ValueError("no CCN member council has a published entry rate")
    n = len(d)
    mean_now = float(d["value"].mean())
    improved = mean_now * (1 - reduction)
    lo, hi = d.iloc[-1], d.iloc[0]
    inside = float(lo["value"]) <= improved <= float(hi["value"])
    n_at_or_below = int((d["value"] <= improved).sum())
    d["value_text"] = d["value"].map(lambda v: fmt.num(v, 1))
    d["Position"] = [
        "At or below the improved average" if v <= improved else "Above the improved average" for v in d["value"]
    ]
    order = list(d["name"])
    top = float(d["value"].max())
    _, bar_w = layout(d["name"])
    x = alt.X(
        "value:Q",
        title="Children entering care per 10,000 aged 0-17",
        scale=alt.Scale(domain=[0, top * 1.03], nice=False),
        axis=alt.Axis(format=",.0f", values=ticks(top), titleFontSize=12),
    )
    y = alt.Y("name:N", sort=order, title=None, axis=alt.Axis(labelLimit=NAME_WIDTH, ticks=False))
    base = alt.Chart(d)
    bars = base.mark_bar(height={"band": 0.75}).encode(
        y=y,
        x=x,
        color=alt.Color(
            "Position:N",
            scale=alt.Scale(
                domain=["Above the improved average", "At or below the improved average"], range=[OTHER, REGION]
            ),
            legend=alt.Legend(title=None, orient="bottom", direction="vertical"),
        ),
        tooltip=[
            alt.Tooltip("name:N", title="Council"),
            alt.Tooltip("value:Q", title="Entries per 10,000", format=",.1f"),
        ],
    )
    text = base.mark_text(align="right", baseline="middle", fontSize=12, color=INK).encode(
        y=y, x=alt.XValue(bar_w + VALUE_WIDTH), text=alt.Text("value_text:N")
    )
    lines = pd.DataFrame(
        {
            "value": [mean_now, improved],
            "Line": [
                f"Average today: {fmt.num(mean_now, 1)}",
                f"Average with {fmt.pct(reduction, 1)} fewer entries: {fmt.num(improved, 1)}",
            ],
        }
    )
    rules = (
        alt.Chart(lines)
        .mark_rule(strokeWidth=2)
        .encode(
            x=alt.X("value:Q"),
            color=alt.Color(
                "Line:N",
                scale=alt.Scale(domain=list(lines["Line"]), range=[INK, HIGHLIGHT]),
                legend=alt.Legend(title=None, orient="top", direction="vertical"),
            ),
            strokeDash=alt.StrokeDash(
                "Line:N", scale=alt.Scale(domain=list(lines["Line"]), range=[[6, 4], [1, 0]]), legend=None
            ),
        )
    )
    chart = layer(bars, rules, text, resolve=resolve_scale(color="independent"), width=bar_w, height=alt.Step(15))
    when = f" in {year}" if year else ""
    verdict = "inside the range the councils already span" if inside else "outside the range the councils already span"
    caption = (
        f"Children entering care per 10,000 children{when} in the {n} County Councils Network "
        f"member councils, from {fmt.num(lo['value'], 1)} in {lo['name']} to "
        f"{fmt.num(hi['value'], 1)} in {hi['name']}. Their average is {fmt.num(mean_now, 1)}; "
        f"{fmt.pct(reduction, 1)} fewer entries would bring it to {fmt.num(improved, 1)}, "
        f"{verdict}: {n_at_or_below} of the {n} councils are already at or below that level."
    )
    alt_text = (
        f"Horizontal bar chart of the entry rate to care per 10,000 children for {n} county "
        f"councils, highest first, from {hi['name']} at {fmt.num(hi['value'], 1)} to "
        f"{lo['name']} at {fmt.num(lo['value'], 1)}. A dashed black line marks today's average "
        f"of {fmt.num(mean_now, 1)} and a solid orange line the improved average of "
        f"{fmt.num(improved, 1)}; {n_at_or_below} bars, in blue, already reach or beat it."
    )
    data = d[["dfe_code", "name", "region", "value"]].rename(columns={"value": "entry_rate_per_10k"})
    data["average_today"] = mean_now
    data["improved_average"] = improved
    return Fig(
        key="cmp-ccn-entries-improvement",
        title="Entries to care across county councils, with the improvement applied",
        caption=caption,
        alt=alt_text,
        source=SOURCE_CLA + (f", {year}" if year else ""),
        chart=chart,
        data=data,
        report_figure="23",
    )
