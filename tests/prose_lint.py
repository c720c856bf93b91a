"""A prose-and-number lint for rendered report pages.

It reads one rendered HTML page the way a reader does (the visible text of paragraphs, list items,
headings, captions and table cells, and the alt text of images; never scripts or styles) and reports
what no reader should see:

* ``issue-ref``: a reference to the package's issue tracker ("issue #3");
* ``own-doc``: the name of one of the package's own documents (TARGETS.md, FIGURES.md, DESIGN.md);
* ``unrounded-count``: a count of children (or entries, exits, parents) with a decimal part, in prose
  ("34.619 children") or in a table column of counts;
* ``currency``: "GBP" on a page that uses "£";
* ``agreement``: a count helper whose verb does not agree ("1 fewer child a year enter", "2 fewer
  children a year enters");
* ``repeated``: a sentence repeated on the page ("The published report found:" twice), in prose;
* ``zero-percent``: a "0% ..." sentence ("0% do not break even");
* ``acronym-case``: an acronym lower-cased in a sentence ("gp");
* ``placeholder``: an unrendered placeholder (``{name}``, ``nan``, ``<NA>``, ``:::``, ``**bold**``).

:func:`lint_page` returns the problems of one page's HTML; :func:`lint_folder` those of every page of
a rendered report.  ``python tests/prose_lint.py FOLDER`` prints them.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

OWN_DOCS = ("TARGETS.md", "FIGURES.md", "DESIGN.md")
COUNT_NOUNS = r"(?:children|child|entries|entrants|exits|parents|young people|families|placements)"
SINGULAR_NOUNS = r"(?:child|parent|exit|entry|family|young person)"
PLURAL_NOUNS = r"(?:children|parents|exits|entries|families|young people)"
SINGULAR_VERBS = r"(?:enters|leaves|returns|gets|needs|stays|is)"
PLURAL_VERBS = r"(?:enter|leave|return|get|need|stay|are)"
# a count column: its header names children or a count (but not a rate, share, cost or spend)
COUNT_HEADER = re.compile(r"\b(children|entries|exits|entrants|number|count|parents)\b", re.I)
NOT_COUNT_HEADER = re.compile(r"(rate|share|per\b|%|cost|spend|£|ratio|multiplier|value|hazard|year)", re.I)

RULES: dict[str, re.Pattern[str]] = {
    "issue-ref": re.compile(r"\bissue\s*#\s*\d*", re.I),
    "own-doc": re.compile("|".join(re.escape(d) for d in OWN_DOCS)),
    # a count with a decimal part; a rate ('39.9 children in care per 10,000') is not a count
    "unrounded-count": re.compile(
        rf"(?<![\d.£])[−-]?\d[\d,]*\.\d+\s+(?:more |fewer )?{COUNT_NOUNS}\b(?!(?:\s+[a-z]+){{0,3}}\s+per\b)"
    ),
    "agreement": re.compile(
        rf"(?:\b(?:1|one|less than one) (?:fewer |more |extra )?{SINGULAR_NOUNS} (?:a year |each year )?"
        rf"{PLURAL_VERBS}\b)"
        rf"|(?:\b(?:[2-9]|\d[\d,]+) (?:fewer |more |extra )?{PLURAL_NOUNS} (?:a year |each year )?{SINGULAR_VERBS}\b)",
        re.I,
    ),
    # "0% do not break even": a zero share as the subject of a claim (not a range, "0% to 30%")
    "zero-percent": re.compile(r"(?:^|(?<=[\s(;:,]))0(?:\.0+)?% (?!(?:to|and|or|up to)\b)(?=[a-z])"),
    # an acronym lower-cased by a caption helper ("gp")
    "acronym-case": re.compile(r"(?<![\w./-])(?:gp|gps|uasc|camhs|ehcp|ehcps|dfe|ccn|imd|lsoa)(?![\w./-])"),
    "placeholder": re.compile(r"\{[A-Za-z_][\w.\[\]'\"]*\}|\bnan\b|\bNaN\b|<NA>|^:::|\s:::\s|\*\*\w"),
}


@dataclass(frozen=True)
class Problem:
    page: str
    rule: str
    text: str

    def __str__(self) -> str:
        return f"{self.page}: {self.rule}: {self.text}"


_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "caption", "td", "th", "dd", "dt", "summary"}
_PROSE = {"p", "li"}
_SKIP = {"script", "style", "noscript", "template"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# containers whose text is not running prose: a sentence repeated in them is not a repeated sentence
_NOT_PROSE = {"footer", "nav", "header", "figure", "table", "details", "aside"}


class _Reader(HTMLParser):
    """The visible text of a page in blocks: (tag, text, in running prose), and its tables."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, bool]] = []
        self.tables: list[list[list[str]]] = []
        self._stack: list[str] = []
        self._buf: list[list[str]] = []
        self._skip = 0
        self._row: list[str] | None = None
        self._ctx: list[tuple[str, bool]] = []  # open elements: (tag, not running prose)
        self._has_inner: list[bool] = []  # for each open block: whether a block is nested in it

    def _in_prose(self) -> bool:
        return not any(flag for _, flag in self._ctx)

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self._skip += 1
            return
        a = dict(attrs)
        if tag not in _VOID:
            cls = (a.get("class") or "").split()
            self._ctx.append((tag, tag in _NOT_PROSE or "source" in cls or "pager" in cls))
        if a.get("alt"):
            self.blocks.append(("alt", a["alt"], False))
        if tag == "table":
            self.tables.append([])
        if tag == "tr" and self.tables:
            self._row = []
            self.tables[-1].append(self._row)
        if tag in _BLOCKS:
            self._stack.append(tag)
            self._buf.append([])
            self._has_inner.append(False)
        if tag == "br" and self._buf:
            self._buf[-1].append(" ")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self._skip = max(0, self._skip - 1)
            return
        prose = self._in_prose()
        if any(t == tag for t, _ in self._ctx):
            while self._ctx and self._ctx.pop()[0] != tag:
                pass
        if tag in _BLOCKS and self._stack and self._stack[-1] == tag:
            self._stack.pop()
            text = re.sub(r"\s+", " ", "".join(self._buf.pop())).strip()
            outer = self._has_inner.pop()
            if self._buf:  # nested block: its text belongs to the outer one too (read once, as the inner)
                self._buf[-1].append(" " + text + " ")
                self._has_inner[-1] = True
            if text and not outer:
                self.blocks.append((tag, text, prose))
            if tag in ("td", "th") and self._row is not None:
                self._row.append(text)

    def handle_data(self, data):
        if self._skip:
            return
        if self._buf:
            self._buf[-1].append(data)


