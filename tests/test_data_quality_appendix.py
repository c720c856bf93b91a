"""The data-quality appendix lists the repairs and the loader's warnings (issue 13, part 2): rule,
file and rows, with what each rule does and the strict option; never a child-level value or a
folder of the machine that built it."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis.inputs.childdata.load import load_child_data
from analysis.inputs.childdata.repairs import RULES
from analysis.inputs.childdata.synth import canary_strings, generate, write
from analysis.present import data_quality as dq

REPO = Path(__file__).resolve().parents[1]
SIZE = dict(n_entrants_per_year=40, population_0_17=20_000, n_case_reviews=30)
SEED = 11


def add_quirks(folder: Path) -> None:
    """An overlap, a repeated episode row, a repeated header row, an episode without a header row,
    a file that is not a table and a column the package does not read."""
    with open(folder / "episodes.csv", newline="") as f:
        rows = list(csv.reader(f))
    hdr, body = rows[0], rows[1:]
    i = hdr.index
    for a, b in zip(body, body[1:]):
        if a[i("CHILD")] == b[i("CHILD")] and a[i("DEC")] and a[i("DEC")] == b[i("DECOM")] and not b[i("DEC")]:
            a[i("DEC")] = (pd.Timestamp(pd.to_datetime(a[i("DEC")], dayfirst=True)) + pd.Timedelta(days=20)).strftime(
                "%d/%m/%Y"
            )
            break
    else:
        raise AssertionError("no pair of consecutive episodes to overlap")
    body.append(list(body[3]))
    orphan = list(body[4])
    orphan[i("CHILD")] = "ZQXORPHAN1"
    body.append(orphan)
    hdr = [*hdr, "SOCIAL_WORKER"]
    body = [[*r, "SW1"] for r in body]
    with open(folder / "episodes.csv", "w", newline="") as f:
        csv.writer(f).writerows([hdr, *body])
    lines = (folder / "header.csv").read_text().splitlines()
    (folder / "header.csv").write_text("\n".join([*lines, lines[2]]) + "\n")
    (folder / "notes.csv").write_text("a,b\n1,2\n")


@pytest.fixture(scope="module")
def quirky(tmp_path_factory) -> Path:
    folder = write(SEED, tmp_path_factory.mktemp("dq") / "child-data", canary=True, **SIZE)
    add_quirks(folder)
    return folder


def test_summary_records_carry_repairs_and_warnings_without_values(quirky):
    d = load_child_data(quirky)
    records = d.summary.to_frame().to_dict(orient="records")
    repairs, warns = dq.repairs_table(records), dq.warnings_table(records)
    assert {"repeated-row", "overlap-closed", "no-header-row"} <= set(repairs["Rule"])
    assert set(repairs["File"]) <= {"header.csv", "episodes.csv"} and (repairs["Rows"] > 0).all()
    assert all(repairs["What it does"] == [RULES[r] for r in repairs["Rule"]])
    text = warns.to_csv(index=False)
    assert "notes.csv" in text and "ignored" in text and "SOCIAL_WORKER" in text and "no row in the header" in text
    assert "not read" not in set(dq.tables_read(records)["table"])
    everything = repr(records) + repairs.to_csv() + text
    assert "ZQXORPHAN1" not in everything and str(quirky) not in everything
    assert not [c for c in canary_strings(generate(SEED, canary=True, **SIZE)) if c in everything]


def test_synthetic_data_summary_is_unchanged():
    """Data with no repair and no warning keep the table the appendix showed before (golden files)."""
    from analysis.inputs.childdata.load import ChildData

    d = ChildData.from_frames(generate(3, **SIZE))
    assert list(d.summary.to_frame().columns) == ["table", "file", "rows", "encoding", "warnings"]
    assert dq.repairs_sentence(dq.repairs_table([]), dq.warnings_table([]), False).startswith(
        "The child-level data needed none"
    )


@pytest.mark.render
def test_rendered_appendix_lists_rules_warnings_and_strict(quirky, tmp_path):
    from analysis.builder.build import build

    res = build(
        REPO / "params" / "demo-shire.yml",
        out_root=tmp_path / "out",
        build_root=tmp_path / "build",
        overrides={
            "report": {"variant": "dq-check"},
            "child_data": {"source": str(quirky)},
            "render": {"formats": ["html"]},
        },
        progress=lambda m: None,
        force_builtin=True,
    )
    page = (res.output_dir / "data-quality.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    assert "Repairs applied to the child-level data" in text
    for rule in ("repeated-row", "overlap-closed", "no-header-row"):
        assert f"{rule} {RULES[rule]}" in text.replace("’", "'")
    assert "child_data.strict: true" in text and "p2r validate" in text
    assert "Warnings when reading the child-level data" in text
    assert "notes.csv" in text and "SOCIAL_WORKER" in text and "no row in the header" in text
    assert "ZQXORPHAN1" not in page and str(quirky) not in page and str(tmp_path) not in page
    assert not [c for c in canary_strings(generate(SEED, canary=True, **SIZE)) if c in page]
