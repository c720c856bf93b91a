"""Generated prose is read as text; only the package's own templates emit markup.

Chapter prose (markdown cells and the computed ``text/markdown`` outputs, which carry area names,
notes and table cells) is read by pandoc with raw HTML, raw attributes (``{=html}``, ``{=typst}``),
raw TeX, TeX math and citations all disabled, and through ``assets/safe.lua`` (links on an
allow-list of schemes, no images, no key=value attributes).  The package's own markup (a figure's
HTML and Typst, a table's download link, the PDF's heading numbering) never passes through that
reader: the renderer puts a placeholder paragraph in the markdown (:func:`placeholder`, a token
with a random nonce that no data can guess) and swaps the markup in after pandoc has run.
"""

from __future__ import annotations

import itertools
import json
import re
import secrets
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pypandoc

from analysis.common.errors import BuildError

#: The reader for generated prose: no raw HTML, no raw blocks or inlines, no TeX, no citations.
PROSE_FORMAT = (
    "markdown+pipe_tables+fenced_divs+header_attributes+table_captions"
    "-implicit_figures-raw_html-raw_attribute-raw_tex-tex_math_dollars-tex_math_single_backslash"
    "-citations-markdown_in_html_blocks"
)
LUA_FILTER = Path(__file__).parent / "assets" / "safe.lua"
TEXT_FILTER = Path(__file__).parent / "assets" / "text.lua"

_NONCE = secrets.token_hex(8).upper()
_COUNT = itertools.count(1)

#: token -> {"html": markup, "typst": markup}
RawBlocks = dict[str, dict[str, str]]


def placeholder(raw: RawBlocks, **markup: str) -> str:
    """Register the package's own markup by format (``html=...``, ``typst=...``) and return the
    paragraph that stands for it in the markdown."""
    token = f"PTWORAW{_NONCE}N{next(_COUNT)}"
    raw[token] = dict(markup)
    return f"\n\n{token}\n\n"


def _convert(md: str, to: str, extra_args: list[str]) -> str:
    args = ["--wrap=none", f"--lua-filter={LUA_FILTER}", *extra_args]
    # verify_format=False: the formats are this module's constants; checking them cost pypandoc two more
    # runs of pandoc (--list-input-formats, --list-output-formats) on every conversion
    return pypandoc.convert_text(md, to, format=PROSE_FORMAT, extra_args=args, verify_format=False)


#: any placeholder token of this process (see :func:`placeholder`)
_TOKEN = rf"PTWORAW{_NONCE}N[0-9]+"


def _swap(text: str, raw: RawBlocks, fmt: str, pattern: str) -> str:
    """Put the markup of each registered token back (a token not in ``raw`` stays as it is)."""
    if not raw:
        return text

    def put(m: re.Match) -> str:
        markup = raw.get(m.group(1))
        return m.group(0) if markup is None else markup.get(fmt, "")

    return re.sub(pattern.format(tokens=_TOKEN), put, text, flags=re.M)


BATCH_SCRIPT = Path(__file__).parent / "assets" / "batch.lua"


@dataclass(frozen=True)
class HtmlJob:
    """One page's prose for :func:`to_html_many`: the options of ``pandoc --section-divs
    [--number-sections --number-offset=N]``; ``retitle``: a heading (one markdown line) that replaces the
    page's first top-level heading (an appendix page's "Appendix A: ...")."""

    md: str
    raw: RawBlocks | None = None
    section_divs: bool = False
    number_offset: int | None = None  # numbered sections, the first top-level one being this + 1
    retitle: str | None = None


@dataclass(frozen=True)
class BookPart:
    """A piece of the PDF's book for :func:`convert_book`: a page's prose as read (``page``, its index
    in the pages; ``unnumbered``: its headings marked unnumbered, the front matter), or a placeholder
    token's paragraph (``raw``)."""

    page: int | None = None
    raw: str | None = None
    unnumbered: bool = False


