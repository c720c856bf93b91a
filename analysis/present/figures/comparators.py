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

import math
from dataclasses import dataclass
from typing import Iterable

import altair as alt
import pandas as pd

from analysis.common import fmt
from analysis.present.charts import INK, MUTED
from analysis.present.figures import Fig

HIGHLIGHT = "#D55E00"  # Okabe-Ito vermillion: the council / group members
REGION = "#0072B2"  # Okabe-Ito blue: the rest of its region
OTHER = "#B8B8B8"  # everyone else (context only, not information-bearing)
TOTAL_WIDTH = 560  # the whole figure, names and axes included
NAME_WIDTH = 255  # the longest council name on a y axis (longer ones are cut with "...")
VALUE_WIDTH = 50  # column of values to the right of the named bars
AXIS_WIDTH = 62  # the ranked panel's y axis title and labels

SOURCE_CLA = (
    "DfE, Children looked after in England including adoptions (LAIT series), year ending "
    "31 March; ONS mid-year population estimates, children aged 0 to 17"
)
SOURCE_SPEND = (
    "DfE, LA and school expenditure (S251 outturn, total children looked after); DfE children looked after at 31 March"
)


@dataclass(frozen=True)
class Measure:
    column: str
    slug: str
    title: str  # chart title
    axis: str  # axis title
    noun: str  # for prose: "the children-in-care rate"
    unit: str  # after the number in prose: "per 10,000 children"
    kind: str  # "rate" | "money" | "share"
    source: str
    numerator: str  # for pooled group values
    denominator: str
    scale: float = 1.0
    statement: str = "{name}: {value}"  # a clause for captions

    def fmt(self, x) -> str:
        if x is None or (isinstance(x, float) and math.isnan(x)):
            return "n/a"
        if self.kind == "money":
            return fmt.money(x)
        if self.kind == "share":
            return fmt.pct(x)
        return fmt.num(x, 1)

    def say(self, x) -> str:
        """The value with its unit, for prose."""
        v = self.fmt(x)
        return v if self.kind == "share" or v == "n/a" else f"{v} {self.unit}".strip()

    def axis_format(self) -> dict:
        if self.kind == "money":
            return {"labelExpr": "'£' + format(datum.value / 1000, ',.0f') + 'k'"}
        if self.kind == "share":
            return {"format": ".0%"}
        return {"format": ",.0f"}

    def text_format(self) -> str:
        return {"money": ",.0f", "share": ".1%"}.get(self.kind, ",.1f")


MEASURES: dict[str, Measure] = {
    m.column: m
    for m in (
        Measure(
            "cla_rate_per_10k",
            "cla-rate",
            "Children in care per 10,000 children",
            "Children in care per 10,000 aged 0-17",
            "the rate of children in care",
            "per 10,000 children",
            "rate",
            SOURCE_CLA,
            "cla",
            "population_0_17",
            10_000,
            "{name} had {value} children in care per 10,000 children aged 0 to 17",
        ),
        Measure(
            "entry_rate_per_10k",
            "entry-rate",
            "Children entering care per 10,000 children",
            "Entries to care per 10,000 aged 0-17",
            "the rate of children entering care",
            "per 10,000 children",
            "rate",
            SOURCE_CLA,
            "starts",
            "population_0_17",
            10_000,
            "{value} in every 10,000 children aged 0 to 17 in {name} entered care",
        ),
        Measure(
            "spend_per_child",
            "spend-per-child",
            "Spend per child in care",
            "Spend per child in care (£ a year)",
            "spend per child in care",
            "a year",
            "money",
            SOURCE_SPEND,
            "spend",
            "cla",
            1.0,
            "{name} spent {value} a year for each child in care",
        ),
        Measure(
            "share_returned_home",
            "returned-home",
            "Children leaving care who returned home",
            "Share of children leaving care who returned home",
            "the share of children leaving care who returned home",
            "",
            "share",
            SOURCE_CLA,
            "returned_home",
            "ceases",
            1.0,
            "{value} of the children who left care in {name} returned home",
        ),
        Measure(
            "share_returned_home_planned",
            "returned-home-planned",
            "Children leaving care who returned home as planned",
            "Share of leavers returning home as planned",
            "the share of children leaving care who returned home as part of a plan",
            "",
            "share",
            SOURCE_CLA,
            "returned_home_planned",
            "ceases",
            1.0,
            "{value} of the children who left care in {name} returned home as planned",
        ),
    )
}
STANDARD = ("cla_rate_per_10k", "entry_rate_per_10k", "spend_per_child", "share_returned_home")


