"""Without child-level data the shift chapters show the published report's figure as a labelled
benchmark and name the council's own tables that would draw the chart (issue 17, part 8)."""

import re
from types import SimpleNamespace

import pandas as pd
import pytest

from analysis.evidence.measures.base import Unavailable
from analysis.evidence.measures.registry import MEASURES
from analysis.present import benchmarks as bm
from analysis.results.evidence import EvidenceStore, write_evidence


@pytest.fixture(autouse=True)
def _new_page():
    """Each test is a page of its own (notes given once per page)."""
    from analysis.present.context import new_page

    new_page()
    yield


def _ctx(tmp_path, source="none", available=(), reason="no child-level data (child_data.source is 'none')"):
    results = {
        mid: (
            pd.DataFrame({"category": ["a"], "count": [10], "base": [20], "share": [0.5]})
            if mid in available
            else Unavailable(reason)
        )
        for mid in MEASURES
    }
    write_evidence(results, MEASURES, tmp_path)
    return SimpleNamespace(
        evidence=EvidenceStore(tmp_path),
        params=SimpleNamespace(child_data=SimpleNamespace(source=source)),
        area_md="Rutland",
    )


def _plain(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)


def test_benchmark_is_labelled_as_the_published_figure_not_the_councils(tmp_path):
    text = _plain(bm.benchmark_text(_ctx(tmp_path), "fig01", "s1_parental"))
    assert "not for Rutland" in text and "published report" in text
    assert "81% had a parental need present" in text
    assert "Figure 1 (report section 3, system shift 1" in text
    assert "nine councils of the programme's data phase" in text
    assert "SSDA903 episodes and CIN census assessments" in text
    assert "data-quality.html" in text


def test_case_review_measures_name_the_case_reviews_and_national_ones_their_report(tmp_path):
    ctx = _ctx(tmp_path)
    first = bm.benchmark_text(ctx, "fig04")
    assert "cases practitioners reviewed" in first and "case-review table" in first
    # the same tables again on the same page are referred to, not listed twice
    again = bm.benchmark_text(ctx, "fig04")
    assert "case-review table" not in again and "the same tables" in again
    reentry = _plain(bm.benchmark_text(ctx, "s5_reentry"))
    assert "Home Again" in reentry and "England as a whole" in reentry


def test_nothing_when_the_chart_was_drawn(tmp_path):
    ctx = _ctx(tmp_path, source="synthetic", available=("fig01",))
    assert bm.benchmark_text(ctx, "fig01") == ""


def test_no_tables_named_when_the_data_were_there_but_did_not_allow_it(tmp_path):
    ctx = _ctx(tmp_path, source="/some/folder", reason="no entrant had an assessment in the months before entry")
    text = bm.benchmark_text(ctx, "fig01")
    assert "not for Rutland" in text and "needs Rutland" not in text


def test_every_shift_measure_with_a_published_value_has_a_benchmark(tmp_path):
    ctx = _ctx(tmp_path)
    for mid, spec in MEASURES.items():
        if spec.published and spec.section.startswith(("shift", "impact")) and mid != "fig23":
            text = bm.benchmark_text(ctx, mid)
            assert "Benchmark" in text and "GBP" not in text, mid
            assert bm.tables_needed(mid), mid


def test_one_published_sentence_for_a_chart_of_two_measures(tmp_path):
    ctx = _ctx(tmp_path, source="synthetic", available=("fig07", "fig08"))
    s = _plain(bm.published_sentence(ctx.evidence, "fig07", "fig08"))
    assert s.count("The published report found:") == 1
    assert "Less than a third" in s and "22%" in s