def _run_batch(spec: dict) -> dict:
    with tempfile.TemporaryDirectory(prefix="p2r-pandoc-") as tmp:
        job_file = Path(tmp) / "jobs.json"
        job_file.write_text(json.dumps(spec), encoding="utf-8")
        r = subprocess.run([pypandoc.get_pandoc_path(), "lua", str(BATCH_SCRIPT), str(job_file)], capture_output=True)
    if r.returncode != 0:
        err = r.stderr.decode("utf-8", "replace").split("stack traceback:")[0]  # the message, not Lua's trace
        lines = [ln.strip() for ln in err.splitlines() if ln.strip()]
        raise BuildError(f"pandoc could not convert the pages: {lines[-1] if lines else f'exit code {r.returncode}'}")
    out = json.loads(r.stdout.decode("utf-8"))
    n = len(spec["pages"])
    if not isinstance(out, dict) or not isinstance(out.get("pages"), list) or len(out["pages"]) != n:
        raise BuildError(f"pandoc did not return the {n} pages asked for")
    return out


def convert_book(
    jobs: list[HtmlJob], book: list[BookPart] | None = None, book_raw: RawBlocks | None = None
) -> tuple[list[str], str | None]:
    """HTML5 of several pages and, with ``book``, the Typst markup of the PDF's book, in one pandoc process
    (``assets/batch.lua``).  Each page is read once, with the same reader, filter and options as
    :func:`to_html`; the book is made of the pages as read, and is what :func:`to_typst` makes of the same
    parts joined as markdown (``tests/test_pandoc_batch.py``).  Starting pandoc costs about 20 ms a page,
    and reading the prose again for the PDF about a third of a second a book."""
    if not jobs and not book:
        return [], None
    spec: dict = {
        "pages": [
            {
                "input": j.md,
                "from": PROSE_FORMAT,
                "to": "html5",
                "filters": [str(LUA_FILTER)],
                "section_divs": j.section_divs,
                "number_sections": j.number_offset is not None,
                **({"number_offset": j.number_offset} if j.number_offset is not None else {}),
                **({"retitle": j.retitle} if j.retitle else {}),
            }
            for j in jobs
        ],
        "book": None,
    }
    if book:
        parts: list[dict] = []
        for part in book:
            if part.page is not None:
                if not 0 <= part.page < len(jobs):
                    raise ValueError(f"book part names page {part.page} of {len(jobs)}")
                parts.append({"page": part.page + 1, "unnumbered": part.unnumbered})
            elif part.raw is not None:
                parts.append({"raw": part.raw})
            else:
                raise ValueError("a book part is a page or a placeholder")
        spec["book"] = {"from": PROSE_FORMAT, "to": "typst", "parts": parts}  # pages already filtered
    out = _run_batch(spec)
    pages = [_swap(body, j.raw or {}, "html", r"<p>({tokens})</p>") for body, j in zip(out["pages"], jobs)]
    typst = None
    if book:
        if not isinstance(out.get("book"), str):
            raise BuildError("pandoc did not return the book")
        typst = _swap(out["book"], book_raw or {}, "typst", r"^({tokens})$")
    return pages, typst


def to_html_many(jobs: list[HtmlJob]) -> list[str]:
    """HTML5 of several pages in one pandoc process (:func:`convert_book` without a book)."""
    return convert_book(jobs)[0]


def to_html(md: str, raw: RawBlocks | None = None, extra_args: list[str] | None = None) -> str:
    """HTML5 from generated prose, with the package's own markup put back."""
    body = _convert(md, "html5", list(extra_args or []))
    return _swap(body, raw or {}, "html", r"<p>({tokens})</p>")


def to_typst(md: str, raw: RawBlocks | None = None, extra_args: list[str] | None = None) -> str:
    """Typst markup from generated prose, with the package's own markup put back."""
    body = _convert(md, "typst", list(extra_args or []))
    return _swap(body, raw or {}, "typst", r"^({tokens})$")


def to_markdown(md: str, raw: RawBlocks | None = None) -> str:
    """Safe pandoc markdown for Quarto: the prose read with the reader above and written back
    (so any markup in it comes out escaped), the package's own markup as raw blocks."""
    body = _convert(md, "markdown-raw_html-raw_tex-citations-smart", [f"--lua-filter={TEXT_FILTER}"])

    def fences(m: re.Match) -> str:
        parts = [
            f"```{{={fmt}}}\n{code.strip()}\n```"
            for fmt, code in (raw or {})[m.group(1)].items()
            if code and fmt in ("html", "typst")
        ]
        return "\n\n".join(parts)

    if not raw:
        return body
    tokens = "|".join(re.escape(t) for t in raw)
    return re.sub(rf"^({tokens})$", fences, body, flags=re.M)
