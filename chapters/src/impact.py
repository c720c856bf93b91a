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
# # The impact of the shifts

# %% tags=["parameters"]
build_dir = "build/ccn-report"

# %%
import pandas as pd

from analysis.common import fmt
from analysis.present.context import load_context, md, show_table
from analysis.present.figures import impact as fig
from analysis.present.figures import show
from analysis.present.narrative import break_even_odds, break_even_sentence, budget_assumed, budget_assumption

ctx = load_context(build_dir)
res = ctx.model
h = ctx.headline
mp = ctx.params.model
published = ctx.params.report.area_kind == "aggregate" and not ctx.params.history.file
# figures measured against the budget say so in their labels when the budget is assumed
vs_budget = " (assumed budget)" if budget_assumed(h) else ""
odds = break_even_odds(res)

# %% [markdown]
# This chapter turns the evidence of the five shifts into numbers: how many fewer children might
# enter care, how many more might return home, and what that means for placement spend against
# budget up to the horizon year. The model and every assumption behind it are set out in the
# [methodology appendix](methodology.html).
#
# ## From case reviews to impact assumptions

# %%
d = mp.impact.decomposition
md(
    (
        "Practitioners reviewing children's records judged"
        if published
        else "In the case reviews behind the published report, practitioners reviewing children's records judged"
    )
    + f" that for {fmt.pct(d.improvable_before_entry)} of "
    f"children the support before entry could have been better, and were confident for "
    f"{fmt.pct(d.confident_avoidable)} of those that the child could have stayed at home: together about "
    f"{fmt.pct(d.improvable_before_entry * d.confident_avoidable)} of reviewed entries. For children already "
    f"in care, {fmt.pct(d.improvable_after_entry)} could have had better support after entry, with confidence "
    f"in a safe return home for {fmt.pct(d.confident_exit)} of them. The model does not apply those shares "
    f"directly. It scales them down to the parts of the care population the shifts can reach, giving "
    f"**{fmt.pct(h['entry_reduction_full'], 1)} fewer entries** and **{fmt.pct(h['exit_uplift_full'], 1)} more "
    f"exits** at full impact, and half of each at half impact."
    + (
        ""
        if published
        else f" This report applies those same assumptions to {ctx.area_md}; a council's own case reviews can replace "
        "them (params `model.impact.decomposition`)."
    )
)

show_table(
    fig.case_review_bridge(d, mp.impact.full_entry_reduction(), mp.impact.full_exit_uplift()),
    key="impact-bridge",
    caption="From the case-review findings to the impact assumptions: each factor and the running product, "
    "for entries to care and exits from care"
    + (
        ""
        if mp.impact.entry_reduction is None and mp.impact.exit_uplift is None
        else ". The params set the full-impact assumption directly, so the last row need not equal the product"
    ),
    source="Case-review findings from the published report (sections 1, 3 and 5); the reach and overlap factors "
    "are this package's (params model.impact.decomposition)",
)

md(
    f"The shifts are assumed to be in place by the end of {mp.phasing.first_impact_year - 1}. Entries fall by "
    f"{fmt.pct(mp.phasing.ramp[0])} of the full effect in {mp.phasing.first_impact_year} and the full effect "
    f"from {mp.phasing.first_impact_year + 1}; the rise in exits follows "
    f"{mp.phasing.exit_lag_years} year later."
)

# %% [markdown]
# ## Fewer children entering care

# %%
show(fig.entries(res, ctx.area))

# %% [markdown]
# ## Fewer children leaving care, and more returning home
#
# Fewer entries mean fewer exits a few years later, simply because fewer children are in care to
# leave. The reconnection shift works the other way, helping more children return safely to their
# families.

# %%
show(fig.exits(res, ctx.area))

# %% [markdown]
# ## Children in care

# %%
show(fig.children_in_care(res, ctx.area))
change = h["cla_horizon_full"] - h["cla_base"]
md(
    f"With the shifts at full impact, children in care in {h['horizon_year']} would number "
    f"{fmt.num(h['cla_horizon_full'])}: {fmt.num(abs(change))} {fmt.change_word(change)} than today and "
    f"{fmt.num(h['cla_horizon_do_nothing'] - h['cla_horizon_full'])} fewer than if nothing changes."
)

# %% [markdown]
# ## Spend against budget

# %%
note = budget_assumption(h, ctx.area_md)
if note:
    md(note)
show(fig.spend_budget(res, ctx.area, "full"))
md(
    break_even_sentence(h, "full", odds) + f" By {h['horizon_year']} spend would be "
    f"{fmt.money(h['spend_horizon_full'])}, {fmt.money(abs(h['spend_increase_full']))} "
    f"{'more' if h['spend_increase_full'] > 0 else 'less'} than in {fmt.year_label(h['base_year'])}, against "
    f"{fmt.money(h['spend_horizon_do_nothing'])} if nothing changes."
)

show(fig.spend_budget(res, ctx.area, "half"))
md(
    break_even_sentence(h, "half", odds) + f" The avoided cost over the period is "
    f"{fmt.money(h['cumulative_benefit_half'])}, against {fmt.money(h['cumulative_benefit_full'])} at full impact."
)

rows = []
for key, label in [("do_nothing", "Do nothing"), ("half", "Half impact"), ("full", "Full impact")]:
    rows.append(
        {
            "Scenario": label,
            f"Children in care {h['horizon_year']}": fmt.num(h[f"cla_horizon_{key}"]),
            f"Spend {h['horizon_year']}": fmt.money(h[f"spend_horizon_{key}"]),
            "Cumulative benefit": "" if key == "do_nothing" else fmt.money(h[f"cumulative_benefit_{key}"]),
            "Cumulative overspend" + vs_budget: fmt.money(h[f"cumulative_overspend_{key}"]),
            "Break-even" + vs_budget: str(h[f"break_even_year_{key}"] or f"not by {h['horizon_year']}"),
        }
    )
