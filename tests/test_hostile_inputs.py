"""Hostile inputs (issue 14): every case is refused by name, or rendered as inert text.

* Markup in params or data (an area name, a subtitle, an enabler note, a table cell) shows as the
  characters it is, in HTML (checked in the DOM of headless Chromium: no script ran, no
  ``javascript:`` link, no event handler) and in the PDF.
* ``--out`` never replaces a folder p2r did not make, nor ``/``, the home folder, the project, or a
  folder holding the params or data; an existing file is refused before anything is built.
* Three builds with a relative params path run at once from another working folder, and no thread
  of any of them changes the process's working folder (``os.chdir`` is made to fail); each records
  the hash of its own params file.
* Oversized, endless (FIFO) or explosive (YAML alias bomb) inputs are refused in a subprocess held
  under a 1 GB address-space cap.
* Every CSV a build writes is safe to open in a spreadsheet, and no page shows a local folder.
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml

from analysis.builder.build import build
from analysis.builder.outputs import MARKER, clean_stale_staging
from analysis.common.errors import InputError
from analysis.common.escape import md_text, safe_url, spreadsheet_cell, spreadsheet_safe, typst_content
from analysis.config.report import load_params, plausibility_warnings
from analysis.render.safe import to_html, to_markdown, to_typst

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "params" / "demo-shire.yml"
PWN = "document.body.setAttribute('data-pwned','{n}')"
HOSTILE_AREA = (
    f'<img src=x onerror="{PWN.format(n=1)}"> Kent $ draft * @x ] [y](javascript:{PWN.format(n=2)}) '
    f"`<script>{PWN.format(n=3)}</script>`{{=html}} $x$ #set page(width: 1cm) //c"
)
HOSTILE_SUBTITLE = '=HYPERLINK("http://x") <b>bold</b> [z](data:text/html,x){onclick=alert(4)} ![i](/etc/passwd)'
LITERALS = ["Kent $ draft", "*", "@x", "]", "<img", "`<script>", "{=html}", "$x$", "#set page"]


# --------------------------------------------------------------------------- text is text


#: markup in prose that must stay text (raw HTML, raw attributes, scripts, images, handlers, script links);
#: tests/test_pandoc_batch.py converts the same through the pages' pandoc run
HOSTILE_PROSE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "`<script>alert(1)</script>`{=html}",
    "```{=html}\n<script>alert(1)</script>\n```",
    "[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) [z]( java\tscript:alert(1)) [w](data:text/html,x)",
    "<javascript:alert(1)> ![i](x.png){onerror=alert(1)} [s]{onmouseover=alert(1) style=x}",
    "::: {onclick=alert(1)}\nx\n:::",
]


@pytest.mark.parametrize("prose", HOSTILE_PROSE)
def test_prose_reader_leaves_markup_in_prose_inert(prose):
    """Raw HTML, raw attributes, scripts, images and event handlers in prose never reach a page,
    and links go through the allow-list; the same holds for the Typst and the Quarto outputs."""
    out = to_html(prose)
    d = _Dom()
    d.feed(out)
    assert d.handlers == [] and d.bad_links == [] and d.scripts == [] and d.images == [] and d.styled == []
    typ = to_typst(prose)
    assert '#link("javascript' not in typ.lower() and "image(" not in typ and "#script" not in typ
    # the Quarto path: what is written back, read again with raw HTML and raw blocks allowed
    import pypandoc

    again = _Dom()
    again.feed(pypandoc.convert_text(to_markdown(prose), "html5", format="markdown"))
    assert again.handlers == [] and again.bad_links == [] and again.scripts == [] and again.images == []


def test_chart_spec_embedded_in_a_page_cannot_end_its_script_block():
    from analysis.present.charts import spec_json

    title = "</script><script>alert(1)</script><!--"
    text = spec_json({"title": title})
    assert "<" not in text and ">" not in text and json.loads(text) == {"title": title}


def test_allowed_links_still_work():
    out = to_html("[a](https://gov.uk) [b](mailto:x@y.z) [c](summary.html#s1) [d](#top)")
    for href in ("https://gov.uk", "mailto:x@y.z", "summary.html#s1", "#top"):
        assert f'href="{href}"' in out
    assert not safe_url("javascript:x") and not safe_url(" jav\nascript:x") and not safe_url("file:///etc/passwd")


@pytest.mark.parametrize("text", ["Kent $ draft", "*", "@", "Kent ]", "a < b", HOSTILE_AREA, HOSTILE_SUBTITLE])
def test_escaped_text_reads_back_literally_in_html_and_typst(text, tmp_path):
    """md_text(...) in prose comes out as exactly the text; typst_content compiles and shows it."""
    page = to_html(md_text(text))
    assert html.unescape(re.sub(r"<[^>]+>", "", page)).strip() == text
    import typst

    src = tmp_path / "t.typ"
    src.write_text(f"#text[{typst_content(text)}]\n\n" + to_typst(md_text(text)), encoding="utf-8")
    typst.compile(str(src), output=str(tmp_path / "t.pdf"), root=str(tmp_path))  # no TypstError
    assert (tmp_path / "t.pdf").stat().st_size > 0


def test_colophon_shows_hostile_file_and_folder_names_as_text_without_local_folders():
    from analysis.render.driver import colophon_markdown

    evil = "<img src=x onerror=alert(1)> [x](javascript:alert(2)) |*"
    prov = {
        "summary": {"Area": evil, "Child-level data": f"the council's files in /home/analyst/{evil}/2025"},
        "files": [{"name": f"{evil}.csv", "sha256": "ab" * 32, "bytes": 12}],
    }
    page = to_html(colophon_markdown(prov))
    d = _Dom()
    d.feed(page)
    assert d.handlers == [] and d.bad_links == [] and d.images == []
    shown = " ".join(" ".join(d.text).split())
    assert evil in shown and f"{evil}.csv" in shown and "/home/analyst" not in shown


# --------------------------------------------------------------------------- spreadsheet-safe CSVs


def test_csv_cells_that_start_a_formula_are_neutralised_and_numbers_stay_numbers():
    for bad in ("=1+1", "+cmd", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'):
        assert spreadsheet_cell(bad) == "'" + bad
    for ok in ("-5", "-1,234.5", "+3%", "Kent", "", "a=b"):
        assert spreadsheet_cell(ok) == ok
    df = pd.DataFrame({"name": ["=1+1", "Kent"], "n": [-5, 3], "x": [-0.5, 1.0]})
    back = pd.read_csv(pd.io.common.StringIO(spreadsheet_safe(df).to_csv(index=False)))
    assert back["name"].tolist() == ["'=1+1", "Kent"]
    assert back["n"].tolist() == [-5, 3] and pd.api.types.is_numeric_dtype(back["x"])


# --------------------------------------------------------------------------- outputs are owned


def _params(folder: Path, variant: str, **report) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    doc = {
        "extends": str(DEMO),
        "report": {"variant": variant, "area_name": report.pop("area_name", "Hostile-shire"), **report},
        "model": {"uncertainty": {"draws": 200}},
        "render": {"jobs": 1},
    }
    p = folder / f"{variant}.yml"
    p.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
    return p


def _refused(params: Path, out: Path, *, expect: str, name: Path) -> str:
    with pytest.raises(InputError) as e:
        build(params, out_root=out, progress=lambda m: None, formats=["html"])
    msg = str(e.value)
    assert expect in msg and str(name) in msg, msg
    return msg


def test_out_refuses_folders_it_did_not_make(tmp_path):
    params = _params(tmp_path / "p", "owned")
    before = sorted(p.name for p in (REPO / "build").iterdir()) if (REPO / "build").is_dir() else []
    _refused(params, Path("/"), expect="root of the file system", name=Path("/"))
    _refused(params, Path.home(), expect="home folder", name=Path.home().resolve())
    _refused(params, REPO, expect="project folder", name=REPO)
    _refused(params, REPO / "analysis" / "render", expect="package's own code", name=REPO / "analysis" / "render")
    _refused(params, tmp_path / "p", expect="holding the params file", name=tmp_path / "p")
    afile = tmp_path / "a-file"
    afile.write_text("keep me")
    _refused(params, afile, expect="existing file", name=afile)
    # a folder at <out>/<variant> that p2r did not make is left alone
    theirs = tmp_path / "out" / "owned"
    theirs.mkdir(parents=True)
    (theirs / "keep.txt").write_text("keep me")
    _refused(params, tmp_path / "out", expect="not made by p2r", name=theirs)
    assert (theirs / "keep.txt").read_text() == "keep me" and afile.read_text() == "keep me"
    # an output folder inside the report's own data folder
    data = tmp_path / "child-data"
    data.mkdir()
    with_data = _params(tmp_path / "p2", "owned2")
    doc = yaml.safe_load(with_data.read_text())
    doc["child_data"] = {"source": str(data)}
    with_data.write_text(yaml.safe_dump(doc))
    _refused(with_data, data / "reports", expect="inside a data folder", name=data / "reports")
    assert not (data / "reports").exists()
    after = sorted(p.name for p in (REPO / "build").iterdir()) if (REPO / "build").is_dir() else []
    assert after == before  # nothing written into the package's build folder


def test_stale_staging_of_a_killed_build_is_cleaned_but_a_running_one_is_not(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)
    (tmp_path / f".v.{dead_pid}.abcd").mkdir()
    (tmp_path / f".v.{os.getpid()}.efgh").mkdir()
    (tmp_path / ".other.123.x").mkdir()
    removed = {p.name for p in clean_stale_staging(tmp_path, "v")}
    assert f".v.{dead_pid}.abcd" in removed and f".v.{os.getpid()}.efgh" not in removed
    assert (tmp_path / ".other.123.x").exists()


# --------------------------------------------------------------------------- bounded work

_BOUNDED = textwrap.dedent(
    """
    import json, os, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
    from analysis.common.errors import P2RError
    from analysis.config.report import load_params
    from analysis.inputs.csvio import read_csv
    from analysis.inputs.history import load_history_csv
    cases = json.loads(sys.argv[1])
    out = {}
    for name, (fn, path) in cases.items():
        t = time.perf_counter()
        try:
            {"history": load_history_csv, "csv": read_csv, "params": load_params}[fn](path)
            out[name] = ["accepted", 0]
        except P2RError as e:
            out[name] = [str(e), round(time.perf_counter() - t, 2)]
    out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))
    """
)


def test_oversized_endless_and_explosive_inputs_are_refused_under_a_memory_cap(tmp_path):
    big = tmp_path / "history-200mb.csv"  # one line of 200 MB (sparse: costs no disk)
    with open(big, "wb") as f:
        f.truncate(200 * 1024 * 1024)
    line = tmp_path / "one-line-5mb.csv"
    line.write_bytes(b"year," + b"9," * (5 * 1024 * 1024 // 2))
    fifo = tmp_path / "history.fifo"
    os.mkfifo(fifo)
    bomb = tmp_path / "bomb.yml"
    rows = ["report: {variant: bomb, area_name: B}", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    rows += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    bomb.write_text("\n".join(rows) + "\n")
    cases = {
        "history_200mb_one_line": ["history", str(big)],
        "csv_200mb_one_line": ["csv", str(big)],
        "history_5mb_one_line": ["history", str(line)],
        "csv_5mb_one_line": ["csv", str(line)],
        "history_fifo": ["history", str(fifo)],
        "params_fifo": ["params", str(fifo)],
        "yaml_alias_bomb": ["params", str(bomb)],
    }
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONPATH": str(REPO)}
    r = subprocess.run(
        [sys.executable, "-c", _BOUNDED, json.dumps(cases)], capture_output=True, text=True, timeout=120, env=env
    )
    assert r.returncode == 0, r.stderr[-2000:]
    res = json.loads(r.stdout.strip().splitlines()[-1])
    expect = {
        "history_200mb_one_line": "too large",
        "csv_200mb_one_line": "line 1 is longer than",
        "history_5mb_one_line": "line 1 is longer than",
        "csv_5mb_one_line": "line 1 is longer than",
        "history_fifo": "not a regular file",
        "params_fifo": "not a regular file",
        "yaml_alias_bomb": "YAML aliases",
    }
    for name, words in expect.items():
        msg, secs = res[name]
        assert words in msg and Path(cases[name][1]).name in msg, (name, msg)
        assert secs < 30, (name, secs)  # refused at once; generous for a loaded CI machine
    # The subprocess runs under RLIMIT_AS = 1 GiB: an attempt to use more fails with MemoryError (the
    # process would exit non-zero above), so every case was refused within the cap.  The peak RSS is
    # printed for the record; the kernel's accounting of it varies with load, so it is not asserted.
    print(f"peak RSS under the 1 GiB address-space cap: {res['maxrss_mb']:.0f} MB")


def test_params_duplicate_keys_bool_numbers_and_plausibility(tmp_path):
    dup = tmp_path / "dup.yml"
    dup.write_text(f"extends: {DEMO}\nreport:\n  variant: dup\n  area_name: A\nmodel: {{}}\nreport:\n  variant: d2\n")
    with pytest.raises(InputError, match=r"'report' is given twice .* lines 2 and 6"):
        load_params(dup)
    pop = _params(tmp_path, "pop", population=True)
    with pytest.raises(InputError, match="report.population.*true/false is not a number"):
        load_params(pop)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    ext = tmp_path / "ext.yml"
    ext.write_text(f"extends: {folder}\n")
    with pytest.raises(InputError, match="folder"):
        load_params(ext)
    small = load_params(_params(tmp_path, "small", population=500))
    assert any("fewer than 1,000" in w for w in plausibility_warnings(small))
    huge = load_params(_params(tmp_path, "huge", population=30_000_000, area_kind="council", council="886"))
    assert any("more than 20,000,000" in w for w in plausibility_warnings(huge))
    assert plausibility_warnings(load_params(DEMO)) == []


# --------------------------------------------------------------------------- end to end

#: Runs a build with os.chdir made to fail for any folder but the one it started in: no thread of
#: the build may change the working folder.
_NO_CHDIR = textwrap.dedent(
    """
    import os, sys
    _start, _chdir = os.getcwd(), os.chdir
    def _no_chdir(path):
        # papermill's chdir() context always changes back to where it was (a no-op here)
        if os.path.realpath(path) != os.path.realpath(_start):
            raise AssertionError(f"os.chdir({path!r}) called during a build")
        _chdir(path)
    os.chdir = _no_chdir
    from analysis.cli.main import main
    sys.exit(main(sys.argv[1:]))
    """
)


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.handlers: list[str] = []
        self.bad_links: list[str] = []
        self.scripts: list[dict] = []
        self.body: dict = {}
        self.text: list[str] = []
        self.images: list[dict] = []
        self.styled: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.handlers += [f"{tag}[{k}]" for k in a if k.lower().startswith("on")]
        for k in ("href", "src", "action", "formaction"):
            if a.get(k) and not safe_url(a[k]):
                self.bad_links.append(f"{tag}[{k}={a[k]}]")
        if tag == "script":
            self.scripts.append(a)
        if tag == "img":
            self.images.append(a)
        if "style" in a:
            self.styled.append(tag)
        if tag == "body":
            self.body = a

    def handle_data(self, data):
        self.text.append(data)


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def _dom(page: Path) -> _Dom:
    r = subprocess.run(
        [_chromium() or "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=3000"]
        + ["--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=90,
    )
    d = _Dom()
    d.feed(r.stdout)
    assert "<main" in r.stdout, r.stderr[-1000:]
    return d


@pytest.fixture(scope="module")
def hostile_builds(tmp_path_factory):
    """Three builds at once, each with a relative params path and a relative --out, from a working
    folder that is not the project; one of them with the PDF."""
    work = tmp_path_factory.mktemp("hostile")
    specs = {
        "hostile-a": dict(area_name=HOSTILE_AREA, subtitle=HOSTILE_SUBTITLE),
        "hostile-b": dict(area_name="Kent $ draft"),
        "hostile-c": dict(area_name="Rutland ] *@"),
    }
    for v, report in specs.items():
        p = _params(work / "params", v, **report)
        if v == "hostile-a":
            doc = yaml.safe_load(p.read_text())
            history = work / "private" / "history.csv"  # an absolute path the pages must not show
            history.parent.mkdir()
            shutil.copy(REPO / "data" / "demo-shire" / "history.csv", history)
            doc["history"] = {"file": str(history)}
            doc["enablers"] = {"self_assessment": {"L1": {"status": "in place", "note": HOSTILE_AREA}}}
            doc["render"]["jobs"] = 2
            p.write_text(yaml.safe_dump(doc, allow_unicode=True))
    stale = work / "out-hostile-a" / "_build" / ".hostile-a.999999999.zz"  # a killed build's staging
    stale.mkdir(parents=True)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    procs = {
        v: subprocess.Popen(
            [sys.executable, "-c", _NO_CHDIR, "render", f"params/{v}.yml", "--out", f"out-{v}", "--builtin"]
            + ["--to", "html,pdf" if v == "hostile-a" else "html"],
            cwd=work,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for v in specs
    }
    logs = {v: p.communicate(timeout=600)[0] for v, p in procs.items()}
    codes = {v: p.returncode for v, p in procs.items()}
    return work, logs, codes, stale


def test_parallel_relative_path_builds_record_their_own_params_hash(hostile_builds):
    work, logs, codes, _ = hostile_builds
    for v, code in codes.items():
        assert code == 0, logs[v][-3000:]
        params = work / "params" / f"{v}.yml"
        expected = hashlib.sha256(DEMO.read_bytes() + params.read_bytes()).hexdigest()[:16]  # the chain, base first
        prov = json.loads((work / f"out-{v}" / "_build" / v / "provenance.json").read_text())
        assert prov["summary"]["Params SHA-256"] == expected
        assert prov["summary"]["Params file"] == f"params/{v}.yml"
        assert (work / f"out-{v}" / v / MARKER).is_file() and (work / f"out-{v}" / "_build" / v / MARKER).is_file()
    assert not any((REPO / "build" / v).exists() or (REPO / "output" / v).exists() for v in codes)


def test_interrupted_builds_staging_is_cleaned_on_the_next_run(hostile_builds):
    _, _, codes, stale = hostile_builds
    assert codes["hostile-a"] == 0 and not stale.exists()
    assert [p.name for p in stale.parent.iterdir()] == ["hostile-a"]


def test_pages_show_markup_from_params_as_text_and_no_local_folder(hostile_builds):
    work, _, codes, _ = hostile_builds
    assert codes["hostile-a"] == 0
    out = work / "out-hostile-a" / "hostile-a"
    pages = sorted(out.glob("*.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert str(work) not in text and "/private/" not in text and str(REPO) not in text, page.name
        d = _Dom()
        d.feed(text)
        assert d.handlers == [] and d.bad_links == [], (page.name, d.handlers, d.bad_links)
    if _chromium() is None:
        if os.environ.get("P2R_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (P2R_REQUIRE_BROWSER is set)")
        pytest.skip("no Chromium for the DOM checks")
    for name in ("index.html", "enablers.html", "colophon.html"):
        d = _dom(out / name)
        assert "data-pwned" not in d.body, f"a script from the params ran on {name}"
        assert d.handlers == [] and d.bad_links == [], (name, d.handlers, d.bad_links)
        assert all(s.get("src", "").startswith("assets/") or s.get("type") == "application/json" for s in d.scripts)
        shown = " ".join(" ".join(d.text).split())
        assert HOSTILE_AREA in shown, name
    assert HOSTILE_SUBTITLE in " ".join(" ".join(_dom(out / "index.html").text).split())


def test_pdf_shows_the_hostile_area_name_literally(hostile_builds):
    work, _, codes, _ = hostile_builds
    assert codes["hostile-a"] == 0
    pdf = work / "out-hostile-a" / "hostile-a" / "hostile-a.pdf"
    import pypdf

    first = pypdf.PdfReader(str(pdf)).pages[0].extract_text()
    flat = " ".join(first.split())
    for lit in LITERALS:
        assert lit in flat, (lit, flat[:500])


def test_every_csv_the_build_writes_is_spreadsheet_safe(hostile_builds):
    work, _, codes, _ = hostile_builds
    assert codes["hostile-a"] == 0
    csvs = list((work / "out-hostile-a" / "hostile-a" / "data").glob("*.csv"))
    assert csvs
    for f in csvs:
        df = pd.read_csv(f, dtype=str, keep_default_na=False)
        for col in df.columns:
            for cell in [col, *df[col]]:
                assert spreadsheet_cell(cell) == cell or cell.startswith("'"), (f.name, cell)
