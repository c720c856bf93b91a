"""Goal seek: the answer breaks even in the target year and 0.1 percentage point less does not; the
relationship it relies on is monotone; unreachable years say so."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.config.model import ModelParams
from analysis.model import api, core
from analysis.model.goal import Settings, goal_table, run_settings, solve

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def ccn():
    params, bi, assumed = api.baseline(ModelParams())
    assert not assumed
    return params, bi


def _be(bi, params, s: Settings) -> int | None:
    be = int(run_settings(bi, params, s)["break_even_year"])
    return be or None


@pytest.mark.parametrize("year", [2030, 2033, 2035])
def test_answer_breaks_even_and_a_little_less_does_not(ccn, year):
    params, bi = ccn
    ans = solve(bi, params, year)
    red, upl = params.impact.full_entry_reduction(), params.impact.full_exit_uplift()
    x = ans["entry_reduction"]
    assert x is not None and x > 0.001
    assert _be(bi, params, Settings(x + 1e-6, upl)) <= year
    late = _be(bi, params, Settings(x - 0.001, upl))
    assert late is None or late > year
    y = ans["exit_uplift"]
    assert y is not None
    assert _be(bi, params, Settings(red, y + 1e-6)) <= year
    late = _be(bi, params, Settings(red, y - 0.001))
    assert late is None or late > year
    k = ans["both_scale"]
    assert k is not None
    assert _be(bi, params, Settings(red * (k + 1e-6), upl * (k + 1e-6))) <= year


def test_full_impact_breaks_even_in_2033_only_just(ccn):
    """The default report's central case breaks even in 2033, so the pair needed by 2033 is about x1."""
    params, bi = ccn
    k = solve(bi, params, 2033)["both_scale"]
    assert 0.95 < k <= 1.0


def test_unreachable_year_is_none(ccn):
    params, bi = ccn
    t = goal_table(bi, params, [2028])
    assert t.isna().iloc[0][["entry_reduction", "exit_uplift", "both_scale"]].all()


@settings(max_examples=30, deadline=None)
@given(
    a=st.floats(0, 0.6),
    b=st.floats(0, 0.6),
    u=st.floats(0, 0.3),
    v=st.floats(0, 0.3),
)
def test_more_of_either_shift_never_raises_spend(a, b, u, v):
    params, bi, _ = api.baseline(ModelParams())
    lo = run_settings(bi, params, Settings(min(a, b), min(u, v)))["spend"]
    hi = run_settings(bi, params, Settings(max(a, b), max(u, v)))["spend"]
    assert np.all(hi <= lo + 1e-6)


def test_run_settings_matches_the_model_at_full_impact(ccn):
    params, bi = ccn
    a = run_settings(bi, params, Settings(params.impact.full_entry_reduction(), params.impact.full_exit_uplift()))
    full = api.run_scenarios(bi, params)["full"]
    assert np.allclose(a["spend"], full["spend"]) and np.allclose(a["cla"], full["cla"])
    assert int(a["break_even_year"]) == core.break_even_year(bi.years, full["spend"], full["budget"], 2026)


def test_cli_json(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "analysis", "goal", "params/ccn-report.yml", "--break-even-by", "2030", "--json"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    assert set(d) == {"year", "entry_reduction", "exit_uplift", "both_scale"} and d["year"] == 2030
    assert 0 < d["entry_reduction"] < 1
    bad = subprocess.run(
        [sys.executable, "-m", "analysis", "goal", "params/ccn-report.yml", "--break-even-by", "2050"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert bad.returncode == 2 and "projected year" in bad.stderr and "Traceback" not in bad.stderr
