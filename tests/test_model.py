"""Hand-checked cases for the impact model, the calibration, the council fit and the results files."""

import json
import math
import time

import numpy as np
import pandas as pd
import pytest

from analysis.common.errors import InputError
from analysis.model import (
    ModelParams,
    ModelResults,
    apply_calibration,
    calibrate_ccn,
    ccn_baseline_inputs,
    core,
    decomposition_table,
    fit_history,
    run,
)
from analysis.model.api import run_scenarios


@pytest.fixture(scope="module")
def default_run():
    return run(ModelParams())


# ---------------------------------------------------------------- the cohort model by hand

H3 = np.array([0.2, 0.5, 0.1])  # hazard in the year of entry, the next year, and after


def test_one_cohort_by_hand():
    # 100 children enter in year 1 and no one after.
    # y1: 100 x 0.2 = 20 leave, 80 stay.  y2: 80 x 0.5 = 40 leave, 40 stay.
    # y3: the open last group: 40 x 0.1 = 4 leave, 36 stay.
    p = core.project(np.zeros(3), np.array([100.0, 0, 0]), H3)
    assert p["exits"] == pytest.approx([20, 40, 4])
    assert p["cla"] == pytest.approx([80, 40, 36])


def test_exit_uplift_on_number_of_exits_by_hand():
    # uplift 50% in year 2 only: 40 + 20 extra leave (cla 20); year 3 cohort exits are
    # still 4 (the extra leavers do not lower later exits): cla 36 - 20 = 16.
    p = core.project(np.zeros(3), np.array([100.0, 0, 0]), H3, exit_uplift=np.array([0, 0.5, 0]))
    assert p["exits"] == pytest.approx([20, 60, 4])
    assert p["extra_exits"] == pytest.approx([0, 20, 0])
    assert p["cla"] == pytest.approx([80, 20, 16])


def test_exit_uplift_on_hazard_by_hand():
    # hazard 0.5 x 1.5 = 0.75 in year 2: 60 leave, 20 stay; year 3: 20 x 0.1 = 2 leave, 18 stay.
    p = core.project(np.zeros(3), np.array([100.0, 0, 0]), H3, exit_uplift=np.array([0, 0.5, 0]), mode="hazard")
    assert p["exits"] == pytest.approx([20, 60, 2])
    assert p["cla"] == pytest.approx([80, 20, 18])


def test_existing_stock_ages_into_open_group():
    # 10 children in group 1 at the start: they move to the open group 2 (hazard 0.1).
    p = core.project(np.array([0.0, 10, 5]), np.zeros(1), H3)
    assert p["exits"] == pytest.approx([1.5])
    assert p["cla"] == pytest.approx([13.5])


def test_steady_state_closed_form():
    h, g = 0.3, 0.02
    ss = core.steady_state(core.hazard_vector(h, [1.0], 21), g)
    assert ss.sum() == pytest.approx((1 - h) * (1 + g) / (g + h))
    # one projected year from the steady state grows the stock at g exactly
    e0 = 1000.0
    p = core.project(ss * e0, np.array([e0 * (1 + g)]), core.hazard_vector(h, [1.0], 21))
    assert p["cla"][0] == pytest.approx(ss.sum() * e0 * (1 + g))


def test_phasing_matches_report():
    years = np.arange(2026, 2032)
    assert core.phase_profile(years, 2028, [0.5, 1.0]).tolist() == [0, 0, 0.5, 1, 1, 1]
    assert core.phase_profile(years, 2028, [0.5, 1.0], lag=1).tolist() == [0, 0, 0, 0.5, 1, 1]
    assert core.phase_profile(years, 2028, [0.5, 1.0], delay=2).tolist() == [0, 0, 0, 0, 0.5, 1]


