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
# # Reproduction check

# %% tags=["parameters"]
build_dir = "build/ccn-report"

# %%
import pandas as pd

from analysis.common import fmt
from analysis.present.context import load_context, md, show_table

ctx = load_context(build_dir)
rep = ctx.reproduction
t = pd.DataFrame(rep["targets"])

# %% [markdown]
# A reviewer needs to know whether the package reproduces the published report before trusting it on
# other data. This appendix compares each published headline figure with the package's value and flags
# any that fall outside the stated tolerance.

# %%
ok = int(t["within"].sum())
md(
    f"Basis: {rep['basis']}. **{ok} of {len(t)} published figures are reproduced within tolerance**"
    + ("." if ok == len(t) else f"; {len(t) - ok} are not, and are flagged below.")
)


def show_value(key, v):
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return "none by 2035" if key.startswith("break_even") else ""
    if key.startswith("break_even"):
        return str(int(v))
    if any(w in key for w in ("spend", "benefit", "overspend", "budget")):
        return fmt.money(v, 2) if abs(v) >= 1e9 else fmt.money(v, 1)
    return fmt.num(v)


tab = pd.DataFrame(
    {
        "Figure": t["description"],
        "Published": [show_value(k, v) for k, v in zip(t["key"], t["published"])],
        "Computed": [show_value(k, v) for k, v in zip(t["key"], t["computed"])],
        "Tolerance": t["tolerance"],
        "Check": ["within" if w else "OUTSIDE" for w in t["within"]],
        "Where in the report": t["source"],
    }
)
show_table(
    tab,
    key="repro-targets",
    caption="Published headline figures against this package",
    source="Published targets typed from the report (analysis/resources/targets.yml)",
    csv=t,
)

# %% [markdown]
# ## The report's own inconsistencies
#
# Some figures appear in the published report with different values in different places. The package
# reproduces one of each pair (see the tolerances above); the pairs are listed so a reader is not
# surprised by them.

# %%
inc = pd.DataFrame(rep["inconsistencies"])
show_table(
    inc.rename(
        columns={
            "topic": "Topic",
            "statement_a": "One place says",
            "location_a": "Where",
            "statement_b": "Another place says",
            "location_b": "Where (2)",
        }
    ),
    key="repro-inconsistencies",
    caption="Inconsistencies within the published report",
    source="Report, as listed in the package's target file",
)
