"""No child-level identifier reaches any output: HTML, PDF text, CSV downloads, executed notebooks."""

import re
from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from analysis.builder.build import build
from analysis.inputs.childdata.synth import canary_strings, generate, write

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.render


@pytest.fixture(scope="module")
def canary_build(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("privacy")
    data = write(99, tmp / "child-data", canary=True)
    tables = generate(99, canary=True)
    tokens = canary_strings(tables)
    # dates of birth too, in both forms a file might hold them (skipping the year-end dates that also label tables)
    dob = pd.to_datetime(tables["header"]["DOB"]).dropna()
    dob = dob[~dob.dt.strftime("%m-%d").isin(["03-31", "04-01", "01-01"])]
    tokens |= set(dob.dt.strftime("%d/%m/%Y")) | set(dob.dt.strftime("%Y-%m-%d"))
    res = build(
        REPO / "params" / "demo-shire.yml",
        out_root=tmp / "out",
        build_root=tmp / "build",
        overrides={"report": {"variant": "privacy-check"}, "child_data": {"source": str(data)}},
        progress=lambda m: None,
        force_builtin=True,
    )
    return res, tokens


def _texts(res):
    for p in res.output_dir.rglob("*"):
        if p.suffix in (".html", ".csv", ".js", ".json"):
            yield p, p.read_text(encoding="utf-8", errors="replace")
        elif p.suffix == ".pdf":
            yield p, "\n".join(pg.extract_text() for pg in PdfReader(p).pages)
    for p in res.build_dir.rglob("*"):
        if p.suffix in (".ipynb", ".json", ".csv", ".typ"):
            yield p, p.read_text(encoding="utf-8", errors="replace")
        elif p.suffix == ".parquet":
            yield p, pd.read_parquet(p).to_csv(index=False)


def test_canary_identifiers_are_distinctive(canary_build):
    _, tokens = canary_build
    assert len(tokens) > 100
    # distinctive: none of them is a plain number or a common word that could match by chance
    assert all(len(t) >= 6 and not t.isdigit() for t in tokens)
    assert any("/" in t for t in tokens)  # dates of birth are included


def test_no_identifier_in_any_output(canary_build):
    res, tokens = canary_build
    pattern = re.compile("|".join(re.escape(t) for t in sorted(tokens, key=len, reverse=True)))
    scanned = 0
    leaks = []
    for path, text in _texts(res):
        scanned += 1
        m = pattern.search(text)
        if m:
            leaks.append((str(path), m.group(0)))
    assert scanned > 20
    assert leaks == []


def test_evidence_was_actually_rendered_from_the_canary_data(canary_build):
    res, _ = canary_build
    html = (res.output_dir / "shift1-parents.html").read_text(encoding="utf-8")
    assert "p2r-figure" in html and "is not shown" not in html.split("Most common factors")[0][-200:]
