"""Everything a build computes before the chapters run, done once and stored.

:func:`compute_results` loads the inputs once (:mod:`analysis.pipeline.inputs`), then computes:

* the model for the area the params describe (CCN aggregate, a council, a group), with its Monte
  Carlo, using the exit hazard's pattern chosen from the params or estimated from episodes;
* the sensitivity runs (:func:`sensitivity_runs`) and the reproduction check
  (:func:`reproduction_check`), both named as computations;
* the evidence measures from child-level data, disclosure-controlled before anything is stored;
* public comparators for a council or group;
* checksums of every data file read (for the colophon);

and writes them all through the results store (:mod:`analysis.results.store`), the only place
chapters read from.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import pandas as pd

from analysis.common.errors import InputError
from analysis.common.files import sha256_file
from analysis.config.childdata import DisclosureParams
from analysis.config.model import UpliftMode
from analysis.config.report import ReportParams
from analysis.model.results import ModelResults
from analysis.pipeline.inputs import HazardChoice, Inputs, load_inputs, public_sources
from analysis.results.store import ResultsWriter

PUBLISHED_VARIANTS = ("ccn-report", "pop-500k")
SENSITIVITY_KEYS = [
    "exits_extra_per_year",
    "cla_horizon_full",
    "spend_horizon_full",
    "cumulative_benefit_full",
    "cumulative_overspend_full",
    "break_even_year_full",
]


def run_model(params: ReportParams, *, uncertainty: bool = True, inputs: Inputs | None = None) -> ModelResults:
    """The model for the report's area (loading its inputs unless given)."""
    from analysis.model import run

    inputs = inputs or load_inputs(params)
    return run(params.model, inputs.history, uncertainty=uncertainty, hazard_shape=inputs.hazards.shape)


def validate_inputs(params: ReportParams) -> list[str]:
    """Check every input the params name; return a summary, raise InputError on problems."""
    return check_inputs(params)[0]


def check_inputs(params: ReportParams) -> tuple[list[str], Inputs]:
    """:func:`validate_inputs` with the inputs it read, so that ``p2r validate`` reads a council's
    child-level folder once (its summary of repairs, warnings and counts comes with the data)."""
    lines = [f"params: valid (variant {params.report.variant}, area {params.report.area_name})"]
    inputs = load_inputs(params)
    if inputs.history is not None:
        lines.append(f"public history: {len(inputs.history)} years for {params.report.area_name}")
    child = inputs.child
    if child.data is not None:
        lines.append(f"child-level data: {child.label}; tables present: {', '.join(child.data.tables())}")
    else:
        lines.append("child-level data: none (evidence chapters will say so)")
    hz = inputs.hazards
    lines.append(
        "exit hazard by years in care: "
        + (hz.shape.source if hz.shape is not None else f"params hazard_shape ({hz.info['reason']})")
    )
    return lines, inputs


def reproduction_check(params: ReportParams, results: ModelResults) -> dict[str, Any]:
    """This run's headline against the published targets or, for a report on another area, the CCN
    reference run (default assumptions) against them."""
    from analysis.config.model import ModelParams
    from analysis.model import run
    from analysis.model.reproduction import check, load_inconsistencies

    variant = params.report.variant
    if variant in PUBLISHED_VARIANTS:
        rep = check(results.headline, variant)
        basis = "this report's own run"
    else:
        rep = check(run(ModelParams(), None, uncertainty=False).headline, "ccn-report")
        basis = "a reference run of the CCN aggregate with the package's default assumptions"
    return {
        "basis": basis,
        "variant": variant,
        "targets": json.loads(rep.to_json(orient="records")),
        "inconsistencies": json.loads(load_inconsistencies().to_json(orient="records")),
    }


def sensitivity_runs(params: ReportParams, inputs: Inputs, results: ModelResults) -> list[dict[str, Any]]:
    """Deterministic re-runs that show what two modelling choices change: whether the exit uplift
    applies to the yearly number of exits or to the exit hazard, and whether re-entries to care are
    netted out of the extra exits."""
    from analysis.model import run

    shape = inputs.hazards.shape
    rows = [{"case": "This report's assumptions", **{k: results.headline.get(k) for k in SENSITIVITY_KEYS}}]
    mode = params.model.exits.uplift_mode
    other: UpliftMode = "hazard" if mode == "exits" else "exits"
    alt_exits = params.model.model_copy(deep=True)
    alt_exits.exits.uplift_mode = other
    label = {
        "hazard": "Exit uplift applied to the exit hazard",
        "exits": "Exit uplift applied to the yearly number of exits",
    }[other]
    h = run(alt_exits, inputs.history, uncertainty=False, hazard_shape=shape).headline
    rows.append({"case": label, **{k: h.get(k) for k in SENSITIVITY_KEYS}})
    alt_re = params.model.model_copy(deep=True)
    alt_re.reentry.enabled = not params.model.reentry.enabled
    h = run(alt_re, inputs.history, uncertainty=False, hazard_shape=shape).headline
    rows.append(
        {
            "case": "Re-entries netted out of extra exits" if alt_re.reentry.enabled else "Re-entries not netted out",
            **{k: h.get(k) for k in SENSITIVITY_KEYS},
        }
    )
    return rows


