"""What the published report says about itself reaches the chapters from one data file (issue 17,
part 7): evidence base, caveats, scope exclusions (UASC), funding, case studies and references."""

from analysis.present.context import published_report


def test_published_report_facts():
    pr = published_report()
    e = pr["evidence"]
    assert (e["data_councils"], e["fieldwork_areas"], e["case_reviews"]) == (9, 5, 100)
    assert any("unaccompanied asylum-seeking" in x for x in pr["exclusions"])
    assert pr["funding"]["prevention_grant_end"] == "2028/29"
    assert [c["shift"] for c in pr["case_studies"]] == [1, 4, 5]
    assert all(c["where"].startswith("section 3") for c in pr["case_studies"])
    assert len(pr["references"]) >= 5 and all(r["text"] for r in pr["references"])
    assert set(pr["caveats"]) == {"hindsight", "right_outcome", "scaled_down", "baseline"}