def test_break_even_on_a_tiny_series():
    years = np.array([2025, 2026, 2027, 2028])
    spend = np.array([10.0, 9.0, 8.0, 7.0])
    budget = np.array([8.0, 8.0, 8.0, 8.0])
    assert core.break_even_year(years, spend, budget, 2026) == 2027  # 8 <= 8
    assert core.overspend_until_break_even(years, spend - budget, 2027, 2026) == 1.0
    assert core.break_even_year(years, spend + 5, budget, 2026) is None
    assert core.overspend_until_break_even(years, spend + 5 - budget, None, 2026) == 6 + 5 + 4
    assert core.break_even_years(years, np.stack([spend, spend + 5]), budget, 2026).tolist() == [2027, 0]


def test_reentry_kernel_reaches_six_year_rate():
    k = core.reentry_kernel(0.12, 0.20, 0.35)
    assert k.sum() == pytest.approx(0.35)
    assert (k >= 0).all()
    # by the end of the exit year (half a year on average): between the 3-month and 1-year rates
    assert 0.12 < k[0] < 0.20


# ---------------------------------------------------------------- decomposition


def test_decomposition_gives_published_impact():
    p = ModelParams()
    assert p.impact.full_entry_reduction() == pytest.approx(0.145, abs=1e-12)
    assert p.impact.full_exit_uplift() == pytest.approx(0.022, abs=1e-12)
    h = run(p, uncertainty=False).headline
    assert h["entry_reduction_half"] == pytest.approx(0.0725)
    assert round(h["entry_reduction_half"] * 100, 1) in (7.2, 7.3)  # the report prints 7.2%
    assert h["exit_uplift_half"] == pytest.approx(0.011)
    t = decomposition_table(p.impact.decomposition)
    assert t.loc[t["effect"] == "entries", "running"].iloc[-1] == pytest.approx(0.145)
    assert t.loc[t["effect"] == "exits", "running"].iloc[-1] == pytest.approx(0.022)


def test_decomposition_factors_move_the_impact():
    p = ModelParams.model_validate({"impact": {"decomposition": {"confidence_weight": 0.5}}})
    assert p.impact.full_entry_reduction() == pytest.approx(0.0725)
    assert p.impact.full_exit_uplift() == pytest.approx(0.011)
    p = ModelParams.model_validate({"impact": {"decomposition": {"overlap_with_avoided_entries": 0.0}}})
    assert p.impact.full_exit_uplift() == pytest.approx(0.32 * 0.33 * 0.145 / 0.329)
    p = ModelParams.model_validate({"impact": {"entry_reduction": 0.2}})
    assert p.impact.full_entry_reduction() == 0.2


# ---------------------------------------------------------------- calibration


def test_stored_defaults_agree_with_fresh_calibration():
    p = ModelParams()
    t = time.perf_counter()
    v = calibrate_ccn(p)
    assert time.perf_counter() - t < 0.5
    assert v["entries_base"] == pytest.approx(p.baseline.entries_base, rel=1e-9)
    assert v["entry_growth"] == pytest.approx(p.baseline.entry_growth, rel=1e-9)
    assert v["exit_hazard"] == pytest.approx(p.baseline.exit_hazard, rel=1e-9)
    assert v["unit_cost_growth"] == pytest.approx(p.finance.unit_cost_growth, rel=1e-9)
    assert v["budget_growth"] == pytest.approx(p.finance.budget_growth, rel=1e-9)


def test_recalibrate_flag_gives_same_run():
    a = run(ModelParams(), uncertainty=False).headline
    b = run(ModelParams.model_validate({"calibration": {"recalibrate": True}}), uncertainty=False).headline
    for k in ("cla_2035_do_nothing", "spend_2035_full", "cumulative_benefit_full"):
        assert b[k] == pytest.approx(a[k], rel=1e-9)


def test_calibration_with_a_duration_shape_hits_the_path():
    p = ModelParams.model_validate({"baseline": {"hazard_shape": [1.3, 1.0, 0.8]}})
    p = apply_calibration(p, calibrate_ccn(p))
    h = run(p, uncertainty=False).headline
    assert h["cla_2035_do_nothing"] == pytest.approx(29_400, rel=1e-6)
    assert h["spend_2035_do_nothing"] == pytest.approx(4.74e9, rel=1e-6)
    assert h["entries_fewer_per_year"] == pytest.approx(2_250, rel=1e-6)


