"""Child-level data as councils deliver it (issue 13): layouts of returns, the DfE XML, the
documented repairs, and the shared SSDA903 sample read as delivered.

The round trips write one synthetic dataset in every layout (``p2r synth --layout``) and check
that every evidence measure computed from it is the same as from the one-return folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pytest

from analysis.cli.main import main
from analysis.common.errors import InputError
from analysis.config.childdata import ChildDataParams, MeasureParams
from analysis.evidence.measures.run import compute_all
from analysis.inputs.childdata.load import ChildDataError, load_child_data
from analysis.inputs.childdata.synth import write
from analysis.inputs.childdata.synth.identifiers import canary_strings
from analysis.inputs.childdata.synth.returns import LAYOUTS

REPO = Path(__file__).resolve().parents[1]
SAMPLE = (REPO / ".." / "shared" / "data" / "ssda903-samples" / "sf-cs-demand-model-regional").resolve()
SIZE = dict(n_entrants_per_year=40, population_0_17=20_000, n_case_reviews=30)


def require_sample() -> Path:
    if not (SAMPLE / "episodes.csv").is_file():
        msg = f"shared SSDA903 sample not found at {SAMPLE}"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return SAMPLE


def _measures(data) -> dict[str, object]:
    out = {}
    for k, v in compute_all(data, params=MeasureParams()).items():
        out[k] = v.to_csv(index=False) if isinstance(v, pd.DataFrame) else repr(v)
    return out


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    folder = write(5, tmp_path_factory.mktemp("one"), **SIZE)
    return _measures(load_child_data(folder))


@pytest.mark.parametrize("layout", [x for x in LAYOUTS if x != "one"])
def test_every_layout_gives_the_same_measures(layout, reference, tmp_path):
    folder = write(5, tmp_path / layout, layout=layout, **SIZE)
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    if layout == "per-year-folders":
        assert any("/" in f for f in files)
    if layout == "xml":
        assert any(f.endswith("-cin.xml") for f in files) and any(f.endswith("-ssda903.xml") for f in files)
        assert "LAchildID" in next(folder.glob("*-cin.xml")).read_text()
    d = load_child_data(folder)
    got = _measures(d)
    assert got.keys() == reference.keys()
    differ = [k for k in reference if got[k] != reference[k]]
    assert not differ, f"{layout}: measures differ: {differ}"
    if layout != "stacked":
        assert len(d.summary.files["episodes"]) > 3  # really read as several returns
    assert {r.rule for r in d.summary.repairs} <= {"latest-return-wins"}


def test_cin_census_xml_by_dfe_element_names(tmp_path):
    (tmp_path / "cin.xml").write_text(
        """<?xml version="1.0"?>
<Message xmlns="http://www.example.org/cin"><Children><Child>
 <ChildIdentifiers><LAchildID>A1</LAchildID><UPN>A123456789012</UPN></ChildIdentifiers>
 <CINdetails><CINreferralDate>2023-05-02</CINreferralDate><ReferralSource>1A</ReferralSource>
  <PrimaryNeedCode>N1</PrimaryNeedCode>
  <Assessments><AssessmentActualStartDate>2023-05-03</AssessmentActualStartDate>
   <AssessmentAuthorisationDate>2023-06-01</AssessmentAuthorisationDate>
   <FactorsIdentifiedAtAssessment><AssessmentFactors>4B</AssessmentFactors>
    <AssessmentFactors>3B</AssessmentFactors></FactorsIdentifiedAtAssessment></Assessments>
  <CINPlanDates><CINPlanStartDate>2023-06-05</CINPlanStartDate></CINPlanDates>
  <ChildProtectionPlans><CPPstartDate>2023-07-01</CPPstartDate><CPPendDate>2024-01-10</CPPendDate>
   <InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse></ChildProtectionPlans>
 </CINdetails></Child></Children></Message>
