# %% [markdown]
# # Enablers

# %% tags=["parameters"]
build_dir = "build/ccn-report"

# %%
from analysis.chapter import load_context, md
from analysis import fmt

ctx = load_context(build_dir)

# %%
md(f"This chapter of the report for **{ctx.area}** is being written.")
