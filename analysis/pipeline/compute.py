"""Everything a build computes before the chapters run, done once.

* the model, for the area the params describe (CCN aggregate, a council, a group), with the
  exit hazard's pattern by years in care estimated from episodes when
  ``model.baseline.hazard_source`` asks for it (written, disclosure-controlled, to
  ``duration_hazards.json`` / ``.parquet``);
* the evidence measures from child-level data (synthetic, a council's folder, or none),
  disclosure-controlled before anything is written;
* public comparators for a council or group;
* checksums of every data file read (for the colophon).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from analysis.common.paths import resolve_input
from analysis.config.report import ReportParams



def _history(params: ReportParams):
    """The yearly history the model is fitted to, or None for the published CCN aggregate."""
    kind = params.report.area_kind
    if params.history.file:
        from analysis.inputs.history import load_history_csv

        f = Path(params.history.file)
        df = load_history_csv(resolve_input(f))
        return df, list(df.attrs["sources_files"])
    if kind == "aggregate":
        return None, []
    from analysis.inputs.public import history as ph
    from analysis.inputs.public.councils import resolve_la
    from analysis.inputs.public.paths import resolve_public_dir

    public_dir = resolve_public_dir(params.public_data.public_dir)
    if kind == "council":
        council = resolve_la(params.report.council, public_dir)
        df = ph.council_history(council, public_dir)
    else:
        df = ph.group_history(params.report.group, public_dir)
    return df, _public_files(df.attrs.get("sources", {}), public_dir)


def _public_files(sources: dict, public_dir: Path) -> list[Path]:
    """The publisher files named in a history's source notes (for the colophon's checksums)."""
    import re

    names = set()
    for text in sources.values():
        names.update(re.findall(r"[\w./-]+\.(?:csv|parquet|ods|xlsx|txt)", str(text)))
    return sorted(Path(public_dir) / n for n in names if (Path(public_dir) / n).is_file())


def run_model(params: ReportParams, *, uncertainty: bool = True):
    from analysis.model import run

    history, _ = _history(params)
    shape, _, _ = hazard_shape(params, lambda: load_child_level(params)[0])
    return run(params.model, history, uncertainty=uncertainty, hazard_shape=shape)


def hazard_shape(params: ReportParams, load_data: Callable[[], object]):
    """The exit hazard's pattern by years in care for this report: (HazardShape or None, info, estimate).

    ``baseline.hazard_source`` decides (see :mod:`analysis.model.hazards`); child-level data are loaded
    (by ``load_data``) only when they are to be used.  None means the params ``hazard_shape``.  ``info``
    says which source was used and why, for the build results.
    """
    from analysis.evidence.durations import DEFAULT_MAX_DURATION, HazardNotEstimable, estimate_hazards, periods_phrase
    from analysis.common.errors import InputError, Problem
    from analysis.model.hazards import child_data_kind, resolve_hazard_source

    b = params.model.baseline
    setting = b.hazard_source
    choice, reason = resolve_hazard_source(setting, params.child_data.source)
    info = {"setting": setting, "used": "params", "reason": reason, "shape_used": [float(v) for v in b.hazard_shape]}
    if choice == "params":
        return None, info, None
    synthetic = child_data_kind(params.child_data.source) == "synthetic"
    label = (f"the package's synthetic demonstration episodes (seed {params.child_data.seed})" if synthetic
             else "the council's SSDA903 episodes")
    try:
        data = load_data()
        if data is None or not data.available("episodes"):
            raise HazardNotEstimable(f"the report has no child-level episodes (child_data.source is "
                                     f"'{params.child_data.source}')")
        est = estimate_hazards(data, measures=params.measures, years=b.hazard_years, disclosure=params.disclosure,
                               max_duration=min(DEFAULT_MAX_DURATION, b.max_duration))
    except HazardNotEstimable as e:
        if setting == "child_data":
            raise InputError(Problem(f"the exit hazard's pattern by years in care cannot be estimated: {e}",
                                     column="model.baseline.hazard_source", value=setting,
                                     expected="child-level episodes with enough periods of care",
                                     hint="supply episodes.csv in the child_data.source folder, or set "
                                          "hazard_source: auto or params to use hazard_shape")) from e
        info["reason"] = f"{reason}, but they do not support an estimate ({e})"
        return None, info, None
    many = periods_phrase(est.display_counts(params.disclosure)["periods"])
    source = (f"estimated from {many} periods of care (years ending 31 March {est.first_year} to "
              f"{est.base_year}) in {label}")
    shape = est.to_model(source)
    info.update({"used": "child_data", "data_label": label, "synthetic": synthetic,
                 "shape_used": [round(float(v), 2) for v in shape.shape]})
    return shape, info, est


def load_child_level(params: ReportParams):
    """(ChildData or None, label for the colophon, files read)."""
    src = params.child_data.source
    if src == "none":
        return None, "none supplied", []
    if src == "synthetic":
        from analysis.inputs.childdata.load import ChildData
        from analysis.inputs.childdata.synth import generate

        tables = generate(params.child_data.seed, params=params.child_data)
        return (ChildData.from_frames(tables, source="synthetic generator"),
                f"synthetic (seed {params.child_data.seed})", [])
    from analysis.inputs.childdata.load import load_child_data

    folder = resolve_input(src)
    data = load_child_data(folder)
    return data, f"council files in {src}", sorted(folder.glob("*.csv"))


def validate_inputs(params: ReportParams) -> list[str]:
    """Check every input the params name; return a summary, raise InputError on problems."""
    lines = [f"params: valid (variant {params.report.variant}, area {params.report.area_name})"]
    history, _ = _history(params)
    if history is not None:
        lines.append(f"public history: {len(history)} years for {params.report.area_name}")
    data, label, files = load_child_level(params)
    if data is not None:
        lines.append(f"child-level data: {label}; tables present: {', '.join(data.tables())}")
    else:
        lines.append("child-level data: none (evidence chapters will say so)")
    shape, info, _ = hazard_shape(params, lambda: data)
    lines.append("exit hazard by years in care: " + (shape.source if shape is not None
                                                      else f"params hazard_shape ({info['reason']})"))
    return lines


PUBLISHED_VARIANTS = ("ccn-report", "pop-500k")


def write_reproduction(params: ReportParams, results, out: Path) -> None:
    """The reproduction check: this run's headline against the published targets, or, for a report on
    another area, the CCN reference run (default assumptions) against them."""
    from analysis.model import ModelParams, run
    from analysis.model.reproduction import check, load_inconsistencies

    variant = params.report.variant
    if variant in PUBLISHED_VARIANTS:
        rep = check(results.headline, variant)
        basis = "this report's own run"
    else:
        rep = check(run(ModelParams(), None, uncertainty=False).headline, "ccn-report")
        basis = "a reference run of the CCN aggregate with the package's default assumptions"
    doc = {"basis": basis, "variant": variant,
           "targets": json.loads(rep.to_json(orient="records")),
           "inconsistencies": json.loads(load_inconsistencies().to_json(orient="records"))}
    (out / "reproduction.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")


SENSITIVITY_KEYS = ["exits_extra_per_year", "cla_horizon_full", "spend_horizon_full", "cumulative_benefit_full",
                    "cumulative_overspend_full", "break_even_year_full"]


def write_sensitivity(params: ReportParams, history, results, out: Path, hazard_shape=None) -> None:
    """Deterministic re-runs that show what two modelling choices change: whether the exit uplift
    applies to the yearly number of exits or to the exit hazard, and whether re-entries to care are
    netted out of the extra exits."""
    from analysis.model import run

    rows = [{"case": "This report's assumptions", **{k: results.headline.get(k) for k in SENSITIVITY_KEYS}}]
    mode = params.model.exits.uplift_mode
    other = "hazard" if mode == "exits" else "exits"
    alt_exits = params.model.model_copy(deep=True)
    alt_exits.exits.uplift_mode = other
    label = {"hazard": "Exit uplift applied to the exit hazard",
             "exits": "Exit uplift applied to the yearly number of exits"}[other]
    h = run(alt_exits, history, uncertainty=False, hazard_shape=hazard_shape).headline
    rows.append({"case": label, **{k: h.get(k) for k in SENSITIVITY_KEYS}})
    alt_re = params.model.model_copy(deep=True)
    alt_re.reentry.enabled = not params.model.reentry.enabled
    h = run(alt_re, history, uncertainty=False, hazard_shape=hazard_shape).headline
    rows.append({"case": "Re-entries netted out of extra exits" if alt_re.reentry.enabled
                 else "Re-entries not netted out", **{k: h.get(k) for k in SENSITIVITY_KEYS}})
    (out / "sensitivity.json").write_text(json.dumps(rows, indent=2), encoding="utf-8")


def write_comparators(params: ReportParams, out: Path) -> dict:
    """Every council's rates from the public data, for the charts placing this area among them."""
    from analysis.common.errors import InputError

    try:
        from analysis.inputs.public.comparators import comparators
        from analysis.inputs.public.paths import resolve_public_dir

        public_dir = resolve_public_dir(params.public_data.public_dir)
        df = comparators(params.public_data.comparator_year, public_dir)
    except InputError as e:
        return {"available": False, "reason": f"The public data folder is not available: {e}"}
    df.to_parquet(out / "comparators.parquet", index=False)
    note = {"available": True, "year": params.public_data.comparator_year}
    if params.report.area_kind == "council" and params.report.council:
        from analysis.inputs.public.councils import resolve_la

        note["dfe_code"] = resolve_la(params.report.council, public_dir).dfe_code
    return note


