"""The Quarto path, against a stand-in ``quarto`` on the PATH.

These tests check this package's side of the contract: what it stages for Quarto (one .qmd per chapter with the
computed content, figures with alt text and captions, the colophon, a _quarto.yml listing them),
the command it runs, where it collects the output, and that a Quarto failure fails the build
cleanly, including a format Quarto skips with only a warning.  tests/test_quarto_real.py renders the
default report with real Quarto."""

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
if os.environ.get("FAKE_QUARTO_SKIP_PDF"):  # as Quarto 1.7 did for books: a warning, exit 0, no PDF
    print("WARN: Typst output is not yet supported for books - skipping", file=sys.stderr); sys.exit(0)
if "--to" not in sys.argv or "typst" in sys.argv:
    Path("_book/Mini-book.pdf").write_bytes(b"%PDF-1.7 stand-in")
if os.environ.get("FAKE_QUARTO_WARN"):
    print("WARNING: output file index.typ was not created", file=sys.stderr)
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
    return [json.loads(x) for x in log.read_text().splitlines()] if log.exists() else []


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
    # Quarto wants the home page at the root as index.*, wherever _quarto.yml lists it; every page is
    # staged at the root, so Quarto's pages have the built-in renderer's names and links
    assert cfg["book"]["chapters"] == ["index.qmd", "second.qmd"]
    assert cfg["book"]["appendices"] == ["colophon.qmd"]
    assert cfg["book"]["output-file"] == "ccn-report"
    assert cfg["html-table-processing"] == "none"  # the charts' data tables stay out of the PDF
    assert "figures/*.svg" in cfg["project"]["resources"]
    index = (stage / "index.qmd").read_text()
    assert "Computed prose for County and CCN unitary member authorities." in index
    assert 'alt="Alt text of the line chart."' in index and "A caption computed here." in index
    assert "```python" not in index and "load_context" not in index  # no code reaches the book
    assert not list(stage.glob("figures/*.png"))  # HTML (without script) and PDF show the SVG
    assert (stage / "figures" / "fig-one.svg").read_text().startswith("<svg")
    assert (stage / "figures" / "fig-two.svg").exists()
    assert "Params SHA-256" in (stage / "colophon.qmd").read_text()
    # Quarto's _book became the output
    assert "Computed prose" in (res.output_dir / "index.html").read_text()
    assert [p.name for p in res.produced["pdf"]] == ["ccn-report.pdf"]  # as the README says
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
    prov = json.loads((res.build_dir / "provenance.json").read_text())
    assert prov["summary"]["Renderer"].startswith("built-in")  # the colophon names the renderer that ran


@pytest.mark.parametrize(
    "env, said",
    [
        ("FAKE_QUARTO_SKIP_PDF", "Typst output is not yet supported for books - skipping"),
        ("FAKE_QUARTO_WARN", "output file index.typ was not created"),
    ],
)
def test_a_skipped_format_or_missing_output_fails_the_build(tmp_path, fake_quarto, monkeypatch, env, said):
    """Quarto exits 0 but skipped the PDF, or warned about an output: the build fails with Quarto's
    message and the previous output stays."""
    monkeypatch.setenv(env, "1")
    proj = mini_project(tmp_path / "proj", {"index": CHAPTER})
    old = tmp_path / "out" / "ccn-report"
    old.mkdir(parents=True)
    (old / MARKER).write_text("")
    (old / "ccn-report.pdf").write_text("previous good build")
    with pytest.raises(BuildError) as e:
        build(
            REPO / "params" / "ccn-report.yml",
            out_root=tmp_path / "out",
            build_root=tmp_path / "build",
            project_root=proj,
            progress=lambda m: None,
        )
    assert said in str(e.value) and "quarto render --no-execute" in str(e.value)
    assert (old / "ccn-report.pdf").read_text() == "previous good build"


def test_the_repository_is_a_quarto_book_with_its_home_page_at_the_root():
    """Real Quarto accepts a book only with its home page at the project root, named index.*; the
    repository's index.ipynb is a link to chapters/index.ipynb (paired with chapters/src/index.py)."""
    import yaml

    from analysis.render import load_book

    cfg = yaml.safe_load((REPO / "_quarto.yml").read_text())
    assert cfg["book"]["chapters"][0] == "index.ipynb"
    assert (REPO / "index.ipynb").resolve() == (REPO / "chapters" / "index.ipynb").resolve()
    assert cfg["execute"] == {"enabled": False, "echo": False}
    book = load_book(REPO)
    assert book.chapters[0].kind == "front" and book.chapters[0].html_name == "index.html"
