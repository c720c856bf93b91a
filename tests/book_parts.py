"""What a rendered book holds, read back from its files: chapters, figures, tables (HTML, PDF, Word).
Used by the Word and renderer-parity tests."""

from __future__ import annotations

import html
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def html_figures(out: Path, pages: list[str]) -> list[tuple[str, str, str, str]]:
    """(page, figure id, alt text, caption with source) of every p2r figure, in book order."""
    found = []
    for name in pages:
        page = (Path(out) / name).read_text(encoding="utf-8")
        for m in re.finditer(r'<figure class="p2r-figure[^"]*" id="([^"]+)">(.*?)</figure>', page, re.S):
            alt = re.search(r'<img src="figures/[^"]+" alt="([^"]*)"', m.group(2))
            cap = re.search(r"<figcaption>(.*?)</figcaption>", m.group(2), re.S)
            found.append(
                (name, m.group(1), html.unescape(alt.group(1)) if alt else "", _text(cap.group(1) if cap else ""))
            )
    return found


def html_table_captions(out: Path, pages: list[str]) -> list[tuple[str, str]]:
    """(page, caption) of every numbered table ('Table N: ...'), in book order."""
    found = []
    for name in pages:
        page = (Path(out) / name).read_text(encoding="utf-8")
        for cap in re.findall(r"<caption[^>]*>(.*?)</caption>", page, re.S):
            text = _text(cap)
            if re.match(r"Table \d+:", text):
                found.append((name, text))
    return found


def html_headings(out: Path, name: str) -> list[str]:
    """The text of every h1 on a page, in order."""
    page = (Path(out) / name).read_text(encoding="utf-8")
    return [_text(h).replace("\u2019", "'") for h in re.findall(r"<h1[^>]*>(.*?)</h1>", page, re.S)]


def docx_summary(path: Path) -> dict:
    """Headings (level, text), image alt texts (docPr descr), tables, captions and page size."""
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("word/document.xml"))
        media = [n for n in z.namelist() if n.startswith("word/media/")]
    headings, paragraphs = [], []
    for p in root.iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        st = p.find(f"{W}pPr/{W}pStyle")
        style = st.get(f"{W}val") if st is not None else ""
        m = re.fullmatch(r"Heading(\d)", style or "")
        if m:
            headings.append((int(m.group(1)), text))
        paragraphs.append((style, text))
    size = root.find(f".//{W}sectPr/{W}pgSz")
    return {
        "headings": headings,
        "alts": [d.get("descr", "") for d in root.iter(f"{WP}docPr")],
        "tables": len(list(root.iter(f"{W}tbl"))),
        "paragraphs": paragraphs,
        "media": media,
        "page_size_twips": (int(size.get(f"{W}w")), int(size.get(f"{W}h"))) if size is not None else None,
    }


def pdf_figure_alts(reader) -> list[str]:
    """The alt text of every Figure element in a tagged PDF's structure tree."""
    alts: list[str] = []

    def walk(node) -> None:
        node = node.get_object()
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif isinstance(node, dict):
            if node.get("/S") == "/Figure":
                alts.append(str(node.get("/Alt", "")))
            if node.get("/K") is not None:
                walk(node["/K"])

    root = reader.trailer["/Root"]
    if "/StructTreeRoot" in root:
        walk(root["/StructTreeRoot"])
    return alts