def prepare(params: ReportParams, out: Path, progress: Callable[[str], None] = print) -> dict:
    from analysis.builder.build import sha256_file
    from analysis.results.evidence import write_evidence

    out.mkdir(parents=True, exist_ok=True)
    history, hist_files = _history(params)
    from analysis.evidence.durations import write_results as write_hazards
    from analysis.model import run

    data, label, child_files = load_child_level(params)
    shape, hazard_info, estimate = hazard_shape(params, lambda: data)
    results = run(params.model, history, uncertainty=True, hazard_shape=shape)
    results.to_dir(out / "model")
    write_hazards(out, hazard_info, estimate, params.disclosure)
    if history is not None:
        history.to_parquet(out / "history.parquet", index=False)
    progress(f"  model run once ({len(results.series):,} series rows)")
    write_reproduction(params, results, out)
    write_sensitivity(params, history, results, out, hazard_shape=shape)
    if params.report.area_kind == "group" and history is not None:
        from analysis.inputs.public.history import compare_with_published

        compare_with_published(history).to_parquet(out / "group_vs_published.parquet", index=False)

    from analysis.evidence.measures import MEASURES, compute_all

    if data is not None:
        evidence = compute_all(data, params.disclosure, params.measures)
    else:
        from analysis.evidence.measures import Unavailable

        evidence = {mid: Unavailable("No child-level data were supplied for this report.") for mid in MEASURES}
    write_evidence(evidence, MEASURES, out / "evidence")

    comparators_note = write_comparators(params, out)

    files = []
    for f in list(hist_files) + list(child_files):
        f = Path(f)
        if f.exists():
            files.append({"name": f.name, "sha256": sha256_file(f), "bytes": f.stat().st_size})
    prepared = {"child_data_label": label, "files": files, "comparators": comparators_note}
    if data is not None:
        prepared["validation_summary"] = json.loads(data.summary.to_frame().to_json(orient="records"))
    (out / "prepared.json").write_text(json.dumps(prepared, indent=2), encoding="utf-8")
    return prepared
