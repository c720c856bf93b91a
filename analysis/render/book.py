"""Read the book definition (title, chapter order, formats) from ``_quarto.yml``."""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis.common.errors import InputError, Problem


@dataclass(frozen=True)
class ChapterEntry:
    path: str  # relative to the project root, e.g. chapters/impact.ipynb
    kind: str  # "front", "chapter" or "appendix"
    label: str  # "", "3" or "A"
    part: str | None = None

    @property
    def stem(self) -> str:
        return Path(self.path).stem

    @property
    def html_name(self) -> str:
        return "index.html" if self.kind == "front" else f"{self.stem}.html"


@dataclass
class Book:
    title: str
    subtitle: str
    author: str
    lang: str
    chapters: list[ChapterEntry]
    formats: dict = field(default_factory=dict)
    root: Path = Path(".")

    def entry(self, stem: str) -> ChapterEntry:
        for c in self.chapters:
            if c.stem == stem:
                return c
        raise KeyError(stem)


def load_book(root: Path) -> Book:
    path = Path(root) / "_quarto.yml"
    try:
        cfg = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise InputError(
            Problem(
                "the book definition is missing",
                file=str(path),
                hint="Run p2r from the project folder, which holds _quarto.yml",
            )
        ) from None
    book = cfg.get("book") or {}
    entries: list[ChapterEntry] = []
    n = 0

    def add(p: str, part: str | None, appendix: bool) -> None:
        nonlocal n
        if not entries and not appendix:
            entries.append(ChapterEntry(p, "front", "", part))
            return
        if appendix:
            k = sum(1 for e in entries if e.kind == "appendix")
            entries.append(ChapterEntry(p, "appendix", string.ascii_uppercase[k], part))
        else:
            n += 1
            entries.append(ChapterEntry(p, "chapter", str(n), part))

    for item in book.get("chapters") or []:
        if isinstance(item, dict):
            for p in item.get("chapters") or []:
                add(p, item.get("part"), False)
        else:
            add(item, None, False)
    for p in book.get("appendices") or []:
        add(p, None, True)
    if not entries:
        raise InputError(Problem("no chapters are listed under book.chapters", file=str(path)))
    missing = [e.path for e in entries if not (Path(root) / e.path).exists()]
    if missing:
        raise InputError(
            [
                Problem(
                    "a chapter listed in the book does not exist",
                    file=str(path),
                    value=m,
                    hint="Fix the path in _quarto.yml or add the notebook",
                )
                for m in missing
            ]
        )
    return Book(
        title=book.get("title", ""),
        subtitle=book.get("subtitle", ""),
        author=book.get("author", ""),
        lang=cfg.get("lang", "en-GB"),
        chapters=entries,
        formats=cfg.get("format") or {},
        root=Path(root),
    )
