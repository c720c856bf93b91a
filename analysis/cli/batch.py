"""``p2r batch``: every council's report in one go (locally, or on a Dask cluster).

Wired into :mod:`analysis.cli.main` with ``add_batch_parser(sub)`` in ``_parser()`` and
``"batch": cmd_batch`` in the command table of ``main()``.

    p2r batch --all --to html,pdf
    p2r batch Kent Rutland 886 --to html --out output/some-councils
    p2r batch --all --scheduler tcp://10.0.0.5:8786     # the workers need the same paths

Exit codes: 0 every report built; 3 one or more failed (listed in the summary); 2 bad
arguments or configuration; 130 interrupted (the summary of what finished is still written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.cli.common import formats_arg


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {n}")
    return n


def _scheduler(value: str) -> str:
    v = value.strip()
    if "://" not in v:
        raise argparse.ArgumentTypeError(f"--scheduler takes an address such as tcp://host:8786 (got {value!r})")
    return v


def add_batch_parser(subparsers) -> argparse.ArgumentParser:
    from analysis.batch.runner import DEFAULT_BUILD, DEFAULT_OUT

    b = subparsers.add_parser(
        "batch",
        help="render the report for many councils (or all 153) in one batch",
        description="Render one report per council, in parallel local processes or on a Dask "
        "cluster. One council failing does not stop the others. Writes "
        "batch-summary.csv and index.html in the output folder.",
    )
    b.add_argument(
        "councils",
        nargs="*",
        metavar="COUNCIL",
        help="councils: DfE 3-digit codes, ONS codes or names (quote names with spaces)",
    )
    b.add_argument("--all", action="store_true", help="all 153 English councils")
    b.add_argument(
        "--to",
        type=formats_arg,
        default=["html", "pdf"],
        help="html, pdf and/or docx, such as html,pdf,docx (default html,pdf)",
    )
    b.add_argument(
        "--out",
        metavar="DIR",
        default=None,
        help=f"output root; each report goes in DIR/<variant> (default {_show(DEFAULT_OUT)})",
    )
    b.add_argument(
        "--build",
        metavar="DIR",
        default=None,
        help=f"build root for executed notebooks and results (default {_show(DEFAULT_BUILD)})",
    )
    b.add_argument(
        "--workers", type=_positive, metavar="N", help="local processes, one council each (default: one per core)"
    )
    b.add_argument(
        "--scheduler",
        type=_scheduler,
        metavar="tcp://HOST:PORT",
        help="run on this Dask scheduler instead of local processes; the workers must "
        "see the same output, build and public data folders",
    )
    b.add_argument("--public-data", metavar="DIR", help="public data folder (else $P2R_PUBLIC_DATA)")
    b.add_argument("--quiet", action="store_true", help="no progress bar")
    b.add_argument("--debug", action="store_true", help="print each build's progress and the traceback of each failure")
    return b


def _show(p: Path) -> str:
    try:
        return str(p.relative_to(Path.cwd()))
    except ValueError:
        return str(p)


def cmd_batch(args) -> int:
    from analysis.batch.runner import run_batch

    if args.all and args.councils:
        print("Error: give either --all or a list of councils, not both", file=sys.stderr)
        return 2
    if not args.all and not args.councils:
        print("Error: name the councils to build (e.g. p2r batch Kent 857) or use --all", file=sys.stderr)
        return 2
    if args.workers and args.scheduler:
        print("Note: --workers is ignored with --scheduler (the cluster decides).", file=sys.stderr)
    res = run_batch(
        "all" if args.all else list(args.councils),
        out_root=args.out,
        formats=args.to,
        workers=args.workers,
        scheduler=args.scheduler,
        public_dir=args.public_data,
        progress=not args.quiet,
        build_root=args.build,
        verbose=bool(args.debug),
        debug=bool(args.debug),
    )
    n = len(res.records) + len(res.cancelled)
    print(
        f"{len(res.ok)} of {n} reports built in {res.seconds / 60:.1f} min"
        + (f"; {len(res.failed)} failed" if res.failed else "")
        + (f"; {len(res.cancelled)} not run" if res.cancelled else "")
        + "."
    )
    for r in res.failed:
        who = r["name"] + (f" ({r['dfe_code']})" if r["dfe_code"] else "")
        print(f"  failed: {who}: {r['reason']}")
    print(f"Summary: {res.summary_csv}\nIndex:   {res.index_html}")
    if res.interrupted:
        print("Interrupted: councils not yet started were cancelled.", file=sys.stderr)
        return 130
    return 3 if res.failed else 0
