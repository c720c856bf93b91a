"""Build the report for many councils in one go: locally in processes or on a Dask cluster.

    from analysis.batch.runner import run_batch
    res = run_batch("all", out_root="output/batch", formats=["html", "pdf"])
    res = run_batch(["886", "Rutland"], out_root=..., formats=["html"], scheduler="tcp://10.0.0.5:8786")

Each council is one task: :func:`run_council` receives a council already resolved in the
parent (a bad name never reaches a worker; it is listed as a failure), calls
:func:`analysis.builder.build.build` with ``params/council.yml`` and that council's overrides,
and returns a small record (a plain dict).  One council failing never stops the others; its
record says why in one line (the error message, not a traceback).

Local runs use a :class:`concurrent.futures.ProcessPoolExecutor` (one worker per core by
default, each build executing its chapters one at a time).  With ``scheduler="tcp://host:port"``
the same tasks go to a :class:`dask.distributed.Client`; the workers must be able to import
this package and must see the same paths (output, build and public data folders) as the
machine that submits the batch, i.e. a shared file system.

When the batch ends (or is interrupted with Ctrl-C, which cancels the councils not yet started)
two files are written atomically into ``out_root``:

* ``batch-summary.csv``: one row per council: status, reason, time, output path and headline
  figures read from the build's results store (``ResultsReader.headline``);
* ``index.html``: an accessible page linking to every council's report and listing failures.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import signal
import sys
import time
import traceback
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from analysis.batch.summary import HEADLINE_FIELDS, SUMMARY_FIELDS, write_index_html, write_summary_csv
from analysis.common.paths import project_root, resource
from analysis.results.store import ResultsReader

if TYPE_CHECKING:
    from analysis.inputs.public.councils import Council

COUNCIL_PARAMS = resource("council.yml")
DEFAULT_OUT = Path("output") / "batch"  # under the report project folder
DEFAULT_BUILD = Path("build") / "batch"
MAX_REASON = 600


# --------------------------------------------------------------------------- records


@dataclass
class BatchResult:
    """What a batch did.  ``records`` is one dict per council (the CSV rows), in input order."""

    records: list[dict]
    out_root: Path
    summary_csv: Path
    index_html: Path
    seconds: float
    workers: int | None = None
    scheduler: str | None = None
    cancelled: list[str] = field(default_factory=list)  # councils never run (Ctrl-C)
    interrupted: bool = False

    @property
    def ok(self) -> list[dict]:
        return [r for r in self.records if r["status"] == "ok"]

    @property
    def failed(self) -> list[dict]:
        return [r for r in self.records if r["status"] != "ok"]


def short_reason(exc: BaseException) -> str:
    """One line for the summary: the error's own message, never a traceback."""
    from analysis.common.errors import P2RError

    if isinstance(exc, KeyboardInterrupt):
        return "interrupted"
    msg = str(exc).strip()
    if not isinstance(exc, P2RError):
        msg = f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__
    msg = " ".join(msg.split())  # multi-problem InputErrors become one line
    return msg if len(msg) <= MAX_REASON else msg[: MAX_REASON - 3] + "..."


#: Failures worth one more try: a kernel that did not start or died (a busy machine), not a
#: chapter's own error.
TRANSIENT = ("Kernel didn't respond", "Kernel died", "DeadKernelError", "kernel died")


def is_transient(exc: BaseException) -> bool:
    msg = str(exc)
    return any(t in msg for t in TRANSIENT) or type(exc).__name__ in ("DeadKernelError",)


def blank_record(dfe_code: str = "", name: str = "", region: str = "") -> dict:
    rec = {k: "" for k in SUMMARY_FIELDS}
    rec.update(dfe_code=dfe_code, name=name, region=region)
    return rec


def _read_headline(build_dir: Path) -> dict:
    try:
        h = ResultsReader(Path(build_dir) / "results").headline()
    except (OSError, ValueError):
        return {}
    out = {}
    for k in HEADLINE_FIELDS:
        v = h.get(k)
        if isinstance(v, float):
            v = int(v) if k.startswith("break_even") or k in ("base_year", "horizon_year") else round(v, 2)
        out[k] = "" if v is None else v
    return out


def _rel(path: Path | None, root: Path) -> str:
    if not path:
        return ""
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)


# --------------------------------------------------------------------------- one council (runs in a worker)


def _quiet(msg: str) -> None:
    pass


def _prefixed(prefix: str, msg: str) -> None:
    print(f"[{prefix}] {msg.strip()}", file=sys.stderr, flush=True)


