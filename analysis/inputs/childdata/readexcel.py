"""Excel workbooks (.xlsx) of child-level returns, read as the CSV a council would have saved from them.

The first worksheet is read with openpyxl (no formulas are run: cached values only).  Each cell becomes
the text Excel's 'Save as CSV' would write: dates as dd/mm/yyyy, whole numbers without '.0', other
numbers as written, empty cells as ''.  The text then goes through exactly the same CSV reading and
checks as a CSV file, so a workbook and its CSV export give the same tables.  Legacy .xls files are
refused with a clear message.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

from analysis.common.errors import InputError, Problem


def _cell_text(v: object) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, dt.date):
        return v.strftime("%d/%m/%Y")
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def excel_as_csv_text(path: Path, file: str, max_mb: float) -> str:
    """The first worksheet of ``path`` as CSV text (see the module docstring)."""
    if path.suffix.lower() == ".xls":
        raise InputError(
            Problem(
                "old-style Excel workbooks (.xls) are not read",
                file=file,
                hint="Open it in Excel and save it as .xlsx, or as 'CSV UTF-8 (Comma delimited)'",
            )
        )
    size = path.stat().st_size
    if size > max_mb * 1_000_000:
        raise InputError(
            Problem(
                f"the file is too large ({size / 1e6:.1f} MB; the limit is {max_mb:g} MB)",
                file=file,
                hint="Raise child_data.max_file_mb if the file is right",
            )
        )
    try:
        import openpyxl

        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - any unreadable workbook is an input problem
        raise InputError(
            Problem(
                f"the workbook cannot be read ({type(e).__name__})",
                file=file,
                hint="Check it opens in Excel; or save the sheet as 'CSV UTF-8 (Comma delimited)'",
            )
        ) from e
    try:
        ws = wb.worksheets[0]
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        for row in ws.iter_rows(values_only=True):
            w.writerow([_cell_text(v) for v in row])
        return buf.getvalue()
    finally:
        wb.close()
