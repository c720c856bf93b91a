"""Reusable ("warm") Jupyter kernels for executing the chapter notebooks with papermill.

Starting a kernel and importing pandas, Altair and this package costs 1.5-2 s, which is more
than most chapters take to run.  A build executes 16 chapters, and a batch builds 153 councils,
so instead of one fresh kernel per notebook each worker thread borrows an idle kernel from a
small per-process pool:

* before every notebook the kernel's namespace is cleared with IPython's
  ``reset(new_session=True)``: no variable, function or import *name* survives from one
  chapter to the next, so a chapter that forgets to define something still fails.  Imported
  *modules* stay loaded (that is the saving);
* the kernel's working directory is set to the chapter's ``cwd`` each time, inside the kernel:
  this process never changes its own directory (its other threads resolve paths against it);
* a kernel whose notebook failed, timed out or was interrupted is shut down, never reused;
* the pool is emptied at the end of a build (:func:`shutdown_all`), unless the caller keeps it
  for the next build (the batch does, one pool per worker process), and at process exit.

Execution goes through papermill as before: :class:`WarmEngine` is a papermill engine that
hands nbclient a running kernel instead of letting it start one.  ``render.reuse_kernels:
false`` in params turns all of this off (one fresh kernel per chapter).
"""

from __future__ import annotations

import atexit
import threading
from concurrent.futures import Future
from pathlib import Path

#: ipykernel's warning that loopback TCP is unencrypted is printed on every start; it says
#: nothing a report builder can act on, so kernels log errors only.  ``autoawait`` off: IPython
#: otherwise compiles every cell once more to see whether it awaits at top level (no chapter does;
#: about 0.04 s of a book).
KERNEL_ARGS = ["--IPKernelApp.log_level=ERROR", "--InteractiveShell.autoawait=False"]

#: whether a chapter's figures carry a PNG (read by ``analysis.present.charts.figure_png_wanted``, a later
#: stage, under the same name), set in the kernel before every notebook
FIGURE_PNG_ENV = "P2R_FIGURE_PNG"

_RESET = (
    "get_ipython().reset(new_session=True, aggressive=False)\n"
    "import os as __p2r_os; __p2r_os.chdir({cwd!r}); __p2r_os.environ[{png_env!r}] = {png!r}; del __p2r_os\n"
)

#: Modules every chapter imports, loaded once when a kernel starts (while the build is still computing
#: the model) instead of in the first chapter each kernel runs.  ``name.*``: the package and every
#: module under it.
PRELOAD = (
    "pandas",
    "altair",
    "IPython.display",
    "analysis.common.fmt",
    "analysis.common.escape",
    "analysis.common.paths",
    "analysis.config.register",
    "analysis.inputs.enablers",
    "analysis.model.reproduction",
    "analysis.present.*",
)

# Imports in a function, so that no name reaches the user namespace; a module that fails to import
# is left for the chapter that needs it to report.  Then gc.freeze(): the objects of the loaded
# modules (Altair's schema classes, pandas) move to the collector's permanent generation, so the full
# collection IPython's reset runs before every chapter no longer walks them all (about 0.2 s a
# chapter before).  Chapters still run in a cleared namespace (reset), and their own garbage is
# collected as before.
_WARM_UP = """
def __p2r_warm_up(names):
    import gc, importlib, pkgutil
    for name in names:
        walk = name.endswith(".*")
        name = name.removesuffix(".*")
        try:
            mod = importlib.import_module(name)
            if walk:
                for info in pkgutil.walk_packages(mod.__path__, name + "."):
                    importlib.import_module(info.name)
        except Exception:
            pass
    gc.collect()
    gc.freeze()
__p2r_warm_up({names!r}); del __p2r_warm_up
"""


