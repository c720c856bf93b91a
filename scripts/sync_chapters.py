"""Write chapters/*.ipynb from their percent-format sources in chapters/src/*.py.

The notebooks are what papermill and Quarto run; the sources are easier to read
and review.  ``python scripts/sync_chapters.py --check`` fails if any notebook
is out of date (used in the tests).  Notebooks are written without outputs.

Source format: cells start with ``# %%`` (code), ``# %% [markdown]``
(markdown, each line prefixed with ``# ``) or ``# %% tags=["parameters"]``.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
HEADER = re.compile(r"^# %%(?P<md> \[markdown\])?(?: tags=(?P<tags>\[.*\]))?\s*$")


def parse(text: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"}}
    cells = []
    cur = None
    for line in text.splitlines():
        m = HEADER.match(line)
        if m:
            cur = {"md": bool(m.group("md")), "tags": json.loads(m.group("tags")) if m.group("tags") else [],
                   "lines": []}
            cells.append(cur)
            continue
        if cur is None:
            continue  # preamble before the first cell (a module docstring) is ignored
        cur["lines"].append(line)
    for i, c in enumerate(cells):
        lines = c["lines"]
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        if c["md"]:
            src = "\n".join(l[2:] if l.startswith("# ") else l.lstrip("#") for l in lines)
            cell = nbformat.v4.new_markdown_cell(src)
        else:
            cell = nbformat.v4.new_code_cell("\n".join(lines))
        cell.id = f"cell-{i:02d}"
        if c["tags"]:
            cell.metadata["tags"] = c["tags"]
        nb.cells.append(cell)
    return nb


def render(src: Path) -> str:
    return nbformat.writes(parse(src.read_text(encoding="utf-8"))) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--check", action="store_true", help="fail if a notebook is out of date")
    args = ap.parse_args(argv)
    stale = []
    for src in sorted((ROOT / "chapters" / "src").glob("*.py")):
        out = ROOT / "chapters" / f"{src.stem}.ipynb"
        text = render(src)
        if not out.exists() or out.read_text(encoding="utf-8") != text:
            stale.append(out)
            if not args.check:
                out.write_text(text, encoding="utf-8")
    if args.check and stale:
        print("Out of date (run python scripts/sync_chapters.py):", *map(str, stale), sep="\n  ", file=sys.stderr)
        return 1
    if not args.check:
        print(f"{len(stale)} notebook(s) written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
