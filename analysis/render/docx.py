"""The Word book (``<variant>.docx``) for committee papers, from the same executed notebooks.

Generated prose is read by pandoc exactly as for HTML and PDF (:data:`analysis.render.safe.PROSE_FORMAT`
and ``safe.lua``) into pandoc's document tree; the package's own markup for a figure is then put in as
tree nodes, never as text: the chart as an image whose alt text Word shows (``docPr descr``), its
caption with 'Figure N:' and the source note.  Headings are numbered as in the other formats (chapters
1, 2 ...; appendices A, A.1 ...; the home page and colophon unnumbered); tables keep their 'Table N:'
captions.  The styles (A4, 2.2 cm margins, Arial, navy headings) come from ``assets/reference.docx``,
pandoc's default reference document restyled with python-docx.  The data behind each chart stay in
the HTML and the CSV downloads.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypandoc

from analysis.common.errors import BuildError
from analysis.render.book import Book
from analysis.render.notebook import ChapterDoc, png_size
from analysis.render.safe import LUA_FILTER, PROSE_FORMAT, RawBlocks

REFERENCE_DOCX = Path(__file__).parent / "assets" / "reference.docx"
TEXT_WIDTH_CM = 16.6  # A4 less 2.2 cm margins
MAX_HEIGHT_CM = 15.0


def _inlines(text: str) -> list[dict]:
    out: list[dict] = []
    for i, word in enumerate(re.split(r"\s+", text.strip())):
        if i:
            out.append({"t": "Space"})
        if word:
            out.append({"t": "Str", "c": word})
    return out


def _ast(md: str) -> dict:
    raw = pypandoc.convert_text(md, "json", format=PROSE_FORMAT, extra_args=[f"--lua-filter={LUA_FILTER}"])
    return json.loads(raw)


def _figure_blocks(fig: dict, figures: Path) -> list[dict]:
    """A figure as pandoc blocks: the image (alt text, size) and its caption with the source note."""
    png = figures / f"{fig['key']}.png"
    size = png_size(png.read_bytes()) if png.exists() else None
    attrs = []
    if size:
        w_cm = size[0] / 2 / 96 * 2.54  # charts are drawn at 2x
        h_cm = size[1] / 2 / 96 * 2.54
        factor = min(1.0, TEXT_WIDTH_CM / w_cm, MAX_HEIGHT_CM / h_cm)
        attrs = [["width", f"{w_cm * factor:.2f}cm"]]
    caption = [{"t": "Strong", "c": _inlines(f"Figure {fig['number']}:")}, {"t": "Space"}]
    caption += _inlines(f"{fig['caption']} Source: {fig['source']}")
    image = {"t": "Image", "c": [["", [], attrs], _inlines(fig["alt"]), [str(png), ""]]}
    return [
        {
            "t": "Figure",
            "c": [
                [f"fig-{fig['key']}", [], []],
                [None, [{"t": "Plain", "c": caption}]],
                [{"t": "Plain", "c": [image]}],
            ],
        }
    ]


def _swap(blocks: list, raw: RawBlocks, figures: Path) -> list:
    """Replace each placeholder paragraph by the package's own blocks for Word (or nothing)."""
    out = []
    for b in blocks:
        if b.get("t") == "Para" and len(b["c"]) == 1 and b["c"][0].get("t") == "Str" and b["c"][0]["c"] in raw:
            spec = raw[b["c"][0]["c"]].get("docx")
            if spec:
                out.extend(_figure_blocks(json.loads(spec), figures))
            continue
        if b.get("t") == "Div":
            b["c"][1] = _swap(b["c"][1], raw, figures)
        out.append(b)
    return out


def _number_headings(blocks: list, kind: str, label: str) -> None:
    """Put the heading numbers into the text: '3', '3.1' ...; 'Appendix A:', 'A.1' ...; none on the
    home page, the colophon or a heading marked unnumbered."""
    counts = [0] * 6
    for b in blocks:
        if b.get("t") != "Header":
            continue
        level, (_id, classes, _kv), content = b["c"]
        if kind == "front" or "unnumbered" in classes:
            continue
        if level == 1:
            prefix = f"Appendix {label}:" if kind == "appendix" else label
        else:
            counts[level - 1] += 1
            counts[level:] = [0] * (6 - level)
            prefix = ".".join([label, *(str(c) for c in counts[1:level])])
        b["c"][2] = [{"t": "Str", "c": prefix}, {"t": "Space"}, *content]


def build_docx_ast(book: Book, docs: dict[str, ChapterDoc], figures: Path, *, area: str, date: str, colophon_md: str):
    blocks: list = []
    appendices_started = False
    for e in book.chapters:
        doc = docs[e.stem]
        tree = _ast(doc.markdown)
        body = _swap(tree["blocks"], doc.raw, figures)
        _number_headings(body, e.kind, e.label)
        if e.kind == "appendix" and not appendices_started:
            appendices_started = True
        blocks.extend(body)
    colophon = _ast(colophon_md)["blocks"]
    blocks.extend(colophon)

    def meta_str(s: str) -> dict:
        return {"t": "MetaInlines", "c": _inlines(s)}

    meta = {
        "title": meta_str(book.title),
        "subtitle": meta_str(f"{book.subtitle}. {area}" if book.subtitle else area),
        "author": {"t": "MetaList", "c": [meta_str(book.author)]},
        "date": meta_str(f"Built {date}"),
        "lang": meta_str(book.lang or "en-GB"),
        "toc-title": meta_str("Contents"),
    }
    tree = _ast("")
    tree["meta"] = meta
    tree["blocks"] = blocks
    return tree


def write_docx(
    book: Book, docs: dict[str, ChapterDoc], docx_path: Path, *, area: str, date: str, colophon_md: str
) -> Path:
    work = docx_path.parent / ".docx-figures"
    work.mkdir(parents=True, exist_ok=True)
    try:
        for doc in docs.values():
            for a in doc.assets:
                png = a.png_bytes()
                if png is not None:
                    (work / f"{a.key}.png").write_bytes(png)
        tree = build_docx_ast(book, docs, work, area=area, date=date, colophon_md=colophon_md)
        docx_path.parent.mkdir(parents=True, exist_ok=True)
        try:
            pypandoc.convert_text(
                json.dumps(tree),
                "docx",
                format="json",
                outputfile=str(docx_path),
                extra_args=[f"--reference-doc={REFERENCE_DOCX}", "--toc", "--toc-depth=2"],
            )
        except RuntimeError as e:
            raise BuildError(f"pandoc could not write the Word document {docx_path.name}: {e}") from e
    finally:
        for f in work.glob("*.png"):
            f.unlink()
        work.rmdir()
    return docx_path
