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
# # Shift 1: supporting parents' own needs

# %% tags=["parameters"]
build_dir = "build/ccn-report"

# %%
from analysis.common import fmt
from analysis.present import benchmarks as bm
from analysis.present.context import load_context, md
from analysis.present.figures import evidence as ev

ctx = load_context(build_dir)
ev.synthetic_notice(ctx)
h = ctx.headline

# %% [markdown]
# Children rarely enter care because of something about the child alone. Far more often the trigger
# is in the adults around them: a parent's mental ill health, drug or alcohol misuse, or domestic abuse
# in the home. Those are needs that adult services exist to meet, but the evidence suggests many
# parents were not in touch with those services before their child entered care. This shift asks
# adult and children's services to treat the parent's needs as part of keeping the child at home.
#
# ## What the assessments show

# %%
ev.show_measure(ctx, "fig01", ev.fig01)
bm.show_benchmark(ctx, "fig01", "s1_parental")
p = ctx.evidence.get("s1_parental") if ctx.evidence.available("s1_parental") else None
if p is not None:
    need = p["share"].iloc[0]
    md(
        ev.if_known(
            [need],
            lambda: (
                f"In {ctx.area_md}, {fmt.pct(need)} of children entering care had at least one parental need "
                f"(a parent's mental health, drug or alcohol misuse, or domestic abuse) recorded at the assessment "
                f"before entry. "
            ),
            f"children entering care in {ctx.area_md} with a parental need recorded at the assessment before entry",
        )
        + ev.published_text(ctx.evidence, "s1_parental")
    )

# %% [markdown]
# ## Parental needs behind the child's primary need
#
# The reason recorded for a child entering care is usually the child's own category of need, such as
# abuse or neglect. Case reviews look behind that label at the family.

# %%
ev.show_measure(ctx, "fig02", ev.fig02)
bm.show_benchmark(ctx, "fig02")

# %% [markdown]
# ## Did parents reach the right services?

# %%
ev.show_measure(ctx, "fig03", ev.fig03)
bm.show_benchmark(ctx, "fig03")

parents = h["parents_supported_per_year"]
md(
    f"If the shifts halve the gap in access, the model estimates that "
    f"{fmt.about(parents, 100 if parents > 1000 else 10, 'more parent', 'more parents')} "
    f"a year in {ctx.area_md} would receive specialist support: yearly entries times the "
    f"{fmt.pct(ctx.params.model.parents.parental_need_share)} with a parental need times the "
    f"{fmt.pct(ctx.params.model.parents.not_accessed_share)} who had not accessed support."
)

# %% [markdown]
# ## What would help
#
# - Commission adult mental health, substance misuse and domestic abuse services with the parents of
#   children at risk as a priority group, and make referral routes between adult and children's
#   services routine.
# - Ask at every assessment whether the parent is getting help for their own needs, and record it.
# - Align eligibility thresholds in adult services so that parents of vulnerable children are not
#   turned away for falling just short of them.
