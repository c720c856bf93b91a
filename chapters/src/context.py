# ---
# jupyter:
#   jupytext:
#     formats: ipynb,src//py:percent
#     notebook_metadata_filter: kernelspec,language_info
#     cell_metadata_filter: tags,-all
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
#   language_info:
#     name: python
# ---

# %% [markdown]
# # Introduction and context

# %% tags=["parameters"]
build_dir = "build/ccn-report"

# %%
from analysis.common import fmt
from analysis.common.escape import md_text
from analysis.common.paths import public_text
from analysis.present.context import load_context, md
from analysis.present.figures import evidence as ev
from analysis.present.figures import show

ctx = load_context(build_dir)
h = ctx.headline
store = ctx.evidence
p = ctx.params

# %% [markdown]
# ## Why this report

# %%
from analysis.present.narrative import history_trends

programme = (
    "The *From prevention to reconnection* programme set out to find where, across all the agencies working "
    "with families, the system could keep more children safely at home and help more of those in care to go "
    "back to their families. It combined administrative data from a group of councils with practitioners' "
    "reviews of the stories of more than a hundred children, and engagement with people across the system, "
    "including young people with experience of care."
)
if p.report.area_kind == "aggregate" and not p.history.file:
    md(
        "Councils in England look after more children than ever, and spend on their placements has risen far "
        "faster than the number of children. " + programme
    )
else:
    # the national picture of the published report is not this area's: its own figures follow
    md(
        programme + f" This report runs the same analysis on the figures of {ctx.area_md}, so the pressures below are "
        "its own."
    )

# %% [markdown]
# ## The pressures

# %%
if p.report.area_kind == "aggregate" and not p.history.file:
    from analysis.model.reproduction import load_targets, spend_rise

    pub = p.model.published
    grow = pub.cla_base / pub.cla_2016 - 1
    sr = spend_rise(pub)
    tg = load_targets("ccn-report").set_index("key")
    md(
        f"Across {ctx.area_md}, the report counts {fmt.num(pub.cla_2016)} children in care in 2016 and "
        f"{fmt.num(pub.cla_base)} in 2025, a rise of {fmt.pct(grow)}. Placement spend grew from "
        f"{fmt.money(sr['spend_2016'], 1)} in 2015/16 to {fmt.money(sr['spend_base'])} in 2024/25, an increase of "
        f"{fmt.pct(sr['rise'])} (the report prints this rise as 240%; see the [reproduction "
        f"check](reproduction.html)). In "
        f"{fmt.year_label(h['base_year'])} spend exceeded the placement budget "
        f"by about {fmt.money(h['overspend_base'])}: the report's own spend less its budget of "
        f"{fmt.money(pub.budget_base, 1)}, which the report gives as about "
        f"{fmt.money(tg.loc['overspend_2025', 'published'])}."
    )
else:
    hist = ctx.history
    last = hist.iloc[-1]
    md(
        history_trends(hist, ctx.area_md)
        + f" In {int(last.year)}, {fmt.num(last.starts)} children entered care and {fmt.num(last.ceases)} left it."
    )

from analysis.present.uasc import uasc_sentence

if not (p.report.area_kind == "aggregate" and not p.history.file):
    uasc = uasc_sentence(ctx.history, ctx.area_md, ctx.headline)
    if uasc:
        md(uasc)

ev.synthetic_notice(ctx)
if store.available("ctx01"):
    d = store.get("ctx01")
    md(
        f"Even so, only a small share of children are in care: in the child-level data, "
        f"{fmt.pct(ev.share_of(d, 'category', 'Looked after'), 1)} of children were looked after and "
        f"{fmt.pct(ev.share_of(d, 'category', 'On a statutory plan (CIN, CP or looked after)'), 1)} were on any "
        f"statutory plan. " + ev.published_text(store, "ctx01")
    )
