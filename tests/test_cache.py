"""The content-keyed cache (issue 19): every input that can change a cached result changes its key,
entries are written atomically outside the package, the cache can be moved or turned off, and a
cached result is the same as a fresh one."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest

from analysis.common import cache
from analysis.config.report import load_params


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    d = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_ENV, str(d))
    return d


@pytest.fixture
def params():
    return load_params("params/ccn-report.yml")


def _with(p, section: str, **values):
    q = p.model_copy(deep=True)
    for k, v in values.items():
        setattr(getattr(q, section), k, v)
    return q


# -- the store -------------------------------------------------------------------------------------


def test_round_trip_atomic_and_outside_the_package(cache_dir):
    calls = []
    value = cache.cached("t", "k1", lambda: calls.append(1) or {"a": 1})
    assert value == {"a": 1} and cache.cached("t", "k1", lambda: calls.append(1) or {"a": 2}) == {"a": 1}
    assert calls == [1]
    files = list(cache_dir.rglob("*"))
    assert [f.name for f in files if f.is_file()] == ["k1.pkl"]  # no temporary file left behind
    assert not any(cache.PKG in f.parents for f in files)


def test_default_folder_is_the_user_cache(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "p2r"


@pytest.mark.parametrize("off", ["off", "0", "none", ""])
def test_turned_off_computes_every_time(monkeypatch, tmp_path, off):
    monkeypatch.setenv(cache.CACHE_ENV, off)
    monkeypatch.chdir(tmp_path)
    calls = []
    for _ in range(2):
        cache.cached("t", "k", lambda: calls.append(1) or 1)
    assert calls == [1, 1] and cache.cache_dir() is None and not any(tmp_path.iterdir())


def test_corrupt_entry_is_a_miss(cache_dir):
    cache.store("t", "k", [1])
    (cache_dir / "t" / "k.pkl").write_bytes(b"not a pickle")
    assert cache.cached("t", "k", lambda: [2]) == [2]
    assert cache.load("t", "k") == [2]


# -- keys: every input changes them ---------------------------------------------------------------


def test_code_hash_follows_the_source(tmp_path, monkeypatch):
    (tmp_path / "evidence").mkdir()
    src = tmp_path / "evidence" / "m.py"
    src.write_text("X = 1\n")
    monkeypatch.setattr(cache, "PKG", tmp_path)
    before = cache.code_hash("evidence")
    src.write_text("X = 2\n")
    os.utime(src, ns=(1, 1))  # even with an mtime that goes backwards
    assert cache.code_hash("evidence") != before
    (tmp_path / "evidence" / "n.py").write_text("")
    assert len({before, cache.code_hash("evidence")}) == 2


def test_code_hash_follows_the_package_version(monkeypatch):
    before = cache.code_hash("evidence")
    real = cache.versions
    monkeypatch.setattr(cache, "versions", lambda *d: {k: v + "+changed" for k, v in real(*d).items()})
    assert cache.code_hash("evidence") != before


def _changed_code(monkeypatch):
    real = cache.code_hash
    monkeypatch.setattr(cache, "code_hash", lambda *f: real(*f) + "changed")


def _changed_versions(monkeypatch):
    real = cache.versions
    monkeypatch.setattr(cache, "versions", lambda *d: {k: v + "+changed" for k, v in real(*d).items()})


def test_synthetic_key_invalidated_by_each_input(params, monkeypatch):
    from analysis.pipeline.inputs import synthetic_key

    base = synthetic_key(params)
    assert synthetic_key(load_params("params/ccn-report.yml")) == base  # stable
    keys = {
        "seed": synthetic_key(_with(params, "child_data", seed=params.child_data.seed + 1)),
        "size": synthetic_key(
            _with(params, "child_data", n_entrants_per_year=params.child_data.n_entrants_per_year + 1)
        ),
        "reviews": synthetic_key(_with(params, "child_data", n_case_reviews=params.child_data.n_case_reviews + 1)),
    }
    # a params key the synthetic data do not depend on keeps the key (a rebuild after a model change hits)
    q = params.model_copy(deep=True)
    q.model.exits.uplift_mode = "hazard" if q.model.exits.uplift_mode == "exits" else "exits"
    assert synthetic_key(q) == base
    with monkeypatch.context() as m:
        _changed_code(m)
        keys["code"] = synthetic_key(params)
    with monkeypatch.context() as m:
        _changed_versions(m)
        keys["numpy/pandas"] = synthetic_key(params)
    assert base not in keys.values() and len(set(keys.values())) == len(keys)


def test_evidence_key_invalidated_by_each_input(params, monkeypatch):
    from analysis.pipeline.compute import evidence_key

    base = evidence_key(params)
    keys = {
        "seed": evidence_key(_with(params, "child_data", seed=params.child_data.seed + 1)),
        "disclosure": evidence_key(_with(params, "disclosure", suppress_up_to=params.disclosure.suppress_up_to + 1)),
        "measures": evidence_key(_with(params, "measures", cohort_years=params.measures.cohort_years + 1)),
    }
    with monkeypatch.context() as m:
        _changed_code(m)
        keys["code"] = evidence_key(params)
    with monkeypatch.context() as m:
        _changed_versions(m)
        keys["versions"] = evidence_key(params)
    assert base not in keys.values() and len(set(keys.values())) == len(keys)


def test_comparators_key_invalidated_by_each_input(tmp_path, monkeypatch):
    from analysis.pipeline.compute import comparators_key

    (tmp_path / "dfe").mkdir()
    f = tmp_path / "dfe" / "cla.csv"
    f.write_text("a,b\n1,2\n")
    base = comparators_key(2025, tmp_path)
    assert comparators_key(2025, tmp_path) == base
    keys = {"year": comparators_key(2024, tmp_path)}
    f.write_text("a,b\n1,3\n")
    keys["file content"] = comparators_key(2025, tmp_path)
    (tmp_path / "dfe" / "new.csv").write_text("")
    keys["new file"] = comparators_key(2025, tmp_path)
    f.write_text("a,b\n1,2\n")
    (tmp_path / "dfe" / "new.csv").unlink()
    assert comparators_key(2025, tmp_path) == base
    with monkeypatch.context() as m:
        _changed_code(m)
        keys["code"] = comparators_key(2025, tmp_path)
    with monkeypatch.context() as m:
        _changed_versions(m)
        keys["versions"] = comparators_key(2025, tmp_path)
    assert base not in keys.values() and len(set(keys.values())) == len(keys)


def test_png_key_invalidated_by_each_input(monkeypatch):
    from analysis.present.charts import png_key

    spec = {"mark": "bar", "data": {"values": [{"x": 1}]}, "encoding": {"y": {"field": "x"}}}
    base = png_key(spec, 2.0)
    assert png_key(dict(spec), 2) == base
    keys = {
        "data": png_key({**spec, "data": {"values": [{"x": 2}]}}, 2.0),
        "encoding": png_key({**spec, "mark": "line"}, 2.0),
        "scale": png_key(spec, 1.0),
    }
    with monkeypatch.context() as m:
        _changed_versions(m)
        keys["vl-convert"] = png_key(spec, 2.0)
    with monkeypatch.context() as m:
        m.setattr(cache, "fonts_stamp", lambda: "other fonts")
        keys["fonts"] = png_key(spec, 2.0)
    assert base not in keys.values() and len(set(keys.values())) == len(keys)


# -- cached results are the fresh ones -------------------------------------------------------------


def test_cached_png_is_the_converters(cache_dir):
    import vl_convert as vlc

    from analysis.present.charts import chart_png

    spec = {"mark": "bar", "data": {"values": [{"x": 1}, {"x": 3}]}, "encoding": {"y": {"field": "x"}}}
    first = chart_png(spec, scale=1)
    assert list((cache_dir / "png").iterdir())
    assert chart_png(spec, scale=1) == first == vlc.vegalite_to_png(spec, scale=1)


def test_cached_synthetic_data_and_evidence_equal_fresh(cache_dir, params, monkeypatch):
    from analysis.pipeline.compute import evidence_tables
    from analysis.pipeline.inputs import load_inputs

    cached = [evidence_tables(load_inputs(params))[0] for _ in range(2)]  # miss, then hit
    assert {p.parent.name for p in cache_dir.rglob("*.pkl")} == {"childdata", "evidence"}
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    fresh_inputs = load_inputs(params)
    fresh = evidence_tables(fresh_inputs)[0]
    monkeypatch.setenv(cache.CACHE_ENV, str(cache_dir))
    hit = load_inputs(params).child.data
    for t in fresh_inputs.child.data.tables():
        pd.testing.assert_frame_equal(hit.get(t), fresh_inputs.child.data.get(t))
    for c in cached:
        assert c.keys() == fresh.keys()
        for k, v in fresh.items():
            if isinstance(v, pd.DataFrame):
                pd.testing.assert_frame_equal(c[k], v)
            else:
                assert c[k] == v


# -- the size limit ----------------------------------------------------------------------------------


def _aged(kind: str, key: str, size: int, age: int) -> Path:
    cache.store(kind, key, b"x" * size)
    path = cache._path(kind, key)
    assert path is not None
    t = 1_700_000_000 + age
    os.utime(path, (t, t))
    return path


def test_prune_deletes_the_least_recently_used_first(cache_dir):
    old = _aged("png", "old", 4000, 0)
    mid = _aged("evidence", "mid", 4000, 10)
    new = _aged("png", "new", 4000, 20)
    stray = cache_dir / "png" / "notes.txt"  # not an entry: never counted or deleted
    stray.write_text("keep")
    used = cache._path("evidence", "mid")
    assert cache.load("evidence", "mid") == b"x" * 4000  # a hit marks the entry as used now
    sizes = {p: p.stat().st_size for p in (old, mid, new)}
    freed = cache.prune(sum(sizes.values()) - 1)
    assert freed == sizes[old]  # the oldest alone was enough
    assert not old.exists() and new.exists() and used is not None and used.exists() and stray.exists()
    assert cache.prune(10**9) == 0  # under the limit: nothing goes
    cache.prune(0)
    assert not any(cache_dir.rglob("*.pkl")) and stray.exists()


def test_prune_limit_from_the_environment(cache_dir, monkeypatch):
    monkeypatch.setenv(cache.MAX_ENV, "1")
    assert cache.max_bytes() == 1024 * 1024
    monkeypatch.setenv(cache.MAX_ENV, "nonsense")
    assert cache.max_bytes() == cache.DEFAULT_MAX_MB * 1024 * 1024
    monkeypatch.setenv(cache.MAX_ENV, "0.001")
    _aged("png", "a", 5000, 0)
    assert cache.prune() > 0


def test_prune_with_the_cache_off(monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, "off")
    assert cache.prune(0) == 0
