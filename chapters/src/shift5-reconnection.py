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
# # Shift 5: reconnecting children in care with their families

# %% tags=["parameters"]
build_dir = "build/ccn-report"

# %%
from analysis.common import fmt
from analysis.present import benchmarks as bm
from analysis.present.context import load_context, md
from analysis.present.figures import evidence as ev

ctx = load_context(build_dir)
ev.synthetic_notice(ctx)
store = ctx.evidence

# %% [markdown]
# Prevention does not stop at the door of care. Many children who enter care could, with the right
# support for their family, return home safely, yet plans to return home tend to fade the longer a
# child stays. This shift is about keeping that possibility alive and acting on it.
#
# ## How long children stay

# %%
bm.show_benchmark(ctx, "s5_stay")
if store.available("s5_stay"):
    stay = ev.share_of(store.get("s5_stay"), "category", "In care more than a year")
    md(
        ev.if_known(
            [stay],
            lambda: f"Of children entering care in {ctx.area_md}, {fmt.pct(stay)} stay more than a year. ",
            f"children entering care in {ctx.area_md} who stay more than a year",
        )
        + ev.published_text(store, "s5_stay")
    )
ev.show_measure(ctx, "fig18", ev.fig18)
bm.show_benchmark(ctx, "fig18")

# %% [markdown]
# ## Plans to return home fade

# %%
ev.show_measure(ctx, "fig19", ev.fig19)
bm.show_benchmark(ctx, "fig19")
ev.show_measure(ctx, "fig20", ev.fig20)
bm.show_benchmark(ctx, "fig20")

# %% [markdown]
# ## Stability in the first year

# %%
ev.show_measure(ctx, "fig21", ev.fig21)
bm.show_benchmark(ctx, "fig21", "s5_first_placement")
if store.available("s5_first_placement"):
    md(ev.first_placement_sentence(store.get("s5_first_placement")) + ev.published_text(store, "s5_first_placement"))

# %% [markdown]
# ## Returning home safely
#
# A return home has to last. National research found that a substantial minority of children who
# go home come back into care, so reconnection needs support that continues after the child is home.

# %%
bm.show_benchmark(ctx, "s5_reentry")
if store.available("s5_reentry"):
    md(ev.reentry_sentence(store.get("s5_reentry"), ctx.area_md) + ev.published_text(store, "s5_reentry"))

# %% [markdown]
# ## Care-experienced young people's view
#
# The report gives space to young people who have been in care. In summary, they asked to be listened
# to and kept informed about decisions on going home; for contact with their families to be treated
# as something to build on rather than a risk to be managed; and for the adults around them,
# including foster carers, to help rebuild family relationships rather than stand in for them.
#
# ## Confidence across care settings

# %%
ev.show_measure(ctx, "fig22", ev.fig22)
bm.show_benchmark(ctx, "fig22")

# %% [markdown]
# ## What would help
#
# - Review every child's plan for a return home regularly, and report progress as a partnership
#   measure.
# - Bring foster carers into the team around the child's family.
# - Support families after a child returns home, to reduce the risk of the child coming back into care.
