"""The params file: one typed object; unknown keys, wrong types and bad files give clear errors."""

from pathlib import Path

import pytest

from analysis.common.errors import ParamsError
from analysis.config.base import iter_params
from analysis.config.report import ReportParams, load_params

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("variant", ["ccn-report", "pop-500k", "demo-shire"])
def test_shipped_params_files_are_valid(variant):
    p = load_params(REPO / "params" / f"{variant}.yml")
    assert isinstance(p, ReportParams)


def test_council_template_ships_with_the_package():
    from analysis.common.paths import resource

    p = load_params(resource("council.yml"))
    assert p.report.area_kind == "council" and p.child_data.source == "none"


def test_extends_merges_sections():
    p = load_params(REPO / "params" / "pop-500k.yml")
    assert p.report.variant == "pop-500k"
    assert p.model.scaling.target_population == 500_000
    assert p.child_data.source == "synthetic"  # inherited from ccn-report.yml


def write(tmp_path, text):
    f = tmp_path / "p.yml"
    f.write_text(text, encoding="utf-8")
    return f


BASE = "report:\n  variant: t\n  area_name: Testshire\n"


def test_misspelt_key_is_named_with_line_and_suggestion(tmp_path):
    f = write(tmp_path, BASE + "model:\n  finance:\n    unit_cost_grwth: 0.05\n")
    with pytest.raises(ParamsError) as e:
        load_params(f)
    msg = str(e.value)
    assert "unknown key 'model.finance.unit_cost_grwth'" in msg
    assert "Did you mean 'model.finance.unit_cost_growth'?" in msg
    assert "row 6" in msg  # the line of the bad key in the YAML file


def test_misspelt_top_level_section(tmp_path):
    f = write(tmp_path, BASE + "rendr:\n  jobs: 2\n")
    with pytest.raises(ParamsError, match=r"unknown key 'rendr'.*Did you mean 'render'"):
        load_params(f)


def test_wrong_type_names_key_and_value(tmp_path):
    f = write(tmp_path, BASE + "render:\n  jobs: lots\n")
    with pytest.raises(ParamsError) as e:
        load_params(f)
    assert "render.jobs" in str(e.value) and "'lots'" in str(e.value) and "a whole number" in str(e.value)


def test_all_problems_reported_together(tmp_path):
    f = write(tmp_path, BASE + "render:\n  jobs: 0\n  formats: [html, odt]\n")
    with pytest.raises(ParamsError) as e:
        load_params(f)
    assert "render.jobs" in str(e.value) and "render.formats" in str(e.value)


@pytest.mark.parametrize(
    "text,fragment",
    [
        ("", "empty"),
        ("report: [unclosed\n", "not valid YAML"),
        ("- a\n- b\n", "mapping"),
        ("render:\n  jobs: 2\n", "required key 'report' is missing"),
    ],
)
def test_bad_files(tmp_path, text, fragment):
    with pytest.raises(ParamsError, match=fragment):
        load_params(write(tmp_path, text))


def test_missing_file(tmp_path):
    with pytest.raises(ParamsError, match="does not exist"):
        load_params(tmp_path / "nope.yml")


def test_non_utf8_file(tmp_path):
    f = tmp_path / "p.yml"
    f.write_bytes(BASE.encode() + b"  subtitle: \xff\xfe bad\n")
    with pytest.raises(ParamsError, match="not UTF-8"):
        load_params(f)


def test_every_leaf_param_has_unit_source_and_description():
    p = load_params(REPO / "params" / "ccn-report.yml")
    rows = list(iter_params(p))
    assert len(rows) > 40
    missing = [key for key, _, unit, source, desc in rows if not (unit and source and desc)]
    assert missing == []
