"""Chapters are thin notebooks, committed without outputs and in step with their sources."""

import json
from pathlib import Path

from analysis.render import load_book

REPO = Path(__file__).resolve().parents[1]


def _cells(nb) -> list[tuple]:
    return [(c.cell_type, c.source, tuple(c.get("metadata", {}).get("tags", []))) for c in nb.cells]


def test_notebooks_match_their_sources():
    """Each chapters/X.ipynb is paired by jupytext with chapters/src/X.py (``make chapters`` syncs them)."""
    import jupytext

    sources = sorted((REPO / "chapters" / "src").glob("*.py"))
    assert sources
    stale = []
    for src in sources:
        text = src.read_text(encoding="utf-8")
        assert "formats: ipynb,src//py:percent" in text, f"{src.name} is not paired with its notebook"
        nb_path = REPO / "chapters" / f"{src.stem}.ipynb"
        if not nb_path.exists() or _cells(jupytext.reads(text, fmt="py:percent")) != _cells(jupytext.read(nb_path)):
            stale.append(nb_path.name)
    assert not stale, f"notebooks out of step with chapters/src (run `make chapters`): {stale}"


def test_notebooks_have_no_outputs_and_a_parameters_cell():
    for e in load_book(REPO).chapters:
        nb = json.loads((REPO / e.path).read_text())
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), e.path
        assert any("parameters" in c.get("metadata", {}).get("tags", []) for c in code), e.path
