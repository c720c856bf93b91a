"""The ``p2r`` command line (also ``python -m analysis``).

Exit codes: 0 success; 2 bad input (params or data); 3 build failed;
130 interrupted.  Errors are one short plain-English message; ``--debug``
adds the traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from pathlib import Path

from analysis import __version__
from analysis.cli.common import cutoffs_arg, formats_arg
from analysis.common.errors import P2RError
from analysis.common.paths import resource

DEFAULT_PARAMS = "params/ccn-report.yml"


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(
        prog="p2r",
        description="Build the 'From prevention to reconnection' report "
        "for the CCN aggregate, a population, or any English council.",
    )
    ap.add_argument("--version", action="version", version=f"p2r {__version__}")
    ap.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    sub = ap.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add_area(p):
        p.add_argument("params", nargs="?", help=f"params YAML file (default {DEFAULT_PARAMS})")
        p.add_argument("--la", metavar="COUNCIL", help="a council: DfE 3-digit code, ONS code or name")
        p.add_argument("--group", metavar="GROUP", help="a group of councils (ccn)")
        p.add_argument("--public-data", metavar="DIR", help="public data folder (else $P2R_PUBLIC_DATA)")

    r = sub.add_parser("render", help="render a report to HTML and/or PDF")
    add_area(r)
    r.add_argument("--to", type=formats_arg, help="html, pdf and/or docx, such as html,pdf,docx (default: from params)")
    r.add_argument("--out", metavar="DIR", help="output root (default output/); the book goes in DIR/<variant>")
    r.add_argument("--jobs", type=int, metavar="N", help="chapters executed at once")
    r.add_argument("--builtin", action="store_true", help="use the built-in renderer even if quarto is installed")
    r.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    v = sub.add_parser("validate", help="check a params file and every input it names; renders nothing")
    add_area(v)
    v.add_argument(
        "--json",
        action="store_true",
        help="one JSON object (errors, repairs, warnings, child_data.summary); for the analyst, not for publication",
    )
    v.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    h = sub.add_parser("headline", help="print the headline figures")
    add_area(h)
    h.add_argument("--json", action="store_true", help="one flat JSON object")
    h.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    g = sub.add_parser(
        "goal", help="how large the shifts must be for spend to be back within budget by a year (goal seek)"
    )
    add_area(g)
    g.add_argument("--break-even-by", metavar="YEAR", type=int, help="the target year (default: every year)")
    g.add_argument("--json", action="store_true", help="one JSON object for the year asked (needs --break-even-by)")
    g.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    s = sub.add_parser("synth", help="write a seeded synthetic child-level dataset")
    s.add_argument("--seed", type=int, default=2026)
    s.add_argument("--out", required=True, metavar="DIR")
    s.add_argument("--canary", action="store_true", help="distinctive identifiers, for leak tests")
    s.add_argument(
        "--layout",
        choices=("one", "per-year-files", "per-year-folders", "stacked", "xml"),
        default="one",
        help="one: <table>.csv (default); or DfE-shaped returns by collection year: per-year files, "
        "per-year sub-folders, stacked with a YEAR column, or SSDA903 and CIN census XML",
    )
    s.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    b = sub.add_parser(
        "backtest",
        help="how the do-nothing projection would have done on years already published (all councils)",
    )
    b.add_argument(
        "params", nargs="?", help="params YAML whose model.history settings are tested (default: the council template)"
    )
    b.add_argument("--la", metavar="COUNCIL", action="append", help="only this council (repeatable)")
    b.add_argument("--all", action="store_true", help="every council (the default when no --la is given)")
    b.add_argument(
        "--cutoffs",
        type=cutoffs_arg,
        default=(2019, 2020, 2021),
        metavar="Y1,Y2,...",
        help="cut-off years (default 2019,2020,2021)",
    )
    b.add_argument("--out", metavar="DIR", default="output/backtest", help="folder for the CSV files")
    b.add_argument("--public-data", metavar="DIR", help="public data folder (else $P2R_PUBLIC_DATA)")
    b.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    from analysis.cli.batch import add_batch_parser
    from analysis.cli.data import add_data_parser

    add_batch_parser(sub)
    add_data_parser(sub)
    return ap


def _resolve(args) -> tuple[Path, dict | None]:
    """The params file and overrides for --la / --group."""
    from analysis.inputs.public.areas import area_overrides

    params = Path(args.params or DEFAULT_PARAMS)
    if getattr(args, "la", None) or getattr(args, "group", None):
        if args.params is None:
            params = resource("council.yml")
        return params, area_overrides(la=args.la, group=args.group, public_dir=args.public_data)
    overrides = None
    if getattr(args, "public_data", None):
        overrides = {"public_data": {"public_dir": args.public_data}}
    return params, overrides


def cmd_render(args) -> int:
    from analysis.builder.build import build

    params, overrides = _resolve(args)
    build(params, formats=args.to, out_root=args.out, jobs=args.jobs, overrides=overrides, force_builtin=args.builtin)
    return 0


def cmd_validate(args) -> int:
    """Check the params and every input; print errors, repairs, warnings and the child-level data
    summary by year (``--json``: one object, for the analyst's checks, never for publication)."""
    from analysis.config.report import load_params
    from analysis.inputs.childdata.load import ChildDataError, ValidationSummary
    from analysis.inputs.childdata.summary import NOTE
    from analysis.pipeline.compute import check_inputs

    params_path, overrides = _resolve(args)
    params = load_params(params_path, overrides)
    lines: list[str] = []
    errors: list = []
    summary = ValidationSummary()
    try:
        lines, inputs = check_inputs(params)
        if params.child_data.source not in ("synthetic", "none"):
            data = inputs.child.data  # read once, by the check (or now, if the check did not need it)
            summary = data.summary if data is not None else summary
    except ChildDataError as e:
        errors, summary = e.problems, e.summary
    except P2RError as e:
        if not args.json:
            raise
        errors = list(getattr(e, "problems", [])) or [str(e)]
    if args.json:
        obj = {
            "for": "the analyst: child-level counts here are unrounded and not disclosure-controlled; "
            "do not publish them",
            "params": str(params_path),
            "valid": not errors,
            "messages": lines,
            "errors": [p if isinstance(p, str) else p.render() for p in errors],
            "child_data": {
                "source": params.child_data.source,
                "strict": params.child_data.strict,
                "files": summary.files,
                "rows": summary.rows,
                "repairs": [r.to_dict() for r in summary.repairs],
                "warnings": [w.render() for w in summary.warnings],
                "notes": summary.notes,
                "summary": summary.data or {"note": NOTE},
            },
        }
        print(json.dumps(obj, indent=2, default=str))
        return 0 if not errors else 2
    for line in lines:
        print(line)
    if summary.repairs:
        print(f"\nRepairs applied (child_data.strict: false; {len(summary.repairs)}):")
        for r in summary.repairs:
            print("  - " + r.text())
    if summary.warnings:
        print(f"\nWarnings ({len(summary.warnings)}):")
        for w in summary.warnings:
            print("  - " + w.render())
    for n in summary.notes:
        print("Note: " + n)
    d = summary.data
    if d:
        print(
            "\nChild-level data by year ending 31 March (for the analyst, not for publication; short breaks included,"
        )
        print("DfE convention without them in brackets):")
        print(f"  complete years: {', '.join(str(y) for y in d['complete_years']) or 'none'}")
        ex = d["excluding_short_breaks"]
        for key, label in (("cla_31_march", "in care at 31 March"), ("starts", "starts"), ("ceases", "ceases")):
            cells = [f"{y}: {n:,} ({ex[key].get(y, 0):,})" for y, n in d[key].items()]
            print(f"  {label}: " + "; ".join(cells))
    if errors:
        print(f"\nErrors ({len(errors)}):", file=sys.stderr)
        for p in errors:
            print("  - " + (p if isinstance(p, str) else p.render()), file=sys.stderr)
        print(f"\nNot valid: {params_path}; nothing was built.", file=sys.stderr)
        return 2
    print(f"OK: {params_path} and its inputs are valid.")
    return 0


def cmd_headline(args) -> int:
    from analysis.config.report import load_params
    from analysis.pipeline.compute import run_model

    params_path, overrides = _resolve(args)
    params = load_params(params_path, overrides)
    results = run_model(params, uncertainty=False)
    if args.json:
        print(json.dumps(results.headline, indent=2, sort_keys=True))
    else:
        for k, v in results.headline.items():
            print(f"{k:45s} {v}")
    return 0


def cmd_goal(args) -> int:
    import math

    from analysis.config.report import load_params
    from analysis.pipeline.goal import goal

    if args.json and args.break_even_by is None:
        raise P2RError("--json needs --break-even-by YEAR")
    params_path, overrides = _resolve(args)
    params = load_params(params_path, overrides)
    table = goal(params, None if args.break_even_by is None else [args.break_even_by])

    def val(v):
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v), 6)

    if args.json:
        row = table.iloc[0]
        print(
            json.dumps(
                {"year": int(row.year), **{k: val(row[k]) for k in ("entry_reduction", "exit_uplift", "both_scale")}}
            )
        )
        return 0
    red, upl = params.model.impact.full_entry_reduction(), params.model.impact.full_exit_uplift()
    print(
        f"Smallest settings that bring placement spend within budget by each year ({params.report.area_name}); "
        f"full impact is {red:.1%} fewer entries and {upl:.1%} more exits."
    )
    print(f"{'by':>6}  {'entry reduction':>16}  {'exit uplift':>12}  {'both x full':>12}")
    for r in table.itertuples(index=False):
        cells = [
            "not in range" if val(r.entry_reduction) is None else f"{r.entry_reduction:.1%}",
            "not in range" if val(r.exit_uplift) is None else f"{r.exit_uplift:.1%}",
            "not in range" if val(r.both_scale) is None else f"{r.both_scale:.2f}",
        ]
        print(f"{int(r.year):>6}  {cells[0]:>16}  {cells[1]:>12}  {cells[2]:>12}")
    print(
        "Entry reduction at the full-impact exit uplift; exit uplift at the full-impact entry reduction; "
        "'both' as a multiple of the full-impact pair. 'not in range': even 95% fewer entries, twice the exits "
        "or ten times the pair would not do it."
        + (
            " No placement budget was supplied for this area: these answers rest on the assumed budget "
            "(spend less the CCN gap); supply the budget to make them the council's own."
            if table.attrs.get("budget_assumed")
            else ""
        )
    )
    return 0


