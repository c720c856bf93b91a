"""Time the impact model: one deterministic run and 10,000 Monte Carlo draws.

Run with ``python bench/bench_model.py``; prints the timings (best of several repeats).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis.model import ModelParams, ccn_baseline_inputs, run  # noqa: E402
from analysis.model.uncertainty import draw, monte_carlo, simulate  # noqa: E402


def best_of(fn, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    params = ModelParams()
    bi = ccn_baseline_inputs(params)
    run(params, uncertainty=False)  # warm imports
    det = best_of(lambda: run(params, uncertainty=False))
    d = draw(params, bi, 10_000)
    sim = best_of(lambda: simulate(bi, params, **d))
    mc = best_of(lambda: monte_carlo(bi, params, n=10_000))
    full = best_of(lambda: run(params), repeats=3)
    print(f"deterministic run (4 scenarios, headline, fit table): {det * 1000:8.1f} ms")
    print(f"10,000 Monte Carlo draws, simulation only:            {sim * 1000:8.1f} ms")
    print(f"10,000 draws with quantiles, break-even, tornado:     {mc * 1000:8.1f} ms")
    print(f"full run with uncertainty:                            {full * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
