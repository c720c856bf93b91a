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
# # Key findings

# %% tags=["parameters"]
build_dir = "build/ccn-report"

# %%
from analysis.common.escape import md_text
from analysis.present.context import load_context, md
from analysis.present.narrative import break_even_odds, key_findings

ctx = load_context(build_dir)
h = ctx.headline
subtitle = md_text(ctx.params.report.subtitle or "")

md(f"**{ctx.area_md}.** {subtitle}")

# %% [markdown]
# This report regenerates the analysis of *From prevention to reconnection* (County Councils Network,
# Society of County Treasurers and Newton, June 2026) from data, so that any council can run the same
# analysis on its own figures. Every number below is computed by the package each time the report is built.

# %%
items = "\n".join(f"- {s}" for s in key_findings(h, ctx.area_md, break_even_odds(ctx.model)))
md(f"::: {{.key-findings}}\n{items}\n:::\n")

# %% [markdown]
# ## How to read this report
#
# The [executive summary](summary.html) gives the argument in brief. The
# [context](context.html) chapter describes the pressures on children's social care. The five chapters on
# system shifts set out where the evidence from children's records and practitioners' case reviews
# points to change. The [impact](impact.html) and [scaling](scaling.html) chapters model what those
# shifts could achieve, and the appendices record every assumption, check the results against the
# published report and describe the data used.
