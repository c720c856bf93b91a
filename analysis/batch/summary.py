"""What a batch writes when it ends: ``batch-summary.csv`` (one row a council) and ``index.html``
(a page linking every report), both written atomically."""

from __future__ import annotations

import csv
import datetime as _dt
import html
import io
from pathlib import Path
from typing import Iterable, Sequence
from urllib.parse import quote

from analysis.common import fmt
from analysis.common.escape import spreadsheet_cell
from analysis.common.files import atomic_write_text

SUMMARY_NAME = "batch-summary.csv"
INDEX_NAME = "index.html"

#: Headline figures copied from each council's model results into the summary.
HEADLINE_FIELDS = (
    "base_year",
    "horizon_year",
    "cla_2025",
    "cla_2035_do_nothing",
    "entries_fewer_per_year",
    "spend_2025",
    "spend_2035_do_nothing",
    "cumulative_benefit_full",
    "break_even_year_full",
    "budget_source",
)
SUMMARY_FIELDS = (
    "dfe_code",
    "name",
    "region",
    "status",
    "reason",
    "seconds",
    "output",
    "pdf",
    "variant",
) + HEADLINE_FIELDS


def write_summary_csv(records: Iterable[dict], out_root: Path) -> Path:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=list(SUMMARY_FIELDS), extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for r in records:
        w.writerow({k: spreadsheet_cell(r.get(k, "")) for k in SUMMARY_FIELDS})
    return atomic_write_text(Path(out_root) / SUMMARY_NAME, buf.getvalue())


def _num(v, kind: str) -> str:
    if v in ("", None):
        return "n/a"
    try:
        x = float(v)
    except (TypeError, ValueError):
        return html.escape(str(v))
    if kind == "money":
        return fmt.money(x)
    if kind == "year":
        return str(int(x))
    return fmt.num(x)


def _index_cell(r: dict, key: str, kind: str) -> str:
    """A break-even year left empty in a built report means 'not by the horizon', not 'unknown'; a
    break-even against an assumed budget says so."""
    if kind == "year" and r.get(key) in ("", None) and r.get("horizon_year") not in ("", None):
        text = f"not by {int(float(r['horizon_year']))}"
    else:
        text = _num(r.get(key), kind)
    if key.startswith("break_even") and r.get("budget_source") == "assumed" and text != "n/a":
        text += " (assumed budget)"
    return text


_INDEX_COLUMNS = (
    ("cla_2025", "Children in care, 2025", "count"),
    ("cla_2035_do_nothing", "Children in care, 2035 if nothing changes", "count"),
    ("entries_fewer_per_year", "Fewer entries a year, full impact", "count"),
    ("spend_2025", "Placement spend, 2025", "money"),
    ("spend_2035_do_nothing", "Placement spend, 2035 if nothing changes", "money"),
    ("cumulative_benefit_full", "Cumulative benefit to 2035, full impact", "money"),
    ("break_even_year_full", "Spend within budget from", "year"),
)

_CSS = """
body{font-family:"Liberation Sans",Arial,Helvetica,sans-serif;color:#1b1b1b;background:#fff;
margin:0 auto;max-width:78rem;padding:1rem 1.25rem;line-height:1.5}
a{color:#0b5394}a:focus-visible,.scroll:focus-visible{outline:3px solid #D55E00;outline-offset:2px}
.scroll{overflow-x:auto;position:relative;max-width:100%}
table{border-collapse:collapse;font-size:.95rem}
caption{text-align:left;font-weight:bold;padding:.5rem 0}
th,td{border-bottom:1px solid #c8c8c8;padding:.35rem .6rem;vertical-align:top}
thead th{border-bottom:2px solid #1b1b1b;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
th[scope=row]{text-align:left;font-weight:normal}
td a,th a{display:inline-block;min-height:24px;min-width:24px;padding:.15rem .3rem;margin:.1rem .15rem;
box-sizing:border-box}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.reason{max-width:60rem}
.skip{position:absolute;left:1rem;top:-4rem;background:#fff;padding:.5rem;border:2px solid #1b1b1b}
.skip:focus{top:1rem}
main:focus{outline:none}
"""


