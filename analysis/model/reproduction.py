"""The published targets and the report's own inconsistencies, and the reproduction check.

The data live in ``analysis/resources/targets.yml`` (typed from shared/spec/TARGETS.md).
:func:`check` compares a headline dict with the targets of one variant
(``ccn-report`` or ``pop-500k``).
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from analysis.common.paths import resource

TARGETS_FILE = resource("targets.yml")
VARIANTS = ("ccn-report", "pop-500k")
CHECK_COLUMNS = [
    "key",
    "description",
    "published",
    "computed",
    "difference",
    "tolerance",
    "within",
    "low",
    "high",
    "source",
]


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    with open(path, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def _bounds(published, tol: dict) -> tuple[float | None, float | None, str]:
    if tol.get("exact"):
        return published, published, "exact"
    if "relative" in tol:
        r = float(tol["relative"])
        return published * (1 - r), published * (1 + r), f"±{r:.1%}"
    if "absolute" in tol:
        a = float(tol["absolute"])
        return published - a, published + a, f"±{a:,.0f}"
    if "low" in tol and "high" in tol:
        return float(tol["low"]), float(tol["high"]), f"{tol['low']:,} to {tol['high']:,}"
    raise ValueError(f"unknown tolerance {tol!r}")


def load_targets(variant: str | None = None, path: Path | None = None) -> pd.DataFrame:
    """Targets as a table: key, variant, description, published, tolerance, low, high, source."""
    data = _load(str(path or TARGETS_FILE))
    rows = []
    for t in data["targets"]:
        if variant is not None and t["variant"] != variant:
            continue
        low, high, text = _bounds(t["published"], t["tolerance"])
        rows.append(
            {
                "key": t["key"],
                "variant": t["variant"],
                "description": t["description"],
                "published": t["published"],
                "tolerance": text,
                "low": low,
                "high": high,
                "exact": bool(t["tolerance"].get("exact", False)),
                "source": t["source"],
            }
        )
    if variant is not None and not rows:
        raise ValueError(f"no targets for variant {variant!r}; known: {', '.join(VARIANTS)}")
    out = pd.DataFrame(rows)
    out["published"] = pd.Series([r["published"] for r in rows], dtype=object)
    return out


def load_inconsistencies(path: Path | None = None) -> pd.DataFrame:
    """The report's own inconsistencies: topic, statement_a, location_a, statement_b, location_b."""
    data = _load(str(path or TARGETS_FILE))
    return pd.DataFrame(
        data["inconsistencies"], columns=["topic", "statement_a", "location_a", "statement_b", "location_b"]
    )


def _is_null(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _within(computed, row) -> bool:
    if row["exact"]:
        if _is_null(row["published"]):
            return _is_null(computed)
        return not _is_null(computed) and computed == row["published"]
    if _is_null(computed):
        return False
    return row["low"] <= computed <= row["high"]


def check(headline: dict, variant: str = "ccn-report") -> pd.DataFrame:
    """Each published target of ``variant`` against the headline: computed, difference, within tolerance."""
    targets = load_targets(variant)
    rows = []
    for _, t in targets.iterrows():
        computed = headline.get(t["key"])
        pub = t["published"]
        diff = None if (_is_null(computed) or _is_null(pub)) else computed - pub
        rows.append(
            {
                "key": t["key"],
                "description": t["description"],
                "published": pub,
                "computed": computed,
                "difference": diff,
                "tolerance": t["tolerance"],
                "low": t["low"],
                "high": t["high"],
                "within": bool(_within(computed, t)),
                "source": t["source"],
            }
        )
    out = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    for c in ("published", "computed", "difference"):
        out[c] = pd.Series([r[c] for r in rows], dtype=object)
    out["within"] = out["within"].astype(bool)
    return out