""",
        encoding="utf-8",
    )
    d = load_child_data(tmp_path)
    assert d.referrals["REFERRAL_DATE"].iloc[0] == pd.Timestamp(2023, 5, 2)
    assert d.referrals["REFERRAL_SOURCE"].iloc[0] == "1A"
    assert d.assessments["ASSESSMENT_DATE"].iloc[0] == pd.Timestamp(2023, 6, 1)  # authorisation date first
    assert set(d.assessments["FACTORS"].iloc[0].split(";")) == {"4B", "3B"}
    assert d.cin_plans["START"].iloc[0] == pd.Timestamp(2023, 6, 5) and pd.isna(d.cin_plans["END"].iloc[0])
    assert d.cp_plans["END"].iloc[0] == pd.Timestamp(2024, 1, 10) and d.cp_plans["CHILD"].iloc[0] == "A1"


def test_cin_extract_with_census_item_names_as_columns(tmp_path):
    (tmp_path / "referrals.csv").write_text("LAchildID,CINreferralDate,ReferralSource\nB2,01/02/2024,5A\n")
    d = load_child_data(tmp_path)
    assert list(d.referrals.columns) == ["CHILD", "REFERRAL_DATE", "REFERRAL_SOURCE"]


@pytest.mark.parametrize(
    "text, where",
    [
        ("<Message><Children><Child><LAchildID>1</LAchildID></Child></Message>", "/Message/Children"),
        ("<SSDA903><CHILD><HEADER><CHILDID>1</CHILDID></HEADER>", "/SSDA903/CHILD"),
    ],
)
def test_malformed_xml_names_file_and_element_path(tmp_path, text, where, capsys):
    (tmp_path / "2021-cin.xml").write_text(text)
    with pytest.raises(InputError) as e:
        load_child_data(tmp_path)
    msg = str(e.value)
    assert "2021-cin.xml" in msg and where in msg and "not well-formed" in msg and "export" in msg.lower()


def test_xml_with_doctype_is_refused(tmp_path):
    bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><SSDA903><CHILD>&a;</CHILD></SSDA903>'
    (tmp_path / "r.xml").write_text(bomb)
    with pytest.raises(InputError, match="document type declaration"):
        load_child_data(tmp_path)


def test_stacked_returns_latest_wins_and_uasc_table(tmp_path):
    (tmp_path / "header.csv").write_text(
        "CHILD,SEX,DOB,ETHNIC,YEAR\n7,1,2010-01-01,WBRI,2020\n7,2,2010-01-01,WBRI,2021\n8,1,2011-01-01,WBRI,2021\n"
    )
    (tmp_path / "episodes.csv").write_text(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,YEAR\n"
        "7,2019-06-01,S,C2,N1,U1,PR1,,X1,2020\n"  # open in 2020's return, carrying X1
        "7,2019-06-01,S,C2,N1,U1,PR1,2020-08-01,E4A,2021\n"  # closed in 2021's
        "8,2020-05-01,S,C2,N1,U1,PR1,,,2021\n"
        "9,2020-05-01,S,C2,N1,U1,PR1,,,2021\n"  # no header row
    )
    (tmp_path / "uasc.csv").write_text("CHILD,SEX,DOB,DUC,YEAR\n8,1,2011-01-01,2029-01-01,2021\n")
    d = load_child_data(tmp_path)
    assert d.header.set_index("CHILD").loc["7", "SEX"] == "2"  # the 2021 return wins
    ep = d.episodes.set_index("CHILD")
    assert ep.loc["7", "REC"] == "E4A" and len(d.episodes) == 3
    assert dict(zip(d.header["CHILD"], d.header["UASC"])) == {"7": False, "8": True}
    rules = {(r.rule, r.file, tuple(r.rows)) for r in d.summary.repairs}
    assert ("latest-return-wins", "header.csv", (2,)) in rules
    assert ("latest-return-wins", "episodes.csv", (2,)) in rules
    assert ("no-header-row", "episodes.csv", (5,)) in rules
    with pytest.raises(ChildDataError) as e:
        load_child_data(tmp_path, ChildDataParams(strict=True))
    assert {"latest-return-wins", "no-header-row"} <= {
        p.message.split("'")[1] for p in e.value.problems if "would repair" in p.message
    }


def test_messages_never_quote_identifying_values(tmp_path):
    (tmp_path / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN\nZQX991,1,31/02/2010,WBRI,BADUPNZQX\n")
    (tmp_path / "episodes.csv").write_text(
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,HOME_POST\nZQX992,01/01/2020,S,C2,N1,U1,PR1,,,ZQ9 9ZQ?\n"
    )
    with pytest.raises(InputError) as e:
        load_child_data(tmp_path)
    text = str(e.value)
    assert "UPN" in text and "HOME_POST" in text and "DOB" in text
    for secret in ("ZQX991", "ZQX992", "BADUPNZQX", "31/02/2010", "ZQ9 9ZQ"):
        assert secret not in text


def test_old_date_of_birth_is_a_warning(tmp_path):
    (tmp_path / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC\n1,1,01/01/1900,WBRI\n")
    d = load_child_data(tmp_path)
    assert any("before 1990" in w.message and w.rows == [2] for w in d.summary.warnings)


def test_year_named_files_are_one_series(tmp_path):
    ep = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n"
    (tmp_path / "2017-episodes.csv").write_text(ep + "1,2016-06-01,S,C2,N1,U1,PR1,,\n")
    (tmp_path / "2018-episodes.csv").write_text(ep + "1,2016-06-01,S,C2,N1,U1,PR1,2017-09-01,E4A\n")
    d = load_child_data(tmp_path)
    assert len(d.episodes) == 1 and d.episodes["DEC"].iloc[0] == pd.Timestamp(2017, 9, 1)
    assert d.summary.files["episodes"] == ["2017-episodes.csv", "2018-episodes.csv"]


# ---------------------------------------------------------------- the shared sample, as delivered

EXPECTED = {2017: 628, 2018: 545, 2019: 339, 2020: 214, 2021: 140}


def test_shared_sample_counts_match_the_field():
    d = load_child_data(require_sample())
    s = d.summary.data
    assert s["short_breaks"] == "included"
    assert {y: s["cla_31_march"][y] for y in EXPECTED} == EXPECTED
    excl = s["excluding_short_breaks"]["cla_31_march"]
    assert all(excl[y] < EXPECTED[y] for y in EXPECTED)
    assert d.header["UASC"].any()  # read from the SSDA903 UASC table
    assert {r.rule for r in d.summary.repairs} == {
        "latest-return-wins",
        "repeated-row",
        "overlap-closed",
        "open-reason-cleared",
        "no-header-row",
    }


def test_shared_sample_strict_is_refused_naming_every_repair():
    with pytest.raises(ChildDataError) as e:
        load_child_data(require_sample(), ChildDataParams(strict=True))
    named = {p.message.split("'")[1] for p in e.value.problems if "would repair" in p.message}
    assert named == {r.rule for r in e.value.summary.repairs} and len(named) == 5


def test_validate_json_summary(tmp_path, capsys):
    src = require_sample()
    params = tmp_path / "p.yml"
    params.write_text(
        f"extends: {REPO / 'params' / 'ccn-report.yml'}\nchild_data:\n  source: {src}\n"
        "model:\n  baseline:\n    hazard_source: params\n"
    )
    assert main(["validate", str(params), "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    s = obj["child_data"]["summary"]
    assert {int(y): n for y, n in s["cla_31_march"].items() if int(y) in EXPECTED} == EXPECTED
    assert set(s) >= {"cla_31_march", "starts", "ceases", "complete_years"}
    assert "not" in obj["for"] and "publish" in obj["for"]
    assert obj["child_data"]["repairs"] and obj["valid"] is True
    assert main(["validate", str(params)]) == 0
    out = capsys.readouterr().out
    assert "overlap-closed" in out and "Warnings" in out and "628 (534)" in out


def test_canary_identifiers_stay_out_of_validate_output(tmp_path, capsys):
    folder = write(3, tmp_path / "c", canary=True, layout="stacked", **SIZE)
    params = tmp_path / "p.yml"
    params.write_text(
        f"extends: {REPO / 'params' / 'ccn-report.yml'}\nchild_data:\n  source: {folder}\n"
        "model:\n  baseline:\n    hazard_source: params\n"
    )
    assert main(["validate", str(params)]) == 0
    out = capsys.readouterr().out
    from analysis.inputs.childdata.synth import generate

    assert not [c for c in canary_strings(generate(3, canary=True, **SIZE)) if c in out]


def test_params_strict_reaches_the_build():
    """child_data.strict in a params file applies to builds and `p2r validate` (it was once ignored)."""
    from analysis.config.report import load_params
    from analysis.inputs.childdata.load import ChildDataError
    from analysis.pipeline.inputs import load_child_level

    folder = require_sample()
    base = REPO / "params" / "demo-shire.yml"
    strict = load_params(base, {"child_data": {"source": str(folder), "strict": True}})
    with pytest.raises(ChildDataError) as e:
        load_child_level(strict)
    assert "overlap-closed" in str(e.value) and "strict" in str(e.value)
    lenient = load_params(base, {"child_data": {"source": str(folder), "strict": False}})
    child = load_child_level(lenient)
    assert child.data is not None and any(f.name == "uasc.csv" for f in child.files)


def test_excel_workbooks_give_the_same_measures(reference, tmp_path):
    """Every table saved as an .xlsx workbook (dates as Excel dates, numbers as numbers) reads back to
    the same measures as the CSV files."""
    import csv as _csv
    import datetime as _dt

    import openpyxl

    src = write(5, tmp_path / "csv", **SIZE)
    xl = tmp_path / "xlsx"
    xl.mkdir()
    for f in src.glob("*.csv"):
        wb = openpyxl.Workbook()
        ws = wb.active
        with f.open(encoding="utf-8-sig", newline="") as fh:
            for i, row in enumerate(_csv.reader(fh)):
                cells: list[object] = []
                for v in row:
                    if i and len(v) == 10 and v[2] == "/" and v[5] == "/":
                        cells.append(_dt.datetime.strptime(v, "%d/%m/%Y"))  # a real Excel date
                    elif i and v.isdigit() and not v.startswith("0"):
                        cells.append(int(v))
                    else:
                        cells.append(v)
                ws.append(cells)
        wb.save(xl / (f.stem + ".xlsx"))
    got = _measures(load_child_data(xl))
    differ = [k for k in reference if got[k] != reference[k]]
    assert not differ, f"measures differ: {differ}"


def test_old_xls_is_refused_with_a_clear_message(tmp_path):
    (tmp_path / "episodes.xls").write_bytes(b"\xd0\xcf\x11\xe0legacy")
    with pytest.raises(InputError) as e:
        load_child_data(tmp_path)
    assert ".xls" in str(e.value) and "xlsx" in str(e.value)


def test_fifo_in_the_folder_is_refused_not_read(tmp_path):
    import os as _os

    folder = write(5, tmp_path / "x", **SIZE)
    (folder / "cp_plans.csv").unlink(missing_ok=True)
    _os.mkfifo(folder / "cp_plans.csv")  # would block for ever if it were opened
    d = load_child_data(folder)
    assert any("not a regular file" in w.message and w.file == "cp_plans.csv" for w in d.summary.warnings)
