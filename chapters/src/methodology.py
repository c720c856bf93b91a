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
# # Methodology and assumptions register

# %% tags=["parameters"]
build_dir = "build/ccn-report"

# %%
import pandas as pd

from analysis.common import fmt
from analysis.common.paths import public_text
from analysis.config.register import assumptions_register
from analysis.present.assumptions import for_readers, register_for_readers
from analysis.present.context import load_context, md, show_table
from analysis.present.narrative import baseline_method

ctx = load_context(build_dir)
res = ctx.model
h = ctx.headline

# %% [markdown]
# ## Where the published evidence came from

# %%
from analysis.present.context import published_report

pr = published_report()
e = pr["evidence"]
md(
    f"The published report ({e['where']}) rests on three kinds of evidence. First, "
    f"{fmt.num(e['data_years'])} years of children's social care returns from {fmt.num(e['data_councils'])} county "
    f"and unitary councils, which between them look after over {fmt.num(e['data_children_in_care'])} children, about "
    f"{fmt.pct(e['data_share_of_cla'])} of those in the care of CCN members; national published data filled in the "
    f"wider picture. Second, fieldwork in {fmt.num(e['fieldwork_areas'])} county areas, where practitioners from "
    f"several agencies went back over the histories of more than {fmt.num(e['case_reviews'])} children who had been "
    "in care and said what might have been done differently, alongside conversations with local young people, "
    f"families and frontline staff. Third, a testing phase: more than {fmt.num(e['case_notes'])} further case files "
    f"read by practitioners, round tables with over {fmt.num(e['senior_leaders'])} senior officers and councillors, "
    f"and work with care-experienced consultants and young people through {e['partner']}. A cross-sector advisory "
    "group oversaw the programme."
)
md(
    "This package can recompute only the first kind, and only from a council's own returns: the case reviews are "
    "practitioners' judgements, so a council reproduces them by reviewing its own cases (the case-review table in "
    "the [data sources](data-quality.html) appendix records the same judgements)."
)

# %% [markdown]
# ## What the published report asks readers to bear in mind

# %%
cv = pr["caveats"]
md(
    "The report is careful about what its evidence can carry, and the same cautions apply to every figure here "
    "that rests on it:\n\n"
    f"- **Hindsight.** The case reviews were made looking back, knowing how each story ended; they cannot show what "
    f"practitioners knew, or the risks they were holding, at the time ({cv['hindsight']}).\n"
    "- **Care is often the right outcome.** The programme does not start from the view that a child entering care "
    "means the system failed: for many children it is the safe and proper decision, reached after assessment and "
    f"legal scrutiny ({cv['right_outcome']}).\n"
    "- **Scaled-down impact.** Because of that hindsight, the share of cases where practitioners saw a chance was "
    f"cut down before it became an impact to model ({cv['scaled_down']}); this report uses "
    f"{fmt.pct(h['entry_reduction_full'], 1)} fewer entries and {fmt.pct(h['exit_uplift_full'], 1)} more exits. "
    "The steps are not "
    "published, and the case-review decomposition below is this package's "
    "reading of them.\n"
    "- **An untested baseline.** The report calls its do-nothing projection illustrative, not a forecast, and says "
    f"it was not rigorously tested ({cv['baseline']})."
)

# %% [markdown]
# ## What the published report left out

# %%
md(
    "The programme set some questions aside on purpose (report section 2, programme methodology and scope). It did "
    "not study:\n\n" + "\n".join(f"- {x};" for x in pr["exclusions"][:-1]) + f"\n- {pr['exclusions'][-1]}.\n\n"
    "Unaccompanied asylum-seeking children matter most for the numbers: the report notes their rise since 2021 "
    "without analysing it. In a council's report this package projects them apart from other children, so the "
    "shifts act only on the children the evidence is about (see the impact chapter)."
)

# %% [markdown]
# ## The model in brief
#
# The model follows children in care by how long they have been in care. Each year a new group of
# entrants joins; each group loses a share of its children to exits; the number in care is the sum of
# the groups. Because exits depend on who is in care, fewer entries lead to fewer exits a few years
# later, which a single exit rate would miss. Years run to 31 March (2025 means 2024/25).
#
# Spend is the number of children in care times the yearly placement cost per child, which grows at a
# set rate. The budget is projected separately. Overspend is spend minus budget; break-even is the first
# year spend is at or below budget; cumulative figures add up the years from the first projected year
# (`model.years.cumulative_from`).

# %% [markdown]
# ## Choices the model made for this report
#
# The published report leaves several steps unstated. Each choice the package made is listed here in
# plain words, generated from the run itself.

