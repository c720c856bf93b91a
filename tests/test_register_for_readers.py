"""The assumptions register and the model's notes as readers see them: one currency style and no
names of the package's own working papers (issue 17, part 4)."""

import re
from pathlib import Path

import pytest

from analysis.config.register import assumptions_register
from analysis.config.report import load_params
from analysis.model import ModelParams, run
from analysis.present.assumptions import for_readers, register_for_readers

REPO = Path(__file__).resolve().parents[1]
LEFTOVER = re.compile(r"issue #|\b[A-Z]+\.md\b|\bGBP\b")


@pytest.mark.parametrize("params", ["ccn-report.yml", "pop-500k.yml", "demo-shire.yml"])
def test_register_has_no_internal_names_and_one_currency(params):
    reg = register_for_readers(assumptions_register(load_params(REPO / "params" / params)))
    found = [v for c in reg.columns if c != "Key" for v in reg[c] if LEFTOVER.search(str(v))]
    assert not found, found[:3]


def test_model_notes_in_pounds():
    notes = run(ModelParams(), uncertainty=False).notes
    assert any("GBP" in n for n in notes)  # the model's own notes, before the reader's view
    assert not [n for n in map(for_readers, notes) if LEFTOVER.search(n)]


def test_for_readers_examples():
    assert for_readers("spend GBP 3.27bn (2025) to GBP 4.74bn") == "spend £3.27bn (2025) to £4.74bn"
    assert for_readers("GBP per child per year") == "£ per child per year"
    assert "TARGETS" not in for_readers("package choice following the reconstruction in TARGETS.md: x")
