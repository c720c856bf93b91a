"""The public-data extract shipped with the package: rebuilt from the publisher files it equals the
shipped one (no drift), reports built from it equal reports built from the folder, and it works with
nothing configured."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import goldens
import pandas as pd
import pytest
from conftest import require_public_dir

from analysis.inputs.public import extract
from analysis.inputs.public.extract_build import build, entries
from analysis.inputs.public.history import clear_cache
from analysis.inputs.public.paths import ENV_VAR, resolve_public_dir

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture()
def use_extract(monkeypatch):
    monkeypatch.delenv(ENV_VAR, raising=False)
    clear_cache()
    yield extract.folder()
    clear_cache()


def test_shipped_extract_is_small_and_complete():
    m = extract.manifest()
    assert set(m["tables"]) == {e.key for e in entries()}
    total = sum(p.stat().st_size for p in extract.folder().iterdir())
    assert total < 5_000_000
    for t in m["tables"].values():
        assert (extract.folder() / t["file"]).is_file() and t["rows"] > 0
        for s in t["sources"]:
            assert len(s["sha256"]) == 64 and s["licence"] == "Open Government Licence v3.0" and s["publisher"]
    assert "Open Government Licence" in m["attribution"]


def test_no_drift_from_the_publisher_files(tmp_path):
    """Rebuilt from the publisher folder, every table and the manifest equal the shipped ones."""
    src = require_public_dir()
    fresh = build(src, tmp_path / "x")
    shipped = extract.manifest()
    for key, t in shipped["tables"].items():
        f = fresh["tables"][key]
        assert f["sources"] == t["sources"], f"{key}: the publisher file changed: run `p2r data build --from DIR`"
        pd.testing.assert_frame_equal(
            pd.read_parquet(tmp_path / "x" / f["file"]), pd.read_parquet(extract.folder() / t["file"])
        )
    assert set(fresh["tables"]) == set(shipped["tables"])


def test_nothing_configured_reads_the_extract(use_extract):
    assert resolve_public_dir(None) == extract.folder()
    from analysis.inputs.public.history import council_history

    h = council_history("Kent")
    assert h.loc[h.year == 2025, "cla"].iloc[0] == 1896


def test_extract_and_folder_give_the_same_history(monkeypatch):
    src = require_public_dir()
    from analysis.inputs.public.history import all_histories

    clear_cache()
    a = all_histories(src)
    clear_cache()
    b = all_histories(extract.folder())
    clear_cache()
    pd.testing.assert_frame_equal(a, b)


def test_kent_from_the_extract_matches_the_golden_files(use_extract, tmp_path):
    diffs = goldens.compare(
        goldens.read_golden("la-886-kent"), goldens.canonical(goldens.compute("la-886-kent", tmp_path))
    )
    assert not diffs, "\n".join(diffs[:20])


def test_failed_build_leaves_the_previous_extract(tmp_path):
    out = tmp_path / "ext"
    out.mkdir()
    (out / "manifest.json").write_text(json.dumps({"tables": {}}), encoding="utf-8")
    bad = tmp_path / "notpublic"
    bad.mkdir()
    r = subprocess.run(
        [sys.executable, "-m", "analysis", "data", "build", "--from", str(bad), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert r.returncode != 0 and "does not look like the public data folder" in r.stderr
    assert "Traceback" not in r.stderr
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == {"tables": {}}
    assert {p.name for p in tmp_path.iterdir()} == {"ext", "notpublic"}  # no temporary folder left behind


def test_data_status_names_the_source_and_the_licence():
    env = {k: v for k, v in os.environ.items() if k != ENV_VAR}
    r = subprocess.run(
        [sys.executable, "-m", "analysis", "data", "status"], capture_output=True, text=True, cwd=REPO, env=env
    )
    assert r.returncode == 0, r.stderr
    assert "No publisher folder configured" in r.stdout and "Open Government Licence v3.0" in r.stdout
    assert "dfe_cla/lait_bds_long_0.parquet" in r.stdout
