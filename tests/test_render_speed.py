"""The build's speed-ups (issue 19) keep the output: the Vega bundle comes from the result cache under a
key that follows vl-convert, charts converted without Altair's schema check give the same spec, and
kernels started ahead of the chapters (with the chapters' modules imported) serve them and never
outlive the build."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from analysis.common import cache
from analysis.present import charts
from analysis.render import html


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(d))
    html._vega_bundle_for.cache_clear()
    yield d
    html._vega_bundle_for.cache_clear()


# -- the Vega bundle -------------------------------------------------------------------------------


def test_vega_bundle_key_follows_the_converter_version(monkeypatch):
    base = html.vega_bundle_key()
    assert html.vega_bundle_key() == base
    real = cache.versions

    def other(*dists):
        return {d: "0.0.1" for d in dists} if "vl-convert-python" in dists else real(*dists)

    monkeypatch.setattr(cache, "versions", other)
    assert html.vega_bundle_key() != base


def test_cached_vega_bundle_is_the_converters(cache_dir, monkeypatch):
    import vl_convert as vlc

    fresh = vlc.javascript_bundle()
    assert html._vega_bundle() == fresh
    assert cache.load("vega-bundle", html.vega_bundle_key()) == fresh  # stored for the next build
    # the next process reads it from the cache: the converter is not called again
    html._vega_bundle_for.cache_clear()
    monkeypatch.setattr(vlc, "javascript_bundle", lambda *a, **k: pytest.fail("bundle rebuilt"))
    assert html._vega_bundle() == fresh


def test_vega_bundle_with_the_cache_off(monkeypatch, tmp_path):
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    html._vega_bundle_for.cache_clear()
    try:
        out = tmp_path / "site"
        html.write_assets(out)
        import vl_convert as vlc

        assert (out / "assets" / "vega-bundle.js").read_text(encoding="utf-8") == vlc.javascript_bundle()
    finally:
        html._vega_bundle_for.cache_clear()


# -- chart conversion ------------------------------------------------------------------------------


def _chart() -> tuple[alt.Chart, pd.DataFrame]:
    df = pd.DataFrame({"year": [2024, 2025, 2026], "children": [10.0, 12.5, 11.0]})
    return alt.Chart(df).mark_line().encode(x="year:O", y="children:Q"), df


def test_spec_is_the_same_with_and_without_the_schema_check(monkeypatch):
    chart, df = _chart()
    kw = dict(key="k", title="T", caption="C", alt_text="A", source="S", data=df, png=False)
    monkeypatch.setenv(charts.VALIDATE_ENV, "1")
    assert charts.validate_charts()
    checked = charts.figure_bundle(chart, **kw)
    monkeypatch.setenv(charts.VALIDATE_ENV, "0")
    assert not charts.validate_charts()
    unchecked = charts.figure_bundle(chart, **kw)
    assert checked == unchecked


def test_schema_check_runs_when_asked(monkeypatch):
    df = pd.DataFrame({"x": [1, 2]})
    bad = alt.Chart(df).mark_point().encode(x="x:Q")
    bad.mark = "notamark"  # attribute assignment is not checked; conversion is
    kw = dict(key="k", title="T", caption="C", alt_text="A", source="S", data=df, png=False)
    monkeypatch.setenv(charts.VALIDATE_ENV, "0")
    assert charts.chart_spec(bad)["mark"] == {"type": "notamark"}  # converted unchecked (Vega cannot draw it)
    monkeypatch.setenv(charts.VALIDATE_ENV, "1")
    with pytest.raises(alt.utils.schemapi.SchemaValidationError, match="notamark"):
        charts.figure_bundle(bad, **kw)


def test_the_tests_check_every_chart():
    """conftest turns the check on, and chapter kernels the tests start inherit it."""
    assert charts.validate_charts()


# -- kernels started ahead ---------------------------------------------------------------------------


def _run(k, cwd: Path, code: str) -> str:
    from jupyter_core.utils import run_sync

    kc = k.client()
    try:
        k.reset(kc, cwd)
        seen: list = []

        def hook(msg):
            if msg["msg_type"] == "stream":
                seen.append(msg["content"]["text"])

        reply = run_sync(kc.execute_interactive)(code, output_hook=hook, timeout=60)
        assert reply["content"]["status"] == "ok"
    finally:
        kc.stop_channels()
    return "".join(seen)


NAMES = "print(sorted(globals()))\n"
LOADED = "import sys, gc\nprint('analysis.present.figures.impact' in sys.modules, gc.get_freeze_count() > 0)\n"


def test_prestarted_kernel_serves_the_chapter_with_the_modules_loaded(tmp_path):
    from analysis.execute import kernels

    pool = kernels.KernelPool()
    plain = kernels.WarmKernel("python3", tmp_path, preload=False)
    try:
        pool.prestart(1, "python3", tmp_path)
        pool.prestart(1, "python3", tmp_path)  # already starting: not a second one
        assert pool.started == 1
        k = pool.acquire("python3", tmp_path)
        assert pool.started == 1  # the prestarted kernel, not a new one
        # after the reset a chapter sees the same names as in a kernel that imported nothing
        assert _run(k, tmp_path, NAMES) == _run(plain, tmp_path, NAMES)
        assert _run(k, tmp_path, LOADED) == "True True\n"  # the chapters' modules loaded, and frozen
        assert _run(plain, tmp_path, LOADED) == "False False\n"
        pool.release(k, healthy=True)
        assert len(pool) == 1
    finally:
        pool.shutdown_all()
        plain.shutdown()
    assert len(pool) == 0


def test_shutdown_stops_kernels_still_starting(tmp_path):
    import psutil

    from analysis.execute import kernels

    pool = kernels.KernelPool()
    before = {p.pid for p in psutil.Process().children(recursive=True)}
    pool.prestart(1, "python3", tmp_path)
    pool.shutdown_all()  # waits for the kernel to start, then stops it
    after = [
        p
        for p in psutil.Process().children(recursive=True)
        if p.pid not in before and p.status() != psutil.STATUS_ZOMBIE and "ipykernel" in " ".join(p.cmdline())
    ]
    assert after == []


def test_props_is_properties_without_the_check(monkeypatch):
    chart, df = _chart()
    data = {"rows": [{"a": i, "b": [i, i + 1]} for i in range(50)]}
    meta = {"p2r_explorer": {"dataset": "rows", "horizon": 2035}}
    before = chart.to_dict()
    assert (
        charts.props(chart, datasets=data, usermeta=meta).to_dict()
        == chart.properties(datasets=data, usermeta=meta).to_dict()
    )
    assert chart.to_dict() == before  # the chart it was given is unchanged
    bad = charts.props(chart, usermeta="not an object")  # not checked when set ...
    monkeypatch.setenv(charts.VALIDATE_ENV, "1")
    kw = dict(key="k", title="T", caption="C", alt_text="A", source="S", data=df, png=False)
    with pytest.raises(alt.utils.schemapi.SchemaValidationError):
        charts.figure_bundle(bad, **kw)  # ... but when the chart is converted with validation on


def test_chart_encodings_are_channel_objects():
    """Every ``.encode(...)`` in the figure code gives Altair channel objects (``alt.X("a:Q")``,
    ``alt.XValue(3)``), never a shorthand string, a dict or ``alt.value(...)``: Altair turns each of those
    into a channel with ``from_dict``, which hashes all of Vega-Lite's schema each time (5-8 ms a call,
    over 60 calls a council before).  The spec is the same either way."""
    import ast

    root = Path(charts.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "encode"):
                continue
            for kw in node.keywords:
                values = kw.value.elts if isinstance(kw.value, (ast.List, ast.Tuple)) else [kw.value]
                for v in values:
                    plain = isinstance(v, (ast.Constant, ast.JoinedStr, ast.Dict))
                    helper = isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr == "value"
                    if plain or helper:
                        found.append(f"{path.relative_to(root)}:{v.lineno} {kw.arg}")
    assert found == []


def test_figure_code_sets_properties_without_the_schema_check():
    """``chart.properties(...)`` checks each value against Vega-Lite's schema as it is set (about 10 ms a
    call); the figure code uses :func:`analysis.present.charts.props`, the same spec without that check
    (the tests check whole specs instead)."""
    import ast

    root = Path(charts.__file__).parent
    found = [
        f"{path.relative_to(root)}:{node.lineno}"
        for path in sorted(root.rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "properties"
    ]
    assert found == []


def test_channel_objects_give_the_same_spec_as_shorthands():
    df = pd.DataFrame({"a": [1, 2], "b": ["x", "y"], "c": [3.0, 4.0]})
    short = alt.Chart(df).mark_text().encode(x="a:Q", y2="c:Q", text="b", tooltip=["b", "a"], color=alt.value("red"))
    objs = (
        alt.Chart(df)
        .mark_text()
        .encode(
            x=alt.X("a:Q"),
            y2=alt.Y2("c:Q"),
            text=alt.Text("b"),
            tooltip=[alt.Tooltip("b"), alt.Tooltip("a")],
            color=alt.ColorValue("red"),
        )
    )
    assert objs.to_dict() == short.to_dict()


def test_datasets_join_the_spec_after_conversion(monkeypatch):
    """A figure's large named datasets stay out of the Altair object and join the spec after conversion:
    the same spec as ``chart.properties(datasets=...)``, checked or not; a name given twice is refused."""
    _, df = _chart()
    chart = alt.Chart(alt.NamedData(name="rows")).mark_point().encode(x="a:Q", y="b:Q")
    extra = alt.Chart(df).mark_line().encode(x="a:Q", y="b:Q")  # Altair's own dataset for the frame
    both = alt.layer(chart, extra)
    data = {"rows": [{"a": i, "b": i * i} for i in range(50)]}
    kw = dict(key="k", title="T", caption="C", alt_text="A", source="S", data=df, png=False)
    expected = both.properties(datasets=data).to_dict()
    for validate in ("0", "1"):
        monkeypatch.setenv(charts.VALIDATE_ENV, validate)
        spec = charts.figure_bundle(both, datasets=data, **kw)[charts.FIGURE_MIME]["spec"]
        assert spec == expected
        assert "rows" in spec["datasets"] and len(spec["datasets"]) == 2
    assert "rows" not in both.to_dict().get("datasets", {})  # the chart itself never held them
    monkeypatch.setenv(charts.VALIDATE_ENV, "0")
    name = next(iter(both.to_dict()["datasets"]))
    with pytest.raises(ValueError, match="given twice"):
        charts.chart_spec(both, {name: []})


def test_executed_notebook_is_written_once_and_whole(tmp_path, monkeypatch):
    """papermill's per-cell saves are off on warm kernels: the executed notebook is written once, at the
    end, with every cell's output and papermill's metadata."""
    import nbformat
    import papermill.engines
    import papermill.execute

    from analysis.execute import kernels

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("print(x + 1)"),
        nbformat.v4.new_code_cell("print(x + 2)"),
    ]
    src, out = tmp_path / "in.ipynb", tmp_path / "out.ipynb"
    nbformat.write(nb, src)
    writes: list[str] = []
    for mod in (papermill.engines, papermill.execute):
        real = mod.write_ipynb
        monkeypatch.setattr(
            mod, "write_ipynb", lambda nb, path, real=real, m=mod.__name__: writes.append(m) or real(nb, path)
        )
    try:
        kernels.execute_notebook_warm(src, out, {"x": 40}, timeout=60, cwd=tmp_path)
    finally:
        kernels.shutdown_all()
    assert writes == ["papermill.execute"]
    done = nbformat.read(out, as_version=4)
    texts = [o.get("text", "") for c in done.cells for o in c.get("outputs", [])]
    assert texts == ["41\n", "42\n"]
    assert all(c.metadata.papermill["status"] == "completed" for c in done.cells)
    assert done.metadata.papermill["duration"] is not None


def test_typst_compiles_in_a_child_process(tmp_path, monkeypatch):
    """The PDF is compiled in a child process (typst keeps every compilation in memory: a batch worker
    grew by about 130 MB a council); an error in the markup is a BuildError naming Typst's message."""
    import typst

    from analysis.common.errors import BuildError
    from analysis.render import pdf

    monkeypatch.setattr(typst, "compile", lambda *a, **k: pytest.fail("compiled in this process"))
    (tmp_path / "ok.typ").write_text('#set text(lang: "en")\nHello', encoding="utf-8")
    pdf.compile_typst(tmp_path / "ok.typ", tmp_path / "ok.pdf", tmp_path)
    assert (tmp_path / "ok.pdf").read_bytes()[:5] == b"%PDF-"
    (tmp_path / "bad.typ").write_text('#image("missing.png")', encoding="utf-8")
    with pytest.raises(BuildError, match="Typst could not compile the PDF"):
        pdf.compile_typst(tmp_path / "bad.typ", tmp_path / "bad.pdf", tmp_path)


