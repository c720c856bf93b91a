"""Numbers in prose: approximate counts and money read sensibly for the CCN aggregate and for the
smallest council alike."""

import pytest

from analysis.common import fmt
from analysis.present.narrative import key_findings


@pytest.mark.parametrize(
    "x, base, text",
    [
        (2250.000000001, 50, "about 2,250"),  # the CCN headline
        (6284.48, 100, "about 6,300"),
        (274.9, 10, "about 270"),
        (2.2, 10, "about 2"),  # a small council: not 'about 0'
        (17.0, 10, "about 17"),
        (23.0, None, "about 25"),
        (0.3, 10, "less than one"),
        (-0.3, 10, "less than one"),
        (0.0, 10, "about 0"),
        (float("nan"), 10, "n/a"),
        (None, 10, "n/a"),
    ],
)
def test_about(x, base, text):
    assert fmt.about(x, base) == text


@pytest.mark.parametrize(
    "x, text",
    [
        (2250.0, "about 2,250 fewer children"),
        (2.2, "about 2 fewer children"),
        (1.2, "about 1 fewer child"),
        (0.3, "less than one fewer child"),
    ],
)
def test_about_with_a_noun(x, text):
    assert fmt.about(x, 10, "fewer child", "fewer children") == text


@pytest.mark.parametrize(
    "x, text",
    [
        (3.77e9, "£3.77bn"),
        (60.4e6, "£60m"),
        (4.36e6, "£4.4m"),
        (3.62e6, "£3.6m"),
        (749_400, "£749k"),
        (-2.5e6, "-£2.5m"),
        (9_999, "£9,999"),
    ],
)
def test_money(x, text):
    assert fmt.money(x) == text


def test_small_council_key_findings_never_say_about_zero():
    h = {
        "base_year": 2025,
        "horizon_year": 2035,
        "cla_base": 32,
        "cla_horizon_do_nothing": 16,
        "spend_base": 4.36e6,
        "spend_horizon_do_nothing": 6.1e6,
        "budget_base": 3.62e6,
        "overspend_base": 0.74e6,
        "entries_fewer_per_year": 2.2,
        "entry_reduction_full": 0.145,
        "exits_extra_per_year": 0.3,
        "parents_supported_per_year": 1.8,
        "cumulative_benefit_full": 5e6,
        "cumulative_benefit_half": 2e6,
        "break_even_year_full": 2033,
        "cumulative_overspend_full": 4e6,
        "break_even_year_half": None,
        "cumulative_overspend_half": 6e6,
        "mean_window_start": 2029,
        "cumulative_from": 2026,
    }
    text = " ".join(key_findings(h, "Smallshire"))
    assert "about 0" not in text and "About 0" not in text
    assert "about 2 fewer children" in text
    assert "less than one more a year" in text
    assert "About 2 more parents" in text
    assert "£4.4m against a budget of £3.6m" in text


def test_large_projected_change_carries_a_caution():
    from analysis.present.narrative import trend_caution

    base = {
        "base_year": 2025,
        "horizon_year": 2035,
        "spend_base": 7e7,
        "spend_horizon_do_nothing": 2e7,
        "budget_base": 6e7,
        "overspend_base": 1e7,
    }
    steep = {**base, "cla_base": 547, "cla_horizon_do_nothing": 55}
    assert trend_caution(steep).startswith("A 90% fall in 10 years")
    assert "not a forecast" in key_findings(steep, "Steepborough")[0]
    ccn = {**base, "cla_base": 26_732, "cla_horizon_do_nothing": 29_400}
    assert trend_caution(ccn) == ""
    assert "forecast" not in key_findings(ccn, "CCN")[0]
    doubling = {**base, "cla_base": 100, "cla_horizon_do_nothing": 284}
    assert trend_caution(doubling).startswith("A 184% rise")