async def _connected(kc, timeout: float) -> None:
    """Wait until a new client of a running kernel is connected: a ``kernel_info`` request whose reply
    arrives on the shell channel and whose status messages arrive on IOPub (so no output of the next
    request can be missed: a subscriber joins late).  Asked again every half second, as
    ``wait_for_ready`` does; raises if the kernel dies or ``timeout`` passes."""
    import time
    from queue import Empty

    from jupyter_core.utils import ensure_async

    deadline = time.monotonic() + timeout
    while True:
        msg_id = kc.kernel_info()
        replied = False
        idle = False
        wait_until = time.monotonic() + 0.5
        while not (replied and idle) and time.monotonic() < wait_until:
            left = max(0.01, wait_until - time.monotonic())
            if not replied:
                try:
                    msg = await ensure_async(kc.shell_channel.get_msg(timeout=left))
                    replied = msg["parent_header"].get("msg_id") == msg_id
                except Empty:
                    pass
                continue
            try:
                msg = await ensure_async(kc.iopub_channel.get_msg(timeout=left))
            except Empty:
                continue
            idle = (
                msg["parent_header"].get("msg_id") == msg_id
                and msg["msg_type"] == "status"
                and msg["content"].get("execution_state") == "idle"
            )
        if replied and idle:
            return
        if not await ensure_async(kc.is_alive()):
            raise RuntimeError("Kernel died before replying to kernel_info")
        if time.monotonic() > deadline:
            raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")


class WarmKernel:
    """One running kernel and its (asynchronous, as nbclient expects) manager.  Every method may be
    called from any thread."""

    def __init__(
        self, kernel_name: str = "python3", cwd: str | Path = ".", startup_timeout: float = 180, preload: bool = True
    ):
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.kernel_name = kernel_name
        self.startup_timeout = startup_timeout
        self._ready_once = False
        self.km = AsyncKernelManager(kernel_name=kernel_name)
        # history in memory, as nbclient does: kernels running at once must not share one SQLite file
        run_sync(self.km.start_kernel)(
            cwd=str(cwd), extra_arguments=[*KERNEL_ARGS, "--HistoryManager.hist_file=:memory:"]
        )
        self.pid = getattr(self.km.provisioner, "pid", None)
        try:
            kc = self.client()  # ready before it is handed out
            try:
                if preload:
                    self.warm_up(kc)
            finally:
                kc.stop_channels()
        except BaseException:
            self.shutdown()
            raise

    def warm_up(self, kc, timeout: float = 180) -> None:
        """Import :data:`PRELOAD` in the kernel (no name is left in its namespace).  Only a saving: if an
        import fails here, the chapter that needs the module reports the error when it imports it."""
        from jupyter_core.utils import run_sync

        run_sync(kc.execute_interactive)(
            _WARM_UP.format(names=list(PRELOAD)), store_history=False, timeout=timeout, output_hook=lambda msg: None
        )

    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        try:
            return bool(self.km.has_kernel and run_sync(self.km.is_alive)())
        except Exception:  # noqa: BLE001 - a manager in a bad state is not alive
            return False

    def client(self):
        """A new asynchronous client with its channels started and the kernel ready.  The first client
        of a kernel waits with jupyter_client's ``wait_for_ready``; later ones with :func:`_connected`,
        which returns as soon as the kernel's reply has come back on both channels, instead of
        listening for a further 0.2 s of silence on IOPub (3 s over a book's 16 chapters)."""
        from jupyter_core.utils import run_sync

        kc = self.km.client()
        kc.start_channels()
        try:
            if self._ready_once:
                run_sync(_connected)(kc, self.startup_timeout)
            else:
                run_sync(kc.wait_for_ready)(timeout=self.startup_timeout)
                self._ready_once = True
        except BaseException:
            kc.stop_channels()
            raise
        return kc

    def reset(self, kc, cwd: str | Path, timeout: float = 60, *, figure_png: bool = True) -> None:
        """Clear the namespace and set the working directory before the next notebook, and whether its
        figures carry a PNG (:func:`analysis.present.charts.figure_png_wanted`: set every time, so no
        notebook inherits the last one's)."""
        from jupyter_core.utils import run_sync

        code = _RESET.format(cwd=str(cwd), png_env=FIGURE_PNG_ENV, png="1" if figure_png else "0")
        reply = run_sync(kc.execute_interactive)(
            code, store_history=False, timeout=timeout, output_hook=lambda msg: None
        )
        if reply["content"].get("status") != "ok":
            raise RuntimeError(f"could not reset the kernel: {reply['content'].get('evalue', '')}")

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        try:
            run_sync(self.km.shutdown_kernel)(now=True)
        except Exception:  # noqa: BLE001 - already gone, or its manager is in a bad state
            pass
        if self.pid:  # make sure: a kernel must never outlive its build
            try:
                import psutil

                proc = psutil.Process(self.pid)
                proc.kill()
                proc.wait(5)
            except Exception:  # noqa: BLE001 - gone already
                pass


