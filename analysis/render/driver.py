"""Choose the renderer and produce the book from executed notebooks."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..errors import BuildError
from .book import Book
from .notebook import ChapterDoc, Counter, notebook_to_markdown


def renderer_info() -> dict:
    """Which renderer will be used, with tool versions (for the colophon)."""
    quarto = shutil.which("quarto")
    if quarto:
        try:
            v = subprocess.run([quarto, "--version"], capture_output=True, text=True, timeout=60).stdout.strip()
        except Exception:  # pragma: no cover - depends on the machine
            v = "unknown"
        return {"renderer": "quarto", "quarto": v}
    import pypandoc
    import typst

    try:
        from importlib.metadata import version
        typst_v = version("typst")
        vlc_v = version("vl-convert-python")
    except Exception:  # pragma: no cover
        typst_v = vlc_v = "unknown"
    return {"renderer": "built-in (pandoc + Typst)", "pandoc": pypandoc.get_pandoc_version(),
            "typst (python package)": typst_v, "vl-convert-python": vlc_v}


def colophon_markdown(provenance: dict) -> str:
    lines = ["# Colophon {.unnumbered}", "",
             "How this report was built, so that anyone can check it and build it again.", "",
             "| Item | Value |", "|:---|:---|"]
    for k, v in provenance.get("summary", {}).items():
        lines.append(f"| {k} | {str(v).replace('|', '/')} |")
    lines += ["", ": Build provenance", ""]
    files = provenance.get("files") or []
    if files:
        lines += ["| Input file | SHA-256 (first 16 hex) | Bytes |", "|:---|:---|---:|"]
        for f in files:
            lines.append(f"| {f['name']} | `{f['sha256'][:16]}` | {f['bytes']:,} |")
        lines += ["", ": Checksums of the data files used", ""]
    return "\n".join(lines) + "\n"


def load_docs(book: Book, executed_dir: Path) -> dict[str, ChapterDoc]:
    counter = Counter()
    docs = {}
    for e in book.chapters:
        nb = Path(executed_dir) / f"{e.stem}.ipynb"
        if not nb.exists():
            raise BuildError(f"executed notebook missing for chapter '{e.stem}': {nb}")
        docs[e.stem] = notebook_to_markdown(nb, counter)
    seen: dict[str, str] = {}
    for stem, doc in docs.items():
        for a in doc.assets:
            if a.key in seen:
                raise BuildError(f"figure/table key '{a.key}' is used in both '{seen[a.key]}' and '{stem}'")
            seen[a.key] = stem
    return docs


def render_builtin(book: Book, executed_dir: Path, out: Path, *, formats: list[str], area: str, date: str,
                   provenance: dict, variant: str) -> dict[str, list[Path]]:
    from .html import write_html
    from .pdf import write_pdf

    docs = load_docs(book, executed_dir)
    colophon = colophon_markdown(provenance)
    produced: dict[str, list[Path]] = {}
    if "html" in formats:
        produced["html"] = write_html(book, docs, out, area=area, colophon_md=colophon)
    if "pdf" in formats:
        pdf = out / f"{variant}.pdf"
        produced["pdf"] = [write_pdf(book, docs, Path(executed_dir).parent / "typst", pdf, area=area,
                                     date=date, colophon_md=colophon)]
    return produced


def render_quarto(book: Book, executed_dir: Path, out: Path, *, formats: list[str], variant: str) -> dict:
    """Thin call to Quarto on a staged copy of the project holding the executed notebooks."""
    stage = Path(executed_dir).parent / "quarto-project"
    if stage.exists():
        shutil.rmtree(stage)
    (stage / "chapters").mkdir(parents=True)
    shutil.copy(book.root / "_quarto.yml", stage / "_quarto.yml")
    for e in book.chapters:
        shutil.copy(Path(executed_dir) / f"{e.stem}.ipynb", stage / e.path)
    produced = {}
    for fmt in formats:
        qfmt = "typst" if fmt == "pdf" else fmt
        r = subprocess.run(["quarto", "render", "--no-execute", "--to", qfmt], cwd=stage,
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise BuildError(f"quarto render --to {qfmt} failed:\n{r.stderr[-3000:]}")
    shutil.copytree(stage / "_book", out, dirs_exist_ok=True)
    produced["quarto"] = sorted(out.rglob("*.html")) + sorted(out.rglob("*.pdf"))
    return produced


def render_book(book: Book, executed_dir: Path, out: Path, *, formats: list[str], area: str, date: str,
                provenance: dict, variant: str, force_builtin: bool = False) -> dict[str, list[Path]]:
    if shutil.which("quarto") and not force_builtin:
        return render_quarto(book, executed_dir, out, formats=formats, variant=variant)
    return render_builtin(book, executed_dir, out, formats=formats, area=area, date=date,
                          provenance=provenance, variant=variant)