def _resolve_build_fn(build_fn):
    if build_fn is None:
        from analysis.builder.build import build

        return build
    if isinstance(build_fn, str):  # "package.module:function"
        mod, _, attr = build_fn.partition(":")
        return getattr(importlib.import_module(mod), attr)
    return build_fn


def run_council(task: dict) -> dict:
    """Build one council's report (runs in a worker).  Always returns a record, never raises:
    a failure, or a stop request in the local pool, becomes status 'failed' with a reason."""
    rec = blank_record(task["dfe_code"], task["name"], task["region"])
    out_root = Path(task["out_root"])
    t0 = time.perf_counter()
    try:
        from analysis.inputs.public.areas import area_overrides

        build = _resolve_build_fn(task.get("build_fn"))
        progress = functools.partial(_prefixed, f"{task['dfe_code']} {task['name']}") if task.get("verbose") else _quiet
        overrides = area_overrides(la=task["dfe_code"], public_dir=task.get("public_dir"))
        council_build = Path(task["build_root"]) / task["dfe_code"]
        attempts = 1 + int(task.get("retries", 0))
        for attempt in range(1, attempts + 1):
            try:
                with _stderr_to(council_build / "stderr.log" if task.get("capture_stderr") else None):
                    res = build(
                        task.get("params_path") or COUNCIL_PARAMS,
                        formats=task["formats"],
                        out_root=out_root,
                        build_root=council_build,
                        jobs=1,
                        progress=progress,
                        keep_kernels=True,
                        overrides=overrides,
                    )
                break
            except Exception as e:  # noqa: BLE001
                if attempt < attempts and is_transient(e):
                    rec["retried"] = short_reason(e)
                    progress(f"retrying after a transient failure: {short_reason(e)}")
                    continue
                raise
        out_dir = Path(res.output_dir)
        index = out_dir / "index.html"
        htmls = [Path(p) for p in (res.produced or {}).get("html", [])]
        pdfs = [Path(p) for p in (res.produced or {}).get("pdf", [])] or sorted(out_dir.glob("*.pdf"))
        html_page = index if index.exists() else (htmls[0] if htmls else None)
        rec.update(
            status="ok",
            variant=res.variant,
            output=_rel(html_page or (pdfs[0] if pdfs else out_dir), out_root),
            pdf=_rel(pdfs[0], out_root) if pdfs else "",
        )
        rec.update(_read_headline(Path(res.build_dir)))
    except BaseException as e:  # noqa: BLE001 - every failure becomes a record
        rec.update(status="failed", reason=short_reason(e))
        if task.get("debug"):
            rec["traceback"] = traceback.format_exc()
    rec["seconds"] = round(time.perf_counter() - t0, 1)
    return rec


@contextlib.contextmanager
def _stderr_to(log: Path | None):
    """Send this process's stderr (fd 2, so the kernels' warnings too) to ``log`` while building:
    in a local pool the kernels' chatter would otherwise garble the progress bar.  Only used in
    pool worker processes, which run one council at a time."""
    if log is None:
        yield
        return
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(log, "wb") as f:
            os.dup2(f.fileno(), 2)
            try:
                yield
            finally:
                sys.stderr.flush()
                os.dup2(saved, 2)
    finally:
        os.close(saved)


_WORKER = {"stopping": False, "in_task": False}


