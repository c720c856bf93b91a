"""Chapters are thin notebooks, committed without outputs and in step with their sources."""
import json
import subprocess
import sys
from pathlib import Path

from analysis.render import load_book

REPO = Path(__file__).resolve().parents[1]


def test_notebooks_match_their_sources():
    r = subprocess.run([sys.executable, str(REPO / "scripts" / "sync_chapters.py"), "--check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr


def test_notebooks_have_no_outputs_and_a_parameters_cell():
    for e in load_book(REPO).chapters:
        nb = json.loads((REPO / e.path).read_text())
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), e.path
        assert any("parameters" in c.get("metadata", {}).get("tags", []) for c in code), e.path
