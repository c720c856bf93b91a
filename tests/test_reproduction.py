"""The published targets are reproduced within tolerance, from params through the model."""

import pytest

from analysis.model import ModelParams, check, load_inconsistencies, load_targets, run
from analysis.model.reproduction import TARGETS_FILE


@pytest.fixture(scope="module")
def ccn():
    return run(ModelParams(), uncertainty=False)


@pytest.fixture(scope="module")
def pop500k():
    return run(ModelParams.model_validate({"scaling": {"target_population": 500_000}}), uncertainty=False)


def test_targets_file_is_in_the_repository():
    assert TARGETS_FILE.exists()
    assert TARGETS_FILE.parts[-3:] == ("analysis", "resources", "targets.yml")


def test_every_target_is_typed():
    t = load_targets()
    assert set(t["variant"]) == {"ccn-report", "pop-500k"}
    ccn_keys = {
        "cla_2035_do_nothing",
        "entries_fewer_per_year",
        "exits_fewer_entries_only_per_year",
        "exits_extra_per_year",
        "spend_2025",
        "overspend_2025",
        "spend_2035_do_nothing",
        "spend_2035_full",
        "budget_2035",
        "cumulative_benefit_full",
        "cumulative_benefit_half",
        "cumulative_overspend_do_nothing",
        "break_even_year_full",
        "cumulative_overspend_full",
        "break_even_year_half",
        "cumulative_overspend_half",
        "parents_supported_per_year",
    }
    assert set(t.loc[t["variant"] == "ccn-report", "key"]) == ccn_keys
    assert set(t.loc[t["variant"] == "pop-500k", "key"]) == {
        "spend_2025",
        "spend_2035_do_nothing",
        "spend_2035_full",
        "cumulative_benefit_full",
        "overspend_2025",
        "cumulative_overspend_full",
        "break_even_year_full",
    }
    assert t["source"].str.len().min() > 0


@pytest.mark.parametrize("variant", ["ccn-report", "pop-500k"])
def test_headline_has_every_target_key(variant, ccn, pop500k):
    h = (ccn if variant == "ccn-report" else pop500k).headline
    for key in load_targets(variant)["key"]:
        assert key in h, key


def test_ccn_report_reproduced_within_tolerance(ccn):
    table = check(ccn.headline, "ccn-report")
    assert list(table.columns[:7]) == [
        "key",
        "description",
        "published",
        "computed",
        "difference",
        "tolerance",
        "within",
    ]
    bad = table[~table["within"]]
    assert bad.empty, bad[["key", "published", "computed", "tolerance"]].to_string()


def test_pop_500k_reproduced_within_tolerance(pop500k):
    table = check(pop500k.headline, "pop-500k")
    bad = table[~table["within"]]
    assert bad.empty, bad[["key", "published", "computed", "tolerance"]].to_string()


def test_break_even_years_exact(ccn, pop500k):
    assert ccn.headline["break_even_year_full"] == 2033
    assert ccn.headline["break_even_year_half"] is None
    assert pop500k.headline["break_even_year_full"] == 2033


def test_check_flags_a_miss():
    h = {"cla_2035_do_nothing": 31_000, "break_even_year_full": 2034, "break_even_year_half": None}
    table = check(h, "ccn-report").set_index("key")
    assert not table.loc["cla_2035_do_nothing", "within"]
    assert not table.loc["break_even_year_full", "within"]
    assert table.loc["break_even_year_half", "within"]
    assert not table.loc["spend_2025", "within"]  # missing key


def test_reproduction_is_derived_not_hard_coded():
    # a different published start gives a different reproduction: nothing is pinned to the targets
    other = run(ModelParams.model_validate({"published": {"spend_base": 3.5e9}}), uncertainty=False)
    assert other.headline["spend_2025"] == pytest.approx(3.5e9)
    assert other.headline["spend_2035_full"] != pytest.approx(3.77e9, rel=1e-3)


def test_scaled_run_is_pro_rata(ccn, pop500k):
    f = 500_000 / 27_000_000
    assert pop500k.headline["scale_factor"] == pytest.approx(f)
    for k in ("spend_2025", "spend_2035_full", "cumulative_benefit_full", "cla_2035_do_nothing"):
        assert pop500k.headline[k] == pytest.approx(ccn.headline[k] * f)


def test_inconsistencies_are_structured():
    inc = load_inconsistencies()
    assert list(inc.columns) == ["topic", "statement_a", "location_a", "statement_b", "location_b"]
    assert len(inc) >= 7
    assert not inc.isna().any().any()
    topics = " ".join(inc["topic"]).lower()
    for word in ("benefit", "exits", "2024/25", "children in care"):
        assert word in topics
