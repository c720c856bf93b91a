"""Turn one executed chapter notebook into pandoc markdown plus its assets.

Markdown cells pass through; code cells contribute only their outputs:
``text/markdown`` (computed prose), figures (:data:`analysis.present.charts.FIGURE_MIME`)
and tables (:data:`analysis.present.tables.TABLE_MIME`).  Code itself, streams and
plain reprs never reach the book.  Figures and tables are numbered across the
book by a shared :class:`Counter`.
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pandas as pd

from analysis.common.errors import BuildError
from analysis.common.escape import md_text, typst_content, typst_string, unspreadsheet_cell
from analysis.present.charts import FIGURE_MIME, chart_png, chart_svg, spec_json
from analysis.present.tables import TABLE_MIME
from analysis.render.safe import RawBlocks, placeholder


@dataclass
class Counter:
    figures: int = 0
    tables: int = 0


@dataclass
class Asset:
    kind: str  # "figure" or "table"
    key: str
    number: int
    caption: str
    csv: str | None
    png: bytes | None = None
    alt: str | None = None
    title: str | None = None
    #: a figure's Vega-Lite spec: the PDF draws it as SVG (:func:`analysis.present.charts.chart_svg`)
    spec: dict | None = None
    #: a figure's SVG, from the notebook (:func:`analysis.present.charts.figure_bundle` puts it there)
    svg: str | None = None

    def svg_text(self) -> str | None:
        """A figure's SVG: the notebook's, else drawn from the spec now (a notebook made before figures
        carried their SVG)."""
        if self.svg is None and self.kind == "figure" and self.spec is not None:
            self.svg = chart_svg(self.spec)
        return self.svg

    def png_bytes(self) -> bytes | None:
        """A figure's PNG: the notebook's, else drawn from the spec now (a notebook of a build that
        made no PNG output has none: :func:`analysis.present.charts.figure_png_wanted`)."""
        if self.png is None and self.kind == "figure" and self.spec is not None:
            self.png = chart_png(self.spec)
        return self.png


@dataclass
class ChapterDoc:
    stem: str
    title: str
    markdown: str
    assets: list[Asset] = field(default_factory=list)
    #: the package's own markup, by placeholder token (see :mod:`analysis.render.safe`)
    raw: RawBlocks = field(default_factory=dict)


def _src(cell) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def _data_table_html(csv: str, caption: str) -> str:
    df = pd.read_csv(io.StringIO(csv))
    head = "".join(f'<th scope="col">{html.escape(str(unspreadsheet_cell(c)))}</th>' for c in df.columns)
    rows = []
    for r in df.itertuples(index=False):
        cells = []
        for v in r:
            if isinstance(v, float):
                txt = "" if pd.isna(v) else (f"{v:,.0f}" if abs(v) >= 1000 else f"{v:,.4g}")
            else:
                txt = str(unspreadsheet_cell(v))
            cells.append(f"<td>{html.escape(txt)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="table-wrap" role="region" tabindex="0" aria-label="{html.escape(caption)}">'
        f'<table class="data-alt"><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _figure_md(meta: dict, svg: str | None, number: int, raw: RawBlocks) -> str:
    key = meta["key"]
    fid = f"fig-{key}"
    label = f"Figure {number}"
    cap = html.escape(meta["caption"])
    alt = html.escape(meta["alt"])
    src = html.escape(meta["source"])
    table = _data_table_html(meta["csv"], f"Data for {label}: {meta['title']}")
    chart_div = (
        f'<div class="vega-chart" data-spec="{fid}-spec" role="img" aria-label="{alt}">'
        f'<img src="figures/{key}.svg" alt="{alt}"></div>'
    )
    html_block = f"""<figure class="p2r-figure" id="{fid}">
