"""The Quarto path, against a stand-in ``quarto`` on the PATH.

Quarto itself cannot be installed on the machines this package is built on, so these tests check
this package's side of the contract: what it stages for Quarto (one .qmd per chapter with the
computed content, figures with alt text and captions, the colophon, a _quarto.yml listing them),
the command it runs, where it collects the output, and that a Quarto failure fails the build
cleanly.  They do not show that real Quarto renders the staged project well."""

import json
import os
import sys
from pathlib import Path

import pytest
from conftest import mini_project

from analysis.builder.build import build
from analysis.builder.outputs import MARKER
from analysis.common.errors import BuildError

REPO = Path(__file__).resolve().parents[1]

CHAPTER = """# %% [markdown]
# # A chapter with a figure

# %% tags=["parameters"]
build_dir = ""

# %%
import altair as alt
import pandas as pd
from analysis.present.context import load_context, md
from analysis.present.charts import show_figure
ctx = load_context(build_dir)
md(f"Computed prose for {ctx.area}.")
d = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
show_figure(alt.Chart(d).mark_line().encode(x="x:Q", y="y:Q"), key="fig-one", title="A line",
            caption="A caption computed here.", alt_text="Alt text of the line chart.",
            source="Test source", data=d)
"""

FAKE = r'''#!{python}
"""Stand-in for quarto: records the call, checks the staged project, writes a _book."""
import json, os, sys
from pathlib import Path
import yaml
log = Path(os.environ["FAKE_QUARTO_LOG"])
with log.open("a") as f:
    f.write(json.dumps({{"cwd": os.getcwd(), "args": sys.argv[1:]}}) + "\n")
if sys.argv[1:] == ["--version"]:
    print("1.6.40"); sys.exit(0)
if os.environ.get("FAKE_QUARTO_FAIL"):
    print("ERROR: the stand-in was told to fail", file=sys.stderr); sys.exit(1)
cfg = yaml.safe_load(Path("_quarto.yml").read_text())
listed = []
for item in cfg["book"]["chapters"] + cfg["book"]["appendices"]:
    listed += item["chapters"] if isinstance(item, dict) else [item]
missing = [p for p in listed if not Path(p).exists()]
if missing:
    print("missing chapters: " + ", ".join(missing), file=sys.stderr); sys.exit(2)
Path("_book").mkdir(exist_ok=True)
Path("_book/index.html").write_text("<html>" + "".join(Path(p).read_text() for p in listed) + "</html>")
if "--to" not in sys.argv or "typst" in sys.argv:
    Path("_book/Mini-book.pdf").write_bytes(b"%PDF-1.7 stand-in")
'''


@pytest.fixture
def fake_quarto(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    q = bin_dir / "quarto"
    q.write_text(FAKE.format(python=sys.executable))
    q.chmod(0o755)
    log = tmp_path / "quarto-calls.jsonl"
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("FAKE_QUARTO_LOG", str(log))
    return log


def _calls(log: Path) -> list[dict]:
    return [json.loads(x) for x in log.read_text().splitlines()]


def test_quarto_renders_a_staged_project_of_qmd_chapters(tmp_path, fake_quarto):
    second = CHAPTER.replace("A chapter", "Two").replace('key="fig-one"', 'key="fig-two"')
    proj = mini_project(tmp_path / "proj", {"index": CHAPTER, "second": second})
    res = build(
        REPO / "params" / "ccn-report.yml",
        out_root=tmp_path / "out",
        build_root=tmp_path / "build",
        project_root=proj,
        progress=lambda m: None,
    )
    calls = _calls(fake_quarto)
    render = [c for c in calls if c["args"][:1] == ["render"]]
    assert len(render) == 1 and render[0]["args"] == ["render", "--no-execute"]  # html and pdf in one call
    assert Path(render[0]["cwd"]).name == "quarto-project"
    stage = res.build_dir / "quarto-project"  # kept with the executed notebooks, for audit
    # the staged project: .qmd chapters with the computed content, the colophon, figures and data
    import yaml

    cfg = yaml.safe_load((stage / "_quarto.yml").read_text())
    assert cfg["book"]["chapters"] == ["chapters/index.qmd", "chapters/second.qmd"]
    assert cfg["book"]["appendices"] == ["chapters/colophon.qmd"]
    assert "chapters/figures/*.png" in cfg["project"]["resources"]
    index = (stage / "chapters" / "index.qmd").read_text()
    assert "Computed prose for County and CCN unitary member authorities." in index
    assert 'alt="Alt text of the line chart."' in index and "A caption computed here." in index
    assert "```python" not in index and "load_context" not in index  # no code reaches the book
    assert (stage / "chapters" / "figures" / "fig-one.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (stage / "figures" / "fig-one.png").exists()  # for Typst, which compiles from the root
    assert "Params SHA-256" in (stage / "chapters" / "colophon.qmd").read_text()
    # Quarto's _book became the output
    assert "Computed prose" in (res.output_dir / "index.html").read_text()
    assert [p.name for p in res.produced["pdf"]] == ["Mini-book.pdf"]
    prov = json.loads((res.build_dir / "provenance.json").read_text())
    assert prov["summary"]["Renderer"] == "quarto" and prov["summary"]["quarto version"] == "1.6.40"


def test_html_only_asks_quarto_for_html(tmp_path, fake_quarto):
    proj = mini_project(tmp_path / "proj", {"index": CHAPTER})
    res = build(
        REPO / "params" / "ccn-report.yml",
        out_root=tmp_path / "out",
        build_root=tmp_path / "build",
        project_root=proj,
        progress=lambda m: None,
        formats=["html"],
    )
    render = [c for c in _calls(fake_quarto) if c["args"][:1] == ["render"]]
    assert render[0]["args"] == ["render", "--no-execute", "--to", "html"]
    assert "pdf" not in res.produced


def test_quarto_failure_fails_the_build_and_keeps_the_old_output(tmp_path, fake_quarto, monkeypatch):
    monkeypatch.setenv("FAKE_QUARTO_FAIL", "1")
    proj = mini_project(tmp_path / "proj", {"index": CHAPTER})
    old = tmp_path / "out" / "ccn-report"
    old.mkdir(parents=True)
    (old / MARKER).write_text("")  # an earlier build's output (a build replaces only those)
    (old / "index.html").write_text("previous good build")
    with pytest.raises(BuildError) as e:
        build(
            REPO / "params" / "ccn-report.yml",
            out_root=tmp_path / "out",
            build_root=tmp_path / "build",
            project_root=proj,
            progress=lambda m: None,
        )
    assert "quarto render --no-execute failed" in str(e.value) and "told to fail" in str(e.value)
    assert (old / "index.html").read_text() == "previous good build"
    assert list((tmp_path / "build").iterdir()) == []


def test_builtin_flag_ignores_quarto_on_the_path(tmp_path, fake_quarto):
    proj = mini_project(tmp_path / "proj", {"index": CHAPTER})
    res = build(
        REPO / "params" / "ccn-report.yml",
        out_root=tmp_path / "out",
        build_root=tmp_path / "build",
        project_root=proj,
        progress=lambda m: None,
        formats=["html"],
        force_builtin=True,
    )
    assert not any(c["args"][:1] == ["render"] for c in _calls(fake_quarto))
    assert "vega-chart" in (res.output_dir / "index.html").read_text()