# -- the data transformer and composed charts ------------------------------------------------------


def _frames() -> list[pd.DataFrame]:
    import numpy as np

    return [
        pd.DataFrame(
            {
                "a": [1.0, np.nan, np.inf, -np.inf],
                "b": [1, 2, 3, 4],
                "c": ["x", None, "z", "w"],
                "d": [True, False, True, False],
            }
        ),
        pd.DataFrame({"s": pd.Series(["x", np.nan, "y"], dtype="str"), "f": [0.5, 1.5, -0.0]}),
        pd.DataFrame({"n": pd.Series([1, None], dtype="Int64"), "v": [1.0, 2.0]}),  # nullable: Altair's way
        pd.DataFrame({"g": pd.Categorical(["a", "b"]), "v": [1.5, 2.5]}),
        pd.DataFrame({"t": pd.to_datetime(["2020-01-01", "2021-06-30"]), "v": [1, 2]}),
        pd.DataFrame({"o": [1, "a"], "p": [float("nan"), "b"]}),
        pd.DataFrame({"u": np.array([1, 2], dtype=np.uint8), "f": np.array([0.1, 0.2], dtype=np.float32)}),
        pd.DataFrame({"a": [1.0, 2.0]}, index=pd.Index(["r1", "r2"])),
        pd.DataFrame({"a": [], "b": []}),
        pd.DataFrame(),
    ]


