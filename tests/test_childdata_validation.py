"""Loading and validating a council's child-level CSV files.

Every kind of problem is written to its own small file; the error must name the file,
the column and the spreadsheet row (header = row 1), and the loader must collect every
problem before failing.  Hypothesis fuzzes the CSV reader: arbitrary bytes or rows give
either data or an InputError, never another exception.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.common.errors import InputError
from analysis.config.childdata import ChildDataParams
from analysis.inputs.childdata.contracts import TABLES, data_dictionary, data_dictionary_markdown, pandera_schema
from analysis.inputs.childdata.load import ChildData, load_child_data, load_table

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN\n1001,1,01/02/2015,WBRI,\n1002,2,2012-07-30,AIND,\n"
EPISODES = (
    "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n"
    "1001,01/04/2020,S,C1,N1,U6,PR1,01/09/2020,X1\n"
    "1001,01/09/2020,P,C2,N1,U4,PR4,,\n"
    "1002,15/03/2021,S,V2,N4,K2,PR4,20/05/2021,E4A\n"
)


def folder(tmp_path: Path, **files: str | bytes) -> Path:
    base = {"header": HEADER, "episodes": EPISODES}
    base.update(files)
    for name, content in base.items():
        if content is None:
            continue
        p = tmp_path / f"{name}.csv"
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8", newline="")
    return tmp_path


def problems(tmp_path, strict=False, **files):
    with pytest.raises(InputError) as e:
        load_child_data(folder(tmp_path, **files), ChildDataParams(strict=strict))
    return e.value


# ---------------------------------------------------------------- what must load


def test_valid_minimal_folder(tmp_path):
    d = load_child_data(folder(tmp_path))
    assert d.available("header") and d.available("episodes") and not d.available("case_review")
    assert d.episodes["DECOM"].dtype == "datetime64[ns]"
    assert d.header["DOB"].iloc[1] == pd.Timestamp(2012, 7, 30)  # ISO date
    assert d.summary.rows == {"header": 2, "episodes": 3}
    assert list(d.summary.to_frame()["table"]) == ["header", "episodes"]


def test_real_export_quirks_are_tolerated(tmp_path):
    text = (
        "\ufeff Child , sex ,DOB, Ethnic ,UPN\r\n"
        " 1001 , 1 , 1/2/2015 , wbri ,\r\n"
        "1002,2,30/07/2012 00:00:00,aind,\r\n"
        ",,,,\r\n"
    )
    d = load_child_data(folder(tmp_path, header=text))
    assert list(d.header["CHILD"]) == ["1001", "1002"]
    assert list(d.header["ETHNIC"]) == ["WBRI", "AIND"]  # lower case normalised
    assert d.header["DOB"].iloc[0] == pd.Timestamp(2015, 2, 1)


def test_windows_1252_file_is_read_with_a_warning(tmp_path):
    text = "CHILD,SEX,DOB,ETHNIC,NOTES\n1001,1,01/02/2015,WBRI,café\n1002,2,01/01/2012,AIND,\n"
    d = load_child_data(folder(tmp_path, header=text.encode("cp1252")))
    assert d.summary.encodings["header"] == "windows-1252"
    msgs = " ".join(w.message for w in d.summary.warnings)
    assert "Windows-1252" in msgs and "NOTES" in msgs  # unused column noted


def test_semicolon_delimited_file(tmp_path):
    d = load_child_data(folder(tmp_path, header=HEADER.replace(",", ";")))
    assert len(d.header) == 2
    assert any("semicolons" in w.message for w in d.summary.warnings)


def test_header_only_file_gives_empty_table_and_warning(tmp_path):
    d = load_child_data(
        folder(
            tmp_path,
            case_review="CHILD,IMPROVABLE_BEFORE,CONFIDENCE_AVOID,IMPROVABLE_AFTER,"
            "PRIMARY_NEED,PARENT_MENTAL_HEALTH,PARENT_SUBSTANCE,"
            "PARENT_DOMESTIC_ABUSE,PARENT_SERVICES,SERVICES_BEFORE,"
            "ENABLERS,VOICE,SCHOOL_PHASE,CARE_SETTING\n",
        )
    )
    assert not d.available("case_review")
    assert any("no data rows" in w.message for w in d.summary.warnings)


def test_assessments_long_format_combined(tmp_path):
    text = "CHILD,ASSESSMENT_DATE,FACTORS\n1001,01/03/2020,4b\n1001,01/03/2020,3B\n1002,01/02/2021,2B;1B\n"
    d = load_child_data(folder(tmp_path, assessments=text))
    assert sorted(d.assessments["FACTORS"]) == ["1B;2B", "3B;4B"]


# ---------------------------------------------------------------- file-level errors


def test_empty_file(tmp_path):
    e = problems(tmp_path, header="")
    assert "header.csv" in str(e) and "empty" in str(e)


def test_missing_required_column(tmp_path):
    e = problems(tmp_path, header="CHILD,SEX,ETHNIC\n1001,1,WBRI\n")
    p = e.problems[0]
    assert p.file == "header.csv" and p.column == "DOB" and "missing" in p.message


def test_not_utf8_nor_cp1252(tmp_path):
    e = problems(tmp_path, header=b"CHILD,SEX,DOB,ETHNIC\n1001,1,01/02/2015,WB\x81RI\n")
    assert "neither UTF-8 nor Windows-1252" in str(e) and "line 2" in str(e)


def test_excel_workbook_saved_as_csv(tmp_path):
    e = problems(tmp_path, header=b"PK\x03\x04rest-of-a-zip")
    assert "Excel workbook" in str(e)


def test_binary_nul_bytes(tmp_path):
    e = problems(tmp_path, header=b"CHILD,SEX\n10\x0001,1\n")
    assert "NUL" in str(e)


def test_size_guard(tmp_path):
    folder(tmp_path)
    with pytest.raises(InputError) as e:
        load_child_data(tmp_path, ChildDataParams(max_file_mb=0.00001))
    assert "too large" in str(e.value) and "max_file_mb" in str(e.value)


def test_folder_missing_or_empty(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_child_data(tmp_path / "nope")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no child-level tables"):
        load_child_data(empty)


def test_row_with_extra_values(tmp_path):
    e = problems(tmp_path, header=HEADER + "1003,1,01/01/2016,WBRI,,oops,more\n")
    p = e.problems[0]
    assert p.rows == [4] and "more values than the header" in p.message


def test_duplicate_column_names(tmp_path):
    e = problems(tmp_path, header="CHILD,SEX,DOB,ETHNIC,sex\n1001,1,01/02/2015,WBRI,1\n")
    assert any(p.column == "SEX" and "twice" in p.message for p in e.problems)


# ---------------------------------------------------------------- value errors (file, column, row, value)


def test_unparseable_date(tmp_path):
    e = problems(tmp_path, header=HEADER.replace("01/02/2015", "2015/31/31").replace("2012-07-30", "soon"))
    rendered = str(e)
    assert "header.csv" in rendered and "'DOB'" in rendered
    ps = [p for p in e.problems if p.column == "DOB"]
    rows = sorted(r for p in ps for r in p.rows)
    assert rows == [2, 3]


def test_us_style_date_gets_a_hint(tmp_path):
    e = problems(tmp_path, header=HEADER.replace("01/02/2015", "02/25/2015"))
    p = e.problems[0]
    # a date of birth identifies a child: the message names row and column, never the value
    assert p.rows == [2] and p.value is None and "month/day/year" in p.message and "02/25" not in str(e)


def test_two_digit_year_and_excel_serial(tmp_path):
    e = problems(tmp_path, header=HEADER.replace("01/02/2015", "01/02/15").replace("2012-07-30", "41000"))
    msgs = {p.message for p in e.problems}
    assert "the value is not a date" in msgs and "the date is a number (an Excel date serial)" in msgs


def test_unknown_code(tmp_path):
    e = problems(tmp_path, episodes=EPISODES.replace("U4", "U9"))
    p = e.problems[0]
    assert (p.file, p.column, list(p.rows), p.value) == ("episodes.csv", "PLACE", [3], "U9")
    assert "U1" in p.expected


def test_blank_required_value(tmp_path):
    e = problems(tmp_path, header=HEADER.replace("1002,2,2012-07-30,AIND", "1002,,2012-07-30,AIND"))
    p = e.problems[0]
    assert p.column == "SEX" and p.rows == [3] and "blank" in p.message


def test_negative_count(tmp_path):
    pop = "IMD_DECILE,POPULATION_0_17\n1,1200\n2,-40\n3,1,100\n"
    e = problems(tmp_path, population_imd=pop)
    neg = [p for p in e.problems if p.message == "negative count"]
    assert neg and neg[0].column == "POPULATION_0_17" and neg[0].rows == [3]


def test_number_out_of_range_and_not_a_number(tmp_path):
    school = "CHILD,ATTENDANCE,SEN\n1001,140,N\n1002,lots,K\n"
    e = problems(tmp_path, school=school)
    cols = {(p.column, tuple(p.rows), p.message) for p in e.problems}
    assert ("ATTENDANCE", (2,), "the value is above 100") in cols
    assert ("ATTENDANCE", (3,), "the value is not a number") in cols


def test_bad_lsoa_code(tmp_path):
    e = problems(tmp_path, home_lsoa="CHILD,LSOA21CD\n1001,E01000001\n1002,W01000004\n")
    p = e.problems[0]
    assert p.column == "LSOA21CD" and p.rows == [3] and "LSOA" in p.hint


def test_bad_multi_code(tmp_path):
    e = problems(tmp_path, assessments="CHILD,ASSESSMENT_DATE,FACTORS\n1001,01/03/2020,4B;99Z\n")
    p = e.problems[0]
    assert p.column == "FACTORS" and p.value == "99Z" and p.rows == [2]


def test_duplicate_rows(tmp_path):
    dup = EPISODES + "1002,15/03/2021,S,V2,N4,K2,PR4,20/05/2021,E4A\n"
    e = problems(tmp_path, strict=True, episodes=dup)
    p = e.problems[0]
    assert "repeated-row" in p.message and p.rows == [5] and p.file == "episodes.csv"
    d = load_child_data(folder(tmp_path, episodes=dup))  # repaired: kept once, and counted
    assert len(d.episodes) == 3
    assert [(r.rule, r.file, r.rows) for r in d.summary.repairs] == [("repeated-row", "episodes.csv", [5])]


def test_duplicate_key(tmp_path):
    e = problems(tmp_path, header=HEADER + "1001,2,01/02/2015,WBRI,\n")
    p = e.problems[0]
    assert "more than one row for the same CHILD" in p.message and p.rows == [2, 4]


# ---------------------------------------------------------------- impossible records


def test_episode_ends_before_it_starts(tmp_path):
    e = problems(tmp_path, episodes=EPISODES.replace("20/05/2021,E4A", "20/05/2020,E4A"))
    p = e.problems[0]
    assert p.column == "DEC" and p.rows == [4] and "ends before it starts" in p.message


def test_birth_after_entry(tmp_path):
    e = problems(tmp_path, header=HEADER.replace("2012-07-30", "2021-07-30"))
    p = e.problems[0]
    assert p.file == "episodes.csv" and p.rows == [4] and "date of birth" in p.message


def test_overlapping_episodes(tmp_path):
    bad = EPISODES + "1002,01/05/2021,S,V2,N4,U6,PR1,,\n"
    e = problems(tmp_path, strict=True, episodes=bad)
    p = e.problems[0]
    assert "overlap" in p.message and p.rows == [4]
    d = load_child_data(folder(tmp_path, episodes=bad))  # repaired: closed at the next start
    ep = d.episodes.set_index(["CHILD", "DECOM"])
    assert ep.loc[("1002", pd.Timestamp(2021, 3, 15)), "DEC"] == pd.Timestamp(2021, 5, 1)
    assert ep.loc[("1002", pd.Timestamp(2021, 3, 15)), "REC"] == "E4A"  # its own reason kept
    assert [(r.rule, r.rows) for r in d.summary.repairs] == [("overlap-closed", [4])]


def test_open_episode_followed_by_another(tmp_path):
    bad = EPISODES + "1001,01/01/2022,S,V2,N1,U6,PR1,,\n"
    e = problems(tmp_path, strict=True, episodes=bad)
    assert any("overlap" in p.message and p.rows == [3] for p in e.problems)
    d = load_child_data(folder(tmp_path, episodes=bad))
    closed = d.episodes[(d.episodes["CHILD"] == "1001") & (d.episodes["DECOM"] == pd.Timestamp(2020, 9, 1))]
    assert closed["DEC"].iloc[0] == pd.Timestamp(2022, 1, 1) and closed["REC"].iloc[0] == "X1"


def test_reason_without_end_date(tmp_path):
    bad = EPISODES.replace("PR4,,\n", "PR4,,E4A\n")
    e = problems(tmp_path, strict=True, episodes=bad)
    assert any("open-reason-cleared" in p.message and p.rows == [3] for p in e.problems)
    d = load_child_data(folder(tmp_path, episodes=bad))  # repaired: the episode is still open
    assert d.episodes["REC"].isna().sum() == 1 and d.episodes["DEC"].isna().sum() == 1
    assert [(r.rule, r.rows) for r in d.summary.repairs] == [("open-reason-cleared", [3])]


def test_plan_ends_before_start(tmp_path):
    e = problems(tmp_path, cp_plans="CHILD,START,END\n1001,01/03/2020,01/01/2020\n")
    p = e.problems[0]
    assert p.file == "cp_plans.csv" and p.column == "END" and p.rows == [2]


# ---------------------------------------------------------------- all problems collected


def test_every_problem_in_every_file_is_listed(tmp_path):
    header = HEADER.replace("01/02/2015", "notadate").replace("AIND", "XXXX")
    episodes = EPISODES.replace("U4", "Q1").replace("PR4,20/05", "PR9,20/05")
    e = problems(tmp_path, header=header, episodes=episodes, population_imd="IMD_DECILE,POPULATION_0_17\n11,-1\n")
    where = {(p.file, p.column) for p in e.problems}
    assert {
        ("header.csv", "DOB"),
        ("header.csv", "ETHNIC"),
        ("episodes.csv", "PLACE"),
        ("episodes.csv", "PLACE_PROVIDER"),
        ("population_imd.csv", "IMD_DECILE"),
        ("population_imd.csv", "POPULATION_0_17"),
    } <= where
    text = str(e)
    assert "problems found" in text and "nothing was used" in text


def test_from_frames_validates_too():
    frames = {"header": pd.DataFrame({"CHILD": ["1"], "SEX": ["3"], "DOB": ["01/01/2010"], "ETHNIC": ["WBRI"]})}
    with pytest.raises(InputError, match="SEX"):
        ChildData.from_frames(frames)


# ---------------------------------------------------------------- contracts and dictionary


def test_data_dictionary_covers_every_column(tmp_path):
    dd = data_dictionary()
    assert set(dd["table"]) == set(TABLES)
    assert len(dd) == sum(len(t.columns) for t in TABLES.values())
    md = data_dictionary_markdown()
    for t in TABLES.values():
        assert f"`{t.file}`" in md
    committed = Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md"
    assert committed.read_text(encoding="utf-8") == md, "regenerate: python -m analysis.inputs.childdata.contracts"


def test_pandera_schema_accepts_loaded_frames(tmp_path):
    d = load_child_data(folder(tmp_path))
    pandera_schema("episodes").validate(d.episodes)
    pandera_schema("header").validate(d.header)


# ---------------------------------------------------------------- fuzzing

_FUZZ_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)


def _load_bytes(raw: bytes, table: str):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / f"{table}.csv"
        p.write_bytes(raw)
        try:
            df = load_table(p, table)
        except InputError as e:
            assert e.problems and all(pr.message for pr in e.problems)
            return None
        assert isinstance(df, pd.DataFrame)
        return df


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from(["header", "episodes", "population_imd", "case_review"]))
def test_fuzz_arbitrary_bytes(raw, table):
    _load_bytes(raw, table)


@_FUZZ_SETTINGS
@given(st.binary(max_size=200))
def test_fuzz_bytes_after_a_valid_header(raw):
    _load_bytes(b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC\n" + raw, "episodes")


_cell = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "1001",
            "1002",
            "S",
            "p",
            "C1",
            "N1",
            "U6",
            "PR1",
            "E4A",
            "X1",
            "01/04/2020",
            "2020-04-01",
            "31/02/2020",
            "13/13/2013",
            "NULL",
            "-3",
            "1e400",
            "nan",
            "é",
            '"',
            ",",
            "\n",
            "\r\n",
            "2,5",
            "0",
            "  x  ",
        ]
    ),
    st.text(max_size=6),
)


@_FUZZ_SETTINGS
@given(
    st.lists(st.lists(_cell, min_size=0, max_size=11), min_size=0, max_size=8),
    st.sampled_from(["episodes", "header", "school", "population_imd"]),
    st.sampled_from(["utf-8", "cp1252", "utf-8-sig"]),
)
def test_fuzz_rows(rows, table, encoding):
    cols = [c.name for c in TABLES[table].columns]
    lines = [",".join(cols)] + [",".join(r) for r in rows]
    raw = "\n".join(lines).encode(encoding, errors="replace")
    df = _load_bytes(raw, table)
    if df is not None:
        for c in TABLES[table].columns:
            if c.kind == "date" and c.name in df:
                assert str(df[c.name].dtype) == "datetime64[ns]"
