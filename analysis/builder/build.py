"""The build pipeline: params -> inputs -> model once -> chapters (papermill) -> book.

Everything is built in a staging folder ``build/.<variant>.<random>/``.  Only
when every chapter ran and the book rendered are the folders moved into place:
``build/<variant>/`` (executed notebooks, results, for audit) and
``output/<variant>/`` (the book).  A failure or Ctrl-C leaves the previous
output untouched and removes the staging folder.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from analysis import __version__
from analysis.builder.outputs import (
    check_out_root,
    check_out_root_inputs,
    check_target,
    clean_stale_staging,
    protected_paths,
    write_marker,
)
from analysis.common import cache
from analysis.common.paths import find_project_root, public_path, resolve_input, resource
from analysis.common.paths import project_root as find_project_root_or_fail
from analysis.config.report import ReportParams, dump_params, load_params, params_hash, plausibility_warnings
from analysis.execute.chapters import execute_chapter, stop_kernels
from analysis.render.book import load_book

Progress = Callable[[str], None]


def _stderr(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


@dataclass
class BuildResult:
    variant: str
    output_dir: Path
    build_dir: Path
    timings: dict[str, float] = field(default_factory=dict)
    produced: dict[str, list[Path]] = field(default_factory=dict)


def git_commit(root: Path | None = None) -> str:
    root = root or find_project_root() or Path.cwd()
    try:
        r = subprocess.run(
            ["git", "rev-parse", "--short=12", "HEAD"], cwd=root, capture_output=True, text=True, timeout=10
        )
        commit = r.stdout.strip() or "unknown"
        d = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
        )
        return commit + (" (with uncommitted changes)" if d.stdout.strip() else "")
    except Exception:
        return "unknown (not a git checkout)"


def _swap_into_place(new: Path, final: Path) -> None:
    """Replace ``final`` with ``new`` so that one or the other is always complete."""
    final.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{os.getpid()}")
        os.replace(final, old)
    try:
        os.replace(new, final)
    except BaseException:
        if old is not None:
            os.replace(old, final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build(
    params_path: str | Path,
    *,
    formats: list[str] | None = None,
    out_root: str | Path | None = None,
    build_root: str | Path | None = None,
    jobs: int | None = None,
    progress: Progress = _stderr,
    overrides: dict | None = None,
    force_builtin: bool = False,
    project_root: Path | None = None,
    keep_kernels: bool = False,
) -> BuildResult:
    """Build one report variant.  ``keep_kernels``: leave the warm chapter kernels running for
    the next build in this process (the batch does); otherwise they are shut down at the end.

    Every path is made absolute here, once: nothing later depends on the working directory.
    Without ``out_root`` the book goes to the project's ``output/`` and the executed notebooks to
    its ``build/``; with ``out_root`` both go there (notebooks in ``<out_root>/_build/``)."""
    project_root = (Path(project_root) if project_root else find_project_root_or_fail()).resolve()
    t_start = time.perf_counter()
    given_params = Path(params_path)
    params_path = given_params.expanduser().resolve()
    default_roots = (project_root / "output", project_root / "build")
    if out_root:
        out_root = Path(out_root).expanduser().resolve()
        check_out_root(out_root, project_root=project_root, package_dir=_package_dir())
    params = load_params(params_path, overrides)
    for w in plausibility_warnings(params):
        progress(f"  Warning: {w}")
    variant = params.report.variant
    formats = formats or list(params.render.formats)
    jobs = jobs or params.render.jobs
    explicit_build = build_root or os.environ.get("P2R_BUILD_ROOT")
    if explicit_build:
        build_root = Path(explicit_build).expanduser().resolve()
    else:
        build_root = (Path(out_root) / "_build") if out_root else project_root / "build"
    out_root = Path(out_root) if out_root else project_root / "output"
    protected = protected_paths(
        project_root=project_root, package_dir=_package_dir(), inputs=_input_paths(params, params_path)
    )
    if out_root != project_root / "output":
        check_out_root_inputs(out_root, data_dirs=_input_paths(params, params_path)[2:], params_dir=params_path.parent)
    for target in (out_root / variant, build_root / variant):
        check_target(target, protected=protected, managed_roots=default_roots, variant=variant)
    params_sha = params_hash(params_path)[:16]
    book = load_book(project_root)
    build_root.mkdir(parents=True, exist_ok=True)
    clean_stale_staging(build_root, variant)
    staging = Path(tempfile.mkdtemp(prefix=f".{variant}.{os.getpid()}.", dir=build_root))
    timings: dict[str, float] = {}
    try:
        if params.render.reuse_kernels:
            # the chapter kernels start first, and import what chapters use while this process loads
            # the renderer and computes the model (stopped in ``finally``, or kept for the batch)
            from analysis.execute.kernels import prestart

            prestart(min(jobs, len(book.chapters)), project_root)
        from analysis.render.driver import render_book, renderer_info

        progress(f"Building '{variant}' ({params.report.area_name}) -> {out_root / variant}")
        (staging / "params.json").write_text(dump_params(params), encoding="utf-8")

        # 1. Inputs and the model, once.
        from analysis.pipeline.compute import compute_results

        t0 = time.perf_counter()
        prep = compute_results(params, staging / "results", progress=progress)
        timings["prepare"] = time.perf_counter() - t0
        progress(f"  inputs and model ready ({timings['prepare']:.1f}s)")

        # 2. Chapters, in parallel.
        nb_dir = staging / "notebooks"
        nb_dir.mkdir()
        env_path = str(Path(sys.executable).parent)
        if not os.environ.get("PATH", "").startswith(env_path):
            os.environ["PATH"] = env_path + os.pathsep + os.environ.get("PATH", "")
        parameters = {"build_dir": str(staging)}
        # a chart's PNG is for Word only; the HTML (its image without script), PDF and Quarto show the SVG
        figure_png = "docx" in formats
        n = len(book.chapters)
        done = 0
        progress(f"  executing {n} chapters with {jobs} job{'s' if jobs > 1 else ''}")
        notebooks: dict = {}  # the executed notebooks, as written to nb_dir
        pool = ThreadPoolExecutor(max_workers=jobs)
        try:
            futures = {
                pool.submit(
                    execute_chapter,
                    project_root / e.path,
                    nb_dir / f"{e.stem}.ipynb",
                    parameters,
                    timeout=params.render.chapter_timeout,
                    cwd=project_root,
                    reuse_kernel=params.render.reuse_kernels,
                    figure_png=figure_png,
                ): e
                for e in book.chapters
            }
            pending = set(futures)
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)  # progress as each ends
                for f in finished:
                    e = futures[f]
                    exc = f.exception()
                    if exc is not None:
                        raise exc
                    done += 1
                    run = f.result()
                    timings[f"chapter:{e.stem}"] = run.seconds
                    notebooks[e.stem] = run.notebook
                    progress(f"  [{done}/{n}] {e.stem} ({run.seconds:.1f}s)")
        except BaseException:
            # A chapter failed or the user pressed Ctrl-C: stop the kernels still running, then clean up.
            pool.shutdown(wait=False, cancel_futures=True)
            stop_kernels()
            pool.shutdown(wait=True)
            raise
        pool.shutdown(wait=True)

        # 3. Render.
        t0 = time.perf_counter()
        info = renderer_info(force_builtin)
        provenance = _provenance(params, given_params, params_sha, prep, info)
        out_stage = staging / "output"
        produced = render_book(
            book,
            nb_dir,
            out_stage,
            formats=formats,
            area=params.report.area_name,
            date=provenance["summary"]["Build date"],
            provenance=provenance,
            variant=variant,
            force_builtin=force_builtin,
            notebooks=notebooks,
        )
        timings["render"] = time.perf_counter() - t0
        progress(f"  rendered {', '.join(formats)} with {info['renderer']} ({timings['render']:.1f}s)")
        (staging / "provenance.json").write_text(json.dumps(provenance, indent=2), encoding="utf-8")
        write_marker(out_stage, variant=variant, kind="output")
        write_marker(staging, variant=variant, kind="build")

        # 4. Move into place, output last-but-atomically.
        final_out = out_root / variant
        _swap_into_place(out_stage, final_out)
        final_build = build_root / variant
        _swap_into_place(staging, final_build)
        cache.prune()  # keep the result cache under its size limit (least recently used entries go)
        timings["total"] = time.perf_counter() - t_start
        produced = {k: [final_out / p.relative_to(out_stage) for p in v] for k, v in produced.items()}
        chapter_times = sorted(
            ((k[8:], v) for k, v in timings.items() if k.startswith("chapter:")), key=lambda kv: -kv[1]
        )
        progress(
            f"Done in {timings['total']:.1f}s: inputs and model {timings['prepare']:.1f}s, "
            f"{len(chapter_times)} chapters (slowest: "
            + ", ".join(f"{k} {v:.1f}s" for k, v in chapter_times[:3])
            + f"), rendering {timings['render']:.1f}s."
        )
        if "html" in produced:
            progress(f"  HTML: {final_out / 'index.html'}")
        if "pdf" in produced:
            progress(f"  PDF:  {produced['pdf'][0]}")
        if produced.get("docx"):
            progress(f"  Word: {produced['docx'][0]}")
        progress(f"  Executed notebooks for audit: {final_build / 'notebooks'}")
        return BuildResult(variant, final_out, final_build, timings, produced)
    finally:
        if not keep_kernels:
            from analysis.execute.kernels import shutdown_all

            shutdown_all()
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def params_label(params_path: Path) -> str:
    """The params file as the colophon names it: the package's council template by its place in the
    package, any other file relative to the project folder or as it was given (relative), else by
    its name: never a folder of the machine that built the report."""
    template = resource("council.yml")
    try:
        if Path(params_path).resolve() == template.resolve():
            return "analysis/resources/council.yml (the package's council template)"
    except OSError:
        pass
    return public_path(params_path)


def _package_dir() -> Path:
    return Path(__file__).resolve().parents[1]


def _input_paths(params: ReportParams, params_path: Path) -> list[Path]:
    """The params file (and those it extends) and every data file or folder it names, absolute."""
    paths = [params_path.parent, params_path]
    for f in (params.history.file, params.public_data.public_dir):
        if f:
            paths.append(resolve_input(f).resolve())
    src = params.child_data.source
    if src and src not in ("synthetic", "none"):
        paths.append(resolve_input(src).resolve())
    return paths


def _provenance(params: ReportParams, params_path: Path, params_sha: str, prep: dict, info: dict) -> dict:
    summary = {
        "Report variant": params.report.variant,
        "Area": params.report.area_name,
        "Package version": __version__,
        "Git commit": git_commit(),
        "Params file": params_label(params_path),
        "Params SHA-256": params_sha,
        "Renderer": info["renderer"],
    }
    for k, v in info.items():
        if k != "renderer":
            summary[f"{k} version"] = v
    summary["Python"] = sys.version.split()[0]
    summary["Child-level data"] = prep.get("child_data_label", "none")
    summary["Build date"] = _dt.date.today().isoformat()
    return {"summary": summary, "files": prep.get("files", [])}
