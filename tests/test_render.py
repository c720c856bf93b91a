"""A real render of the book (built-in renderer: pandoc + Typst), inspected like a reader would."""

import json
import re
from pathlib import Path

import pytest
from book_parts import pdf_figure_alts
from pypdf import PdfReader

from analysis.render import load_book

REPO = Path(__file__).resolve().parents[1]
BOOK = load_book(REPO)

pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def ccn(rendered):
    return rendered("ccn-report")


def test_every_chapter_page_exists(ccn):
    for e in BOOK.chapters:
        assert (ccn.output_dir / e.html_name).exists(), e.html_name
    assert (ccn.output_dir / "colophon.html").exists()


def test_executed_notebooks_kept_for_audit(ccn):
    for e in BOOK.chapters:
        nb = ccn.build_dir / "notebooks" / f"{e.stem}.ipynb"
        assert nb.exists()
    assert (ccn.build_dir / "results" / "model").is_dir()


def test_executed_notebooks_hold_only_report_content(ccn):
    """Every output is a display of report content (markdown, figure, table): no stray expression
    results (a DataFrame repr left at the end of a cell), errors or printed text, which Quarto
    would put into the book."""
    allowed = {"text/markdown", "application/vnd.p2r.figure+json", "application/vnd.p2r.table+json"}
    for e in BOOK.chapters:
        nb = json.loads((ccn.build_dir / "notebooks" / f"{e.stem}.ipynb").read_text())
        for c in nb["cells"]:
            for o in c.get("outputs", []):
                where = f"{e.stem}: {''.join(c['source'])[:80]!r}"
                assert o["output_type"] == "display_data", where
                assert set(o["data"]) & allowed, where


def _pages(ccn):
    return {p.name: p.read_text(encoding="utf-8") for p in ccn.output_dir.glob("*.html")}


def test_no_cdn_scripts_or_stylesheets(ccn):
    for name, html in _pages(ccn).items():
        for tag in re.findall(r"<(?:script|link)\b[^>]*>", html):
            assert not re.search(r"(src|href)=\"(https?:)?//", tag), (name, tag)
    assert (ccn.output_dir / "assets" / "vega-bundle.js").stat().st_size > 500_000


def test_no_code_reprs_anywhere(ccn):
    texts = list(_pages(ccn).values())
    texts += [p.read_text(encoding="utf-8") for p in (ccn.build_dir / "notebooks").glob("*.ipynb")]
    pdf = next(ccn.output_dir.glob("*.pdf"))
    texts.append("\n".join(pg.extract_text() for pg in PdfReader(pdf).pages))
    for t in texts:
        assert "alt.Chart(" not in t
        assert "<IPython.core.display" not in t
        assert "Traceback" not in t


def test_every_chart_is_in_html_and_pdf(ccn):
    pages = _pages(ccn)
    specs = []
    for html in pages.values():
        for m in re.finditer(r'<script type="application/json" id="(fig-[^"]+)-spec">(.*?)</script>', html, re.S):
            spec = json.loads(m.group(2).replace("<\\/", "</"))
            assert spec.get("datasets") or spec.get("data", {}).get("values"), m.group(1)
            specs.append(m.group(1))
            key = m.group(1)[4:]
            assert (ccn.output_dir / "data" / f"{key}.csv").exists()
            assert f'href="data/{key}.csv"' in html
    assert len(specs) >= 1
    figures = sorted((ccn.output_dir / "figures").glob("*.svg"))
    assert len(figures) == len(specs)
    # the PDF draws charts as SVG (vector, no raster image): each is a tagged Figure with its alt text
    pdf = next(ccn.output_dir.glob("*.pdf"))
    alts = pdf_figure_alts(PdfReader(pdf))
    assert len(alts) >= len(specs) and all(len(a) >= 10 for a in alts)


def test_figures_have_caption_alt_and_source(ccn):
    for name, html in _pages(ccn).items():
        for fig in re.findall(r'<figure class="p2r-figure".*?</figure>', html, re.S):
            assert re.search(r'role="img" aria-label="[^"]{10,}"', fig), name
            assert re.search(r"<figcaption><strong>Figure \d+:</strong>", fig)
            assert 'class="source">Source: ' in fig
            assert "<details" in fig  # data table alternative


def test_pdf_has_every_chapter_title_and_metadata(ccn):
    pdf = next(ccn.output_dir.glob("*.pdf"))
    reader = PdfReader(pdf)
    text = re.sub(r"\s+", " ", "\n".join(pg.extract_text() for pg in reader.pages))
    text = text.replace("\u2019", "'")  # pandoc typesets straight quotes as curly ones
    titles = []
    for e in BOOK.chapters:
        nb = json.loads((ccn.build_dir / "notebooks" / f"{e.stem}.ipynb").read_text())
        first_md = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
        title = "".join(first_md["source"]).splitlines()[0].lstrip("# ").split("{")[0].strip()
        titles.append(title)
        assert title in text, title
    assert reader.metadata.title.startswith("From prevention to reconnection")
    outline = [o.title for o in reader.outline if not isinstance(o, list)]
    assert len(outline) >= len(titles)  # bookmarks from headings
    assert len(reader.pages) > len(titles)


def test_html_navigation_and_numbering(ccn):
    pages = _pages(ccn)
    impact = pages["impact.html"]
    assert 'rel="prev"' in impact and 'rel="next"' in impact
    assert '<html lang="en-GB">' in impact
    e = BOOK.entry("impact")
    assert f'<span class="header-section-number">{e.label}</span>' in impact
    assert 'aria-current="page"' in impact
    assert "Colophon" in pages["colophon.html"] and "Git commit" in pages["colophon.html"]


@pytest.mark.parametrize("variant", ["pop-500k", "demo-shire"])
def test_other_variants_render_with_their_own_numbers(rendered, variant):
    from analysis.common import fmt
    from analysis.model.results import ModelResults

    res = rendered(variant)
    for e in BOOK.chapters:
        assert (res.output_dir / e.html_name).exists()
    pdf = res.output_dir / f"{variant}.pdf"
    assert len(PdfReader(pdf).pages) > len(BOOK.chapters)
    h = ModelResults.from_dir(res.build_dir / "results" / "model").headline
    index = (res.output_dir / "index.html").read_text(encoding="utf-8")
    # the key findings quote this variant's computed figures, not the default report's
    assert fmt.money(h["spend_2025"]) in index
    assert fmt.num(h["cla_2035_do_nothing"]) in index
    ccn = ModelResults.from_dir(rendered("ccn-report").build_dir / "results" / "model").headline
    assert fmt.num(ccn["cla_2035_do_nothing"]) not in index
