"""Broken inputs give a clear error naming file, column and row, a non-zero exit, no traceback, no output."""

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from analysis.common.errors import InputError
from analysis.config.report import load_params
from analysis.inputs.history import load_history_csv

REPO = Path(__file__).resolve().parents[1]
GOOD = (REPO / "data" / "demo-shire" / "history.csv").read_text()


def hist(tmp_path, text: str | bytes, name="history.csv") -> Path:
    p = tmp_path / name
    p.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return p


def test_good_history_loads(tmp_path):
    df = load_history_csv(hist(tmp_path, GOOD))
    assert list(df["year"]) == list(range(2016, 2026))


def test_excel_style_export_loads(tmp_path):
    """BOM, CRLF, stray spaces, thousands separators, capitalised headers."""
    lines = GOOD.strip().split("\n")
    header = " Year , CLA ,starts,ceases, Population_0_17 ,returned_home,spend,budget"
    body = []
    for ln in lines[1:]:
        parts = ln.split(",")
        parts[1] = f'"{int(parts[1]):,}"'
        body.append(" , ".join(parts))
    text = "\ufeff" + "\r\n".join([header] + body) + "\r\n"
    df = load_history_csv(hist(tmp_path, text.encode("utf-8")))
    assert df["cla"].iloc[0] == 1040


def test_windows_1252_file_with_pound_signs(tmp_path):
    text = GOOD.replace("41000000", '"\u00a341,000,000"')
    df = load_history_csv(hist(tmp_path, text.encode("cp1252")))
    assert df["spend"].iloc[0] == 41_000_000


@pytest.mark.parametrize(
    "mutate,column,row,fragment",
    [
        (lambda t: t.replace("2018,1088", "2018,-1088"), "cla", 4, "below 0"),
        (lambda t: t.replace("2019,1110,455", "2019,1110,lots"), "starts", 5, "not a number"),
        (lambda t: t.replace("2017,1058", "2016,1058"), "year", 2, "more than once"),
        (
            lambda t: t.replace("year,cla,starts", "year,cla,strats"),
            "starts",
            None,
            "required column 'starts' is missing",
        ),
    ],
)
def test_bad_history_values(tmp_path, mutate, column, row, fragment):
    with pytest.raises(InputError) as e:
        load_history_csv(hist(tmp_path, mutate(GOOD)))
    msg = str(e.value)
    assert fragment in msg and f"column '{column}'" in msg and "history.csv" in msg
    if row:
        assert f"row {row}" in msg or f"rows {row}" in msg


def test_years_out_of_order(tmp_path):
    lines = GOOD.strip().split("\n")
    lines[3], lines[4] = lines[4], lines[3]
    with pytest.raises(InputError, match="out of order"):
        load_history_csv(hist(tmp_path, "\n".join(lines)))


def test_misspelt_column_suggests(tmp_path):
    with pytest.raises(InputError, match="unknown column 'spned'.*Did you mean 'spend'"):
        load_history_csv(hist(tmp_path, GOOD.replace(",spend,", ",spned,")))


@pytest.mark.parametrize(
    "content,fragment",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"year,cla,starts,ceases,population_0_17\n", "no data rows"),
        (b"\x81\x8d\x8f\x90\x9d" * 50, "not readable text"),
    ],
)
def test_empty_and_binary_files(tmp_path, content, fragment):
    with pytest.raises(InputError, match=fragment):
        load_history_csv(hist(tmp_path, content))


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        load_history_csv(tmp_path / "nope.csv")


def test_very_large_file_is_refused_quickly(tmp_path, monkeypatch):
    import analysis.inputs.csvio as csvio

    p = hist(tmp_path, GOOD)
    monkeypatch.setattr(csvio, "MAX_BYTES_DEFAULT", 100)
    with pytest.raises(InputError, match="too large"):
        csvio.read_text(p, max_bytes=100)


