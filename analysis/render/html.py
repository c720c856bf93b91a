"""The HTML book: one page per chapter, contents sidebar, previous/next links.

Works opened from disk: every script and stylesheet is a local file under
``assets/``; the Vega bundle comes from vl-convert, not a CDN.
"""

from __future__ import annotations

import html
import os
import re
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

from analysis.common import cache
from analysis.render.book import Book, ChapterEntry
from analysis.render.notebook import ChapterDoc
from analysis.render.safe import PROSE_FORMAT, HtmlJob, to_html_many

ASSETS = Path(__file__).parent / "assets"
#: generated prose is read with raw HTML and raw blocks disabled (see :mod:`analysis.render.safe`)
PANDOC_FORMAT = PROSE_FORMAT


def vega_bundle_key() -> str:
    """The cache key of the Vega bundle: it is vl-convert's own Vega, Vega-Lite and Vega-Embed, bundled by
    vl-convert with no input of ours, so the vl-convert version (and the name of the call) determines it."""
    return cache.make_key("vega-bundle", "javascript_bundle()", cache.versions("vl-convert-python"))


@lru_cache(maxsize=1)
def _vega_bundle_for(key: str) -> str:
    def bundle() -> str:
        import vl_convert as vlc

        return vlc.javascript_bundle()  # type: ignore[call-arg]  # the stub omits the default snippet (window globals)

    hit = cache.load("vega-bundle", key)
    if isinstance(hit, str) and hit:
        return hit
    text = bundle()
    cache.store("vega-bundle", key, text)
    return text


def _vega_bundle() -> str:
    """The Vega bundle (about 2 s to build): from the result cache (:mod:`analysis.common.cache`), and once
    per process (a batch worker renders many books)."""
    return _vega_bundle_for(vega_bundle_key())


def write_assets(out: Path) -> None:
    a = out / "assets"
    a.mkdir(parents=True, exist_ok=True)
    for name in ("p2r.css", "p2r.js"):
        (a / name).write_text((ASSETS / name).read_text(encoding="utf-8"), encoding="utf-8")
    (a / "vega-bundle.js").write_text(_vega_bundle(), encoding="utf-8")


def page_title(entry: ChapterEntry, title: str) -> str:
    if entry.kind == "appendix":
        return f"Appendix {entry.label}: {title}"
    if entry.kind == "chapter":
        return f"{entry.label} {title}"
    return title


def _retitle(entry: ChapterEntry, title: str) -> str | None:
    """An appendix page's heading, 'Appendix A: Title', in place of its first one (None: keep it)."""
    return f"# Appendix {entry.label}: {title} {{.unnumbered}}" if entry.kind == "appendix" else None


_TABLE = re.compile(r"(<table(?![^>]*class=\"data-alt\")[^>]*>)(.*?)(</table>)", re.S)


def _wrap_tables(body: str) -> str:
    def wrap(m: re.Match) -> str:
        cap = re.search(r"<caption>(.*?)</caption>", m.group(2), re.S)
        label = html.escape(re.sub(r"<[^>]+>", "", cap.group(1)).strip()) if cap else "Table"
        return (
            f'<div class="table-wrap" role="region" tabindex="0" aria-label="{label}">'
            f"{m.group(1)}{m.group(2)}{m.group(3)}</div>"
        )

    return _TABLE.sub(wrap, body)


def chapter_job(doc: ChapterDoc, entry: ChapterEntry) -> HtmlJob:
    """A chapter page's conversion: sections as ``<section>``, numbered from the chapter's number."""
    offset = int(entry.label) - 1 if entry.kind == "chapter" else None
    return HtmlJob(doc.markdown, doc.raw, section_divs=True, number_offset=offset, retitle=_retitle(entry, doc.title))


def page_jobs(book: Book, docs: dict[str, ChapterDoc], colophon_md: str) -> list[HtmlJob]:
    """The conversion of every page, in book order, the colophon last."""
    return [chapter_job(docs[e.stem], e) for e in book.chapters] + [HtmlJob(colophon_md)]


def finish_body(body: str) -> str:
    """A page's HTML as pandoc wrote it, its tables made scrollable regions."""
    return _wrap_tables(body)


def chapter_bodies(jobs: list[HtmlJob]) -> list[str]:
    """The pages' HTML bodies: pandoc runs once per core, each run converting a share of the pages
    (:func:`analysis.render.safe.to_html_many`), shares balanced by length."""
    n = max(1, min(2, os.cpu_count() or 1, len(jobs)))
    shares: list[list[int]] = [[] for _ in range(n)]
    sizes = [0] * n
    for i in sorted(range(len(jobs)), key=lambda i: -len(jobs[i].md)):
        k = sizes.index(min(sizes))
        shares[k].append(i)
        sizes[k] += len(jobs[i].md)
    bodies: list[str] = [""] * len(jobs)
    with ThreadPoolExecutor(max_workers=n) as pool:
        for share, out in zip(shares, pool.map(lambda sh: to_html_many([jobs[i] for i in sh]), shares)):
            for i, body in zip(share, out):
                bodies[i] = finish_body(body)
    return bodies


