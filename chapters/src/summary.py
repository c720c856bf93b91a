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
# # Executive summary

# %% tags=["parameters"]
build_dir = "build/ccn-report"

# %%
from analysis.common import fmt
from analysis.present.context import load_context, md
from analysis.present.narrative import (
    base_year_budget_sentence,
    break_even_odds,
    break_even_sentence,
    budget_assumed,
    direction,
    history_trends,
    series_ends,
)

ctx = load_context(build_dir)
h = ctx.headline
published = ctx.params.report.area_kind == "aggregate" and not ctx.params.history.file

# %% [markdown]
# ## The problem

# %%
if published:
    md(
        "Only a small share of children are looked after by their council, but their number has grown "
        "steadily for a decade, and so has the cost of their placements. Placement budgets have not kept "
        "pace, so overspending on care squeezes what councils can put into early help."
    )
else:
    # the area's own history, in words computed from its series
    text = "Only a small share of children are looked after by their council. " + history_trends(
        ctx.history, ctx.area_md
    )
    spend, budget = series_ends(ctx.history, "spend"), series_ends(ctx.history, "budget")
    if spend and budget and budget[0] == spend[0] and budget[2] == spend[2]:
        grow_s, grow_b = spend[3] / spend[1] - 1, budget[3] / budget[1] - 1
        text += (
            f" Its placement budget went from {fmt.money(budget[1])} to {fmt.money(budget[3])} over the same years "
            f"({grow_b:+.0%}), "
            + ("so it did not keep pace with spend." if grow_b < grow_s else "keeping pace with spend.")
        )
    md(text)

if published:
    md(
        f"In {ctx.area_md}, {fmt.num(h['cla_base'])} children were in care at 31 March {h['base_year']}. "
        f"Placement spend in {fmt.year_label(h['base_year'])} was {fmt.money(h['spend_base'])}, "
        f"{fmt.money(abs(h['overspend_base']))} {'above' if h['overspend_base'] > 0 else 'below'} the "
        f"budget of {fmt.money(h['budget_base'])}. If nothing is done differently, the do-nothing projection gives "
        f"{fmt.num(h['cla_horizon_do_nothing'])} children in care by {h['horizon_year']} and spend would reach "
        f"{fmt.money(h['spend_horizon_do_nothing'])} a year."
    )
else:
    # what does not depend on the budget first; the budget after it, labelled when it is assumed
    md(
        f"If nothing is done differently, the do-nothing projection gives {fmt.num(h['cla_horizon_do_nothing'])} "
        f"children in care in {ctx.area_md} by {h['horizon_year']}, against {fmt.num(h['cla_base'])} in "
        f"{h['base_year']}, and spend would reach {fmt.money(h['spend_horizon_do_nothing'])} a year. "
        + base_year_budget_sentence(h, ctx.area_md)
    )

# %% [markdown]
# ## Five shifts
#
# The report draws on administrative data and on practitioners' reviews of more than a hundred
# children's journeys into care. It identifies five changes to how the whole system works, not just
# children's social care:
#
# 1. **Support parents' own needs.** Parental mental ill health, substance misuse and domestic abuse lie
#    behind most entries to care, yet many parents never reach adult services.
# 2. **Earn families' trust and consent.** Help works when families engage with it; practitioners
#    named consent as the most common thing that would have changed the outcome.
# 3. **Make schools part of the team around the family.** Most children entering care are of school age
#    and many were attending school regularly just before they entered care.
# 4. **Target specialist support using joined-up data.** Many children enter care without a plan in
#    the previous six months, though agencies often knew the family.
# 5. **Reconnect children in care with their families.** Far fewer children return home than were
#    first planned to, and placement stability in the first year matters.

# %% [markdown]
# ## What the shifts could achieve

# %%
md(
    (
        "Practitioners judged that outcomes could have been better for many of the children they reviewed. "
        if published
        else "In the case reviews behind the published report, practitioners judged that outcomes could have been "
        f"better for many of the children they reviewed; this report applies the same assumptions to {ctx.area_md}. "
    )
    + f"Turned into modelling assumptions, the shifts would reduce entries to care by "
    f"{fmt.pct(h['entry_reduction_full'], 1)} and raise exits by {fmt.pct(h['exit_uplift_full'], 1)} at full "
    f"impact. That is {fmt.about(h['entries_fewer_per_year'], 10, 'fewer child', 'fewer children')} entering care each "
    f"year and {fmt.num(h['cla_horizon_full'])} children in care in {h['horizon_year']} instead of "
    f"{fmt.num(h['cla_horizon_do_nothing'])}. Avoided placement costs would total "
    f"{fmt.money(h['cumulative_benefit_full'])} by {h['horizon_year']} "
    f"({fmt.money(h['cumulative_benefit_half'])} if only half the impact is achieved)."
)
odds = break_even_odds(ctx.model)
md(break_even_sentence(h, "full", odds) + " " + break_even_sentence(h, "half", odds))

# %% [markdown]
# ## What it means

# %%
if published:
    md(
        "Most of the benefit is avoided future cost rather than cash released today, and it arrives "
        "slowly: the shifts must be funded before they pay back. That is the case for keeping dedicated "
        "prevention funding in place until the benefits can sustain the system, and for the local and national "
        "[enablers](enablers.html) that make the shifts possible."
    )
else:
    benefit = ctx.model.metric("benefit", "full")
    paying = benefit[benefit > 0]
    cash = direction(h["spend_base"], h["spend_horizon_full"]) == "fall"
    text = (
        "Part of the benefit is cash released: at full impact spend in "
        f"{h['horizon_year']} would be {fmt.money(h['spend_horizon_full'])}, below today's "
        f"{fmt.money(h['spend_base'])}."
        if cash
        else "The benefit is avoided future cost rather than cash released today: even at full impact, spend in "
        f"{h['horizon_year']} would be {fmt.money(h['spend_horizon_full'])}, against {fmt.money(h['spend_base'])} "
        f"in {fmt.year_label(h['base_year'])}."
    )
    if len(paying) > 1:
        text += (
            f" It builds up slowly, from {fmt.money(paying.iloc[0])} in {fmt.year_label(int(paying.index[0]))} to "
            f"{fmt.money(paying.iloc[-1])} in {fmt.year_label(int(paying.index[-1]))}, so the shifts have to be "
            "funded before they pay back."
        )
    be = h.get("break_even_year_full")
    if budget_assumed(h):
        text += " How long they would need funding depends on the area's placement budget, which is assumed here."
    elif be:
        text += (
            f" Against the area's own budget, that means funding them until {be} at full impact in the central "
            "case, and longer if the shifts take effect later or achieve less."
        )
    else:
        text += (
            f" Against the area's own budget, spend is still above it in {h['horizon_year']} at full impact, so "
            "funding would need to last beyond the projection."
        )
    text += " The [enablers](enablers.html) set out what makes the shifts possible, locally and nationally."
    md(text)
