"""The model's results: written once by the build, read by every chapter."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

SERIES_COLUMNS = ["scenario", "year", "metric", "value"]
_FRAMES = ["series", "fit", "uncertainty", "breakeven_distribution", "tornado", "baseline_projection"]


@dataclass
class ModelResults:
    """Everything a chapter may quote or chart.

    series: tidy long table (scenario, year, metric, value).
    headline: flat dict of plain floats / ints / None (money in pounds).
    fit: calibration (CCN) or trend-fit (council) table.
    uncertainty: Monte Carlo quantiles (scenario, metric, year, q025, q10, q50, q90, q975).
    breakeven_distribution: share of draws breaking even in each year, and not by the horizon.
    tornado: cumulative benefit with each assumption at its low / high end.
    notes: the choices the model made, in plain English.
    baseline_projection: for a council history, the fitted trends with prediction intervals
        (year, metric, value, lower, upper); empty for the CCN aggregate.
    """

    series: pd.DataFrame
    headline: dict
    fit: pd.DataFrame
    uncertainty: pd.DataFrame
    breakeven_distribution: pd.DataFrame
    tornado: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    baseline_projection: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["year", "metric", "value", "lower", "upper"])
    )

    # -- convenience -------------------------------------------------------
    def metric(self, metric: str, scenario: str = "do_nothing") -> pd.Series:
        """One metric of one scenario as a Series indexed by year."""
        s = self.series
        sel = s[(s["metric"] == metric) & (s["scenario"] == scenario)]
        return sel.set_index("year")["value"].sort_index()

    # -- persistence -------------------------------------------------------
    def to_dir(self, path: str | Path) -> Path:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        for name in _FRAMES:
            df = getattr(self, name)
            df.to_parquet(path / f"{name}.parquet", engine="pyarrow", index=False)
        (path / "headline.json").write_text(
            json.dumps(self.headline, indent=2, sort_keys=True) + "\n", encoding="utf-8"
        )
        (path / "notes.json").write_text(json.dumps(self.notes, indent=2) + "\n", encoding="utf-8")
        return path

    @staticmethod
    def read_headline(path: str | Path) -> dict:
        """Only the headline of results written by :meth:`to_dir` (cheap: one small JSON file)."""
        return json.loads((Path(path) / "headline.json").read_text(encoding="utf-8"))

    @classmethod
    def from_dir(cls, path: str | Path) -> "ModelResults":
        path = Path(path)
        frames = {}
        for name in _FRAMES:
            f = path / f"{name}.parquet"
            frames[name] = pd.read_parquet(f, engine="pyarrow") if f.exists() else None
        if frames["baseline_projection"] is None:
            frames["baseline_projection"] = pd.DataFrame(columns=["year", "metric", "value", "lower", "upper"])
        headline = json.loads((path / "headline.json").read_text(encoding="utf-8"))
        notes = json.loads((path / "notes.json").read_text(encoding="utf-8"))
        return cls(headline=headline, notes=notes, **frames)
