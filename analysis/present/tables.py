"""Tables shown in chapters: real tables in HTML and PDF, with a CSV download.

:func:`show_table` displays a bundle with ``application/vnd.p2r.table+json``
(caption, a pipe-table in markdown, the CSV) and ``text/markdown`` (for
Quarto/Jupyter).  The built-in renderer numbers tables across the book.
"""

from __future__ import annotations

import pandas as pd

from analysis.common.escape import md_text, spreadsheet_safe

TABLE_MIME = "application/vnd.p2r.table+json"


def _cell(v) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)) or v is pd.NA:
        return ""
    return md_text(v)  # a cell is text: markup in data shows as the characters it is


def to_pipe_table(df: pd.DataFrame, align: dict[str, str] | None = None) -> str:
    """A pandoc pipe table. Numeric columns are right-aligned unless told otherwise."""
    align = dict(align or {})
    cols = [str(c) for c in df.columns]
    marks = []
    for c, dtype in zip(df.columns, df.dtypes):
        a = align.get(str(c)) or ("right" if pd.api.types.is_numeric_dtype(dtype) else "left")
        marks.append({"right": "---:", "left": ":---", "center": ":--:"}[a])
    lines = ["| " + " | ".join(_cell(c) for c in cols) + " |", "|" + "|".join(marks) + "|"]
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join(_cell(v) for v in row) + " |")
    return "\n".join(lines)


def table_bundle(
    df: pd.DataFrame,
    *,
    key: str,
    caption: str,
    source: str | None = None,
    align: dict[str, str] | None = None,
    csv: pd.DataFrame | None = None,
    download: bool = True,
) -> dict:
    """``df`` is the formatted table shown; ``csv`` the raw data offered for download."""
    if not caption or not caption.strip():
        raise ValueError(f"table {key!r}: caption must not be empty")
    md = to_pipe_table(df, align)
    meta = {
        "key": key,
        "caption": caption,
        "source": source,
        "markdown": md,
        "csv": spreadsheet_safe(csv if csv is not None else df).to_csv(index=False) if download else None,
    }
    return {TABLE_MIME: meta, "text/markdown": f"{md}\n\n: {md_text(caption)}\n"}


def show_table(df: pd.DataFrame, **kwargs) -> None:
    from IPython.display import display

    display(table_bundle(df, **kwargs), raw=True)
