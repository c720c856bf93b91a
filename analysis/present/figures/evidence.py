"""Charts and sentences for the evidence measures (report figures 1-22 and the textual figures).

The chapters use this module as ``ev``: the context figures are built here, the figures of the
five shifts in :mod:`analysis.present.figures.shifts` (imported below, so ``ev.fig01`` ...
``ev.fig22`` work), and :func:`show_measure` shows one of them with its published comparison.
Every figure reads a disclosure-controlled measure table (see :mod:`analysis.evidence.measures`)
and returns a :class:`Fig` whose caption and alt text are computed from it.  Suppressed cells
are labelled as suppressed in the charts and named in the caption.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.common import fmt
from analysis.present.charts import props
from analysis.present.figures import Fig
from analysis.present.figures.evidence_common import BLUE, CHILD_SOURCE, ORANGE, grouped_bar, suppressed_note
from analysis.present.figures.evidence_sentences import (
    contacts_plans_sentence,
    ethnicity_list,
    first_placement_sentence,
    if_known,
    reentry_sentence,
    suppressed_sentence,
)
from analysis.present.figures.shifts import (
    fig01,
    fig02,
    fig03,
    fig04,
    fig05,
    fig06,
    fig07_08,
    fig09,
    fig10,
    fig11,
    fig12,
    fig13,
    fig14,
    fig15,
    fig16,
    fig17,
    fig18,
    fig19,
    fig20,
    fig21,
    fig22,
)
from analysis.present.narrative import direction_word

__all__ = [
    "CHILD_SOURCE",
    "child_source",
    "contacts_plans_sentence",
    "ethnicity_list",
    "first_placement_sentence",
    "if_known",
    "is_synthetic",
    "label_child_figure",
    "reentry_sentence",
    "suppressed_sentence",
    "ctx_cla_trend",
    "ctx_spend_concentration",
    "fig01",
    "fig02",
    "fig03",
    "fig04",
    "fig05",
    "fig06",
    "fig07_08",
    "fig09",
    "fig10",
    "fig11",
    "fig12",
    "fig13",
    "fig14",
    "fig15",
    "fig16",
    "fig17",
    "fig18",
    "fig19",
    "fig20",
    "fig21",
    "fig22",
    "published_text",
    "published_texts",
    "share_of",
    "show_child_figure",
    "show_measure",
    "synthetic_notice",
]


# --------------------------------------------------------------------------- context


def ctx_cla_trend(d: pd.DataFrame, area: str) -> Fig:
    """Children in care at 31 March over the years the extract covers (the measure ctx02 starts at
    the 31 March that opens the first complete year, so the caption describes only those years)."""
    note = suppressed_note(d, "year")
    d = d[["year", "count"]].rename(columns={"year": "Year", "count": "Children in care"})
    first, last = d.iloc[0], d.iloc[-1]
    n0, n1 = first["Children in care"], last["Children in care"]
    chart = props(
        alt.Chart(d)
        .mark_line(point=True, color=BLUE)
        .encode(
            x=alt.X("Year:O", axis=alt.Axis(labelAngle=0), title="31 March"),
            y=alt.Y("Children in care:Q", scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("Year"), alt.Tooltip("Children in care:Q", format=",")],
        ),
        width=560,
        height=260,
    )
    when = f"31 March {first.Year}" if len(d) == 1 else f"31 March, {first.Year} to {last.Year}"
    lead = f"Children in care in the child-level data for {area} at {when} (the years the extract covers)"
    if pd.isna(n0) or pd.isna(n1):
        caption, alt_text = lead + "." + note, f"Chart of children in care at {when}."
    elif len(d) == 1:
        caption, alt_text = f"{lead}: {fmt.num(n1)}.", f"Chart of children in care at {when}: {fmt.num(n1)}."
    else:
        caption = f"{lead}: {fmt.num(n0)} to {fmt.num(n1)} ({n1 / n0 - 1:+.0%}).{note}"
        alt_text = (
            f"Line chart of children in care at 31 March each year from {first.Year} to {last.Year}, "
            f"{direction_word(n0, n1, 'ing')} from {fmt.num(n0)} to {fmt.num(n1)}."
        )
    return Fig("ctx-cla", "Children in care at 31 March", caption, alt_text, CHILD_SOURCE, chart, d)


def ctx_spend_concentration(d: pd.DataFrame, area: str) -> Fig:
    top = d.iloc[0]
    dd = d[["category", "share", "spend_share"]].rename(
        columns={"category": "Children", "share": "Share of children", "spend_share": "Share of spend"}
    )
    long = dd.melt(id_vars="Children", var_name="Measure", value_name="share")
    chart = grouped_bar(long, "Children", "Measure", x_title="Share", colours=[BLUE, ORANGE])
    return Fig(
        "ctx-spend-concentration",
        "How placement spend is concentrated",
        f"In {area}, the most expensive {fmt.pct(top['share'])} of children in care account for "
        f"{fmt.pct(top['spend_share'])} of placement spend.",
        f"Bar chart comparing shares of children and of spend: the top {fmt.pct(top['share'])} of children "
        f"by cost take {fmt.pct(top['spend_share'])} of spend.",
        CHILD_SOURCE,
        chart,
        long,
    )


# --------------------------------------------------------------------------- showing them


def published_texts(store, *mids: str) -> list[str]:
    """The report's published value(s) for one or more measures, as phrases."""
    out = []
    for mid in mids:
        pubs = store.published(mid) or []
        out += [p["text"] for p in pubs if isinstance(p, dict) and p.get("text")]
    return out


