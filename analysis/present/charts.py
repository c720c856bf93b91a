"""House chart style and the one way a chapter shows a figure.

A chapter builds an Altair chart and passes it to :func:`show_figure` with a
caption, alt text, a source note and the data behind it.  The notebook output
is a bundle holding

* ``application/vnd.p2r.figure+json``: the Vega-Lite spec, the metadata and
  the data as CSV (read by the built-in renderer: interactive chart in HTML,
  data table alternative, CSV download);
* ``image/svg+xml``: the chart drawn by vl-convert (:func:`chart_svg`): what the executed notebook
  shows, the HTML's image where scripts do not run, and the PDF's chart;
* ``image/png``: the same chart rasterised, for Word only, left out otherwise
  (:func:`figure_png_wanted`; the renderer draws any PNG it then needs from the spec).

No ``alt.Chart(...)`` repr and no CDN script ever reaches an output.
"""

from __future__ import annotations

import base64
import json
import os
import sys
from typing import Any, Literal, TypeVar, cast

import altair as alt
import pandas as pd
from altair.typing import ChartType

from analysis.common.escape import spreadsheet_safe

FIGURE_MIME = "application/vnd.p2r.figure+json"
C = TypeVar("C", bound=ChartType)

# Okabe-Ito palette: distinguishable with the common forms of colour-blindness.  Ordered so that
# the first five have at least 3:1 contrast on white (WCAG 2.2 1.4.11, non-text contrast); the last
# three (#E69F00 2.3:1, #56B4E9 2.3:1, #F0E442 1.3:1) need a second cue (dash, label) if used.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9", "#F0E442"]
# Named scenario colours used across every impact chart.
SCENARIO_COLOURS = {
    "Do nothing": "#D55E00",
    "Full impact": "#0072B2",
    "Half impact": "#009E73",
    "Entries only": "#CC79A7",
    "UASC (held apart)": "#505050",
    "Budget": "#000000",
    "Assumed budget": "#000000",
}
INK = "#1b1b1b"
MUTED = "#505050"  # 8.3:1 on white
FONT = "Liberation Sans, Arial, Helvetica, sans-serif"


def house_theme() -> alt.theme.ThemeConfig:
    return {
        "config": {
            "font": FONT,
            "background": "#ffffff",
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 300},
            "range": {"category": PALETTE},
            "axis": {
                "labelFontSize": 13,
                "titleFontSize": 13,
                "labelColor": INK,
                "titleColor": INK,
                "gridColor": "#e0e0e0",
                "domainColor": MUTED,
                "tickColor": MUTED,
                "labelLimit": 260,
                "titleFontWeight": "normal",
            },
            "legend": {
                "labelFontSize": 13,
                "titleFontSize": 13,
                "labelColor": INK,
                "titleColor": INK,
                "orient": "bottom",
                "labelLimit": 320,
            },
            "header": {"labelFontSize": 13, "titleFontSize": 13},
            "title": {"fontSize": 15, "anchor": "start", "color": INK},
            "line": {"strokeWidth": 2.5},
            "point": {"size": 60, "filled": True},
            "text": {"fontSize": 12, "color": INK},
        }
    }


@alt.theme.register("p2r", enable=True)
def _p2r_theme() -> alt.theme.ThemeConfig:  # pragma: no cover - exercised through charts
    return house_theme()


_OWN_FONTS: bool | None = None  # whether vl-convert draws with its own fonts in this process (set once)


def vl_convert_own_fonts() -> bool:
    """In a chapter's kernel on Linux, vl-convert measures and draws chart text with the Liberation Sans it
    carries rather than the system's copy of that font; returns whether it does in this process.

    vl-convert measures every text of a chart (axis labels, legends, titles) by laying it out with its
    font database, and a font found among the system's fonts is opened and memory-mapped again for each
    measurement: some 2,000 times a chart, about 0.3 s of a book.  Its own copy is held in memory.  So,
    before the kernel's first chart, fontconfig (read by vl-convert's font database on Linux) is pointed
    at a file that lists no fonts (``FONTCONFIG_FILE``: ``analysis/resources/chart-fonts/fonts.conf``),
    and vl-convert falls back on its own Liberation Sans.  The charts' text then no longer depends on which
    fonts the machine has.  Only in a kernel: the build process starts pandoc and Typst, which inherit its
    environment and must find the system's fonts; there vl-convert (the renderer's rare fallback) keeps
    the system's fonts, and :func:`svg_key` tells the two apart.  Not when ``FONTCONFIG_FILE`` is already
    set, nor on another system (vl-convert reads fontconfig only on Linux)."""
    global _OWN_FONTS
    if _OWN_FONTS is not None:
        return _OWN_FONTS
    _OWN_FONTS = False
    if not sys.platform.startswith("linux") or os.environ.get("FONTCONFIG_FILE") or "ipykernel" not in sys.modules:
        return False
    from IPython import get_ipython

    if getattr(get_ipython(), "kernel", None) is None:
        return False
    from analysis.common.paths import resource

    os.environ["FONTCONFIG_FILE"] = str(resource("chart-fonts/fonts.conf"))
    _OWN_FONTS = True
    return True