def test_fit_table(default_run):
    fit = default_run.fit
    assert {"target", "published", "model", "difference", "relative_difference"} <= set(fit.columns)
    targets = fit[fit["kind"] == "calibration target"]
    assert (targets["relative_difference"].abs() < 1e-6).all()
    checks = fit[fit["kind"].str.startswith("check")]
    assert (checks["relative_difference"].abs() < 0.07).all()


# ---------------------------------------------------------------- the default run


def test_stock_identity_every_scenario(default_run):
    s = default_run.series
    for scen in ["do_nothing", "entries_only", "full", "half"]:
        w = s[s["scenario"] == scen].pivot(index="year", columns="metric", values="value")
        lhs = w["cla"].to_numpy()[1:]
        rhs = w["cla"].to_numpy()[:-1] + w["entries"].to_numpy()[1:] - w["exits"].to_numpy()[1:]
        assert lhs == pytest.approx(rhs, rel=1e-12)


def test_series_shape_and_metrics(default_run):
    s = default_run.series
    assert list(s.columns) == ["scenario", "year", "metric", "value"]
    assert {"do_nothing", "full", "half", "entries_only"} <= set(s["scenario"])
    need = {
        "entries",
        "exits",
        "cla",
        "spend",
        "budget",
        "overspend",
        "cumulative_benefit",
        "cumulative_overspend",
        "parents_supported",
    }
    assert need <= set(s["metric"])
    assert s["year"].min() == 2025 and s["year"].max() == 2035


def test_headline_is_plain_json(default_run):
    h = default_run.headline
    json.dumps(h)
    for k, v in h.items():
        assert v is None or type(v) in (int, float, str), k
    assert h["break_even_year_full"] == 2033 and isinstance(h["break_even_year_full"], int)
    assert h["break_even_year_half"] is None


def test_headline_matches_series(default_run):
    h, r = default_run.headline, default_run
    assert h["spend_2035_full"] == pytest.approx(r.metric("spend", "full")[2035])
    benefit = (r.metric("spend", "do_nothing") - r.metric("spend", "full")).loc[2026:2035].sum()
    assert h["cumulative_benefit_full"] == pytest.approx(benefit)
    over = (r.metric("spend", "full") - r.metric("budget", "full")).loc[2026:2032].sum()
    assert h["cumulative_overspend_full"] == pytest.approx(over)
    assert h["cumulative_overspend_half"] == pytest.approx((r.metric("overspend", "half")).loc[2026:2035].sum())


def test_parents_route(default_run):
    h = default_run.headline
    assert h["parents_supported_per_year"] == pytest.approx(h["entries_do_nothing_mean"] * 0.81 * 0.5)


def test_custom_scenario_and_reentry():
    p = ModelParams.model_validate(
        {"scenarios": {"custom": [{"name": "quarter", "entry_scale": 0.25, "exit_scale": 0.25}]}}
    )
    r = run(p, uncertainty=False)
    assert "quarter" in set(r.series["scenario"])
    assert r.headline["cumulative_benefit_half"] > r.headline["cumulative_benefit_quarter"] > 0
    on = run(ModelParams.model_validate({"reentry": {"enabled": True}}), uncertainty=False)
    off = run(ModelParams(), uncertainty=False)
    assert on.headline["cla_2035_full"] > off.headline["cla_2035_full"]
    assert on.headline["cla_2035_do_nothing"] == off.headline["cla_2035_do_nothing"]


def test_uncertainty_outputs(default_run):
    u = default_run.uncertainty
    assert list(u.columns) == ["scenario", "metric", "year", "q025", "q10", "q50", "q90", "q975"]
    assert {"cla", "spend", "cumulative_benefit"} <= set(u["metric"])
    q = u[["q025", "q10", "q50", "q90", "q975"]].to_numpy()
    assert (np.diff(q, axis=1) >= -1e-6).all()
    b = default_run.breakeven_distribution
    assert b["share"].sum() == pytest.approx(1.0)
    assert "not by 2035" in set(b["label"])
    t = default_run.tornado
    assert set(t["assumption"]) == {"impact_scale", "unit_cost_growth", "budget_growth", "hazard_multiplier", "delay"}
    assert t["benefit_central"].iloc[0] == pytest.approx(default_run.headline["cumulative_benefit_full"])


