"""Render executed chapter notebooks into the book (HTML and PDF).

``render_book`` uses Quarto when it is on PATH, otherwise the built-in
renderer (pandoc for HTML and Typst markup, Typst for PDF), both driven by the
same ``_quarto.yml``.

``render_book`` and ``renderer_info`` are loaded on first use (PEP 562): reading the book's
chapter list (:mod:`analysis.render.book`) does not load pandas and Altair, so a build can start
its chapter kernels first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from analysis.render.book import Book, ChapterEntry, load_book  # noqa: F401

if TYPE_CHECKING:
    from analysis.render.driver import render_book, renderer_info  # noqa: F401


def __getattr__(name: str) -> Any:
    if name in ("render_book", "renderer_info"):
        from analysis.render import driver

        return getattr(driver, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