def chart_svg(spec: dict) -> str:
    """The chart drawn as SVG by vl-convert, cached by content (:func:`svg_key`).  The PDF shows charts
    as SVG (Typst compiles a book of SVG charts several times faster than one of 2x PNGs, and the text
    stays text); the PNG is drawn from this SVG (:func:`chart_png`), so a build that makes both converts
    each chart once."""
    from analysis.common import cache

    key = svg_key(spec)
    hit = cache.load("svg", key)
    if isinstance(hit, str) and hit:
        return hit
    import vl_convert as vlc

    svg = vlc.vegalite_to_svg(spec)
    cache.store("svg", key, svg)
    return svg


def svg_key(spec: dict) -> str:
    """The cache key of a chart's SVG: the whole Vega-Lite spec (data, encodings and theme are inlined in
    it), the vl-convert version (which carries Vega, its renderer and its own fonts) and what text is
    measured with to lay out labels, legends and titles (vl-convert's own fonts in a chapter's kernel,
    else the system's font files: :func:`vl_convert_own_fonts`)."""
    from analysis.common import cache

    return cache.make_key("svg", spec, cache.versions("vl-convert-python"), _fonts())


def _fonts() -> str:
    """What chart text is measured with: vl-convert's own fonts (:func:`vl_convert_own_fonts`), or the
    system's font files (their stamp)."""
    from analysis.common import cache

    return "vl-convert's own fonts" if vl_convert_own_fonts() else cache.fonts_stamp()


def chart_png(spec: dict, scale: float = 2.0) -> bytes:
    """The chart drawn as a PNG by vl-convert, cached by content (:func:`png_key`): the same spec at the
    same scale with the same converter gives the same image, so it is drawn once.  It is rasterised from
    the chart's SVG (:func:`chart_svg`, stored too): byte for byte the image ``vegalite_to_png`` draws."""
    from analysis.common import cache

    key = png_key(spec, scale)
    hit = cache.load("png", key)
    if isinstance(hit, bytes):
        return hit
    import vl_convert as vlc

    png = vlc.svg_to_png(chart_svg(spec), scale=scale)
    cache.store("png", key, png)
    return png


def png_key(spec: dict, scale: float) -> str:
    """The cache key of a chart's PNG: as :func:`svg_key` (the spec, the vl-convert version and what text is
    measured with), and the scale."""
    from analysis.common import cache

    return cache.make_key("png", spec, float(scale), cache.versions("vl-convert-python"), _fonts())


PNG_ENV = "P2R_FIGURE_PNG"


def figure_png_wanted() -> bool:
    """Whether :func:`show_figure` puts the chart's PNG in the notebook: yes unless ``P2R_FIGURE_PNG`` is
    ``0`` (or off, no, false).  A build sets it in each chapter's kernel (:mod:`analysis.execute.kernels`):
    off unless it makes a Word document (the only output that shows a PNG), saving the rasterising
    (about 30 ms a chart).  Only a saving: the renderer draws a PNG that an output needs and
    the notebook lacks (:meth:`analysis.render.notebook.Asset.png_bytes`)."""
    return os.environ.get(PNG_ENV, "1").strip().lower() not in ("0", "off", "no", "false")


VALIDATE_ENV = "P2R_VALIDATE_CHARTS"


def validate_charts() -> bool:
    """Whether Altair checks each chart against the Vega-Lite JSON schema as it converts it (about 40 ms a
    chart, a quarter of a report's chapter time).  The check changes no spec, only raises on a wrong one; a
    chart's structure is package code, so the tests run it on every chart of the guarded reports (the test
    suite sets ``P2R_VALIDATE_CHARTS=1``) and a build skips it unless that variable is set."""
    return os.environ.get(VALIDATE_ENV, "").strip().lower() in ("1", "true", "yes", "on")


# Altair's debug mode converts every schema object to a dict and checks it as it is made (about 0.2 s of
# a report's chapters).  Off unless charts are validated: the check at conversion covers the same specs.
if not validate_charts():
    alt.utils.schemapi.disable_debug_mode()


