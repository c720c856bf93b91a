"""`p2r data build` and `p2r data status`: the public-data extract shipped with the package."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def add_data_parser(subparsers) -> argparse.ArgumentParser:
    d = subparsers.add_parser("data", help="build or describe the public-data extract shipped with the package")
    dsub = d.add_subparsers(dest="data_command", required=True)
    b = dsub.add_parser(
        "build",
        help="read the DfE/MHCLG/ONS publisher files and write the extract (replaces the shipped one by default)",
    )
    b.add_argument("--from", dest="source", metavar="DIR", required=True, help="the publisher folder")
    b.add_argument("--out", metavar="DIR", help="where to write the extract (default: the package's own copy)")
    b.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    s = dsub.add_parser("status", help="which public data reports read, and the vintage of every table")
    s.add_argument("--public-data", metavar="DIR", help="a publisher folder to check (else $P2R_PUBLIC_DATA)")
    s.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return d


def cmd_data(args) -> int:
    from analysis.inputs.public import extract, extract_build
    from analysis.inputs.public.paths import ENV_VAR, resolve_public_dir

    if args.data_command == "build":
        print(f"Reading the publisher files in {args.source} ...", file=sys.stderr, flush=True)
        doc = extract_build.build(Path(args.source), Path(args.out) if args.out else None, progress=_err)
        out = Path(args.out) if args.out else extract.folder()
        print(
            f"Wrote {len(doc['tables'])} tables to {out} ({extract_build.size_bytes(out) / 1e6:.2f} MB) in "
            f"{doc['seconds']:.1f}s."
        )
        print(doc["attribution"])
        return 0
    configured = args.public_data or os.environ.get(ENV_VAR, "").strip() or None
    path = resolve_public_dir(configured) if configured else None
    print(extract_build.status_text(path))
    return 0


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
