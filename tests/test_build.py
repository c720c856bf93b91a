"""Build behaviour: failing chapters, atomic output, progress."""
from pathlib import Path

import pytest

from analysis.build import build
from analysis.errors import BuildError
from conftest import mini_project

REPO = Path(__file__).resolve().parents[1]

GOOD = '''# %% [markdown]
# # A good chapter

# %% tags=["parameters"]
build_dir = ""

# %%
from analysis.chapter import load_context, md
ctx = load_context(build_dir)
md(f"Area: {ctx.area}.")
'''

BAD = GOOD.replace("A good chapter", "A broken chapter") + '''
# %%
raise ValueError("deliberate failure for the test")
'''


def test_failing_chapter_names_chapter_and_error_and_keeps_old_output(tmp_path):
    proj = mini_project(tmp_path / "proj", {"index": GOOD, "broken": BAD})
    out = tmp_path / "out"
    old = out / "ccn-report"
    old.mkdir(parents=True)
    (old / "index.html").write_text("previous good build")
    with pytest.raises(BuildError) as e:
        build(REPO / "params" / "ccn-report.yml", out_root=out, build_root=tmp_path / "build",
              project_root=proj, progress=lambda m: None, force_builtin=True)
    msg = str(e.value)
    assert "broken" in msg and "ValueError" in msg and "deliberate failure" in msg
    assert (old / "index.html").read_text() == "previous good build"
    assert sorted(p.name for p in out.iterdir()) == ["ccn-report"]
    leftovers = [p for p in (tmp_path / "build").iterdir()]
    assert leftovers == []  # staging folder removed


def test_successful_build_replaces_output_and_reports_progress(tmp_path):
    proj = mini_project(tmp_path / "proj", {"index": GOOD, "second": GOOD.replace("A good", "Another")})
    out = tmp_path / "out"
    (out / "ccn-report").mkdir(parents=True)
    (out / "ccn-report" / "stale.html").write_text("old")
    messages = []
    res = build(REPO / "params" / "ccn-report.yml", out_root=out, build_root=tmp_path / "build",
                project_root=proj, progress=messages.append, force_builtin=True)
    assert (res.output_dir / "index.html").exists() and (res.output_dir / "second.html").exists()
    assert not (res.output_dir / "stale.html").exists()
    assert any("[1/2]" in m for m in messages) and any("[2/2]" in m for m in messages)
    assert any(m.startswith("Done in") for m in messages)
    assert "County and CCN unitary member authorities" in (res.output_dir / "index.html").read_text()
