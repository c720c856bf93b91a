"""The PDF shows charts as SVG (issue 19): Typst compiles a book of SVG charts faster than one of 2x
PNGs.  The SVG is cached by content like the PNG, the PNG is rasterised from it (the same bytes as
vl-convert's own PNG, so the HTML is unchanged), and Typst draws the chart's text in the chart's font
with no warning."""

from __future__ import annotations

import re

import pytest

from analysis.common import cache
from analysis.present import charts

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "config": charts.house_theme()["config"],
    "data": {"values": [{"area": "Rutland £", "n": 1.5}, {"area": "Kent – East", "n": 3.0}]},
    "mark": "bar",
    "encoding": {"y": {"field": "area", "type": "nominal"}, "x": {"field": "n", "type": "quantitative"}},
    "title": "Children per 10,000 ≥ 2",
}


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(d))
    return d


def test_svg_key_invalidated_by_each_input(monkeypatch):
    base = charts.svg_key(SPEC)
    assert charts.svg_key(dict(SPEC)) == base
    keys = {
        "data": charts.svg_key({**SPEC, "data": {"values": [{"area": "Rutland", "n": 2.0}]}}),
        "encoding": charts.svg_key({**SPEC, "mark": "point"}),
        "theme": charts.svg_key({**SPEC, "config": {**SPEC["config"], "font": "DejaVu Sans"}}),
        "title": charts.svg_key({**SPEC, "title": "Another title"}),
    }
    real = cache.versions
    with monkeypatch.context() as m:
        m.setattr(cache, "versions", lambda *d: {k: v + "+changed" for k, v in real(*d).items()})
        keys["vl-convert"] = charts.svg_key(SPEC)
    with monkeypatch.context() as m:
        m.setattr(cache, "fonts_stamp", lambda: "other fonts")
        keys["fonts"] = charts.svg_key(SPEC)
    with monkeypatch.context() as m:
        m.setattr(charts, "_OWN_FONTS", True)  # as in a chapter's kernel: vl-convert's own fonts
        keys["own fonts"] = charts.svg_key(SPEC)
        m.setattr(cache, "fonts_stamp", lambda: "other fonts")
        assert charts.svg_key(SPEC) == keys["own fonts"]  # the system's fonts then play no part
    assert base not in keys.values() and len(set(keys.values())) == len(keys)
    assert base != charts.png_key(SPEC, 2.0)  # a PNG and an SVG never share an entry


def test_chapter_kernels_draw_with_vl_converts_own_fonts(tmp_path, monkeypatch):
    """A chapter's kernel points fontconfig at a file that lists no fonts before its first chart, so that
    vl-convert measures text with the Liberation Sans it carries (instead of opening the system's font
    file for every text); this process, which starts pandoc and Typst, keeps the system's fonts."""
    import os
    import sys

    import nbformat

    from analysis.common.paths import resource
    from analysis.execute import kernels

    if not sys.platform.startswith("linux"):
        pytest.skip("vl-convert reads fontconfig on Linux only")
    conf = resource("chart-fonts/fonts.conf")
    assert sorted(p.name for p in conf.parent.iterdir()) == ["fonts.conf"]  # the folder it lists has no font
    assert 'prefix="relative">.</dir>' in conf.read_text(encoding="utf-8")
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    assert charts.vl_convert_own_fonts() is False and "FONTCONFIG_FILE" not in os.environ
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import os\nfrom analysis.present import charts\n"
            f"charts._OWN_FONTS = None\nos.environ.pop('FONTCONFIG_FILE', None)\nspec = {SPEC!r}\n"
            "svg = charts.chart_svg(spec)\n"
            "print(charts.vl_convert_own_fonts(), os.environ['FONTCONFIG_FILE'], svg.startswith('<svg'))"
        ),
    ]
    src, out = tmp_path / "in.ipynb", tmp_path / "out.ipynb"
    nbformat.write(nb, src)
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    try:
        done = kernels.execute_notebook_warm(src, out, {"x": 2}, timeout=120, cwd=tmp_path)
    finally:
        kernels.shutdown_all()
    printed = "".join(o.get("text", "") for c in done.cells for o in c.get("outputs", []))
    assert printed.split() == ["True", str(conf), "True"]


