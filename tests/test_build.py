"""Build behaviour: failing chapters, atomic output, progress."""

from pathlib import Path

import pytest
from conftest import mini_project

from analysis.builder.build import build
from analysis.builder.outputs import MARKER
from analysis.common.errors import BuildError

REPO = Path(__file__).resolve().parents[1]

GOOD = """# %% [markdown]
# # A good chapter

# %% tags=["parameters"]
build_dir = ""

# %%
from analysis.present.context import load_context, md
ctx = load_context(build_dir)
md(f"Area: {ctx.area}.")
"""

BAD = (
    GOOD.replace("A good chapter", "A broken chapter")
    + """
# %%
raise ValueError("deliberate failure for the test")
"""
)


def test_failing_chapter_names_chapter_and_error_and_keeps_old_output(tmp_path):
    proj = mini_project(tmp_path / "proj", {"index": GOOD, "broken": BAD})
    out = tmp_path / "out"
    old = out / "ccn-report"
    old.mkdir(parents=True)
    (old / MARKER).write_text("")  # an earlier build's output (a build replaces only those)
    (old / "index.html").write_text("previous good build")
    with pytest.raises(BuildError) as e:
        build(
            REPO / "params" / "ccn-report.yml",
            out_root=out,
            build_root=tmp_path / "build",
            project_root=proj,
            progress=lambda m: None,
            force_builtin=True,
        )
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
    (out / "ccn-report" / MARKER).write_text("")  # an earlier build's output
    (out / "ccn-report" / "stale.html").write_text("old")
    messages = []
    res = build(
        REPO / "params" / "ccn-report.yml",
        out_root=out,
        build_root=tmp_path / "build",
        project_root=proj,
        progress=messages.append,
        force_builtin=True,
    )
    assert (res.output_dir / "index.html").exists() and (res.output_dir / "second.html").exists()
    assert not (res.output_dir / "stale.html").exists()
    assert any("[1/2]" in m for m in messages) and any("[2/2]" in m for m in messages)
    assert any(m.startswith("Done in") for m in messages)
    assert "County and CCN unitary member authorities" in (res.output_dir / "index.html").read_text()


SLOW = (
    GOOD.replace("A good chapter", "A slow chapter")
    + """
# %%
import time
time.sleep(60)
"""
)


def test_ctrl_c_leaves_old_output_and_no_temporary_files(tmp_path):
    import signal
    import subprocess
    import sys
    import time

    proj = mini_project(tmp_path / "proj", {"index": GOOD, "slow": SLOW})
    out, bld = tmp_path / "out", tmp_path / "build"
    (out / "ccn-report").mkdir(parents=True)
    (out / "ccn-report" / MARKER).write_text("")  # an earlier build's output
    (out / "ccn-report" / "index.html").write_text("previous good build")
    code = (
        "import sys; from pathlib import Path; from analysis.cli.main import main; "
        f"sys.exit(main(['render', {str(REPO / 'params' / 'ccn-report.yml')!r}, '--out', {str(out)!r}, "
        "'--builtin']))"
    )
    env = dict(**__import__("os").environ, P2R_BUILD_ROOT=str(bld), P2R_PROJECT=str(proj))
    p = subprocess.Popen(
        [sys.executable, "-c", code], cwd=REPO, stderr=subprocess.PIPE, text=True, env=env, start_new_session=True
    )
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


# --------------------------------------------------------------------------- warm kernels

SETS_NAMES = (
    GOOD.replace("A good chapter", "First chapter")
    + """
# %%
import json as leaked_module
leaked_variable = 42
def leaked_function():
    return 1
"""
)

CHECKS_NAMES = (
    GOOD.replace("A good chapter", "Second chapter")
    + """
# %%
import os
names = set(globals())
assert not names & {"leaked_variable", "leaked_function", "leaked_module"}, sorted(names)
assert os.getcwd() == PROJECT, os.getcwd()
md(f"kernel pid {os.getpid()}")
"""
)


def _kernel_pids(build_dir: Path) -> set[str]:
    import re

    pids = set()
    for nb in (build_dir / "notebooks").glob("*.ipynb"):
        pids.update(re.findall(r"kernel pid (\d+)", nb.read_text()))
    return pids


@pytest.mark.parametrize("reuse", [True, False])
def test_chapters_share_a_kernel_without_sharing_names(tmp_path, reuse):
    """With render.reuse_kernels (the default) consecutive chapters run in one kernel, yet a name
    defined in one chapter is not visible in the next; with it off each chapter has its own kernel."""
    from analysis.execute import kernels

    proj = mini_project(
        tmp_path / "proj",
        {
            "index": SETS_NAMES,
            "second": CHECKS_NAMES.replace("PROJECT", repr(str(tmp_path / "proj"))),
            "third": CHECKS_NAMES.replace("PROJECT", repr(str(tmp_path / "proj"))).replace("Second", "Third"),
        },
    )
    started = kernels.POOL.started
    res = build(
        REPO / "params" / "ccn-report.yml",
        out_root=tmp_path / "out",
        build_root=tmp_path / "build",
        project_root=proj,
        progress=lambda m: None,
        force_builtin=True,
        jobs=1,
        overrides={"render": {"reuse_kernels": reuse}},
    )
    pids = _kernel_pids(res.build_dir)
    if reuse:
        assert len(pids) == 1 and kernels.POOL.started == started + 1
    else:
        assert len(pids) == 2 and kernels.POOL.started == started
    assert len(kernels.POOL) == 0  # shut down at the end of the build
    import psutil

    assert not any(psutil.pid_exists(int(p)) and psutil.Process(int(p)).status() != psutil.STATUS_ZOMBIE for p in pids)


def test_kept_kernel_serves_the_next_build_and_a_failed_one_is_discarded(tmp_path):
    """The batch keeps warm kernels between councils; a kernel whose chapter failed is never reused."""
    from analysis.execute import kernels

    proj = mini_project(
        tmp_path / "proj",
        {
            "index": GOOD,
            "second": CHECKS_NAMES.replace("PROJECT", repr(str(tmp_path / "proj"))),
        },
    )
    kw = dict(
        out_root=tmp_path / "out",
        project_root=proj,
        progress=lambda m: None,
        force_builtin=True,
        jobs=1,
        keep_kernels=True,
    )
    try:
        a = build(REPO / "params" / "ccn-report.yml", build_root=tmp_path / "b1", **kw)
        assert len(kernels.POOL) == 1
        b = build(REPO / "params" / "ccn-report.yml", build_root=tmp_path / "b2", **kw)
        assert _kernel_pids(a.build_dir) == _kernel_pids(b.build_dir)  # the same kernel process

        bad = mini_project(tmp_path / "bad", {"index": GOOD, "broken": BAD})
        with pytest.raises(BuildError):
            build(REPO / "params" / "ccn-report.yml", build_root=tmp_path / "b3", **{**kw, "project_root": bad})
        assert len(kernels.POOL) == 0  # the failed chapter's kernel was shut down, not returned
    finally:
        kernels.shutdown_all()


def test_colophon_names_the_council_template_without_a_local_folder():
    from analysis.builder.build import params_label
    from analysis.common.paths import resource

    assert params_label(resource("council.yml")) == "analysis/resources/council.yml (the package's council template)"
    assert params_label(Path("params/demo-shire.yml")) == "params/demo-shire.yml"