def comparator_rates(params: ReportParams) -> tuple[pd.DataFrame | None, dict[str, Any], Path | None]:
    """Every council's rates from the public data (for the charts placing this area among them), a
    note saying whether they are available, for which year, and which council this is, and the public
    data folder (or extract) they were read from (None when unavailable)."""
    from analysis.common import cache

    try:
        from analysis.inputs.public.comparators import comparators
        from analysis.inputs.public.paths import resolve_public_dir

        public_dir = resolve_public_dir(params.public_data.public_dir)
        year = params.public_data.comparator_year
        df = cache.cached("comparators", comparators_key(year, public_dir), lambda: comparators(year, public_dir))
    except InputError as e:
        return None, {"available": False, "reason": f"The public data folder is not available: {e}"}, None
    note: dict[str, Any] = {"available": True, "year": params.public_data.comparator_year}
    if params.report.area_kind == "council" and params.report.council:
        from analysis.inputs.public.councils import resolve_la

        note["dfe_code"] = resolve_la(params.report.council, public_dir).dfe_code
    return df, note, public_dir


COMPARATORS_CODE = ("inputs/public", "resources", "common", "config")


def comparators_key(year: int, public_dir: Path) -> str:
    """The cache key of the comparators table: the year, the content of every file in the public data
    folder, the code that reads them, and the pandas and pyarrow versions."""
    from analysis.common import cache

    return cache.make_key(
        "comparators",
        int(year),
        cache.folder_digest(public_dir),
        cache.code_hash(*COMPARATORS_CODE),
        cache.versions("pandas", "numpy", "pyarrow"),
    )


def evidence_tables(inputs: Inputs) -> tuple[dict, dict]:
    """The evidence measures, disclosure-controlled (each a table, or the reason it is unavailable),
    and the registry that describes them."""
    from analysis.evidence.measures import MEASURES, Unavailable, compute_all

    data = inputs.child.data
    if data is None:
        return {mid: Unavailable("No child-level data were supplied for this report.") for mid in MEASURES}, MEASURES
    params = inputs.params
    if params.child_data.source != "synthetic":
        return compute_all(data, params.disclosure, params.measures), MEASURES
    # synthetic data are a function of their params: the measures on them are cached by content
    from analysis.common import cache

    tables = cache.cached(
        "evidence", evidence_key(params), lambda: compute_all(data, params.disclosure, params.measures)
    )
    return tables, MEASURES


EVIDENCE_CODE = ("evidence",)


def evidence_key(params: ReportParams) -> str:
    """The cache key of the evidence measures on synthetic data: the synthetic tables' key (see
    :func:`analysis.pipeline.inputs.synthetic_key`), the ``disclosure`` and ``measures`` params, and
    the measures' code."""
    from analysis.common import cache
    from analysis.pipeline.inputs import synthetic_key

    return cache.make_key(
        "evidence",
        synthetic_key(params),
        params.disclosure.model_dump(mode="json"),
        params.measures.model_dump(mode="json"),
        cache.code_hash(*EVIDENCE_CODE),
    )


def hazards_record(hz: HazardChoice, disclosure: DisclosureParams) -> tuple[dict[str, Any], pd.DataFrame | None]:
    """What the build records of the exit hazard's pattern: the choice and why, and, when it was
    estimated, the disclosure-controlled table."""
    meta = dict(hz.info)
    if hz.estimate is None:
        meta["estimated"] = False
        return meta, None
    est = hz.estimate
    meta.update(
        {
            "estimated": True,
            "first_year": est.first_year,
            "base_year": est.base_year,
            "level": est.level,
            "counts": est.display_counts(disclosure),
        }
    )
    return meta, est.display_table(disclosure)


OWN_BACKTEST_YEARS = 4


