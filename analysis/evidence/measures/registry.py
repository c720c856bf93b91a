"""The table of every evidence measure: :data:`MEASURES`, ``{id: MeasureSpec}`` in report order.

Each chapter module lists its own measures in ``SPECS`` (made with
:func:`analysis.evidence.measures.base.spec`), next to the functions that compute them.  Each
row gives a measure's id, title, report section, the function that computes it, the tables it
needs, the report's published values and how to read the headline ones from its result
(:func:`analysis.evidence.measures.run.compare_published`), how to disclosure-control it
(keyword arguments of :func:`analysis.evidence.sdc.apply_sdc`) and its definition.
"""

from __future__ import annotations

from analysis.evidence.measures import case_review, context, impact, shift1, shift2, shift3, shift4, shift5
from analysis.evidence.measures.base import MeasureSpec

#: Every measure, by id, in the order of the report's chapters
MEASURES: dict[str, MeasureSpec] = {
    s.id: s
    for s in [
        *context.SPECS,
        *case_review.SPECS,
        *shift1.SPECS,
        *shift2.SPECS,
        *shift3.SPECS,
        *shift4.SPECS,
        *shift5.SPECS,
        *impact.SPECS,
    ]
}
