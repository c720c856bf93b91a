"""Render executed chapter notebooks into the book (HTML and PDF).

``render_book`` uses Quarto when it is on PATH, otherwise the built-in
renderer (pandoc for HTML and Typst markup, Typst for PDF), both driven by the
same ``_quarto.yml``.
"""

from analysis.render.book import Book, ChapterEntry, load_book  # noqa: F401
from analysis.render.driver import render_book, renderer_info  # noqa: F401
