"""Public-data layer without the real data: folder resolution, suppression, latest release."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from pydantic import ValidationError

from analysis.common.errors import InputError
from analysis.inputs.public import PublicDataParams, latest_release, parse_values, resolve_public_dir
from analysis.inputs.public.paths import ENV_VAR, EXPECTED_FILES
from analysis.inputs.public.tables import read_number_and_rate

HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,old_la_code,la_name,new_la_code,population_count,population_estimate,"
    "number,rate_per_10000\n"
)


def _row(year, code, name, label, number, pop="1000", rate="10"):
    return (
        f"{year},Reporting year,Local authority,E92000001,England,E12000008,South East,"
        f"{code},{name},E10000099,{label},{pop},{number},{rate}\n"
    )


CLA = "Children looked after at 31 March each year"
START = "Children starting to be looked after each year"
CEASE = "Children ceasing to be looked after each year"


# --------------------------------------------------------------------------- folder resolution


def test_nothing_configured_uses_the_shipped_extract(monkeypatch):
    from analysis.inputs.public import extract

    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resolve_public_dir(None) == extract.folder()
    assert resolve_public_dir(PublicDataParams()) == extract.folder()


def test_missing_folder_and_extract_names_env_var(monkeypatch):
    """With no folder configured and no extract in the package, the error says how to set one."""
    from analysis.inputs.public import extract

    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.setattr(extract, "available", lambda: False)
    with pytest.raises(InputError) as exc:
        resolve_public_dir(None)
    assert ENV_VAR in str(exc.value)
    with pytest.raises(InputError) as exc:
        resolve_public_dir(PublicDataParams())
    assert ENV_VAR in str(exc.value)


def test_nonexistent_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "nowhere"))
    with pytest.raises(InputError) as exc:
        resolve_public_dir()
    msg = str(exc.value)
    assert ENV_VAR in msg and "nowhere" in msg


def test_folder_lacking_files(tmp_path):
    (tmp_path / "dfe_cla").mkdir()
    with pytest.raises(InputError) as exc:
        resolve_public_dir(tmp_path)
    msg = str(exc.value)
    assert ENV_VAR in msg
    assert EXPECTED_FILES[0] in msg


def test_resolution_order(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    for d in (a, b):
        for f in EXPECTED_FILES:
            (d / f).parent.mkdir(parents=True, exist_ok=True)
            (d / f).write_text("x")
    monkeypatch.setenv(ENV_VAR, str(b))
    assert resolve_public_dir() == b.resolve()
    assert resolve_public_dir(a) == a.resolve()  # explicit wins
    assert resolve_public_dir(PublicDataParams(public_dir=str(a))) == a.resolve()  # params value
    assert resolve_public_dir(PublicDataParams()) == b.resolve()  # falls back to env


def test_params_schema_has_units_and_sources():
    from analysis.config.base import field_meta

    for name in PublicDataParams.model_fields:
        meta = field_meta(PublicDataParams, name)
        assert meta["unit"] and meta["source"] and meta["description"], name
    with pytest.raises(ValidationError):
        PublicDataParams(public_dri="/x")  # unknown keys are errors
    with pytest.raises(ValidationError):
        PublicDataParams(predecessor_method="guess")


# --------------------------------------------------------------------------- suppression


def test_suppression_codes_become_nan_with_flags(tmp_path):
    f = tmp_path / "cla_number_and_rate_synthetic.csv"
    f.write_text(
        HEADER
        + _row(2024, "801", "A", CLA, "x")
        + _row(2024, "802", "B", CLA, "c")
        + _row(2024, "803", "C", CLA, "z")
        + _row(2024, "804", "D", CLA, "k")
        + _row(2024, "805", "E", CLA, "-")
        + _row(2024, "806", "F", CLA, "..")
        + _row(2024, "807", "G", CLA, ":")
        + _row(2024, "808", "H", CLA, '"1,234"')
        + _row(2024, "809", "I", START, "17")
        + _row(2024, "809", "I", CEASE, "c"),
        encoding="utf-8",
    )
    long = read_number_and_rate(str(f), 2024)
    got = long.set_index(["code", "measure"])
    for code, flag in [
        ("801", "x"),
        ("802", "c"),
        ("803", "z"),
        ("804", "k"),
        ("805", "-"),
        ("806", ".."),
        ("807", ":"),
    ]:
        assert math.isnan(got.loc[(code, "cla"), "value"]), code
        assert got.loc[(code, "cla"), "flag"] == flag
    assert got.loc[("808", "cla"), "value"] == 1234
    assert got.loc[("808", "cla"), "flag"] == ""
    assert got.loc[("809", "starts"), "value"] == 17
    assert math.isnan(got.loc[("809", "ceases"), "value"])
    assert set(long["year"]) == {2024}


def test_unknown_symbol_is_an_input_error_with_row(tmp_path):
    f = tmp_path / "bad.csv"
    f.write_text(HEADER + _row(2024, "801", "A", CLA, "12") + _row(2024, "802", "B", CLA, "n/a"), encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_number_and_rate(str(f), 2024)
    msg = str(exc.value)
    assert "bad.csv" in msg and "number" in msg and "row 3" in msg and "n/a" in msg


def test_parse_values_blank_and_numbers():
    s = pd.Series(["5", "", None, " 7 ", "X", "[x]"])
    v, fl = parse_values(s, file="f", column="c")
    assert v.tolist()[0] == 5 and v.tolist()[3] == 7
    assert math.isnan(v[1]) and math.isnan(v[2]) and math.isnan(v[4]) and math.isnan(v[5])
    assert fl.tolist() == ["", "blank", "blank", "", "x", "[x]"]


# --------------------------------------------------------------------------- latest release


def test_latest_release_wins(tmp_path):
    older = tmp_path / "release_2023.csv"
    newer = tmp_path / "release_2024.csv"
    older.write_text(
        HEADER
        + _row(2022, "801", "A", CLA, "100")
        + _row(2023, "801", "A", CLA, "110")  # revised below
        + _row(2023, "802", "B", CLA, "50")  # later suppressed
        + _row(2023, "803", "C", CLA, "c"),  # never published
        encoding="utf-8",
    )
    newer.write_text(
        HEADER
        + _row(2023, "801", "A", CLA, "112")
        + _row(2024, "801", "A", CLA, "120")
        + _row(2023, "802", "B", CLA, "c")
        + _row(2023, "803", "C", CLA, "z"),
        encoding="utf-8",
    )
    long = pd.concat(
        [
            read_number_and_rate(str(newer), 2024),  # order must not matter
            read_number_and_rate(str(older), 2023),
        ],
        ignore_index=True,
    )
    res = latest_release(long).set_index(["code", "year", "measure"])
    assert res.loc[("801", 2022, "cla"), "value"] == 100  # only in the older release
    assert res.loc[("801", 2023, "cla"), "value"] == 112  # newer release wins
    assert res.loc[("801", 2023, "cla"), "vintage"] == 2024
    assert res.loc[("801", 2023, "cla"), "revised_from"] == 110
    assert res.loc[("801", 2024, "cla"), "value"] == 120
    # A later suppression does not erase a number published earlier, but is recorded.
    assert res.loc[("802", 2023, "cla"), "value"] == 50
    assert res.loc[("802", 2023, "cla"), "superseded_flag"] == "c"
    # No release gives a number: NaN with the latest (informative) code.
    assert math.isnan(res.loc[("803", 2023, "cla"), "value"])
    assert res.loc[("803", 2023, "cla"), "flag"] == "z"
    assert res.index.is_unique