# %%
md("\n".join(f"- {for_readers(n)}" for n in res.notes))

# %% [markdown]
# ## How the baseline was set

# %%
fit = res.fit.copy()
if ctx.params.report.area_kind == "aggregate" and not ctx.params.history.file:
    md(
        "Only the start and end points of the do-nothing path are published, so the free parameters are "
        "calibrated to them. The table shows each published figure next to the model's value."
    )
else:
    md(baseline_method(ctx.params.model.history))


def _v(x, unit):
    if x is None or pd.isna(x):
        return ""
    if abs(x) < 0.0005:
        return "0"
    if "GBP" in str(unit):
        return fmt.money(x)
    if "share" in str(unit):
        return fmt.pct(x, 2)
    if "children" in str(unit):
        return fmt.num(x, 0)  # a count of children: never decimals
    return fmt.num(x, 0 if abs(x) >= 100 else 3)


cols = [c for c in ["target", "kind", "published", "model", "difference", "lower", "upper", "unit", "note"] if c in fit]
show_fit = fit[cols].copy()
for c in ["published", "model", "difference", "lower", "upper"]:
    if c in show_fit:
        show_fit[c] = [_v(x, u) for x, u in zip(fit[c], fit["unit"])]
if "unit" in show_fit:
    show_fit["unit"] = show_fit["unit"].map(for_readers)
if "note" in show_fit:
    show_fit["note"] = show_fit["note"].map(for_readers)
show_fit = show_fit.loc[:, [c for c in show_fit if (show_fit[c].astype(str) != "").any()]]
show_table(
    show_fit.rename(columns=str.capitalize),
    key="method-fit",
    caption="Baseline fit: published or observed figures against the model",
    source="Impact model in this package",
    csv=fit,
)

# %% [markdown]
# ## How the method did on past years

# %%
from analysis.present import backtest as own_bt

bt = ctx.own_backtest
if bt is None:
    md(
        "The do-nothing path of this report is calibrated to published figures, not projected from a "
        "yearly history, so there is no back-test of it for this area."
    )
else:
    md(own_bt.sentence(bt, ctx.area_md))
    show_table(
        own_bt.table(bt),
        key="method-backtest",
        caption=f"Children in care at 31 March: published, and projected from {int(bt['cutoff'].iloc[0])} by "
        "this report's method and two naive rivals",
        source=(
            "The area's own yearly history (params history.file)"
            if ctx.params.history.file
            else "DfE children looked after in England"
        )
        + "; projections by this package",
        csv=bt,
    )

# %% [markdown]
# ## Exits by years in care
#
# How likely a child is to leave care in a year depends on how long they have been in care. The model
# holds a separate exit hazard for each year in care; this section says where the pattern of those
# hazards came from for this report.

# %%
from analysis.present.figures import show as show_fig

hz = ctx.hazards
md(hz.sentence())
if hz.estimated:
    show_table(
        hz.shown_table(),
        key="method-hazards-table",
        caption="Exit hazard by years in care: children in care in the year, those who left, and "
        "the share leaving (disclosure-controlled)",
        source="Child-level episodes of this report, disclosure-controlled (counts rounded, small groups pooled)",
        csv=hz.table,
    )
    show_fig(hz.figure(ctx.area))

# %% [markdown]
# ## The case-review decomposition
#
# The report gives the practitioner findings (for example 70% of reviewed entries where support
# could have been better, 47% of those with confidence the child could have stayed home) and the
# impact assumptions (14.5% fewer entries, 2.2% more exits), but not the steps in between. The package
# writes the link as a product of named factors, each of which a council can change in its params file.

# %%
reg = register_for_readers(assumptions_register(ctx.params, sections=("model.impact",)))
show_table(
    reg[["Key", "Value", "Unit", "Meaning"]],
    key="method-decomposition",
    caption="Factors linking case-review findings to the impact assumptions",
    source="Params file; report sections 1, 3 and 5",
)

# %% [markdown]
# ## Assumptions register
#
# Every setting of this report, with its value, unit, source and where it is used. The params file
# named in the [colophon](colophon.html) holds the same values.

# %%
reg = assumptions_register(ctx.params, **ctx.register_overrides())
reg["Value"] = reg["Value"].map(public_text)  # a file named by its absolute path: its name only
reg = register_for_readers(reg)
show_table(
    reg[["Key", "Value", "Unit", "Source", "Used in"]],
    key="method-register",
    caption="Assumptions register (all params)",
    source="Params file of this report",
    csv=reg,
)