def cmd_backtest(args) -> int:
    import time

    from analysis.config.report import load_params
    from analysis.pipeline.backtest import backtest, summary_text, write_backtest

    if args.all and args.la:
        raise P2RError("give --all or --la, not both")
    overrides = {"public_data": {"public_dir": args.public_data}} if args.public_data else None
    params = load_params(Path(args.params) if args.params else resource("council.yml"), overrides)
    t0 = time.perf_counter()
    result = backtest(
        params, councils=args.la, cutoffs=tuple(args.cutoffs), progress=lambda m: print(m, file=sys.stderr, flush=True)
    )
    files = write_backtest(result, Path(args.out))
    print(summary_text(result))
    print(f"\nDone in {time.perf_counter() - t0:.1f}s. CSV files: " + ", ".join(str(f) for f in files))
    return 0


def cmd_synth(args) -> int:
    from analysis.inputs.childdata.synth import write

    out = write(args.seed, Path(args.out), canary=args.canary, layout=args.layout)
    print(f"Synthetic child-level data (seed {args.seed}, layout {args.layout}) written to {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    args.debug = getattr(args, "debug", False)
    from analysis.cli.batch import cmd_batch
    from analysis.cli.data import cmd_data

    cmd = {
        "render": cmd_render,
        "validate": cmd_validate,
        "headline": cmd_headline,
        "synth": cmd_synth,
        "backtest": cmd_backtest,
        "goal": cmd_goal,
        "batch": cmd_batch,
        "data": cmd_data,
    }[args.command]
    try:
        return cmd(args)
    except KeyboardInterrupt:
        print("Interrupted: nothing was changed in the output folder.", file=sys.stderr)
        return 130
    except P2RError as e:
        if args.debug:
            traceback.print_exc()
        print(f"Error: {e}", file=sys.stderr)
        return e.exit_code
    except Exception as e:  # an unexpected failure: still a short message unless --debug
        if args.debug:
            traceback.print_exc()
        print(f"Error: unexpected {type(e).__name__}: {e}\n(run again with --debug for the details)", file=sys.stderr)
        return 1
