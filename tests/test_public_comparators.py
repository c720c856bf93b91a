"""Comparators and deprivation profiles on the real public data (skipped if absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.common.errors import InputError
from analysis.inputs.public import comparators, deprivation_profile, imd_decile_lookup

pytestmark = pytest.mark.public

REPO = Path(__file__).resolve().parents[1]


from conftest import require_public_dir as _public_dir  # noqa: E402


@pytest.fixture(scope="module")
def pub() -> Path:
    return _public_dir()


def test_comparators_2025(pub):
    c = comparators(2025, pub)
    assert len(c) == 153 and c["dfe_code"].is_unique
    for col in (
        "dfe_code",
        "name",
        "region",
        "cla_rate_per_10k",
        "entry_rate_per_10k",
        "spend_per_child",
        "share_returned_home",
    ):
        assert col in c.columns
    k = c.set_index("name").loc["Kent"]
    assert k["cla_rate_per_10k"] == pytest.approx(1896 / 355390 * 1e4)
    assert k["entry_rate_per_10k"] == pytest.approx(3226 / 355390 * 1e4)
    assert k["spend_per_child"] == pytest.approx(216_989_818 / 1896)
    assert k["share_returned_home"] == pytest.approx((135 + 34) / 3311)
    assert k["region"] == "South East"
    # Most councils have every measure; the exceptions are explained in notes.
    assert c["cla_rate_per_10k"].notna().sum() >= 150
    assert c["spend_per_child"].notna().sum() >= 145
    assert c["share_returned_home_planned"].notna().sum() >= 140
    assert any("share_returned_home" in n for n in c.attrs["notes"])
    ranks = c["rank_cla_rate"].dropna()
    assert ranks.min() == 1 and ranks.max() <= 153
    assert c.groupby("region")["rank_cla_rate_in_region"].min().eq(1).all()
    assert c["region"].nunique() == 9


def test_comparators_other_year_and_bad_year(pub):
    c = comparators(2019, pub)
    assert (c["year"] == 2019).all()
    cum = c.set_index("name").loc["Cumberland"]
    assert bool(cum["from_predecessors"]) and cum["cla"] > 0
    with pytest.raises(InputError):
        comparators(2030, pub)


def test_deprivation_profile(pub):
    d = deprivation_profile("Kent", pub)
    assert d["imd_decile"].tolist() == list(range(1, 11))
    assert d["share_lsoa"].sum() == pytest.approx(1.0)
    assert d["england_share_lsoa"].sum() == pytest.approx(1.0)
    assert d.attrs["n_lsoa"] == d["n_lsoa"].sum() > 800
    assert any("not population-weighted" in n for n in d.attrs["notes"])
    # Every LSOA belongs to exactly one of the 153 councils.
    from analysis.inputs.public import list_councils

    total = sum(deprivation_profile(c, pub).attrs["n_lsoa"] for c in list_councils(pub))
    assert total == 33_755
    # A deprived city has far more LSOAs in decile 1 than an affluent county.
    mid = deprivation_profile("Middlesbrough", pub).set_index("imd_decile")
    sur = deprivation_profile("Surrey", pub).set_index("imd_decile")
    assert mid.loc[1, "share_lsoa"] > 0.3 > sur.loc[1, "share_lsoa"]


def test_imd_decile_lookup(pub):
    lk = imd_decile_lookup(pub)
    assert list(lk.columns) == ["lsoa21cd", "imd_decile"]
    assert len(lk) == 33_755 and lk["lsoa21cd"].is_unique
    assert set(lk["imd_decile"]) == set(range(1, 11))
    assert lk.set_index("lsoa21cd").loc["E01000001", "imd_decile"] == 8
