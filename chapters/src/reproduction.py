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
from analysis.model.reproduction import summary

sm = summary(t)
rows = {r["key"]: r for r in rep["targets"]}


def show_value(key, v):
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return "none by 2035" if key.startswith("break_even") else ""
    if key.startswith("break_even"):
        return str(int(v))
    if any(w in key for w in ("spend", "benefit", "overspend", "budget")):
        return fmt.money(v, 2) if abs(v) >= 1e9 else fmt.money(v, 0)
    return fmt.num(v)


def show_difference(key, diff, rel):
    if diff is None or (isinstance(diff, float) and pd.isna(diff)):
        return ""
    if key.startswith("break_even"):
        return "none" if diff == 0 else f"{diff:+.0f} years"
    if rel is not None and not pd.isna(rel) and abs(rel) < 5e-4:
        return "none"
    money = any(w in key for w in ("spend", "benefit", "overspend", "budget"))
    d = ("+" if diff > 0 else "") + (
        fmt.money(diff, 0) if money and abs(diff) < 1e9 else fmt.money(diff) if money else fmt.num(diff)
    )
    return f"{d} ({rel:+.1%})" if rel is not None and not pd.isna(rel) else d


CHECK_WORDS = {
    "exact": "exact",
    "close": f"close (within {fmt.pct(sm['close_limit'])})",
    "wide band": "only within a wide band",
    "outside": "OUTSIDE",
}
HOW = {"input": "published inputs", "calibrated": "calibrated to it", "check": "computed"}


def plural(n, one, many):
    return f"{n} {one if n == 1 else many}"


lead = f"Basis: {rep['basis']}. " + (
    f"**All {sm['n']} published figures fall within their tolerance.**"
    if sm["within"] == sm["n"]
    else f"**{sm['within']} of {sm['n']} published figures fall within their tolerance**; "
    f"{sm['n'] - sm['within']} do not, and are flagged below."
)
md(
    lead + f" That count flatters the model: {plural(sm['by_construction'], 'figure is', 'figures are')} matched by "
    "construction, because they follow from the report's own inputs or because a free parameter was set to hit "
    f"them. Of the {plural(sm['checks'], 'figure', 'figures')} the model computes for itself, "
    f"{sm['checks_close']} {'is' if sm['checks_close'] == 1 else 'are'} exact or within "
    f"{fmt.pct(sm['close_limit'])} of the published value"
    + (
        f", and {sm['checks_wide']} {'falls' if sm['checks_wide'] == 1 else 'fall'} only inside a wider band "
        f"(up to {fmt.pct(sm['widest_band'])})."
        if sm["checks_wide"]
        else "."
    )
)
wide = [r for r in rep["targets"] if r["role"] == "check" and r["closeness"] == "wide band"]
if wide:
    md(
        "The figures that are only within a wide band: "
        + "; ".join(
            f"{r['description'][0].lower() + r['description'][1:]}, "
            f"{show_value(r['key'], r['computed'])} against {show_value(r['key'], r['published'])} "
            f"({r['relative_difference']:+.1%}, band {fmt.pct(r['band'])})"
            for r in wide
        )
        + ". A reader should treat these as the right order of size, not as a reproduction of the printed number."
    )
ov = rows.get("overspend_2025")
if ov and ov["computed"] is not None and ov["relative_difference"] is not None:
    md(
        f"The 2024/25 overspend is {show_value('overspend_2025', ov['computed'])} here against the report's "
        f"'around {show_value('overspend_2025', ov['published'])}', "
        f"{show_value('overspend_2025', abs(ov['difference']))} or {fmt.pct(abs(ov['relative_difference']), 1)} "
        f"{'more' if ov['difference'] > 0 else 'less'}. The package takes "
        "spend and budget in 2024/25 as the report prints them, and their difference is the larger figure, so "
        "the gap lies in the report's rounding, not in the model."
    )

tab = pd.DataFrame(
    {
        "Figure": t["description"],
        "Published": [show_value(k, v) for k, v in zip(t["key"], t["published"])],
        "Computed": [show_value(k, v) for k, v in zip(t["key"], t["computed"])],
        "Difference": [
            show_difference(k, d, r) for k, d, r in zip(t["key"], t["difference"], t["relative_difference"])
        ],
        "Tolerance": t["tolerance"],
        "How matched": [HOW.get(r, r) for r in t["role"]],
        "Check": [CHECK_WORDS.get(c, c) for c in t["closeness"]],
        "Where in the report": t["source"],
    }
)
show_table(
    tab,
    key="repro-targets",
    caption="Published headline figures against this package, with the difference beside each tolerance",
    source="Published figures typed from the report (analysis/resources/targets.yml); computed by this package",
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
