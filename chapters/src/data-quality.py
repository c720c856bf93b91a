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
# # Data sources and quality

# %% tags=["parameters"]
build_dir = "build/ccn-report"

# %%
import pandas as pd

from analysis.common.escape import md_text
from analysis.common.paths import public_path, public_text
from analysis.present import data_quality as dq
from analysis.present.context import load_context, md, show_table

ctx = load_context(build_dir)
p = ctx.params
prep = ctx.prepared

# %% [markdown]
# ## What this report was built from

# %%
kind = p.report.area_kind
if p.history.file:
    md(f"- **Yearly history:** the council's own file {md_text(public_path(p.history.file))}.")
elif kind == "aggregate":
    md(
        "- **Yearly history:** the figures published in the June 2026 report for county and CCN unitary "
        "member councils (children in care 2016 and 2025, placement spend and budget), listed in the "
        "[methodology appendix](methodology.html)."
    )
else:
    md(
        "- **Yearly history:** Department for Education and ONS public data for every English council "
        "(children looked after, starts, ceases, returns home, S251 spend, 0-17 population), Open "
        "Government Licence v3.0."
    )
md(f"- **Child-level data:** {md_text(public_text(prep.get('child_data_label', 'none')))}.")

public = prep.get("public_data") or []
if public:
    md(
        "The public figures in this report (every council's yearly history, the comparisons between councils, "
        "populations and S251 spend) come from these publisher files, read by the package's own code. The "
        "checksum identifies the exact file; the [colophon](colophon.html) lists them with every other input."
    )
    show_table(
        pd.DataFrame(
            {
                "Publisher file": [f["name"] for f in public],
                "Publisher": [f.get("publisher", "") for f in public],
                "Release": [f.get("release", "") for f in public],
                "SHA-256 (first 12)": [f["sha256"][:12] for f in public],
            }
        ),
        key="dq-public-data",
        caption="Public data behind this report",
        source="The package's public-data manifest (p2r data status)",
    )
    md(
        "Contains public sector information licensed under the Open Government Licence v3.0. Source: Department "
        "for Education; Ministry of Housing, Communities & Local Government; Office for National Statistics."
    )
if "synthetic" in prep.get("child_data_label", ""):
    md(
        "::: {.callout}\nThe child-level figures in the evidence chapters come from a **synthetic dataset** made "
        "by the package's seeded generator to resemble the patterns described in the report. They illustrate "
        "the method and are not the real data of any council.\n:::\n"
    )

# %% [markdown]
# ## Validation and checks
#
# Every input is checked when it is read: required columns, types, dates, codes, impossible records
# (an episode ending before it starts, a birth after entry, overlapping episodes) and duplicate rows.
# A build stops with a message naming the file, column and rows if anything is wrong, so a report is
# never built from data that failed these checks.

# %%
ev = ctx.evidence.index
if ev:
    rows = [
        {
            "Measure": k,
            "Title": v.get("title", ""),
            "Status": v.get("status", ""),
            "Reason if not shown": v.get("reason", ""),
        }
        for k, v in ev.items()
    ]
    show_table(pd.DataFrame(rows), key="dq-measures", caption="Evidence measures and their status", source="This build")
summ = prep.get("validation_summary")
if summ:
    show_table(dq.tables_read(summ), key="dq-validation", caption="Child-level tables read", source="This build")

# %% [markdown]
# ## Repairs and warnings in the child-level data

# %%
if summ:
    repairs, warnings = dq.repairs_table(summ), dq.warnings_table(summ)
    md(dq.REPAIRS_INTRO)
    md(dq.repairs_sentence(repairs, warnings, p.child_data.strict))
    if len(repairs):
        show_table(repairs, key="dq-repairs", caption="Repairs applied to the child-level data", source="This build")
    if len(warnings):
        show_table(
            warnings, key="dq-warnings", caption="Warnings when reading the child-level data", source="This build"
        )
else:
    md("No child-level data were read for this report, so no repair or warning applies.")

# %% [markdown]
# ## Disclosure control

# %%
d = p.disclosure
md(
    "Counts from child-level data are protected before they reach any table or chart. The settings for this "
    "report are: " + "; ".join(f"`{k}` = {v}" for k, v in d.model_dump().items()) + "."
)

# %% [markdown]
# ## Provenance
#
# The [colophon](colophon.html) records the package version, git commit, params file hash, the
# checksum of every data file read, the renderer and its versions, and the build date.
