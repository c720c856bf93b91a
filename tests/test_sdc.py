"""Disclosure control: suppression, rounding, shares, secondary suppression."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.config.childdata import DisclosureParams
from analysis.evidence.sdc import apply_sdc

P = DisclosureParams()  # suppress 1-5, round to 10, shares to whole percent


def test_small_counts_suppressed_zero_shown_others_rounded():
    df = pd.DataFrame({"category": list("abcde"), "count": [0, 1, 5, 6, 44], "base": 1000})
    out = apply_sdc(df, P)
    assert out["count"].tolist()[0] == 0
    assert out["count"].isna().tolist() == [False, True, True, False, False]
    assert out.loc[3, "count"] == 10 and out.loc[4, "count"] == 40
    assert out["suppressed"].tolist() == [False, True, True, False, False]
    assert out["base"].tolist() == [1000] * 5


def test_input_unchanged_and_new_frame_returned():
    df = pd.DataFrame({"count": [3, 30], "base": [33, 33]})
    before = df.copy()
    out = apply_sdc(df, P)
    pd.testing.assert_frame_equal(df, before)
    assert out is not df


def test_shares_from_unrounded_counts_and_hidden_with_count():
    df = pd.DataFrame({"count": [14, 3], "base": [57, 57], "share": [14 / 57, 3 / 57]})
    out = apply_sdc(df, P)
    assert out.loc[0, "share"] == 0.25  # 14/57 = 0.2456 -> 25%
    assert out.loc[0, "count"] == 10  # shown count rounded, share not from it
    assert np.isnan(out.loc[1, "share"])


def test_share_not_shown_when_base_suppressed():
    df = pd.DataFrame({"count": [0, 4], "base": [4, 4], "share": [0.0, 1.0]})
    out = apply_sdc(df, P)
    assert out["share"].isna().all()
    assert out["base"].isna().all()
    assert out["count"].isna().all()  # a hidden base hides the row's counts too
    assert out["suppressed"].all()


def test_secondary_suppression_in_additive_group():
    df = pd.DataFrame({"category": ["a", "b", "c"], "count": [3, 50, 47], "base": 100})
    out = apply_sdc(df, P, additive=True)
    assert out["count"].isna().tolist() == [True, False, True]  # next smallest (47) hidden too
    df2 = pd.DataFrame({"category": ["a", "b", "c"], "count": [3, 50, 47], "base": 100})
    out2 = apply_sdc(df2, P, additive=False)
    assert out2["count"].isna().tolist() == [True, False, False]


def test_secondary_suppression_hides_base_when_no_other_cell():
    # the base also counts children in a category not listed (e.g. 'not known')
    df = pd.DataFrame({"category": ["a", "b"], "count": [3, 0], "base": 20})
    out = apply_sdc(df, P, additive=True)
    assert out["base"].isna().all() and out["count"].isna().all()


def test_secondary_by_group():
    df = pd.DataFrame({"g": ["x", "x", "x", "y", "y"], "count": [2, 40, 30, 20, 30], "base": [72, 72, 72, 50, 50]})
    out = apply_sdc(df, P, group_by=["g"], additive=True)
    assert out["count"].isna().tolist() == [True, False, True, False, False]


def test_derived_columns_hidden_and_rounded():
    df = pd.DataFrame({"count": [3, 120], "population": [1000, 5000], "rate": [30.0, 240.123]})
    out = apply_sdc(df, P, bases=(), shares={}, derived={"rate": "count"}, decimals={"rate": 0})
    assert np.isnan(out.loc[0, "rate"]) and out.loc[1, "rate"] == 240
    assert out["population"].tolist() == [1000, 5000]  # not a child count: untouched


def test_negative_counts_rejected():
    with pytest.raises(ValueError):
        apply_sdc(pd.DataFrame({"count": [-1, 10], "base": [9, 9]}), P)


def test_thresholds_from_params():
    df = pd.DataFrame({"count": [7, 12], "base": [100, 100]})
    out = apply_sdc(df, DisclosureParams(suppress_up_to=9, round_to=5))
    assert pd.isna(out.loc[0, "count"]) and out.loc[1, "count"] == 10
    out = apply_sdc(df, DisclosureParams(suppress_up_to=0, round_to=1))
    assert out["count"].tolist() == [7, 12]


def test_suppress_zero_option():
    out = apply_sdc(pd.DataFrame({"count": [0, 50], "base": [50, 50]}), DisclosureParams(suppress_zero=True))
    assert pd.isna(out.loc[0, "count"])


def test_share_decimals_override():
    df = pd.DataFrame({"count": [770], "base": [110_000], "share": [770 / 110_000]})
    assert apply_sdc(df, P).loc[0, "share"] == 0.01
    assert apply_sdc(df, P, share_decimals=3).loc[0, "share"] == 0.007


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.lists(st.integers(0, 40), min_size=1, max_size=6), min_size=1, max_size=4),
    st.integers(0, 8),
    st.sampled_from([1, 5, 10]),
)
def test_property_no_recovery_by_differencing(groups, threshold, rounding):
    rows = []
    for gi, cells in enumerate(groups):
        for ci, v in enumerate(cells):
            rows.append({"g": gi, "c": ci, "count": v, "base": sum(cells)})
    df = pd.DataFrame(rows)
    df["share"] = np.where(df["base"] > 0, df["count"] / df["base"].where(df["base"] > 0, 1), np.nan)
    p = DisclosureParams(suppress_up_to=threshold, round_to=rounding)
    out = apply_sdc(df, p, group_by=["g"], additive=True)
    shown = out["count"].dropna()
    assert (shown >= 0).all()
    assert (shown % rounding == 0).all()
    # every non-zero count at or below the threshold is hidden
    small = (df["count"] >= 1) & (df["count"] <= threshold)
    assert out.loc[small, "count"].isna().all()
    # shares hidden with their count or base
    hidden = out["count"].isna() | out["base"].isna()
    assert out.loc[hidden, "share"].isna().all()
    # no group shows its base with exactly one hidden non-zero cell
    for _, g in out.groupby("g"):
        orig = df.loc[g.index, "count"]
        hidden_nonzero = g["count"].isna() & (orig > 0)
        if g["base"].notna().all():
            assert hidden_nonzero.sum() != 1
