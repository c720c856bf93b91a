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
# # Shift 4: targeted specialist support and joined-up data

# %% tags=["parameters"]
build_dir = "build/ccn-report"

# %%
from analysis.common import fmt
from analysis.present import benchmarks as bm
from analysis.present.context import load_context, md
from analysis.present.figures import evidence as ev

ctx = load_context(build_dir)
ev.synthetic_notice(ctx)
store = ctx.evidence

# %% [markdown]
# Many children come into care without having had a plan in the months before, and many of those who
# did had only a short child protection plan. Often, though, the family was already known: contacts
# to children's services, or other agencies, had been there for months or years. Joining up what
# agencies know would let specialist support reach these families earlier.
#
# ## Plans before entry

# %%
ev.show_measure(ctx, "fig14", ev.fig14)
bm.show_benchmark(ctx, "fig14", "s4_cp_short")
if store.available("s4_cp_short"):
    short = store.get("s4_cp_short")["share"].iloc[0]
    md(
        ev.if_known(
            [short],
            lambda: (
                f"Of children on a child protection plan when they entered care, {fmt.pct(short)} had been on "
                f"it for less than six months. "
            ),
            "children on a child protection plan for less than six months when they entered care",
        )
        + ev.published_text(store, "s4_cp_short")
    )

# %% [markdown]
# ## Known before, but not supported

# %%
bm.show_benchmark(ctx, "s4_single_contact")
if store.available("s4_single_contact"):
    one = ev.share_of(store.get("s4_single_contact"), "category", "One contact")
    md(
        ev.if_known(
            [one],
            lambda: (
                f"Of children entering care with no plan in the six months before, {fmt.pct(one)} "
                f"had only one contact with children's services in the previous four years. "
            ),
            "children entering care after only one contact with children's services",
        )
        + ev.published_text(store, "s4_single_contact")
    )
ev.show_measure(ctx, "fig15", ev.fig15)
bm.show_benchmark(ctx, "fig15")
ev.show_measure(ctx, "fig16", ev.fig16, compare=False)
bm.show_benchmark(ctx, "s4_contacts_plans")
if store.available("s4_contacts_plans"):
    md(ev.contacts_plans_sentence(store.get("s4_contacts_plans")) + ev.published_text(store, "s4_contacts_plans"))

# %% [markdown]
# ## Other agencies were involved

# %%
ev.show_measure(ctx, "fig17", ev.fig17)
bm.show_benchmark(ctx, "fig17")

# %% [markdown]
# ## What would help
#
# - Share information across agencies and with neighbouring councils, under proper governance, so
#   that families already known are seen as a whole.
# - Use that data to target specialist support, not to replace practitioners' judgement.
# - Invest in shared data infrastructure, including a single child identifier.
