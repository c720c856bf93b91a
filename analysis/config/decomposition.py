"""From case-review judgements to the modelled impact.

The report turns its case-review findings into two numbers without showing
the arithmetic: 70% x 47% (about 33%) of reviewed entries avoidable with
confidence becomes a 14.5% reduction in entries, and 32% x 33% (about 11%)
with a positive exit possible becomes a 2.2% increase in exits.  This module
writes that step out with named factors, each a field of
:class:`analysis.config.model.CaseReviewDecomposition`:

* ``confidence_weight`` - how much a 'reasonably confident' judgement counts
  (1 = in full, as the report does);
* ``pathway_share`` - the share of those children the five shifts can reach
  once their pathway into care and the representativeness of the reviewed
  sample are allowed for.  Not published; its default is the value that turns
  32.9% into exactly 14.5% (about 0.44);
* ``overlap_with_avoided_entries`` - the share of children with an extra-exit
  opportunity who were also judged avoidable entries and so would not be in
  care to leave it (the report's 'double count').  Not published; its default
  is the value that then gives exactly 2.2% (about 0.53).

A council can change any factor, or override either result outright with
``impact.entry_reduction`` / ``impact.exit_uplift``.
"""

from __future__ import annotations

import pandas as pd


def entry_reduction(
    *, improvable_before_entry: float, confident_avoidable: float, confidence_weight: float, pathway_share: float
) -> float:
    """Full-impact share of entries avoided."""
    return improvable_before_entry * confident_avoidable * confidence_weight * pathway_share


def exit_uplift(
    *,
    improvable_after_entry: float,
    confident_exit: float,
    confidence_weight: float,
    pathway_share: float,
    overlap_with_avoided_entries: float,
) -> float:
    """Full-impact proportional increase in exits."""
    return (
        improvable_after_entry
        * confident_exit
        * confidence_weight
        * pathway_share
        * (1.0 - overlap_with_avoided_entries)
    )


def decomposition_table(d) -> pd.DataFrame:
    """The steps from review findings to modelled impact, one row per factor, with running products.

    ``d`` is a :class:`CaseReviewDecomposition`.
    """
    rows = []
    run = 1.0
    for name, label, value in [
        ("improvable_before_entry", "better support possible before entry", d.improvable_before_entry),
        ("confident_avoidable", "of which entry avoidable with confidence", d.confident_avoidable),
        ("confidence_weight", "weight on a confident judgement", d.confidence_weight),
        ("pathway_share", "share the shifts can reach (pathways, sample)", d.pathway_share),
    ]:
        run *= value
        rows.append({"effect": "entries", "factor": name, "label": label, "value": value, "running": run})
    run = 1.0
    for name, label, value in [
        ("improvable_after_entry", "better support possible after entry", d.improvable_after_entry),
        ("confident_exit", "of which a positive exit possible", d.confident_exit),
        ("confidence_weight", "weight on a confident judgement", d.confidence_weight),
        ("pathway_share", "share the shifts can reach (pathways, sample)", d.pathway_share),
        (
            "overlap_with_avoided_entries",
            "excluding children already counted as avoided entries",
            1.0 - d.overlap_with_avoided_entries,
        ),
    ]:
        run *= value
        rows.append({"effect": "exits", "factor": name, "label": label, "value": value, "running": run})
    return pd.DataFrame(rows)
