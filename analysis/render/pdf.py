"""The PDF book: all chapters merged, converted by pandoc to Typst markup, compiled by Typst.

A4, title page, contents, numbered chapters (appendices lettered), charts as
SVG images with alt text (Typst draws their text in the charts' font), tables as
real tables that may break across pages, document title and language set,
bookmarks from the headings.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from analysis.common.errors import BuildError
from analysis.common.escape import typst_content as _typst_text
from analysis.common.escape import typst_string as _typst_str
from analysis.render.book import Book
from analysis.render.notebook import ChapterDoc
from analysis.render.safe import BookPart, RawBlocks, placeholder, to_typst


def unnumber_headings(md: str) -> str:
    """Mark every ATX heading unnumbered (front matter)."""

    def fix(m: re.Match) -> str:
        line = m.group(0)
        if "{" in line:
            return line if ".unnumbered" in line else line.replace("{", "{.unnumbered ", 1)
        return line + " {.unnumbered}"

    return re.sub(r"^#{1,6} .*$", fix, md, flags=re.M)


def preamble(book: Book, area: str, date: str) -> str:
    lang = (book.lang or "en-GB").split("-")
    region = f', region: "{lang[1].lower()}"' if len(lang) > 1 else ""
    credit = (
        f"{_typst_text(book.author)}. Based on the June 2026 report by the County Councils Network, "
        "the Society of County Treasurers and Newton."
    )
    return f"""#set document(title: "{_typst_str(book.title)}: {_typst_str(area)}", author: "{_typst_str(book.author)}")
#set text(lang: "{lang[0]}"{region}, size: 10.5pt)
#set page(paper: "a4", margin: (x: 2.2cm, top: 2.4cm, bottom: 2.4cm), numbering: "1",
  footer: context {{ if here().page() > 1 [#set text(size: 8.5pt); #h(1fr) #counter(page).display("1") #h(1fr)] }})
#set par(leading: 0.62em, spacing: 1.0em)
#set figure(numbering: none)
#show figure: set block(breakable: true)
#show figure.caption: set text(size: 9pt)
#show table: set text(size: 8.5pt)
#show table: it => {{ show regex("[._/]"): m => m + sym.zws; it }}
#set table(stroke: (x, y) => if y == 0 {{ (bottom: 0.8pt) }} else {{ (bottom: 0.3pt + luma(200)) }}, inset: 4pt)
#show heading.where(level: 1): it => {{ pagebreak(weak: true); v(1.2cm); text(size: 20pt, it); v(0.4cm) }}
#show heading.where(level: 2): set text(size: 13.5pt)
#show heading.where(level: 3): set text(size: 11.5pt)
#show link: set text(fill: rgb("#005a9c"))

#page(numbering: none)[
  #v(5cm)
  #text(size: 28pt, weight: "bold")[{_typst_text(book.title)}]
  #v(0.6cm)
  #text(size: 14pt)[{_typst_text(book.subtitle)}]
  #v(1.5cm)
  #text(size: 16pt)[{_typst_text(area)}]
  #v(0.4cm)
  #text(size: 11pt)[Built {_typst_text(date)}]
  #v(1fr)
  #text(size: 9pt)[{credit}]
]

#outline(title: [Contents], depth: 2)
"""


def book_parts(book: Book, docs: dict[str, ChapterDoc]) -> tuple[list[BookPart], RawBlocks]:
    """The PDF's book in order: each chapter's prose (page *i* of :func:`analysis.render.html.page_jobs`,
    the front matter's headings unnumbered), the heading numbering switched on before the first chapter,
    to lettered before the first appendix and off before the colophon (the last page, unnumbered); and the
    markup of every placeholder in it."""
    parts: list[BookPart] = []
    raw: RawBlocks = {}
    for d in docs.values():
        raw.update(d.raw)

    def switch(typst: str) -> None:
        parts.append(BookPart(raw=placeholder(raw, typst=typst).strip()))

    numbering_on = False
    appendix_on = False
    for i, e in enumerate(book.chapters):
        if e.kind == "chapter" and not numbering_on:
            switch('#set heading(numbering: "1.1")')
            numbering_on = True
        elif e.kind == "appendix" and not appendix_on:
            switch('#counter(heading).update(0)\n#set heading(numbering: "A.1", supplement: [Appendix])')
            appendix_on = True
        parts.append(BookPart(page=i, unnumbered=e.kind == "front"))
    switch("#set heading(numbering: none)")
    parts.append(BookPart(page=len(book.chapters), unnumbered=True))
    return parts, raw


def build_typst(
    book: Book, docs: dict[str, ChapterDoc], *, area: str, date: str, colophon_md: str, body: str | None = None
) -> str:
    """The book's Typst source; ``body``: its prose already converted (:func:`analysis.render.safe.convert_book`
    with :func:`book_parts`), else the parts are joined as markdown and converted here."""
    if body is None:
        parts, raw = book_parts(book, docs)
        pages = [docs[e.stem].markdown for e in book.chapters] + [colophon_md]
        chunks = []
        for p in parts:
            if p.page is None:
                assert p.raw is not None  # book_parts makes pages and placeholders only
                chunks.append(p.raw)
            else:
                chunks.append(unnumber_headings(pages[p.page]) if p.unnumbered else pages[p.page])
        body = to_typst("\n\n".join(chunks), raw)
    return preamble(book, area, date) + "\n" + body


def write_pdf(
    book: Book,
    docs: dict[str, ChapterDoc],
    work: Path,
    pdf_path: Path,
    *,
    area: str,
    date: str,
    colophon_md: str,
    body: str | None = None,
) -> Path:
    work.mkdir(parents=True, exist_ok=True)
    (work / "figures").mkdir(exist_ok=True)
    for doc in docs.values():
        for a in doc.assets:
            svg = a.svg_text()
            if svg is not None:
                (work / "figures" / f"{a.key}.svg").write_text(svg, encoding="utf-8")
    src = work / "book.typ"
    src.write_text(build_typst(book, docs, area=area, date=date, colophon_md=colophon_md, body=body), encoding="utf-8")
    pdf_path.parent.mkdir(parents=True, exist_ok=True)
    compile_typst(src, pdf_path, work)
    return pdf_path


_COMPILE = "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], root=sys.argv[3])"


def compile_typst(src: Path, pdf_path: Path, root: Path) -> None:
    """Typst's compile, in a child process.  The typst package memoises every compilation in its process
    and never lets go: a batch worker grew by some 130 MB with each council's book.  A child process costs
    about 30 ms against a compile of over half a second, and lets the PDF compile while this process
    writes the HTML pages."""
    r = subprocess.run(
        [sys.executable, "-c", _COMPILE, str(src), str(pdf_path), str(root)], capture_output=True, text=True
    )
    if r.returncode != 0:
        lines = [ln for ln in r.stderr.strip().splitlines() if ln.strip()]
        raise BuildError(f"Typst could not compile the PDF: {lines[-1] if lines else f'exit code {r.returncode}'}")