if store.available("ctx04"):
    d = store.get("ctx04")
    md(
        f"Most children who start a child in need or child protection plan stay with their families: "
        f"{fmt.pct(ev.share_of(d, 'category', 'Stayed with family (not looked after within 12 months)'))} "
        f"were not looked "
        f"after within a year. " + ev.published_text(store, "ctx04")
    )

for mid, builder in (("ctx02", ev.ctx_cla_trend), ("ctx06", ev.ctx_spend_concentration)):
    if store.available(mid):
        ev.show_child_figure(ctx, builder(store.get(mid), ctx.area))
if store.available("ctx06"):
    md(ev.published_text(store, "ctx06"))
if store.available("ctx05"):
    d = store.get("ctx05")
    md(
        f"Unaccompanied asylum-seeking children add to the pressure: in the child-level data their number in care "
        f"rose by {fmt.num(d['change_since_first'].iloc[-1])} "
        f"between {int(d['year'].iloc[0])} and {int(d['year'].iloc[-1])}. " + ev.published_text(store, "ctx05")
    )

g = ctx.group_vs_published
if g is not None:
    rows = [
        f"{int(r.year)}: {fmt.num(r.dfe_cla)} in DfE data against {fmt.num(r.published)} in the report "
        f"({fmt.num(r.dfe_cla - r.published)} more)"
        for r in g.itertuples()
    ]
    md(
        f"The totals for {ctx.area_md} come from DfE public data and differ from the figures the report published "
        f"for its CCN aggregate: " + "; ".join(rows) + ". The report's set of councils or its definition (for "
        "example whether unaccompanied asylum-seeking children are included) evidently differs."
    )

# %% [markdown]
# ## How this area compares

# %%
from analysis.present.context import unavailable
from analysis.present.figures import comparators as cmp

note = ctx.prepared.get("comparators", {})
if note.get("available"):
    comp = ctx.comparators
    if note.get("dfe_code"):
        md(
            f"The charts below place {ctx.area_md} among all English councils and the councils of its region, "
            f"using DfE public data for {note['year']}."
        )
        for f in cmp.comparison_figures(comp, note["dfe_code"]):
            show(f)
    else:
        md(
            "The chart below shows how entry rates vary across the confirmed CCN member councils, and where the "
            "average would sit if entries fell by the modelled share (after the report's Figure 23)."
        )
        show(cmp.entries_improvement_figure(comp, h["entry_reduction_full"]))
else:
    reason = md_text(public_text(note.get("reason", "Public data were not available.")))
    unavailable("The comparison with other councils", reason)

# %% [markdown]
# ## The funding around the shifts

# %%
from analysis.present.context import published_report

fund = published_report()["funding"]
ccn_view = p.report.area_kind == "aggregate" and not p.history.file
md(
    "The shifts land in the middle of national reform of children's services, led by the Families First "
    "Partnership Programme: family help, multi-agency child protection and family group decision making. Its "
    f"national funding is set to fall from {fmt.money(fund['families_first_2026_27'], 1)} in 2026/27 to "
    f"{fmt.money(fund['families_first_2028_29'], 1)} in 2028/29, because part of it came from a two-year "
    "transformation fund (report section 5). Councils also receive a children's social care prevention grant, now "
    f"part of the Children, Families and Youth Grant, which is due to end in {fund['prevention_grant_end']}"
    + (
        f"; for the CCN councils it is worth {fmt.money(fund['prevention_grant_2026_27'])} in 2026/27 (report "
        "section 1)."
        if ccn_view
        else "."
    )
    + " The published report argues that the grant should run to at least "
    f"{fund['prevention_grant_ask']}, the point from which, on its modelling of the CCN councils together, savings "
    "could pay for prevention; the [next steps](next-steps.html) chapter sets this report's own break-even year "
    "against that date."
)

# %% [markdown]
# ## The five shifts and how this report is organised
#
# Chapters 3 to 7 take the five system shifts in turn, each with the evidence behind it computed
# from child-level data. Chapter 8 lists the enablers, chapter 9 models the impact and chapter 10
# scales it. The appendices set out the method and check the results against the published report.