def test_chart_values_are_altairs_records(monkeypatch):
    """The package's data transformer gives the records Altair's own (``to_values``) gives, serialised to the
    same JSON (NaN and infinity as null, integers as integers), for the column types the charts use and
    for those it leaves to Altair."""
    import json

    from altair.utils.data import to_values

    assert alt.data_transformers.active == "p2r"
    monkeypatch.setenv(charts.VALIDATE_ENV, "0")
    for df in _frames():
        assert json.dumps(charts.chart_values(df)) == json.dumps(to_values(df)), list(df.columns)
    from narwhals.exceptions import DuplicateError

    with pytest.raises(ValueError, match="column name"):  # Altair refuses what it refuses
        charts.chart_values(pd.DataFrame({0: [1]}))
    with pytest.raises(DuplicateError):
        charts.chart_values(pd.DataFrame([[1, 2]], columns=["a", "a"]))
    with pytest.raises(alt.MaxRowsError):
        charts.chart_values(pd.DataFrame({"a": range(5001)}))
    assert charts.chart_values({"values": [{"a": 1}]}) == {"values": [{"a": 1}]}


def test_chart_values_are_checked_against_altairs_when_validating(monkeypatch):
    df = pd.DataFrame({"a": [1.5, 2.5]})
    monkeypatch.setattr(charts, "_column_values", lambda col: [9.0, 9.0])
    monkeypatch.setenv(charts.VALIDATE_ENV, "0")
    assert charts.chart_values(df)["values"] == [{"a": 9.0}, {"a": 9.0}]  # a wrong fast path ...
    monkeypatch.setenv(charts.VALIDATE_ENV, "1")
    with pytest.raises(AssertionError, match="differ from Altair"):  # ... fails every test that draws a chart
        charts.chart_values(df)


