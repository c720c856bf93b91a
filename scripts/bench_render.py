"""Benchmark: a cold and a warm render of a report (HTML + PDF), with per-step timings.

Cold = fresh build and output folders and a fresh Python process (kernels start,
vl-convert loads); warm = the same again straight after, with the OS file cache
and Python bytecode caches warm.  It is a benchmark, not a test: it prints the
numbers for the README.

    python scripts/bench_render.py params/ccn-report.yml
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def one(params: str, out: Path, build: Path) -> dict:
    code = (
        "import json,sys,time;from analysis.builder.build import build;t=time.perf_counter();"
        f"r=build({params!r},out_root={str(out)!r},build_root={str(build)!r},progress=lambda m:None,"
        "force_builtin=True);"
        "print(json.dumps(r.timings))"
    )
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    if res.returncode != 0:
        sys.exit(res.stderr)
    timings = json.loads(res.stdout.strip().splitlines()[-1])
    timings["wall (including Python start)"] = wall
    return timings


def main() -> None:
    params = sys.argv[1] if len(sys.argv) > 1 else "params/ccn-report.yml"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cold = one(params, tmp / "out", tmp / "build")
        warm = one(params, tmp / "out", tmp / "build")
    chapters = {k: v for k, v in cold.items() if k.startswith("chapter:")}
    print(f"Benchmark of {params} (HTML + PDF, built-in renderer)")
    for label, t in (("cold", cold), ("warm", warm)):
        print(
            f"  {label}: total {t['total']:.1f}s (prepare {t['prepare']:.1f}s, render {t['render']:.1f}s, "
            f"wall {t['wall (including Python start)']:.1f}s)"
        )
    print(
        f"  chapters (cold): {len(chapters)}, slowest "
        + ", ".join(f"{k[8:]} {v:.1f}s" for k, v in sorted(chapters.items(), key=lambda kv: -kv[1])[:3])
    )


if __name__ == "__main__":
    main()
