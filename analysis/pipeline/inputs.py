"""Load a report's inputs once: the yearly history, the child-level data and the exit hazard's
pattern by years in care.

Every command that needs the model (``p2r render``, ``p2r headline``, ``p2r validate``) goes through
:func:`load_inputs`, so the sequence load -> estimate hazards -> run is written once.  Child-level
data are loaded lazily: ``p2r headline`` reads them only when the hazard source asks for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from analysis.common.errors import InputError, Problem
from analysis.common.paths import resolve_input
from analysis.config.report import ReportParams
from analysis.evidence.durations import (
    DEFAULT_MAX_DURATION,
    HazardEstimate,
    HazardNotEstimable,
    estimate_hazards,
    periods_phrase,
)
from analysis.inputs.childdata.load import ChildData
from analysis.model.hazards import HazardShape, child_data_kind, resolve_hazard_source


@dataclass
class ChildLevel:
    """The child-level data of a report (None when it has none), its label and the files read."""

    data: ChildData | None
    label: str
    files: list[Path] = field(default_factory=list)


@dataclass
class HazardChoice:
    """The exit hazard's pattern the model uses: ``shape`` None means the params ``hazard_shape``."""

    shape: HazardShape | None
    info: dict[str, Any]
    estimate: HazardEstimate | None = None


@dataclass
class Inputs:
    params: ReportParams
    history: pd.DataFrame | None
    history_files: list[Path]
    hazards: HazardChoice
    _child: ChildLevel | None = None
    #: what the reader attached to the history (notes, public_sources, ...): kept here, not on the table,
    #: because pandas deep-copies a DataFrame's ``attrs`` on every operation (a third of a council's model
    #: time when the publisher-file provenance rode along)
    history_meta: dict = field(default_factory=dict)

    @property
    def child(self) -> ChildLevel:
        """The child-level data, loaded on first use."""
        if self._child is None:
            self._child = load_child_level(self.params)
        return self._child


def load_history(params: ReportParams) -> tuple[pd.DataFrame | None, list[Path]]:
    """The yearly history the model is fitted to (None for the published CCN aggregate), and the
    files it was read from."""
    kind = params.report.area_kind
    if params.history.file:
        from analysis.inputs.history import load_history_csv

        df = load_history_csv(resolve_input(params.history.file))
        return df, list(df.attrs["sources_files"])
    if kind == "aggregate":
        return None, []
    from analysis.inputs.public import history as ph
    from analysis.inputs.public.councils import resolve_la
    from analysis.inputs.public.paths import resolve_public_dir

    pd_ = params.public_data
    public_dir = resolve_public_dir(pd_.public_dir)
    m, fy, ly = pd_.predecessor_method, pd_.first_year, pd_.last_year
    if kind == "council":
        council = resolve_la(params.report.council, public_dir)
        df = ph.council_history(council, public_dir, method=m, first_year=fy, last_year=ly)
    else:
        df = ph.group_history(params.report.group, public_dir, method=m, first_year=fy, last_year=ly)
    df.attrs["public_sources"] = public_sources(public_dir)
    return df, []


def public_sources(public_dir: Path) -> list[dict]:
    """The publisher files behind a council or group history, with their checksums, publisher, release
    and licence (from the extract's manifest, or from the files in a publisher folder)."""
    from analysis.inputs.public.extract_build import history_sources, provenance

    return provenance(public_dir, history_sources())


SYNTH = "synthetic generator"
# what the synthetic tables, once validated, depend on besides the params: this code and the libraries
SYNTH_CODE = ("inputs/childdata", "common", "config")
SYNTH_LIBS = ("numpy", "pandas")


def synthetic_key(params: ReportParams) -> str:
    """The cache key of a synthetic council's validated tables: the ``child_data`` params (seed, size and
    the rest), the generator's and the validator's code, and the numpy and pandas versions."""
    from analysis.common import cache

    return cache.make_key(
        "synthetic-childdata",
        params.child_data.model_dump(mode="json"),
        cache.code_hash(*SYNTH_CODE),
        cache.versions(*SYNTH_LIBS),
    )


