"""The results store: the one contract between the compute-once stage and the chapters.

The pipeline writes every result through :class:`ResultsWriter`; chapters read them through
:class:`ResultsReader` (via ``ctx.*`` in :mod:`analysis.present.context`).  Neither names a file:
each result has a name in :data:`CONTRACT`, which says where it lives, what kind it is and whether
every build has it.  :meth:`ResultsWriter.finish` writes ``manifest.json``, the list of what this
build produced (file, kind, size, SHA-256), so an auditor can see what a chapter could have read.

Only aggregate, disclosure-controlled results are written here; child-level records never are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from analysis.common.files import sha256_file
from analysis.model.results import ModelResults
from analysis.results.evidence import EvidenceStore, write_evidence

Kind = Literal["frame", "json", "model", "evidence"]
MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Entry:
    """One result of a build: its file (or folder), kind, and whether every build writes it."""

    path: str
    kind: Kind
    description: str
    always: bool = True


CONTRACT: dict[str, Entry] = {
    "model": Entry("model", "model", "The model's series, headline, fit, Monte Carlo summaries and notes"),
    "evidence": Entry("evidence", "evidence", "Disclosure-controlled evidence tables, one per measure"),
    "history": Entry("history.parquet", "frame", "The yearly history the model was fitted to", always=False),
    "comparators": Entry("comparators.parquet", "frame", "Every council's rates from the public data", always=False),
    "group_vs_published": Entry(
        "group_vs_published.parquet", "frame", "A group's DfE totals against the report's published ones", always=False
    ),
    "sensitivity": Entry("sensitivity.json", "json", "Deterministic re-runs under other modelling choices"),
    "reproduction": Entry("reproduction.json", "json", "The headline against the published targets"),
    "hazards": Entry("duration_hazards.json", "json", "Where the exit hazard's pattern by years in care came from"),
    "hazards_table": Entry(
        "duration_hazards.parquet",
        "frame",
        "The estimated exit hazards by years in care, disclosure-controlled",
        always=False,
    ),
    "own_backtest": Entry(
        "own_backtest.parquet",
        "frame",
        "The area's last published years projected from an earlier cut-off, against what happened",
        always=False,
    ),
    "prepared": Entry("prepared.json", "json", "Inputs read (with checksums), child-data label, comparators note"),
    "explorer_paths": Entry(
        "explorer/paths.parquet", "frame", "Scenario explorer: children in care and spend at every grid point"
    ),
    "explorer_summary": Entry(
        "explorer/summary.parquet", "frame", "Scenario explorer: break-even year and avoided spend at every grid point"
    ),
    "explorer_budget": Entry("explorer/budget.parquet", "frame", "Scenario explorer: the budget under each growth"),
    "explorer_reference": Entry(
        "explorer/reference.parquet", "frame", "Scenario explorer: the do-nothing and report scenarios"
    ),
    "explorer_meta": Entry("explorer/meta.json", "json", "Scenario explorer: the grid's options and central values"),
    "goal": Entry(
        "goal.parquet", "frame", "Goal seek: the smallest shifts that bring spend within budget by each year"
    ),
}


class UnknownResult(KeyError):
    """A result name that is not in :data:`CONTRACT` (a programming error, caught by the tests)."""


class MissingResult(FileNotFoundError):
    """A result every build writes is not in this build's results folder."""


def _entry(name: str) -> Entry:
    try:
        return CONTRACT[name]
    except KeyError:
        raise UnknownResult(f"'{name}' is not a result name; the results are: {', '.join(CONTRACT)}") from None


