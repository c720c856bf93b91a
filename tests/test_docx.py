"""The Word version (render.formats: [docx]) from the same executed notebooks as HTML and PDF:
A4, numbered headings in book order, every chart as an image with its alt text (docPr descr) and
its caption and source note, every table with its caption."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from book_parts import docx_summary

from analysis.render import load_book
from analysis.render.driver import load_docs, render_book

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def word(rendered, tmp_path_factory):
    res = rendered("ccn-report")
    book = load_book(REPO)
    nb = res.build_dir / "notebooks"
    out = tmp_path_factory.mktemp("docx")
    produced = render_book(
        book,
        nb,
        out,
        formats=["docx"],
        area="County and CCN unitary member authorities",
        date="2026-12-01",
        provenance={"summary": {"Renderer": "built-in"}},
        variant="ccn-report",
        force_builtin=True,
    )
    return produced["docx"][0], book, load_docs(book, nb)


@pytest.mark.render
def test_word_has_the_books_headings_figures_and_tables(word):
    path, book, docs = word
    assert path.name == "ccn-report.docx"
    s = docx_summary(path)
    assert s["page_size_twips"] == (11906, 16838)  # A4
    top = [t.replace("\u2019", "'") for level, t in s["headings"] if level == 1]  # pandoc makes quotes curly
    expected = []
    for e in book.chapters:
        title = docs[e.stem].title
        expected.append(
            title
            if e.kind == "front"
            else f"Appendix {e.label}: {title}"
            if e.kind == "appendix"
            else f"{e.label} {title}"
        )
    assert top == expected + ["Colophon"]
    assert any(re.fullmatch(r"9\.2 .+", t) for level, t in s["headings"] if level == 2)  # numbered sections
    figures = [a for d in docs.values() for a in d.assets if a.kind == "figure"]
    tables = [a for d in docs.values() for a in d.assets if a.kind == "table"]
    assert s["alts"] == [a.alt for a in figures]  # every chart, in order, with its alt text
    assert len(s["media"]) == len(figures)
    texts = [t for _, t in s["paragraphs"]]
    for a in figures:
        assert any(t.startswith(f"Figure {a.number}:") and "Source:" in t for t in texts), a.key
    for a in tables:
        assert any(t.startswith(f"Table {a.number}:") for t in texts), a.key
    assert s["tables"] >= len(tables)
    assert not any("PTWORAW" in t for t in texts)  # no placeholder left behind


def test_cli_to_accepts_docx():
    import argparse

    from analysis.cli.common import formats_arg

    assert formats_arg("html,pdf,docx") == ["html", "pdf", "docx"]
    assert formats_arg("docx") == ["docx"]
    with pytest.raises(argparse.ArgumentTypeError):
        formats_arg("html,odt")
