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
# # Scaling the impact

# %% tags=["parameters"]
build_dir = "build/ccn-report"

# %%
from analysis.present.context import load_context, md, show_table
from analysis.present.scaling import scaled_table

ctx = load_context(build_dir)
h = ctx.headline
mp = ctx.params.model

# %% [markdown]
# The published results describe all county and CCN unitary member councils together. Councils
# going through local government reorganisation, and any council comparing itself with the report,
# need them at their own scale. The simplest way is pro rata on population, which assumes that the
# rates of entry, exit and cost are the same everywhere. That is rarely true, so a council should
# prefer its own history (see `p2r render --la`), but pro rata figures give a first sense of scale.

# %%
tab, notes = scaled_table(h, ctx.params)
show_table(
    tab,
    key="scaling-table",
    caption="The headline results scaled pro rata to other populations",
    source="Impact model in this package; CCN population 27 million as stated in the report",
)
for n in notes:
    md(n)