def measure(name: str) -> Measure:
    if name in MEASURES:
        return MEASURES[name]
    for m in MEASURES.values():
        if name == m.slug:
            return m
    raise KeyError(f"unknown measure {name!r}; one of {', '.join(MEASURES)}")


def ordinal(n: int) -> str:
    n = int(n)
    suf = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suf}"


def region_phrase(region: str) -> str:
    """'South East' -> 'the South East'; 'London' -> 'London'."""
    r = str(region)
    return r if r == "London" or r.lower().startswith("the ") else f"the {r}"


def _position(rank_high: int, rank_low: int, n: int) -> str:
    """'the 2nd highest' or, nearer the bottom, 'the 5th lowest'."""
    if rank_high <= rank_low:
        return "the highest" if rank_high == 1 else f"the {ordinal(rank_high)} highest"
    return "the lowest" if rank_low == 1 else f"the {ordinal(rank_low)} lowest"


def _year(df: pd.DataFrame) -> str:
    if "year" in df and df["year"].notna().any():
        return str(int(df["year"].iloc[0]))
    return ""


def _ranked(df: pd.DataFrame, m: Measure) -> pd.DataFrame:
    """Councils with a value, highest first, with national and regional ranks (1 = highest)."""
    d = df[["dfe_code", "name", "region", "ccn_member", m.column]].copy()
    d = d[d[m.column].notna()].rename(columns={m.column: "value"})
    d["value"] = d["value"].astype(float)
    d = d.sort_values(["value", "name"], ascending=[False, True]).reset_index(drop=True)
    d["position"] = range(1, len(d) + 1)  # unique x position for the ranked bars
    d["rank"] = d["value"].rank(ascending=False, method="min").astype(int)
    d["rank_low"] = d["value"].rank(ascending=True, method="min").astype(int)
    d["rank_in_region"] = d.groupby("region")["value"].rank(ascending=False, method="min").astype(int)
    return d


def _pooled(df: pd.DataFrame, m: Measure) -> float:
    """A group's value as one area: sum of numerators / sum of denominators (both published)."""
    d = df[[m.numerator, m.denominator]].dropna()
    d = d[d[m.denominator] > 0]
    if d.empty:
        return float("nan")
    return float(d[m.numerator].sum() / d[m.denominator].sum() * m.scale)