class KernelPool:
    """Idle warm kernels of this process, keyed by kernel name, and kernels being started for it
    (:meth:`prestart`)."""

    def __init__(self) -> None:
        self._idle: list[WarmKernel] = []
        self._starting: list[tuple[str, Future]] = []
        self._lock = threading.Lock()
        self.started = 0

    def prestart(self, n: int, kernel_name: str, cwd: str | Path, startup_timeout: float = 180) -> None:
        """Start kernels in the background until ``n`` are idle or starting: the build calls this before
        it computes the model, so that the kernels start and import while the model runs."""
        with self._lock:
            have = sum(1 for k in self._idle if k.kernel_name == kernel_name)
            have += sum(1 for name, _ in self._starting if name == kernel_name)
            for _ in range(max(0, n - have)):
                fut: Future = Future()
                self._starting.append((kernel_name, fut))
                self.started += 1
                threading.Thread(target=_start_into, args=(fut, kernel_name, cwd, startup_timeout), daemon=True).start()

    def acquire(self, kernel_name: str, cwd: str | Path, startup_timeout: float = 180) -> WarmKernel:
        while True:
            fut: Future | None = None
            with self._lock:
                idle = next((k for k in self._idle if k.kernel_name == kernel_name), None)
                if idle is not None:
                    self._idle.remove(idle)
                else:
                    fut = next((f for name, f in self._starting if name == kernel_name), None)
                    if fut is None:
                        break
                    self._starting.remove((kernel_name, fut))
            if idle is not None:
                k = idle
            else:  # a kernel started in the background: wait until it is ready
                try:
                    k = fut.result()  # type: ignore[union-attr]  # fut is set when idle is None
                except Exception:  # noqa: BLE001 - a kernel that failed to start in the background: start one here
                    break
            if k.alive():
                return k
            k.shutdown()
        k = WarmKernel(kernel_name, cwd, startup_timeout)
        with self._lock:
            self.started += 1
        return k

    def release(self, k: WarmKernel, *, healthy: bool) -> None:
        if healthy and k.alive():
            with self._lock:
                self._idle.append(k)
        else:
            k.shutdown()

    def shutdown_all(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
            starting, self._starting = self._starting, []
        for _, fut in starting:  # wait for it to start, then stop it: a kernel must never outlive its build
            try:
                idle.append(fut.result())
            except Exception:  # noqa: BLE001 - it failed to start; nothing to stop
                pass
        for k in idle:
            k.shutdown()

    def __len__(self) -> int:
        return len(self._idle)


def _start_into(fut: Future, kernel_name: str, cwd: str | Path, startup_timeout: float) -> None:
    try:
        fut.set_result(WarmKernel(kernel_name, cwd, startup_timeout))
    except BaseException as e:  # noqa: BLE001 - handed to whoever waits for this kernel
        fut.set_exception(e)


POOL = KernelPool()


def prestart(n: int, cwd: str | Path, kernel_name: str = "python3") -> None:
    """Start ``n`` warm kernels in the background (see :meth:`KernelPool.prestart`)."""
    POOL.prestart(n, kernel_name, cwd)


def shutdown_all() -> None:
    POOL.shutdown_all()


atexit.register(shutdown_all)
try:  # multiprocessing children leave through os._exit, which skips atexit; its finalizers do run
    from multiprocessing import util as _mp_util

    _mp_util.Finalize(None, shutdown_all, exitpriority=10)
except Exception:  # pragma: no cover
    pass


def execute_notebook_warm(
    nb_in: Path,
    nb_out: Path,
    parameters: dict,
    *,
    timeout: int,
    cwd: Path,
    kernel_name: str = "python3",
    start_timeout: int = 180,
    figure_png: bool = True,
):
    """papermill.execute_notebook on a kernel borrowed from :data:`POOL`; ``figure_png``: whether the
    chapter's figures carry a PNG (:func:`analysis.present.charts.figure_png_wanted`).  Returns the
    executed notebook, as written to ``nb_out``.

    Raises whatever papermill raises; the kernel goes back to the pool only if the notebook ran
    to the end."""
    import papermill as pm

    _register_engine()
    k = POOL.acquire(kernel_name, cwd, start_timeout)
    healthy = False
    try:
        nb = pm.execute_notebook(
            str(nb_in),
            str(nb_out),
            parameters=parameters,
            kernel_name=kernel_name,
            engine_name="p2r-warm",
            warm_kernel=k,
            warm_cwd=str(cwd),
            warm_figure_png=figure_png,
            start_timeout=start_timeout,
            progress_bar=False,
            log_output=False,
            # no cwd= here: papermill would chdir the whole process; the kernel's own directory is
            # set by WarmKernel.reset (warm_cwd) instead
            execution_timeout=timeout,
            report_mode=True,
        )
        healthy = True
    finally:
        POOL.release(k, healthy=healthy)
    return nb


_REGISTERED = False


def _register_engine() -> None:
    global _REGISTERED
    if _REGISTERED:
        return
    from papermill.engines import NBClientEngine, NotebookExecutionManager, papermill_engines

    class WarmEngine(NBClientEngine):
        """papermill's nbclient engine, on an already running kernel."""

        @classmethod
        def execute_notebook(
            cls,
            nb,
            kernel_name,
            output_path=None,
            progress_bar=True,
            log_output=False,
            autosave_cell_every=30,
            **kwargs,
        ):
            # Engine.execute_notebook, with no output path for the execution manager: it would rewrite the
            # notebook (full of chart specs) at the start and end of every cell and once more at the end,
            # which took more of a build's time than most chapters.  papermill.execute_notebook writes the
            # executed notebook once when it ends, with any error marked; a chapter that fails otherwise
            # (timeout, dead kernel) fails the build, whose staging folder is removed.
            nb_man = NotebookExecutionManager(
                nb,
                output_path=None,
                progress_bar=progress_bar,
                log_output=log_output,
                autosave_cell_every=autosave_cell_every,
            )
            nb_man.notebook_start()
            try:
                cls.execute_managed_notebook(nb_man, kernel_name, log_output=log_output, **kwargs)
            finally:
                nb_man.cleanup_pbar()
                nb_man.notebook_complete()
            return nb_man.nb

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            warm_kernel: WarmKernel | None = None,
            warm_cwd: str = ".",
            warm_figure_png: bool = True,
            **kwargs,
        ):
            from papermill.clientwrap import PapermillNotebookClient
            from papermill.engines import logger
            from papermill.utils import merge_kwargs, remove_args

            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final = merge_kwargs(
                kwargs,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log=logger,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            assert warm_kernel is not None, "the p2r-warm engine runs only on a kernel from POOL"
            kc = warm_kernel.client()
            try:
                warm_kernel.reset(kc, warm_cwd, figure_png=warm_figure_png)
                client = PapermillNotebookClient(nb_man, km=warm_kernel.km, **final)
                client.kc = kc
                return client.execute(cleanup_kc=False)
            finally:
                kc.stop_channels()

    papermill_engines.register("p2r-warm", WarmEngine)
    _REGISTERED = True
