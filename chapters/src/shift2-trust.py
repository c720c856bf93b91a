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
# # Shift 2: gaining families' trust and consent

# %% tags=["parameters"]
build_dir = "build/ccn-report"

# %%
from analysis.present import benchmarks as bm
from analysis.present.context import load_context, md
from analysis.present.figures import evidence as ev

ctx = load_context(build_dir)
ev.synthetic_notice(ctx)

# %% [markdown]
# Most early help is voluntary. It only works if a family agrees to it and stays engaged, and families
# who have had poor experiences of services, or who fear that asking for help will lead to their
# children being removed, may say no. Practitioners reviewing children's stories kept coming back to
# this: without the family's trust, support offered early does not land.
#
# ## What would have made support effective

# %%
ev.show_measure(ctx, "fig04", ev.fig04)
bm.show_benchmark(ctx, "fig04")

# %% [markdown]
# ## Where consent was lacking

# %%
ev.show_measure(ctx, "fig05", ev.fig05)
bm.show_benchmark(ctx, "fig05")

# %% [markdown]
# ## Deprivation and who enters care
#
# The families least likely to trust services are often those with the least: entry rates rise
# steeply with neighbourhood deprivation.

# %%
ev.show_measure(ctx, "fig06", ev.fig06)

bm.show_benchmark(ctx, "fig06", "s2_ethnicity")
eth = ctx.evidence.get("s2_ethnicity") if ctx.evidence.available("s2_ethnicity") else None
if eth is not None:
    md(ev.ethnicity_list(eth, ctx.area_md) + ev.published_text(ctx.evidence, "s2_ethnicity"))

# %% [markdown]
# ## Hearing the child

# %%
ev.show_measure(ctx, "fig07", ev.fig07_08, "fig08", compare=False)
bm.show_published(ctx, "fig07", "fig08")
ev.show_measure(ctx, "fig09", ev.fig09)
bm.show_benchmark(ctx, "fig09")

# %% [markdown]
# ## What would help
#
# - Train staff across agencies, adult services above all, in building consent and working with
#   families in a trauma-informed way.
# - Use family group decision making early and often, so the wider family can help.
# - Capture the child's wishes and feelings consistently, including for younger children.
