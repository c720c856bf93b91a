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
# # Glossary
#
# **Child in need (CIN) plan.** Support under section 17 of the Children Act 1989 for a child whose
# health or development would suffer without services.
#
# **Child protection (CP) plan.** A plan for a child judged at risk of significant harm, agreed at a
# child protection conference.
#
# **Children looked after / children in care.** Children cared for by the council under a care order or
# with their parents' agreement, counted at 31 March each year.
#
# **Cumulative benefit.** The placement spend avoided by a scenario compared with doing nothing, added
# up over the years from 2026.
#
# **Break-even.** The first year in which placement spend is at or below the placement budget.
#
# **Disclosure control.** Rules that stop published tables revealing individual children: small counts
# are suppressed and other counts rounded.
#
# **Early help.** Support offered to a family before statutory thresholds are met.
#
# **Entries and exits.** Children starting and ceasing to be looked after during a year.
#
# **Family Group Decision Making.** Meetings where the wider family plans how to keep a child safe.
#
# **IMD.** The English Indices of Deprivation; small areas are ranked and grouped into ten deciles.
#
# **LGR.** Local government reorganisation.
#
# **LSOA.** Lower layer super output area, a small statistical area of about 1,500 residents.
#
# **Placement spend.** What the council spends on children's care placements in a year.
#
# **SSDA903.** The return councils make to the Department for Education on every child looked after.
#
# **System shift.** One of the five changes to how agencies work together proposed in the report.
#
# **UASC.** Unaccompanied asylum-seeking children.

# %% tags=["parameters"]
build_dir = "build/ccn-report"

# %% [markdown]
# ## References
#
# The published report's own list of sources is at the end of that report (p. 70). The sources this
# package and its chapters draw on are:

# %%
from analysis.common.escape import md_text
from analysis.present.context import md, published_report

md(
    "\n".join(
        f"{i}. {md_text(r['text'])}" + (f" <{r['url']}>" if r.get("url") else "")
        for i, r in enumerate(published_report()["references"], 1)
    )
)
