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


SLOW = GOOD.replace("A good chapter", "A slow chapter") + '''
# %%
import time
time.sleep(60)
'''


def test_ctrl_c_leaves_old_output_and_no_temporary_files(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    proj = mini_project(tmp_path / "proj", {"index": GOOD, "slow": SLOW})
    out, bld = tmp_path / "out", tmp_path / "build"
    (out / "ccn-report").mkdir(parents=True)
    (out / "ccn-report" / "index.html").write_text("previous good build")
    code = ("import sys; from pathlib import Path; from analysis.cli import main; import analysis.build as b; "
            f"b.PROJECT_ROOT = Path({str(proj)!r}); "
            f"sys.exit(main(['render', {str(REPO / 'params' / 'ccn-report.yml')!r}, '--out', {str(out)!r}, "
            "'--builtin']))")
    env = dict(**__import__("os").environ, P2R_BUILD_ROOT=str(bld))
    p = subprocess.Popen([sys.executable, "-c", code], cwd=REPO, stderr=subprocess.PIPE, text=True, env=env,
                         start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and not (bld.exists() and any(bld.glob(".ccn-report.*/notebooks"))):
        time.sleep(0.2)
    time.sleep(2)
    import os

    os.killpg(p.pid, signal.SIGINT)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 130, err
    assert "Interrupted" in err and "Traceback" not in err
    assert (out / "ccn-report" / "index.html").read_text() == "previous good build"
    assert [x.name for x in bld.iterdir()] == []
