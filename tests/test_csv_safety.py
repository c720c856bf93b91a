"""CSV files the package writes outside the build folder are spreadsheet-safe too (OWASP CSV injection):
the batch summary and the back-test tables."""

from __future__ import annotations

import csv

import pandas as pd

from analysis.batch.summary import write_summary_csv
from analysis.pipeline.backtest import BacktestResult, write_backtest


def test_batch_summary_neutralises_formulas(tmp_path):
    p = write_summary_csv([{"council": '=HYPERLINK("http://x")', "status": "@SUM(A1)", "cla_base": -5}], tmp_path)
    rows = list(csv.DictReader(p.open(encoding="utf-8")))
    cells = [v for v in rows[0].values() if v]
    assert all(not v.startswith(("=", "@")) for v in cells)
    assert any(v == "-5" for v in cells) or "cla_base" not in rows[0]


def test_backtest_csvs_neutralise_formulas(tmp_path):
    errors = pd.DataFrame(
        {
            "dfe_code": ["=1+1"],
            "method": ["default"],
            "cutoff": [2019],
            "year": [2021],
            "ahead": [2],
            "metric": ["cla"],
            "actual": [100.0],
            "projected": [110.0],
            "ape": [-0.5],
            "error": ["+cmd"],
        }
    )
    empty = pd.DataFrame({"x": [1]})
    r = BacktestResult(
        errors=errors,
        summary=empty,
        summary_entries=empty,
        summary_spend=empty,
        totals=empty,
        per_council=empty,
        methods=[],
        last_year=2025,
        councils=1,
        pools={},
    )
    write_backtest(r, tmp_path)
    text = (tmp_path / "backtest-errors.csv").read_text(encoding="utf-8")
    assert "'=1+1" in text and "'+cmd" in text and "-0.5" in text
