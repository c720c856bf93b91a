"""A normal (non-editable) install works: the wheel carries its data (published targets, enablers,
the council template) and finds them through importlib.resources, from any working directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import require_public_dir

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from this checkout, installed into a scratch environment of its own."""
    tmp = tmp_path_factory.mktemp("wheel")
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp / "dist"),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        cwd=tmp,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    wheel = next((tmp / "dist").glob("*.whl"))
    env_dir = tmp / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(env_dir), "platbase": str(env_dir)}))
    r = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    # The dependencies come from this environment; its editable install of the package does not
    # (a plain path line in a .pth file adds the folder without running the .pth files inside it).
    deps = sysconfig.get_path("purelib")
    (site / "zz-deps.pth").write_text(deps + "\n")
    return wheel, env_dir / "bin" / "python", tmp


def _run(python: Path, cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if k not in {"P2R_PROJECT", "PYTHONPATH"}}
    e.update(env)
    return subprocess.run([str(python), *args], capture_output=True, text=True, cwd=cwd, env=e, timeout=300)


def test_wheel_carries_the_package_data(installed):
    wheel, _, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    for f in [
        "analysis/resources/targets.yml",
        "analysis/resources/enablers.yml",
        "analysis/resources/council.yml",
        "analysis/render/assets/p2r.css",
    ]:
        assert f in names, f
    assert not [n for n in names if n.startswith(("tests/", "data/", "chapters/"))]


def test_installed_package_runs_from_any_folder(installed):
    _, python, tmp = installed
    cwd = tmp / "elsewhere"
    cwd.mkdir()
    r = _run(
        python,
        cwd,
        "-c",
        "import analysis, json; from analysis.model.reproduction import load_targets; "
        "from analysis.inputs.enablers import load_enablers; "
        "print(json.dumps([analysis.__file__, len(load_targets()), len(load_enablers())]))",
    )
    assert r.returncode == 0, r.stderr[-2000:]
    where, n_targets, n_enablers = json.loads(r.stdout)
    assert str(tmp / "env") in where, where  # the installed copy, not this checkout
    assert n_targets > 10 and n_enablers > 5
    r = _run(python, cwd, "-m", "analysis", "headline", str(REPO / "params" / "ccn-report.yml"), "--json")
    assert r.returncode == 0, r.stderr[-2000:]
    assert json.loads(r.stdout)["break_even_year_full"] == 2033


def test_installed_package_uses_its_council_template(installed):
    public = require_public_dir()
    _, python, tmp = installed
    r = _run(python, tmp, "-m", "analysis", "headline", "--la", "Rutland", "--json", P2R_PUBLIC_DATA=str(public))
    assert r.returncode == 0, r.stderr[-2000:]
    assert json.loads(r.stdout)["cla_2025"] > 0
