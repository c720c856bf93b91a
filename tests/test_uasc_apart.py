"""Unaccompanied asylum-seeking children (UASC) projected apart: the split of a history by hand, the
shifts acting only on the other children, and Kent's public figures."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import require_public_dir

from analysis.config.model import ModelParams
from analysis.model import api
from analysis.model.history_table import clean_history
from analysis.model.uasc import split


def history(uasc: bool = True) -> pd.DataFrame:
    d = pd.DataFrame(
        {
            "year": [2020, 2021, 2022, 2023, 2024, 2025],
            "cla": [500.0, 520.0, 540.0, 560.0, 580.0, 600.0],
            "starts": [200.0, 210.0, 220.0, 230.0, 240.0, 250.0],
            "ceases": [190.0, 190.0, 200.0, 210.0, 220.0, 230.0],
            "population_0_17": 100_000.0,
            "spend": [30e6, 32e6, 34e6, 36e6, 38e6, 40e6],
        }
    )
    if uasc:
        d["cla_uasc"] = [50.0, np.nan, 60.0, 80.0, 90.0, 100.0]
        d["starts_uasc"] = [40.0, 50.0, 60.0, np.nan, 70.0, 80.0]
    return d


def test_split_by_hand():
    p = ModelParams()
    df = clean_history(history(), "toy")
    years = np.arange(2025, 2036)
    sp = split(df, p, years, np.full(len(years), 100_000.0))
    assert sp is not None
    o = sp.other.set_index("year")
    # 2021's UASC count is missing: the nearest published year (2022 on a tie with 2020, the later) is used
    assert o.loc[2021, "cla"] == 520 - 60
    # 2023's share of starts is missing: the UASC share of children in care that year, 80 / 560
    assert o.loc[2023, "starts"] == pytest.approx(230 - 230 * 80 / 560)
    # UASC ceases from the stock-flow identity: last year's count + starts - this year's count
    assert o.loc[2025, "ceases"] == pytest.approx(230 - (90 + 80 - 100))
    assert o.loc[2025, "cla"] == 500 and o.loc[2025, "starts"] == 170
    # held at the mean of the last three published counts; starts at the base year's number
    assert sp.cla[0] == 100 and np.allclose(sp.cla[1:], (80 + 90 + 100) / 3)
    assert np.allclose(sp.entries, 80)
    assert sp.exits[1] == pytest.approx(80 + 100 - 90)  # starts + last year's count - this year's
    assert np.allclose(sp.exits[2:], 80)


def test_nts_level_and_include():
    p = ModelParams.model_validate({"history": {"uasc_level": "nts"}})
    df = clean_history(history(), "toy")
    years = np.arange(2025, 2036)
    sp = split(df, p, years, np.full(len(years), 200_000.0))
    assert sp is not None and np.allclose(sp.cla[1:], 200.0)  # 0.1% of 200,000 children
    inc = ModelParams.model_validate({"history": {"uasc": "include"}})
    assert split(df, inc, years, np.full(len(years), 1.0)) is None
    assert split(clean_history(history(uasc=False), "toy"), p, years, np.full(len(years), 1.0)) is None


def test_shifts_act_only_on_the_other_children():
    """With UASC apart, every scenario's children in care = the other children's projection (the same
    as a run on the other children's history alone) + the UASC held apart, identical in every scenario."""
    p = ModelParams()
    h = history()
    apart = api.run(p, h, uncertainty=False).series
    df = clean_history(h, "toy")
    sp = split(df, p, np.arange(2025, 2036), np.full(11, 100_000.0))
    assert sp is not None
    others = sp.other.drop(columns=["cla_uasc", "starts_uasc"])
    alone = api.run(p, others, uncertainty=False).series

    def get(s, scen, metric):
        return s[(s.scenario == scen) & (s.metric == metric)]["value"].to_numpy()

    for scen in ("do_nothing", "full", "half"):
        held = get(apart, scen, "uasc_cla")
        assert np.allclose(held, sp.cla)
        assert np.allclose(get(apart, scen, "cla") - held, get(alone, scen, "cla"))
    # the shifts change entries by the same number of children with or without the UASC apart
    fewer_apart = get(apart, "do_nothing", "entries") - get(apart, "full", "entries")
    fewer_alone = get(alone, "do_nothing", "entries") - get(alone, "full", "entries")
    assert np.allclose(fewer_apart, fewer_alone)
    # spend covers every child: unit cost from all children's spend
    assert get(apart, "do_nothing", "spend")[0] == pytest.approx(40e6)


def test_kent_public_history_and_report_figures():
    base = require_public_dir()
    from analysis.inputs.public.history import council_history

    h = council_history("886", base).set_index("year")
    assert h.loc[2025, "starts_uasc"] == round(3226 * 0.83)  # LAIT: 83% of starts were UASC
    assert h.loc[2019, "starts_uasc"] == 190  # before 2020: starts with need N8, the proxy
    assert np.isnan(h.loc[2016, "starts_uasc"])
    r = api.run(ModelParams(), h.reset_index(), uncertainty=False)
    s = r.series
    dn = s[s.scenario == "do_nothing"].pivot(index="year", columns="metric", values="value")
    # continuous at the base year: all children in care and exits move little in the first projected year
    assert abs(dn.loc[2026, "cla"] / dn.loc[2025, "cla"] - 1) < 0.05
    assert abs(dn.loc[2026, "exits"] / dn.loc[2025, "exits"] - 1) < 0.1
    assert dn.loc[2025, "uasc_cla"] == 451
    hd = r.headline
    assert hd["uasc_cla_base"] == 451 and hd["uasc_entries_base"] == round(3226 * 0.83)
    # the parents supported rest on the other entries only (about 550 a year, not 3,200)
    assert hd["parents_supported_per_year"] < 0.5 * 550


def test_uasc_sentence_says_apart():
    from analysis.present.uasc import uasc_sentence

    h = pd.DataFrame({"year": [2016, 2025], "cla": [1000.0, 1900.0], "cla_uasc": [50.0, 600.0]})
    s = uasc_sentence(h, "Kentish", {"uasc_cla_base": 600.0, "uasc_cla_horizon": 580.0, "uasc_entries_base": 900.0})
    assert "projects them apart" in s and "580 in care" in s and "900 starting" in s
    assert "overstates" not in s
