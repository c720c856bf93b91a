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
