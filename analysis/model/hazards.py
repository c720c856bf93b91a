"""Where the shape of the exit hazard by years in care comes from (pure, no I/O).

The model's exit hazard is ``level x shape[d]`` for a child in duration group
``d`` (see :func:`analysis.model.core.hazard_vector`).  The level is always set
by the area's aggregate figures (the CCN calibration or the council's fitted
exit rate).  The shape is either the params value ``baseline.hazard_shape`` or
one estimated from the council's SSDA903 episodes (by
:mod:`analysis.evidence.durations`, run in :mod:`analysis.pipeline.compute`), passed to
:func:`analysis.model.run` as a :class:`HazardShape`.

``baseline.hazard_source`` chooses:

* ``auto``: the estimate when the child-level data are a council's own files,
  otherwise the params shape.  Synthetic data are never used in this mode, so a
  report cannot silently present invented records as a council's;
* ``child_data``: always the estimate (an error if there are no episodes);
* ``params``: never the estimate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from analysis.model.core import by_group

SYNTHETIC = "synthetic"
NONE = "none"


@dataclass(frozen=True)
class HazardShape:
    """An estimated hazard shape and its interval, ready for the model.

    shape: relative exit hazard by single year of duration (index 0 = year of entry); the last value
        applies to every longer duration.  Normalised so that ``shape[0] == 1``.
    lower, upper: the interval of each duration's hazard as a multiplier of its point value
        (e.g. 0.9 and 1.1), same length as ``shape``; used by the Monte Carlo.
    source: plain-English description of where the shape came from (quoted in the notes).
    """

    shape: tuple[float, ...]
    lower: tuple[float, ...] | None = None
    upper: tuple[float, ...] | None = None
    source: str = "estimated from child-level episodes"

    def __post_init__(self):
        s = np.asarray(self.shape, dtype=float)
        if s.ndim != 1 or not len(s) or not np.all(np.isfinite(s)) or np.any(s < 0):
            raise ValueError("a hazard shape needs one or more finite, non-negative multipliers")
        for name in ("lower", "upper"):
            v = getattr(self, name)
            if v is not None and len(v) != len(s):
                raise ValueError(f"hazard shape {name} must have one value per duration")

    def bounds(self, n_groups: int) -> tuple[np.ndarray, np.ndarray] | None:
        """Multipliers (low, high) of each group's hazard, or None if no interval was given."""
        if self.lower is None or self.upper is None:
            return None
        lo = np.minimum(by_group(self.lower, n_groups), 1.0)
        hi = np.maximum(by_group(self.upper, n_groups), 1.0)
        return lo, hi


def child_data_kind(source: str) -> str:
    """'synthetic', 'none' or 'folder' for a ``child_data.source`` value."""
    s = str(source).strip().lower()
    if s == SYNTHETIC:
        return "synthetic"
    if s == NONE or not s:
        return "none"
    return "folder"


def resolve_hazard_source(setting: str, child_source: str) -> tuple[str, str]:
    """Which shape to use, ``"child_data"`` or ``"params"``, and why (one plain sentence).

    Decides on the params alone; whether the episodes allow an estimate is checked afterwards.
    """
    kind = child_data_kind(child_source)
    if setting == "params":
        return "params", "baseline.hazard_source is 'params'"
    if setting == "child_data":
        return "child_data", "baseline.hazard_source is 'child_data'"
    if setting != "auto":
        raise ValueError(f"unknown hazard_source {setting!r}")
    if kind == "folder":
        return "child_data", "the report has the council's own child-level files"
    if kind == "synthetic":
        return "params", (
            "the child-level data are synthetic, and in 'auto' mode invented records are never "
            "used to shape a council's projection"
        )
    return "params", "no child-level data were supplied"