def test_composed_in_one_step_is_the_same_spec():
    """:func:`charts.layer` and :func:`charts.vconcat` with their properties and ``resolve`` given as they
    are made give the spec of ``alt.layer(...)`` followed by ``.resolve_scale(...)`` and ``.properties(...)``."""
    _, df = _chart()
    a = alt.Chart(df).mark_bar().encode(x=alt.X("a:Q"), y=alt.Y("b:Q"))
    b = alt.Chart(df).mark_text().encode(x=alt.X("a:Q"), text=alt.Text("b:Q"))
    c = alt.Chart(pd.DataFrame({"r": [1.0]})).mark_rule().encode(x=alt.X("r:Q"))
    old = alt.layer(a, b, c).resolve_scale(color="independent").properties(width=300, height=alt.Step(15), title="T")
    new = charts.layer(
        a, b, c, resolve=charts.resolve_scale(color="independent"), width=300, height=alt.Step(15), title="T"
    )
    assert new.to_dict() == old.to_dict()
    inner = alt.layer(a, b).properties(width=200, height=100)
    old_v = alt.vconcat(inner, alt.layer(c, a), spacing=28).resolve_scale(x="independent", y="independent")
    new_v = charts.vconcat(
        inner, charts.layer(c, a), spacing=28, resolve=charts.resolve_scale(x="independent", y="independent")
    )
    assert new_v.to_dict() == old_v.to_dict()


