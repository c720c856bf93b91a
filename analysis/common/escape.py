"""Text is text: escape a string from params, data or a file name for the format it lands in.

Only the package's own templates emit markup.  Every string that comes from outside (an area name,
a subtitle, an enabler note, a table cell, a file name) goes through one of these before it is put
into markdown, HTML or Typst, so that ``<img onerror=...>``, ``$``, ``*``, ``@`` or an unbalanced
``]`` show as the characters they are.  Links are checked against an allow-list of schemes, and
the cells of every CSV the package writes are made safe to open in a spreadsheet.
"""

from __future__ import annotations

import html
import re
import string

_PUNCT = frozenset(string.punctuation)


def _one_line(s: object) -> str:
    return re.sub(r"[\r\n\t\f\v]+", " ", "" if s is None else str(s))


def md_text(s: object) -> str:
    """Pandoc markdown that reads back as exactly ``s`` (on one line): every ASCII punctuation
    character is backslash-escaped, which pandoc markdown allows for all of them."""
    return "".join("\\" + ch if ch in _PUNCT else ch for ch in _one_line(s))


def html_text(s: object) -> str:
    """Text for an HTML element or a quoted attribute."""
    return html.escape("" if s is None else str(s), quote=True)


def typst_content(s: object) -> str:
    """Text for a Typst content block (``[...]``): every ASCII punctuation character escaped (Typst
    accepts a backslash before any of them), line breaks as spaces."""
    return "".join("\\" + ch if ch in _PUNCT else ch for ch in _one_line(s))


def typst_string(s: object) -> str:
    """Text for a Typst string literal (``"..."``)."""
    return _one_line(s).replace("\\", "\\\\").replace('"', '\\"')


#: Link schemes a rendered page may point to; anything else (javascript:, data:, file:, vbscript:)
#: is shown as text.  A link without a scheme (relative, or a #fragment) is allowed.
SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def safe_url(url: object) -> bool:
    """True for http, https, mailto and relative links; False for any other scheme.  Control
    characters and spaces, which browsers drop before reading the scheme, are dropped first."""
    u = re.sub(r"[\x00-\x20\x7f]+", "", "" if url is None else str(url))
    m = _SCHEME.match(u)
    if m is None:
        # no scheme: relative; but 'java&#x73;cript:' style tricks never reach here as text, and a
        # colon before any '/', '?' or '#' would have been a scheme
        head = re.split(r"[/?#]", u, maxsplit=1)[0]
        return ":" not in head
    return m.group(1).lower() in SAFE_SCHEMES


#: A cell starting with one of these is read as a formula by Excel, LibreOffice or Google Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"^[+-]?(\d[\d,]*\.?\d*|\.\d+)([eE][+-]?\d+)?%?$")


def spreadsheet_cell(v: object) -> object:
    """A CSV cell that a spreadsheet shows as text rather than running (OWASP CSV injection): text
    starting with ``= + - @``, a tab or a carriage return gets a leading ``'``.  Numbers, and text
    that is a plain number such as ``-12`` or ``-3.5%``, stay as they are."""
    if not isinstance(v, str) or not v.startswith(FORMULA_START):
        return v
    if _NUMBER.match(v.strip()):
        return v
    return "'" + v


def spreadsheet_safe(df):
    """A copy of a DataFrame with :func:`spreadsheet_cell` applied to its text cells and its
    column names; numeric columns are untouched, so numbers stay numbers."""
    out = df.copy()
    for i, c in enumerate(out.columns):
        col = out.iloc[:, i]
        if col.dtype == object or str(col.dtype) in ("string", "str"):
            # only a column with a cell that could need the quote is mapped (Series.map is slow on text columns)
            if any(isinstance(v, str) and v.startswith(FORMULA_START) for v in col.tolist()):
                out[c] = col.map(spreadsheet_cell)
    out.columns = [spreadsheet_cell(c) if isinstance(c, str) else c for c in out.columns]
    return out


def unspreadsheet_cell(v: object) -> object:
    """The text as it was before :func:`spreadsheet_cell` (for showing a CSV's cells on a page)."""
    if isinstance(v, str) and len(v) > 1 and v[0] == "'" and v[1:].startswith(FORMULA_START):
        return v[1:]
    return v