def test_cli_bad_history_no_traceback_no_output(tmp_path):
    bad = hist(tmp_path, GOOD.replace("2019,1110,455", "2019,1110,lots"))
    params = tmp_path / "p.yml"
    params.write_text(
        f"extends: {REPO / 'params' / 'demo-shire.yml'}\nreport:\n  variant: bad-one\nhistory:\n  file: {bad}\n"
    )
    out = tmp_path / "out"
    r = subprocess.run(
        [sys.executable, "-m", "analysis", "render", str(params), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=300,
    )
    assert r.returncode == 2
    assert "history.csv" in r.stderr and "column 'starts'" in r.stderr and "row 5" in r.stderr
    assert "Traceback" not in r.stderr
    assert not (out / "bad-one").exists()


# --------------------------------------------------------------------------- fuzzing


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=400))
def test_fuzz_history_loader_bytes(tmp_path, data):
    p = hist(tmp_path, data, name="fuzz.csv")
    try:
        load_history_csv(p)
    except InputError:
        pass


cell = st.one_of(st.integers(-5, 10**7).map(str), st.sampled_from(["", "x", "c", "-", "1,234", "abc", "2.5", " 7 "]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cell, min_size=5, max_size=8), min_size=1, max_size=12))
def test_fuzz_history_loader_rows(tmp_path, rows):
    header = "year,cla,starts,ceases,population_0_17,returned_home,spend,budget"
    text = header + "\n" + "\n".join(",".join(r) for r in rows)
    try:
        df = load_history_csv(hist(tmp_path, text, name="rows.csv"))
        assert (df[["cla", "starts", "ceases"]].fillna(0) >= 0).all().all()
    except InputError:
        pass


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
keys = st.sampled_from(
    [
        "report",
        "model",
        "render",
        "child_data",
        "jobs",
        "variant",
        "area_name",
        "formats",
        "finance",
        "unit_cost_growth",
        "extends",
        "x",
    ]
)
yaml_docs = st.recursive(
    yaml_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=12,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(yaml_docs)
@example({"report": None, "model": None, "extends": ""})  # found by this fuzzer in CI: read a folder
@example({"extends": "."})
def test_fuzz_params_loader(tmp_path, doc):
    import yaml

    from analysis.common.errors import ParamsError

    p = tmp_path / "fuzz.yml"
    p.write_text(yaml.safe_dump(doc), encoding="utf-8")
    try:
        load_params(p)
    except ParamsError:
        pass


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300))
def test_fuzz_params_loader_bytes(tmp_path, data):
    from analysis.common.errors import ParamsError

    p = tmp_path / "fuzzb.yml"
    p.write_bytes(data)
    try:
        load_params(p)
    except ParamsError:
        pass


def test_relative_paths_are_read_against_the_params_file(tmp_path, monkeypatch):
    """history.file and child_data.source relative to the params file's own folder, wherever the
    command runs from (issue 13, part 5); a value that exists only under the project folder still works."""
    import shutil

    from analysis.pipeline.inputs import load_history

    repo = Path(__file__).resolve().parents[1]
    council = tmp_path / "council"
    (council / "data").mkdir(parents=True)
    shutil.copy(repo / "data" / "demo-shire" / "history.csv", council / "data" / "history.csv")
    p = council / "report.yml"
    p.write_text(
        f"extends: {repo / 'params' / 'demo-shire.yml'}\nhistory:\n  file: data/history.csv\n", encoding="utf-8"
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    params = load_params(p)
    assert Path(params.history.file) == (council / "data" / "history.csv").resolve()
    df, files = load_history(params)
    assert df is not None and len(df) > 3
    # the shipped demo (relative to its own params folder) and an older project-relative value both load
    assert Path(load_params(repo / "params" / "demo-shire.yml").history.file).is_file()
    legacy = tmp_path / "legacy.yml"
    legacy.write_text(f"extends: {repo / 'params' / 'demo-shire.yml'}\nhistory:\n  file: data/demo-shire/history.csv\n")
    assert load_params(legacy).history.file == "data/demo-shire/history.csv"
