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
# # Enablers

# %% tags=["parameters"]
build_dir = "build/ccn-report"

# %%
from analysis.inputs.enablers import assessment_summary, load_enablers, with_assessment
from analysis.present.context import load_context, md, show_table

ctx = load_context(build_dir)
enablers = with_assessment(load_enablers(), ctx.params.enablers.self_assessment)
assessed = (enablers["status"] != "not assessed").any()

# %% [markdown]
# The five shifts will not happen by themselves. The report names conditions, some local and some
# national, that make them possible. They are listed here as data, so a council can record where it
# stands on each one in its params file (`enablers.self_assessment`) and see the picture in this chapter.

# %%
n_local = (enablers.level == "local").sum()
n_nat = (enablers.level == "national").sum()
md(f"There are {n_local} local and {n_nat} national enablers.")
if assessed:
    show_table(
        assessment_summary(enablers),
        key="enablers-summary",
        caption=f"Self-assessment by {ctx.area}: number of enablers by status",
        source=f"{ctx.area} self-assessment in the params file",
    )
    done = (enablers.status == "in place").sum()
    todo = (enablers.status == "not started").sum()
    md(f"{ctx.area_md} reports {done} enabler{'s' if done != 1 else ''} in place and {todo} not started.")
else:
    md(
        "No self-assessment was given for this report, so the Status column of the tables below shows every "
        "enabler as *not assessed*."
    )

# %% [markdown]
# ## Local enablers


# %%
def table(level):
    t = enablers[enablers.level == level].copy()
    t["Shifts"] = t["shifts"].apply(lambda s: ", ".join(map(str, s)))
    cols = {"id": "Id", "title": "Enabler", "summary": "What it means", "Shifts": "Supports shifts", "status": "Status"}
    if assessed:
        cols["note"] = "Note"
    return t[list(cols)].rename(columns=cols)


show_table(
    table("local"),
    key="enablers-local",
    caption="Local enablers",
    source="Report section 4, paraphrased; status from the params file",
)

# %% [markdown]
# ## National enablers

# %%
show_table(
    table("national"),
    key="enablers-national",
    caption="National enablers",
    source="Report section 4, paraphrased; status from the params file",
)