class ResultsWriter:
    """Writes a build's results into ``folder``, only under the names of the contract."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.written: list[str] = []

    def _path(self, name: str, kind: Kind) -> Path:
        e = _entry(name)
        if e.kind != kind:
            raise TypeError(f"result '{name}' is a {e.kind}, not a {kind}")
        self.written.append(name)
        path = self.folder / e.path
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def model(self, results: ModelResults) -> None:
        results.to_dir(self._path("model", "model"))

    def evidence(self, tables: dict, registry: dict) -> None:
        write_evidence(tables, registry, self._path("evidence", "evidence"))

    def frame(self, name: str, df: pd.DataFrame) -> None:
        df.to_parquet(self._path(name, "frame"), index=False)

    def json(self, name: str, doc: Any) -> None:
        self._path(name, "json").write_text(json.dumps(doc, indent=2), encoding="utf-8")

    def absent(self, name: str) -> None:
        """Say that an optional result was not produced by this build (removes a stale file)."""
        e = _entry(name)
        if e.always:
            raise ValueError(f"result '{name}' is written by every build")
        (self.folder / e.path).unlink(missing_ok=True)

    def finish(self) -> dict:
        """Check every result the contract requires was written; write and return the manifest."""
        missing = [n for n, e in CONTRACT.items() if e.always and n not in self.written]
        if missing:
            raise MissingResult(f"the build did not write the results {missing}")
        files = []
        for p in sorted(self.folder.rglob("*")):
            if p.is_file() and p.name != MANIFEST:
                files.append(
                    {"file": p.relative_to(self.folder).as_posix(), "bytes": p.stat().st_size, "sha256": sha256_file(p)}
                )
        manifest = {
            "results": {
                n: {"path": CONTRACT[n].path, "kind": CONTRACT[n].kind, "description": CONTRACT[n].description}
                for n in CONTRACT
                if n in self.written
            },
            "files": files,
        }
        (self.folder / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        return manifest


#: what this process read from results folders: (kind, path) -> (stamp of the files, value)
_READ: dict[tuple[str, str], tuple[tuple, Any]] = {}
_READ_KEPT = 64


def _stamp(path: Path) -> tuple:
    """Name, size, modification time and inode of a file, or of every file in a folder: any rewrite
    changes it."""
    files = sorted(path.iterdir()) if path.is_dir() else [path]
    return tuple((f.name, st.st_size, st.st_mtime_ns, st.st_ino) for f in files for st in [f.stat()])


def _read_once(kind: str, path: Path, read):
    """``read(path)``, read once while the files are unchanged (:func:`_stamp`): every chapter of a
    build reads the same results, and each gets its own deep copy (a chapter may change what it got)."""
    import copy

    key = (kind, str(path))
    stamp = _stamp(path)
    hit = _READ.get(key)
    if hit is None or hit[0] != stamp:
        if hit is None and len(_READ) >= _READ_KEPT:
            _READ.pop(next(iter(_READ)))
        value = read(path)
        if _stamp(path) != stamp:  # written while it was read: use it once, remember nothing
            _READ.pop(key, None)
            return value
        _READ[key] = (stamp, value)
        hit = _READ[key]
    return copy.deepcopy(hit[1])


class ResultsReader:
    """Reads a build's results by name.  An optional result this build did not produce reads as None.
    The model and the tables are read once in a process while their files are unchanged (each caller gets
    a copy): a build's chapters run in one kernel and read the same results."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        mp = self.folder / MANIFEST
        self.manifest: dict = json.loads(mp.read_text(encoding="utf-8")) if mp.exists() else {}

    def has(self, name: str) -> bool:
        return (self.folder / _entry(name).path).exists()

    def _require(self, name: str, kind: Kind) -> Path | None:
        e = _entry(name)
        if e.kind != kind:
            raise TypeError(f"result '{name}' is a {e.kind}, not a {kind}")
        p = self.folder / e.path
        if not p.exists():
            if e.always:
                raise MissingResult(f"result '{name}' ({e.path}) is missing from {self.folder}")
            return None
        return p

    def model(self) -> ModelResults:
        p = self._require("model", "model")
        assert p is not None
        return _read_once("model", p, ModelResults.from_dir)

    def headline(self) -> dict:
        """The model's headline figures alone."""
        p = self._require("model", "model")
        assert p is not None
        return ModelResults.read_headline(p)

    def evidence(self) -> EvidenceStore:
        p = self._require("evidence", "evidence")
        assert p is not None
        return EvidenceStore(p)

    def frame(self, name: str) -> pd.DataFrame | None:
        p = self._require(name, "frame")
        return _read_once("frame", p, pd.read_parquet) if p is not None else None

    def json(self, name: str) -> Any:
        p = self._require(name, "json")
        return json.loads(p.read_text(encoding="utf-8")) if p is not None else None
