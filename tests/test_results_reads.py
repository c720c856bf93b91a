"""A build's chapters read the same results: the reader reads each once while its files are unchanged,
gives every caller its own copy, and reads again whenever a file is rewritten."""

from __future__ import annotations

import os

import pandas as pd
import pytest

from analysis.config.model import ModelParams
from analysis.model import api
from analysis.results import store
from analysis.results.store import ResultsReader, ResultsWriter


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.setattr(store, "_READ", {})


def _count_reads(monkeypatch):
    calls = []
    real = pd.read_parquet

    def counting(*a, **k):
        calls.append(a[0])
        return real(*a, **k)

    monkeypatch.setattr(store.pd, "read_parquet", counting)
    return calls


def test_a_table_is_read_once_and_each_caller_gets_a_copy(tmp_path, monkeypatch):
    w = ResultsWriter(tmp_path)
    w.frame("comparators", pd.DataFrame({"dfe_code": ["886", "857"], "value": [1.0, 2.0]}))
    calls = _count_reads(monkeypatch)
    first = ResultsReader(tmp_path).frame("comparators")
    first.loc[0, "value"] = 99.0  # a chapter changing what it got ...
    second = ResultsReader(tmp_path).frame("comparators")
    assert len(calls) == 1
    assert second["value"].tolist() == [1.0, 2.0]  # ... changes nothing for the next


def test_a_rewritten_table_is_read_again(tmp_path, monkeypatch):
    w = ResultsWriter(tmp_path)
    w.frame("comparators", pd.DataFrame({"dfe_code": ["886"], "value": [1.0]}))
    calls = _count_reads(monkeypatch)
    assert ResultsReader(tmp_path).frame("comparators")["value"].tolist() == [1.0]
    w.frame("comparators", pd.DataFrame({"dfe_code": ["886"], "value": [2.0]}))
    path = tmp_path / "comparators.parquet"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1))  # even within the clock's resolution
    assert ResultsReader(tmp_path).frame("comparators")["value"].tolist() == [2.0]
    assert len(calls) == 2


def test_the_model_is_read_once_per_unchanged_folder(tmp_path, monkeypatch):
    res = api.run(ModelParams(), None, uncertainty=False)
    ResultsWriter(tmp_path).model(res)
    reads = []
    real = store.ModelResults.from_dir
    monkeypatch.setattr(store.ModelResults, "from_dir", lambda p: reads.append(p) or real(p))
    a = ResultsReader(tmp_path).model()
    a.headline["cla_horizon_full"] = -1
    b = ResultsReader(tmp_path).model()
    assert len(reads) == 1 and b.headline["cla_horizon_full"] == res.headline["cla_horizon_full"]
    pd.testing.assert_frame_equal(b.series, res.series, check_dtype=False)
    (tmp_path / "model" / "notes.json").write_text('["changed"]', encoding="utf-8")
    assert ResultsReader(tmp_path).model().notes == ["changed"] and len(reads) == 2
