"""Running the measures: one without disclosure control (:func:`compute`), all of them
disclosure-controlled (:func:`compute_all`), and their headline values next to the report's
published ones (:func:`compare_published`).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis.config.childdata import DisclosureParams, MeasureParams
from analysis.evidence.measures.base import Headline, NotComputable, Unavailable
from analysis.evidence.measures.registry import MEASURES
from analysis.evidence.sdc import apply_sdc
from analysis.inputs.childdata.load import ChildData


def compute(data: ChildData, measure_id: str, params: MeasureParams | None = None) -> pd.DataFrame | Unavailable:
    """One measure, without disclosure control (for tests and calibration; never publish this)."""
    spec = MEASURES[measure_id]
    mp = params or MeasureParams()
    missing = spec.missing(data)
    if missing:
        return Unavailable("needs " + ", ".join(missing))
    try:
        return spec.func(data, mp)
    except NotComputable as e:
        return Unavailable(str(e))


def compute_all(
    data: ChildData | None,
    disclosure: DisclosureParams | None = None,
    params: MeasureParams | None = None,
    *,
    ids: Iterable[str] | None = None,
    strict: bool = False,
) -> dict[str, pd.DataFrame | Unavailable]:
    """Every measure, disclosure-controlled: ``{id: DataFrame | Unavailable}``.

    A measure whose tables are missing, or whose data do not allow it, comes back as
    :class:`Unavailable` with the reason.  With ``strict=False`` (the default, for report
    builds) an unexpected error in one measure is also reported as Unavailable so that
    the other chapters still build; tests use ``strict=True``.
    """
    disclosure = disclosure or DisclosureParams()
    out: dict[str, pd.DataFrame | Unavailable] = {}
    for mid in ids or MEASURES:
        if data is None:
            out[mid] = Unavailable("no child-level data (child_data.source is 'none')")
            continue
        try:
            res = compute(data, mid, params)
        except Exception as e:  # one bad measure must not stop the book
            if strict:
                raise
            out[mid] = Unavailable(f"could not be computed from these data ({type(e).__name__}: {e})")
            continue
        if isinstance(res, Unavailable):
            out[mid] = res
            continue
        out[mid] = apply_sdc(res, disclosure, **MEASURES[mid].sdc)
    return out


def compare_published(
    data: ChildData, params: MeasureParams | None = None, ids: Iterable[str] | None = None
) -> pd.DataFrame:
    """Computed (unrounded) headline values next to the report's published ones."""
    rows = []
    for mid in ids or MEASURES:
        spec = MEASURES[mid]
        res = compute(data, mid, params)
        with np.errstate(all="ignore"):
            got: Headline = {} if isinstance(res, Unavailable) or spec.headline is None else spec.headline(res)
        for p in spec.published:
            rows.append(
                {
                    "id": mid,
                    "key": p.key,
                    "computed": got.get(p.key, None) if got else None,
                    "published": p.value,
                    "kind": p.kind,
                    "text": p.text,
                    "unavailable": res.reason if isinstance(res, Unavailable) else "",
                }
            )
    return pd.DataFrame(rows)