def _column_values(col: pd.Series) -> list | None:
    """One column as the Python values Altair's ``to_values`` gives it (NaN and infinity as None), or None
    for a column this fast path does not handle (Altair then converts the whole frame)."""
    import numpy as np

    dtype = col.dtype
    if dtype.kind == "f" and isinstance(dtype, np.dtype):
        arr = col.to_numpy()
        values = arr.tolist()
        finite = np.isfinite(arr)
        if not finite.all():
            values = [v if ok else None for v, ok in zip(values, finite.tolist())]
        return values
    if dtype.kind in "iub" and isinstance(dtype, np.dtype):
        return col.to_numpy().tolist()
    if dtype.kind == "O" or isinstance(dtype, pd.StringDtype):
        values = col.tolist()
        if all(type(v) is str for v in values):
            return values
        if all(type(v) is str or v is None or (type(v) is float and v != v) for v in values):
            return [v if type(v) is str else None for v in values]
    return None


def chart_values(data: Any, max_rows: int = 5000) -> Any:
    """Altair's data transformer for this package's charts: a DataFrame becomes its records, as Altair's
    default (``limit_rows`` then ``to_values``) makes them, without the copy of the frame and of each
    column that Altair's ``sanitize_pandas_dataframe`` makes (about 0.2 s of a report's chapters: every
    layer of every chart converts its frame).  Columns of floats, integers, booleans and text are read
    directly; a frame with any other column (dates, categories, nullable types, mixed objects) goes
    through Altair's own conversion.  When charts are validated (:func:`validate_charts`, the tests) each
    frame is converted both ways and the records must serialise to the same JSON."""
    from altair.utils.data import limit_rows, to_values

    if not isinstance(data, pd.DataFrame):
        return alt.vegalite.data.default_data_transformer(data, max_rows=max_rows)
    limit_rows(data, max_rows=max_rows)
    names = list(data.columns)
    columns = None
    plain = all(type(n) is str for n in names) and len(set(names)) == len(names)
    if plain and not isinstance(data.index, pd.MultiIndex):
        columns = [_column_values(data[n]) for n in names]
    if columns is None or any(c is None for c in columns):
        return to_values(data)
    records = [dict(zip(names, row)) for row in zip(*columns)] if names else [{} for _ in range(len(data))]
    if validate_charts():
        expected = to_values(data)["values"]
        if json.dumps(records) != json.dumps(expected):
            raise AssertionError(f"chart_values: records differ from Altair's for columns {names}")
    return {"values": records}


alt.data_transformers.register("p2r", chart_values)
alt.data_transformers.enable("p2r")


def props(chart: C, **properties: Any) -> C:
    """``chart.properties(**properties)`` without Altair's check of each value against the Vega-Lite schema
    as it is set, which resolves the schema's references for every value (a chart's width, height and
    title: about 10 ms a call, more for large values).  The spec is the same; the check still runs on the
    whole chart at conversion when charts are validated (:func:`validate_charts`, on in the tests).  The
    figure code sets properties only through this (``tests/test_render_speed.py``)."""
    copy = cast(C, chart.copy(deep=False))
    for key, value in properties.items():
        setattr(copy, key, value)
    return copy


def layer(*charts: ChartType, **properties: Any) -> alt.LayerChart:
    """``alt.layer(*charts)`` with its properties (width, height, title, ``resolve``...) given as it is made.
    Altair rebuilds a composed chart, copying every layer deep, each time it is copied, and
    ``.properties()``, ``.resolve_scale()`` and ``+`` each copy it: made in one step, it is copied once.
    The figure code calls this, not ``alt.layer`` (``tests/test_render_speed.py``); ``+`` stays where a
    layer is added to a layer chart's own list."""
    return alt.LayerChart(layer=list(charts), **properties)


def vconcat(*charts: ChartType, **properties: Any) -> alt.VConcatChart:
    """``alt.vconcat(*charts)`` with its properties given as it is made (see :func:`layer`); the figure
    code calls this, not ``alt.vconcat``."""
    return alt.VConcatChart(vconcat=list(charts), **properties)


def resolve_scale(**channels: Literal["independent", "shared"]) -> alt.Resolve:
    """The value of a composed chart's ``resolve`` that ``.resolve_scale(**channels)`` sets, for
    :func:`layer` and :func:`vconcat`."""
    return alt.Resolve(scale=alt.ScaleResolveMap(**channels))


