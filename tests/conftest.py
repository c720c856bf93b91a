import os
from pathlib import Path

import pytest
from hypothesis import settings

# `make test` (and so CI) runs every property test on the same fixed examples, so a
# submission passes or fails for what it changed, not for the luck of the draw.
# `make fuzz` draws fresh random examples each time it runs, to look for new failures;
# a failure it finds is added to the test as an @example before it is fixed.
settings.register_profile("default", derandomize=True, database=None)
settings.register_profile("fuzz", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parents[1]

# Every chart a test builds is checked against the Vega-Lite schema (a build skips the check: see
# analysis.present.charts.validate_charts); kernels started by the tests inherit the variable.
os.environ.setdefault("P2R_VALIDATE_CHARTS", "1")


def public_dir() -> Path | None:
    env = os.environ.get("P2R_PUBLIC_DATA")
    p = Path(env) if env else REPO.parent / "shared" / "data" / "public"
    return p if p.exists() else None


def require_public_dir() -> Path:
    """The public data folder, or skip (fail under CI) with a message saying how to set it."""
    env = os.environ.get("P2R_PUBLIC_DATA")
    p = (Path(env) if env else (REPO / ".." / "shared" / "data" / "public")).resolve()
    if not (p / "lookups" / "csc_location_data_153_LAs.csv").is_file():
        msg = f"public data folder not found at {p} (set P2R_PUBLIC_DATA)"
        if os.environ.get("CI"):
            pytest.fail(msg)
        pytest.skip(msg)
    return p


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """The default report and the other variants, rendered once per test session (HTML + PDF)."""
    from analysis.builder.build import build

    out = tmp_path_factory.mktemp("output")
    bld = tmp_path_factory.mktemp("build")
    cache = {}

    def get(variant: str):
        if variant not in cache:
            cache[variant] = build(
                REPO / "params" / f"{variant}.yml",
                out_root=out,
                build_root=bld,
                progress=lambda m: None,
                force_builtin=True,
            )
        return cache[variant]

    return get


def mini_project(tmp: Path, chapters: dict[str, str]) -> Path:
    """A tiny book (own _quarto.yml) whose chapters are given as percent-format sources."""
    import jupytext

    (tmp / "chapters").mkdir(parents=True)
    names = list(chapters)
    yml = ["book:", '  title: "Mini book"', '  subtitle: "Test"', '  author: "Tests"', "  chapters:"]
    yml += [f"    - chapters/{n}.ipynb" for n in names]
    (tmp / "_quarto.yml").write_text("\n".join(yml) + "\nlang: en-GB\n")
    for n, src in chapters.items():
        nb = jupytext.reads(src, fmt="py:percent")
        nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
        jupytext.write(nb, tmp / "chapters" / f"{n}.ipynb", fmt="ipynb")
    return tmp


QUARTO_INSTALLER = REPO.parent / "shared" / "tools" / "quarto" / "install-quarto-offline.sh"
QUARTO_TARBALL = REPO.parent / "shared" / "tools" / "quarto" / "quarto-1.10.18-offline.tar.gz"


@pytest.fixture(scope="session")
def quarto_bin() -> Path:
    """Real Quarto: $P2R_QUARTO_BIN (``.ci/run`` sets it), else ``quarto`` on the PATH, else installed
    once from ../shared/tools/quarto into $P2R_QUARTO_PREFIX (default ~/.cache/quarto-offline/quarto-1.10.18).
    Skipped when none exists, failed under CI or P2R_REQUIRE_QUARTO=1."""
    import shutil
    import subprocess

    found = os.environ.get("P2R_QUARTO_BIN") or shutil.which("quarto")
    if found:
        return Path(found)
    if QUARTO_INSTALLER.is_file() and QUARTO_TARBALL.is_file():
        default = Path.home() / ".cache" / "quarto-offline" / "quarto-1.10.18"
        prefix = Path(os.environ.get("P2R_QUARTO_PREFIX") or default)
        r = subprocess.run(
            ["bash", str(QUARTO_INSTALLER), str(QUARTO_TARBALL), str(prefix)], capture_output=True, text=True
        )
        if r.returncode != 0 or not (prefix / "bin" / "quarto").exists():
            pytest.fail(f"installing Quarto from {QUARTO_INSTALLER} failed:\n{r.stderr[-3000:]}")
        return prefix / "bin" / "quarto"
    msg = f"quarto is not on PATH and the shared installer is missing ({QUARTO_INSTALLER})"
    if os.environ.get("CI") or os.environ.get("P2R_REQUIRE_QUARTO") == "1":
        pytest.fail(msg)
    pytest.skip(msg)


@pytest.fixture(scope="session")
def quarto_rendered(quarto_bin, tmp_path_factory):
    """The default report rendered with real Quarto (HTML and PDF; Word through pandoc), once."""
    from analysis.builder.build import build

    out = tmp_path_factory.mktemp("quarto-output")
    old_path = os.environ.get("PATH", "")
    os.environ["PATH"] = f"{quarto_bin.parent}{os.pathsep}{old_path}"
    try:
        return build(
            REPO / "params" / "ccn-report.yml",
            out_root=out,
            build_root=out / "_build",
            progress=lambda m: None,
            formats=["html", "pdf", "docx"],
        )
    finally:
        os.environ["PATH"] = old_path
