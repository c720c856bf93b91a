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
# # Next steps

# %% tags=["parameters"]
build_dir = "build/ccn-report"

# %%
from analysis.common import fmt
from analysis.present.context import load_context, md
from analysis.present.narrative import break_even_odds, budget_assumed, budget_term

ctx = load_context(build_dir)
h = ctx.headline
published = ctx.params.report.area_kind == "aggregate" and not ctx.params.history.file

# %% [markdown]
# The report's findings point to a small number of practical steps. None of them is a single
# service; each asks partners to work on the same families with the same information.
#
# ## For councils and their partners
#
# 1. **Know your own numbers.** Run this package on your own history and child-level data. The
#    evidence chapters show where your pattern differs from the report's, and the impact chapter shows
#    what the shifts could mean at your scale.
# 2. **Review a sample of children's journeys.** The case-review table in the
#    [data dictionary](data-quality.html) records the same practitioner judgements the report relied on,
#    so your assumptions can rest on your own cases.
# 3. **Agree the enablers you will work on first,** using the self-assessment in the
#    [enablers](enablers.html) chapter, and revisit it each year.
# 4. **Track entries, exits and returns home as partnership measures,** not only as children's services
#    measures.
#
# ## For national government

# %%
be = h.get("break_even_year_full")
if not published:
    # a national funding argument rests on the CCN councils together, not on one area's projection
    budget = budget_term(h)
    local = (
        f"In {ctx.area_md}, at full impact, spend falls within {budget} in {be}, so local prevention funding would "
        "need to last at least that long"
        if be
        else f"In {ctx.area_md}, even at full impact, spend is still above {budget} in {h['horizon_year']}: the shifts "
        f"cut the cumulative overspend by {fmt.money(h['cumulative_benefit_full'])} over "
        f"{h['cumulative_from']}-{h['horizon_year']} but do not close it"
    )
    md(
        "The published report's case to national government, to keep dedicated prevention funding in place until "
        "the shifts pay for themselves, rests on the figures of the CCN councils taken together; "
        + (
            "one council's projection can inform it but not settle it. "
            if ctx.params.report.area_kind == "council"
            else "this projection, from public data, can inform it but not settle it. "
        )
        + f"{local}."
        + (
            f" No placement budget was supplied for {ctx.area_md}, so this rests on an assumed budget and should be "
            "checked against the real one."
            if budget_assumed(h)
            else ""
        )
    )
elif be:
    odds = break_even_odds(ctx.model)
    share = "" if odds is None else f" (in {fmt.pct(odds.by(be), 0)} of the simulations by then)"
    md(
        f"In the model's central case, even at full impact, spend is not back within budget until {be}{share}. "
        f"Funding for prevention needs to last at least that long, which supports extending the "
        f"prevention grant for children's social care (since folded into the wider grant for children, "
        f"families and youth) beyond 2028/29 to {fmt.year_label(be)} or later."
    )
else:
    md(
        f"In the model's central case spend would not be back within budget by {h['horizon_year']} in this "
        f"area, even at full impact: prevention funding would need to last beyond the end of the projection."
    )

# %% [markdown]
# ## Learning from areas already doing this
#
# The published report describes three local examples. They cannot be reproduced from data, so they
# are summarised here with their place in the report; each shows one of the shifts working in practice.

# %%
from analysis.present.context import published_report

TITLES = {
    1: "supporting parents' own needs",
    2: "gaining families' trust",
    3: "working with schools",
    4: "targeted specialist support and joined-up data",
    5: "reconnection",
}
md(
    "\n".join(
        f"- **Shift {c['shift']}, {TITLES[c['shift']]}** (report {c['where']}): {c['what']}. Reported result: "
        f"{c['result']}."
        for c in published_report()["case_studies"]
    )
    + "\n\nThey are single places, reported by the programme without a comparison group, so they show what is "
    "possible rather than what any council should expect."
)

# %% [markdown]
# The national enablers (a shared priority across reforms, protected prevention funding, national
# data infrastructure, an ethical framework for data and AI, consent-based working in safeguarding
# training, aligned thresholds for adult services, and care co-operatives that support return home)
# are listed in the [enablers](enablers.html) chapter.