def figure_bundle(
    chart: ChartType,
    *,
    key: str,
    title: str,
    caption: str,
    alt_text: str,
    source: str,
    data: pd.DataFrame,
    report_figure: str | None = None,
    png: bool | None = None,
    datasets: dict[str, list] | None = None,
) -> dict:
    """The display bundle for one figure (see module docstring); with the PNG when ``png``, or when it is
    None (the default) and :func:`figure_png_wanted`.

    ``datasets``: named datasets (plain lists of records) that the chart reads with ``alt.NamedData``,
    put into the spec's ``datasets`` after Altair has converted the chart.  Kept out of the Altair
    object, large data are neither deep-copied nor walked value by value at each conversion step (the
    explorer's grid: about 0.8 s a report).  The spec is the same as with ``chart.properties(datasets=...)``,
    which is what the conversion checks when charts are validated (:func:`validate_charts`)."""
    for name, value in {"key": key, "title": title, "caption": caption, "alt_text": alt_text, "source": source}.items():
        if not value or not str(value).strip():
            raise ValueError(f"figure {key!r}: {name} must not be empty")
    if data is None or not isinstance(data, pd.DataFrame):
        raise ValueError(f"figure {key!r}: data must be the DataFrame behind the chart")
    spec = chart_spec(chart, datasets)
    meta = {
        "key": key,
        "title": title,
        "caption": caption,
        "alt": alt_text,
        "source": source,
        "report_figure": report_figure,
        "spec": spec,
        "csv": spreadsheet_safe(data).to_csv(index=False),
    }
    # the SVG: drawn in the executed notebook, the HTML's image without script and the PDF's chart
    bundle = {FIGURE_MIME: meta, "image/svg+xml": chart_svg(spec), "text/plain": f"[Figure: {title}]"}
    if figure_png_wanted() if png is None else png:
        bundle["image/png"] = base64.b64encode(chart_png(spec)).decode("ascii")
    return bundle


def to_dict(chart: ChartType) -> dict:
    """``chart.to_dict(validate=False)``, for a composed chart without data of its own (the data are in its
    layers or panels) without the copy Altair makes of it first: a copy of a layered or concatenated chart
    builds it again, copying every layer and panel deep (about 0.1 s of a report's chapters).  The conversion
    is Altair's own, on the chart as it is (nothing in it changes: only the chart's own data, which this
    case has none of, would be replaced), and the top level gets what Altair adds there: the schema URL,
    the theme and the named datasets.  Any other chart converts the usual way.  When charts are validated
    (:func:`validate_charts`, the tests) the result must equal Altair's ``to_dict``."""
    composed = isinstance(chart, (alt.LayerChart, alt.VConcatChart))
    if not composed or chart.data is not alt.Undefined:
        return chart.to_dict(validate=False)
    context: dict[str, Any] = {"datasets": {}, "top_level": False, "pre_transform": False}
    # as Altair converts it, minus the copy (mypy cannot follow super() on a union of chart types)
    spec = super(alt.TopLevelMixin, chart).to_dict(validate=False, context=context)  # type: ignore[misc]
    spec.setdefault("$schema", alt.SCHEMA_URL)
    theme = alt.theme.get()
    if theme is not None:
        spec = alt.utils.update_nested(theme(), spec, copy=True)
    if context["datasets"]:
        spec.setdefault("datasets", {}).update(context["datasets"])
    if validate_charts() and json.dumps(spec, sort_keys=True) != json.dumps(
        chart.to_dict(validate=False), sort_keys=True
    ):
        raise AssertionError("charts.to_dict: the spec differs from Altair's to_dict")
    return spec


def chart_spec(chart: ChartType, datasets: dict[str, list] | None = None) -> dict:
    """``chart``'s Vega-Lite spec with the named ``datasets`` joined (see :func:`figure_bundle`); checked
    against the schema when :func:`validate_charts`."""
    if validate_charts():  # the slow way, checked against the schema with the data in place
        to_dict(chart)  # (and the quick conversion checked against it)
        return (props(chart, datasets=datasets) if datasets else chart).to_dict(validate=True)
    spec = to_dict(chart)
    if not datasets:
        return spec
    clash = set(datasets) & set(spec.get("datasets", {}))
    if clash:
        raise ValueError(f"dataset name(s) {sorted(clash)} given twice")
    spec["datasets"] = {**datasets, **spec.get("datasets", {})}
    return spec


def show_figure(chart, **kwargs) -> None:
    """Display a figure in a chapter notebook (see :func:`figure_bundle`)."""
    from IPython.display import display

    display(figure_bundle(chart, **kwargs), raw=True)


def spec_json(spec: dict) -> str:
    """Spec serialised for embedding in a <script type=application/json> block: ``<``, ``>`` and ``&``
    as JSON escapes, so no text in it (``</script>``, ``<!--``) can end or change the block.  Keys are
    sorted, as in a notebook file, so a page is the same whether its notebook was read back or kept."""
    text = json.dumps(spec, separators=(",", ":"), sort_keys=True)  # the same page from a notebook file or in memory
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
