"""The back-test: only data up to the cut-off reach a fit, the naive rivals are what they say, and
`p2r backtest` reports the errors for real councils."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import require_public_dir

from analysis.config.model import ModelParams
from analysis.model.backtest import (
    Method,
    history_upto,
    persistence,
    run_backtest,
    stock_flow,
    straight_line,
    summarise,
    totals,
)

REPO = Path(__file__).resolve().parents[1]


def toy(code: str = "999", years=range(2016, 2026), cla0: float = 500.0, step: float = 10.0) -> pd.DataFrame:
    y = np.array(list(years))
    n = len(y)
    return pd.DataFrame(
        {
            "dfe_code": code,
            "year": y,
            "cla": cla0 + step * np.arange(n),
            "starts": 200.0 + 2 * np.arange(n),
            "ceases": 190.0 + 2 * np.arange(n),
            "population_0_17": 100_000.0,
            "returned_home": np.nan,
            "spend": np.nan,
            "budget": np.nan,
        }
    )


def test_naive_rivals_by_hand():
    h = toy()
    past = history_upto(h, 2020)
    assert past["year"].max() == 2020
    p = persistence(past, [2021, 2022])
    assert p["cla"].tolist() == [540.0, 540.0] and p["entries"].tolist() == [208.0, 208.0]
    line = straight_line(past, [2021, 2025])  # cla rises by exactly 10 a year
    assert line["cla"].tolist() == pytest.approx([550.0, 590.0])
    assert line["entries"].tolist() == pytest.approx([210.0, 218.0])


def test_spend_is_backtested_by_hand():
    """Placement spend: carried forward by persistence, a straight line by the line, and all children in
    care x the projected unit cost by the stock-flow method; its errors are against the published spend."""
    h = toy().assign(spend=lambda d: 1e6 * 1.05 ** np.arange(len(d)))
    past = history_upto(h, 2021)
    assert persistence(past, [2022, 2023])["spend"].tolist() == pytest.approx([1e6 * 1.05**5] * 2)
    sf = stock_flow(ModelParams())(past, [2022, 2023])
    from analysis.model.backtest import _at_base
    from analysis.model.trends import fit_history

    proj = fit_history(past, _at_base(ModelParams(), 2021, 2023)).projection.set_index(["metric", "year"])["value"]
    assert sf["spend"].tolist() == pytest.approx([proj["cla", y] * proj["unit_cost", y] for y in (2022, 2023)])
    assert np.isfinite(sf["spend"]).all() and (sf["spend"] > 0).all()
    err = run_backtest(h, [Method("persistence", "", persistence)], [2021], 2025)
    e = err[(err["metric"] == "spend") & (err["year"] == 2025)]
    assert e["actual"].item() == pytest.approx(1e6 * 1.05**9)
    assert e["ape"].item() == pytest.approx(1 - 1.05**5 / 1.05**9)
    assert summarise(err, "spend").index.tolist() == [(2021, a) for a in range(1, 5)]


def test_no_year_after_the_cutoff_reaches_a_fit():
    h = toy()
    scrambled = h.copy()
    later = scrambled["year"] > 2019
    scrambled.loc[later, ["cla", "starts", "ceases"]] = [[1e6, 1.0, 5e5]] * int(later.sum())
    methods = [
        Method("default", "", stock_flow(ModelParams())),
        Method("persistence", "", persistence),
        Method("line", "", straight_line),
    ]
    a = run_backtest(h, methods, [2019], 2025)
    b = run_backtest(scrambled, methods, [2019], 2025)
    # the projections are identical; only the 'actual' values (and so the errors) differ
    np.testing.assert_array_equal(a["projected"].to_numpy(), b["projected"].to_numpy())
    assert not np.allclose(a["actual"], b["actual"], equal_nan=True)


def test_errors_and_summaries():
    h = pd.concat([toy("1"), toy("2", cla0=300.0, step=-5.0)])
    err = run_backtest(h, [Method("persistence", "", persistence)], [2019, 2021], 2025)
    e = err[(err["dfe_code"] == "1") & (err["cutoff"] == 2019) & (err["metric"] == "cla") & (err["year"] == 2025)]
    assert e["ahead"].item() == 6 and e["ape"].item() == pytest.approx(abs(530 - 590) / 590)
    s = summarise(err)
    assert list(s.index) == [(2019, a) for a in range(1, 7)] + [(2021, a) for a in range(1, 5)]
    t = totals(err)
    row = t[(t["cutoff"] == 2019) & (t["ahead"] == 6)]
    assert row["actual"].item() == 590 + 255 and row["projected"].item() == 530 + 285


def test_backtest_for_real_councils(tmp_path):
    public = require_public_dir()
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "backtest",
            "--la",
            "Rutland",
            "--la",
            "886",
            "--out",
            str(tmp_path),
            "--public-data",
            str(public),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    assert "2 councils" in r.stdout and "persistence" in r.stdout and "reading the public data" in r.stderr
    err = pd.read_csv(tmp_path / "backtest-errors.csv", dtype={"dfe_code": str})
    assert set(err["dfe_code"]) == {"857", "886"}
    assert set(err["method"]) == {"default", "mean_rates", "persistence", "line"}
    assert set(err["cutoff"]) == {2019, 2020, 2021} and err["year"].max() == 2025
    kent = err[(err["dfe_code"] == "886") & (err["method"] == "persistence") & (err["metric"] == "cla")]
    at19 = kent[kent["cutoff"] == 2019]
    assert (at19["projected"] == at19["projected"].iloc[0]).all()  # carried forward from 2019
    summary = pd.read_csv(tmp_path / "backtest-summary-cla.csv")
    assert {"cutoff", "ahead", "default", "persistence"} <= set(summary.columns)
    spend = pd.read_csv(tmp_path / "backtest-summary-spend.csv")
    assert {"cutoff", "ahead", "default", "persistence"} <= set(spend.columns) and len(spend) == 15
    assert "placement spend" in r.stdout and "years ahead: the report's method erred by" in r.stdout


def test_bad_cutoff_is_a_clear_error(tmp_path):
    public = require_public_dir()
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "analysis",
            "backtest",
            "--la",
            "Rutland",
            "--cutoffs",
            "2025",
            "--out",
            str(tmp_path),
            "--public-data",
            str(public),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert r.returncode == 2 and "cut-off year" in r.stderr and "Traceback" not in r.stderr


def test_public_data_last_year_sets_the_base_year():
    public = require_public_dir()
    from analysis.common.paths import resource
    from analysis.config.report import load_params
    from analysis.inputs.public.areas import area_overrides
    from analysis.pipeline.inputs import load_history

    over = area_overrides(la="Rutland", group=None, public_dir=str(public))
    over.setdefault("public_data", {})["last_year"] = 2021
    history, _ = load_history(load_params(resource("council.yml"), over))
    assert history["year"].max() == 2021


def test_hazard_multipliers_make_the_stock_follow_a_path():
    from analysis.model import core

    hz = core.hazard_vector(0.3, (1.0, 0.8, 0.6), 6)
    ss = core.steady_state(hz, 0.0)
    initial = ss / ss.sum() * 1000.0
    entries = np.full(5, 300.0)
    target = np.array([1010.0, 1020.0, 1015.0, 990.0, 1000.0])
    m = core.multipliers_for_path(initial, entries, hz, target)
    got = core.project(initial, entries, hz, hazard_multiplier=m)["cla"]
    assert got == pytest.approx(target, rel=1e-9)
    # an unreachable target (more children than could possibly be in care) keeps the nearest bound
    m2 = core.multipliers_for_path(initial, entries, hz, np.full(5, 1e6))
    assert (m2 == 0.0).all()


def test_default_projection_starts_from_the_observed_base_year():
    """No jump in the first projected year: the combined projection moves part of the way from the
    base-year value, never away from it by more than the fitted change."""
    h = toy(cla0=500.0, step=10.0).drop(columns="dfe_code")
    fit = stock_flow(ModelParams())(h, [2026, 2027])
    assert 590.0 <= fit["cla"].iloc[0] <= 600.0 + 10.0


def test_own_backtest_sentence_reads_its_numbers():
    from analysis.present import backtest as own_bt

    bt = pd.DataFrame(
        {
            "cutoff": 2021,
            "metric": "cla",
            "year": [2022, 2023],
            "actual": [100.0, 110.0],
            "default": [101.0, 108.0],
            "persistence": [95.0, 95.0],
            "line": [120.0, 130.0],
        }
    )
    s = own_bt.sentence(bt, "Testshire")
    assert "up to 2021 only and projected to 2023" in s and "108 in 2023, against 110 published" in s
    assert "closer than carrying the last value forward" in s
    t = own_bt.table(bt)
    assert t.columns.tolist() == [
        "Year ending 31 March",
        "Published",
        "This report's method",
        "Nothing changes",
        "Straight line",
    ]


def test_uasc_sentence_reads_the_history():
    from analysis.present.uasc import uasc_sentence

    h = pd.DataFrame({"year": [2016, 2025], "cla": [1000.0, 1900.0], "cla_uasc": [50.0, 600.0]})
    s = uasc_sentence(h, "Kentish")
    assert "600 of the 1,900 children in care in Kentish" in s and "up from 50 (5%) in 2016" in s
    assert "overstates" in s
    small = uasc_sentence(h.assign(cla_uasc=[10.0, 11.0]), "Smallshire")
    assert "about the same number as 10" in small and "little difference" in small
    assert uasc_sentence(h.drop(columns="cla_uasc"), "X") == ""


def test_backtest_band_by_hand():
    """The do-nothing band is projected x (1 + the back-test's error quantile) at each horizon, widening
    with the square root of the years ahead beyond the longest measured one."""
    from analysis.model import intervals

    t = intervals.load()
    rows = {r["ahead"]: r for r in t["metrics"]["cla"]}
    hmax = max(rows)
    values = np.full(hmax + 4, 1000.0)
    lo, hi, got_hmax, q_lo, q_hi = intervals.band("cla", values)
    assert got_hmax == hmax and (q_lo, q_hi) == (0.1, 0.9)
    assert lo[0] == hi[0] == 1000.0  # the base year is observed
    for h in range(1, hmax + 1):
        assert lo[h] == pytest.approx(1000 * (1 + rows[h]["low"]))
        assert hi[h] == pytest.approx(1000 * (1 + rows[h]["high"]))
    h = hmax + 3
    assert hi[h] == pytest.approx(1000 * (1 + rows[hmax]["high"] * np.sqrt(h / hmax)))
    assert intervals.band("nothing", values) is None


def test_shipped_backtest_bands_match_a_fresh_backtest():
    """analysis/resources/backtest_intervals.yml is what `make intervals` makes from the public data with
    the package's default council method: a change of method must rebuild it."""
    import yaml

    from analysis.common.paths import resource
    from analysis.config.report import load_params
    from analysis.pipeline.backtest import backtest, intervals_yaml, pooled_yaml

    public = require_public_dir()
    params = load_params(resource("council.yml"), {"public_data": {"public_dir": str(public)}})
    result = backtest(params)
    fresh = yaml.safe_load(intervals_yaml(result))
    shipped = yaml.safe_load(resource("backtest_intervals.yml").read_text(encoding="utf-8"))
    assert fresh == shipped, "run `make intervals` to rebuild the shipped back-test bands"
    # and the pooled English growth the renders read (analysis.model.pooled) is the one this back-test used
    fresh_pool = yaml.safe_load(pooled_yaml(result))
    shipped_pool = yaml.safe_load(resource("pooled_growth.yml").read_text(encoding="utf-8"))
    assert fresh_pool == shipped_pool, "run `make intervals` to rebuild the shipped pooled growth"
    assert sorted(shipped_pool["base_years"]) == [2019, 2020, 2021, 2025]
    # the scorecard the methodology sentence reads: on average below 'last value carried forward'
    err = shipped["scorecard"]["mean_error"]
    assert err["default"] < err["persistence"] < err["line"]


def test_council_band_comes_from_the_backtest():
    from analysis.model import api

    p = ModelParams()
    r = api.run(p, toy().drop(columns="dfe_code"), uncertainty=False)
    proj = r.baseline_projection
    cla = proj[proj.metric == "cla"].sort_values("year")
    from analysis.model import intervals

    lo, hi, *_ = intervals.band("cla", cla["value"].to_numpy())
    assert np.allclose(cla["lower"], np.minimum(lo, cla["value"])) and np.allclose(cla["upper"], hi)
    assert any("back-test" in n for n in r.notes)
    reg = api.run(ModelParams.model_validate({"history": {"interval_source": "regression"}}), toy(), uncertainty=False)
    assert not np.allclose(reg.baseline_projection.query("metric == 'cla'")["upper"], cla["upper"])


def test_own_backtest_of_a_recently_formed_council_is_none_not_an_error():
    """Dorset and BCP (formed 2019) have too few years before the cut-off for the report's method: the
    appendix then has no own back-test, and the build does not fail (it once raised KeyError)."""
    from analysis.common.paths import resource
    from analysis.config.report import load_params
    from analysis.inputs.public.areas import area_overrides
    from analysis.pipeline.compute import own_backtest
    from analysis.pipeline.inputs import load_inputs

    p = load_params(resource("council.yml"), area_overrides(la="838", group=None, public_dir=None))
    assert own_backtest(p, load_inputs(p)) is None