def own_backtest(params: ReportParams, inputs: Inputs) -> pd.DataFrame | None:
    """The area's own back-test: its last ``OWN_BACKTEST_YEARS`` published years projected from the
    years before them by the report's method and by the two naive rivals, against what was published.
    None for the published CCN aggregate (no yearly history), a history too short to cut, or one whose
    years before the cut-off are too few for the report's method (a council formed recently, e.g. Dorset)."""
    from analysis.model.backtest import run_backtest
    from analysis.pipeline.backtest import methods_for

    h = inputs.history
    if h is None or h["cla"].notna().sum() < OWN_BACKTEST_YEARS + params.model.history.min_years:
        return None
    base = int(h.dropna(subset=["cla"])["year"].max())
    cutoff = base - OWN_BACKTEST_YEARS
    methods = [m for m in methods_for(params.model) if m.name in ("default", "persistence", "line")]
    err = run_backtest(h.assign(dfe_code="area"), methods, [cutoff], base)
    if "ape" not in err or err["ape"].notna().sum() == 0:
        return None
    err = err[err["metric"].notna()]
    wide = err.pivot_table(index=["metric", "year"], columns="method", values="projected").reset_index()
    if not {"default", "persistence", "line"} <= set(wide.columns):
        return None  # the report's method could not be fitted to the years before the cut-off
    actual = err.groupby(["metric", "year"])["actual"].first().reset_index()
    out = actual.merge(wide, on=["metric", "year"])
    out.insert(0, "cutoff", cutoff)
    return out[["cutoff", "metric", "year", "actual", "default", "persistence", "line"]]


def checksums(files: list[Path]) -> list[dict[str, Any]]:
    """Name, SHA-256 and size of every data file read that still exists."""
    out = []
    for f in map(Path, files):
        if f.exists():
            out.append({"name": f.name, "sha256": sha256_file(f), "bytes": f.stat().st_size})
    return out


def write_explorer(store: ResultsWriter, params: ReportParams, inputs: Inputs, prepared=None) -> None:
    """The scenario explorer's grid of model runs (see :mod:`analysis.model.explorer`) and the goal seek
    (:mod:`analysis.model.goal`), both from the do-nothing inputs the model ran on."""
    from analysis.model import api
    from analysis.model.explorer import grid, reference
    from analysis.model.goal import goal_table

    mp, bi, assumed = api.baseline(params.model, inputs.history, hazard_shape=inputs.hazards.shape, prepared=prepared)
    g = grid(bi, mp)
    store.frame("explorer_paths", g.paths)
    store.frame("explorer_summary", g.summary)
    store.frame("explorer_budget", g.budget)
    store.frame("explorer_reference", reference(bi, mp, g))
    store.frame("goal", goal_table(bi, mp))
    store.json(
        "explorer_meta",
        {
            "first_years": list(g.first_years),
            "unit_cost_growth": list(g.unit_cost_growth),
            "budget_growth": list(g.budget_growth),
            "base_year": g.base_year,
            "horizon": g.horizon,
            "central": g.central,
            "budget_assumed": assumed,
        },
    )


def compute_results(params: ReportParams, out: Path, progress: Callable[[str], None] = print) -> dict:
    """Load the inputs once, compute everything once, and store it in ``out`` (the results folder).
    Returns the ``prepared`` record (files read, child-data label, comparators note)."""
    from analysis.model import run

    store = ResultsWriter(out)
    inputs = load_inputs(params)
    child = inputs.child
    from analysis.model import api

    fitted = api.prepare(params.model, inputs.history, hazard_shape=inputs.hazards.shape)  # fitted once
    results = run(params.model, inputs.history, uncertainty=True, prepared=fitted)
    store.model(results)
    meta, table = hazards_record(inputs.hazards, params.disclosure)
    store.json("hazards", meta)
    if table is not None:
        store.frame("hazards_table", table)
    else:
        store.absent("hazards_table")
    if inputs.history is not None:
        store.frame("history", inputs.history)
    progress(f"  model run once ({len(results.series):,} series rows)")
    write_explorer(store, params, inputs, fitted)
    store.json("reproduction", reproduction_check(params, results))
    bt = own_backtest(params, inputs)
    if bt is not None:
        store.frame("own_backtest", bt)
    store.json("sensitivity", sensitivity_runs(params, inputs, results))
    if params.report.area_kind == "group" and inputs.history is not None:
        from analysis.inputs.public.history import compare_with_published

        store.frame("group_vs_published", compare_with_published(inputs.history))

    store.evidence(*evidence_tables(inputs))

    comp, comparators_note, comparators_dir = comparator_rates(params)
    if comp is not None:
        store.frame("comparators", comp)

    # the publisher files behind every public figure in the report: a council's or group's history names
    # them already; otherwise the comparisons between councils read the same files
    public = inputs.history_meta.get("public_sources")
    if not public:
        public = public_sources(comparators_dir) if comparators_dir is not None else []
    prepared: dict[str, Any] = {
        "public_data": public,
        "child_data_label": child.label,
        "files": checksums(list(inputs.history_files) + list(child.files)) + list(public),
        "comparators": comparators_note,
    }
    if child.data is not None:
        prepared["validation_summary"] = json.loads(child.data.summary.to_frame().to_json(orient="records"))
    store.json("prepared", prepared)
    store.finish()
    return prepared
