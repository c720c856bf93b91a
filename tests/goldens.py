"""Golden files: every number a build computes, frozen, so that a refactor cannot move one quietly.

For each guarded report (the CCN default, Demo-shire, and Kent from the public data) this runs the
compute-once stage of a build (inputs, the model with its Monte Carlo, the sensitivity and
reproduction runs, the disclosure-controlled evidence tables, comparators) into a scratch folder,
turns every result into plain text (CSV for tables, JSON for the rest) and compares it with
``tests/golden/<variant>/``: text exactly, numbers to a relative tolerance of ``REL_TOL``.

Regenerate on purpose, and say why in the commit::

    make golden                 # or: .venv/bin/python tests/goldens.py --update

It prints every value that changed before it writes.  ``python tests/goldens.py`` (no flag) only
compares and exits 1 on a difference.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GOLDEN = REPO / "tests" / "golden"
REL_TOL = 1e-9
ABS_TOL = 1e-12

# variant -> how to get its params (a params file, or a council for the public-data template)
VARIANTS: dict[str, dict[str, str]] = {
    "ccn-report": {"params": "params/ccn-report.yml"},
    "demo-shire": {"params": "params/demo-shire.yml"},
    "la-886-kent": {"la": "Kent"},
}
NEEDS_PUBLIC = {"la-886-kent"}


def _load_params(spec: dict[str, str]):
    from analysis.common.paths import resource  # noqa: PLC0415
    from analysis.config.report import load_params  # noqa: PLC0415
    from analysis.inputs.public.areas import area_overrides  # noqa: PLC0415

    if "params" in spec:
        return load_params(REPO / spec["params"])
    return load_params(resource("council.yml"), area_overrides(la=spec["la"], group=None, public_dir=None))


def compute(variant: str, out: Path) -> Path:
    """Run the compute-once stage for one guarded variant into ``out``; return the results folder."""
    from analysis.pipeline.compute import compute_results  # noqa: PLC0415

    params = _load_params(VARIANTS[variant])
    results = out / "results"
    compute_results(params, results, progress=lambda m: None)
    return results


# -- canonical text ---------------------------------------------------------------------------------


def _frame_text(path: Path) -> str:
    import pandas as pd  # noqa: PLC0415

    df = pd.read_parquet(path)
    lines = [",".join(json.dumps(str(c)) for c in df.columns)]
    for row in df.itertuples(index=False):
        lines.append(",".join(json.dumps(_plain(v)) for v in row))
    return "\n".join(lines) + "\n"


def _plain(v: Any) -> Any:
    import numpy as np  # noqa: PLC0415
    import pandas as pd  # noqa: PLC0415

    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float):
        return v if math.isfinite(v) else str(v)
    if isinstance(v, (bool, int, str)):
        return v
    try:
        if pd.isna(v):
            return None
    except (TypeError, ValueError):
        pass
    return str(v)


def canonical(results: Path) -> dict[str, str]:
    """Every result file under ``results`` as text, keyed by its relative path (.parquet -> .csv)."""
    out: dict[str, str] = {}
    for p in sorted(results.rglob("*")):
        if not p.is_file() or p.name == "manifest.json":  # the list of files, not a result
            continue
        rel = p.relative_to(results).as_posix()
        if p.suffix == ".parquet":
            out[rel[: -len(".parquet")] + ".csv"] = _frame_text(p)
        elif p.suffix == ".json":
            doc = json.loads(p.read_text(encoding="utf-8"))
            out[rel] = json.dumps(_scrub(doc), indent=1, sort_keys=True) + "\n"
    return out


def _scrub(doc: Any) -> Any:
    """Drop what differs between machines but is not a result (absolute paths, build folders)."""
    if isinstance(doc, dict):
        return {k: _scrub(v) for k, v in doc.items() if k not in {"path", "build_dir"}}
    if isinstance(doc, list):
        return [_scrub(v) for v in doc]
    return doc


# -- comparison -------------------------------------------------------------------------------------


def _parse(name: str, text: str) -> Any:
    if name.endswith(".json"):
        return json.loads(text)
    return [json.loads("[" + line + "]") for line in text.splitlines()]


def _close(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)
    return a == b


def _diff(a: Any, b: Any, where: str, out: list[str]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b), key=str):
            if k not in a:
                out.append(f"{where}.{k}: added {b[k]!r:.120}")
            elif k not in b:
                out.append(f"{where}.{k}: removed (was {a[k]!r:.120})")
            else:
                _diff(a[k], b[k], f"{where}.{k}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            out.append(f"{where}: {len(a)} items -> {len(b)} items")
        for i, (x, y) in enumerate(zip(a, b)):
            _diff(x, y, f"{where}[{i}]", out)
    elif not _close(a, b):
        out.append(f"{where}: {a!r} -> {b!r}")


def compare(golden: dict[str, str], new: dict[str, str]) -> list[str]:
    """Human-readable differences between two canonical result sets (empty when they agree)."""
    diffs: list[str] = []
    for name in sorted(set(golden) | set(new)):
        if name not in new:
            diffs.append(f"{name}: no longer produced")
        elif name not in golden:
            diffs.append(f"{name}: new file")
        elif golden[name] != new[name]:
            _diff(_parse(name, golden[name]), _parse(name, new[name]), name, diffs)
    return diffs


def read_golden(variant: str) -> dict[str, str]:
    root = GOLDEN / variant
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()
    }


def write_golden(variant: str, files: dict[str, str]) -> None:
    import shutil  # noqa: PLC0415

    root = GOLDEN / variant
    tmp = GOLDEN / f".{variant}.new"
    shutil.rmtree(tmp, ignore_errors=True)
    for name, text in files.items():
        p = tmp / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    shutil.rmtree(root, ignore_errors=True)
    tmp.rename(root)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--update", action="store_true", help="write the new golden files after showing the changes")
    ap.add_argument("variants", nargs="*", default=list(VARIANTS), help="which reports (default: all)")
    ns = ap.parse_args(argv)
    changed = False
    for variant in ns.variants:
        shared = REPO.parent / "shared" / "data" / "public"
        if variant in NEEDS_PUBLIC and not os.environ.get("P2R_PUBLIC_DATA") and shared.is_dir():
            os.environ["P2R_PUBLIC_DATA"] = str(shared)  # else the extract shipped with the package
        with tempfile.TemporaryDirectory() as tmp:
            new = canonical(compute(variant, Path(tmp)))
        old = read_golden(variant) if (GOLDEN / variant).exists() else {}
        diffs = compare(old, new)
        print(f"{variant}: {len(new)} files, " + (f"{len(diffs)} differences" if diffs else "unchanged"))
        for d in diffs[:200]:
            print("  " + d)
        if len(diffs) > 200:
            print(f"  ... and {len(diffs) - 200} more")
        if diffs:
            changed = True
            if ns.update:
                write_golden(variant, new)
                print(f"  written to {(GOLDEN / variant).relative_to(REPO)}")
    return 1 if changed and not ns.update else 0


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    sys.exit(main())