def test_results_round_trip(tmp_path, default_run):
    default_run.to_dir(tmp_path / "model")
    back = ModelResults.from_dir(tmp_path / "model")
    assert back.headline == default_run.headline
    assert back.notes == default_run.notes
    pd.testing.assert_frame_equal(back.series, default_run.series, check_dtype=False)
    pd.testing.assert_frame_equal(back.uncertainty, default_run.uncertainty, check_dtype=False)
    assert len(back.tornado) == len(default_run.tornado)


def test_notes_are_plain_english(default_run):
    text = " ".join(default_run.notes)
    for word in ("calibrat", "exit hazard", "break-even", "pathway share", "Parents supported"):
        assert word in text


# ---------------------------------------------------------------- a council's own history


def synthetic_history(n_years=8, seed=3, budget=True):
    rng = np.random.default_rng(seed)
    years = np.arange(2025 - n_years + 1, 2026)
    pop = np.linspace(110_000, 114_000, n_years)
    starts = np.round(pop * 30 / 1e4 * (1 + 0.01 * np.arange(n_years)) + rng.normal(0, 6, n_years))
    cla = np.round(np.linspace(700, 820, n_years) + rng.normal(0, 5, n_years))
    ceases = np.round(0.32 * (cla + starts) + rng.normal(0, 4, n_years))
    spend = cla * 55_000 * 1.07 ** np.arange(n_years) * (1 + rng.normal(0, 0.01, n_years))
    df = pd.DataFrame(
        {"year": years, "cla": cla, "starts": starts, "ceases": ceases, "population_0_17": pop, "spend": spend}
    )
    if budget:
        df["budget"] = spend * 0.9 * (1 + rng.normal(0, 0.01, n_years))
    return df


def test_history_fit_intervals_contain_point_forecast():
    hist = synthetic_history()
    hb = fit_history(hist, ModelParams())
    proj = hb.projection
    assert {"entries", "entry_rate_per_10k", "exit_rate", "cla", "budget", "unit_cost"} <= set(proj["metric"])
    assert (proj["lower"] <= proj["value"] + 1e-9).all()
    assert (proj["value"] <= proj["upper"] + 1e-9).all()
    # intervals have width once the fit has residuals
    fut = proj[(proj["metric"] == "entries") & (proj["year"] > 2025)]
    assert (fut["upper"] - fut["lower"] > 0).all()
    r = run(ModelParams(), hist, uncertainty=False)
    assert r.headline["cla_2025"] == hist["cla"].iloc[-1]
    assert r.headline["base_year"] == 2025
    assert len(r.baseline_projection) == len(proj)


