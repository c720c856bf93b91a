"""What the evidence figures share: the child-level source note, the colours, and the bar charts.

:func:`hbar` (one bar per category) and :func:`grouped_bar` (bars side by side for two or more
measures) draw most of the figures in :mod:`analysis.present.figures.shifts`.  A suppressed cell is
never drawn as zero or shared out among the others: a bar chart labels it "suppressed" where its bar
would be, a part-of-whole bar shows what its suppressed cells hide together as a grey "suppressed"
segment (:func:`part_of_whole`), and :func:`suppressed_note` names the cells in the caption.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.present.charts import PALETTE, layer, props

SUPPRESSED = "Suppressed (small numbers)"
SUPPRESSED_COLOUR = "#d9d9d9"
SUPPRESSED_LABEL = "suppressed"
CHILD_SOURCE = "Child-level data for this report, disclosure-controlled (counts rounded, small counts suppressed)"
BLUE, ORANGE, GREEN, PURPLE = PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[3]


def pct_axis(title: str) -> alt.Axis:
    return alt.Axis(format="%", title=title, tickCount=5)


def suppressed_note(d: pd.DataFrame, label_col: str) -> str:
    if "suppressed" not in d:
        return ""
    s = d[d["suppressed"].fillna(False).astype(bool)]
    if not len(s):
        return ""
    names = [str(x) for x in s[label_col].tolist()[:4]]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f" Values for {label_col.lower()} {listed} are suppressed because the numbers are small."


def hbar(
    d: pd.DataFrame,
    cat: str,
    *,
    val: str = "share",
    x_title: str,
    highlight: str | None = None,
    sort: bool = True,
    width: int = 520,
) -> alt.LayerChart:
    d = d.copy()
    d["label"] = [_bar_label(v, hidden, val) for v, hidden in zip(d[val], _hidden(d))]
    color = (
        alt.condition(alt.datum[cat] == highlight, alt.value(ORANGE), alt.value(BLUE))
        if highlight is not None
        else alt.value(BLUE)
    )
    # sorted by the value field itself (not "-x"), so that the label layer, placed at 0 for a suppressed
    # cell, sorts the same way as the bars
    order = alt.EncodingSortField(field=val, op="max", order="descending") if sort else None
    y = alt.Y(f"{cat}:N", sort=order, title=None, axis=alt.Axis(labelLimit=300))
    base = alt.Chart(d).encode(y=y)
    x = alt.X(
        f"{val}:Q",
        axis=pct_axis(x_title) if val == "share" else alt.Axis(title=x_title, format=",.0f", tickCount=5),
        scale=alt.Scale(domain=[0, 1]) if val == "share" and d[val].max() > 0.7 else alt.Undefined,
    )
    bars = base.mark_bar(color=BLUE).encode(
        x=x, color=color, tooltip=[cat, alt.Tooltip(f"{val}:Q", format=".1%" if val == "share" else ",.0f")]
    )
    # a suppressed cell has no value: its label sits at zero, where its bar would start
    text = (
        base.transform_calculate(at=f"isValid(datum['{val}']) ? datum['{val}'] : 0")
        .mark_text(align="left", dx=4)
        .encode(x=alt.X("at:Q"), text=alt.Text("label:N"))
    )
    return layer(bars, text, width=width, height=alt.Step(24))


def _hidden(d: pd.DataFrame) -> list[bool]:
    """Rows flagged as suppressed; without a flag column every row may be (a missing value in a
    disclosure-controlled table is a suppressed one)."""
    if "suppressed" not in d:
        return [True] * len(d)
    return [bool(x) if not pd.isna(x) else False for x in d["suppressed"]]


def _bar_label(v, hidden: bool, val: str) -> str:
    if pd.isna(v):
        return SUPPRESSED_LABEL if hidden else ""
    return f"{v:.0%}" if val == "share" else f"{v:,.0f}"


def part_of_whole(d: pd.DataFrame, cat: str, group: str, order: list[str], val: str = "share") -> pd.DataFrame:
    """Segments of one 100% bar per ``cat``, split by ``group`` in ``order``: each shown share as it is,
    and what the category's suppressed cells hide together as one :data:`SUPPRESSED` segment (1 minus the
    shares shown), so that nothing hidden is shared out among the cells shown.  Columns: ``cat``,
    ``group``, ``val``, ``start``, ``end``, ``label``."""
    rows = []
    for c, g in d.groupby(cat, sort=False):
        shown = g.dropna(subset=[val]).copy()
        shown["_o"] = shown[group].map(lambda x: order.index(x) if x in order else len(order))
        start = 0.0
        for _, r in shown.sort_values("_o").iterrows():
            v = float(r[val])
            rows.append({cat: c, group: r[group], val: v, "start": start, "end": start + v})
            start += v
        if len(shown) < len(g):
            rest = max(0.0, 1.0 - start)
            rows.append({cat: c, group: SUPPRESSED, val: rest, "start": start, "end": start + rest})
    out = pd.DataFrame(rows, columns=[cat, group, val, "start", "end"])
    wide = out["end"] - out["start"] >= 0.12
    out["label"] = [
        (SUPPRESSED_LABEL if g == SUPPRESSED else f"{v:.0%}") if w else ""
        for g, v, w in zip(out[group], out[val], wide)
    ]
    return out


def grouped_bar(
    d: pd.DataFrame,
    cat: str,
    group: str,
    *,
    val: str = "share",
    x_title: str,
    colours: list[str] | None = None,
    sort: list | None = None,
) -> alt.LayerChart:
    groups = list(dict.fromkeys(d[group]))
    cols = colours or PALETTE[: len(groups)]
    d = d.copy()
    d["label"] = [SUPPRESSED_LABEL if pd.isna(v) and h else "" for v, h in zip(d[val], _hidden(d))]
    y = alt.Y(f"{cat}:N", title=None, sort=sort, axis=alt.Axis(labelLimit=300))
    y_offset = alt.YOffset(f"{group}:N", sort=groups)
    base = alt.Chart(d)
    bars = base.mark_bar().encode(
        y=y,
        yOffset=y_offset,
        x=alt.X(f"{val}:Q", axis=pct_axis(x_title)),
        color=alt.Color(f"{group}:N", scale=alt.Scale(domain=groups, range=cols), legend=alt.Legend(title=None)),
        tooltip=[cat, group, alt.Tooltip(f"{val}:Q", format=".1%")],
    )
    if not d["label"].astype(bool).any():
        return props(bars, width=480, height=alt.Step(16))
    # a suppressed cell: the word where its bar would be, never an empty gap that reads as zero
    text = (
        base.transform_filter("datum.label != ''")
        .transform_calculate(at="0")
        .mark_text(align="left", dx=4, fontSize=10)
        .encode(y=y, yOffset=y_offset, x=alt.X("at:Q"), text=alt.Text("label:N"))
    )
    return layer(bars, text, width=480, height=alt.Step(16))


def top_categories(d: pd.DataFrame, col: str, n: int = 1) -> list:
    s = d.dropna(subset=["share"]).sort_values("share", ascending=False)
    return s[col].head(n).tolist()
