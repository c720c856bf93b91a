"""What the evidence figures share: the child-level source note, the colours, and the bar charts.

:func:`hbar` (one bar per category) and :func:`grouped_bar` (bars side by side for two or more
measures) draw most of the figures in :mod:`analysis.present.figures.shifts`; a suppressed cell
shows as a gap and :func:`suppressed_note` names it in the caption.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.present.charts import PALETTE

CHILD_SOURCE = "Child-level data for this report, disclosure-controlled (counts rounded, small counts suppressed)"
BLUE, ORANGE, GREEN = PALETTE[0], PALETTE[1], PALETTE[2]


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
) -> alt.Chart:
    d = d.copy()
    d["label"] = d[val].map(lambda v: "" if pd.isna(v) else (f"{v:.0%}" if val == "share" else f"{v:,.0f}"))
    color = (
        alt.condition(alt.datum[cat] == highlight, alt.value(ORANGE), alt.value(BLUE))
        if highlight is not None
        else alt.value(BLUE)
    )
    y = alt.Y(f"{cat}:N", sort=("-x" if sort else None), title=None, axis=alt.Axis(labelLimit=300))
    base = alt.Chart(d).encode(y=y)
    x = alt.X(
        f"{val}:Q",
        axis=pct_axis(x_title) if val == "share" else alt.Axis(title=x_title, format=",.0f", tickCount=5),
        scale=alt.Scale(domain=[0, 1]) if val == "share" and d[val].max() > 0.7 else alt.Undefined,
    )
    bars = base.mark_bar(color=BLUE).encode(
        x=x, color=color, tooltip=[cat, alt.Tooltip(f"{val}:Q", format=".1%" if val == "share" else ",.0f")]
    )
    text = base.mark_text(align="left", dx=4).encode(x=f"{val}:Q", text="label:N")
    return (bars + text).properties(width=width, height=alt.Step(24))


def grouped_bar(
    d: pd.DataFrame,
    cat: str,
    group: str,
    *,
    val: str = "share",
    x_title: str,
    colours: list[str] | None = None,
    sort: list | None = None,
) -> alt.Chart:
    groups = list(dict.fromkeys(d[group]))
    cols = colours or PALETTE[: len(groups)]
    return (
        alt.Chart(d)
        .mark_bar()
        .encode(
            y=alt.Y(f"{cat}:N", title=None, sort=sort, axis=alt.Axis(labelLimit=300)),
            yOffset=alt.YOffset(f"{group}:N", sort=groups),
            x=alt.X(f"{val}:Q", axis=pct_axis(x_title)),
            color=alt.Color(f"{group}:N", scale=alt.Scale(domain=groups, range=cols), legend=alt.Legend(title=None)),
            tooltip=[cat, group, alt.Tooltip(f"{val}:Q", format=".1%")],
        )
        .properties(width=480, height=alt.Step(16))
    )


def top_categories(d: pd.DataFrame, col: str, n: int = 1) -> list:
    s = d.dropna(subset=["share"]).sort_values("share", ascending=False)
    return s[col].head(n).tolist()
