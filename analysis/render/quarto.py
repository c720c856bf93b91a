"""The Quarto path: a staged copy of the book, rendered by real Quarto with execution disabled.

Quarto wants a book's home page at the project root, named ``index.*``; the staged project puts
the first chapter there as ``index.qmd`` (wherever ``_quarto.yml`` lists it) and the others at
their own paths.  Every chapter is a ``.qmd`` holding the same content the built-in renderer uses
(computed prose, figures with caption, alt text, source note, data table and CSV link, and
tables).  The PDF is named ``<variant>.pdf`` as with the built-in renderer.

Failures are failures: a non-zero exit, a format Quarto skipped, an output it did not write, or a
warning about a missing output raises :class:`BuildError` with Quarto's own message, before
anything reaches the output folder.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from analysis.common.errors import BuildError
from analysis.render.book import Book, ChapterEntry
from analysis.render.html import ASSETS, write_assets
from analysis.render.notebook import ChapterDoc
from analysis.render.pdf import unnumber_headings
from analysis.render.safe import to_markdown

#: Quarto format name for each p2r format
QUARTO_FORMAT = {"html": "html", "pdf": "typst"}
_ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: a warning line that means an output is missing or a format was dropped
_FATAL_WARNING = re.compile(
    r"skip|missing|no output|not (?:be )?(?:found|created|produced|rendered|written|supported)", re.I
)
#: warnings Quarto 1.10 prints on every Typst render that say nothing about the outputs
_BENIGN_WARNING = re.compile(r"typst-gather", re.I)


#: the first thing a keyboard reaches on every page, as on the built-in pages (WCAG 2.4.1)
SKIP_LINK = '<a class="skip-link" href="#quarto-document-content">Skip to main content</a>\n'


def quarto_version(quarto: str) -> str:
    try:
        r = subprocess.run([quarto, "--version"], capture_output=True, text=True, timeout=60)
        return r.stdout.strip() or "unknown"
    except Exception:  # pragma: no cover - depends on the machine
        return "unknown"


def staged_path(entry: ChapterEntry) -> str:
    """Where a chapter goes in the staged project: every page at the root, as in the built-in HTML
    (the same page names and links), the home page as ``index.qmd``, as Quarto requires."""
    return "index.qmd" if entry.kind == "front" else f"{entry.stem}.qmd"


def stage_quarto_project(
    book: Book, docs: dict[str, ChapterDoc], stage: Path, *, colophon_md: str, formats: list[str], variant: str
) -> Path:
    """A copy of the project for Quarto (see the module docstring), every chapter at the root with
    its figures and data; the colophon is the last appendix."""
    import yaml

    stage = Path(stage)
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir(parents=True)
    write_assets(stage)  # the charts' script and the Vega bundle, as the built-in pages use
    (stage / "assets" / "quarto.css").write_text((ASSETS / "quarto.css").read_text(encoding="utf-8"), encoding="utf-8")
    cfg = yaml.safe_load((book.root / "_quarto.yml").read_text(encoding="utf-8")) or {}
    staged = {e.path: staged_path(e) for e in book.chapters}
    for e in book.chapters:
        doc = docs[e.stem]
        target = stage / staged[e.path]
        target.parent.mkdir(parents=True, exist_ok=True)
        md = unnumber_headings(doc.markdown) if e.kind == "front" else doc.markdown  # as in the built-in PDF
        target.write_text(_for_quarto(to_markdown(md, doc.raw), staged[e.path]), encoding="utf-8")
        for a in doc.assets:
            svg = a.svg_text()
            if svg is not None:  # HTML (without script) and PDF show the SVG
                (stage / "figures").mkdir(exist_ok=True)
                (stage / "figures" / f"{a.key}.svg").write_text(svg, encoding="utf-8")
            if a.csv is not None:
                (stage / "data").mkdir(exist_ok=True)
                (stage / "data" / f"{a.key}.csv").write_text(a.csv, encoding="utf-8")
    colophon = "colophon.qmd"
    (stage / colophon).write_text(to_markdown(colophon_md), encoding="utf-8")

    def to_qmd(item):
        if isinstance(item, str):
            return staged.get(item, item)
        if isinstance(item, dict):
            return {k: to_qmd(v) for k, v in item.items()}
        if isinstance(item, list):
            return [to_qmd(v) for v in item]
        return item

    bk = cfg.setdefault("book", {})
    bk["chapters"] = to_qmd(bk.get("chapters") or [])
    bk["appendices"] = to_qmd(bk.get("appendices") or []) + [colophon]
    bk["output-file"] = variant  # the PDF is <variant>.pdf, as the README says
    project = cfg.setdefault("project", {})
    project["render"] = list(staged.values()) + [colophon]
    # the charts' SVGs: the PDF draws them and the HTML pages show them where scripts do not run
    project["resources"] = list(project.get("resources") or []) + ["figures/*.svg", "data/*.csv", "assets/*"]
    # HTML tables inside raw HTML (the data behind each chart) stay HTML: Quarto would otherwise turn
    # them into tables of every format, and the PDF would print every chart's data (174 pages)
    cfg["html-table-processing"] = "none"
    wanted = {QUARTO_FORMAT[f] for f in formats if f in QUARTO_FORMAT}
    cfg["format"] = {k: v for k, v in (cfg.get("format") or {}).items() if k in wanted}
    for f in wanted - set(cfg["format"]):
        cfg["format"][f] = {}
    if "html" in cfg["format"]:
        html_fmt = cfg["format"]["html"] = dict(cfg["format"]["html"] or {})
        css = html_fmt.get("css") or []
        html_fmt["css"] = ([css] if isinstance(css, str) else list(css)) + ["assets/quarto.css"]
    (stage / "_quarto.yml").write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return stage


#: Typst rules for Quarto's book template (orange-book), so that the PDF reads like the built-in one:
#: captions carry their own 'Figure N:', no list of figures, chapters start on the next page (not the
#: next odd one, which left a blank page before most chapters) and the built-in table text.
_TYPST_SETUP = """```{=typst}
#show figure.caption: it => it.body
#set figure(outlined: false)
#show pagebreak.where(to: "odd"): it => pagebreak(weak: true)
#show table: set text(size: 8.5pt)
#show table: set par(justify: false)
#show table: it => { show regex("[._/]"): m => m + sym.zws; it }
```

