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
# # Shift 3: schools in the team around the family

# %% tags=["parameters"]
build_dir = "build/ccn-report"

# %%
from analysis.present import benchmarks as bm
from analysis.present.context import load_context
from analysis.present.figures import evidence as ev

ctx = load_context(build_dir)
ev.synthetic_notice(ctx)

# %% [markdown]
# Schools see children nearly every day, and children entering care are mostly of school age. Yet
# schools are usually treated as a source of referrals rather than as partners in supporting the
# family. This shift asks for schools to be part of the team around the family, sharing what they
# know and taking part in the plan.
#
# ## Who enters care, and what it costs

# %%
ev.show_measure(ctx, "fig10", ev.fig10)
bm.show_benchmark(ctx, "fig10")

# %% [markdown]
# ## Children are in school before they enter care

# %%
ev.show_measure(ctx, "fig11", ev.fig11)
bm.show_benchmark(ctx, "fig11")
ev.show_measure(ctx, "fig12", ev.fig12)
bm.show_benchmark(ctx, "fig12")

# %% [markdown]
# ## Schools and referrals

# %%
ev.show_measure(ctx, "fig13", ev.fig13)
bm.show_benchmark(ctx, "fig13")

# %% [markdown]
# ## What would help
#
# - Involve the child's school in early help, child in need and child protection planning as a
#   matter of course, not only as a referrer.
# - Use attendance and special educational needs information alongside social care data to spot
#   families who might need help.
# - Link family help services to schools, so help can be offered where families already are.
