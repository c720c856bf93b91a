"""Choose the renderer and produce the book from executed notebooks."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from analysis.common.errors import BuildError
from analysis.common.escape import md_text
from analysis.common.paths import public_text
from analysis.render.book import Book
from analysis.render.notebook import ChapterDoc, Counter, notebook_to_markdown
from analysis.render.quarto import quarto_version, render_quarto


def renderer_info(force_builtin: bool = False) -> dict:
    """Which renderer will be used, with tool versions (for the colophon)."""
    quarto = None if force_builtin else shutil.which("quarto")
    if quarto:
        return {"renderer": "quarto", "quarto": quarto_version(quarto)}
    import pypandoc

    try:
        from importlib.metadata import version

        typst_v = version("typst")
        vlc_v = version("vl-convert-python")
    except Exception:  # pragma: no cover
        typst_v = vlc_v = "unknown"
    return {
        "renderer": "built-in (pandoc + Typst)",
        "pandoc": pypandoc.get_pandoc_version(),
        "typst (python package)": typst_v,
        "vl-convert-python": vlc_v,
    }


def colophon_markdown(provenance: dict) -> str:
    lines = [
        "# Colophon {.unnumbered}",
        "",
        "How this report was built, so that anyone can check it and build it again.",
        "",
        "| Item | Value |",
        "|:---|:---|",
    ]
    for k, v in provenance.get("summary", {}).items():
        lines.append(f"| {md_text(k)} | {md_text(public_text(v))} |")
    lines += ["", ": Build provenance", ""]
    files = provenance.get("files") or []
    if files:
        lines += ["| Input file | SHA-256 (first 16 hex) | Bytes |", "|:---|:---|---:|"]
        for f in files:
            lines.append(f"| {md_text(public_text(f['name']))} | `{f['sha256'][:16]}` | {f['bytes']:,} |")
        lines += ["", ": Checksums of the data files used", ""]
    return "\n".join(lines) + "\n"


def load_docs(book: Book, executed_dir: Path, notebooks: dict | None = None) -> dict[str, ChapterDoc]:
    """Each chapter's markdown and assets, from its executed notebook in ``executed_dir``; ``notebooks``:
    the same notebooks already in memory (the build has them from papermill), by chapter."""
    counter = Counter()
    docs = {}
    for e in book.chapters:
        nb = Path(executed_dir) / f"{e.stem}.ipynb"
        if not nb.exists():
            raise BuildError(f"executed notebook missing for chapter '{e.stem}': {nb}")
        docs[e.stem] = notebook_to_markdown(nb, counter, (notebooks or {}).get(e.stem))
    seen: dict[str, str] = {}
    for stem, doc in docs.items():
        for a in doc.assets:
            if a.key in seen:
                raise BuildError(f"figure/table key '{a.key}' is used in both '{seen[a.key]}' and '{stem}'")
            seen[a.key] = stem
    return docs


def render_builtin(
    book: Book,
    docs: dict[str, ChapterDoc],
    executed_dir: Path,
    out: Path,
    *,
    formats: list[str],
    area: str,
    date: str,
    colophon: str,
    variant: str,
) -> dict[str, list[Path]]:
    from analysis.render.html import finish_body, page_jobs, write_html
    from analysis.render.pdf import book_parts, write_pdf
    from analysis.render.safe import convert_book

    produced: dict[str, list[Path]] = {}
    bodies: list[str] | None = None
    typst_body: str | None = None
    if "html" in formats and "pdf" in formats:
        # one pandoc run reads each chapter's prose once and writes both the pages and the PDF's book
        parts, raw = book_parts(book, docs)
        pages, typst_body = convert_book(page_jobs(book, docs, colophon), parts, raw)
        bodies = [finish_body(b) for b in pages]
    # the PDF (Typst, and pandoc when it is made alone) is made while the HTML pages are: both only read ``docs``
    with ThreadPoolExecutor(max_workers=1) as pool:
        pdf_job = None
        if "pdf" in formats:
            pdf = out / f"{variant}.pdf"
            work = Path(executed_dir).parent / "typst"
            pdf_job = pool.submit(
                write_pdf, book, docs, work, pdf, area=area, date=date, colophon_md=colophon, body=typst_body
            )
        if "html" in formats:
            produced["html"] = write_html(book, docs, out, area=area, colophon_md=colophon, bodies=bodies)
        if pdf_job is not None:
            produced["pdf"] = [pdf_job.result()]
    return {k: produced[k] for k in ("html", "pdf") if k in produced}


def render_book(
    book: Book,
    executed_dir: Path,
    out: Path,
    *,
    formats: list[str],
    area: str,
    date: str,
    provenance: dict,
    variant: str,
    force_builtin: bool = False,
    notebooks: dict | None = None,
) -> dict[str, list[Path]]:
    """HTML and PDF with Quarto when it is on the PATH (unless ``force_builtin``), else with the
    built-in renderer; Word (docx) always through pandoc with the package's reference document, from
    the same executed notebooks.  Outputs: ``index.html`` and the pages, ``<variant>.pdf``,
    ``<variant>.docx``."""
    quarto = None if force_builtin else shutil.which("quarto")
    docs = load_docs(book, executed_dir, notebooks)
    colophon = colophon_markdown(provenance)
    produced: dict[str, list[Path]] = {}
    if quarto:
        stage = Path(executed_dir).parent / "quarto-project"
        produced.update(
            render_quarto(book, docs, stage, out, formats=formats, variant=variant, colophon_md=colophon, quarto=quarto)
        )
    else:
        produced.update(
            render_builtin(
                book, docs, executed_dir, out, formats=formats, area=area, date=date, colophon=colophon, variant=variant
            )
        )
    if "docx" in formats:
        from analysis.render.docx import write_docx

        produced["docx"] = [write_docx(book, docs, out / f"{variant}.docx", area=area, date=date, colophon_md=colophon)]
    return produced
