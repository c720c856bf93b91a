"""Choose the renderer and produce the book from executed notebooks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from analysis.common.errors import BuildError
from analysis.common.escape import md_text
from analysis.common.paths import public_text
from analysis.render.book import Book
from analysis.render.notebook import ChapterDoc, Counter, notebook_to_markdown
from analysis.render.safe import to_markdown


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


def render_builtin(
    book: Book,
    executed_dir: Path,
    out: Path,
    *,
    formats: list[str],
    area: str,
    date: str,
    provenance: dict,
    variant: str,
) -> dict[str, list[Path]]:
    from analysis.render.html import write_html
    from analysis.render.pdf import write_pdf

    docs = load_docs(book, executed_dir)
    colophon = colophon_markdown(provenance)
    produced: dict[str, list[Path]] = {}
    if "html" in formats:
        produced["html"] = write_html(book, docs, out, area=area, colophon_md=colophon)
    if "pdf" in formats:
        pdf = out / f"{variant}.pdf"
        produced["pdf"] = [
            write_pdf(book, docs, Path(executed_dir).parent / "typst", pdf, area=area, date=date, colophon_md=colophon)
        ]
    return produced


def stage_quarto_project(book: Book, executed_dir: Path, stage: Path, *, provenance: dict) -> Path:
    """A copy of the project for Quarto, holding each chapter as a ``.qmd`` with the same content the
    built-in renderer uses: computed prose, figures with caption, alt text, source note, data table and
    CSV link, and tables.  (Rendering the executed notebooks directly would lose the alt text and
    captions, which live in this package's own output type.)  Figures are written both beside the
    chapters (for the HTML pages in ``chapters/``) and at the root (for Typst, which compiles the book
    from there); the colophon is added as the last appendix."""
    import yaml

    stage = Path(stage)
    if stage.exists():
        shutil.rmtree(stage)
    docs = load_docs(book, executed_dir)
    cfg = yaml.safe_load((book.root / "_quarto.yml").read_text(encoding="utf-8")) or {}
    for e in book.chapters:
        doc = docs[e.stem]
        target = stage / Path(e.path).with_suffix(".qmd")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(to_markdown(doc.markdown, doc.raw), encoding="utf-8")
        for a in doc.assets:
            for d in {target.parent, stage}:
                if a.png is not None:
                    (d / "figures").mkdir(exist_ok=True)
                    (d / "figures" / f"{a.key}.png").write_bytes(a.png)
                if a.csv is not None:
                    (d / "data").mkdir(exist_ok=True)
                    (d / "data" / f"{a.key}.csv").write_text(a.csv, encoding="utf-8")
    chapter_dir = Path(book.chapters[0].path).parent
    colophon = (chapter_dir / "colophon.qmd").as_posix()
    (stage / colophon).write_text(to_markdown(colophon_markdown(provenance)), encoding="utf-8")

    def to_qmd(item):
        if isinstance(item, str):
            return item[: -len(".ipynb")] + ".qmd" if item.endswith(".ipynb") else item
        if isinstance(item, dict):
            return {k: to_qmd(v) for k, v in item.items()}
        if isinstance(item, list):
            return [to_qmd(v) for v in item]
        return item

    bk = cfg.setdefault("book", {})
    bk["chapters"] = to_qmd(bk.get("chapters") or [])
    bk["appendices"] = to_qmd(bk.get("appendices") or []) + [colophon]
    project = cfg.setdefault("project", {})
    rel = chapter_dir.as_posix()
    project["resources"] = list(project.get("resources") or []) + [f"{rel}/figures/*.png", f"{rel}/data/*.csv"]
    (stage / "_quarto.yml").write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return stage


def render_quarto(
    book: Book, executed_dir: Path, out: Path, *, formats: list[str], variant: str, provenance: dict | None = None
) -> dict:
    """Quarto on a staged project (see :func:`stage_quarto_project`), with execution disabled."""
    stage = stage_quarto_project(
        book, executed_dir, Path(executed_dir).parent / "quarto-project", provenance=provenance or {}
    )
    # one call for every format the book defines (html and typst), else one --to
    to = [] if set(formats) >= {"html", "pdf"} else ["--to", "typst" if formats[0] == "pdf" else formats[0]]
    cmd = ["quarto", "render", "--no-execute", *to]
    r = subprocess.run(cmd, cwd=stage, capture_output=True, text=True)
    if r.returncode != 0:
        raise BuildError(f"{' '.join(cmd)} failed (in {stage}):\n{r.stderr[-3000:]}")
    if not (stage / "_book").is_dir():
        raise BuildError(f"quarto render finished but wrote no _book folder in {stage}")
    shutil.copytree(stage / "_book", out, dirs_exist_ok=True)
    produced = {"html": sorted(out.rglob("*.html")), "pdf": sorted(out.rglob("*.pdf"))}
    return {k: v for k, v in produced.items() if v and k in formats}


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
) -> dict[str, list[Path]]:
    if shutil.which("quarto") and not force_builtin:
        return render_quarto(book, executed_dir, out, formats=formats, variant=variant, provenance=provenance)
    return render_builtin(
        book, executed_dir, out, formats=formats, area=area, date=date, provenance=provenance, variant=variant
    )