#: A repeated sentence this short is a label or a name ("Department for Education." opening several
#: references), not a repeated sentence.
MIN_REPEATED_WORDS = 5
ABBREVIATIONS = ("pp.", "p.", "e.g.", "i.e.", "etc.", "No.", "cf.", "vs.", "Fig.")


def sentences(text: str) -> list[str]:
    """A block's sentences (split after . ! or ? before a capital, a number or a quote; not after an
    abbreviation such as 'pp.')."""
    out: list[str] = []
    for part in re.split(r"(?<=[.!?])\s+(?=[A-Z£0-9\"'(])", text):
        part = part.strip()
        if not part:
            continue
        if out and out[-1].endswith(ABBREVIATIONS):
            out[-1] += " " + part
        else:
            out.append(part)
    return out


def _repeated_lead(text: str) -> str:
    """A lead-in ('The published report found:') that starts two sentences of one block in a row."""
    leads = [m.group(1) for s in sentences(text) if (m := re.match(r"([^.:]{8,80}:)\s", s))]
    for a, b in zip(leads, leads[1:]):
        if a == b:
            return f"{a} (twice in a row)"
    return ""


def _table_problems(page: str, table: list[list[str]]) -> list[Problem]:
    if len(table) < 2:
        return []
    header = table[0]
    out = []
    for j, h in enumerate(header):
        if not COUNT_HEADER.search(h) or NOT_COUNT_HEADER.search(h):
            continue
        for row in table[1:]:
            if j < len(row) and re.fullmatch(r"[−+-]?[\d,]*\.\d+", row[j].strip()):
                out.append(Problem(page, "unrounded-count", f"{h}: {row[j]}"))
    return out


def lint_page(html: str, page: str = "page") -> list[Problem]:
    """Every problem on one rendered page."""
    r = _Reader()
    r.feed(html)
    problems: list[Problem] = []
    seen: set[tuple[str, str]] = set()

    def add(rule: str, text: str) -> None:
        if (rule, text) not in seen:
            seen.add((rule, text))
            problems.append(Problem(page, rule, text))

    uses_pound = False
    prose_sentences: list[str] = []
    for tag, text, in_prose in r.blocks:
        uses_pound = uses_pound or "£" in text
        for rule, rx in RULES.items():
            if rule == "zero-percent" and tag not in _PROSE | {"figcaption", "caption", "alt"}:
                continue
            for m in rx.finditer(text):
                add(rule, _around(text, m.start(), m.end()))
        if tag in _PROSE and in_prose:
            prose_sentences.extend(sentences(text))
            lead = _repeated_lead(text)
            if lead:
                add("repeated", lead)
    if uses_pound:
        for _tag, text, _ in r.blocks:
            for m in re.finditer(r"\bGBP\b", text):
                add("currency", _around(text, m.start(), m.end()))
    counts: dict[str, int] = {}
    for s in prose_sentences:
        if len(s.split()) >= MIN_REPEATED_WORDS:
            counts[s] = counts.get(s, 0) + 1
    for s, n in counts.items():
        if n > 1:
            add("repeated", f"{s} (x{n})")
    for t in r.tables:
        for p in _table_problems(page, t):
            add(p.rule, p.text)
    return problems


def _around(text: str, start: int, end: int, width: int = 50) -> str:
    a, b = max(0, start - width), min(len(text), end + width)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


def lint_folder(folder: str | Path) -> list[Problem]:
    """Every problem on every HTML page of a rendered report folder."""
    out: list[Problem] = []
    for path in sorted(Path(folder).glob("*.html")):
        out.extend(lint_page(path.read_text(encoding="utf-8"), path.name))
    return out


if __name__ == "__main__":  # pragma: no cover
    found = [p for f in sys.argv[1:] for p in lint_folder(f)]
    for p in found:
        print(p)
    sys.exit(1 if found else 0)