<div class="chart-title">{html.escape(meta["title"])}</div>
{chart_div}
<script type="application/json" id="{fid}-spec">{spec_json(meta["spec"])}</script>
<figcaption><strong>{label}:</strong> {cap} <span class="source">Source: {src}</span></figcaption>
<details class="data-table"><summary>Show the data behind {label} as a table</summary>
{table}
</details>
<p class="download"><a href="data/{key}.csv" download>Download the data for {label} (CSV)</a></p>
</figure>"""
    width = _typst_width(svg_size(svg))
    typ_cap = _typst_escape(f"{meta['caption']} Source: {meta['source']}")
    typst_fig = (
        f'#figure(image("figures/{key}.svg", width: {width}, alt: "{typst_str(meta["alt"])}"), '
        f"caption: [*{label}:* {typ_cap}]) <{fid}>"
    )
    # Word: the figure as data, made into pandoc's document tree by analysis.render.docx
    docx_fig = json.dumps(
        {"key": key, "number": number, "caption": meta["caption"], "alt": meta["alt"], "source": meta["source"]}
    )
    return placeholder(raw, html=html_block, typst=typst_fig, docx=docx_fig)


def png_size(png: bytes | None) -> tuple[int, int] | None:
    """(width, height) in pixels from a PNG header."""
    if not png or png[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def svg_size(svg: str | None) -> tuple[float, float] | None:
    """(width, height) in CSS pixels from the ``width`` and ``height`` of an ``<svg>`` element."""
    head = (svg or "")[: (svg or "").find(">") + 1]
    w = re.search(r'\swidth="([0-9.]+)"', head)
    h = re.search(r'\sheight="([0-9.]+)"', head)
    return (float(w.group(1)), float(h.group(1))) if w and h else None


def _typst_width(size: tuple[float, float] | None) -> str:
    """The chart's natural width on an A4 page (its size in CSS pixels, :func:`svg_size`), capped at
    the text width and so that its height stays under about 60% of the page."""
    if not size:
        return "100%"
    w_px, h_px = size
    text_w_pt, max_h_pt = 473.0, 440.0  # A4 minus margins; px at 96 dpi -> 0.75 pt
    w_pt = w_px * 0.75
    h_pt = h_px * 0.75
    factor = min(1.0, text_w_pt / w_pt, max_h_pt / h_pt)
    return f"{w_pt * factor:.0f}pt"


def typst_str(s: str) -> str:
    """Escape text for a Typst string literal ("...")."""
    return typst_string(s)


def _typst_escape(s: str) -> str:
    """Escape text for a Typst content block ([...])."""
    return typst_content(s)


def _table_md(meta: dict, number: int, raw: RawBlocks) -> str:
    key = meta["key"]
    md = f"\n{meta['markdown']}\n\n: Table {number}: {md_text(meta['caption'])} {{#tbl-{key}}}\n"
    if meta.get("source"):
        md += f"\n::: {{.source}}\nSource: {md_text(meta['source'])}\n:::\n"
    if meta.get("csv"):
        md += placeholder(
            raw, html=f'<p class="download"><a href="data/{key}.csv" download>Download Table {number} (CSV)</a></p>'
        )
    return md


def notebook_to_markdown(path: Path, counter: Counter, nb=None) -> ChapterDoc:
    """A chapter's markdown and assets from its executed notebook at ``path``, or from ``nb``, the same
    notebook already in memory (not read again)."""
    if nb is None:
        nb = nbformat.read(str(path), as_version=4)
    parts: list[str] = []
    assets: list[Asset] = []
    raw: RawBlocks = {}
    title = ""
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if "remove-cell" in tags:
            continue
        if cell.cell_type == "markdown":
            text = _src(cell)
            if not title:
                for line in text.splitlines():
                    if line.startswith("# "):
                        title = line[2:].split("{")[0].strip()
                        break
            parts.append(text)
            continue
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            otype = out.get("output_type")
            if otype == "error":
                raise BuildError(f"{path.name}: a cell failed: {out.get('ename')}: {out.get('evalue')}")
            if otype not in ("display_data", "execute_result"):
                continue  # streams (print, warnings) are not report content
            data = out.get("data", {})
            if FIGURE_MIME in data:
                counter.figures += 1
                meta = data[FIGURE_MIME]
                png = base64.b64decode(data["image/png"]) if "image/png" in data else None
                svg = data.get("image/svg+xml")
                asset = Asset(
                    "figure",
                    meta["key"],
                    counter.figures,
                    meta["caption"],
                    meta["csv"],
                    png=png,
                    alt=meta["alt"],
                    title=meta["title"],
                    spec=meta["spec"],
                    svg="".join(svg) if isinstance(svg, list) else svg,
                )
                parts.append(_figure_md(meta, asset.svg_text(), counter.figures, raw))
                assets.append(asset)
            elif TABLE_MIME in data:
                counter.tables += 1
                meta = data[TABLE_MIME]
                parts.append(_table_md(meta, counter.tables, raw))
                assets.append(Asset("table", meta["key"], counter.tables, meta["caption"], meta.get("csv")))
            elif "text/markdown" in data:
                md = data["text/markdown"]
                parts.append("".join(md) if isinstance(md, list) else md)
            # anything else (text/plain reprs, html reprs) is deliberately dropped
    if not title:
        raise BuildError(f"{path.name}: the chapter has no '# Title' heading in a markdown cell")
    keys = [a.key for a in assets]
    dupes = {k for k in keys if keys.count(k) > 1}
    if dupes:
        raise BuildError(f"{path.name}: figure/table keys used twice: {sorted(dupes)}")
    return ChapterDoc(stem=path.stem, title=title, markdown="\n\n".join(parts) + "\n", assets=assets, raw=raw)
