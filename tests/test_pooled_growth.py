"""Shrinkage towards England: the combination of a council's own fit, 'nothing changes' and the pooled
English growth, worked by hand; the pooled growth uses no year after its base year; the weights are
checked at the door."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.common.errors import InputError
from analysis.config.model import ModelParams
from analysis.model import pooled
from analysis.model.backtest import Pool, pooled_growth, stock_flow


def council(code: str, step: float, years=range(2016, 2026)) -> pd.DataFrame:
    y = np.array(list(years))
    n = len(y)
    return pd.DataFrame(
        {
            "dfe_code": code,
            "year": y,
            "cla": 500.0 + step * np.arange(n),
            "starts": 200.0 + step / 5 * np.arange(n),
            "ceases": 190.0 + step / 5 * np.arange(n),
            "population_0_17": 100_000.0,
        }
    )


def test_combination_by_hand():
    fitted = np.array([110.0, 120.0])
    got = pooled.combine(fitted, 100.0, np.array([1.01, 1.02]), 0.3, 0.3)
    # 0.4 x fitted + 0.3 x 100 + 0.3 x 100 x growth
    assert got == pytest.approx([0.4 * 110 + 30 + 30.3, 0.4 * 120 + 30 + 30.6])
    # with no pooled growth the England weight goes to 'nothing changes'
    assert pooled.combine(fitted, 100.0, None, 0.3, 0.3) == pytest.approx([0.4 * 110 + 60, 0.4 * 120 + 60])
    assert pooled.combine(fitted, 100.0, np.array([2.0, 2.0]), 0.0, 0.0) == pytest.approx(fitted)


def test_growth_for_borrows_the_nearest_earlier_base_year(monkeypatch):
    table = {"base_years": {2019: [1.01, 1.02, 1.03], 2021: [0.99, 0.98]}}
    monkeypatch.setattr(pooled, "load", lambda: table)
    g, note = pooled.growth_for(2021, 4)
    assert note is None and g == pytest.approx([0.99, 0.98, 0.98, 0.98])  # held beyond the table
    g, note = pooled.growth_for(2020, 2)
    assert g == pytest.approx([1.01, 1.02]) and "2020" in note and "2019" in note
    g, note = pooled.growth_for(2010, 1)
    assert g == pytest.approx([1.01]) and "2019" in note
    monkeypatch.setattr(pooled, "load", lambda: {})
    assert pooled.growth_for(2025, 3) == (None, None)


def test_pooled_growth_is_the_median_council_and_sees_no_later_year():
    hist = pd.concat([council("1", 10.0), council("2", 0.0), council("3", -10.0)], ignore_index=True)
    p = ModelParams()
    g = pooled_growth(hist, p, 2021, 5)
    assert len(g) == 5 and np.isfinite(g).all()
    # the median of three councils is one of them (the middle one at each horizon)
    each = [pooled_growth(hist[hist.dfe_code == c], p, 2021, 5) for c in "123"]
    assert g == pytest.approx(np.median(np.vstack(each), axis=0))
    # later years changed beyond recognition: the pool from 2021 does not move
    later = hist.copy()
    later.loc[later.year > 2021, ["cla", "starts", "ceases"]] *= 7.0
    assert pooled_growth(later, p, 2021, 5) == pytest.approx(g)
    # a council whose last count is before the base year is not part of the pool
    short = pd.concat([hist, council("4", 50.0, years=range(2012, 2020))], ignore_index=True)
    assert pooled_growth(short, p, 2021, 5) == pytest.approx(g)


def test_england_weight_pulls_the_projection_towards_the_pooled_path():
    h = council("9", 10.0)
    years = [2026, 2027, 2028]
    alone = ModelParams.model_validate({"history": {"persistence_weight": 0.0, "england_weight": 0.0}})
    fit = stock_flow(alone)(h, years)["cla"].to_numpy()
    flat = np.ones(12)
    half = ModelParams.model_validate({"history": {"persistence_weight": 0.0, "england_weight": 0.5}})
    got = stock_flow(half, {2025: Pool(flat, None)})(h, years)["cla"].to_numpy()
    base = float(h.cla.iloc[-1])
    assert got == pytest.approx(0.5 * fit + 0.5 * base, rel=1e-6)
    up = stock_flow(half, {2025: Pool(np.full(12, 1.10), None)})(h, years)["cla"].to_numpy()
    assert up == pytest.approx(0.5 * fit + 0.5 * base * 1.10, rel=1e-6)


def test_weights_that_add_to_more_than_one_are_refused(tmp_path):
    from analysis.config.report import load_params

    f = tmp_path / "p.yml"
    f.write_text(
        "report: {variant: t, area_name: T, area_kind: council}\n"
        "model: {history: {persistence_weight: 0.7, england_weight: 0.5}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as e:
        load_params(f)
    assert "persistence_weight + england_weight" in str(e.value) and "p.yml" in str(e.value)


def test_unit_cost_growth_is_shrunk_towards_england_then_capped():
    """Spend per child grows 5% a year in the council's own history; the English growth is 9%."""
    h = council("9", 0.0).assign(spend=lambda d: 500.0 * 60_000.0 * 1.05 ** np.arange(len(d)))
    from analysis.model.trends import fit_history

    def used(w: float, cap: float | None = 0.10, g: float | None = 0.09) -> float:
        p = ModelParams.model_validate({"history": {"unit_cost_england_weight": w, "unit_cost_growth_max": cap}})
        return fit_history(h, p, pooled_unit_cost_growth=g).inputs.unit_cost_growth

    assert used(0.0) == pytest.approx(0.05, rel=1e-6)
    assert used(1.0) == pytest.approx(0.09)
    assert used(0.5) == pytest.approx(0.07, rel=1e-6)
    assert used(1.0, cap=0.08) == pytest.approx(0.08)  # the ceiling applies to the blended growth
    fit = fit_history(h, ModelParams(), pooled_unit_cost_growth=0.09)
    # the projected cost starts at the observed base-year cost and grows at the rate used
    uc = fit.projection.query("metric == 'unit_cost'").set_index("year")["value"]
    assert uc[2025] == pytest.approx(60_000.0 * 1.05**9) and uc[2027] / uc[2025] == pytest.approx(1.09**2)
    assert any("median English council" in n for n in fit.notes)
    rows = fit.fit.set_index("target")
    assert rows.loc["unit_cost_growth_england", "model"] == pytest.approx(0.09)


def test_unit_cost_for_borrows_the_nearest_earlier_base_year(monkeypatch):
    monkeypatch.setattr(pooled, "load", lambda: {"unit_cost_growth": {2019: 0.04, 2025: 0.08}})
    assert pooled.unit_cost_for(2025) == (0.08, None)
    g, note = pooled.unit_cost_for(2026)
    assert g == 0.08 and "2026" in note and "2025" in note
    monkeypatch.setattr(pooled, "load", lambda: {})
    assert pooled.unit_cost_for(2025) == (None, None)