show_table(
    pd.DataFrame(rows),
    key="impact-summary",
    caption=f"The three scenarios compared, {ctx.area}. "
    f"Cumulative figures run from {h['cumulative_from']}; the overspend "
    f"runs to break-even where there is one. Break-even years are the central case; the simulations below show "
    f"how likely each is."
    + (" Overspend and break-even are measured against an assumed budget (none was supplied)." if vs_budget else ""),
    source="Impact model in this package",
)

# %% [markdown]
# ## How sure can we be?
#
# The published report gives single figures. This package also runs the model thousands of times with
# the uncertain assumptions drawn from ranges (the size of the impact, any delay, growth in cost per
# child and in the budget, and the rate at which children leave care), to show how much the answer
# could move. The ranges are set in the params file.

# %%
f = fig.breakeven_distribution(res, ctx.area)
if f is not None:
    show(f)
t = fig.tornado(res, ctx.area)
if t is not None:
    show(t)

u = res.uncertainty
cb = u[(u.metric == "cumulative_benefit") & (u.scenario == "full") & (u.year == h["horizon_year"])]
if len(cb):
    r = cb.iloc[0]
    un = mp.uncertainty
    lean = [
        text
        for text, yes in [
            (
                "the size of the impact can fall further below its central value than rise above it",
                1 - un.impact_scale.low > un.impact_scale.high - 1,
            ),
            ("a delay can only postpone the shifts", len(un.delay_probabilities) > 1),
        ]
        if yes
    ]
    md(
        f"Across the simulations, the cumulative benefit by {h['horizon_year']} has an 80% interval of "
        f"{fmt.money(r.q10)} to {fmt.money(r.q90)} and a 95% interval of {fmt.money(r.q025)} to "
        f"{fmt.money(r.q975)}, around a central estimate of {fmt.money(h['cumulative_benefit_full'])}."
        + (
            f" The ranges lean towards less benefit ({' and '.join(lean)}), so the central estimate sits above "
            f"the median simulation ({fmt.money(r.q50)}): more than half of the simulations give less."
            if h["cumulative_benefit_full"] > r.q50 and lean
            else ""
        )
    )

# %% [markdown]
# ## Children who come back into care
#
# Not every return home lasts. National research on reunification found that about 12% of children
# who went home were back in care within three months, 20% within a year and 35% within six years
# (Home Again, NSPCC and partners). The published modelling does not net these returns out of the
# extra exits, and neither does this report's central estimate.

# %%
sens = ctx.sensitivity
tab = pd.DataFrame(
    [
        {
            "Case": r["case"],
            f"Children in care {h['horizon_year']}": fmt.num(r["cla_horizon_full"]),
            f"Spend {h['horizon_year']}": fmt.money(r["spend_horizon_full"]),
            "Cumulative benefit": fmt.money(r["cumulative_benefit_full"]),
            "Break-even" + vs_budget: str(r["break_even_year_full"] or f"not by {h['horizon_year']}"),
        }
        for r in sens
    ]
)
show_table(
    tab,
    key="impact-sensitivity",
    caption="Full impact under two alternative modelling choices",
    source="Impact model in this package, re-run with one choice changed at a time",
)
d_benefit = sens[1]["cumulative_benefit_full"] - sens[0]["cumulative_benefit_full"]
default_mode = mp.exits.uplift_mode == "exits"
md(
    f"The second row applies the exit uplift the other way; that {'reduces' if d_benefit < 0 else 'raises'} the "
    f"cumulative benefit by {fmt.money(abs(d_benefit))}. "
    + (
        "When the uplift multiplies the exit hazard, each extra exit leaves fewer children to leave later, so the "
        "net effect is smaller. The published figures are closer to the yearly-number version, which is why it is "
        "the default "
        if default_mode
        else "This report applies the uplift to the exit hazard; the published figures "
        "are closer to the yearly-number version "
    )
    + "(params key `model.exits.uplift_mode`)."
)

if mp.reentry.enabled:
    md("In this report, re-entries **are** netted out of the extra exits (params key `model.reentry.enabled`).")
else:
    md(
        "Set `model.reentry.enabled: true` in the params file to net re-entries out of the extra exits; "
        f"because the extra exits are small ({fmt.about(h['exits_extra_per_year'], 10)} a year), "
        "the effect on the totals is small too."
    )

# %% [markdown]
# ## Explore the scenarios

# %%
from analysis.present.figures.explorer import explorer, goal_sentences, goal_table_view, settings_table

grid, ref, assumed_budget = ctx.explorer
show(explorer(grid, ref, ctx.area_md, "assumed budget" if assumed_budget else "budget"))
md(
    "The controls above the chart choose among model runs made when this report was built; in the PDF the "
    "chart shows the report's own settings (to the nearest step), and the table below gives the results for "
    "key settings with this report's first year of impact and growth rates."
)
show_table(
    settings_table(grid),
    key="impact-explorer-settings",
    caption="Break-even year and avoided spend for key settings",
    source="Impact model in this package, run over the explorer's grid when the report was built",
)

# %% [markdown]
# ## What would it take?

# %%
for text in goal_sentences(ctx.goal, h, assumed_budget):
    md(text)
show_table(
    goal_table_view(ctx.goal),
    key="impact-goal",
    caption="Smallest shifts that bring placement spend within budget by each year",
    source="Impact model in this package: a root finder on the model (p2r goal)",
)
