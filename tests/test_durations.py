"""Exit hazards by years in care from SSDA903 episodes, and how they reach the model."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit, logit
from scipy.stats import norm

from analysis.common.errors import InputError
from analysis.config.childdata import DisclosureParams
from analysis.evidence.durations import (
    HazardNotEstimable,
    _pool,
    care_periods,
    estimate_hazards,
    first_complete_year,
    period_years,
)
from analysis.inputs.childdata.load import ChildData
from analysis.model import HazardShape, ModelParams, resolve_hazard_source, run
from analysis.model.uncertainty import draw
from analysis.pipeline.compute import hazards_record
from analysis.pipeline.inputs import HazardChoice, choose_hazards, load_child_level, load_history
from analysis.present.hazards import HazardResults

REPO = Path(__file__).resolve().parents[1]
BASE = pd.Timestamp(2025, 3, 31)
# no suppression and no minimum exposure, so the hand-made groups are not pooled
OPEN = DisclosureParams(suppress_up_to=0, round_to=1)


def _ep(child, decom, rne, dec=None, rec=None):
    return {
        "CHILD": child,
        "DECOM": pd.Timestamp(decom),
        "RNE": rne,
        "DEC": pd.Timestamp(dec) if dec else pd.NaT,
        "REC": rec,
    }


def tiny() -> pd.DataFrame:
    """Years end 31 March.  Hand tally of (year, duration, left) in 2023-2025:

    A  S 2022-06-01 .. 2023-01-10 E4A                      2023 d0 left
    B  S 2022-05-01, P 2022-09-01, L 2023-08-01 .. 2024-02-01 E11   (one period, three episodes)
                                                           2023 d0, 2024 d1 left
    C  S 2021-10-01, open                                  2023 d1, 2024 d2, 2025 d3 (censored)
    D  S 2023-04-01 .. 2023-12-01 E4B; re-enters S 2024-06-01 .. 2025-06-01 (after the base date)
                                                           2024 d0 left; 2025 d0 (censored)
    E  S 2022-11-01 .. 2024-10-01 E41                      2023 d0, 2024 d1, 2025 d2 left
    F  first episode in the extract is P (start unknown): left out
    """
    rows = [
        _ep("A", "2022-06-01", "S", "2023-01-10", "E4A"),
        _ep("B", "2022-05-01", "S", "2022-09-01", "X1"),
        _ep("B", "2022-09-01", "P", "2023-08-01", "X1"),
        _ep("B", "2023-08-01", "L", "2024-02-01", "E11"),
        _ep("C", "2021-10-01", "S"),
        _ep("D", "2023-04-01", "S", "2023-12-01", "E4B"),
        _ep("D", "2024-06-01", "S", "2025-06-01", "E4A"),
        _ep("E", "2022-11-01", "S", "2024-10-01", "E41"),
        _ep("F", "2020-01-01", "P", "2023-06-01", "E8"),
    ]
    return pd.DataFrame(rows)


def est_tiny(**kw):
    args = dict(base=BASE, first_year=2023, max_duration=2, disclosure=OPEN, min_periods=1, min_at_risk=1)
    args.update(kw)
    return estimate_hazards(tiny(), **args)


# ---------------------------------------------------------------------------
# periods of care


def test_periods_by_hand():
    per, counts = care_periods(tiny(), BASE)
    assert sorted(per["CHILD"]) == ["A", "B", "C", "D", "D", "E"]  # D re-entered: two periods
    b = per[per["CHILD"] == "B"].iloc[0]
    assert b["start"] == pd.Timestamp("2022-05-01") and b["last_seen"] == pd.Timestamp("2024-02-01") and b["exit"]
    c = per[per["CHILD"] == "C"].iloc[0]
    assert not c["exit"] and c["last_seen"] == BASE  # open: censored at the base date
    d2 = per[(per["CHILD"] == "D")].iloc[1]
    assert not d2["exit"] and d2["last_seen"] == BASE  # ends after the base date: censored
    assert counts["before_extract"] == 1  # F


def test_period_years_by_hand():
    per, _ = care_periods(tiny(), BASE)
    py = period_years(per, BASE, first_year=2023, max_duration=10)
    got = sorted((r.CHILD, r.year, r.duration, bool(r.exit)) for r in py.itertuples())
    assert got == sorted(
        [
            ("A", 2023, 0, True),
            ("B", 2023, 0, False),
            ("B", 2024, 1, True),
            ("C", 2023, 1, False),
            ("C", 2024, 2, False),
            ("C", 2025, 3, False),
            ("D", 2024, 0, True),
            ("D", 2025, 0, False),
            ("E", 2023, 0, False),
            ("E", 2024, 1, False),
            ("E", 2025, 2, True),
        ]
    )


def test_hazards_by_hand():
    e = est_tiny()
    t = e.table
    assert t["duration"].tolist() == ["0", "1", "2 or more"]
    assert t["at_risk"].tolist() == [5, 3, 3]
    assert t["exits"].tolist() == [2, 1, 1]
    assert t["hazard"].to_numpy() == pytest.approx([2 / 5, 1 / 3, 1 / 3])
    assert e.shape_vector() == pytest.approx([1.0, (1 / 3) / 0.4, (1 / 3) / 0.4])
    # Wald interval on the logit scale: se = sqrt(1/exits + 1/stayers)
    Z = norm.ppf(0.975)
    se = np.sqrt(1 / t["exits"] + 1 / (t["at_risk"] - t["exits"]))
    assert t["lower"].to_numpy() == pytest.approx(expit(logit(t["hazard"]) - Z * se), rel=1e-9)
    assert t["upper"].to_numpy() == pytest.approx(expit(logit(t["hazard"]) + Z * se), rel=1e-9)
    assert e.n_periods == 6 and e.n_children == 5


def test_censoring_at_an_earlier_base_date():
    # base 31 March 2024: E is still in care then (censored), D's re-entry starts after it
    e = est_tiny(base=pd.Timestamp(2024, 3, 31), max_duration=1)
    t = e.table
    # d0: A(2023 left), B(2023), D(2024 left), E(2023) ; d1+: B(2024 left), C(2023), C(2024), E(2024)
    assert t["at_risk"].tolist() == [4, 4] and t["exits"].tolist() == [2, 1]
    _, counts = care_periods(tiny(), pd.Timestamp(2024, 3, 31))
    assert counts["after_base"] == 1


def test_a_base_date_is_moved_back_to_31_march():
    a = est_tiny(base=pd.Timestamp(2025, 5, 20)).table
    b = est_tiny().table
    pd.testing.assert_frame_equal(a, b)


def test_placement_changes_stay_in_one_period_and_re_entry_starts_a_new_one():
    ep = pd.DataFrame(
        [
            _ep("K", "2019-01-01", "S", "2019-05-01", "X1"),
            _ep("K", "2019-05-01", "P", "2020-02-01", "X1"),
            _ep("K", "2020-02-01", "L", "2020-06-01", "X1"),
            _ep("K", "2020-06-01", "B", "2021-01-01", "E4A"),
            _ep("K", "2022-01-01", "S", "2022-03-01", "E13"),
        ]
    )
    per, _ = care_periods(ep, BASE)
    assert len(per) == 2
    assert per["start"].tolist() == [pd.Timestamp("2019-01-01"), pd.Timestamp("2022-01-01")]
    assert per["last_seen"].tolist() == [pd.Timestamp("2021-01-01"), pd.Timestamp("2022-03-01")]
    assert per["exit"].tolist() == [True, True]


def test_missing_end_date_in_the_middle_drops_the_period():
    ep = pd.DataFrame(
        [
            _ep("M", "2021-01-01", "S"),  # no end date, yet another episode follows
            _ep("M", "2021-06-01", "P", "2022-01-01", "E4A"),
            _ep("N", "2021-01-01", "S", "2021-06-01", "X1"),  # ended X1 but nothing follows
        ]
    )
    per, counts = care_periods(ep, BASE)
    assert counts["missing_end_date"] == 1
    assert per["CHILD"].tolist() == ["N"]
    assert not per["exit"].iloc[0] and per["last_seen"].iloc[0] == pd.Timestamp("2021-06-01")
    assert counts["unfinished"] == 1
    # N is censored part-way through 2021/22: only its complete years count (2021 only)
    py = period_years(per, BASE)
    assert py["year"].tolist() == [2021] and not py["exit"].any()


def test_first_complete_year():
    ep = pd.DataFrame([_ep("A", "2004-01-01", "S", "2005-04-03", "X1"), _ep("A", "2005-04-03", "P")])
    assert first_complete_year(ep) == 2006  # extract holds leavers from 1 April 2005
    ep = pd.DataFrame([_ep("A", "2004-01-01", "S", "2005-09-03", "E4A")])
    assert first_complete_year(ep) == 2007  # earliest end part-way through 2005/06: that year is partial


def test_too_few_periods_is_a_clear_error():
    with pytest.raises(HazardNotEstimable, match="at least 30"):
        estimate_hazards(tiny(), base=BASE, first_year=2023)
    with pytest.raises(HazardNotEstimable, match="episodes"):
        estimate_hazards(ChildData())
    with pytest.raises(HazardNotEstimable, match="lacks column"):
        estimate_hazards(tiny().drop(columns=["RNE"]), base=BASE)


def test_small_groups_are_pooled():
    counts = pd.DataFrame({"duration": [0, 1, 2, 3], "exits": [50, 3, 20, 2], "at_risk": [100, 40, 60, 10]})
    # the tail (2 exits) joins group 2; then group 1 (3 exits) joins it
    assert _pool(counts, 5, 30) == [[0, 0, 50, 100], [1, None, 25, 110]]
    # stayers count too: 38 of 40 leaving leaves 2 stayers, a small number
    counts = pd.DataFrame({"duration": [0, 1], "exits": [50, 38], "at_risk": [100, 40]})
    assert _pool(counts, 5, 30) == [[0, None, 88, 140]]
    counts = pd.DataFrame({"duration": [0, 1, 2], "exits": [50, 20, 20], "at_risk": [100, 20, 60]})
    assert _pool(counts, 5, 30) == [[0, 0, 50, 100], [1, None, 40, 80]]  # exposure under 30


# ---------------------------------------------------------------------------
# synthetic data


@pytest.fixture(scope="module")
def synth7():
    from analysis.inputs.childdata.synth import generate

    return ChildData.from_frames(generate(7), source="synthetic (seed 7)")


def test_synthetic_hazards_are_valid(synth7):
    e = estimate_hazards(synth7, years=10)
    t = e.table
    assert len(t) >= 3
    assert ((t["hazard"] > 0) & (t["hazard"] < 1)).all()
    assert ((t["lower"] < t["hazard"]) & (t["hazard"] < t["upper"])).all()
    assert ((t["lower"] > 0) & (t["upper"] < 1)).all()
    assert e.shape_vector()[0] == 1.0
    assert e.first_year == 2016 and e.base_year == 2025
    # the synthetic generator makes short stays and long ones: the shape is far from flat
    assert max(e.shape_vector()) > 1.5


def test_long_tails_are_pooled_not_shown(synth7):
    d = DisclosureParams()
    e = estimate_hazards(synth7, years=3, max_duration=18, disclosure=d)
    t = e.table
    assert t["duration_to"].isna().iloc[-1]  # open-ended last group
    assert t["duration_from"].iloc[-1] < 18  # the sparse tail was pooled
    assert (t["exits"] > d.suppress_up_to).all() and ((t["at_risk"] - t["exits"]) > d.suppress_up_to).all()
    shown = e.display_table(d)
    assert not shown["suppressed"].any()
    assert (shown["at_risk"] % d.round_to == 0).all() and (shown["exits"] % d.round_to == 0).all()


def test_written_results_hold_only_controlled_counts(synth7, tmp_path):
    d = DisclosureParams()
    e = estimate_hazards(synth7, years=10, disclosure=d)
    meta, table = hazards_record(
        HazardChoice(
            None,
            {
                "setting": "child_data",
                "used": "child_data",
                "reason": "test",
                "data_label": "synthetic test episodes",
                "synthetic": True,
            },
            e,
        ),
        d,
    )
    r = HazardResults(meta=meta, table=table)
    assert r.estimated
    assert (r.table["at_risk"] % 10 == 0).all() and (r.table["exits"] % 10 == 0).all()
    assert all(v % 10 == 0 for v in r.meta["counts"].values())
    text = json.dumps(meta) + table.to_csv()
    assert r.meta["counts"]["periods"] == round(e.n_periods, -1)
    if e.n_periods % 10:  # the unrounded count never reaches the results
        assert str(e.n_periods) not in text
    s = r.sentence()
    assert "synthetic" in s and "periods of care" in s and str(r.meta["first_year"]) in s
    assert len(r.shown_table()) == len(r.table)


# ---------------------------------------------------------------------------
# which shape the model uses


@pytest.mark.parametrize(
    "setting, source, expected",
    [
        ("auto", "data/private/kent", "child_data"),
        ("auto", "synthetic", "params"),  # synthetic data are never used silently
        ("auto", "none", "params"),
        ("child_data", "synthetic", "child_data"),
        ("child_data", "none", "child_data"),  # forced: prepare then raises (no data)
        ("params", "data/private/kent", "params"),
    ],
)
def test_resolve_hazard_source(setting, source, expected):
    assert resolve_hazard_source(setting, source)[0] == expected


def hazard_shape(p, load_data):
    """(shape, info, estimate) of the hazard choice for params ``p``."""
    c = choose_hazards(p, load_data)
    return c.shape, c.info, c.estimate


def _report(**model_baseline):
    from analysis.config.report import load_params

    p = load_params(REPO / "params" / "demo-shire.yml")
    data = p.model_dump()
    data["model"]["baseline"].update(model_baseline)
    return type(p).model_validate(data)


def _with_source(p, source):
    data = p.model_dump()
    data["child_data"]["source"] = source
    return type(p).model_validate(data)


def _never():
    raise AssertionError("child-level data should not be loaded")


def test_auto_with_synthetic_data_uses_params_without_loading():

    p = _report(hazard_source="auto")
    shape, info, est = hazard_shape(p, _never)
    assert shape is None and est is None and info["used"] == "params" and "synthetic" in info["reason"]


def test_params_never_uses_child_data():

    p = _with_source(_report(hazard_source="params"), "some/folder")
    shape, info, _ = hazard_shape(p, _never)
    assert shape is None and info["used"] == "params"


def test_auto_with_a_council_folder_uses_its_episodes(synth7):

    p = _with_source(_report(hazard_source="auto"), "some/council/folder")
    shape, info, est = hazard_shape(p, lambda: synth7)
    assert shape is not None and info["used"] == "child_data" and not info["synthetic"]
    assert "council's SSDA903 episodes" in shape.source


def test_auto_falls_back_when_the_folder_cannot_support_an_estimate():

    p = _with_source(_report(hazard_source="auto"), "some/council/folder")
    shape, info, _ = hazard_shape(p, lambda: ChildData(episodes=tiny()))
    assert shape is None and info["used"] == "params" and "do not support an estimate" in info["reason"]


def test_forcing_child_data_without_data_is_an_error():

    p = _with_source(_report(hazard_source="child_data"), "none")
    with pytest.raises(InputError, match="hazard_source"):
        hazard_shape(p, lambda: None)
    with pytest.raises(InputError, match="cannot be estimated"):
        hazard_shape(_with_source(p, "some/folder"), lambda: ChildData(episodes=tiny()))


def test_model_refuses_child_data_source_without_a_shape():
    mp = ModelParams.model_validate({"baseline": {"hazard_source": "child_data"}})
    with pytest.raises(InputError, match="hazard_source"):
        run(mp, uncertainty=False)


def test_params_source_ignores_a_given_shape():
    mp = ModelParams.model_validate({"baseline": {"hazard_source": "params"}})
    shape = HazardShape(shape=(1.0, 2.0, 3.0))
    assert run(mp, uncertainty=False, hazard_shape=shape).headline == run(mp, uncertainty=False).headline


# ---------------------------------------------------------------------------
# reports


def test_ccn_default_is_unchanged():
    from analysis.config.report import load_params
    from analysis.pipeline.compute import run_model

    p = load_params(REPO / "params" / "ccn-report.yml")
    assert p.model.baseline.hazard_source == "auto" and p.child_data.source == "synthetic"
    assert run_model(p, uncertainty=False).headline == run(ModelParams(), uncertainty=False).headline


def test_ccn_with_an_estimated_shape_is_recalibrated():
    # a non-flat shape on the CCN aggregate still meets the published do-nothing end point
    mp = ModelParams.model_validate({"baseline": {"hazard_source": "child_data"}})
    shape = HazardShape(shape=(1.0, 2.0, 1.5, 0.8))
    r = run(mp, uncertainty=False, hazard_shape=shape)
    assert r.headline["cla_2035_do_nothing"] == pytest.approx(29_400, rel=1e-6)
    assert r.headline["exits_fewer_entries_only_per_year"] != pytest.approx(
        run(ModelParams(), uncertainty=False).headline["exits_fewer_entries_only_per_year"], rel=1e-3
    )


@pytest.fixture(scope="module")
def demo(synth7):

    p = _report()
    assert p.model.baseline.hazard_source == "child_data"
    return p, hazard_shape(p, lambda: load_child_level(p).data)


def test_demo_shire_uses_the_estimated_shape(demo, tmp_path):

    p, (shape, info, est) = demo
    assert info["used"] == "child_data" and info["synthetic"]
    assert "synthetic" in shape.source
    history, _ = load_history(p)
    with_shape = run(p.model, history, uncertainty=False, hazard_shape=shape)
    flat = run(
        p.model.model_copy(update={"baseline": p.model.baseline.model_copy(update={"hazard_source": "params"})}),
        history,
        uncertainty=False,
    )
    assert with_shape.headline["cla_2035_do_nothing"] != pytest.approx(flat.headline["cla_2035_do_nothing"], rel=1e-6)
    # the base year still matches the council's own history
    assert with_shape.headline["cla_2025"] == flat.headline["cla_2025"]
    assert any("synthetic demonstration episodes" in n for n in with_shape.notes)
    meta, _ = hazards_record(HazardChoice(shape, info, est), p.disclosure)
    assert meta["estimated"] and meta["synthetic"] and meta["used"] == "child_data"


def test_monte_carlo_draws_within_the_estimated_interval(demo):
    import dataclasses

    from analysis.model.baseline import fit_history

    p, (shape, _, _) = demo
    history, _ = load_history(p)
    bi = fit_history(history, p.model).inputs
    plain = draw(p.model, bi, n=200)
    assert "hazard_factors" not in plain
    bounds = shape.bounds(len(bi.hazards))
    d = draw(p.model, dataclasses.replace(bi, hazard_bounds=bounds), n=200)
    f = d["hazard_factors"]
    assert f.shape == (200, len(bi.hazards))
    assert (f >= bounds[0] - 1e-12).all() and (f <= bounds[1] + 1e-12).all() and f.std() > 0
    for k in plain:  # the other draws are not disturbed
        np.testing.assert_array_equal(plain[k], d[k])