def write_index_html(
    records: list[dict],
    out_root: Path,
    *,
    cancelled: Sequence[str] = (),
    formats: Sequence[str] = ("html", "pdf"),
    seconds: float | None = None,
    interrupted: bool = False,
) -> Path:
    """An accessible, self-contained index of the batch (no scripts, no external files)."""
    e = html.escape
    ok = [r for r in records if r["status"] == "ok"]
    failed = [r for r in records if r["status"] != "ok"]
    n = len(records) + len(cancelled)
    today = _dt.date.today().isoformat()
    parts = [
        "<!doctype html>",
        '<html lang="en-GB">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>Council reports: batch summary</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        '<a class="skip" href="#main">Skip to main content</a>',
        '<main id="main" tabindex="-1">',
        "<h1>Council reports: batch summary</h1>",
    ]
    status = (
        f"{len(ok)} of {n} report{'s' if n != 1 else ''} built"
        + (f", {len(failed)} failed" if failed else "")
        + (f", {len(cancelled)} not run because the batch was interrupted" if cancelled else "")
    )
    took = f" in {seconds / 60:.1f} minutes" if seconds is not None else ""
    parts.append(
        f"<p>Built on {today}{took}: {e(status)}. Formats: {e(', '.join(formats))}. "
        f'The same figures are in <a href="{SUMMARY_NAME}">{SUMMARY_NAME}</a>.</p>'
    )
    if interrupted:
        parts.append("<p><strong>The batch was interrupted</strong>: only the councils that finished are listed.</p>")
    if ok:
        parts.append('<h2 id="built">Reports built</h2>')
        parts.append('<div class="scroll" role="region" aria-labelledby="built-caption" tabindex="0">')
        parts.append("<table>")
        parts.append(
            f'<caption id="built-caption">Reports built ({len(ok)}), with headline figures '
            "from each council's model (years ending 31 March)</caption>"
        )
        head = ['<th scope="col">Council</th>', '<th scope="col">Region</th>']
        head += [f'<th scope="col">{e(label)}</th>' for _, label, _ in _INDEX_COLUMNS]
        head += ['<th scope="col">Report</th>']
        parts.append("<thead><tr>" + "".join(head) + "</tr></thead>")
        parts.append("<tbody>")
        for r in ok:
            name = e(r["name"])
            links = []
            out = r.get("output") or ""
            if out.endswith(".html"):
                links.append(f'<a href="{e(quote(out))}">HTML<span class="vh"> report for {name}</span></a>')
            if r.get("pdf"):
                links.append(f'<a href="{e(quote(r["pdf"]))}">PDF<span class="vh"> report for {name}</span></a>')
            label = f'<a href="{e(quote(out))}">{name}</a>' if out.endswith(".html") else name
            cells = [f'<th scope="row">{label} <span>({e(r["dfe_code"])})</span></th>', f"<td>{e(r['region'])}</td>"]
            cells += [f'<td class="n">{_index_cell(r, k, kind)}</td>' for k, _, kind in _INDEX_COLUMNS]
            cells.append("<td>" + (" ".join(links) or "n/a") + "</td>")
            parts.append("<tr>" + "".join(cells) + "</tr>")
        parts.append("</tbody></table></div>")
    if failed:
        parts.append('<h2 id="failed">Reports that failed</h2>')
        parts.append("<ul>")
        for r in failed:
            who = e(r["name"]) + (f" ({e(r['dfe_code'])})" if r["dfe_code"] else "")
            parts.append(f'<li><strong>{who}</strong>: <span class="reason">{e(r["reason"])}</span></li>')
        parts.append("</ul>")
    if cancelled:
        parts.append('<h2 id="not-run">Not run (batch interrupted)</h2>')
        parts.append("<p>" + e(", ".join(cancelled)) + "</p>")
    parts += ["</main>", "</body>", "</html>", ""]
    return atomic_write_text(Path(out_root) / INDEX_NAME, "\n".join(parts))
