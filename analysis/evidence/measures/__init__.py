"""The report's evidence measures, computed from child-level data.

One function per figure or statistic of ``FIGURES.md`` (figures 1-23 and the
textual figures of the context and shift sections; figures 24-28 belong to the
model).  Each takes a :class:`~analysis.inputs.childdata.load.ChildData` and
:class:`~analysis.config.childdata.MeasureParams` and returns a tidy DataFrame of
counts with their bases and shares (columns such as ``category``, ``count``,
``base``, ``share``), ready to chart.

:data:`MEASURES` registers every measure with its id, title, the tables it needs,
how to disclosure-control it and the report's published values;
:func:`compute_all` runs them all, returning :class:`Unavailable` for a measure
whose tables were not supplied, and applies disclosure control
(:func:`analysis.evidence.sdc.apply_sdc`) to every result.

Modules, by report chapter: :mod:`.base` (result types, the measure spec, the shared
derivations and helpers, and the definitions they use), :mod:`.context` (ctx01-ctx06),
:mod:`.case_review` (cr01), :mod:`.shift1` to :mod:`.shift5` (figures 1-22 and the
s1_ to s5_ measures), :mod:`.impact` (fig23), :mod:`.registry` (:data:`MEASURES`, gathered
from the ``SPECS`` each chapter module lists after its functions) and :mod:`.run` (computing
them).
"""

from __future__ import annotations

from analysis.evidence.measures.base import (
    MeasureContext,
    MeasureSpec,
    NotComputable,
    Published,
    Unavailable,
    measure_context,
)
from analysis.evidence.measures.registry import MEASURES
from analysis.evidence.measures.run import compare_published, compute, compute_all

__all__ = [
    "MEASURES",
    "MeasureContext",
    "MeasureSpec",
    "NotComputable",
    "Published",
    "Unavailable",
    "compare_published",
    "compute",
    "compute_all",
    "measure_context",
]