def load_child_level(params: ReportParams) -> ChildLevel:
    """The child-level data the params name: synthetic, a council's folder, or none."""
    src = params.child_data.source
    if src == "none":
        return ChildLevel(None, "none supplied")
    if src == "synthetic":
        from analysis.common import cache

        def make() -> ChildData:
            from analysis.inputs.childdata.synth import generate

            return ChildData.from_frames(generate(params.child_data.seed, params=params.child_data), source=SYNTH)

        data = cache.cached("childdata", synthetic_key(params), make)
        return ChildLevel(data, f"synthetic (seed {params.child_data.seed})")
    from analysis.inputs.childdata.load import load_child_data

    folder = resolve_input(src)
    data = load_child_data(folder, params.child_data)  # strict, max_file_mb and the rest of child_data apply
    files = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in (".csv", ".xml"))
    return ChildLevel(data, f"council files in {src}", files)


def choose_hazards(params: ReportParams, load_data: Callable[[], ChildData | None]) -> HazardChoice:
    """The exit hazard's pattern by years in care for this report.

    ``baseline.hazard_source`` decides (see :mod:`analysis.model.hazards`); child-level data are
    loaded (by ``load_data``) only when they are to be used.  ``info`` says which source was used
    and why, for the build's results.
    """
    b = params.model.baseline
    setting = b.hazard_source
    choice, reason = resolve_hazard_source(setting, params.child_data.source)
    info: dict[str, Any] = {
        "setting": setting,
        "used": "params",
        "reason": reason,
        "shape_used": [float(v) for v in b.hazard_shape],
    }
    if choice == "params":
        return HazardChoice(None, info)
    synthetic = child_data_kind(params.child_data.source) == "synthetic"
    label = (
        f"the package's synthetic demonstration episodes (seed {params.child_data.seed})"
        if synthetic
        else "the council's SSDA903 episodes"
    )
    try:
        data = load_data()
        if data is None or not data.available("episodes"):
            raise HazardNotEstimable(
                f"the report has no child-level episodes (child_data.source is '{params.child_data.source}')"
            )
        est = estimate_hazards(
            data,
            measures=params.measures,
            years=b.hazard_years,
            disclosure=params.disclosure,
            max_duration=min(DEFAULT_MAX_DURATION, b.max_duration),
        )
    except HazardNotEstimable as e:
        if setting == "child_data":
            raise InputError(
                Problem(
                    f"the exit hazard's pattern by years in care cannot be estimated: {e}",
                    column="model.baseline.hazard_source",
                    value=setting,
                    expected="child-level episodes with enough periods of care",
                    hint="supply episodes.csv in the child_data.source folder, or set "
                    "hazard_source: auto or params to use hazard_shape",
                )
            ) from e
        info["reason"] = f"{reason}, but they do not support an estimate ({e})"
        return HazardChoice(None, info)
    many = periods_phrase(est.display_counts(params.disclosure)["periods"])
    source = (
        f"estimated from {many} periods of care (years ending 31 March {est.first_year} to {est.base_year}) in {label}"
    )
    shape = est.to_model(source)
    info.update(
        {
            "used": "child_data",
            "data_label": label,
            "synthetic": synthetic,
            "shape_used": [round(float(v), 2) for v in shape.shape],
        }
    )
    return HazardChoice(shape, info, est)


def load_inputs(params: ReportParams) -> Inputs:
    """Every input of a report, each read once; child-level data only when first needed."""
    history, files = load_history(params)
    meta: dict = {}
    if history is not None:
        meta, history.attrs = dict(history.attrs), {}
    inputs = Inputs(
        params=params, history=history, history_files=files, hazards=HazardChoice(None, {}), history_meta=meta
    )
    inputs.hazards = choose_hazards(params, lambda: inputs.child.data)
    return inputs
