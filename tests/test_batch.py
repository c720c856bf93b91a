"""Batch builds (local processes and a Dask cluster), the batch CLI, and the comparator figures.

The real-render tests build HTML only (each council takes 20-80 s depending on the machine's
load); the batch machinery (failure isolation, Ctrl-C, outputs) is also tested with a stub build
function, which is fast.
"""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import REPO, public_dir

PUBLIC = public_dir()
needs_public = pytest.mark.skipif(PUBLIC is None, reason="public data folder not available")
pytestmark = [pytest.mark.public, needs_public]


# --------------------------------------------------------------------------- helpers


def read_summary(out: Path) -> list[dict]:
    with open(out / "batch-summary.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


class _IndexParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse_index(path: Path) -> _IndexParser:
    p = _IndexParser()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def check_index(out: Path) -> _IndexParser:
    """index.html: accessible structure, no external resources, every link resolves on disk."""
    idx = out / "index.html"
    assert idx.exists()
    p = parse_index(idx)
    tags = [t for t, _ in p.tags]
    html_attrs = next(a for t, a in p.tags if t == "html")
    assert html_attrs.get("lang") == "en-GB"
    assert tags.count("h1") == 1
    assert "script" not in tags
    assert not any(t == "link" for t in tags)  # no external stylesheet
    if "table" in tags:
        assert "caption" in tags
        ths = [a for t, a in p.tags if t == "th"]
        assert ths and all(a.get("scope") in ("col", "row") for a in ths)
    for t, a in p.tags:
        if t == "a":
            href = a["href"]
            if href.startswith("#"):
                assert any(x.get("id") == href[1:] for _, x in p.tags), href
                continue
            assert not re.match(r"^[a-z]+://", href), href
            from urllib.parse import unquote

            assert (out / unquote(href)).exists(), href
    return p


def _stub_build(params_path, *, formats, out_root, build_root, jobs, progress, overrides, keep_kernels=False):
    """A fast stand-in for analysis.builder.build.build: runs the model (no uncertainty), writes a page
    and the headline, fails for Rutland, and for Hartlepool interrupts the parent (Ctrl-C)."""
    from analysis.builder.build import BuildResult
    from analysis.common.errors import BuildError
    from analysis.config.report import load_params
    from analysis.pipeline.compute import run_model
    from analysis.results.store import ResultsWriter

    p = load_params(params_path, overrides)
    v = p.report.variant
    progress(f"stub build of {v}")
    if p.report.council == "857":
        raise BuildError("chapter 'impact' failed in cell 3: ValueError: stub failure")
    if p.report.council == "805":
        os.kill(int(os.environ.get("P2R_TEST_BATCH_PID") or os.getppid()), signal.SIGINT)
        time.sleep(30)  # stopped by the parent (SIGTERM -> KeyboardInterrupt)
    res = run_model(p, uncertainty=False)
    out = Path(out_root) / v
    out.mkdir(parents=True, exist_ok=True)
    (out / "index.html").write_text("<!doctype html><title>stub</title>", encoding="utf-8")
    ResultsWriter(Path(build_root) / v / "results").model(res)
    return BuildResult(v, out, Path(build_root) / v, {"total": 0.0}, {"html": [out / "index.html"]})


def kent_cla_2025() -> float:
    from analysis.inputs.public import council_history

    h = council_history("886", PUBLIC)
    return float(h.loc[h["year"] == 2025, "cla"].iloc[0])


# --------------------------------------------------------------------------- machinery (stub build)


def test_stub_batch_local_isolates_failures(tmp_path):
    from analysis.batch.runner import run_batch

    out = tmp_path / "out"
    res = run_batch(
        ["Kent", "857", "Notashire", "886"],
        out_root=out,
        build_root=tmp_path / "build",
        formats=["html"],
        workers=2,
        public_dir=PUBLIC,
        progress=False,
        build_fn=_stub_build,
    )
    rows = read_summary(out)
    # Input order, duplicates ("Kent" and "886") once.
    assert [r["name"] for r in rows] == ["Kent", "Rutland", "Notashire"]
    by = {r["name"]: r for r in rows}
    assert by["Kent"]["status"] == "ok" and by["Kent"]["output"] == "la-886-kent/index.html"
    assert float(by["Kent"]["cla_2025"]) == kent_cla_2025()
    assert by["Rutland"]["status"] == "failed"
    assert by["Rutland"]["reason"] == "chapter 'impact' failed in cell 3: ValueError: stub failure"
    assert "Traceback" not in by["Rutland"]["reason"]
    assert by["Notashire"]["status"] == "failed" and "Notashire" in by["Notashire"]["reason"]
    assert "Did you mean" in by["Notashire"]["reason"]
    assert len(res.ok) == 1 and len(res.failed) == 2 and not res.interrupted
    p = check_index(out)
    text = " ".join(p.text)
    assert "Reports that failed" in text and "stub failure" in text and "Notashire" in text
    assert by["Kent"]["horizon_year"] == "2035"


def test_index_says_when_spend_never_returns_within_budget(tmp_path):
    """An empty break-even year in a built report means 'not by the horizon'; a value is shown as is."""
    from analysis.batch.runner import blank_record
    from analysis.batch.summary import write_index_html

    recs = []
    for code, name, be in (("886", "Kent", ""), ("857", "Rutland", 2031)):
        r = blank_record(code, name, "South East")
        r.update(status="ok", output=f"la-{code}/index.html", horizon_year=2035, break_even_year_full=be)
        recs.append(r)
    text = (write_index_html(recs, tmp_path)).read_text()
    kent = text[text.index(">Kent<") : text.index(">Rutland<")]
    rutland = text[text.index(">Rutland<") :]
    assert "not by 2035" in kent and "2031" not in kent
    assert "2031" in rutland and "not by" not in rutland


def test_stub_batch_ctrl_c_writes_summary_of_finished(tmp_path):
    """Hartlepool's stub sends SIGINT to the batch process: councils not started are cancelled,
    the running one stopped, and the summary lists what finished."""
    from analysis.batch.runner import run_batch

    out = tmp_path / "out"
    t0 = time.perf_counter()
    res = run_batch(
        ["Kent", "Hartlepool", "Luton", "Wiltshire", "York"],
        out_root=out,
        build_root=tmp_path / "build",
        formats=["html"],
        workers=1,
        public_dir=PUBLIC,
        progress=False,
        build_fn=_stub_build,
    )
    assert time.perf_counter() - t0 < 25  # did not wait for the stub's 30 s sleep
    assert res.interrupted
    rows = read_summary(out)
    assert [r["name"] for r in rows] == ["Kent"] and rows[0]["status"] == "ok"
    assert set(res.cancelled) == {"Hartlepool", "Luton", "Wiltshire", "York"}
    text = " ".join(check_index(out).text)
    assert "interrupted" in text and "Luton" in text
    # The interrupted build left no staging folder behind.
    assert not list((tmp_path / "build").glob("*/.la-*"))


def test_stub_batch_dask_ctrl_c(tmp_path, monkeypatch):
    """Ctrl-C during a Dask batch: the rest is cancelled on the cluster, the summary is written."""
    from distributed import LocalCluster

    from analysis.batch.runner import run_batch

    monkeypatch.setenv("P2R_TEST_BATCH_PID", str(os.getpid()))  # inherited by the workers
    out = tmp_path / "out"
    names = ["Kent", "Hartlepool", "Luton", "Wiltshire", "York"]
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        t0 = time.perf_counter()
        res = run_batch(
            names,
            out_root=out,
            build_root=tmp_path / "build",
            formats=["html"],
            scheduler=cluster.scheduler_address,
            public_dir=PUBLIC,
            progress=False,
            build_fn=_stub_build,
        )
        assert time.perf_counter() - t0 < 25
    assert res.interrupted and "Hartlepool" in res.cancelled
    rows = read_summary(out)
    assert all(r["status"] == "ok" for r in rows)
    assert {r["name"] for r in rows} | set(res.cancelled) == set(names)
    check_index(out)


def test_short_reason_is_one_line():
    from analysis.batch.runner import short_reason
    from analysis.common.errors import InputError, Problem

    e = InputError([Problem("first"), Problem("second")], title="Two problems")
    r = short_reason(e)
    assert "\n" not in r and "first" in r and "second" in r
    assert short_reason(ValueError("bad")) == "ValueError: bad"


def test_cli_batch_arguments(tmp_path):
    import argparse

    from analysis.cli.batch import add_batch_parser, cmd_batch

    ap = argparse.ArgumentParser()
    add_batch_parser(ap.add_subparsers(dest="command"))
    assert cmd_batch(ap.parse_args(["batch", "--all", "Kent"])) == 2
    assert cmd_batch(ap.parse_args(["batch"])) == 2
    with pytest.raises(SystemExit):
        ap.parse_args(["batch", "Kent", "--to", "odt"])
    with pytest.raises(SystemExit):
        ap.parse_args(["batch", "Kent", "--scheduler", "localhost"])
    # Only bad names: nothing renders, the summary still lists them, exit 3.
    out = tmp_path / "out"
    args = ap.parse_args(
        [
            "batch",
            "Notashire",
            "Nowhereshire",
            "--to",
            "html",
            "--out",
            str(out),
            "--build",
            str(tmp_path / "build"),
            "--public-data",
            str(PUBLIC),
            "--quiet",
        ]
    )
    assert cmd_batch(args) == 3
    assert [r["status"] for r in read_summary(out)] == ["failed", "failed"]


# --------------------------------------------------------------------------- real renders


@pytest.mark.render
def test_dask_batch_three_councils(tmp_path):
    """Kent, Rutland and a bad name through a local Dask cluster on loopback (HTML only)."""
    from distributed import LocalCluster

    from analysis.batch.runner import run_batch

    out, bld = tmp_path / "out", tmp_path / "build"
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        res = run_batch(
            ["886", "Rutland", "Notashire"],
            out_root=out,
            build_root=bld,
            formats=["html"],
            scheduler=cluster.scheduler_address,
            public_dir=PUBLIC,
            progress=False,
        )
    assert res.scheduler and res.workers == 2
    rows = {r["name"]: r for r in read_summary(out)}
    assert {k: v["status"] for k, v in rows.items()} == {"Kent": "ok", "Rutland": "ok", "Notashire": "failed"}, {
        k: v["reason"] for k, v in rows.items()
    }
    bad = rows["Notashire"]["reason"]
    assert "Notashire" in bad and "Did you mean" in bad and "Nottinghamshire" in bad
    assert float(rows["Kent"]["cla_2025"]) == kent_cla_2025()
    for name in ("Kent", "Rutland"):
        assert (out / rows[name]["output"]).exists()
        assert rows[name]["output"].endswith("/index.html")
        assert float(rows[name]["seconds"]) > 0
        assert rows[name]["break_even_year_full"] == "" or re.fullmatch(r"20\d\d", rows[name]["break_even_year_full"])
    assert (bld / "886" / "la-886-kent" / "results" / "model" / "headline.json").exists()
    p = check_index(out)
    hrefs = [a["href"] for t, a in p.tags if t == "a"]
    assert "la-886-kent/index.html" in hrefs and "la-857-rutland/index.html" in hrefs


@pytest.mark.render
def test_cli_batch_local_process_one_council(tmp_path):
    """`python -m analysis batch` (or cmd_batch if not wired in yet) with one council, run in the
    local process pool."""
    out, bld = tmp_path / "out", tmp_path / "build"
    argv = [
        "batch",
        "Rutland",
        "--to",
        "html",
        "--out",
        str(out),
        "--build",
        str(bld),
        "--workers",
        "1",
        "--public-data",
        str(PUBLIC),
        "--quiet",
    ]
    import analysis.cli.main as cli

    wired = re.search(r"^\s+batch\s", cli._parser().format_help(), re.M) is not None
    if wired:
        r = subprocess.run(
            [sys.executable, "-m", "analysis", *argv], cwd=REPO, capture_output=True, text=True, timeout=600
        )
        assert r.returncode == 0, r.stdout + r.stderr
        assert "1 of 1 reports built" in r.stdout
    else:
        import argparse

        from analysis.cli.batch import add_batch_parser, cmd_batch

        ap = argparse.ArgumentParser()
        add_batch_parser(ap.add_subparsers(dest="command"))
        assert cmd_batch(ap.parse_args(argv)) == 0
    rows = read_summary(out)
    assert len(rows) == 1 and rows[0]["status"] == "ok", rows
    assert rows[0]["dfe_code"] == "857" and rows[0]["region"] == "East Midlands"
    assert (out / "la-857-rutland" / "index.html").exists()
    assert (bld / "857" / "stderr.log").exists()  # kernel chatter kept off the terminal
    check_index(out)


# --------------------------------------------------------------------------- comparator figures


@pytest.fixture(scope="module")
def comp():
    from analysis.inputs.public import comparators

    return comparators(2025, PUBLIC)


def _colour_of(spec: dict, name: str) -> str | None:
    """The colour the ranked panel gives to legend entry ``name``."""
    for layer in spec["vconcat"][0]["layer"]:
        enc = layer.get("encoding", {})
        col = enc.get("color", {})
        scale = col.get("scale", {})
        if name in scale.get("domain", []):
            return scale["range"][scale["domain"].index(name)]
    return None


def test_council_comparison_highlights_and_caption_matches_data(comp):
    from analysis.common import fmt
    from analysis.present.figures.comparators import HIGHLIGHT, council_comparison, ordinal

    fig = council_comparison(comp, "886", "cla_rate_per_10k")
    assert fig.key == "cmp-cla-rate"
    d = comp.dropna(subset=["cla_rate_per_10k"])
    kent = d[d["dfe_code"] == "886"].iloc[0]
    rank = int((d["cla_rate_per_10k"] > kent["cla_rate_per_10k"]).sum()) + 1
    low = int((d["cla_rate_per_10k"] < kent["cla_rate_per_10k"]).sum()) + 1
    se = d[d["region"] == "South East"]
    rank_r = int((se["cla_rate_per_10k"] > kent["cla_rate_per_10k"]).sum()) + 1
    assert fmt.num(kent["cla_rate_per_10k"], 1) in fig.caption
    pos = f"{ordinal(rank)} highest" if rank <= low else f"{ordinal(low)} lowest"
    assert pos in fig.caption and f"of {len(d)} councils" in fig.caption
    assert f"England median of {fmt.num(d['cla_rate_per_10k'].median(), 1)}" in fig.caption
    assert f"{ordinal(rank_r)} of {len(se)} in the South East" in fig.caption
    assert f"median is {fmt.num(se['cla_rate_per_10k'].median(), 1)}" in fig.caption
    assert "Kent" in fig.alt and str(rank) in fig.alt
    # Highlighted: the data flag, the colour, the label and the bold name in the region panel.
    assert fig.data.loc[fig.data["highlighted"], "dfe_code"].tolist() == ["886"]
    spec = fig.chart.to_dict()
    assert _colour_of(spec, "Kent") == HIGHLIGHT
    assert f"Kent: {fmt.num(kent['cla_rate_per_10k'], 1)}" in json.dumps(spec)
    assert "Kent" in json.dumps(spec["vconcat"][1])


def test_comparison_figures_keys_unique_and_png(comp):
    from analysis.present.charts import chart_png
    from analysis.present.figures.comparators import comparison_figures

    # A council whose returned-home share is suppressed but whose planned share is published.
    code = comp.loc[comp["share_returned_home"].isna() & comp["share_returned_home_planned"].notna(), "dfe_code"].iloc[
        0
    ]
    figs = comparison_figures(comp, code)
    keys = [f.key for f in figs]
    assert len(keys) == 4 and len(set(keys)) == 4
    assert keys[-1] == "cmp-returned-home-planned" and "planned returns are shown" in figs[-1].caption
    assert [f.key for f in comparison_figures(comp, "886")] == [
        "cmp-cla-rate",
        "cmp-entry-rate",
        "cmp-spend-per-child",
        "cmp-returned-home",
    ]
    for f in figs:
        assert f.caption and f.alt and f.source and len(f.data)
    png = chart_png(figs[0].chart.to_dict(), scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png[16:20], "big")
    assert width <= 600, width  # readable in a 560px column


def test_council_without_value_says_so(comp):
    from analysis.present.figures.comparators import council_comparison

    fig = council_comparison(comp, "857", "share_returned_home")
    assert "no published figure for Rutland" in fig.caption
    assert not fig.data["highlighted"].any()


def test_group_comparison_highlights_members(comp):
    from analysis.common import fmt
    from analysis.present.figures.comparators import HIGHLIGHT, group_comparison

    fig = group_comparison(comp, "ccn", "entry_rate_per_10k")
    assert fig.key == "cmp-group-entry-rate"
    members = set(comp.loc[comp["ccn_member"], "dfe_code"])
    assert set(fig.data.loc[fig.data["member"], "dfe_code"]) == members
    pooled = comp.loc[comp["ccn_member"], "starts"].sum() / comp.loc[comp["ccn_member"], "population_0_17"].sum() * 1e4
    assert fmt.num(pooled, 1) in fig.caption
    assert _colour_of(fig.chart.to_dict(), "CCN member councils") == HIGHLIGHT
    fig2 = group_comparison(comp, ["886", "857"], "cla_rate_per_10k", group_name="two councils")
    assert fig2.data["member"].sum() == 2 and "2 two councils" in fig2.caption


def test_entries_improvement_figure(comp):
    from analysis.common import fmt
    from analysis.present.figures.comparators import entries_improvement_figure

    fig = entries_improvement_figure(comp, 0.145)
    assert fig.report_figure == "23" and fig.key == "cmp-ccn-entries-improvement"
    rates = comp.loc[comp["ccn_member"], "entry_rate_per_10k"].dropna()
    assert len(fig.data) == len(rates) == 38
    improved = rates.mean() * (1 - 0.145)
    assert fig.data["improved_average"].iloc[0] == pytest.approx(improved)
    assert rates.min() <= improved <= rates.max()
    assert fmt.num(rates.mean(), 1) in fig.caption and fmt.num(improved, 1) in fig.caption
    assert "inside the range" in fig.caption
    assert f"{int((rates <= improved).sum())} of the 38" in fig.caption


def test_index_says_when_break_even_rests_on_an_assumed_budget(tmp_path):
    from analysis.batch.runner import blank_record
    from analysis.batch.summary import write_index_html

    recs = []
    for code, name, src in (("886", "Kent", "assumed"), ("857", "Rutland", "supplied")):
        r = blank_record(code, name, "South East")
        r.update(
            status="ok", output=f"la-{code}/index.html", horizon_year=2035, break_even_year_full=2031, budget_source=src
        )
        recs.append(r)
    text = (write_index_html(recs, tmp_path)).read_text()
    kent = text[text.index(">Kent<") : text.index(">Rutland<")]
    rutland = text[text.index(">Rutland<") :]
    assert "2031 (assumed budget)" in kent and "assumed" not in rutland
