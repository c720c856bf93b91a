"""Child-level data: contracts, loading and validation, a synthetic generator, the
report's evidence measures and disclosure control.

* :mod:`.contracts` - the tables a council brings (``<table>.csv``) and the data dictionary
* :mod:`.load` - :func:`load_child_data` (raises :class:`~analysis.common.errors.InputError`)
* :mod:`.synth` - :func:`~.synth.generate` / :func:`~.synth.write`, seeded synthetic data
* :mod:`.measures` - :data:`~.measures.MEASURES` and :func:`~.measures.compute_all`
* :mod:`.sdc` - :func:`~.sdc.apply_sdc`, statistical disclosure control
* :mod:`.params` - ``ChildDataParams``, ``DisclosureParams``, ``MeasureParams``

Child-level records are personal data: only disclosure-controlled tables from
:func:`~.measures.compute_all` may reach a rendered report.
"""
from __future__ import annotations

from analysis.config.childdata import ChildDataParams, DisclosureParams, MeasureParams

__all__ = ["ChildDataParams", "DisclosureParams", "MeasureParams", "get_child_data"]


def get_child_data(params: ChildDataParams | None = None):
    """The child-level data the params ask for: synthetic, none (``None``) or a folder."""
    params = params or ChildDataParams()
    src = params.source.strip()
    if src.lower() == "none":
        return None
    from analysis.inputs.childdata.load import ChildData, load_child_data
    if src.lower() == "synthetic":
        from analysis.inputs.childdata.synth import generate
        return ChildData.from_frames(generate(params.seed, params=params), source=f"synthetic (seed {params.seed})")
    return load_child_data(src, params)
