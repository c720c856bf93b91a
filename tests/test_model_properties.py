"""Property tests of the impact model (hypothesis)."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.model import ModelParams, ccn_baseline_inputs, core
from analysis.model.api import run_scenarios

SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])

K = 6
T = 8
nonneg = st.floats(min_value=0, max_value=5_000, allow_nan=False, allow_infinity=False)
share = st.floats(min_value=0, max_value=1, allow_nan=False)


@st.composite
def projections(draw):
    initial = np.array(draw(st.lists(nonneg, min_size=K, max_size=K)))
    entries = np.array(draw(st.lists(nonneg, min_size=T, max_size=T)))
    hazards = np.array(draw(st.lists(share, min_size=K, max_size=K)))
    uplift = np.array(draw(st.lists(st.floats(min_value=0, max_value=10), min_size=T, max_size=T)))
    mode = draw(st.sampled_from(["exits", "hazard"]))
    reentry = draw(st.booleans())
    return initial, entries, hazards, uplift, mode, reentry


@SETTINGS
@given(projections())
def test_no_negative_stock_and_exits_within_stock(case):
    initial, entries, hazards, uplift, mode, reentry = case
    kern = core.reentry_kernel(0.12, 0.2, 0.35) if reentry else None
    p = core.project(initial, entries, hazards, exit_uplift=uplift, mode=mode, reentry=kern)
    prev = np.concatenate([[initial.sum()], p["cla"][:-1]])
    assert (p["cla"] >= -1e-7).all()
    assert (p["exits"] >= -1e-9).all()
    assert (p["exits"] <= prev + p["entries"] + 1e-7).all()
    assert np.allclose(p["cla"], prev + p["entries"] - p["exits"], atol=1e-6)


def _params(growth, hazard, ucg, bg, red, upl, mode):
    return ModelParams.model_validate(
        {
            "baseline": {"entry_growth": growth, "exit_hazard": hazard},
            "finance": {"unit_cost_growth": ucg, "budget_growth": bg},
            "impact": {"entry_reduction": red, "exit_uplift": upl},
            "exits": {"uplift_mode": mode},
        }
    )


params_strategy = st.builds(
    _params,
    growth=st.floats(min_value=-0.03, max_value=0.05),
    hazard=st.floats(min_value=0.05, max_value=0.8),
    ucg=st.floats(min_value=-0.02, max_value=0.08),
    bg=st.floats(min_value=-0.02, max_value=0.08),
    red=st.floats(min_value=0, max_value=0.6),
    upl=st.floats(min_value=0, max_value=0.3),
    mode=st.sampled_from(["exits", "hazard"]),
)


@SETTINGS
@given(params_strategy)
def test_zero_impact_equals_do_nothing_exactly(p):
    p = p.model_copy(update={"impact": p.impact.model_copy(update={"entry_reduction": 0.0, "exit_uplift": 0.0})})
    a = run_scenarios(ccn_baseline_inputs(p), p)
    for scen in ("full", "half", "entries_only"):
        for metric in ("entries", "exits", "cla", "spend", "overspend"):
            assert np.array_equal(a[scen][metric], a["do_nothing"][metric]), (scen, metric)
        assert not a[scen]["cumulative_benefit"].any()


@SETTINGS
@given(params_strategy, st.floats(min_value=1e-4, max_value=50))
def test_scaling_is_linear_in_population(p, factor):
    bi = ccn_baseline_inputs(p)
    a = run_scenarios(bi, p)
    b = run_scenarios(bi.scaled(factor), p)
    for scen in a:
        for metric in (
            "entries",
            "exits",
            "cla",
            "spend",
            "budget",
            "overspend",
            "cumulative_benefit",
            "parents_supported",
        ):
            # differences of large numbers (benefit, overspend) carry rounding of the order of the spend
            atol = 1e-12 * factor * max(np.abs(a[scen]["spend"]).max(), np.abs(a[scen]["budget"]).max(), 1.0)
            assert np.allclose(b[scen][metric], a[scen][metric] * factor, rtol=1e-9, atol=atol), (scen, metric)
        assert np.allclose(b[scen]["unit_cost"], a[scen]["unit_cost"])


@SETTINGS
@given(params_strategy, st.floats(min_value=0, max_value=0.6), st.floats(min_value=0, max_value=0.6))
def test_larger_entry_reduction_never_raises_spend(p, r1, r2):
    # In "exits" mode every entrant eventually brings (1 + uplift) exits, so with a very large uplift
    # and children who nearly all leave within the horizon, fewer entrants can mean slightly more
    # children in care (documented in params.Exits). The property is checked there for uplifts up to
    # 3% (the report's is 2.2%) and hazards up to 0.6; in "hazard" mode it holds for any values.
    if p.exits.uplift_mode == "exits":
        p = p.model_copy(
            update={
                "impact": p.impact.model_copy(update={"exit_uplift": p.impact.exit_uplift * 0.1}),
                "baseline": p.baseline.model_copy(update={"exit_hazard": min(p.baseline.exit_hazard, 0.6)}),
            }
        )
    lo, hi = sorted((r1, r2))
    bi = ccn_baseline_inputs(p)
    spends = []
    for r in (lo, hi):
        q = p.model_copy(update={"impact": p.impact.model_copy(update={"entry_reduction": r})})
        spends.append(run_scenarios(bi, q)["full"]["spend"])
    assert (spends[1] <= spends[0] * (1 + 1e-12) + 1e-6).all()


@SETTINGS
@given(params_strategy)
def test_break_even_agrees_with_spend_and_budget(p):
    from analysis.model.api import build_headline

    bi = ccn_baseline_inputs(p)
    a = run_scenarios(bi, p)
    h = build_headline(a, bi, p, population=None, factor=1.0)
    years = bi.years
    for scen in ("do_nothing", "full", "half"):
        be = h[f"break_even_year_{scen}"]
        spend, budget = a[scen]["spend"], a[scen]["budget"]
        sel = years >= 2026
        if be is None:
            assert (spend[sel] > budget[sel]).all()
        else:
            i = int(np.flatnonzero(years == be)[0])
            assert spend[i] <= budget[i]
            assert (spend[sel & (years < be)] > budget[sel & (years < be)]).all()
            expected = float((spend - budget)[sel & (years < be)].sum())
            assert h[f"cumulative_overspend_{scen}"] == pytest.approx(expected, abs=1e-3)


@SETTINGS
@given(st.lists(st.floats(min_value=-1e3, max_value=1e3), min_size=2, max_size=12), st.integers(0, 5))
def test_break_even_vectorised_matches_scalar(gaps, start):
    years = np.arange(2025, 2025 + len(gaps))
    spend = np.array(gaps) + 100.0
    budget = np.full(len(gaps), 100.0)
    from_year = 2025 + min(start, len(gaps) - 1)
    scalar = core.break_even_year(years, spend, budget, from_year)
    vec = core.break_even_years(years, spend[None, :], budget, from_year)[0]
    assert (scalar or 0) == vec