def _nav(book: Book, docs: dict[str, ChapterDoc], current: ChapterEntry | None, extra: list[tuple[str, str]]) -> str:
    """Contents list.  A part (and the appendices) is a nested list under its visible name, so the
    grouping reaches screen readers too (WCAG 1.3.1)."""

    def link(href: str, label: str, num: str, is_current: bool) -> str:
        cur = ' aria-current="page"' if is_current else ""
        num_html = f'<span class="num">{html.escape(num)}</span>' if num else ""
        return f'<li><a href="{href}"{cur}>{num_html}{html.escape(label)}</a></li>'

    groups: list[tuple[str | None, list[str]]] = []  # (group name or None for top level, items)
    key = object()
    for e in book.chapters:
        name = "Appendices" if e.kind == "appendix" else e.part
        if name != key:
            groups.append((name, []))
            key = name
        num = e.label if e.kind in ("chapter", "appendix") else ""
        groups[-1][1].append(link(e.html_name, docs[e.stem].title, num, current is not None and e == current))
    items: list[str] = []
    for n, (name, group) in enumerate(groups):
        if name:
            items.append(
                f'<li class="part"><span class="part-title" id="nav-part-{n}">{html.escape(name)}</span>'
                f'<ol aria-labelledby="nav-part-{n}">{"".join(group)}</ol></li>'
            )
        else:
            items.extend(group)
    for href, label in extra:
        items.append(link(href, label, "", current is None and href == "colophon.html"))
    return '<nav class="sidebar" aria-label="Book contents"><h2>Contents</h2><ol>' + "".join(items) + "</ol></nav>"


def _page(
    book: Book,
    area: str,
    lang: str,
    title: str,
    nav: str,
    body: str,
    prev: tuple[str, str] | None,
    nxt: tuple[str, str] | None,
) -> str:
    pager = ['<nav class="pager" aria-label="Previous and next pages">']
    pager.append(f'<a href="{prev[0]}" rel="prev">Previous: {html.escape(prev[1])}</a>' if prev else "<span></span>")
    pager.append(f'<a href="{nxt[0]}" rel="next">Next: {html.escape(nxt[1])}</a>' if nxt else "<span></span>")
    pager.append("</nav>")
    footer = (
        f'<footer class="site-footer"><p>{html.escape(book.title)}: {html.escape(area)}. Built with the '
        'prevention-to-reconnection package; see the <a href="colophon.html">colophon</a> for provenance.</p></footer>'
    )
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} | {html.escape(book.title)}</title>
<link rel="stylesheet" href="assets/p2r.css">
<script src="assets/vega-bundle.js" defer></script>
<script src="assets/p2r.js" defer></script>
</head>
<body>
<a class="skip-link" href="#main">Skip to main content</a>
<header class="site-header">
<p class="book-title"><a href="index.html">{html.escape(book.title)}</a></p>
<p class="area">{html.escape(area)}</p>
</header>
<div class="layout">
{nav}
<main id="main" tabindex="-1">
{body}
{"".join(pager)}
</main>
</div>
{footer}
</body>
</html>
"""


def write_html(
    book: Book,
    docs: dict[str, ChapterDoc],
    out: Path,
    *,
    area: str,
    colophon_md: str,
    bodies: list[str] | None = None,
) -> list[Path]:
    """The HTML book; ``bodies``: the pages already converted (:func:`page_jobs`, then :func:`finish_body`),
    else they are converted here."""
    out.mkdir(parents=True, exist_ok=True)
    write_assets(out)
    (out / "figures").mkdir(exist_ok=True)
    (out / "data").mkdir(exist_ok=True)
    lang = book.lang or "en-GB"
    pages: list[Path] = []
    entries = book.chapters
    extra = [("colophon.html", "Colophon")]
    seq = [(e.html_name, page_title(e, docs[e.stem].title)) for e in entries] + extra
    # every page in one or two pandoc runs; the colophon is the last page
    *bodies, colophon = bodies if bodies is not None else chapter_bodies(page_jobs(book, docs, colophon_md))
    for i, e in enumerate(entries):
        doc = docs[e.stem]
        for a in doc.assets:
            svg = a.svg_text()
            if svg is not None:  # the chart's image where scripts do not run
                (out / "figures" / f"{a.key}.svg").write_text(svg, encoding="utf-8")
            if a.csv is not None:
                (out / "data" / f"{a.key}.csv").write_text(a.csv, encoding="utf-8")
        body = bodies[i]
        nav = _nav(book, docs, e, extra)
        prev = seq[i - 1] if i > 0 else None
        nxt = seq[i + 1]
        p = out / e.html_name
        p.write_text(_page(book, area, lang, page_title(e, doc.title), nav, body, prev, nxt), encoding="utf-8")
        pages.append(p)
    p = out / "colophon.html"
    p.write_text(
        _page(book, area, lang, "Colophon", _nav(book, docs, None, extra), colophon, seq[-2], None),
        encoding="utf-8",
    )
    pages.append(p)
    return pages
