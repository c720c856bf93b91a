"""Every number a build computes matches the frozen golden files (see tests/goldens.py).

A change that moves a number must regenerate them on purpose (``make golden``) and say why in its
commit message.
"""

from __future__ import annotations

import copy

import goldens
import pytest


@pytest.fixture(scope="module")
def computed(tmp_path_factory):
    # comparators and Kent's history come from the public data: the publisher folder when configured,
    # else the extract shipped with the package (which must give the same numbers, see test_public_extract)
    cache: dict[str, dict[str, str]] = {}

    def get(variant: str) -> dict[str, str]:
        if variant not in cache:
            cache[variant] = goldens.canonical(goldens.compute(variant, tmp_path_factory.mktemp(variant)))
        return cache[variant]

    return get


@pytest.mark.parametrize("variant", list(goldens.VARIANTS))
def test_results_match_golden_files(computed, variant):
    golden = goldens.read_golden(variant)
    assert golden, f"no golden files for {variant}: run `make golden`"
    diffs = goldens.compare(golden, computed(variant))
    assert not diffs, (
        f"{len(diffs)} results differ from tests/golden/{variant} "
        "(if on purpose: `make golden` and say why in the commit):\n" + "\n".join(diffs[:50])
    )


def test_golden_files_cover_model_and_evidence():
    files = goldens.read_golden("ccn-report")
    for name in [
        "model/series.csv",
        "model/headline.json",
        "model/fit.csv",
        "model/uncertainty.csv",
        "model/breakeven_distribution.csv",
        "sensitivity.json",
        "reproduction.json",
        "evidence/index.json",
        "evidence/fig05.csv",
    ]:
        assert name in files, name
    assert "history.csv" in goldens.read_golden("la-886-kent")


def test_comparison_catches_a_small_change():
    golden = goldens.read_golden("ccn-report")
    moved = copy.deepcopy(golden)
    lines = moved["model/series.csv"].splitlines()
    cells = lines[1].split(",")
    cells[-1] = repr(float(cells[-1]) * (1 + 1e-7))
    lines[1] = ",".join(cells)
    moved["model/series.csv"] = "\n".join(lines) + "\n"
    diffs = goldens.compare(golden, moved)
    assert len(diffs) == 1 and "model/series.csv[1][3]" in diffs[0]
    # below the tolerance is not a change
    cells[-1] = repr(float(golden["model/series.csv"].splitlines()[1].split(",")[-1]) * (1 + 1e-12))
    lines[1] = ",".join(cells)
    moved["model/series.csv"] = "\n".join(lines) + "\n"
    assert goldens.compare(golden, moved) == []