def _worker_init() -> None:
    """Local pool workers: the parent handles Ctrl-C.  SIGTERM from the parent stops the build
    in progress cleanly (``build`` removes its staging folder on the way out) and makes every
    council already queued to this worker return at once without building."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def _stop(signum, frame):
        _WORKER["stopping"] = True
        if _WORKER["in_task"]:
            raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, _stop)


def _pool_task(task: dict) -> dict:
    """:func:`run_council` in a local pool worker, honouring a stop request."""
    if _WORKER["stopping"]:
        rec = blank_record(task["dfe_code"], task["name"], task["region"])
        rec.update(status="cancelled", reason="batch interrupted before this council started")
        return rec
    _WORKER["in_task"] = True
    try:
        return run_council(task)
    finally:
        _WORKER["in_task"] = False


# --------------------------------------------------------------------------- resolving the list


def resolve_councils(councils, public_dir) -> Sequence[Council | dict]:
    """Each requested council in input order: a resolved Council, or a failure record (a dict)
    for a name that matches none.  Duplicates (e.g. "886" and "Kent") are kept once."""
    from analysis.inputs.public.councils import list_councils, resolve_la

    if isinstance(councils, str):
        if councils.strip().lower() == "all":
            return list_councils(public_dir)
        councils = [councils]
    entries: list[Council | dict] = []
    seen: set[str] = set()
    for q in councils:
        try:
            c = resolve_la(q, public_dir)
        except Exception as e:  # noqa: BLE001 - a bad name is a listed failure
            rec = blank_record(name=str(q))
            rec.update(status="failed", reason=short_reason(e), seconds=0.0)
            entries.append(rec)
            continue
        if c.dfe_code not in seen:
            seen.add(c.dfe_code)
            entries.append(c)
    return entries


def default_workers() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


# --------------------------------------------------------------------------- the batch


def run_batch(
    councils: list[str] | str,
    *,
    out_root: str | Path | None = None,
    formats: list[str] | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    public_dir=None,
    progress: bool = True,
    build_root=None,
    verbose: bool = False,
    debug: bool = False,
    build_fn: Callable | str | None = None,
    params_path=None,
    retries: int = 1,
) -> BatchResult:
    """Build every council in ``councils`` (names, DfE or ONS codes, or ``"all"``).

    ``formats``: ["html"], ["pdf"] or both (default both).  ``workers``: local processes (default:
    one per core; ignored with ``scheduler``).  ``build_root``: executed notebooks and results go
    in ``build_root/<dfe code>/<variant>`` (default ``<out_root>/_build/batch`` with ``out_root``, else
    ``build/batch`` in the project).
    ``progress``: a progress bar on stderr.  ``verbose``: each build's own progress lines,
    prefixed with the council.  ``retries``: extra attempts for a council whose build failed
    because a notebook kernel did not start or died (a busy machine).  ``build_fn``: the build
    function (a top-level function or "module:function"; for tests).  Ctrl-C cancels councils not
    yet started, writes the summary of those that finished and returns with ``interrupted=True``.
    """
    from analysis.inputs.public.paths import resolve_public_dir

    t_start = time.perf_counter()
    given_out = out_root
    out_root = Path(out_root).expanduser().resolve() if out_root else project_root() / DEFAULT_OUT
    if given_out:
        from analysis.builder.outputs import check_out_root

        check_out_root(out_root, project_root=project_root(), package_dir=Path(__file__).resolve().parents[1])
    # with an output folder of the user's, the executed notebooks go there too, not into the package
    if build_root:
        build_root = Path(build_root).expanduser().resolve()
    else:
        build_root = out_root / "_build" / "batch" if given_out else project_root() / DEFAULT_BUILD
    formats = list(formats or ["html", "pdf"])
    public = str(resolve_public_dir(public_dir))
    entries = resolve_councils(councils, public)
    resolved = [c for c in entries if not isinstance(c, dict)]
    failures = [c for c in entries if isinstance(c, dict)]
    out_root.mkdir(parents=True, exist_ok=True)
    build_root.mkdir(parents=True, exist_ok=True)

    tasks: list[dict[str, Any]] = [
        {
            "dfe_code": c.dfe_code,
            "name": c.name,
            "region": c.region,
            "out_root": str(out_root),
            "build_root": str(build_root),
            "formats": formats,
            "public_dir": public,
            "verbose": verbose,
            "debug": debug,
            "build_fn": build_fn,
            "params_path": str(params_path) if params_path else None,
            "retries": retries,
        }
        for c in resolved
    ]

    done: dict[str, dict] = {}
    bar = _bar(len(tasks) + len(failures), progress)
    n_failed = 0

    def record(rec: dict) -> None:
        nonlocal n_failed
        if rec["status"] != "ok":
            n_failed += 1
            label = f"{rec['name']} ({rec['dfe_code']})" if rec["dfe_code"] else rec["name"]
            _say(bar, f"Failed: {label}: {rec['reason']}", progress)
            if rec.get("traceback"):
                _say(bar, rec["traceback"], progress)
        if bar is not None:
            bar.set_postfix_str(f"{n_failed} failed", refresh=False)
            bar.update(1)

    for rec in failures:
        record(rec)

    interrupted = False
    n_workers = None
    try:
        if tasks and scheduler:
            n_workers = _run_dask(tasks, scheduler, done, record)
        elif tasks:
            n_workers = min(workers or default_workers(), len(tasks))
            for t in tasks:
                t["capture_stderr"] = not verbose
            _run_local(tasks, n_workers, done, record)
    except KeyboardInterrupt:
        interrupted = True
        _say(
            bar,
            "Interrupted: councils not yet started were cancelled; writing the summary of those that finished.",
            progress,
        )
    finally:
        if bar is not None:
            bar.close()

    # Input order; councils cancelled before they ran are listed separately.
    records = [
        c if isinstance(c, dict) else done[c.dfe_code] for c in entries if isinstance(c, dict) or c.dfe_code in done
    ]
    cancelled = [t["name"] for t in tasks if t["dfe_code"] not in done]
    seconds = time.perf_counter() - t_start
    csv_path = write_summary_csv(records, out_root)
    index_path = write_index_html(
        records, out_root, cancelled=cancelled, formats=formats, seconds=seconds, interrupted=interrupted
    )
    return BatchResult(
        records=records,
        out_root=out_root,
        summary_csv=csv_path,
        index_html=index_path,
        seconds=seconds,
        workers=n_workers,
        scheduler=scheduler,
        cancelled=cancelled,
        interrupted=interrupted,
    )


def _bar(total: int, show: bool):
    if not show:
        return None
    from tqdm import tqdm

    return tqdm(total=total, file=sys.stderr, unit="council", desc="Councils", dynamic_ncols=True, postfix="0 failed")


def _say(bar, msg: str, show: bool) -> None:
    if bar is not None:
        bar.write(msg, file=sys.stderr)
    elif show:
        print(msg, file=sys.stderr, flush=True)


def _run_local(tasks: list[dict], n_workers: int, done: dict, record) -> None:
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    pool = ProcessPoolExecutor(max_workers=n_workers, mp_context=mp.get_context("spawn"), initializer=_worker_init)
    futures = {pool.submit(_pool_task, t): t for t in tasks}
    pending = set(futures)
    try:
        while pending:
            finished, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in finished:
                t = futures[f]
                done[t["dfe_code"]] = _result_or_failure(f, t)
                record(done[t["dfe_code"]])
    except KeyboardInterrupt:
        for f in pending:
            f.cancel()
        # Stop the builds that are running (SIGTERM -> KeyboardInterrupt in the worker, so
        # each build removes its staging folder), then collect whatever finished meanwhile.
        for p in list(getattr(pool, "_processes", {}).values()):
            try:
                os.kill(p.pid, signal.SIGTERM)
            except (OSError, AttributeError):
                pass
        pool.shutdown(wait=True, cancel_futures=True)
        for f in pending:
            t = futures[f]
            if f.done() and not f.cancelled() and t["dfe_code"] not in done:
                rec = _result_or_failure(f, t)
                if rec["status"] == "ok":
                    done[t["dfe_code"]] = rec
        raise
    pool.shutdown(wait=True)


def _result_or_failure(fut, task: dict) -> dict:
    try:
        return fut.result()
    except Exception as e:  # noqa: BLE001 - a dead worker, a pickling problem ... (not Ctrl-C)
        rec = blank_record(task["dfe_code"], task["name"], task["region"])
        rec.update(status="failed", reason=short_reason(e), seconds="")
        return rec


def _run_dask(tasks: list[dict], scheduler: str, done: dict, record) -> int:
    from analysis.common.errors import InputError, Problem

    try:
        from distributed import Client, as_completed
    except ImportError as e:  # pragma: no cover - distributed is a dependency
        raise InputError(Problem("dask.distributed is not installed", hint=str(e))) from e
    try:
        client = Client(scheduler, timeout="15s")
    except Exception as e:  # noqa: BLE001
        raise InputError(
            Problem(
                f"could not connect to the Dask scheduler at {scheduler}",
                value=short_reason(e),
                expected="a running scheduler address such as tcp://host:8786",
            )
        ) from e
    token = uuid.uuid4().hex[:8]
    futures = {}
    try:
        n_workers = len(client.scheduler_info().get("workers", {}))
        for i, t in enumerate(tasks):  # priority keeps roughly the input order
            f = client.submit(
                run_council, t, key=f"p2r-batch-{t['dfe_code']}-{token}", pure=False, priority=len(tasks) - i
            )
            futures[f.key] = (f, t)
        ac = as_completed([f for f, _ in futures.values()])
        try:
            for f in ac:
                _, t = futures[f.key]
                done[t["dfe_code"]] = _result_or_failure(f, t)
                record(done[t["dfe_code"]])
        except KeyboardInterrupt:
            # Keep what already finished on the cluster, cancel the rest.
            try:
                for f, t in futures.values():
                    if t["dfe_code"] not in done and f.status == "finished":
                        rec = _result_or_failure(f, t)
                        if rec["status"] == "ok":
                            done[t["dfe_code"]] = rec
            except (Exception, KeyboardInterrupt):  # noqa: BLE001 - a second Ctrl-C: stop now
                pass
            client.cancel([f for f, t in futures.values() if t["dfe_code"] not in done])
            raise
        return n_workers
    finally:
        client.close()
