"""``p2r validate`` reads a council's child-level folder once (issue 13): the check of every input
hands its data, with their summary of repairs, warnings and counts, to the report it prints."""

from __future__ import annotations

import json
from pathlib import Path

import analysis.inputs.childdata.load as load_mod
from analysis.cli.main import main
from analysis.inputs.childdata.synth import write

REPO = Path(__file__).resolve().parents[1]
SIZE = dict(n_entrants_per_year=40, population_0_17=20_000, n_case_reviews=30)


def test_validate_reads_the_folder_once(tmp_path, monkeypatch, capsys):
    folder = write(4, tmp_path / "c", layout="per-year-files", **SIZE)
    params = tmp_path / "p.yml"
    params.write_text(
        f"extends: {REPO / 'params' / 'ccn-report.yml'}\nchild_data:\n  source: {folder}\n"
        "model:\n  baseline:\n    hazard_source: params\n"
    )
    calls = []
    real = load_mod.load_child_data

    def counting(*a, **k):
        calls.append(a)
        return real(*a, **k)

    monkeypatch.setattr(load_mod, "load_child_data", counting)
    assert main(["validate", str(params), "--json"]) == 0
    obj = json.loads(capsys.readouterr().out)
    assert len(calls) == 1
    assert obj["child_data"]["files"]["episodes"] and obj["child_data"]["summary"]["complete_years"]
    calls.clear()
    assert main(["validate", str(params)]) == 0
    assert len(calls) == 1 and "complete years:" in capsys.readouterr().out