def test_svg_cached_and_png_drawn_from_it(cache_dir, monkeypatch):
    import vl_convert as vlc

    png = charts.chart_png(SPEC)
    assert png == vlc.vegalite_to_png(SPEC, scale=2.0)  # the HTML's image is unchanged
    assert len(list((cache_dir / "svg").iterdir())) == 1  # drawing the PNG left the SVG in the cache
    svg = vlc.vegalite_to_svg(SPEC)
    monkeypatch.setattr(vlc, "vegalite_to_svg", lambda *a, **k: pytest.fail("converted again"))
    assert charts.chart_svg(SPEC) == svg
    # the SVG's size is half the 2x PNG's: the width the Typst markup gives is the SVG's natural size
    w, h = (float(re.search(rf'\s{a}="([0-9.]+)"', svg[: svg.find(">")]).group(1)) for a in ("width", "height"))
    assert (int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")) == (2 * w, 2 * h)


def test_svg_made_without_cache(monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert charts.chart_svg(SPEC).startswith("<svg")


def test_typst_draws_the_svg_text_in_the_chart_font(tmp_path):
    import typst
    from pypdf import PdfReader

    (tmp_path / "c.svg").write_text(charts.chart_svg(SPEC), encoding="utf-8")
    (tmp_path / "b.typ").write_text('#figure(image("c.svg", width: 300pt, alt: "A bar chart"), caption: [C])')
    pdf, warnings = typst.compile_with_warnings(str(tmp_path / "b.typ"), root=str(tmp_path))
    assert warnings == []  # no missing font or glyph
    (tmp_path / "b.pdf").write_bytes(pdf)
    page = PdfReader(tmp_path / "b.pdf").pages[0]
    fonts = {str(f.get_object()["/BaseFont"]) for f in page["/Resources"]["/Font"].values()}
    assert any("LiberationSans" in f for f in fonts), fonts
    text = page.extract_text()
    for label in ("Rutland £", "Kent – East", "Children per 10,000 ≥ 2"):
        assert label in text


def test_figure_markup_points_typst_at_the_svg():
    from analysis.render.notebook import _figure_md

    meta = {"key": "k1", "title": "T", "caption": "C", "alt": "Alt text", "source": "S", "csv": "a\n1\n", "spec": SPEC}
    raw: dict = {}
    _figure_md(meta, charts.chart_svg(SPEC), 3, raw)
    typ = next(v["typst"] for v in raw.values() if v.get("typst"))
    assert 'image("figures/k1.svg"' in typ and 'alt: "Alt text"' in typ
    html = next(v["html"] for v in raw.values() if v.get("html"))
    assert '<img src="figures/k1.svg" alt="Alt text">' in html  # the HTML's image without script


# -- a PNG only for the outputs that show one ------------------------------------------------------


def _bundle(**kw):
    import altair as alt
    import pandas as pd

    d = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
    chart = alt.Chart(d).mark_line().encode(x="x:Q", y="y:Q")
    return charts.figure_bundle(chart, key="k", title="T", caption="C", alt_text="A", source="S", data=d, **kw)


def test_figure_bundle_png_follows_the_build(monkeypatch):
    from analysis.execute.kernels import FIGURE_PNG_ENV

    assert charts.PNG_ENV == FIGURE_PNG_ENV  # the kernel sets the variable the chart reads
    monkeypatch.delenv(charts.PNG_ENV, raising=False)
    assert "image/png" in _bundle()
    assert _bundle()["image/svg+xml"] == charts.chart_svg(_bundle()[charts.FIGURE_MIME]["spec"])  # always there
    monkeypatch.setenv(charts.PNG_ENV, "0")
    assert "image/png" not in _bundle()
    assert "image/png" in _bundle(png=True)  # an explicit choice wins
    monkeypatch.setenv(charts.PNG_ENV, "1")
    assert "image/png" not in _bundle(png=False)


def test_asset_draws_a_missing_png_and_typst_width_is_the_same():
    from analysis.render.notebook import Asset, _typst_width, png_size, svg_size

    png, svg = charts.chart_png(SPEC), charts.chart_svg(SPEC)
    a = Asset("figure", "k", 1, "C", "a\n1\n", png=None, spec=SPEC)
    assert a.png_bytes() == png and a.png == png
    assert a.svg_text() == svg and a.svg == svg
    assert Asset("table", "t", 1, "C", None).png_bytes() is None
    assert Asset("table", "t", 1, "C", None).svg_text() is None
    w, h = png_size(png) or (0, 0)
    assert _typst_width(svg_size(svg)) == _typst_width((w / 2, h / 2))  # the 2x PNG's size, as before


CHAPTER = """# %% [markdown]
# # A chapter with a figure

# %% tags=["parameters"]
build_dir = ""

# %%
import altair as alt
import pandas as pd
from analysis.present.charts import show_figure
d = pd.DataFrame({"x": [1, 2], "y": [3, 4]})
show_figure(alt.Chart(d).mark_line().encode(x="x:Q", y="y:Q"), key="fig-one", title="A line",
            caption="A caption.", alt_text="Alt text of the line chart.", source="Test source", data=d)
"""


def test_only_a_word_build_makes_a_png(tmp_path):
    import json
    from pathlib import Path

    from book_parts import pdf_figure_alts
    from conftest import mini_project
    from pypdf import PdfReader

    from analysis.builder.build import build

    repo = Path(__file__).resolve().parents[1]
    proj = mini_project(tmp_path / "proj", {"index": CHAPTER})

    def run(formats, keep):
        res = build(
            repo / "params" / "ccn-report.yml",
            formats=formats,
            out_root=tmp_path / "out",
            build_root=tmp_path / "build",
            project_root=proj,
            progress=lambda m: None,
            force_builtin=True,
            keep_kernels=keep,
        )
        nb = json.loads((res.build_dir / "notebooks" / "index.ipynb").read_text())
        data = [o["data"] for c in nb["cells"] for o in c.get("outputs", []) if charts.FIGURE_MIME in o.get("data", {})]
        assert len(data) == 1
        return res, data[0]

    res, data = run(["html", "pdf"], keep=True)  # the kernel stays for the next build: it must not keep "no PNG"
    assert "image/png" not in data
    assert not list(res.output_dir.rglob("*.png"))
    assert pdf_figure_alts(PdfReader(res.produced["pdf"][0])) == ["Alt text of the line chart."]
    svg = (res.output_dir / "figures" / "fig-one.svg").read_text(encoding="utf-8")  # the HTML's image
    in_notebook = data["image/svg+xml"]  # nbformat keeps a multi-line string as a list of lines
    assert svg == "".join(in_notebook) == charts.chart_svg(data[charts.FIGURE_MIME]["spec"])
    assert '<img src="figures/fig-one.svg"' in (res.output_dir / "index.html").read_text(encoding="utf-8")
    res, data = run(["docx"], keep=False)
    assert "image/png" in data


def test_pages_are_the_same_from_the_notebook_in_memory_or_read_back(tmp_path):
    """The build hands the renderer the notebooks papermill returned; the pages and assets are those the
    written files give (the audit copy is what was rendered)."""
    from conftest import mini_project

    from analysis.execute.chapters import execute_chapter
    from analysis.render.book import load_book
    from analysis.render.driver import load_docs

    proj = mini_project(tmp_path / "proj", {"index": CHAPTER})
    out = tmp_path / "nb"
    out.mkdir()
    run = execute_chapter(
        proj / "chapters" / "index.ipynb",
        out / "index.ipynb",
        {"build_dir": ""},
        timeout=120,
        cwd=proj,
        figure_png=False,
    )
    assert run.seconds > 0 and run.notebook is not None
    book = load_book(proj)
    from_file = load_docs(book, out)["index"]
    in_memory = load_docs(book, out, {"index": run.notebook})["index"]
    import re

    def plain(md: str) -> str:  # each conversion numbers its own placeholder tokens
        return re.sub(r"PTWORAW[0-9A-F]+N[0-9]+", "TOKEN", md)

    assert plain(in_memory.markdown) == plain(from_file.markdown) and in_memory.title == from_file.title
    assert [a.__dict__ for a in in_memory.assets] == [a.__dict__ for a in from_file.assets]
    html = [v["html"] for v in in_memory.raw.values()]
    assert html == [v["html"] for v in from_file.raw.values()] and '<img src="figures/fig-one.svg"' in html[0]
