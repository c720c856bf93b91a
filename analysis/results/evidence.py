"""Evidence measures on disk: computed once by the build, read by chapters.

Each measure is a disclosure-controlled tidy table saved as
``<id>.parquet``; ``index.json`` lists every measure with its status
("ok" or "unavailable" with the reason) and its published comparison values.
Child-level records are never written here, only these aggregates.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pandas as pd


def write_evidence(results: dict, registry: dict, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    index = {}
    for mid, value in results.items():
        spec = registry.get(mid)
        entry = {"title": getattr(spec, "title", mid)}
        if isinstance(value, pd.DataFrame):
            value.to_parquet(out / f"{mid}.parquet", index=False)
            entry["status"] = "ok"
        else:
            entry["status"] = "unavailable"
            entry["reason"] = getattr(value, "reason", str(value))
        published = getattr(spec, "published", None)
        if published:
            entry["published"] = [
                dataclasses.asdict(p) if dataclasses.is_dataclass(p) and not isinstance(p, type) else p
                for p in published
            ]
        index[mid] = entry
    (out / "index.json").write_text(json.dumps(index, indent=2, default=str), encoding="utf-8")
    return index


class EvidenceStore:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        p = self.folder / "index.json"
        self.index = json.loads(p.read_text(encoding="utf-8")) if p.exists() else {}

    def available(self, mid: str) -> bool:
        return self.index.get(mid, {}).get("status") == "ok"

    def reason(self, mid: str) -> str:
        e = self.index.get(mid)
        if e is None:
            return "No child-level data were supplied for this report."
        return e.get("reason", "")

    def get(self, mid: str) -> pd.DataFrame:
        return pd.read_parquet(self.folder / f"{mid}.parquet")

    def published(self, mid: str):
        return self.index.get(mid, {}).get("published")
