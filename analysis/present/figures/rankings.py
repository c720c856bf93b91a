"""The two panels of a comparison figure, and how they are laid out.

:func:`ranked_panel` draws every council as a thin bar, highest on the left, with the national
median and (for one council) a label over its bar; :func:`names_panel` draws the named councils
(a region, or a group's members) as horizontal bars with their values in a column to the right;
:func:`layout` sizes the two so that :func:`stack` puts one above the other about
``TOTAL_WIDTH`` wide.
"""

from __future__ import annotations

import math
from typing import Iterable, Literal

import altair as alt
import pandas as pd

from analysis.present.charts import INK, MUTED, layer, resolve_scale, vconcat
from analysis.present.figures.comparator_measures import HIGHLIGHT, OTHER, REGION, Measure

TOTAL_WIDTH = 560  # the whole figure, names and axes included
NAME_WIDTH = 255  # the longest council name on a y axis (longer ones are cut with "...")
VALUE_WIDTH = 50  # column of values to the right of the named bars
AXIS_WIDTH = 62  # the ranked panel's y axis title and labels


def ranked_panel(
    d: pd.DataFrame,
    m: Measure,
    *,
    median: float,
    title: str,
    subtitle: str,
    label_rows: pd.DataFrame | None,
    width: int,
) -> alt.LayerChart | alt.FacetChart:
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
            axis=alt.Axis(**m.axis_format(), values=ticks(top), titleFontSize=12),
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
            .encode(x=alt.X("position:O"), y=alt.Y("value:Q", scale=y_scale), y2=alt.Y2("leader_top:Q"))
        )
        # The label is centred over its bar but kept inside the plot (pixel position).
        text_w = text_px(str(lab["label"].iloc[0]), bold=True)
        centre = (float(lab["position"].iloc[0]) - 0.5) / n * width
        px = min(max(centre, text_w / 2), max(width - text_w / 2, text_w / 2))
        layers.append(
            alt.Chart(lab)
            .mark_text(align="center", baseline="middle", fontSize=13, fontWeight="bold", color=INK)
            .encode(x=alt.XValue(px), y=alt.Y("label_y:Q", scale=y_scale), text=alt.Text("label:N"))
        )
    return layer(
        *layers,
        width=width,
        height=230,
        title=alt.TitleParams(title, subtitle=subtitle, subtitleColor=MUTED, fontSize=14),
    )


def ticks(top: float) -> list[float]:
    """Four or five round tick values from 0 to at most ``top`` (the band above is for labels)."""
    if not top or top <= 0 or math.isnan(top):
        return [0]
    raw = top / 4
    mag = 10 ** math.floor(math.log10(raw))
    step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw)
    return [round(i * step, 10) for i in range(int(top // step) + 1)]


def names_panel(
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
) -> alt.LayerChart | alt.FacetChart:
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
        axis=alt.Axis(**m.axis_format(), values=ticks(top), titleFontSize=12),
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
    styles: tuple[tuple[str, Literal["normal", "bold"]], ...] = (
        ("region", "normal"),
        ("highlight", "bold" if bold else "normal"),
    )
    for shown, weight_ in styles:
        layers.append(
            base.transform_filter(alt.datum.Shown == shown)
            .mark_text(align="right", baseline="middle", fontSize=12, color=INK, fontWeight=weight_)
            .encode(y=y, x=alt.XValue(bar_width + VALUE_WIDTH), text=alt.Text("value_text:N"))
        )
    if ref == ref:  # not NaN
        rule_df = pd.DataFrame({"ref": [ref], "Line": [ref_label]})
        layers.insert(
            1,
            alt.Chart(rule_df)
            .mark_rule(strokeDash=[5, 4], strokeWidth=1.5)
            .encode(
                x=alt.X("ref:Q"),
                color=alt.Color("Line:N", scale=alt.Scale(range=[INK]), legend=alt.Legend(title=None, orient="bottom")),
            ),
        )
    t = (
        alt.TitleParams(title, subtitle=subtitle, subtitleColor=MUTED, fontSize=14)
        if subtitle
        else alt.TitleParams(title, fontSize=14)
    )
    return layer(*layers, resolve=resolve_scale(color="independent"), width=bar_width, height=alt.Step(17), title=t)


def text_px(text: str, size: float = 13, bold: bool = False) -> float:
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


def layout(names: Iterable[str]) -> tuple[int, int]:
    """(ranked panel plot width, named bars width) so that the stacked figure is about
    TOTAL_WIDTH wide.  Vega-Lite lines the two plots up on their left edges, so the names
    column sets where both plots start."""
    label = min(NAME_WIDTH, max((text_px(n, bold=True) for n in names), default=40)) + 10
    left = max(label, AXIS_WIDTH)
    return int(TOTAL_WIDTH - left - 10), int(TOTAL_WIDTH - label - VALUE_WIDTH - 10)


def stack(top: alt.LayerChart | alt.FacetChart, bottom: alt.LayerChart | alt.FacetChart) -> alt.VConcatChart:
    """Two panels one above the other (widths from :func:`layout`)."""
    both = resolve_scale(color="independent", x="independent", y="independent")
    return vconcat(top, bottom, spacing=28, resolve=both)


def _js_list(names: Iterable[str]) -> str:
    import json

    return json.dumps(list(names))


def group_column(d: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    d = d.copy()
    d["Group"] = pd.Categorical(
        d["_tone"].map(labels), categories=[labels[k] for k in ("highlight", "region", "other") if k in labels]
    )
    return d
