"""The reproduction check says how close each figure is, not only whether it is inside its band
(issue 17, part 5): the 2024/25 overspend is listed with its difference, the spend rise 2016-2025 has
one definition, and figures matched by construction are told apart from the model's own checks."""

import pytest

from analysis.model import ModelParams, check, load_inconsistencies, run
from analysis.model.reproduction import CLOSE, closeness, spend_rise, summary


@pytest.fixture(scope="module")
def table():
    return check(run(ModelParams(), uncertainty=False).headline, "ccn-report")


def test_overspend_2024_25_is_listed_with_its_difference(table):
    r = table.set_index("key").loc["overspend_2025"]
    assert r["published"] == 550_000_000
    assert r["computed"] == pytest.approx(570_000_000)
    assert r["difference"] == pytest.approx(20_000_000)
    assert r["relative_difference"] == pytest.approx(20 / 550)
    assert r["within"] and r["role"] == "input"
    assert r["closeness"] == "wide band"  # 3.6% off: inside ±5%, not close


def test_spend_rise_has_one_definition():
    sr = spend_rise()
    assert sr["rise"] == pytest.approx(3.27 / 1.3 - 1)
    assert f"{sr['rise']:.0%}" == "152%"
    assert "£3.27bn" in sr["definition"] and "£1.3bn" in sr["definition"]
    inc = load_inconsistencies()
    row = inc[inc["topic"].str.startswith("Spend growth")].iloc[0]
    assert "152%" in row["statement_b"] and "146%" not in " ".join(inc["statement_b"])
    # the rise follows the params, not a typed number
    other = spend_rise(ModelParams.model_validate({"published": {"spend_base": 2.6e9}}).published)
    assert f"{other['rise']:.0%}" == "100%"


def test_no_internal_names_or_gbp_in_the_inconsistencies():
    text = load_inconsistencies().to_string()
    assert "GBP" not in text and ".md" not in text and "issue #" not in text.lower()


def test_every_row_has_a_relative_difference_band_and_closeness(table):
    assert {"role", "relative_difference", "band", "closeness"} <= set(table.columns)
    assert set(table["closeness"]) <= {"exact", "close", "wide band", "outside"}
    t = table.set_index("key")
    assert t.loc["cumulative_overspend_full", "band"] == pytest.approx(0.12)
    assert t.loc["cumulative_overspend_full", "closeness"] == "wide band"
    assert t.loc["cumulative_benefit_full", "closeness"] == "close"
    assert t.loc["break_even_year_full", "closeness"] == "exact"
    assert t.loc["cla_2035_do_nothing", "role"] == "calibrated"


def test_summary_separates_construction_from_checks(table):
    s = summary(table)
    assert s["n"] == len(table) == 17
    assert s["within"] == 17
    assert s["by_construction"] == 6  # spend and overspend 2024/25; four calibration targets
    assert s["checks"] == 11
    assert s["checks_close"] + s["checks_wide"] + s["checks_outside"] == s["checks"]
    assert s["checks_wide"] >= 3 and s["widest_band"] == pytest.approx(35 / 255)  # 225 to 290 around 255


def test_closeness_rules():
    assert closeness(False, False, 0.0, 1, 1) == "outside"
    assert closeness(True, False, CLOSE, 1, 1) == "close"
    assert closeness(True, False, CLOSE + 0.001, 1, 1) == "wide band"
    assert closeness(True, True, None, None, None) == "exact"
