"""The default report rendered with real Quarto (``quarto`` on the PATH, or installed from
../shared/tools/quarto; skipped locally when neither exists, failed under CI=1), checked against the
built-in renderer on the same params: the same pages in the same order, the same figures (alt text,
caption, source note), the same tables, a PDF of comparable length with the charts as images and
bookmarks, zero axe (WCAG 2.2 A/AA) violations on Quarto's pages, and Word from the same notebooks."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from book_parts import docx_summary, html_figures, html_headings, html_table_captions, pdf_figure_alts
from test_accessibility import find_chromium, run_checker

from analysis.render import load_book
from analysis.render.driver import load_docs

REPO = Path(__file__).resolve().parents[1]
BOOK = load_book(REPO)
PAGES = [e.html_name for e in BOOK.chapters] + ["colophon.html"]

pytestmark = pytest.mark.render


def _pdf(path: Path):
    import pypdf

    return pypdf.PdfReader(str(path))


def _outline_titles(reader) -> list[str]:
    titles: list[str] = []

    def walk(items):
        for it in items:
            if isinstance(it, list):
                walk(it)
            else:
                titles.append(it.title)

    walk(reader.outline)
    return titles


def _titles(res) -> list[str]:
    docs = load_docs(BOOK, res.build_dir / "notebooks")
    return [docs[e.stem].title for e in BOOK.chapters]


def test_quarto_writes_the_outputs_the_readme_names(quarto_rendered):
    out = quarto_rendered.output_dir
    assert {p.name for p in out.glob("*.html")} == set(PAGES)
    assert (out / "ccn-report.pdf").is_file() and (out / "ccn-report.docx").is_file()
    prov = json.loads((quarto_rendered.build_dir / "provenance.json").read_text())
    assert prov["summary"]["Renderer"] == "quarto"
    version = prov["summary"]["quarto version"]
    assert version[:1].isdigit()
    assert f"{version}</td>" in (out / "colophon.html").read_text()  # Quarto's version in the colophon


def test_same_chapters_figures_and_tables_as_the_builtin_renderer(quarto_rendered, rendered):
    q, b = quarto_rendered.output_dir, rendered("ccn-report").output_dir
    for e, title in zip(BOOK.chapters, _titles(quarto_rendered)):
        assert title in html_headings(b, e.html_name)[0], (e.html_name, title)
        assert title in " ".join(html_headings(q, e.html_name)[:2]), (e.html_name, title)  # after the book title
    figures_b, figures_q = html_figures(b, PAGES), html_figures(q, PAGES)
    assert figures_b and figures_q == figures_b  # page, id, alt text, caption and source, in order
    tables_b, tables_q = html_table_captions(b, PAGES), html_table_captions(q, PAGES)
    assert tables_b and tables_q == tables_b


def test_quarto_pdf_is_a_publication_of_comparable_length(quarto_rendered, rendered):
    q = _pdf(quarto_rendered.output_dir / "ccn-report.pdf")
    b = _pdf(rendered("ccn-report").output_dir / "ccn-report.pdf")
    n_q, n_b = len(q.pages), len(b.pages)
    alts_q, alts_b = pdf_figure_alts(q), pdf_figure_alts(b)
    print(f"PDF pages: Quarto {n_q}, built-in {n_b}; figures {len(alts_q)} / {len(alts_b)}")
    assert 0.8 * n_b <= n_q <= 1.35 * n_b  # not the 174-page dump of every chart's data
    assert alts_b and alts_q == alts_b  # every chart (an SVG, so no raster image), tagged with its alt text
    text = "".join(p.extract_text() for p in q.pages)
    assert "Show the data behind" not in text and "Download the data" not in text  # HTML only
    bookmarks = [t.replace("\u2019", "'") for t in _outline_titles(q)]
    for e, title in zip(BOOK.chapters, _titles(quarto_rendered)):
        label = "" if e.kind == "front" else f"{e.label}. "
        assert f"{label}{title}".replace("\u2019", "'") in bookmarks, (e.stem, bookmarks)


def test_quarto_html_has_no_axe_violations(quarto_rendered, tmp_path):
    node, chromium = shutil.which("node"), find_chromium()
    if not node or not chromium or not (REPO / "tests" / "a11y" / "node_modules" / "axe-core").exists():
        if os.environ.get("P2R_REQUIRE_BROWSER") == "1" or os.environ.get("CI"):
            pytest.fail("Node, Chromium or tests/a11y/node_modules missing for the axe check")
        pytest.skip("Node, Chromium or tests/a11y/node_modules missing")
    summary = run_checker(node, chromium, quarto_rendered.output_dir, tmp_path / "axe.json")
    axe = [v for v in summary["violations"] if not v["rule"].startswith("p2r-")]
    other = sorted({v["rule"] for v in summary["violations"] if v["rule"].startswith("p2r-")})
    print(f"axe on Quarto's {summary['pages']} pages: {len(axe)} violations; the package's own checks: {other}")
    assert summary["pages"] == len(PAGES) and summary["chartsDrawn"] == summary["chartsTotal"]
    assert not axe, "\n".join(f"{v['page']} [{v['mode']}] {v['rule']}: {v['help']}" for v in axe[:40])


def test_word_from_the_quarto_build_has_every_figure(quarto_rendered, rendered):
    s = docx_summary(quarto_rendered.output_dir / "ccn-report.docx")
    alts = [a for _, _, a, _ in html_figures(rendered("ccn-report").output_dir, PAGES)]
    assert s["alts"] == alts