def test_unit_cost_growth_is_capped_at_the_params_ceiling():
    """A council whose spend per child rose 20% a year is projected at the params ceiling (10%), and
    says so; without a ceiling the fitted trend is used; below the ceiling nothing changes.  (The council's
    own trend alone: no shrinkage towards England, which tests/test_pooled_growth.py covers.)"""
    own = {"unit_cost_england_weight": 0.0}
    hist = synthetic_history()
    steep = hist.assign(spend=hist["cla"] * 55_000 * 1.20 ** np.arange(len(hist)))
    capped = run(ModelParams.model_validate({"history": own}), steep, uncertainty=False)
    assert capped.headline["unit_cost_growth"] == pytest.approx(0.10)
    fit = capped.fit.set_index("target")
    assert fit.loc["unit_cost_growth", "model"] == pytest.approx(0.20, abs=1e-9)
    assert fit.loc["unit_cost_growth_used", "model"] == pytest.approx(0.10)
    assert any("ceiling" in n and "20.0%" in n for n in capped.notes)
    uc = capped.baseline_projection.query("metric == 'unit_cost'").set_index("year")["value"]
    assert uc[2035] / uc[2025] == pytest.approx(1.10**10)
    # spend 2035 follows the capped growth: children in care x unit cost
    s = capped.series.query("scenario == 'do_nothing'").pivot(index="year", columns="metric", values="value")
    assert s.loc[2035, "spend"] == pytest.approx(s.loc[2035, "cla"] * uc[2025] * 1.10**10, rel=1e-6)

    p = ModelParams.model_validate({"history": {**own, "unit_cost_growth_max": None}})
    free = run(p, steep, uncertainty=False)
    assert free.headline["unit_cost_growth"] == pytest.approx(0.20, abs=1e-9)
    assert "unit_cost_growth_used" not in set(free.fit["target"])

    mild = run(ModelParams.model_validate({"history": own}), hist, uncertainty=False)  # about 7%: under the ceiling
    assert mild.headline["unit_cost_growth"] == pytest.approx(0.07, abs=0.01)
    assert "unit_cost_growth_used" not in set(mild.fit["target"])


def test_history_with_gaps_and_suppression():
    hist = synthetic_history(budget=False)
    hist["starts"] = hist["starts"].astype(object)
    hist.loc[2, "starts"] = "c"
    hist.loc[4, "ceases"] = np.nan
    r = run(ModelParams(), hist, uncertainty=False)
    assert any("budget" in n and "assumes" in n for n in r.notes)
    assert any("left out" in n for n in r.notes)
    assert r.headline["budget_2025"] == pytest.approx(r.headline["spend_2025"] * (2.7 / 3.27))


def test_history_too_short_is_an_input_error():
    hist = synthetic_history(n_years=4)
    hist.loc[0:1, "starts"] = np.nan
    with pytest.raises(InputError, match="at least 3"):
        fit_history(hist, ModelParams())


def test_history_bad_inputs_are_input_errors():
    hist = synthetic_history().drop(columns=["ceases"])
    with pytest.raises(InputError, match="ceases"):
        fit_history(hist, ModelParams())
    hist = synthetic_history()
    hist["cla"] = hist["cla"].astype(object)
    hist.loc[1, "cla"] = "lots"
    with pytest.raises(InputError, match="not a number"):
        fit_history(hist, ModelParams())
    hist = synthetic_history()
    hist.loc[1, "year"] = hist.loc[2, "year"]
    with pytest.raises(InputError, match="more than once"):
        fit_history(hist, ModelParams())


def test_history_with_uncertainty_runs_fast():
    hist = synthetic_history()
    t = time.perf_counter()
    r = run(ModelParams(), hist)
    assert time.perf_counter() - t < 5
    assert not r.uncertainty.empty


def test_ccn_baseline_starts_in_steady_state():
    p = ModelParams()
    bi = ccn_baseline_inputs(p)
    assert bi.initial.sum() == pytest.approx(p.published.cla_base)
    arrays = run_scenarios(bi, p)
    dn = arrays["do_nothing"]["cla"]
    growth = dn[1:] / dn[:-1] - 1
    assert growth == pytest.approx(np.full(10, p.baseline.entry_growth), rel=1e-9)
    assert not math.isnan(arrays["do_nothing"]["exits"][0])


def test_scaling_a_history_needs_its_own_reference_population():
    hist = synthetic_history()
    p = ModelParams.model_validate({"scaling": {"target_population": 500_000}})
    with pytest.raises(InputError, match="reference population"):
        run(p, hist, uncertainty=False)
    p = ModelParams.model_validate({"scaling": {"target_population": 500_000, "reference_population": 250_000}})
    a = run(ModelParams(), hist, uncertainty=False).headline
    b = run(p, hist, uncertainty=False).headline
    assert b["spend_2035_full"] == pytest.approx(2 * a["spend_2035_full"])


def test_break_even_note_states_the_margin(default_run):
    assert any("falls within budget in 2033" in n for n in default_run.notes)
