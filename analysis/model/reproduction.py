"""The published targets and the report's own inconsistencies, and the reproduction check.

The data live in ``analysis/resources/targets.yml`` (typed from the published report).
:func:`check` compares a headline dict with the targets of one variant
(``ccn-report`` or ``pop-500k``): besides "within tolerance" it gives the relative difference and
says how a figure was matched (:data:`ROLES`) and how close it is (:func:`closeness`), so a reader
can tell a close reproduction from one that only falls inside a wide band.
:func:`spend_rise` is the one definition of the rise in placement spend from 2016 to 2025.
"""

from __future__ import annotations

import math
from functools import lru_cache
from pathlib import Path

import pandas as pd

from analysis.common.files import read_yaml
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
    "role",
    "relative_difference",
    "band",
    "closeness",
]

#: How a target is matched: set from a published input, matched by calibration, or a real check
ROLES = {
    "input": "follows from published inputs",
    "calibrated": "matched by calibration",
    "check": "computed by the model",
}
#: A figure within this relative difference of the published one is "close"
CLOSE = 0.02


@lru_cache(maxsize=4)
def _load(path: str) -> dict:
    return read_yaml(path)


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
                "role": t.get("role", "check"),
            }
        )
    if variant is not None and not rows:
        raise ValueError(f"no targets for variant {variant!r}; known: {', '.join(VARIANTS)}")
    out = pd.DataFrame(rows)
    out["published"] = pd.Series([r["published"] for r in rows], dtype=object)
    return out


def spend_rise(published=None) -> dict:
    """The rise in placement spend from 2015/16 to the base year, by the package's one definition:
    base-year spend (the report's £3.27bn for 2024/25, section 1, the figure the model starts from)
    over 2015/16 spend (£1.3bn, key findings), minus one.  ``published`` is a
    :class:`~analysis.config.model_baseline.Published` (default: the package's defaults).

    Returns ``{"rise", "spend_2016", "spend_base", "definition"}``; the report itself prints 240%."""
    if published is None:
        from analysis.config.model import ModelParams

        published = ModelParams().published
    s0, s1 = float(published.spend_2016), float(published.spend_base)
    rise = s1 / s0 - 1 if s0 > 0 else float("nan")
    return {
        "rise": rise,
        "spend_2016": s0,
        "spend_base": s1,
        "definition": f"{_bn(s1)} in 2024/25 (report section 1) over {_bn(s0)} in 2015/16 (key findings)",
    }


def _bn(x: float) -> str:
    return f"£{x / 1e9:.2f}".rstrip("0").rstrip(".") + "bn"


def load_inconsistencies(path: Path | None = None, published=None) -> pd.DataFrame:
    """The report's own inconsistencies: topic, statement_a, location_a, statement_b, location_b.

    Statements may name ``{spend_rise}`` and ``{spend_rise_definition}``, filled from :func:`spend_rise`
    so that the figure is the one the context chapter prints."""
    data = _load(str(path or TARGETS_FILE))
    sr = spend_rise(published)
    fill = {"spend_rise": f"{sr['rise']:.0%}", "spend_rise_definition": sr["definition"]}
    rows = [{k: (v.format(**fill) if isinstance(v, str) else v) for k, v in r.items()} for r in data["inconsistencies"]]
    return pd.DataFrame(rows, columns=["topic", "statement_a", "location_a", "statement_b", "location_b"])


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


def _band(row) -> float | None:
    """The tolerance as a share of the published figure (half the band's width), None when exact."""
    pub = row["published"]
    if row["exact"] or _is_null(pub) or not pub:
        return None
    return max(abs(row["high"] - pub), abs(pub - row["low"])) / abs(pub)


def closeness(within: bool, exact: bool, relative: float | None, computed, published) -> str:
    """'exact', 'close' (within :data:`CLOSE` of the published figure), 'wide band' (within tolerance
    but further off) or 'outside'."""
    if not within:
        return "outside"
    if exact:
        return "exact" if computed == published or (_is_null(computed) and _is_null(published)) else "outside"
    if relative is None:
        return "wide band"
    if abs(relative) < 5e-4:
        return "exact"
    return "close" if abs(relative) <= CLOSE else "wide band"


def check(headline: dict, variant: str = "ccn-report") -> pd.DataFrame:
    """Each published target of ``variant`` against the headline: computed, difference, within tolerance,
    and how it was matched (``role``), the relative difference, the band and its ``closeness``."""
    targets = load_targets(variant)
    rows = []
    for _, t in targets.iterrows():
        computed = headline.get(t["key"])
        pub = t["published"]
        diff = None if (_is_null(computed) or _is_null(pub)) else computed - pub
        rel = None if diff is None or not pub else diff / abs(pub)
        within = bool(_within(computed, t))
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
                "within": within,
                "source": t["source"],
                "role": t["role"],
                "relative_difference": rel,
                "band": _band(t),
                "closeness": closeness(within, bool(t["exact"]), rel, computed, pub),
            }
        )
    out = pd.DataFrame(rows, columns=CHECK_COLUMNS)
    for c in ("published", "computed", "difference"):
        out[c] = pd.Series([r[c] for r in rows], dtype=object)
    out["within"] = out["within"].astype(bool)
    return out


def summary(table: pd.DataFrame) -> dict:
    """Counts for the reader: how many targets, within tolerance, matched by construction (inputs and
    calibration), and of the model's own checks how many are exact or close and how many only inside
    a wide band (with the widest band among those)."""
    t = pd.DataFrame(table)
    checks = t[t["role"] == "check"]
    wide = checks[checks["closeness"] == "wide band"]
    bands = [b for b in wide["band"] if not _is_null(b)]
    return {
        "n": len(t),
        "within": int(t["within"].sum()),
        "by_construction": int((t["role"] != "check").sum()),
        "checks": len(checks),
        "checks_close": int(checks["closeness"].isin(["exact", "close"]).sum()),
        "checks_wide": len(wide),
        "checks_outside": int((checks["closeness"] == "outside").sum()),
        "widest_band": max(bands) if bands else None,
        "close_limit": CLOSE,
    }