"""


def _for_quarto(md: str, staged: str) -> str:
    """The chapter's markdown as Quarto should read it: captions carry their own 'Table N:' and
    'Figure N:' (as in the built-in renderer), so Quarto must not number them again (table ids, which
    Quarto would cross-reference, are dropped; Typst figures are unnumbered); a bare ``callout``
    div becomes a Quarto note without a title; each HTML page loads the charts' scripts."""
    md = re.sub(r" *\{#tbl-[^}]*\}", "", md)
    md = re.sub(r"^::: callout$", '::: {.callout-note appearance="minimal"}', md, flags=re.M)
    scripts = (
        '```{=html}\n<script src="assets/vega-bundle.js" defer></script>\n'
        '<script src="assets/p2r.js" defer></script>\n```\n'
    )
    return (_TYPST_SETUP if staged == "index.qmd" else "") + md + "\n" + scripts


def fix_quarto_page(page: str) -> str:
    """Two things on Quarto's book pages that fail WCAG 2.2 AA (axe): no skip link first (2.4.1), and
    previous/next links whose aria-label drops the chapter number they show (2.5.3)."""
    page = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + "\n" + SKIP_LINK, page, count=1)
    page = re.sub(r'(<main [^>]*id="quarto-document-content")', r'\1 tabindex="-1"', page, count=1)
    return re.sub(r'(<a [^>]*class="pagination-link"[^>]*?) aria-label="[^"]*"', r"\1", page)


def quarto_problems(log: str) -> list[str]:
    """Quarto's warnings that mean a format was skipped or an output is missing."""
    out = []
    for line in _ANSI.sub("", log).splitlines():
        s = line.strip()
        if re.match(r"^(WARN|WARNING)\b", s) and _FATAL_WARNING.search(s) and not _BENIGN_WARNING.search(s):
            out.append(s)
    return out


def _warnings(log: str) -> list[str]:
    return [ln.strip() for ln in _ANSI.sub("", log).splitlines() if re.match(r"^\s*(WARN|WARNING|ERROR)\b", ln)]


def render_quarto(
    book: Book,
    docs: dict[str, ChapterDoc],
    stage: Path,
    out: Path,
    *,
    formats: list[str],
    variant: str,
    colophon_md: str,
    quarto: str = "quarto",
) -> dict[str, list[Path]]:
    """Render the book's html and pdf formats with Quarto into ``out``; see the module docstring."""
    wanted = [f for f in formats if f in QUARTO_FORMAT]
    if not wanted:
        return {}
    stage_quarto_project(book, docs, stage, colophon_md=colophon_md, formats=wanted, variant=variant)
    to = [] if len(wanted) > 1 else ["--to", QUARTO_FORMAT[wanted[0]]]
    cmd = [quarto, "render", "--no-execute", *to]
    shown = " ".join(["quarto", *cmd[1:]])
    r = subprocess.run(cmd, cwd=stage, capture_output=True, text=True)
    log = (r.stdout or "") + "\n" + (r.stderr or "")
    if r.returncode != 0:
        raise BuildError(f"{shown} failed (in {stage}):\n{_ANSI.sub('', r.stderr or '')[-3000:]}")
    book_dir = stage / "_book"
    expected = {"html": book_dir / "index.html", "pdf": book_dir / f"{variant}.pdf"}
    if "pdf" in wanted and not expected["pdf"].exists():
        pdfs = sorted(book_dir.glob("*.pdf")) if book_dir.is_dir() else []
        if len(pdfs) == 1:  # a Quarto that ignores book.output-file: name it as the README says
            pdfs[0].rename(expected["pdf"])
    missing = [f for f in wanted if not expected[f].exists()]
    problems = quarto_problems(log)
    if missing or problems:
        said = "\n".join(problems or _warnings(log)) or "(Quarto printed no warning)"
        what = f"wrote no {' or '.join(missing)} output" if missing else "warned about its outputs"
        raise BuildError(f"{shown} {what} (in {stage}); Quarto said:\n{said}")
    for page in book_dir.glob("*.html"):
        page.write_text(fix_quarto_page(page.read_text(encoding="utf-8")), encoding="utf-8")
    shutil.copytree(book_dir, out, dirs_exist_ok=True)
    produced: dict[str, list[Path]] = {}
    if "html" in wanted:
        produced["html"] = sorted(out.glob("*.html"))
    if "pdf" in wanted:
        produced["pdf"] = [out / f"{variant}.pdf"]
    return produced
