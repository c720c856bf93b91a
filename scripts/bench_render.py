"""Benchmark: renders of a report (HTML + PDF), with per-step timings and the machine's load.

Each round, in fresh output and build folders and a fresh Python process:

* cold:   an empty result cache (``P2R_CACHE_DIR`` set to a new folder): everything computed, every
          chart converted;
* warm:   the same again straight after, with that cache filled (and the OS file cache and Python
          bytecode caches warm);
* rebuild: one params key changed (``model.exits.uplift_mode``) with the cache warm: what an analyst
          waits for after changing an assumption.

With ``--repeat N`` it runs N rounds and prints the median of each figure, and the load average
(``uptime``) before each round, since other jobs on the machine change the numbers.  It is a
benchmark, not a test: it prints the numbers for the README.

    python scripts/bench_render.py params/ccn-report.yml [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REBUILD_OVERRIDE = {"model": {"exits": {"uplift_mode": "hazard"}}}


def one(params: str, out: Path, build: Path, cache: Path, overrides: dict | None = None) -> dict:
    code = (
        "import json,sys,time;from analysis.builder.build import build;t=time.perf_counter();"
        f"r=build({params!r},out_root={str(out)!r},build_root={str(build)!r},progress=lambda m:None,"
        f"force_builtin=True,overrides={overrides!r});"
        "print(json.dumps(r.timings))"
    )
    env = {**os.environ, "P2R_CACHE_DIR": str(cache)}
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - t0
    if res.returncode != 0:
        sys.exit(res.stderr)
    timings = json.loads(res.stdout.strip().splitlines()[-1])
    timings["wall"] = wall
    return timings


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("params", nargs="?", default="params/ccn-report.yml")
    ap.add_argument("--repeat", type=int, default=1, help="rounds; medians are printed (default 1)")
    a = ap.parse_args()
    runs: dict[str, list[dict]] = {"cold": [], "warm": [], "rebuild": []}
    print(f"Benchmark of {a.params} (HTML + PDF, built-in renderer), {os.cpu_count()} cores")
    for i in range(a.repeat):
        print(f"  round {i + 1}: load average {load()}", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            cache = tmp / "cache"
            runs["cold"].append(one(a.params, tmp / "out", tmp / "build", cache))
            runs["warm"].append(one(a.params, tmp / "out", tmp / "build", cache))
            runs["rebuild"].append(one(a.params, tmp / "out", tmp / "build", cache, REBUILD_OVERRIDE))
        for label, r in runs.items():
            t = r[-1]
            print(
                f"    {label:7}: wall {t['wall']:.1f}s (total {t['total']:.1f}s: "
                f"prepare {t['prepare']:.1f}s, render {t['render']:.1f}s)"
            )
    print(f"  medians of {a.repeat} round(s), load average now {load()}:")
    for label, r in runs.items():

        def med(key: str, r: list[dict] = r) -> float:
            return statistics.median(t[key] for t in r)

        print(
            f"    {label:7}: wall {med('wall'):.1f}s (total {med('total'):.1f}s: inputs and model "
            f"{med('prepare'):.1f}s, render {med('render'):.1f}s)"
        )
    chapters = {k: v for k, v in runs["cold"][0].items() if k.startswith("chapter:")}
    print(
        f"  chapters (first cold round): {len(chapters)}, slowest "
        + ", ".join(f"{k[8:]} {v:.1f}s" for k, v in sorted(chapters.items(), key=lambda kv: -kv[1])[:3])
    )


if __name__ == "__main__":
    main()