def _ranked_panel(
    d: pd.DataFrame,
    m: Measure,
    *,
    median: float,
    title: str,
    subtitle: str,
    label_rows: pd.DataFrame | None,
    width: int,
) -> alt.Chart:
    """All councils as thin bars, highest on the left; colours come from d['Group'].

    The highlighted council's label sits in a band above the tallest bar, joined to its bar by
    a thin leader line, so it can never collide with the bars or the median line."""
    domain = [g for g in d["Group"].cat.categories if g in set(d["Group"])]
    colours = {"highlight": HIGHLIGHT, "region": REGION, "other": OTHER}
    rng = [colours[d.loc[d["Group"] == g, "_tone"].iloc[0]] for g in domain]
    top = float(d["value"].max())
    y_scale = alt.Scale(domain=[0, top * 1.22], nice=False)
    base = alt.Chart(d)
    bars = base.mark_bar(width={"band": 0.85}).encode(
        x=alt.X(
            "position:O",
            title=f"{len(d)} councils, highest to lowest",
            axis=alt.Axis(labels=False, ticks=False, domain=True),
        ),
        y=alt.Y(
            "value:Q",
            title=m.axis,
            scale=y_scale,
            axis=alt.Axis(**m.axis_format(), values=_ticks(top), titleFontSize=12),
        ),
        color=alt.Color(
            "Group:N",
            scale=alt.Scale(domain=domain, range=rng),
            legend=alt.Legend(title=None, orient="bottom", direction="vertical"),
        ),
        tooltip=[
            alt.Tooltip("name:N", title="Council"),
            alt.Tooltip("region:N", title="Region"),
            alt.Tooltip("value:Q", title=m.axis, format=m.text_format()),
            alt.Tooltip("rank:Q", title="Rank (1 = highest)"),
        ],
    )
    layers = [bars]
    med = pd.DataFrame({"median": [median]})
    layers.append(
        alt.Chart(med)
        .mark_rule(color=INK, strokeDash=[5, 4], strokeWidth=1.5)
        .encode(y=alt.Y("median:Q", scale=y_scale))
    )
    if label_rows is not None and len(label_rows):
        lab = label_rows.iloc[:1].copy()
        n = len(d)
        lab["label_y"] = top * 1.14
        lab["leader_top"] = top * 1.09
        layers.append(
            alt.Chart(lab)
            .mark_rule(color=INK, strokeWidth=1, strokeDash=[2, 2])
            .encode(x="position:O", y=alt.Y("value:Q", scale=y_scale), y2="leader_top:Q")
        )
        # The label is centred over its bar but kept inside the plot (pixel position).
        text_w = _text_px(str(lab["label"].iloc[0]), bold=True)
        centre = (float(lab["position"].iloc[0]) - 0.5) / n * width
        px = min(max(centre, text_w / 2), max(width - text_w / 2, text_w / 2))
        layers.append(
            alt.Chart(lab)
            .mark_text(align="center", baseline="middle", fontSize=13, fontWeight="bold", color=INK)
            .encode(x=alt.value(px), y=alt.Y("label_y:Q", scale=y_scale), text="label:N")
        )
    return alt.layer(*layers).properties(
        width=width, height=230, title=alt.TitleParams(title, subtitle=subtitle, subtitleColor=MUTED, fontSize=14)
    )


