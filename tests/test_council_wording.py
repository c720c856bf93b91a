"""Council and group reports say only what their own numbers support.

* the model records where the budget came from (headline ``budget_source``: published, supplied or
  assumed), and every budget, overspend and break-even statement says so where it is assumed;
* the key findings lead with what does not depend on the budget;
* direction words ("rising", "fell", "broadly flat") are computed from the series they describe;
* the scaling table uses the area's own population (children aged 0-17 from the public data);
* the assumptions register shows the values a council's model actually used.

The CCN default (a published budget) keeps its wording: checked against its golden headline.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from analysis.config.model import ModelParams
from analysis.present import narrative as nv

REPO_GOLDEN = Path(__file__).resolve().parent / "golden"


def golden_headline(variant: str) -> dict:
    return json.loads((REPO_GOLDEN / variant / "model" / "headline.json").read_text(encoding="utf-8"))


def golden_fit(variant: str) -> pd.DataFrame:
    return pd.read_csv(REPO_GOLDEN / variant / "model" / "fit.csv")


def history(n_years: int = 8, budget: bool = True, cla_end: float = 820.0) -> pd.DataFrame:
    rng = np.random.default_rng(5)
    years = np.arange(2025 - n_years + 1, 2026)
    pop = np.linspace(110_000, 114_000, n_years)
    starts = np.round(pop * 30 / 1e4 + rng.normal(0, 6, n_years))
    cla = np.round(np.linspace(700, cla_end, n_years))
    ceases = np.round(0.32 * (cla + starts))
    spend = cla * 55_000 * 1.07 ** np.arange(n_years)
    df = pd.DataFrame(
        {"year": years, "cla": cla, "starts": starts, "ceases": ceases, "population_0_17": pop, "spend": spend}
    )
    if budget:
        df["budget"] = spend * 0.9
    return df


# -- direction words --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "first, last, expected",
    [
        (1896, 870, "fall"),
        (26_732, 29_400, "rise"),
        (547, 556, "flat"),  # +1.6%
        (32, 33, "flat"),  # +3.1%, within the 5% tolerance
        (100, 105, "flat"),  # exactly at the tolerance
        (100, 105.1, "rise"),
        (100, 94.9, "fall"),
        (0, 0, "flat"),
        (0, 3, "rise"),
        (None, 3, "unknown"),
        (float("nan"), 3, "unknown"),
    ],
)
def test_direction(first, last, expected):
    assert nv.direction(first, last) == expected


def test_direction_words_by_slot_and_tolerance():
    assert nv.direction_word(1896, 870, "ing_to") == "falling to"
    assert nv.direction_word(870, 1896, "s_to") == "rises to"
    assert nv.direction_word(547, 556, "ing_to") == "little changed at"
    assert nv.direction_word(2314, 1896, "ed") == "fell"
    assert nv.direction(100, 108, tol=0.1) == "flat"
    assert nv.moves("A", "B", "flat") == "stay broadly flat, at A and B"
    assert nv.moves("A", "B", "fall") == "fall from A to B"


def test_history_trends_computes_each_direction():
    hist = pd.DataFrame(
        {
            "year": [2016, 2017, 2025],
            "cla": [2314.0, 1901.0, 1896.0],
            "spend": [np.nan, 101e6, 217e6],
        }
    )
    text = nv.history_trends(hist, "Kent")
    assert "children in care fell from 2,314 in 2016 to 1,896 in 2025 (-18%)" in text
    assert "while placement spend rose from £101m in 2016/17 to £217m in 2024/25" in text
    assert "steadily" not in text
    both_up = hist.assign(cla=[1000.0, 1100.0, 1300.0])
    assert ", and placement spend rose" in nv.history_trends(both_up, "X")
    flat = hist.assign(cla=[1000.0, 990.0, 1010.0])
    assert "stayed broadly flat, at 1,000 in 2016 and 1,010 in 2025" in nv.history_trends(flat, "X")
    assert nv.history_trends(None, "X") == ""


# -- the budget flag ---------------------------------------------------------------------------------


def test_model_says_whether_the_budget_was_supplied():
    from analysis.model import run
    from analysis.model.trends import fit_history

    assert fit_history(history(budget=False), ModelParams()).budget_assumed is True
    assert fit_history(history(budget=True), ModelParams()).budget_assumed is False
    # a budget for a single year is still the council's own: it is grown, not assumed
    one = history(budget=True)
    one.loc[one.index[:-1], "budget"] = np.nan
    assert fit_history(one, ModelParams()).budget_assumed is False
    assert run(ModelParams(), history(budget=False), uncertainty=False).headline["budget_source"] == "assumed"
    assert run(ModelParams(), history(budget=True), uncertainty=False).headline["budget_source"] == "supplied"
    # the CCN aggregate's budget is the published one
    assert run(ModelParams(), None, uncertainty=False).headline["budget_source"] == "published"


# -- key findings -------------------------------------------------------------------------------------


def test_ccn_key_findings_keep_their_wording():
    h = golden_headline("ccn-report")
    h.pop("budget_source", None)
    kf = nv.key_findings(h, "County and CCN unitary member authorities")
    assert kf[0].startswith(
        "If nothing changes, the number of children in care in County and CCN unitary member authorities is "
        "projected to rise from 26,732 in 2025 to 29,400 in 2035, and placement spend from £3.27bn to £4.74bn a year."
    )
    assert kf[1] == "In 2024/25 placement spend was £3.27bn against a budget of £2.70bn: an overspend of £570m."
    assert kf[-1].startswith("At full impact, spend falls back within budget in ")
    assert not any("assumed" in s for s in kf)
    # an explicit 'supplied' flag gives the same text as no flag
    assert nv.key_findings({**h, "budget_source": "supplied"}, "X") == nv.key_findings(h, "X")


def test_assumed_budget_findings_come_last_and_say_so():
    h = {**golden_headline("la-886-kent"), "budget_source": "assumed"}
    kf = nv.key_findings(h, "Kent")
    assert len(kf) == 6
    lead, budget_dependent = kf[:4], kf[4:]
    # what does not depend on the budget comes first: children in care, spend, the shifts, avoided cost
    for s in lead:
        assert "budget" not in s and "overspend" not in s, s
    assert "Avoided placement costs" in lead[3]
    assert budget_dependent[0].startswith("Against an assumed budget of £179m, 2024/25 spend of £217m is an overspend")
    assert "No placement budget was supplied for Kent" in budget_dependent[0]
    assert "17.4%" in budget_dependent[0]
    assert budget_dependent[1].count("the assumed budget") == 2


def test_break_even_sentence_labels_an_assumed_budget():
    h = {"break_even_year_full": 2031, "cumulative_overspend_full": 5e7, "cumulative_from": 2026}
    assert "within budget in 2031" in nv.break_even_sentence(h, "full")
    assert "within the assumed budget in 2031" in nv.break_even_sentence({**h, "budget_source": "assumed"}, "full")
    never = {"break_even_year_half": None, "cumulative_overspend_half": 5e7, "horizon_year": 2035}
    assumed = {**never, "budget_source": "assumed"}
    assert "still above the assumed budget in 2035" in nv.break_even_sentence(assumed, "half")


def test_budget_assumption_note():
    h = {**golden_headline("la-886-kent"), "budget_source": "assumed"}
    note = nv.budget_assumption(h, "Kent")
    assert "No placement budget was supplied for Kent" in note and "17.4%" in note and "3.75%" in note
    assert nv.budget_assumption({**h, "budget_source": "supplied"}, "Kent") == ""
    assert math.isclose(nv.assumed_gap(h), 0.17431, abs_tol=1e-4)


def test_direction_in_key_findings_follows_both_series():
    base = {**golden_headline("la-886-kent"), "budget_source": "assumed"}
    flat = {**base, "cla_base": 547, "cla_horizon_do_nothing": 556}
    first = nv.key_findings(flat, "Croydon")[0]
    assert "projected to stay broadly flat, at 547 in 2025 and 556 in 2035" in first
    from analysis.common import fmt

    rise = (
        f"placement spend to rise from {fmt.money(base['spend_base'])} to {fmt.money(base['spend_horizon_do_nothing'])}"
    )
    assert rise + " a year" in first and fmt.money(base["spend_base"]) == "£217m"
    falling = {**base, "cla_base": 1896, "cla_horizon_do_nothing": 870}
    assert "projected to fall from 1,896 in 2025 to 870 in 2035" in nv.key_findings(falling, "Kent")[0]


# -- figures ------------------------------------------------------------------------------------------


def fake_results(cla_path: list[float], budget_assumed: bool) -> SimpleNamespace:
    years = list(range(2025, 2025 + len(cla_path)))
    rows = []
    for scen, f in (("do_nothing", 1.0), ("full", 0.9), ("half", 0.95)):
        for y, v in zip(years, cla_path):
            rows.append({"scenario": scen, "year": y, "metric": "cla", "value": v * f})
            rows.append({"scenario": scen, "year": y, "metric": "spend", "value": v * 1e5 * f})
            rows.append({"scenario": scen, "year": y, "metric": "budget", "value": 80e6})
    h = {
        "base_year": years[0],
        "horizon_year": years[-1],
        "cla_base": cla_path[0],
        "cla_horizon_do_nothing": cla_path[-1],
        "cla_horizon_full": cla_path[-1] * 0.9,
        "cla_horizon_half": cla_path[-1] * 0.95,
        "spend_base": cla_path[0] * 1e5,
        "spend_horizon_do_nothing": cla_path[-1] * 1e5,
        "spend_horizon_full": cla_path[-1] * 0.9e5,
        "budget_base": 80e6,
        "budget_horizon": 80e6,
        "budget_growth": 0.0375,
        "break_even_year_full": None,
        "cumulative_overspend_full": 1e8,
        "cumulative_from": 2026,
        "budget_source": "assumed" if budget_assumed else "supplied",
    }
    return SimpleNamespace(series=pd.DataFrame(rows), headline=h, uncertainty=None)


def test_impact_captions_compute_their_direction():
    from analysis.present.figures import impact as fig

    falling = fig.children_in_care(fake_results([1896, 1500, 1200, 870], False), "Kent")
    assert "1,896 in 2025, falling to 870 by 2028" in falling.caption
    assert "Do nothing falls to 870" in falling.alt
    assert "rising" not in falling.caption
    rising = fig.children_in_care(fake_results([870, 1200, 1896], False), "Kent")
    assert "rising to 1,896" in rising.caption and "Do nothing rises to 1,896" in rising.alt
    flat = fig.children_in_care(fake_results([547, 550, 556], False), "Croydon")
    assert "little changed at 556" in flat.caption


def test_spend_chart_labels_an_assumed_budget():
    from analysis.present.figures import impact as fig

    assumed = fig.spend_budget(fake_results([1000, 1100, 1200], True), "Kent", "full")
    assert "assumed budget" in assumed.title
    assert "against an assumed budget of £80m in 2024/25" in assumed.caption
    assert "still above the assumed budget" in assumed.caption
    assert "Assumed budget" in set(assumed.data["Scenario"]) and "Budget" not in set(assumed.data["Scenario"])
    supplied = fig.spend_budget(fake_results([1000, 1100, 1200], False), "Kent", "full")
    assert supplied.title == "Placement spend and budget: full impact"
    assert "against the projected budget" in supplied.caption and "assumed" not in supplied.caption


# -- scaling ------------------------------------------------------------------------------------------


def council_params(population: int | None = None):
    from analysis.config.report import ReportParams

    report = {"variant": "la-886-kent", "area_name": "Kent", "area_kind": "council", "council": "886"}
    if population:
        report["population"] = population
    return ReportParams.model_validate({"report": report})


def test_council_scaling_uses_its_children():
    from analysis.present.scaling import children_0_17, scaled_table, source_note

    hist = pd.DataFrame({"year": [2024, 2025], "population_0_17": [350_198.0, 355_390.0]})
    children = children_0_17(hist)
    assert children == (2025, 355_390.0)
    h = {**golden_headline("la-886-kent"), "budget_source": "assumed"}
    tab, notes = scaled_table(h, council_params(), children)
    assert list(tab.columns) == [
        "Measure",
        "This report (355,390 children aged 0 to 17)",
        "100,000 children aged 0 to 17",
    ]
    assert "Overspend 2024/25 (assumed budget)" in set(tab["Measure"])
    row = tab.set_index("Measure").loc["Children in care 2035, do nothing"]
    assert row.iloc[1] == f"{h['cla_horizon_do_nothing'] * 100_000 / 355_390:,.0f}"
    assert any("children aged 0 to 17 but not of all residents" in n and "mid-2024" in n for n in notes)
    assert any("against the assumed budget" in n for n in notes)
    assert "ONS mid-2024" in source_note(council_params(), children)
    # residents, when the params give them, as before
    tab, _ = scaled_table(h, council_params(1_600_000), children)
    assert "500,000 residents" in tab.columns
    # neither: the table cannot be scaled, and says so
    tab, notes = scaled_table(h, council_params(), None)
    assert list(tab.columns) == ["Measure", "This report"] and "not set" in notes[0]
    assert children_0_17(None) is None


# -- the assumptions register ---------------------------------------------------------------------------


def test_register_shows_a_councils_fitted_values():
    from analysis.config.register import assumptions_register
    from analysis.present.assumptions import register_overrides

    params = council_params()
    h = {**golden_headline("la-886-kent"), "budget_source": "assumed"}
    over = register_overrides(params, h, golden_fit("la-886-kent"), pd.DataFrame({"spend": [1.0]}))
    reg = assumptions_register(params, **over).set_index("Key")["Value"]
    assert reg["model.finance.unit_cost_growth"].startswith(
        "8.44% a year: the trend fitted to the area's spend per child in care (8.40%), shrunk towards the median "
        "English council's fitted trend (8.44%) by model.history.unit_cost_england_weight"
    )
    assert reg["model.finance.unit_cost_growth"].endswith("(params value 0.028, not used)")
    assert "not used: CCN aggregate only" in reg["model.published.cla_base"]
    assert "not used: CCN aggregate only" in reg["model.calibration.cla_horizon_do_nothing"]
    assert reg["model.baseline.entries_base"].startswith("3,226 (Kent, 2025")
    # the exit rate of the children other than UASC (held apart), from the golden fit
    fit = golden_fit("la-886-kent").set_index("target")
    rate = float(fit.loc["exit_rate", "model"])
    assert f"fitted exit rate, {rate:.1%} in 2025" in reg["model.baseline.exit_hazard"] and 0.2 < rate < 0.4
    assert "not used" not in reg["model.finance.budget_gap_if_missing"]  # the assumed budget uses it
    assert "not used: spend was given" in reg["model.finance.unit_cost_if_missing"]
    # a council that supplied its budget: the gap is not used, and a fitted budget growth shows
    demo = register_overrides(params, golden_headline("demo-shire"), golden_fit("demo-shire"))
    assert demo["not_used"]["model.finance.budget_gap_if_missing"] == "a budget was supplied"
    assert "fitted to the area's budget" in demo["in_use"]["model.finance.budget_growth"]


def test_register_of_the_ccn_default_is_unchanged():
    from analysis.config.register import assumptions_register
    from analysis.config.report import load_params
    from analysis.present.assumptions import register_overrides

    params = load_params(REPO_GOLDEN.parents[1] / "params" / "ccn-report.yml")
    over = register_overrides(params, golden_headline("ccn-report"), golden_fit("ccn-report"))
    assert over == {"in_use": {}, "not_used": {}}
    pd.testing.assert_frame_equal(assumptions_register(params, **over), assumptions_register(params))
    hz = {"model.baseline.hazard_shape": "estimated from episodes (0: 1.00)"}
    assert register_overrides(params, {}, golden_fit("ccn-report"), None, hz)["in_use"] == hz


# -- rendered pages ----------------------------------------------------------------------------------


def _text(path) -> str:
    import re

    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8")))


def test_council_pages_carry_no_ccn_claims(rendered):
    """Demo-shire is a council with its own history and budget: no CCN-only sentence reaches it."""
    out = rendered("demo-shire").output_dir
    summary, context = _text(out / "summary.html"), _text(out / "context.html")
    nxt, scaling = _text(out / "next-steps.html"), _text(out / "scaling.html")
    assert "grown steadily for a decade" not in summary
    assert "more children than ever" not in context
    assert "prevention grant" not in nxt and "2028/29" not in nxt
    assert "CCN population 27 million" not in scaling
    assert "780,000 residents" in scaling
    assert "assumed budget" not in summary  # Demo-shire supplies its budget
    ccn = rendered("ccn-report").output_dir
    assert "grown steadily for a decade" in _text(ccn / "summary.html")
    assert "prevention grant" in _text(ccn / "next-steps.html")