def published_text(store, *mids: str) -> str:
    """The report's published value(s) for one or more measures, as one sentence for comparison (its lead-in
    once, however many measures)."""
    texts = published_texts(store, *mids)
    return ("The published report found: " + "; ".join(texts) + ".") if texts else ""


def child_source(ctx) -> str:
    """The source note for child-level figures: says plainly when the data are synthetic."""
    if is_synthetic(ctx):
        return (
            f"Synthetic child-level data from this package's seeded generator (seed {ctx.params.child_data.seed}), "
            f"not real records; "
            f"disclosure-controlled (counts rounded, small counts suppressed)"
        )
    return CHILD_SOURCE


#: Added to the title, and put first in the caption, of every figure drawn from synthetic child-level data.
SYNTHETIC_TITLE = " (synthetic data)"
SYNTHETIC_CAPTION = "Synthetic data made by this package, not real children's records. "


def is_synthetic(ctx) -> bool:
    return str(ctx.prepared.get("child_data_label", "")).startswith("synthetic")


def label_child_figure(fig, synthetic: bool, source: str = CHILD_SOURCE):
    """The figure as shown: from synthetic data, its title and caption say so (not only the source note and a
    callout), so that no chart of synthetic data passes as an area's own."""
    fig.source = fig.source.replace(CHILD_SOURCE, source)
    if synthetic:
        if not fig.title.endswith(SYNTHETIC_TITLE):
            fig.title += SYNTHETIC_TITLE
        if not fig.caption.startswith(SYNTHETIC_CAPTION):
            fig.caption = SYNTHETIC_CAPTION + fig.caption
    return fig


def show_child_figure(ctx, fig) -> None:
    """Show a figure built from child-level data; with synthetic data its title, caption and source say so."""
    from analysis.present.figures import show

    show(label_child_figure(fig, is_synthetic(ctx), child_source(ctx)))


def synthetic_notice(ctx) -> None:
    """A callout at the top of an evidence chapter when its child-level data are synthetic."""
    from analysis.present.context import md

    if is_synthetic(ctx):
        md(
            "::: {.callout}\n**Illustrative data.** The figures in this chapter are computed from a synthetic "
            "dataset made by the package to resemble the patterns the published report describes. They show the "
            "method, not any council's real children. A council supplies its own files to replace them "
            "(see the [data sources](data-quality.html) appendix).\n:::\n"
        )


def show_measure(ctx, mid: str, builder, *extra_ids: str, compare: bool = True) -> None:
    """Show one evidence figure (or say why it cannot be shown).  Returns nothing, so that a call at
    the end of a cell leaves no stray table repr in the executed notebook (Quarto would print it)."""
    from analysis.present.context import md, unavailable

    store = ctx.evidence
    ids = (mid,) + extra_ids
    missing = [i for i in ids if not store.available(i)]
    title = store.index.get(mid, {}).get("title", mid)
    if missing:
        unavailable(title, store.reason(missing[0]))
        return
    frames = [store.get(i) for i in ids]
    show_child_figure(ctx, builder(*frames, ctx.area))
    if compare:
        txt = published_text(store, *ids)
        if txt:
            md(txt)


def share_of(d: pd.DataFrame | None, col: str, value, share: str = "share"):
    """The share in the row where ``col == value`` (None if missing or suppressed)."""
    if d is None:
        return None
    r = d[d[col].astype(str) == str(value)]
    if not len(r) or pd.isna(r[share].iloc[0]):
        return None
    return float(r[share].iloc[0])
