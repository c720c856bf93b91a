"""Benchmark: a batch of councils (HTML + PDF by default) -> councils per minute, and the
projected time for all 153.

    python scripts/bench_batch.py --limit 6                 # six councils, local processes
    python scripts/bench_batch.py                           # all 153 (long)
    python scripts/bench_batch.py --limit 6 --to html --workers 2
    python scripts/bench_batch.py --limit 20 --scheduler tcp://10.0.0.5:8786

Councils are taken in a fixed spread across the alphabetical list (every k-th council), so a
sample mixes small and large councils.  Output goes to a temporary folder unless --out is
given.  It is a benchmark, not a test: it prints the numbers for the README.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def sample(councils: list, n: int) -> list:
    if n >= len(councils):
        return list(councils)
    step = len(councils) / n
    return [councils[int(i * step)] for i in range(n)]


def _cpu() -> float:
    """User + system CPU seconds of this process and of its ended, waited-for child processes."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, metavar="N", help="councils in the sample (default all 153)")
    ap.add_argument("--to", default="html,pdf", help="html, pdf or html,pdf (default html,pdf)")
    ap.add_argument("--workers", type=int, default=None, help="local processes (default one per core)")
    ap.add_argument("--scheduler", default=None, help="a Dask scheduler address, tcp://host:port")
    ap.add_argument("--public-data", default=None, help="public data folder (else $P2R_PUBLIC_DATA)")
    ap.add_argument("--out", default=None, help="keep the output here (default: a temporary folder)")
    ap.add_argument(
        "--cold",
        action="store_true",
        help="start from an empty result cache (a new P2R_CACHE_DIR): every chart converted, as on a first run",
    )
    args = ap.parse_args(argv)

    from analysis.batch.runner import default_workers, run_batch
    from analysis.inputs.public import list_councils

    councils = list_councils(args.public_data)
    chosen = sample(councils, args.limit or len(councils))
    formats = [f.strip() for f in args.to.split(",") if f.strip()]
    workers = args.workers or default_workers()
    where = args.scheduler or f"{workers} local process{'es' if workers > 1 else ''}"
    print(
        f"Batch benchmark: {len(chosen)} of {len(councils)} councils, {'+'.join(formats)}, on {where} "
        f"({os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at start)",
        flush=True,
    )
    print("  councils: " + ", ".join(c.name for c in chosen), flush=True)

    with tempfile.TemporaryDirectory(prefix="p2r-bench-") as tmp:
        out = Path(args.out) if args.out else Path(tmp) / "out"
        build_root = Path(tmp) / "build"
        if args.cold:
            os.environ["P2R_CACHE_DIR"] = str(Path(tmp) / "cache")  # the workers inherit it
        print(f"  result cache: {os.environ.get('P2R_CACHE_DIR') or 'the default (~/.cache/p2r)'}", flush=True)
        cpu0 = _cpu()
        t0 = time.perf_counter()
        res = run_batch(
            [c.dfe_code for c in chosen],
            out_root=out,
            build_root=build_root,
            formats=formats,
            workers=args.workers,
            scheduler=args.scheduler,
            public_dir=args.public_data,
        )
        wall = time.perf_counter() - t0
        cpu = _cpu() - cpu0  # local processes only: the workers and their kernels have ended by now
    per = [float(r["seconds"]) for r in res.ok if r.get("seconds") not in ("", None)]
    n_done = len(res.ok) + len(res.failed)
    rate = n_done / (wall / 60) if wall > 0 else float("nan")
    print(
        f"  built {len(res.ok)}, failed {len(res.failed)} in {wall:.0f}s wall "
        f"(load average {os.getloadavg()[0]:.1f} at the end)"
    )
    for r in res.failed:
        print(f"    failed: {r['name']}: {r['reason']}")
    if per:
        print(
            f"  per council (inside a worker): median {statistics.median(per):.0f}s, "
            f"min {min(per):.0f}s, max {max(per):.0f}s"
        )
    if not args.scheduler and n_done:
        # CPU time does not depend on other jobs on the machine the way wall time does: the time all
        # councils need on N otherwise idle cores is about 153 x (CPU a council) / N
        per_cpu = cpu / n_done
        idle = len(councils) * per_cpu / (os.cpu_count() or 1) / 60
        print(
            f"  CPU (user + system, all processes): {cpu:.0f} s, {per_cpu:.1f} s a council; all {len(councils)} "
            f"on {os.cpu_count()} idle cores: about {idle:.1f} min"
        )
    print(f"  throughput: {rate:.2f} councils/minute")
    if rate == rate and rate > 0:
        proj = len(councils) / rate
        print(f"  projected for all {len(councils)}: {proj:.0f} min ({proj / 60:.1f} h) at this rate")
    return 0 if not res.failed else 3


if __name__ == "__main__":
    sys.exit(main())
