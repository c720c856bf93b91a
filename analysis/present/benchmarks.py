"""The published report's figure as a benchmark where a shift chapter cannot draw the area's own.

Without child-level data (``child_data.source: none``), or without the tables a measure needs, a
shift chapter cannot compute a measure for the area.  It then says the chart is not shown (see
:func:`analysis.present.figures.evidence.show_measure`); :func:`show_benchmark` follows that with
the value the published report gives for the same measure, labelled as the figure for the
programme's own councils or case reviews (never as the area's), where it sits in the report, and
which of the area's own tables would let the package draw the chart::

    ev.show_measure(ctx, "fig01", ev.fig01)
    bm.show_benchmark(ctx, "fig01")          # shows nothing when the chart was drawn

:func:`show_published` gives one "published report found" sentence for a chart drawn from several
measures (instead of one sentence per measure).
"""

from __future__ import annotations

import re

from analysis.common.escape import md_text
from analysis.evidence.measures.registry import MEASURES
from analysis.inputs.childdata.tables import TABLES

#: Where each chapter's evidence sits in the published report (section, pages from its contents)
REPORT_PLACE = {
    "context": "sections 1 and 2, pp. 8-27",
    "system shifts": "section 3, pp. 28-53",
    "shift 1": "section 3, system shift 1, pp. 28-53",
    "shift 2": "section 3, system shift 2, pp. 28-53",
    "shift 3": "section 3, system shift 3, pp. 28-53",
    "shift 4": "section 3, system shift 4, pp. 28-53",
    "shift 5": "section 3, system shift 5, pp. 28-53",
    "impact": "section 5, pp. 58-67",
}
#: The tables by the names a council's analysts use for them
TABLE_NAMES = {
    "header": "SSDA903 header",
    "episodes": "SSDA903 episodes",
    "referrals": "CIN census referrals",
    "assessments": "CIN census assessments (with their factors)",
    "cin_plans": "child in need plan dates (CIN census)",
    "cp_plans": "child protection plan dates (CIN census)",
    "early_help": "early help plan dates",
    "contacts": "front-door contacts",
    "school": "school attendance and SEN records",
    "case_review": "case reviews, recorded in the package's case-review table",
    "home_lsoa": "each child's home LSOA",
    "population_imd": "child population by deprivation decile",
}
#: The only measure whose published value is national, from another report: (whose, where)
NATIONAL = {"s5_reentry": ("children in England as a whole", "the Home Again report on reunification")}


def _pounds(text: str) -> str:
    """'GBP 1.3bn' -> '£1.3bn': one currency style on the page."""
    return re.sub(r"GBP\s?(?=\d)", "£", text)


def _who(mid: str) -> str:
    """Whose figure the published value is."""
    if mid in NATIONAL:
        return NATIONAL[mid][0]
    spec = MEASURES.get(mid)
    needs = {r for req in (spec.requires if spec else ()) for r in (req if isinstance(req, tuple) else (req,))}
    if needs == {"case_review"}:
        return "the children whose cases practitioners reviewed for the programme"
    return "the nine councils of the programme's data phase"


def _where(mid: str) -> tuple[str, str]:
    """('Figure 1' or 'In the text', 'report section 3, system shift 1, pp. 28-53')."""
    if mid in NATIONAL:
        return "In another report", NATIONAL[mid][1]
    spec = MEASURES.get(mid)
    place = REPORT_PLACE.get(spec.section if spec else "", "section 3")
    m = re.fullmatch(r"fig(\d+)", mid)
    return (f"Figure {int(m.group(1))}" if m else "In the text"), f"report {place}"


def _table_name(name: str) -> str:
    if name in TABLE_NAMES:
        return TABLE_NAMES[name]
    t = TABLES.get(name)
    return t.title if t else name


def tables_needed(mid: str) -> list[str]:
    """The tables a measure is computed from, by their everyday names ('SSDA903 episodes', ...);
    alternatives joined with 'or'."""
    spec = MEASURES.get(mid)
    if spec is None:
        return []
    plain = [r for r in spec.requires if not isinstance(r, tuple)]
    out = [_table_name(r) for r in plain]
    for req in spec.requires:
        if isinstance(req, tuple) and not any(r in plain for r in req):
            out.append(" or ".join(_table_name(r) for r in req))
    return out


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _no_data(ctx, mid: str) -> bool:
    """True when the measure is absent for want of data (none supplied, or a table missing), not
    because the data did not allow it or disclosure control hid it."""
    if ctx.params.child_data.source == "none":
        return True
    reason = ctx.evidence.reason(mid).lower()
    return reason.startswith("needs ") or "no child-level data" in reason


def benchmark_text(ctx, *ids: str) -> str:
    """The benchmark block for the measures ``ids`` that are not available ('' when all are)."""
    store = ctx.evidence
    absent = [i for i in ids if not store.available(i)]
    if not absent:
        return ""
    items = []
    for mid in absent:
        pubs = [p for p in (store.published(mid) or []) if isinstance(p, dict) and p.get("text")]
        if not pubs:
            continue
        values = "; ".join(md_text(_pounds(p["text"])) for p in pubs)
        label, place = _where(mid)
        items.append(f"- {label} ({place}; {_who(mid)}): {values}.")
    if not items:
        return ""
    area = ctx.area_md
    whose = (
        "a published national figure"
        if all(i in NATIONAL for i in absent)
        else ("the published report's figures for the programme's areas")
    )
    from analysis.present.context import first_on_page

    spec = MEASURES.get(absent[0])
    first_label = spec.title if spec is not None and spec.title else _where(absent[0])[0]
    head = f"Benchmark: {whose}, not for {area}." if first_on_page("benchmark-lead") else f"Benchmark: {first_label}."
    lead = f"**{head}**\n\n" + "\n".join(items)
    if all(_no_data(ctx, i) for i in absent):
        tables: list[str] = []
        for i in absent:
            for t in tables_needed(i):
                if t not in tables and not any(t in x or x in t for x in tables):
                    tables.append(t)
        need = _join(tables)
        if first_on_page("needs:" + need):
            lead += (
                f"\n\nTo draw this for {area}, the package needs {area}'s own {need}; the "
                "[data sources](data-quality.html) appendix lists the files and their columns."
            )
        else:
            lead += f"\n\n{first_label}: the same tables of {area}'s as above would draw it."
    return f"::: {{.callout}}\n{lead}\n:::\n"


def show_benchmark(ctx, *ids: str) -> None:
    """Show the published benchmark for the measures ``ids`` that could not be computed; nothing
    when they all were (the chart and its comparison are then on the page)."""
    from analysis.present.context import md

    text = benchmark_text(ctx, *ids)
    if text:
        md(text)


def published_sentence(store, *ids: str) -> str:
    """One sentence with the report's values for several measures shown in one chart."""
    texts = []
    for mid in ids:
        for p in store.published(mid) or []:
            if isinstance(p, dict) and p.get("text"):
                texts.append(md_text(_pounds(p["text"])))
    return ("The published report found: " + "; ".join(texts) + ".") if texts else ""


def show_published(ctx, *ids: str) -> None:
    """After a chart drawn from several measures (shown with ``compare=False``): the published values
    of all of them in one sentence, or the benchmark when the chart could not be drawn."""
    from analysis.present.context import md

    store = ctx.evidence
    if all(store.available(i) for i in ids):
        text = published_sentence(store, *ids)
        if text:
            md(text)
    else:
        show_benchmark(ctx, *ids)
