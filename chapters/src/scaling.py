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
from analysis.present.scaling import children_0_17, scaled_table, source_note

ctx = load_context(build_dir)
h = ctx.headline
mp = ctx.params.model
published = ctx.params.report.area_kind == "aggregate" and not ctx.params.history.file

if published:
    md(
        "The published results describe all county and CCN unitary member councils together. Councils "
        "going through local government reorganisation, and any council comparing itself with the report, "
        "need them at their own scale. The simplest way is pro rata on population, which assumes that the "
        "rates of entry, exit and cost are the same everywhere. That is rarely true, so a council should "
        "prefer its own history (see `p2r render --la`), but pro rata figures give a first sense of scale."
    )
else:
    md(
        f"The results of this report are fitted to the history of {ctx.area_md}. Scaling them pro rata to "
        "another population, for example a successor council after local government reorganisation or a "
        "neighbour comparing itself, assumes the same rates of entry, exit and cost per child there. That is "
        "rarely exact, so the scaled figures give a first sense of scale, not a projection for that area."
    )

children = None if published else children_0_17(ctx.history)
tab, notes = scaled_table(h, ctx.params, children)
show_table(
    tab,
    key="scaling-table",
    caption="The headline results scaled pro rata to other populations",
    source=source_note(ctx.params, children),
)
for n in notes:
    md(n)