def _ticks(top: float) -> list[float]:
    """Four or five round tick values from 0 to at most ``top`` (the band above is for labels)."""
    if not top or top <= 0 or math.isnan(top):
        return [0]
    raw = top / 4
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
    return [round(i * step, 10) for i in range(int(top // step) + 1)]


def _names_panel(
    d: pd.DataFrame,
    m: Measure,
    *,
    ref: float,
    ref_label: str,
    title: str,
    highlight: set[str],
    bar_width: int,
    subtitle: str = "",
    bold: bool = True,
) -> alt.Chart:
    """The named councils as horizontal bars, highest first; values in a column to the right of
    the plot (so reference lines never cross them)."""
    d = d.copy()
    d["Shown"] = d["dfe_code"].map(lambda c: "highlight" if c in highlight else "region")
    d["value_text"] = d["value"].map(m.fmt)
    hi_names = list(d.loc[d["Shown"] == "highlight", "name"]) if bold else []
    top = float(d["value"].max()) if len(d) else 1.0
    order = list(d.sort_values("value", ascending=False)["name"])
    weight = {
        "condition": {"test": "indexof(" + _js_list(hi_names) + ", datum.value) >= 0", "value": "bold"},
        "value": "normal",
    }
    y = alt.Y(
        "name:N", sort=order, title=None, axis=alt.Axis(labelLimit=NAME_WIDTH, labelFontWeight=weight, ticks=False)
    )
    x = alt.X(
        "value:Q",
        title=m.axis,
        scale=alt.Scale(domain=[0, max(top, ref if ref == ref else 0) * 1.03], nice=False),
        axis=alt.Axis(**m.axis_format(), values=_ticks(top), titleFontSize=12),
    )
    base = alt.Chart(d)
    bars = base.mark_bar(height={"band": 0.75}).encode(
        y=y,
        x=x,
        color=alt.Color(
            "Shown:N", scale=alt.Scale(domain=["highlight", "region"], range=[HIGHLIGHT, REGION]), legend=None
        ),
        tooltip=[alt.Tooltip("name:N", title="Council"), alt.Tooltip("value:Q", title=m.axis, format=m.text_format())],
    )
    layers = [bars]
    for shown, weight_ in (("region", "normal"), ("highlight", "bold" if bold else "normal")):
        layers.append(
            base.transform_filter(alt.datum.Shown == shown)
            .mark_text(align="right", baseline="middle", fontSize=12, color=INK, fontWeight=weight_)
            .encode(y=y, x=alt.value(bar_width + VALUE_WIDTH), text="value_text:N")
        )
    if ref == ref:  # not NaN
        rule_df = pd.DataFrame({"ref": [ref], "Line": [ref_label]})
        layers.insert(
            1,
            alt.Chart(rule_df)
            .mark_rule(strokeDash=[5, 4], strokeWidth=1.5)
            .encode(
                x="ref:Q",
                color=alt.Color("Line:N", scale=alt.Scale(range=[INK]), legend=alt.Legend(title=None, orient="bottom")),
            ),
        )
    t = (
        alt.TitleParams(title, subtitle=subtitle, subtitleColor=MUTED, fontSize=14)
        if subtitle
        else alt.TitleParams(title, fontSize=14)
    )
    return (
        alt.layer(*layers).resolve_scale(color="independent").properties(width=bar_width, height=alt.Step(17), title=t)
    )


def _text_px(text: str, size: float = 13, bold: bool = False) -> float:
    """Rough width of text in Liberation Sans / Arial (for laying out, not for measuring)."""
    w = 0.0
    for ch in text:
        if ch in " ,.'()-:;il|":
            w += 0.28
        elif ch.isupper() or ch in "mw":
            w += 0.70
        elif ch.isdigit():
            w += 0.556
        else:
            w += 0.52
    return w * size * (1.08 if bold else 1.0)


def _layout(names: Iterable[str]) -> tuple[int, int]:
    """(ranked panel plot width, named bars width) so that the stacked figure is about
    TOTAL_WIDTH wide.  Vega-Lite lines the two plots up on their left edges, so the names
    column sets where both plots start."""
    label = min(NAME_WIDTH, max((_text_px(n, bold=True) for n in names), default=40)) + 10
    left = max(label, AXIS_WIDTH)
    return int(TOTAL_WIDTH - left - 10), int(TOTAL_WIDTH - label - VALUE_WIDTH - 10)


def _stack(top: alt.Chart, bottom: alt.Chart) -> alt.ConcatChart:
    """Two panels one above the other (widths from :func:`_layout`)."""
    return alt.vconcat(top, bottom, spacing=28).resolve_scale(color="independent", x="independent", y="independent")


def _js_list(names: Iterable[str]) -> str:
    import json

    return json.dumps(list(names))


def _group_col(d: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    d = d.copy()
    d["Group"] = pd.Categorical(
        d["_tone"].map(labels), categories=[labels[k] for k in ("highlight", "region", "other") if k in labels]
    )
    return d


def council_comparison(comparators_df: pd.DataFrame, dfe_code: str, measure_name: str) -> Fig:
    """One council among all councils and within its region, for one measure."""
    m = measure(measure_name)
    code = str(dfe_code).strip().zfill(3)
    all_rows = comparators_df
    if code not in set(all_rows["dfe_code"]):
        raise KeyError(f"DfE code {code} is not in the comparators table")
    me = all_rows[all_rows["dfe_code"] == code].iloc[0]
    name, region = str(me["name"]), str(me["region"])
    year = _year(all_rows)
    d = _ranked(all_rows, m)
    n = len(d)
    nat_median = float(d["value"].median())
    reg = d[d["region"] == region]
    reg_median = float(reg["value"].median()) if len(reg) else float("nan")
    has_value = code in set(d["dfe_code"])
    d["_tone"] = [
        "highlight" if c == code else ("region" if r == region else "other") for c, r in zip(d["dfe_code"], d["region"])
    ]
    d = _group_col(
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
    top_w, bar_w = _layout(reg["name"])
    top = _ranked_panel(
        d,
        m,
        median=nat_median,
        label_rows=label_rows,
        width=top_w,
        title=f"All {n} councils with a published figure",
        subtitle=f"Dashed line: median of all councils, {m.fmt(nat_median)}",
    )
    bottom = _names_panel(
        reg,
        m,
        ref=reg_median,
        ref_label=f"Median in {region_phrase(region)}: {m.fmt(reg_median)}",
        title=f"Councils in {region_phrase(region)} (n = {len(reg)})",
        highlight={code},
        bar_width=bar_w,
    )
    chart = _stack(top, bottom)
    the_region = region_phrase(region)
    if has_value:
        above = "above" if value > nat_median else ("below" if value < nat_median else "level with")
        lead = f"In {year}, " if year else ""
        caption = (
            f"{lead}{m.statement.format(name=name, value=m.fmt(value))}: "
            f"{_position(rank, row['rank_low'], n)} of {n} councils with a published figure, "
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
    year = _year(comparators_df)
    d = _ranked(comparators_df, m)
    n = len(d)
    nat_median = float(d["value"].median())
    d["_tone"] = ["highlight" if c in codes else "other" for c in d["dfe_code"]]
    d = _group_col(d, {"highlight": group_name[0].upper() + group_name[1:], "other": "Other councils"})
    mem = d[d["dfe_code"].isin(codes)]
    n_missing = len(codes) - len(mem)
    pooled = _pooled(comparators_df[comparators_df["dfe_code"].isin(codes)], m)
    nat_pooled = _pooled(comparators_df, m)
    mem_median = float(mem["value"].median()) if len(mem) else float("nan")
    n_above = int((mem["value"] > nat_median).sum())
    top_w, bar_w = _layout(mem["name"])
    top = _ranked_panel(
        d,
        m,
        median=nat_median,
        label_rows=None,
        width=top_w,
        title=f"All {n} councils with a published figure",
        subtitle=f"Dashed line: median of all councils, {m.fmt(nat_median)}",
    )
    bottom = _names_panel(
        mem,
        m,
        ref=pooled,
        ref_label=f"{group_name[0].upper() + group_name[1:]} as one area: {m.fmt(pooled)}",
        title=f"{group_name[0].upper() + group_name[1:]} (n = {len(mem)})",
        highlight=set(mem["dfe_code"]),
        bar_width=bar_w,
        bold=False,
    )
    chart = _stack(top, bottom)
    when = f" in {year}" if year else ""
    hi, lo = (mem.iloc[0], mem.iloc[-1]) if len(mem) else (None, None)
    missing = f" {n_missing} member{'s have' if n_missing != 1 else ' has'} no published figure." if n_missing else ""
    caption = (
        (
            f"{m.title}{when}: the {len(mem)} {group_name} range from {m.fmt(lo['value'])} "
            f"({lo['name']}) to {m.fmt(hi['value'])} ({hi['name']}); taken as one area the group's "
            f"figure is {m.say(pooled)}, against {m.fmt(nat_pooled)} for England as a whole. "
            f"{n_above} of the {len(mem)} are above the median council ({m.fmt(nat_median)})." + missing
        )
        if len(mem)
        else f"{m.title}{when}: no member of {group_name} has a published figure."
    )
    alt_text = (
        (
            f"Two bar charts. The first ranks all {n} councils from highest to lowest {m.noun}, "
            f"with the {len(mem)} {group_name} highlighted in orange; {n_above} of them lie above "
            f"the dashed England median of {m.fmt(nat_median)}. The second lists the members by "
            f"name, from {hi['name']} ({m.fmt(hi['value'])}) to {lo['name']} ({m.fmt(lo['value'])}), "
            f"with a dashed line at the group's pooled figure of {m.fmt(pooled)}."
        )
        if len(mem)
        else caption
    )
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
    m = MEASURES["entry_rate_per_10k"]
    year = _year(comparators_df)
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
    _, bar_w = _layout(d["name"])
    x = alt.X(
        "value:Q",
        title="Children entering care per 10,000 aged 0-17",
        scale=alt.Scale(domain=[0, top * 1.03], nice=False),
        axis=alt.Axis(format=",.0f", values=_ticks(top), titleFontSize=12),
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
        y=y, x=alt.value(bar_w + VALUE_WIDTH), text="value_text:N"
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
            x="value:Q",
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
    chart = alt.layer(bars, rules, text).resolve_scale(color="independent").properties(width=bar_w, height=alt.Step(15))
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
