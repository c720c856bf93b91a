"""The scenario explorer: every value it can show is a run of the model with those settings, the page
carries them within rounding, and the page works from disk with the network cut."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from analysis.config.model import ModelParams
from analysis.model import api
from analysis.model.explorer import grid, reference
from analysis.model.goal import Settings, run_settings
from analysis.present.charts import spec_json
from analysis.present.figures.explorer import PATHS, REFS, SUMMARY, explorer

REPO = Path(__file__).resolve().parents[1]


def _check_sample(params, bi, n=25, seed=1):
    g = grid(bi, params)
    rng = random.Random(seed)
    rows = g.summary.to_dict("records")
    for r in rng.sample(rows, n):
        i, j = rng.randrange(3), rng.randrange(3)
        s = Settings(r["e"] / 100, r["x"] / 100, int(r["f"]), g.unit_cost_growth[i], g.budget_growth[j])
        a = run_settings(bi, params, s)
        p = g.paths[(g.paths.e == r["e"]) & (g.paths.x == r["x"]) & (g.paths.f == r["f"])].sort_values("y")
        assert np.allclose(p["c"], a["cla"], rtol=1e-12)
        assert np.allclose(p[f"s{i}"], a["spend"], rtol=1e-12)
        assert np.allclose(g.budget[f"b{j}"], a["budget"], rtol=1e-12)
        assert r[f"be{i}{j}"] == int(a["break_even_year"])
        assert r[f"cb{i}{j}"] == pytest.approx(float(a["cumulative_benefit"][-1]), rel=1e-12)
    return g


def test_grid_points_are_model_runs_ccn():
    params, bi, _ = api.baseline(ModelParams())
    _check_sample(params, bi)


def test_grid_points_are_model_runs_pop_500k():
    from analysis.config.report import load_params

    p = load_params(REPO / "params" / "pop-500k.yml")
    params, bi, _ = api.baseline(p.model)
    _check_sample(params, bi, n=10, seed=2)


def test_grid_points_are_model_runs_kent():
    from analysis.inputs.public.history import council_history

    params, bi, assumed = api.baseline(ModelParams(), council_history("886"))
    assert assumed
    _check_sample(params, bi, n=10, seed=3)


def test_page_carries_the_grid_within_rounding_and_stays_light():
    params, bi, _ = api.baseline(ModelParams())
    g = grid(bi, params)
    fig = explorer(g, reference(bi, params, g), "CCN")
    spec = fig.spec()
    assert set(fig.datasets or {}) == {PATHS, SUMMARY, REFS}  # kept out of the Altair object ...
    assert not set(fig.chart.to_dict().get("datasets", {})) & set(fig.datasets or {})  # ... joined in spec()
    size = len(spec_json(spec))
    assert size < 300_000, f"explorer spec is {size:,} bytes"
    paths = {(r["e"], r["x"], r["f"]): r for r in spec["datasets"][PATHS]}
    for r in g.paths.sample(40, random_state=4).itertuples():
        rec = paths[(r.e, r.x, r.f)]
        k = rec["y"].index(r.y)
        assert abs(rec["c"][k] - r.c) <= 0.5  # whole children
        assert abs(rec["s1"][k] * 1e9 - r.s1) <= 0.5e6  # £bn to 3 decimals
    summ = {(r["e"], r["x"], r["f"]): r for r in spec["datasets"][SUMMARY]}
    for r in g.summary.sample(40, random_state=5).itertuples():
        assert summ[(r.e, r.x, r.f)]["be12"] == r.be12
    # the report's own setting is the grid point nearest to it, where the controls start
    assert spec["params"][0]["value"] == 15.0 and spec["params"][1]["value"] == 2.0


def _browser() -> tuple[str, str]:
    """(node, chromium), found as the accessibility checks find them (skip, or fail under
    P2R_REQUIRE_BROWSER=1, when one is missing)."""
    from test_accessibility import _missing, _modules_installed, find_chromium

    node, chromium = shutil.which("node"), find_chromium()
    if not (node and chromium and _modules_installed()):
        _missing("node, Chromium or tests/a11y/node_modules missing")
    assert node and chromium
    return node, chromium


@pytest.mark.render
def test_controls_change_the_result_in_the_browser(rendered):
    node, chromium = _browser()
    page = Path(rendered("ccn-report").output_dir) / "impact.html"
    r = subprocess.run(
        [node, str(REPO / "tests" / "a11y" / "explorer.mjs"), str(page), chromium],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    d = json.loads(r.stdout.strip().splitlines()[-1])
    assert d["requests"] == []  # nothing tried to leave the machine
    assert "15% fewer entries" in d["before"] and "in 2033" in d["before"]
    assert "0% fewer entries" in d["afterEntry"] and "not back within the budget by 2035" in d["afterEntry"]
    assert d["afterYear"] != d["afterEntry"] and "from 2026" in d["afterYear"]
    labels = [c["label"] for c in d["controls"]]
    assert any("Fewer entries" in x for x in labels) and any("First year of impact" in x for x in labels)


def test_packed_paths_are_the_grid_rows_and_a_ragged_grid_is_refused():
    import dataclasses

    from analysis.present.figures.explorer import _packed

    params, bi, _ = api.baseline(ModelParams())
    g = grid(bi, params)
    packed = _packed(g, 1e6)
    assert len(packed) == len(g.summary) and all(r["y"] == sorted(set(g.paths["y"])) for r in packed)
    row = g.paths.sample(1, random_state=7).iloc[0]
    rec = next(r for r in packed if (r["e"], r["x"], r["f"]) == (row.e, row.x, row.f))
    k = rec["y"].index(int(row.y))
    assert rec["c"][k] == round(float(row.c)) and rec["s0"][k] == round(float(row.s0) / 1e6, 3)
    ragged = dataclasses.replace(g, paths=g.paths.drop(index=g.paths.index[5]))
    with pytest.raises(ValueError, match="one row for every year"):
        _packed(ragged, 1e6)


@pytest.mark.parametrize("mode", ["exits", "hazard"])
@pytest.mark.parametrize("reentry", [True, False])
def test_a_batch_of_settings_runs_exactly_as_each_alone(mode, reentry):
    """The grid runs each first year's settings as one batch; every flow of every row is bit for bit the
    run of that setting alone, zero uplift (no uplift at all when alone) included, for a council with
    unaccompanied children held apart (Croydon)."""
    from analysis.inputs.public.history import council_history
    from analysis.model import core
    from analysis.model.api import phasing_for, reentry_for

    d = ModelParams().model_dump()
    d["exits"]["uplift_mode"], d["reentry"]["enabled"] = mode, reentry
    params, bi, _ = api.baseline(ModelParams.model_validate(d), council_history("306"))
    assert bi.uasc is not None
    settings = [(0.0, 0.0), (0.15, 0.0), (0.0, 0.03), (0.3, 0.05), (0.075, 0.01)]
    ph = phasing_for(params, 2029)
    red = np.array([s[0] for s in settings])[:, None]
    upl = np.array([s[1] for s in settings])[:, None]
    kw = dict(mode=params.exits.uplift_mode, reentry=reentry_for(params))
    batch = core.run_scenario(bi, core.ScenarioSpec("b", red, upl), ph, **kw)
    for k, (r, u) in enumerate(settings):
        alone = core.run_scenario(bi, core.ScenarioSpec("a", r, u), ph, **kw)
        for key, value in alone.items():
            got = batch[key][k] if np.ndim(batch[key]) == 2 else batch[key]
            np.testing.assert_array_equal(got, value, err_msg=f"{key} at {r}, {u}")
