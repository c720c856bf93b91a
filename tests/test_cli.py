"""The p2r command line: exit codes and plain-English errors without tracebacks."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def p2r(*args, cwd=REPO):
    return subprocess.run(
        [sys.executable, "-m", "analysis", *args], capture_output=True, text=True, cwd=cwd, timeout=600
    )


def test_misspelt_key_gives_clear_error_and_exit_2(tmp_path):
    f = tmp_path / "p.yml"
    f.write_text("report:\n  variant: t\n  area_name: X\nchild_data:\n  sorce: synthetic\n")
    r = p2r("validate", str(f))
    assert r.returncode == 2
    assert "unknown key 'child_data.sorce'" in r.stderr and "Did you mean 'child_data.source'" in r.stderr
    assert "Traceback" not in r.stderr


def test_debug_shows_traceback(tmp_path):
    f = tmp_path / "p.yml"
    f.write_text("report:\n  variant: t\n  area_name: X\nrendr: {}\n")
    r = p2r("--debug", "validate", str(f))
    assert r.returncode == 2 and "Traceback" in r.stderr


def test_render_with_bad_params_writes_nothing(tmp_path):
    f = tmp_path / "p.yml"
    f.write_text("report:\n  variant: t\n  area_name: X\nrender:\n  jobs: -1\n")
    r = p2r("render", str(f), "--out", str(tmp_path / "out"))
    assert r.returncode == 2 and "render.jobs" in r.stderr
    assert not (tmp_path / "out").exists()


def test_bad_format_option():
    r = p2r("render", "params/ccn-report.yml", "--to", "odt")
    assert r.returncode == 2 and "--to takes html, pdf" in r.stderr


def test_validate_default_params():
    r = p2r("validate", "params/ccn-report.yml")
    assert r.returncode == 0, r.stderr
    assert "OK:" in r.stdout


def test_headline_json_is_flat():
    r = p2r("headline", "params/ccn-report.yml", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert isinstance(data, dict) and data
    assert all(not isinstance(v, (dict, list)) for v in data.values())
    assert "cla_2035_do_nothing" in data


def test_headline_for_a_council_and_the_ccn_group():
    from conftest import require_public_dir

    require_public_dir()
    r = p2r("headline", "--la", "Kent", "--json")
    assert r.returncode == 0, r.stderr
    kent = json.loads(r.stdout)
    r = p2r("headline", "--group", "ccn", "--json")
    assert r.returncode == 0, r.stderr
    ccn = json.loads(r.stdout)
    assert ccn["cla_base"] == 30757  # the 38 confirmed members in DfE data, 2025
    assert 0 < kent["cla_base"] < ccn["cla_base"]


def test_near_miss_council_name_suggests():
    from conftest import require_public_dir

    require_public_dir()
    r = p2r("headline", "--la", "Kentt", "--json")
    assert r.returncode == 2 and "Kent" in r.stderr and "Traceback" not in r.stderr