def test_figure_code_composes_in_one_step():
    """The figure code calls :func:`charts.layer` and :func:`charts.vconcat`, not ``alt.layer``,
    ``alt.vconcat``, ``alt.hconcat`` or ``alt.concat``: Altair copies every layer again at each
    ``.resolve_scale()`` or ``.properties()`` of a composed chart."""
    import ast

    root = Path(charts.__file__).parent
    found = [
        f"{path.relative_to(root)}:{node.lineno}"
        for path in sorted(root.rglob("*.py"))
        if path.name != "charts.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "alt"
        and node.func.attr in ("layer", "vconcat", "hconcat", "concat")
    ]
    assert found == []


def test_quick_to_dict_is_altairs(monkeypatch):
    """:func:`charts.to_dict` converts a composed chart without data of its own without Altair's copy, and
    gives Altair's spec (named datasets, theme, schema URL); it leaves the chart as it was; other charts
    convert Altair's way; with charts validated a difference fails the conversion."""
    import json

    monkeypatch.setenv(charts.VALIDATE_ENV, "0")
    _, df = _chart()
    a = alt.Chart(df).mark_bar().encode(x=alt.X("a:Q"), y=alt.Y("b:Q"))
    b = alt.Chart(pd.DataFrame({"r": [1.0]})).mark_rule().encode(x=alt.X("r:Q"))
    t = alt.Chart(alt.NamedData(name="rows")).mark_text().encode(text=alt.Text("s:N"))
    shared = charts.layer(a.mark_line(), a.mark_point())  # Altair lifts the shared frame to the layer chart
    cases = [
        charts.layer(a, b, width=200, title="T"),
        charts.vconcat(charts.layer(a, b), t, charts.layer(b, a, height=80), spacing=20),
        charts.vconcat(shared, b, resolve=charts.resolve_scale(x="independent")),
        shared,
        a,
    ]
    assert shared.data is not alt.Undefined
    for chart in cases:
        before = json.dumps(chart.to_dict(), sort_keys=True)
        assert json.dumps(charts.to_dict(chart), sort_keys=True) == before
        assert json.dumps(chart.to_dict(), sort_keys=True) == before  # unchanged
    monkeypatch.setattr(alt, "SCHEMA_URL", "https://example.org/other.json")  # only the quick path sees it
    assert charts.to_dict(cases[0])["$schema"] == "https://example.org/other.json"
    monkeypatch.setenv(charts.VALIDATE_ENV, "1")
    with pytest.raises(AssertionError, match="differs from Altair"):
        charts.to_dict(cases[0])


def test_package_yaml_reads_as_safe_load(tmp_path):
    """``read_yaml`` (libyaml's safe loader when present) gives ``yaml.safe_load``'s values for every YAML
    file the package ships and every params file, and refuses what the safe loader refuses."""
    import yaml

    from analysis.common.files import read_yaml
    from analysis.common.paths import resource

    root = Path(charts.__file__).parents[2]
    files = sorted(Path(resource("")).glob("*.yml")) + sorted((root / "params").glob("*.yml"))
    assert len(files) >= 5
    for path in files:
        assert read_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8")), path.name
    bad = tmp_path / "bad.yml"
    bad.write_text("a: !!python/object/apply:os.system ['echo hi']\n", encoding="utf-8")
    with pytest.raises(yaml.YAMLError):
        read_yaml(bad)
