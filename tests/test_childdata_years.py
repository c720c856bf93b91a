"""Charts and sentences only over the years the child-level data cover (issue 13, part 4).

A one-year return holds every episode open at some time in its collection year, so its earliest
DECOM can be years before the year it covers. The children-in-care trend (ctx02, and its chart)
must start at the 31 March that opens the first complete year, not at the first DECOM.
"""

from __future__ import annotations

import pandas as pd

from analysis.config.childdata import MeasureParams
from analysis.evidence.measures.run import compute, compute_all
from analysis.inputs.childdata.load import load_child_data
from analysis.present.figures.evidence import ctx_cla_trend

EP_COLS = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC"


def one_year_return(folder) -> None:
    """The 2017-18 return: 40 children in care at 31 March 2017 (started 2012-2016), 20 of whom leave
    during the year, and 10 who start during it. Only 40 -> 30 is covered; before 2017 the return
    holds only the children who were still in care on 1 April 2017."""
    folder.mkdir(parents=True, exist_ok=True)
    header, eps = ["CHILD,SEX,DOB,ETHNIC"], [EP_COLS]
    for i in range(50):
        header.append(f"{100 + i},{1 + i % 2},01/01/2008,WBRI")
    for i in range(40):
        decom = f"01/{1 + i % 12:02d}/{2012 + i % 5}"
        dec, rec = (f"{3 + i % 20:02d}/04/2017", "E4A") if i < 20 else ("", "")
        if i < 20 and i % 2:
            dec = f"15/{5 + i % 8:02d}/2017"
        eps.append(f"{100 + i},{decom},S,C2,N1,U1,PR1,{dec},{rec}")
    for i in range(40, 50):
        eps.append(f"{100 + i},{1 + i % 28:02d}/{(i % 3) + 1:02d}/2018,S,C2,N1,U1,PR1,,")
    (folder / "header.csv").write_text("\n".join(header) + "\n")
    (folder / "episodes.csv").write_text("\n".join(eps) + "\n")


def test_cla_trend_starts_at_the_first_complete_year(tmp_path):
    one_year_return(tmp_path / "r")
    data = load_child_data(tmp_path / "r")
    assert data.episodes["DECOM"].min().year == 2012  # years before the collection year
    assert data.summary.data["complete_years"] == [2018]

    raw = compute(data, "ctx02", MeasureParams(base_year=2018))
    assert raw.set_index("year")["count"].to_dict() == {2017: 40, 2018: 30}  # the summary's cla_31_march
    assert data.summary.data["cla_31_march"] == {2017: 40, 2018: 30}

    d = compute_all(data, params=MeasureParams(base_year=2018), ids=["ctx02"])["ctx02"]
    assert isinstance(d, pd.DataFrame) and list(d["year"]) == [2017, 2018]
    fig = ctx_cla_trend(d, "Testshire")
    assert list(fig.data["Year"]) == [2017, 2018]
    assert "2017 to 2018" in fig.caption and "40 to 30" in fig.caption and "-25%" in fig.caption
    assert "falling" in fig.alt or "fell" in fig.alt
    for y in range(2012, 2017):
        assert str(y) not in fig.caption and str(y) not in fig.alt


def test_cla_trend_with_one_year_and_a_suppressed_year():
    one = ctx_cla_trend(pd.DataFrame({"year": [2018], "count": [30.0], "suppressed": [False]}), "Testshire")
    assert "31 March 2018" in one.caption and "30" in one.caption and "nan" not in one.caption
    gap = ctx_cla_trend(
        pd.DataFrame({"year": [2017, 2018], "count": [float("nan"), 30.0], "suppressed": [True, False]}), "T"
    )
    assert "nan" not in gap.caption.lower() and "suppressed" in gap.caption and "2017" in gap.caption
